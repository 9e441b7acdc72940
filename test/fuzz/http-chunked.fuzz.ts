/**
 * Fuzz target: the chunked-transfer decoder (model/http-chunked.ts), fed any bytes cut into reads of any size.
 * Invariants: it fails only with its own ChunkedCodingError; the payload is never longer than the input; and the
 * payload (or the failure) does not depend on where the reads were cut.
 */
import {ChunkedCodingError, ChunkedDecoder} from '../../source/model/http-chunked.js';
import {check, cut, expectOwn} from './support.js';

function decode(reads: Buffer[]): {payload: Buffer; isDone: boolean; error?: string} {
	const decoder = new ChunkedDecoder();
	const out: Buffer[] = [];
	try {
		for (const read of reads) out.push(Buffer.from(decoder.decode(read)));
	} catch (error) {
		expectOwn(error, ChunkedCodingError);
		return {payload: Buffer.concat(out), isDone: decoder.isDone, error: 'failed'};
	}
	return {payload: Buffer.concat(out), isDone: decoder.isDone};
}

export function fuzz(data: Buffer): void {
	if (data.length === 0) return;
	const body = data.subarray(1);
	const whole = decode([Buffer.from(body)]);
	const pieces = decode(cut(body, 1 + (data[0]! % 64)));
	check(whole.payload.length <= body.length, `payload of ${whole.payload.length} bytes from ${body.length}`);
	check(whole.error === pieces.error, `one read ${whole.error ?? 'ok'}, cut reads ${pieces.error ?? 'ok'}`);
	check(whole.isDone === pieces.isDone, 'the end of the body depends on the cuts');
	// A failure may come at a different read, so only a whole success must give the same bytes.
	if (!whole.error) check(whole.payload.equals(pieces.payload), 'the payload depends on the cuts');
}
