import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import type {LogLine} from '../../source/model/log-buffer.js';
import {formatLogFile} from '../../source/model/log-options.js';

const info = {title: 'web', savedAtMs: Date.UTC(2026, 11, 5, 1, 2, 3), timestamps: false, droppedLines: 0, capacity: 10_000, maxChars: 200};
const at = '2026-12-05T01:00:00.000000001Z';
const lines: LogLine[] = [
	{seq: 1, stream: 'stdout', text: 'plain', timestamp: at},
	{seq: 2, stream: 'stderr', text: 'to stderr', timestamp: at, source: 'api'},
	{seq: 3, stream: 'stdout', text: 'x'.repeat(100), timestamp: at, droppedChars: 1234},
	{seq: 4, stream: 'system', text: 'exited with code 137 (SIGKILL)'},
	{seq: 5, stream: 'stdout', text: 'still writ', timestamp: at, isPartial: true},
];

describe('the text of a saved log', () => {
	it('is a header of # lines and an empty line, then the lines as docker logs prints them, each whole', () => {
		const text = formatLogFile(lines, {...info, droppedLines: 1});
		assert.equal(
			text,
			[
				"# dockdash: logs of web, saved 2026-12-05T01:02:03.000Z: 5 lines, without the engine's timestamps (t before S adds them)",
				'# 1 earlier line was read but not kept (the ring holds 10,000 lines and 200 characters)',
				`# line 3 (${at}) is cut: its first 100 characters are kept, 1,234 more were not (a line keeps at most half the ring's 200 characters)`,
				'# line 5 had no newline yet when saved: the container was still writing it',
				'',
				'plain',
				'api | [stderr] to stderr',
				'x'.repeat(100),
				'[dockdash] exited with code 137 (SIGKILL)',
				'still writ',
				'',
			].join('\n'),
		);
	});

	it('with timestamps on, as docker logs -t prints them', () => {
		const body = formatLogFile(lines.slice(0, 2), {...info, timestamps: true}).split('\n\n')[1];
		assert.equal(body, `${at} plain\n${at} api | [stderr] to stderr\n`);
	});
});
