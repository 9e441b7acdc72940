/**
 * The config's custom commands in the active pane: each one's key (from the
 * keymap, where they are registered beside the built-in commands) captures the
 * selected object, asks first when the command is dangerous, and runs it on
 * the terminal (attached) or in the background with its output in a view.
 */
import {useStdin, useStdout} from 'ink';
import {useEffect, useRef, useState} from 'react';
import type {Scope} from '../keymap/keymap.js';
import type {StoppableRun} from '../model/background-run-state.js';
import {displayArgv, expandTemplate, parseTemplate} from '../model/command-template.js';
import {type CustomCommand, customCommandId, type TargetObject} from '../model/custom-commands.js';
import {sanitize} from '../model/sanitize.js';
import type {AppServices} from '../ui/app-context.js';
import {shortId} from '../ui/format/units.js';
import type {PaneDefinition} from '../ui/panes/registry.js';
import {useCommands} from './use-commands.js';
import {isAnyDown} from './use-container-actions.js';

/** The object selected in a pane now, or undefined. */
export function targetIn(pane: string, services: AppServices): TargetObject | undefined {
	if (pane === 'containers' || pane === 'logs') {
		// With several engines the selected container may be on another engine: its store, and its address for {engine}.
		const {id, engine} = services.selection.get();
		const member = engine === undefined ? undefined : services.engines?.memberOf(engine);
		const container = id ? (member?.store ?? services.containers).getById(id) : undefined;
		return container && {kind: 'container', id: container.id, name: container.name, image: container.image, ...(member ? {engine: member.engine.engine.url, engineName: member.name} : {})};
	}
	if (pane === 'layers') {
		const explored = services.images.explore.get();
		return explored && {kind: 'image', id: explored.id, name: explored.ref, image: explored.ref};
	}
	return services.paneSelections.get()[pane];
}

export interface CustomCommandsView {
	/** The background run whose output is shown, if any. */
	output?: StoppableRun;
	/** Closes the output view, stopping the command if it still runs. */
	closeOutput: () => void;
}

/** Called by the app itself, which provides the services context rather than reading it. */
export function useCustomCommands(services: AppServices, pane: PaneDefinition, isActive: boolean): CustomCommandsView {
	const {stdin} = useStdin();
	const {stdout, write} = useStdout();
	const [output, setOutput] = useState<StoppableRun | undefined>(undefined);
	const outputRef = useRef<StoppableRun | undefined>(undefined);
	const isAttached = useRef(false);
	useEffect(() => () => outputRef.current?.stop(), []);

	const show = (run: StoppableRun | undefined) => {
		outputRef.current?.stop();
		outputRef.current = run;
		setOutput(run);
	};

	const run = async (command: CustomCommand) => {
		// Captured at the key press: the command acts on this object, whatever is selected by the time it runs.
		const target = targetIn(pane.id, services);
		if (!target) return services.notify(`${command.name}: nothing selected`, 'info');
		// The keymap already unbinds these under --read-only; this is the second lock.
		if (services.isReadOnly && !command.readOnlySafe) return services.notify(`${command.name}: read-only mode`, 'error');
		// On a down engine's row (its rows as last seen) a command that may change things is refused up front, as the
		// built-in actions are (issue 14): one line naming the engine, nothing run.
		if (!command.readOnlySafe && target.engineName !== undefined && isAnyDown(services, [target.engineName], command.name)) return;
		const argv = expandTemplate(parseTemplate(command.command), {...target, engine: target.engine ?? services.ports.engine.url});
		const shown = sanitize(displayArgv(argv));
		if (command.dangerous) {
			const isYes = await services.confirmations.ask({
				title: `Run ${command.name} on this ${target.kind}?`,
				targets: [{label: target.name, id: shortId(target.id)}],
				notes: [`runs: ${shown}`],
				verb: 'run',
				isDangerous: true,
			});
			if (!isYes) return services.notify(`${command.name}: cancelled`, 'info');
		}
		if (command.mode === 'background') {
			show(services.programs.runInBackground(`${command.name} · ${target.name}`, argv));
			return;
		}
		if (isAttached.current) return;
		isAttached.current = true;
		try {
			const end = await services.programs.runAttached(argv, {stdin, stdout, redraw: () => write('')}, `dockdash: ${shown}\r\ndockdash comes back when it ends.`);
			if (end.problem) services.notify(`${command.name}: ${sanitize(end.problem)}`, 'error');
			else if (end.signal) services.notify(`${command.name} ended by ${end.signal}`, 'info');
			else services.notify(`${command.name} exited with code ${end.exitCode}`, end.exitCode === 0 ? 'success' : 'error');
		} finally {
			isAttached.current = false;
		}
	};

	const commands = services.config.commands.filter(command => command.panes.includes(pane.id));
	useCommands(
		[pane.id as Scope],
		Object.fromEntries(
			commands.map(command => [
				customCommandId(command),
				() => void run(command).catch((error: unknown) => services.notify(`${command.name}: ${sanitize(String((error as Error)?.message ?? error))}`, 'error')),
			]),
		),
		{isActive: isActive && !output, isReadOnly: services.isReadOnly},
	);
	const closeOutput = () => {
		const current = outputRef.current;
		if (current?.get().status === 'running') services.notify(`${sanitize(current.title)}: stopped`, 'info');
		show(undefined);
	};
	return {output, closeOutput};
}
