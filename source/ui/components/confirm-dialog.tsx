/** The confirmation dialog: names exactly what will be acted on, asks y or n. Render plus its key layer. */
import {Box, Text} from 'ink';
import {LAYER, useKeyLayer} from '../../hooks/key-router.js';
import {useObservable} from '../../hooks/use-observable.js';
import {useKeymap} from '../../hooks/use-keymap.js';
import {type Confirmations, REFUSAL_TEXT, titleWithEngine} from '../../model/confirmations.js';
import {fit, widthOf, wrapWords} from '../format/text.js';
import {useTheme} from '../../hooks/use-theme.js';

const MAX_LISTED = 12;

/** Rows a text takes wrapped at `width`. */
const rowsOf = (text: string, width: number) => Math.max(1, wrapWords(text, width).length);

/**
 * `engine`: the app's engine, named in every title that names no other (set when there are several engines).
 * `height`: the rows the dialog may take; the list is shortened to fit, never the title, notes or answer line
 * (issue 18: at 80×24 a long plan pushed the title off the top and clipped a row out of the middle).
 */
export function ConfirmDialog({confirmations, width, height = Number.POSITIVE_INFINITY, engine}: {confirmations: Confirmations; width: number; height?: number; engine?: string}) {
	const theme = useTheme();
	const keymap = useKeymap();
	const pending = useObservable(confirmations);
	useKeyLayer(
		LAYER.dialog,
		(name, _input, _key, isPasted) => {
			const current = confirmations.get();
			if (!current) return false;
			if (name === 'ctrl+c') return false;
			const command = keymap.commandFor(name, ['dialog']);
			// Every other key is swallowed (nothing below a dialog reacts while it is open), and counted:
			// a y after typing does not confirm (issue 19).
			confirmations.key(command?.id === 'dialog.cancel' ? 'cancel' : command?.id === 'dialog.confirm' ? 'confirm' : 'other', isPasted);
			return true;
		},
		() => confirmations.get() !== undefined,
		// The hint bar says what the dialog answers to, not the pane's q ? Tab : that it swallows (issue 20).
		keymap.commandsIn('dialog'),
		{isExclusive: true},
	);
	if (!pending) return null;
	// The width the terminal has (issue 21: cut at 104 of 160 columns before), and long lines wrap, never cut:
	// what a dialog says about what will happen must be read whole.
	const innerWidth = Math.max(20, width - 4);
	const title = titleWithEngine({title: pending.title, engine: pending.engine ?? engine});
	// Everything but the list: borders, title, notes, the refusal line (kept free so it never pushes rows off), the
	// "and N more" line and the answer line.
	const fixedRows = 2 + rowsOf(title, innerWidth) + (pending.notes ?? []).reduce((sum, note) => sum + rowsOf(note, innerWidth), 0) + 2 + 1 + 1;
	const candidates = pending.targets.slice(0, MAX_LISTED);
	// Names line up in a column as wide as the longest one, not as wide as the terminal.
	const labelWidth = Math.min(Math.max(10, innerWidth - 32), Math.max(...candidates.map(target => widthOf(target.label)), 1));
	const shown: typeof candidates = [];
	let listRows = 0;
	for (const target of candidates) {
		const rows = rowsOf(`  ${fit(target.label, labelWidth)} ${target.id}${target.detail ? ` ${target.detail}` : ''}`, innerWidth);
		if (shown.length > 0 && fixedRows + listRows + rows > height) break;
		shown.push(target);
		listRows += rows;
	}
	const hidden = pending.targets.slice(shown.length);
	const more = hidden.length;
	// What is not listed is acted on all the same: say so, and how many of those are running (killed first), so a
	// short list cannot read as the whole of it (found by an adversarial pass).
	const hiddenRunning = hidden.filter(target => /\b(running|paused|restarting)\b/.test(target.detail ?? '')).length;
	return (
		<Box flexDirection="column" borderStyle="round" borderColor={pending.isDangerous ? theme.danger : theme.accent} paddingX={1} width={innerWidth + 4}>
			<Text bold color={pending.isDangerous ? theme.danger : undefined} wrap="wrap">
				{title}
			</Text>
			{shown.map(target => (
				<Text key={target.id} wrap="wrap">
					{'  '}
					{fit(target.label, labelWidth)} <Text color={theme.muted}>{target.id}</Text>
					{target.detail ? <Text color={theme.muted}> {target.detail}</Text> : null}
				</Text>
			))}
			{more > 0 ? (
				<Text color={hiddenRunning > 0 ? theme.warning : theme.muted} wrap="wrap">
					{`  … and ${more} more not listed here, acted on as well${hiddenRunning > 0 ? ` (${hiddenRunning} of them running)` : ''}`}
				</Text>
			) : null}
			{(pending.notes ?? []).map(note => (
				// A note is a sentence (the engine's refusal among them): wrapped, never cut short (issue 19).
				<Text key={note} color={theme.warning} wrap="wrap">
					{note}
				</Text>
			))}
			{pending.refusal ? (
				<Text color={theme.warning} wrap="wrap">
					{REFUSAL_TEXT[pending.refusal]}
				</Text>
			) : pending.typedKeys > 0 ? (
				<Text color={theme.muted} wrap="wrap">
					{`${pending.typedKeys} ${pending.typedKeys === 1 ? 'key' : 'keys'} typed here did nothing: this dialog answers only y, n and Esc`}
				</Text>
			) : null}
			{/* y does nothing until the grace time after the last key has passed: the line says so until then, and
			    tests wait for it to go instead of sleeping (issue 15). */}
			<Text>
				<Text bold={pending.isLive} color={pending.isLive ? (pending.isDangerous ? theme.danger : theme.accent) : theme.muted}>
					y
				</Text>{' '}
				{pending.verb}
				{pending.isLive ? '' : <Text color={theme.muted}> (wait)</Text>}
				{'   '}
				<Text bold>n</Text>/<Text bold>Esc</Text> cancel
			</Text>
		</Box>
	);
}
