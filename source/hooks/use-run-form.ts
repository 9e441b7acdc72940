/**
 * The run form's state and keys (issue 13). While open, its layer takes every key: typed
 * characters go to the focused field and never reach the pane below (issue 19). Enter on a
 * field moves on; on the last line it checks the whole form and, only when every field is
 * valid, creates the container — and only when pressed on its own, never as the end of typing.
 */
import {useCallback, useRef, useState} from 'react';
import {useKeymap} from './use-keymap.js';
import {checkRunForm, emptyRunForm, RUN_CHOICES, RUN_FIELDS, type RunAction, type RunErrors, type RunFormValues, type RunSpec} from '../model/run-form.js';
import {editText} from '../model/text-edit.js';
import {useServices} from '../ui/app-context.js';
import {LAYER, useKeyLayer} from './key-router.js';
import {typingRefusal} from './use-commands.js';

export interface RunFormState {
	image: string;
	values: RunFormValues;
	focus: number;
	errors: RunErrors;
	/** What the form is doing now (checking, creating), shown on its last line. */
	busy?: string;
	/** How many remembered forms of this image there are, and which one is shown (0 = newest). */
	recent: {count: number; index: number};
}

export interface RunForm {
	state: RunFormState | undefined;
	open: (image: string) => void;
}

/** What happens once a container exists: the pane shows it, or hands the terminal over to it. */
export interface RunOutcome {
	id: string;
	name?: string;
	action: RunAction;
	spec: RunSpec;
}

const ACTION_INDEX = RUN_FIELDS.findIndex(field => field.id === 'action');

export function useRunForm(options: {isActive: boolean; onDone: (outcome: RunOutcome) => void}): RunForm {
	const services = useServices();
	const {run, notify, ports, status} = services;
	// The new container is shown in the containers pane: what happened is said there (status lines are per pane).
	const notifyThere = (text: string, kind: 'success' | 'error') => status.set({text, kind, pane: 'containers'});
	const [state, setState] = useState<RunFormState>();
	// Read by the key layer: keys typed right after r reach the form before React renders it.
	const stateRef = useRef<RunFormState | undefined>(undefined);
	const update = useCallback((next: RunFormState | undefined) => {
		stateRef.current = next;
		setState(next);
	}, []);
	const activeRef = useRef(options.isActive);
	activeRef.current = options.isActive;
	const onDoneRef = useRef(options.onDone);
	onDoneRef.current = options.onDone;

	const open = useCallback(
		(image: string) => {
			if (!run) return;
			const recent = run.recentForms(image);
			// A remembered form opens on its last line: running it again is r, then Enter.
			update({image, values: recent[0] ?? emptyRunForm(), focus: recent[0] ? ACTION_INDEX : 0, errors: {}, recent: {count: recent.length, index: 0}});
		},
		[run, update],
	);

	const submit = async (current: RunFormState) => {
		if (!run) return;
		update({...current, errors: {}, busy: 'checking the form…'});
		let checked: Awaited<ReturnType<typeof checkRunForm>>;
		try {
			checked = await checkRunForm(current.image, current.values, run);
		} catch (error) {
			update({...current, errors: {action: ports.describeError(error)}, busy: undefined});
			return;
		}
		if ('errors' in checked) {
			const first = RUN_FIELDS.findIndex(field => checked.errors[field.id] !== undefined);
			const count = Object.keys(checked.errors).length;
			update({...current, errors: checked.errors, busy: undefined, focus: first >= 0 ? first : current.focus});
			notify(`${count} field${count === 1 ? '' : 's'} to fix: nothing was created`, 'error');
			return;
		}
		const {spec, action} = checked;
		update({...current, busy: 'creating the container…'});
		let created: {id: string; warnings: string[]};
		try {
			created = await run.create(spec);
		} catch (error) {
			update({...current, errors: {action: ports.describeError(error)}, busy: undefined});
			return;
		}
		run.rememberForm(current.image, current.values);
		const label = spec.name ?? created.id.slice(0, 12);
		const warning = created.warnings.length > 0 ? ` (engine: ${created.warnings.join('; ')})` : '';
		if (action === 'start') {
			try {
				await run.start(created.id);
				notifyThere(`started ${label} from ${current.image}${warning}`, 'success');
			} catch (error) {
				// The container exists: say so, and show it, rather than leave it unseen.
				notifyThere(`created ${label}, but it did not start: ${ports.describeError(error)}`, 'error');
			}
		} else if (action === 'create') {
			notifyThere(`created ${label} from ${current.image} (not started)${warning}`, 'success');
		}
		update(undefined);
		onDoneRef.current({id: created.id, name: spec.name, action, spec});
	};

	const keymap = useKeymap();
	const formCommands = keymap.commandsIn('form');
	useKeyLayer(
		LAYER.overlay,
		(name, input, _key, _isPasted, press) => {
			const current = stateRef.current;
			if (!current) return false;
			if (name === 'ctrl+c') return false;
			if (current.busy) return true;
			const field = RUN_FIELDS[current.focus]!;
			const choices = RUN_CHOICES[field.id];
			const command = keymap.commandFor(name, ['form']);
			const move = (delta: number) => update({...current, focus: Math.max(0, Math.min(RUN_FIELDS.length - 1, current.focus + delta))});
			switch (command?.id) {
				case 'form.cancel':
					update(undefined);
					notify('run form closed: nothing was created', 'info');
					return true;
				case 'form.next':
					move(1);
					return true;
				case 'form.previous':
					move(-1);
					return true;
				case 'form.choose': {
					if (!choices) return true;
					const step = name === 'left' ? -1 : 1;
					const next = choices[(choices.indexOf(current.values[field.id]) + step + choices.length) % choices.length]!;
					update({...current, values: {...current.values, [field.id]: next}, errors: {...current.errors, [field.id]: undefined}});
					return true;
				}
				case 'form.submit': {
					if (current.focus !== ACTION_INDEX) {
						move(1);
						return true;
					}
					const refusal = typingRefusal(command, name, press);
					if (refusal) notify(refusal, 'info');
					else void submit(current);
					return true;
				}
				case 'form.older':
				case 'form.newer': {
					const recent = run?.recentForms(current.image) ?? [];
					if (recent.length === 0) return true;
					const index = Math.max(0, Math.min(recent.length - 1, current.recent.index + (command.id === 'form.older' ? 1 : -1)));
					update({...current, values: recent[index]!, errors: {}, recent: {count: recent.length, index}});
					return true;
				}
				default:
					break;
			}
			if (choices) {
				// Typed text never lands anywhere unseen: say where it would have to go (a remembered form opens here).
				if (input && !name.startsWith('ctrl+')) notify(`"${field.label}" is chosen with ← →: ↑ moves to the fields to type in them`, 'info');
				return true;
			}
			const edited = editText(current.values[field.id], name, input);
			if (edited && !edited.outcome) update({...current, values: {...current.values, [field.id]: edited.value}, errors: {...current.errors, [field.id]: undefined}});
			return true;
		},
		() => stateRef.current !== undefined && activeRef.current,
		formCommands,
		{isExclusive: true},
	);
	return {state, open};
}
