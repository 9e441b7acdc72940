// Preloaded into the CLI by memory tests (node --expose-gc --import this dist/cli.js), never shipped: on SIGUSR2 it
// runs full garbage collections and writes process.memoryUsage() as JSON to DOCKDASH_HEAP_PROBE. What stays after a
// collection is what dockdash holds; resident memory also counts garbage not yet collected and pages V8 has not
// given back, which swing with the collector's phase (issue 17: 285 and 432 MiB for the same screen).
import {writeFileSync} from 'node:fs';

const file = process.env.DOCKDASH_HEAP_PROBE;
if (file && typeof globalThis.gc === 'function') {
	process.on('SIGUSR2', () => {
		const before = process.memoryUsage();
		// Twice: the first collection may only free what finalizers of the second let go.
		globalThis.gc();
		globalThis.gc();
		writeFileSync(file, JSON.stringify({before, after: process.memoryUsage()}));
	});
}
