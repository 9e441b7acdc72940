/** One frame of the engine's multiplexed logs stream: [stream, 0, 0, 0, size as uint32 BE] + payload. */
export function frame(stream: number, payload: string | Buffer): Buffer {
	const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
	const header = Buffer.alloc(8);
	header[0] = stream;
	header.writeUInt32BE(body.length, 4);
	return Buffer.concat([header, body]);
}
