/**
 * The Swarm pane's reading of the engine (issue 15: the pane renders, this
 * polls): the role, services and nodes every 2 s while the pane is shown, and
 * the selected service's tasks. Each poll loop lives in one effect and dies in
 * its cleanup (STYLE habit 7).
 */
import {useEffect, useState} from 'react';
import type {SwarmList, SwarmNode, SwarmRole, SwarmService, SwarmTask} from '../model/swarm-types.js';
import {useServices} from '../ui/app-context.js';

const POLL_MS = 2000;

export interface SwarmView {
	role?: SwarmRole;
	/** The engine has no Swarm (Podman): one muted line instead of the panes. */
	unsupported?: string;
	services: SwarmService[];
	nodes: SwarmNode[];
	problem?: string;
	/** Entries the engine's answers left out (no ID, a repeated ID: issue 17), one line. */
	notice?: string;
}

/** The swarm as the engine last answered; `generation` bumped after an action reads it again at once. */
export function useSwarmView(isActive: boolean, generation: number): SwarmView {
	const {ports} = useServices();
	const [view, setView] = useState<SwarmView>({services: [], nodes: []});
	// One poll loop per showing of the pane; it dies with the pane or when it is hidden.
	useEffect(() => {
		if (!isActive) return;
		const controller = new AbortController();
		let timer: NodeJS.Timeout | undefined;
		const poll = async () => {
			try {
				const {role, unsupported} = await ports.swarm.status(controller.signal);
				if (role !== 'manager') setView({role, unsupported, services: [], nodes: []});
				else {
					const [found, nodes] = await Promise.all([ports.swarm.services(controller.signal), ports.swarm.nodes(controller.signal)]);
					const notice = [found.notice, nodes.notice].filter(Boolean).join('; ');
					setView(notice ? {role, services: found, nodes, notice} : {role, services: found, nodes});
				}
			} catch (error) {
				if (!controller.signal.aborted) setView(current => ({...current, problem: ports.describeError(error)}));
			}
			if (!controller.signal.aborted) timer = setTimeout(() => void poll(), POLL_MS);
		};
		void poll();
		return () => {
			controller.abort();
			clearTimeout(timer);
		};
	}, [ports, isActive, generation]);
	return view;
}

/** The tasks of one service as the engine last answered, or why it did not. */
export type SwarmTasksOf = {serviceId: string; tasks: SwarmList<SwarmTask>; problem?: undefined} | {serviceId: string; tasks?: undefined; problem: string};

/** The tasks of the selected service, read again whenever the view is (`view` changes on every poll), tagged with the service they are of. */
export function useSwarmTasks(isActive: boolean, selectedId: string | undefined, view: SwarmView): SwarmTasksOf | undefined {
	const {ports} = useServices();
	const [tasksOf, setTasksOf] = useState<SwarmTasksOf>();
	useEffect(() => {
		if (!isActive || !selectedId) return;
		const controller = new AbortController();
		ports.swarm.tasks(selectedId, controller.signal).then(
			found => !controller.signal.aborted && setTasksOf({serviceId: selectedId, tasks: found}),
			// Said where the tasks go (issue 17: a task list answered null stayed "loading…" for ever); the next poll tries again.
			error => !controller.signal.aborted && setTasksOf({serviceId: selectedId, problem: ports.describeError(error)}),
		);
		return () => controller.abort();
	}, [ports, isActive, selectedId, view]);
	return tasksOf;
}
