/**
 * Undoes HTTP/1.1 chunked transfer coding (RFC 9112 §7.1) a socket read at a
 * time. The engine's logs endpoint flushes every log message as a chunk of its
 * own, so a flood arrives as a million tiny chunks: Node's HTTP client hands
 * each one to JavaScript as a separate 'data' event (~3 µs each, the largest
 * cost of ingesting a flood, issue 8). Here the framing is stripped with a byte
 * scan and the payload of a whole socket read comes out as one buffer.
 */

const enum State {
	Size,
	Extension,
	SizeLf,
	Data,
	DataCr,
	DataLf,
	Trailer,
	TrailerLf,
	Done,
}

/** A body that is not valid chunked coding: the message is one line. */
export class ChunkedCodingError extends Error {
	override name = 'ChunkedCodingError';
}

/** The largest chunk size accepted (a hostile size would otherwise overflow the arithmetic). */
const MAX_CHUNK = 2 ** 40;

function hexValue(byte: number): number {
	if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
	const lower = byte | 0x20;
	if (lower >= 0x61 && lower <= 0x66) return lower - 0x61 + 10;
	return -1;
}

/** A streaming decoder of one chunked body. */
export class ChunkedDecoder {
	private state = State.Size;
	private size = 0;
	private sizeDigits = 0;
	private left = 0;
	private trailerLineLength = 0;

	/** True once the last (zero-size) chunk and its trailer have been read. */
	get isDone(): boolean {
		return this.state === State.Done;
	}

	/**
	 * The payload bytes carried by `chunk`. The payload is moved to the front of
	 * `chunk` itself and a view of it returned: the caller must own the buffer
	 * (a socket read does) and must not read `chunk` afterwards. Bytes after the
	 * end of the body are ignored. Throws {@link ChunkedCodingError}.
	 */
	decode(chunk: Buffer): Buffer {
		let out = 0;
		let i = 0;
		const length = chunk.length;
		while (i < length) {
			switch (this.state) {
				case State.Data: {
					const take = Math.min(this.left, length - i);
					if (out !== i) chunk.copyWithin(out, i, i + take);
					out += take;
					i += take;
					this.left -= take;
					if (this.left === 0) this.state = State.DataCr;
					break;
				}
				case State.Size: {
					const byte = chunk[i++]!;
					const value = hexValue(byte);
					if (value >= 0) {
						this.size = this.size * 16 + value;
						this.sizeDigits++;
						if (this.size > MAX_CHUNK) throw new ChunkedCodingError('chunk size too large');
					} else if (this.sizeDigits === 0) {
						throw new ChunkedCodingError('bad chunk size');
					} else if (byte === 0x0d) {
						this.state = State.SizeLf;
					} else if (byte === 0x3b || byte === 0x20 || byte === 0x09) {
						this.state = State.Extension;
					} else {
						throw new ChunkedCodingError('bad chunk size');
					}
					break;
				}
				case State.Extension: {
					// chunk-ext is ignored; it ends with the line.
					const cr = chunk.indexOf(0x0d, i);
					if (cr === -1) {
						i = length;
					} else {
						i = cr + 1;
						this.state = State.SizeLf;
					}
					break;
				}
				case State.SizeLf: {
					if (chunk[i++] !== 0x0a) throw new ChunkedCodingError('bad chunk size line');
					this.left = this.size;
					this.size = 0;
					this.sizeDigits = 0;
					this.state = this.left === 0 ? State.Trailer : State.Data;
					this.trailerLineLength = 0;
					break;
				}
				case State.DataCr: {
					if (chunk[i++] !== 0x0d) throw new ChunkedCodingError('chunk data is not followed by CRLF');
					this.state = State.DataLf;
					break;
				}
				case State.DataLf: {
					if (chunk[i++] !== 0x0a) throw new ChunkedCodingError('chunk data is not followed by CRLF');
					this.state = State.Size;
					break;
				}
				case State.Trailer: {
					// Trailer fields are ignored; an empty line ends the body.
					const byte = chunk[i++]!;
					if (byte === 0x0d) this.state = State.TrailerLf;
					else this.trailerLineLength++;
					break;
				}
				case State.TrailerLf: {
					if (chunk[i++] !== 0x0a) throw new ChunkedCodingError('bad trailer');
					if (this.trailerLineLength === 0) {
						this.state = State.Done;
						return chunk.subarray(0, out);
					}
					this.trailerLineLength = 0;
					this.state = State.Trailer;
					break;
				}
				case State.Done:
					return chunk.subarray(0, out);
			}
		}
		return chunk.subarray(0, out);
	}
}
