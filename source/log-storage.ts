/**
 * The logs pane's storage (source/model/ports.ts LogStoragePort): the ring's
 * size from the environment or the config, and saving a file where the user
 * asked (DOCKDASH_SAVE_DIR), else the working directory, else the temporary one.
 */
import {link, mkdir, rm, writeFile} from 'node:fs/promises';
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
			return await writeWhole(dir, fileName, text);
		} catch (error) {
			if (configured || dir !== process.cwd()) throw new Error(describeWriteError(error, dir));
		}
	}
	throw new Error('no writable directory');
}

/**
 * Writes the file whole or not at all (issue 17): into a hidden temporary file beside it first, then linked under
 * its name — link() refuses an existing name, so nothing is overwritten — and the temporary name removed. A full
 * disk or any other failure removes the temporary file: no half-written log is ever left under the final name.
 */
async function writeWhole(dir: string, fileName: string, text: string): Promise<string> {
	const temporary = path.resolve(dir, `.${fileName}.${process.pid}.${Date.now()}.partial`);
	try {
		await writeFile(temporary, text, {flag: 'wx', mode: 0o600});
		// Never over an existing file: a second save in the same second gets -2, -3, ...
		for (let attempt = 1; ; attempt++) {
			const file = path.resolve(dir, attempt === 1 ? fileName : fileName.replace(/\.log$/, `-${attempt}.log`));
			try {
				await link(temporary, file);
				return file;
			} catch (error) {
				if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 100) throw error;
			}
		}
	} finally {
		await rm(temporary, {force: true});
	}
}

function describeWriteError(error: unknown, dir: string): string {
	const code = (error as NodeJS.ErrnoException).code;
	if (code === 'ENOSPC' || code === 'EDQUOT') return `no space left in ${dir} (${code}); nothing was saved: free some space, or set DOCKDASH_SAVE_DIR to another folder`;
	if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return `cannot write in ${dir} (${code}); nothing was saved: set DOCKDASH_SAVE_DIR to a writable folder`;
	return `${(error as Error).message.split('\n')[0]}; nothing was saved`;
}
