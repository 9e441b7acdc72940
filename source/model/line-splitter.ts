/**
 * Splits a text stream (the engine's event, stats and pull streams: one JSON document per line) into lines, with a
 * bound: a "line" that grows past `maxLine` without a newline is garbage from a broken or hostile peer, and is
 * dropped up to its end rather than held for ever (issue 17).
 */
export class LineSplitter {
	private pending = '';
	private isDropping = false;
	/** Lines dropped for being longer than the bound. */
	dropped = 0;

	constructor(private readonly maxLine = 1024 * 1024) {}

	/** The whole lines `chunk` completes, in order, without their newlines. */
	push(chunk: string): string[] {
		const lines: string[] = [];
		let from = 0;
		let newline = chunk.indexOf('\n');
		while (newline !== -1) {
			if (this.isDropping) this.isDropping = false;
			else lines.push(this.pending + chunk.slice(from, newline));
			this.pending = '';
			from = newline + 1;
			newline = chunk.indexOf('\n', from);
		}
		if (!this.isDropping) {
			this.pending += chunk.slice(from);
			if (this.pending.length > this.maxLine) {
				this.pending = '';
				this.isDropping = true;
				this.dropped += 1;
			}
		}
		return lines;
	}

	/** What is left after the stream ended (a last line without a newline), unless it was being dropped. */
	end(): string {
		const rest = this.isDropping ? '' : this.pending;
		this.pending = '';
		return rest;
	}
}
