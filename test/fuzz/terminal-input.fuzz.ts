/**
 * Fuzz target: key sequences between the terminal and dockdash (model/key-bytes.ts, model/terminal-modes.ts,
 * keymap keyName): the key names made of what Ink read, the bytes handed on to a shell for them, the terminal answers
 * recognised, and the one-screen filter on a shell's output.
 * Invariants: nothing throws; a key gives at most a short sequence; a terminal answer is recognised only whole; the
 * filter lets no switch of screens through, whatever the cuts, and keeps every other byte in order.
 */
import {keyBytes} from '../../source/model/key-bytes.js';
import {isTerminalAnswer, oneScreenFilter} from '../../source/model/terminal-modes.js';
import {keyName} from '../../source/keymap/keymap.js';
import {check, cut} from './support.js';

const FLAGS = ['upArrow', 'downArrow', 'leftArrow', 'rightArrow', 'pageUp', 'pageDown', 'home', 'end', 'return', 'escape', 'tab', 'backspace', 'delete', 'ctrl', 'shift', 'meta'] as const;
// eslint-disable-next-line no-control-regex
const SWITCH = /\u001B\[\?(?:1049|1047|47)[hl]/;

function filterAll(bytes: Buffer, size: number): string {
	const filter = oneScreenFilter();
	return Buffer.concat(cut(bytes, size).map(chunk => filter(chunk))).toString('latin1');
}

export function fuzz(data: Buffer): void {
	if (data.length < 3) return;
	const bits = data.readUInt16LE(0);
	const input = data.subarray(2, 2 + (data[2]! % 16)).toString('utf8');
	const flags = Object.fromEntries(FLAGS.map((flag, index) => [flag, (bits & (1 << index)) !== 0]));
	const name = keyName(input, flags);
	check(typeof name === 'string', 'a key name that is not text');
	const bytes = keyBytes(name, input);
	check(bytes.length <= Math.max(input.length + 1, 8), `${bytes.length} bytes for key ${JSON.stringify(name)} from ${JSON.stringify(input)}`);

	const text = data.subarray(2).toString('latin1');
	// eslint-disable-next-line no-control-regex
	if (isTerminalAnswer(text)) check(/^\u001B?\[(?:\d+;\d+R|[?>][\d;]*c)$/.test(text), `answer ${JSON.stringify(text)}`);

	const stream = data.subarray(2);
	const whole = filterAll(stream, stream.length || 1);
	const pieces = filterAll(stream, 1 + (data[1]! % 32));
	check(!SWITCH.test(whole) && !SWITCH.test(pieces), `a screen switch got through: ${JSON.stringify(pieces)}`);
	// A switch cut at the very end waits for the next chunk, which never comes: compare what both let out.
	check(whole === pieces, `the filter depends on the cuts: ${JSON.stringify(whole)} vs ${JSON.stringify(pieces)}`);
}
