/**
 * Files and folders dockdash is writing now (an image export's temporary file, a copy out's hidden folder):
 * removed if dockdash exits before they are done (q during an export), so a quit leaves nothing half-written beside
 * the target. One is built with the ports of a services instance, not kept in a module (issue 15); it listens for
 * the process's exit only while it holds something.
 */
import {rmSync} from 'node:fs';

export class UnfinishedFiles {
	private readonly paths = new Set<string>();
	private readonly removeAll = () => {
		for (const unfinished of this.paths) rmSync(unfinished, {recursive: true, force: true});
	};

	add(unfinished: string): void {
		if (this.paths.size === 0) process.on('exit', this.removeAll);
		this.paths.add(unfinished);
	}

	/** It is done (or removed): nothing to remove at exit. */
	delete(unfinished: string): void {
		if (this.paths.delete(unfinished) && this.paths.size === 0) process.off('exit', this.removeAll);
	}
}
