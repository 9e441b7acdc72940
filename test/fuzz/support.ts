/**
 * Helpers shared by the fuzz targets (issue 17). A target's input is raw bytes from libFuzzer; its first byte or two
 * pick options (chunk size, flags), so the fuzzer explores how a socket cuts a stream as well as what it carries.
 */

/** Fails the run: libFuzzer keeps the input that broke the invariant. */
export function check(condition: unknown, message: string): asserts condition {
	if (!condition) throw new Error(`invariant broken: ${message}`);
}

/** `bytes` cut into reads of `size` bytes (the last shorter), each a copy the consumer may own. */
export function cut(bytes: Uint8Array, size: number): Buffer[] {
	const out: Buffer[] = [];
	const step = Math.max(1, size);
	for (let at = 0; at < bytes.length; at += step) out.push(Buffer.from(bytes.subarray(at, at + step)));
	return out;
}

/** Throws `error` again unless it is one of the parser's own error types. */
export function expectOwn(error: unknown, ...types: Array<new (...args: never[]) => Error>): void {
	if (types.some(type => error instanceof type)) return;
	throw error;
}

// What must never reach the terminal: C0 controls, DEL, C1, bidi controls and isolates, separators, lone surrogates.
// eslint-disable-next-line no-control-regex
export const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u2028\u2029]|\p{Cs}/u;
