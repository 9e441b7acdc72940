import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {type DecodedLine, LogDecoder, type LogDecoderOptions} from '../../source/model/log-decoder.js';
import {frame} from '../support/log-frames.js';


function decoder(options: Partial<LogDecoderOptions> = {}) {
	const lines: DecodedLine[] = [];
	const batches: number[] = [];
	const d = new LogDecoder({
		isTty: false,
		partialDelayMs: 20,
		onLines: batch => {
			batches.push(batch.length);
			lines.push(...batch);
		},
		...options,
	});
	return {d, lines, batches};
}

const wait = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

describe('LogDecoder, multiplexed frames', () => {
	it('splits stdout and stderr frames into lines, one batch per chunk', () => {
		const {d, lines, batches} = decoder();
		d.push(Buffer.concat([frame(1, 'out one\nout two\n'), frame(2, 'err one\n')]));
		assert.deepEqual(lines, [
			{stream: 'stdout', text: 'out one'},
			{stream: 'stdout', text: 'out two'},
			{stream: 'stderr', text: 'err one'},
		]);
		assert.deepEqual(batches, [3]);
	});

	it('reassembles a frame cut anywhere, header included, byte by byte', () => {
		const {d, lines} = decoder();
		const bytes = Buffer.concat([frame(1, 'hello wörld\n'), frame(2, 'bad\n')]);
		for (let i = 0; i < bytes.length; i++) d.push(bytes.subarray(i, i + 1));
		assert.deepEqual(lines.map(l => [l.stream, l.text]), [
			['stdout', 'hello wörld'],
			['stderr', 'bad'],
		]);
	});

	it('joins a line the engine split over frames, even inside a UTF-8 character', () => {
		const {d, lines} = decoder();
		const text = Buffer.from('ab€cd\n'); // € is 3 bytes: cut it in the middle
		d.push(frame(1, text.subarray(0, 3)));
		d.push(frame(1, text.subarray(3)));
		assert.deepEqual(lines, [{stream: 'stdout', text: 'ab€cd'}]);
	});

	it('strips each message timestamp before decoding and keeps the first for the line', () => {
		const {d, lines} = decoder({timestamps: true});
		const text = Buffer.from('xy€z\n');
		const ts1 = '2026-11-23T01:00:00.000000001Z ';
		const ts2 = '2026-11-23T01:00:00.000000002Z ';
		const both = Buffer.concat([frame(1, Buffer.concat([Buffer.from(ts1), text.subarray(0, 3)])), frame(1, Buffer.concat([Buffer.from(ts2), text.subarray(3)]))]);
		for (let i = 0; i < both.length; i += 5) d.push(both.subarray(i, i + 5));
		assert.deepEqual(lines, [{stream: 'stdout', text: 'xy€z', timestamp: '2026-11-23T01:00:00.000000001Z'}]);
	});

	it('keeps text that only looks like a timestamp when timestamps were not asked for', () => {
		const {d, lines} = decoder();
		d.push(frame(1, '2026-11-23T01:00:00Z hello\n'));
		assert.equal(lines[0]!.text, '2026-11-23T01:00:00Z hello');
		assert.equal(lines[0]!.timestamp, undefined);
	});

	it('sanitizes: escapes become visible, tabs are expanded, CRLF loses its CR', () => {
		const {d, lines} = decoder();
		d.push(frame(1, 'a\tb\u001b[2Jc\r\n'));
		assert.equal(lines[0]!.text, 'a       b␛[2Jc');
	});

	it('shows an unfinished line after the delay, then replaces it when it ends', async () => {
		const {d, lines} = decoder();
		d.push(frame(1, 'Password: '));
		assert.equal(lines.length, 0);
		await wait(60);
		assert.deepEqual(lines, [{stream: 'stdout', text: 'Password: ', isPartial: true}]);
		d.push(frame(1, 'ok\n'));
		assert.deepEqual(lines[1], {stream: 'stdout', text: 'Password: ok', replacesPartial: true});
	});

	it('emits what is left at the end, and nothing after', async () => {
		const {d, lines} = decoder();
		d.push(frame(2, 'no newline'));
		d.end();
		assert.deepEqual(lines, [{stream: 'stderr', text: 'no newline'}]);
		d.push(frame(1, 'late\n'));
		await wait(40);
		assert.equal(lines.length, 1);
	});

	it('keeps the head of a line longer than the maximum and counts the rest: one line, never several', () => {
		const {d, lines} = decoder({maxLineLength: 10});
		d.push(frame(1, `${'x'.repeat(25)}\n`));
		// Arriving in pieces, as the engine's 16 KiB messages do, and in a character cut across frames.
		d.push(frame(1, 'abcdefgh'));
		d.push(frame(1, 'ijklmnopq'));
		d.push(frame(1, 'r\u00e9'.slice(0, 1)));
		d.push(Buffer.concat([Buffer.from([1, 0, 0, 0, 0, 0, 0, 1]), Buffer.from('\u00e9').subarray(0, 1)]));
		d.push(Buffer.concat([Buffer.from([1, 0, 0, 0, 0, 0, 0, 2]), Buffer.from('\u00e9').subarray(1), Buffer.from('\n')]));
		d.push(frame(1, 'next\n'));
		assert.deepEqual(
			lines.map(l => [l.text, l.droppedChars]),
			[
				['x'.repeat(10), 15],
				['abcdefghij', 9],
				['next', undefined],
			],
		);
	});
});

describe('LogDecoder, raw (TTY) output', () => {
	it('shows bytes that look like a frame header verbatim', () => {
		const {d, lines} = decoder({isTty: true});
		d.push(Buffer.from('\u0001\u0000\u0000\u0000\u0000\u0000\u0000\u0005hello\r\n'));
		assert.deepEqual(lines, [{stream: 'stdout', text: '␁␀␀␀␀␀␀␅hello'}]);
	});

	it('drops the engine timestamp of a message that continues a line', () => {
		const {d, lines} = decoder({isTty: true, timestamps: true});
		d.push(Buffer.from('2026-11-23T01:00:00.000000001Z prompt# '));
		d.push(Buffer.from('2026-11-23T01:00:02.000000001Z ls\r\n'));
		assert.deepEqual(lines, [{stream: 'stdout', text: 'prompt# ls', timestamp: '2026-11-23T01:00:00.000000001Z'}]);
	});

	it('drops the timestamp of a 16 KiB message inside a read, and one cut by a read, but keeps text that only looks like one', () => {
		const {d, lines} = decoder({isTty: true, timestamps: true});
		const at = (n: number) => `2026-11-23T01:00:0${n}.000000001Z `;
		// The engine's messages: a progress bar of 16,384 bytes with no newline, its colour cut by the message end.
		const piece = `${'x'.repeat(12)}${'\rdownloading 10%'.repeat(1023)}\r\u001B[3`;
		assert.equal(Buffer.byteLength(piece), 16 * 1024);
		const said = `${at(1)}${piece}${at(2)}2mdone\u001B[0m at ${at(9)}for real\r\n${at(3)}next\r\n`;
		// Read in pieces that cut the second and third timestamps.
		const bytes = Buffer.from(said);
		const cut1 = bytes.indexOf(at(2)) + 7;
		const cut2 = bytes.indexOf(at(3)) + 30;
		d.push(bytes.subarray(0, cut1));
		d.push(bytes.subarray(cut1, cut2));
		d.push(bytes.subarray(cut2));
		d.end();
		assert.deepEqual(
			lines.map(line => [line.text, line.timestamp]),
			[
				// Written over as a terminal would; the SGR whole again (inert here: no colours asked for).
				[`␛[32mdone␛[0m at ${at(9)}for real`, at(1).trim()],
				['next', at(3).trim()],
			],
		);
	});

	it('finds timestamps where lines start', () => {
		const {d, lines} = decoder({isTty: true, timestamps: true});
		d.push(Buffer.from('2026-11-23T01:00:00.5+01:00 one\r\ntwo\r\n'));
		assert.deepEqual(lines, [
			{stream: 'stdout', text: 'one', timestamp: '2026-11-23T01:00:00.5+01:00'},
			{stream: 'stdout', text: 'two'},
		]);
	});
});

describe('LogDecoder, whole socket reads of many frames', () => {
	const ts = (n: number) => `2026-11-23T01:00:00.00000000${n}Z `;

	it('gives the same lines whatever the reads are cut into: frames across reads, lines across frames', () => {
		const bytes = Buffer.concat([
			frame(1, `${ts(1)}first line\n`),
			frame(2, `${ts(2)}an error\nand a second\n`),
			frame(1, `${ts(3)}a line the engine cut `),
			frame(1, `${ts(4)}in two\n`),
			frame(1, `${ts(5)}last\r\n`),
		]);
		const expected = [
			{stream: 'stdout', text: 'first line', timestamp: ts(1).trim()},
			{stream: 'stderr', text: 'an error', timestamp: ts(2).trim()},
			{stream: 'stderr', text: 'and a second'},
			{stream: 'stdout', text: 'a line the engine cut in two', timestamp: ts(3).trim()},
			{stream: 'stdout', text: 'last', timestamp: ts(5).trim()},
		];
		for (const size of [1, 3, 8, 9, 31, 40, bytes.length]) {
			const {d, lines} = decoder({timestamps: true});
			for (let i = 0; i < bytes.length; i += size) d.push(Buffer.from(bytes.subarray(i, i + size)));
			assert.deepEqual(lines, expected, `reads of ${size}`);
		}
	});

	it('decodes invalid UTF-8 as U+FFFD, also when a read cuts it, and a valid character cut by a read whole', () => {
		const bytes = Buffer.concat([frame(1, Buffer.from([0x61, 0xff, 0xe2, 0x82, 0x0a])), frame(1, Buffer.from('x€y\n'))]);
		for (let cut = 1; cut < bytes.length; cut++) {
			const {d, lines} = decoder();
			d.push(Buffer.from(bytes.subarray(0, cut)));
			d.push(Buffer.from(bytes.subarray(cut)));
			assert.deepEqual(
				lines.map(line => line.text),
				['a\ufffd\ufffd', 'x€y'],
				`cut at ${cut}`,
			);
		}
	});

	it('scans a read of many frames without a newline once, and keeps their text as one line', () => {
		const {d, lines} = decoder();
		d.push(Buffer.concat(Array.from({length: 2000}, () => frame(1, 'ab'))));
		d.push(frame(1, 'c\n'));
		assert.equal(lines.length, 1);
		assert.equal(lines[0]!.text, `${'ab'.repeat(2000)}c`);
	});

	it('keeps a line of stdout and one of stderr apart when their frames interleave', () => {
		const {d, lines} = decoder();
		d.push(Buffer.concat([frame(1, 'out '), frame(2, 'err '), frame(1, 'more\n'), frame(2, 'too\n')]));
		assert.deepEqual(lines, [
			{stream: 'stdout', text: 'out more'},
			{stream: 'stderr', text: 'err too'},
		]);
	});

	it('keeps the head of a long line that arrived whole', () => {
		const {d, lines} = decoder({maxLineLength: 4});
		d.push(frame(1, 'abcdefghij\nk\n'));
		assert.deepEqual(lines.map(line => [line.text, line.droppedChars]), [['abcd', 6], ['k', undefined]]);
	});
});
