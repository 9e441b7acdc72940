/**
 * The logs pane's storage (source/model/ports.ts LogStoragePort): the ring's
 * size from the environment or the config, and saving a file where the user
 * asked (DOCKDASH_SAVE_DIR), else the working directory, else the temporary one.
 */
import {mkdir, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {DEFAULT_LOG_CAPACITY, DEFAULT_LOG_MAX_CHARS} from './model/log-buffer.js';
import type {LogStoragePort} from './model/ports.js';

function positiveInteger(text: string | undefined): number | undefined {
	const value = Number(text);
	return Number.isInteger(value) && value > 0 ? value : undefined;
}

export function createLogStorage(configuredLines: number | undefined, env: NodeJS.ProcessEnv = process.env): LogStoragePort {
	return {
		capacity: positiveInteger(env['DOCKDASH_LOG_LINES']) ?? configuredLines ?? DEFAULT_LOG_CAPACITY,
		maxChars: positiveInteger(env['DOCKDASH_LOG_CHARS']) ?? DEFAULT_LOG_MAX_CHARS,
		save: (fileName, text) => saveFile(fileName, text, env['DOCKDASH_SAVE_DIR']),
	};
}

async function saveFile(fileName: string, text: string, configured: string | undefined): Promise<string> {
	for (const dir of configured ? [configured] : [process.cwd(), os.tmpdir()]) {
		try {
			if (configured) await mkdir(dir, {recursive: true});
			// Never over an existing file: a second save in the same second gets -2, -3, ...
			for (let attempt = 1; ; attempt++) {
				const file = path.resolve(dir, attempt === 1 ? fileName : fileName.replace(/\.log$/, `-${attempt}.log`));
				try {
					await writeFile(file, text, {flag: 'wx', mode: 0o600});
					return file;
				} catch (error) {
					if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 100) throw error;
				}
			}
		} catch (error) {
			if (configured || dir !== process.cwd()) throw error;
		}
	}
	throw new Error('no writable directory');
}
