/**
 * Property tests of the invariants that keep the terminal and memory safe (issue 17): the sanitizer's output is
 * inert whatever it is given and fits the width it is cut to; the log ring never holds more than its budget; the
 * config parser answers any text with a config or one ConfigError.
 */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import fc from 'fast-check';
import {isTerminalSafe, sanitize, sanitizeRecord} from '../../source/model/sanitize.js';
import {fit, truncate, widthOf} from '../../source/ui/format/text.js';
import {LogBuffer} from '../../source/model/log-buffer.js';
import {ConfigError, parseConfig} from '../../source/model/config.js';
import {checkKeyName} from '../../source/keymap/keymap.js';

const RUNS = Number(process.env.DOCKDASH_PROPERTY_RUNS ?? 300);

// What must never reach the terminal from outside: C0 controls (ESC, BEL, …), DEL, C1 controls (8-bit CSI, OSC,
// DCS), bidi embeddings, overrides and isolates, line and paragraph separators, lone surrogates.
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u2028\u2029]|\p{Cs}/u;

/** Strings weighted towards what attackers write: escape sequences, C1, bidi controls, wide and combining characters. */
const hostile = fc
	.array(
		fc.oneof(
			fc.string({unit: 'binary', maxLength: 8}),
			fc.constantFrom('\u001B[2J', '\u001B]52;c;aGk=\u0007', '\u009B31m', '\u202Eevil', '\u2066', '界', 'e\u0301', '👩‍👩‍👧', '\uD800', '\t', '\r\n', '\u00AD', '\uFEFF'),
		),
		{maxLength: 12},
	)
	.map(parts => parts.join(''));

describe('sanitizer, properties', () => {
	it('never lets ESC, BEL, C0/C1 controls, bidi controls, separators or lone surrogates through', () => {
		fc.assert(
			fc.property(hostile, fc.boolean(), (text, expandTabs) => {
				const out = sanitize(text, {expandTabs});
				assert.ok(!FORBIDDEN.test(out), `unsafe output ${JSON.stringify(out)}`);
				assert.ok(isTerminalSafe(out));
			}),
			{numRuns: RUNS * 3},
		);
	});

	it('is idempotent, and changes nothing in text that is already safe', () => {
		fc.assert(
			fc.property(hostile, text => {
				const once = sanitize(text);
				assert.equal(sanitize(once), once);
				if (isTerminalSafe(text)) assert.equal(once, text);
			}),
			{numRuns: RUNS},
		);
	});

	it('keys and values of a record come out safe, whatever their type claims', () => {
		fc.assert(
			fc.property(fc.dictionary(hostile, fc.oneof(hostile, fc.integer() as fc.Arbitrary<unknown>)), record => {
				for (const [key, value] of Object.entries(sanitizeRecord(record as Record<string, string>))) {
					assert.ok(!FORBIDDEN.test(key) && !FORBIDDEN.test(value));
				}
			}),
			{numRuns: RUNS},
		);
	});

	it('cut to a width, sanitized text never takes more columns than given, and fit() takes exactly that many', () => {
		fc.assert(
			fc.property(hostile, fc.integer({min: 0, max: 60}), (text, width) => {
				const safe = sanitize(text);
				assert.ok(widthOf(truncate(safe, width)) <= width, `${JSON.stringify(safe)} cut to ${width}`);
				assert.equal(widthOf(fit(safe, width)), width);
			}),
			{numRuns: RUNS},
		);
	});
});

describe('log ring, properties', () => {
	it('never holds more lines than its capacity nor more characters than its budget, whatever is appended', () => {
		fc.assert(
			fc.property(
				fc.integer({min: 1, max: 50}),
				fc.integer({min: 1, max: 2000}),
				fc.array(fc.array(fc.record({text: fc.string({maxLength: 300}), isPartial: fc.boolean(), replacesPartial: fc.boolean(), key: fc.constantFrom('a', 'b', undefined)}), {maxLength: 20}), {maxLength: 20}),
				(capacity, maxChars, batches) => {
					const ring = new LogBuffer({capacity, maxChars, notifyMs: 1_000_000});
					for (const batch of batches) {
						ring.append(batch.map(line => ({stream: 'stdout' as const, ...line})));
						assert.ok(ring.size <= capacity, `${ring.size} lines > ${capacity}`);
						let chars = 0;
						for (let seq = ring.start; seq < ring.end; seq++) chars += ring.at(seq)?.text.length ?? 0;
						// One line longer than the whole budget is kept (cut by the decoder upstream), never two.
						assert.ok(chars <= maxChars || ring.size === 1, `${chars} characters > ${maxChars} in ${ring.size} lines`);
					}
				},
			),
			{numRuns: RUNS},
		);
	});
});

describe('config parser, properties', () => {
	const vocabulary = {commandIds: new Set(['app.quit']), paneIds: new Set(['containers']), columns: new Map(), checkKey: checkKeyName};
	const yamlish = fc
		.array(fc.oneof(fc.string({maxLength: 10}), fc.constantFrom('keys:', 'theme:', '  ', '- ', ': ', '{', '[', '&a', '*a', '!!binary', '\n', '<<: *a', 'startPane: ', 'columns:', '  containers: [name]', 'commands:', '~', '1e999')), {maxLength: 30})
		.map(parts => parts.join(''));

	it('answers any text with a config or one ConfigError naming the file, never another error', () => {
		fc.assert(
			fc.property(yamlish, text => {
				try {
					parseConfig(text, 'config.yaml', vocabulary);
				} catch (error) {
					assert.ok(error instanceof ConfigError, `threw ${String(error)} for ${JSON.stringify(text)}`);
					assert.match(error.message, /config\.yaml/);
					assert.ok(!error.message.includes('\n    at '), 'no stack trace in the message');
				}
			}),
			{numRuns: RUNS},
		);
	});
});
