/** The output side of a hijacked terminal stream (an exec's or a container's attach), shared by both. */
import type {Duplex} from 'node:stream';

export interface TerminalOutput {
	/** Raw bytes from the terminal; what arrived before the first listener (a prompt) is handed to it. */
	onOutput: (listener: (chunk: Buffer) => void) => void;
	/** Resolves when the stream ends, closes or fails (a dropped connection ends it like any other end). */
	closed: Promise<void>;
}

/** Reads from the start, so the end of the stream is seen even before anyone listens. */
export function readTerminalOutput(stream: Duplex): TerminalOutput {
	const listeners: Array<(chunk: Buffer) => void> = [];
	const early: Buffer[] = [];
	stream.on('data', (data: Buffer | string) => {
		const chunk = typeof data === 'string' ? Buffer.from(data) : data;
		if (listeners.length === 0) early.push(chunk);
		for (const listener of listeners) listener(chunk);
	});
	const closed = new Promise<void>(resolve => {
		stream.on('end', () => resolve());
		stream.on('close', () => resolve());
		stream.on('error', () => resolve());
	});
	return {
		onOutput: listener => {
			listeners.push(listener);
			for (const chunk of early.splice(0)) listener(chunk);
		},
		closed,
	};
}
