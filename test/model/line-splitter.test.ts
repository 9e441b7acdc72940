import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import fc from 'fast-check';
import {LineSplitter} from '../../source/model/line-splitter.js';

describe('LineSplitter', () => {
	it('gives the same lines however the stream is cut', () => {
		fc.assert(
			fc.property(fc.array(fc.string({maxLength: 30}), {maxLength: 20}), fc.array(fc.nat({max: 400}), {maxLength: 10}), (lines, cuts) => {
				const text = lines.map(line => `${line.replaceAll('\n', '')}\n`).join('');
				const splitter = new LineSplitter(1000);
				const got: string[] = [];
				let last = 0;
				for (const cut of [...cuts].sort((a, b) => a - b)) {
					got.push(...splitter.push(text.slice(last, Math.max(last, cut))));
					last = Math.max(last, cut);
				}
				got.push(...splitter.push(text.slice(last)));
				assert.deepEqual(got, lines.map(line => line.replaceAll('\n', '')));
				assert.equal(splitter.end(), '');
			}),
		);
	});

	it('drops a line longer than its bound up to its newline, holds no more than the bound, and goes on after it', () => {
		const splitter = new LineSplitter(10);
		assert.deepEqual(splitter.push('ok\n12345'), ['ok']);
		assert.deepEqual(splitter.push('678901234'), []);
		assert.deepEqual(splitter.push('still the long one'), []);
		assert.deepEqual(splitter.push(' end\nnext\nlast'), ['next']);
		assert.equal(splitter.dropped, 1);
		assert.equal(splitter.end(), 'last');
	});
});
