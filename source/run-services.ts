/**
 * Wires the run form's port (issue 13): the engine's checks and create/start from source/docker, and the
 * forms remembered per image in the XDG state folder ($XDG_STATE_HOME/dockdash/run-forms.json).
 */
import {mkdirSync, readFileSync, renameSync, writeFileSync} from 'node:fs';
import {readFile} from 'node:fs/promises';
import {homedir} from 'node:os';
import path from 'node:path';
import {attachAndStart, createContainer, engineRunChecks, startCreated} from './docker/container-create.js';
import type {Engine} from './docker/engine.js';
import {parseRunHistory, rememberRun, type RunFormValues, type RunPort} from './model/run-form.js';

/** Where remembered forms live: $XDG_STATE_HOME/dockdash, else ~/.local/state/dockdash. */
export function runHistoryFile(env: NodeJS.ProcessEnv = process.env): string {
	const base = env['XDG_STATE_HOME'] || path.join(env['HOME'] || homedir(), '.local', 'state');
	return path.join(base, 'dockdash', 'run-forms.json');
}

function readHistory(file: string): Record<string, RunFormValues[]> {
	try {
		return parseRunHistory(readFileSync(file, 'utf8'));
	} catch {
		return {};
	}
}

/** Writes the whole file under another name first, so a full disk never leaves half a file under the real one. */
function writeHistory(file: string, history: Record<string, RunFormValues[]>): void {
	mkdirSync(path.dirname(file), {recursive: true, mode: 0o700});
	const temporary = `${file}.${process.pid}.tmp`;
	writeFileSync(temporary, `${JSON.stringify(history, null, '\t')}\n`, {mode: 0o600});
	renameSync(temporary, file);
}

export function createRunPort(engine: Engine, options: {historyFile?: string; env?: NodeJS.ProcessEnv; cwd?: string} = {}): RunPort {
	const file = options.historyFile ?? runHistoryFile(options.env);
	return {
		...engineRunChecks(engine),
		readFile: file => readFile(file, 'utf8'),
		environment: options.env ?? process.env,
		cwd: options.cwd ?? process.cwd(),
		create: spec => createContainer(engine, spec),
		start: id => startCreated(engine, id),
		attachAndStart: (id, size) => attachAndStart(engine, id, size),
		recentForms: image => readHistory(file)[image] ?? [],
		rememberForm: (image, values) => {
			try {
				writeHistory(file, rememberRun(readHistory(file), image, values));
			} catch {
				// Remembering is a convenience: a read-only home must not fail the run itself.
			}
		},
	};
}
