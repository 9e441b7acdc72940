/** A terminal for handover tests: stdin with Ink's readable listener on it, stdout recording every write. */
import {PassThrough, Writable} from 'node:stream';

export function terminalDouble() {
	const stdin = new PassThrough() as unknown as NodeJS.ReadStream & PassThrough;
	stdin.setEncoding('utf8');
	const inkKeys: string[] = [];
	stdin.on('readable', () => {
		let chunk: string | null;
		while ((chunk = stdin.read() as string | null) !== null) inkKeys.push(chunk);
	});
	const written: string[] = [];
	const stdout = new Writable({
		write(chunk: Buffer, _encoding, done) {
			written.push(chunk.toString());
			done();
		},
	}) as unknown as NodeJS.WriteStream;
	Object.assign(stdout, {columns: 100, rows: 30});
	let redraws = 0;
	return {stdin, stdout, inkKeys, written, redraw: () => redraws++, redraws: () => redraws};
}
