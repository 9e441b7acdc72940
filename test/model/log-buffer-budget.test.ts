import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {LogBuffer} from '../../source/model/log-buffer.js';

describe('log buffer character budget', () => {
	it('drops the oldest lines when long lines exceed the budget, whatever the line count', () => {
		const buffer = new LogBuffer({capacity: 10_000, maxChars: 1000});
		for (let i = 0; i < 50; i++) buffer.append([{stream: 'stdout', text: `${i}`.padEnd(100, 'x')}]);
		assert.equal(buffer.size, 10);
		assert.equal(buffer.characters, 1000);
		assert.ok(buffer.lines()[0]!.text.startsWith('40'));
		buffer.dispose();
	});

	it('keeps the newest line even when it alone is over the budget, and counts replaced partial lines once', () => {
		const buffer = new LogBuffer({maxChars: 100});
		buffer.append([{stream: 'stdout', text: 'short'}]);
		buffer.append([{stream: 'stdout', text: 'y'.repeat(500)}]);
		assert.equal(buffer.size, 1);
		buffer.append([{stream: 'stdout', text: 'part', isPartial: true, key: 'k'}]);
		buffer.append([{stream: 'stdout', text: 'partial done', replacesPartial: true, key: 'k'}]);
		assert.equal(buffer.characters, 'partial done'.length);
		buffer.clear();
		assert.equal(buffer.characters, 0);
		buffer.dispose();
	});

	it('lines pushed out by the line capacity leave the count too', () => {
		const buffer = new LogBuffer({capacity: 3});
		for (let i = 0; i < 10; i++) buffer.append([{stream: 'stdout', text: 'abcd'}]);
		assert.equal(buffer.characters, 12);
		buffer.dispose();
	});
});
