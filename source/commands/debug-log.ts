/**
 * DOCKDASH_DEBUG_LOG=PATH: an unhandled rejection or uncaught exception is
 * appended to PATH (with its stack) before Node ends the process with exit
 * code 1, as it does by default. On a server the dashboard's alternate screen
 * hides a stack trace; the file keeps it, and the soak test reads it (issue 6).
 */
import {appendFileSync} from 'node:fs';

function describe(reason: unknown): string {
	return reason instanceof Error ? (reason.stack ?? String(reason)) : String(reason);
}

/** Appends an unexpected failure with its stack to DOCKDASH_DEBUG_LOG, if it names a file. */
export function writeDebugLog(kind: string, reason: unknown, file = process.env['DOCKDASH_DEBUG_LOG']): void {
	if (!file) return;
	try {
		appendFileSync(file, `${new Date().toISOString()} ${kind}: ${describe(reason)}\n`);
	} catch {
		// The log is a help, never a reason to fail differently.
	}
}

/** Installs the handlers when DOCKDASH_DEBUG_LOG names a file; does nothing otherwise. */
export function installDebugLog(file = process.env['DOCKDASH_DEBUG_LOG']): void {
	if (!file) return;
	const write = (kind: string, reason: unknown) => writeDebugLog(kind, reason, file);
	process.on('unhandledRejection', reason => {
		write('unhandled rejection', reason);
		// Node's own behaviour (--unhandled-rejections=throw): the process ends non-zero.
		throw reason;
	});
	process.on('uncaughtExceptionMonitor', error => write('uncaught exception', error));
}
