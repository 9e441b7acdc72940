/** Opens the dashboard in a pty and narrows the containers list with the filter, for e2e tests. */
import {execFileSync} from 'node:child_process';
import {waitFor} from './engine.js';
import {startCli, type TerminalSession} from './pty.js';

/**
 * Starts the CLI, types `/text`, and closes the field with Enter. Returns once
 * the field is closed (its inverse cursor is gone), so the next key goes to
 * the list: a key sent earlier could share a read with the Enter and arrive as
 * pasted text instead of a key.
 */
export async function dashboardFiltered(text: string, size: {columns?: number; rows?: number} = {}): Promise<TerminalSession> {
	const session = startCli([], {columns: size.columns ?? 160, rows: size.rows ?? 40});
	try {
		await session.waitForText('● connected');
		session.type(`/${text}`);
		await session.waitForText(`filter: ${text}`);
		session.press('Enter');
		const withStyles = () => execFileSync('tmux', ['capture-pane', '-p', '-e', '-t', session.name], {encoding: 'utf8'});
		await waitFor(() => !/filter: .*\u001B\[7m/.test(withStyles()), {what: 'the filter field to close'});
		return session;
	} catch (error) {
		session.stop();
		throw error;
	}
}
