/**
 * The entry of `dockdash layers` alone (dist/layers.js, issue 16): the command draws no dashboard, so its script
 * leaves out Ink, React, yoga and the panes. dist/cli.js runs it when the first argument is `layers`; the
 * standalone binary runs the whole program, whose `layers` branch (cli.tsx) is this same call.
 */
import {failFromEntry} from './cli-error.js';
import {installDebugLog, writeDebugLog} from './debug-log.js';
import {runLayers} from './layers.js';

installDebugLog();
try {
	process.exitCode = await runLayers(process.argv.slice(3));
} catch (error: unknown) {
	failFromEntry(error, writeDebugLog);
}
