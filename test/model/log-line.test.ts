import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {LogBuffer} from '../../source/model/log-buffer.js';
import {type DecodedLine, LogDecoder, type LogDecoderOptions} from '../../source/model/log-decoder.js';
import {RawLogLine} from '../../source/model/log-line.js';
import {compileSearch, lineMatches} from '../../source/model/log-search.js';
import {frame} from '../support/log-frames.js';


function decodeAll(chunks: Buffer[], options: Partial<LogDecoderOptions>): DecodedLine[] {
	const lines: DecodedLine[] = [];
	const decoder = new LogDecoder({isTty: false, partialDelayMs: 1000, onLines: batch => lines.push(...batch), ...options});
	for (const chunk of chunks) decoder.push(chunk);
	decoder.end();
	// What a reader sees, field by field (a lazy line's text and styles are read through its getters).
	return lines.map(line => {
		const seen: Record<string, unknown> = {stream: line.stream, text: line.text};
		for (const key of ['styles', 'timestamp', 'isPartial', 'replacesPartial'] as const) if (line[key] !== undefined) seen[key] = line[key];
		return seen as unknown as DecodedLine;
	});
}

describe('RawLogLine: lines made safe when read', () => {
	it('the lazy decoder gives the same text, colours and timestamps as the eager one', () => {
		const hostile = 'a\tb\u001b[2J\u001b]0;title\u0007c\u202e\u200b\u009b done';
		const cases: Array<{chunks: Buffer[]; options: Partial<LogDecoderOptions>}> = [
			{chunks: [Buffer.concat([frame(1, `plain\n${hostile}\n`), frame(2, '\u001b[31mred\u001b[0m and \u001b[1mbold\n')])], options: {colors: true}},
			{chunks: [frame(1, `${hostile}\r\n`), frame(1, 'no colours \u001b[32mgreen\n')], options: {colors: false}},
			{chunks: [frame(1, '2026-11-23T01:00:00.000000001Z \u001b[33mstamped\n'), frame(1, '2026-11-23T01:00:00.000000002Z  cut ')], options: {timestamps: true, colors: true}},
			{chunks: [Buffer.from('2026-11-23T01:00:00.5+01:00 \u001b[34mtty\r\nsecond\u0000\r\n')], options: {isTty: true, timestamps: true, colors: true}},
		];
		for (const {chunks, options} of cases) {
			const eager = decodeAll(chunks, options);
			const lazy = decodeAll(chunks, {...options, isLazy: true});
			assert.ok(eager.length > 0);
			assert.deepEqual(lazy, eager, JSON.stringify(options));
		}
	});

	it('never shows its raw text: readers, search and the ring all see the sanitized text', () => {
		const buffer = new LogBuffer({capacity: 10});
		const line = new RawLogLine('stdout', 'x\u001b[2Jy\u202ez', false);
		buffer.append([line]);
		const kept = buffer.at(buffer.start)!;
		assert.equal(kept.text, 'x␛[2Jy⟨U+202E⟩z');
		assert.ok(!Object.values(kept).some(value => typeof value === 'string' && value.includes('\u001b')), 'no own property holds the raw text');
		assert.equal(lineMatches(kept, compileSearch({text: '␛[2J'})!.matcher!), true);
		assert.equal(lineMatches(kept, compileSearch({text: '\u001b'})!.matcher!), false);
		buffer.dispose();
	});

	it('counts characters by the raw text until read, then by the safe text, and gives them all back when dropped', () => {
		const buffer = new LogBuffer({capacity: 2, maxChars: 1000});
		const tabs = new RawLogLine('stdout', '\t\t', false);
		buffer.append([tabs, new RawLogLine('stdout', 'abc', false)]);
		assert.equal(buffer.characters, 5);
		assert.equal(tabs.text, ' '.repeat(16));
		assert.equal(buffer.characters, 19);
		buffer.append([new RawLogLine('stdout', 'd', false)]);
		assert.equal(buffer.characters, 4, 'the tab line left with its safe length');
		assert.equal(tabs.text.length, 16);
		assert.equal(buffer.characters, 4, 'a line read after it left counts nowhere');
		buffer.clear();
		assert.equal(buffer.characters, 0);
		buffer.dispose();
	});

	it('drops the oldest lines at the next append when reading made the kept lines longer than the budget', () => {
		const buffer = new LogBuffer({capacity: 10, maxChars: 20});
		const wide = new RawLogLine('stdout', '\t\t', false);
		buffer.append([wide, new RawLogLine('stdout', 'a', false)]);
		void wide.text;
		assert.equal(buffer.characters, 17);
		buffer.append([new RawLogLine('stdout', 'bcdef', false)]);
		assert.deepEqual(buffer.lines().map(line => line.text), ['a', 'bcdef']);
		buffer.dispose();
	});
});
