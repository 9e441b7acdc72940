// The bundle replaces Ink's Output with source/ui/render/row-cached-output.ts (scripts/build.mjs), while
// the other tests run the source against Ink's own: every frame here must come out byte for byte the same.
import assert from 'node:assert/strict';
import {createRequire} from 'node:module';
import path from 'node:path';
import {test} from 'node:test';
import {pathToFileURL} from 'node:url';
import {Chalk} from 'chalk';
import {isNarrowCodeUnit} from '../../source/ui/format/fast-string-width.js';
import {type Clip, type OutputDependencies, createRowCachedOutput} from '../../source/ui/render/row-cached-output.js';

type Transformer = (line: string, index: number) => string;
interface OutputLike {
	write(x: number, y: number, text: string, options: {transformers: Transformer[]}): void;
	clip(clip: Clip): void;
	unclip(): void;
	get(): {output: string; height: number};
}
type OutputClass = new (size: {width: number; height: number}) => OutputLike;

// Ink's Output and the packages it resolves (Ink has a string-width of its own), as the build wires them.
const inkPackage = path.resolve('node_modules/ink/package.json');
const inkRequire = createRequire(inkPackage);
const importFromInk = async (specifier: string) => import(pathToFileURL(inkRequire.resolve(specifier)).href);
const tokenizerPackage = inkRequire.resolve('@alcalzone/ansi-tokenize/package.json');
const tokenizer = await import(pathToFileURL(path.join(path.dirname(tokenizerPackage), 'build/index.js')).href);
const dependencies: OutputDependencies = {
	sliceAnsi: (await importFromInk('slice-ansi')).default,
	stringWidth: (await importFromInk('string-width')).default,
	tokenize: tokenizer.tokenize,
	styledCharsFromTokens: tokenizer.styledCharsFromTokens,
	reduceAnsiCodesIncremental: tokenizer.reduceAnsiCodesIncremental,
	diffAnsiCodes: tokenizer.diffAnsiCodes,
	ansiCodesToString: tokenizer.ansiCodesToString,
};
const InkOutput = (await import(pathToFileURL(path.join(path.dirname(inkPackage), 'build/output.js')).href)).default as OutputClass;

type Operation = ['write', number, number, string, Transformer[]] | ['clip', Clip] | ['unclip'];

function frameOf(Output: OutputClass, width: number, height: number, operations: readonly Operation[]) {
	const output = new Output({width, height});
	for (const operation of operations) {
		if (operation[0] === 'write') output.write(operation[1], operation[2], operation[3], {transformers: operation[4]});
		else if (operation[0] === 'clip') output.clip(operation[1]);
		else output.unclip();
	}
	return output.get();
}

/** Draws each frame with a fresh Ink Output and with one RowCachedOutput class whose row cache lives across the frames. */
function assertSameFrames(width: number, height: number, frames: ReadonlyArray<readonly Operation[]>, RowCachedOutput = createRowCachedOutput(dependencies) as OutputClass) {
	for (const [index, operations] of frames.entries()) {
		const expected = frameOf(InkOutput, width, height, operations);
		const actual = frameOf(RowCachedOutput, width, height, operations);
		assert.deepEqual(actual, expected, `frame ${index} of ${width}×${height}: ${JSON.stringify(operations.map(operation => operation.slice(0, 4)))}`);
	}
}

const chalk = new Chalk({level: 3});
const link = (url: string, text: string) => `\u001B]8;;${url}\u0007${text}\u001B]8;;\u0007`;

test('dashboard-like rows: a header, styled cells, the selected row inverse, the status line', () => {
	const row = (name: string, isSelected: boolean) =>
		['write', 0, 0, `${isSelected ? '›' : ' '} ${chalk.cyan(name.padEnd(20))} ${chalk.green('▸ running')}    ${chalk.gray('Up 3 minutes')}`, isSelected ? [(line: string) => chalk.inverse(line)] : []] as Operation;
	const frame = (selected: number): Operation[] => [
		['write', 0, 0, `${chalk.bold.cyan('dockdash')}${chalk.gray(' · ')}unix:///var/run/docker.sock`, []],
		['write', 150, 0, chalk.green('● connected'), []],
		['write', 0, 1, chalk.bold('  NAME                 STATE↑'), []],
		...['web-1', 'db-1', 'cache-1', 'worker-1'].map((name, index) => {
			const [, , , text, transformers] = row(name, index === selected) as ['write', number, number, string, Transformer[]];
			return ['write', 0, 2 + index, text, transformers] as Operation;
		}),
		['write', 0, 9, chalk.gray('j/k move · Tab pane · q quit'), []],
	];
	assertSameFrames(160, 10, [frame(0), frame(1), frame(2), frame(1), frame(0), frame(3)]);
});

test('wide characters, emoji, flags, combining marks and links, alone and overwritten', () => {
	const texts = ['日本語のテキスト', '👍 ok', '🇯🇵🇫🇷 flags', '❤️ heart', 'e\u0301te\u0301', chalk.red('红色') + 'x', link('https://example.com', 'a link'), chalk.bgBlue.white(' 表 ') + '|'];
	const frames: Operation[][] = texts.map((text, index) => [
		['write', 0, 0, text, []],
		['write', index % 3, 1, texts[(index + 1) % texts.length]!, []],
		// A narrow write over the middle of a wide character, and a wide one over narrow cells.
		['write', 1, 1, chalk.yellow('x'), []],
		['write', 3, 0, '漢', []],
		['write', 0, 2, `${text}\n${text}\n${text}`, [(line, lineIndex) => (lineIndex === 1 ? chalk.underline(line) : line)]],
	]);
	assertSameFrames(12, 5, frames);
	assertSameFrames(40, 5, frames);
});

test('overlapping styled writes: later writes win cell by cell and styles are re-derived', () => {
	assertSameFrames(30, 3, [
		[
			['write', 0, 0, chalk.bgGreen('                    '), []],
			['write', 2, 0, chalk.bold.red('bold red') + chalk.dim(' dim'), []],
			['write', 5, 0, chalk.italic('it'), []],
			['write', 0, 1, chalk.ansi256(202)('256 colour') + chalk.hex('#123456')(' true colour'), []],
			['write', 4, 1, chalk.reset('reset'), []],
			['write', 0, 2, chalk.inverse.strikethrough('inverse struck') + chalk.overline('over'), []],
			['write', 28, 2, 'beyond the width', []],
		],
	]);
});

test('clipping: horizontal, vertical, both, nested, and writes wholly outside', () => {
	const text = `${chalk.magenta('0123456789')}\n${chalk.blue('日本語日本語')}\nabcdefghij\n${chalk.bold('👍👍👍👍')}`;
	const clips: Clip[] = [
		{x1: 2, x2: 7, y1: 1, y2: 3},
		{x1: 3, x2: 6},
		{y1: 2, y2: 4},
		{x1: 20, x2: 25, y1: 0, y2: 5},
		{x1: 0, x2: 3, y1: 5, y2: 9},
		{},
	];
	const frames: Operation[][] = clips.map(clip => [
		['clip', clip],
		['write', 0, 0, text, []],
		['write', 1, 2, text, [line => chalk.green(line)]],
		['clip', {x1: 4, x2: 5, y1: 0, y2: 10}],
		['write', 0, 1, text, []],
		['unclip'],
		['write', 5, 3, 'after the inner clip', []],
		['unclip'],
		['write', 0, 6, 'unclipped', []],
	]);
	assertSameFrames(20, 8, frames);
});

test('writes that start above the screen, run below it, or sit at odd positions', () => {
	assertSameFrames(10, 4, [
		[
			['write', 0, -1, 'above\nthen\nbelow', []],
			['write', 0, 2, 'two\nthree\nfour\nfive', []],
			['write', -2, 0, 'left edge', []],
			['write', 12, 1, 'off right', []],
			['write', 1.5, 1, 'half', []],
			['write', 0, 1.5, 'half row', []],
			['write', 0, 0, '', []],
		],
	]);
	assertSameFrames(0, 2, [[['write', 0, 0, 'no width', []]]]);
	assertSameFrames(5, 0, [[['write', 0, 0, 'no height', []]]]);
});

test('random frames, each a small change of the last, through one row cache', () => {
	let seed = 8;
	const random = () => {
		seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
		return seed / 2 ** 31;
	};
	const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
	const pieces = ['abc', 'container-1', ' ', '…', '›', '○', '✓', '▁▃▅▇', '日本', '👍', '🇯🇵', '❤️', 'é', 'e\u0301', '⣿⣀', 'x y z'];
	const styles = [(s: string) => s, chalk.red, chalk.bgBlue, chalk.bold, chalk.dim, chalk.inverse, chalk.underline, chalk.gray, chalk.hex('#ff8800'), chalk.bgAnsi256(17), chalk.bold.italic.cyan, (s: string) => link('https://x.test', s)];
	const transformers: Transformer[][] = [[], [], [line => chalk.inverse(line)], [(line, index) => (index % 2 ? chalk.dim(line) : line)], [line => chalk.red(line), line => chalk.bold(line)]];
	const randomText = () =>
		Array.from({length: 1 + Math.floor(random() * 3)}, () =>
			Array.from({length: 1 + Math.floor(random() * 4)}, () => pick(styles)(pick(pieces))).join(''),
		).join('\n');
	const randomOperation = (width: number, height: number): Operation => {
		const kind = random();
		if (kind < 0.1) {
			const x1 = Math.floor(random() * width);
			const y1 = Math.floor(random() * height);
			return ['clip', random() < 0.2 ? {x1, x2: x1 + Math.floor(random() * width)} : {x1, x2: x1 + Math.floor(random() * width), y1, y2: y1 + Math.floor(random() * height)}];
		}
		if (kind < 0.15) return ['unclip'];
		return ['write', Math.floor(random() * (width + 2)) - 1, Math.floor(random() * (height + 1)), randomText(), pick(transformers)];
	};
	for (const [width, height] of [[24, 6], [40, 12], [7, 3]] as const) {
		const RowCachedOutput = createRowCachedOutput(dependencies) as OutputClass;
		let operations = Array.from({length: 25}, () => randomOperation(width, height));
		const frames: Operation[][] = [];
		for (let frame = 0; frame < 60; frame++) {
			frames.push(operations);
			operations = operations.map(operation => (random() < 0.08 ? randomOperation(width, height) : operation));
			if (random() < 0.2) operations = [...operations].reverse();
		}
		// Every frame twice over: the second time round every row comes from the cache.
		assertSameFrames(width, height, [...frames, ...frames], RowCachedOutput);
	}
});

test('a frame drawn at another width is composed again, not taken from the cache', () => {
	const RowCachedOutput = createRowCachedOutput(dependencies) as OutputClass;
	// Ink leaves holes between the row's end and a write beyond it, and drops them: the width shows.
	const operations: Operation[] = [['write', 4, 0, chalk.bgRed('wide'), []]];
	for (const width of [10, 3, 10, 2]) assertSameFrames(width, 1, [operations], RowCachedOutput);
});

test('every code point composed without the segmenter is one grapheme, never wide, and its frames match Ink', () => {
	const segmenter = new Intl.Segmenter(undefined, {granularity: 'grapheme'});
	const narrow: string[] = [];
	for (let code = 0; code < 0x1_0000; code++) {
		if (!isNarrowCodeUnit(code)) continue;
		const character = String.fromCharCode(code);
		assert.equal([...segmenter.segment(`a${character}a`)].length, 3, `U+${code.toString(16)} joins a neighbour`);
		assert.equal([...segmenter.segment(character + character)].length, 2, `U+${code.toString(16)} joins itself`);
		assert.equal(tokenizer.tokenize(character)[0].fullWidth, false, `U+${code.toString(16)} is wide`);
		narrow.push(character);
	}
	const sgr = ['\u001B[m', '\u001B[0m', '\u001B[1;31;42m', '\u001B[38;5;12m', '\u001B[38;2;1;2;3m', '\u001B[38;5m', '\u001B[22m', '\u001B[2m', '\u001B[31;m', '\u001B[7m', '\u001B[27m'];
	const lines: string[] = [];
	for (let start = 0; start < narrow.length; start += 40) {
		lines.push(narrow.slice(start, start + 40).map((character, index) => (index % 7 === 0 ? sgr[(start + index) % sgr.length] : '') + character).join(''));
	}
	// Lines the segmenter must still see: an unfinished sequence, a non-SGR escape, a combining mark.
	lines.push('ab\u001B[31', 'a\u001B[2Jb', 'e\u0301\u001B[1mx', '\u001B]8;;http://x\u0007link\u001B]8;;\u0007');
	assertSameFrames(48, lines.length, [lines.map((line, index): Operation => ['write', index % 3, index, line, []])]);
});
