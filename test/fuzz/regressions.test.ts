/**
 * The fuzz targets' corpus as a regression suite (issue 17), run by the normal test runner without jazzer: every
 * input in test/fuzz/corpus/<target>/ (the seeds, and each finding of a fuzzing run, named finding-…) goes through
 * its target's invariants. Then each finding as a plain test of the behaviour it fixed.
 */
import assert from 'node:assert/strict';
import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import {LogDecoder, type DecodedLine} from '../../source/model/log-decoder.js';
import {parseMouseReport} from '../../source/model/mouse.js';
import {EndpointError, parseHost} from '../../source/docker/endpoint.js';
import {renderLine} from '../../source/model/log-colors.js';
import {frame} from '../support/log-frames.js';

const root = path.join(import.meta.dirname, 'corpus');
const targets = readdirSync(import.meta.dirname).filter(file => file.endsWith('.fuzz.ts')).map(file => file.replace(/\.fuzz\.ts$/, ''));

describe('fuzz corpus, replayed', () => {
	it('every target has a seed corpus', () => {
		assert.ok(targets.length >= 9, `targets: ${targets.join(', ')}`);
		for (const target of targets) assert.ok(readdirSync(path.join(root, target)).length > 0, `no corpus for ${target}`);
	});
	for (const target of targets) {
		it(`${target}: every input of the corpus keeps the target's invariants`, async () => {
			const {fuzz} = (await import(`./${target}.fuzz.js`)) as {fuzz: (data: Buffer) => void | Promise<void>};
			for (const file of readdirSync(path.join(root, target))) {
				try {
					await fuzz(readFileSync(path.join(root, target, file)));
				} catch (error) {
					assert.fail(`${target}/${file}: ${(error as Error).message}`);
				}
			}
		});
	}
});

function decode(reads: Buffer[], maxLineLength: number): DecodedLine[] {
	const lines: DecodedLine[] = [];
	const decoder = new LogDecoder({isTty: false, maxLineLength, partialDelayMs: 1e9, onLines: batch => lines.push(...batch)});
	for (const read of reads) decoder.push(read);
	decoder.end();
	return lines;
}

describe('fuzz findings', () => {
	it('log decoder: the CR of a CRLF cut from its LF by a read is not counted as a dropped character', () => {
		const line = `${'x'.repeat(12)}\r\n`;
		const whole = decode([frame(1, line)], 10);
		assert.deepEqual(whole.map(entry => [entry.text, entry.droppedChars]), [['x'.repeat(10), 2]]);
		const bytes = frame(1, line);
		// The read ends right after the CR.
		const cutAfterCr = decode([bytes.subarray(0, bytes.length - 1), bytes.subarray(bytes.length - 1)], 10);
		assert.deepEqual(cutAfterCr.map(entry => [entry.text, entry.droppedChars]), [['x'.repeat(10), 2]]);
	});

	it('log lines: a carriage return that overwrites half of an emoji leaves no lone surrogate for the terminal', () => {
		// Positive control: overwriting whole characters keeps the rest as it is.
		assert.equal(renderLine('abcd\rxy', false).text, 'xycd');
		const {text} = renderLine('ab\u{1F469}cd\rabc', false);
		assert.ok(!/\p{Cs}/u.test(text), JSON.stringify(text));
		assert.equal(text, 'abc\ufffdcd');
	});

	it('mouse: a report at column or row 0, or past 65,535, is no click (positive control: 1;1 is the corner)', () => {
		assert.deepEqual(parseMouseReport('[<0;1;1M'), {kind: 'press', button: 0, x: 0, y: 0});
		assert.equal(parseMouseReport('[<0;0;0M'), undefined);
		assert.equal(parseMouseReport('[<0;5;0M'), undefined);
		assert.equal(parseMouseReport('[<0;99999999999999999999;1M'), undefined);
	});

	it('an engine address with port 0 is one EndpointError, not a connection to nowhere', () => {
		assert.equal(parseHost('ssh://me@host:22', 'DOCKER_HOST').transport, 'ssh');
		for (const address of ['ssh://host:0', 'tcp://127.0.0.1:0', 'localhost:00']) {
			assert.throws(() => parseHost(address, 'DOCKER_HOST'), (error: unknown) => error instanceof EndpointError && /port 0/.test((error as Error).message), address);
		}
	});

	it('an engine address with a broken %-escape is one EndpointError naming the fix, not a URIError', () => {
		assert.equal(parseHost('ssh://me%2Bx@host', 'DOCKER_HOST').transport, 'ssh');
		for (const address of ['ssh://%ff@host', 'unix:///run/%e0.sock', 'ssh://%@host']) {
			assert.throws(() => parseHost(address, 'DOCKER_HOST'), (error: unknown) => error instanceof EndpointError && /%25/.test((error as Error).message));
		}
	});
});
