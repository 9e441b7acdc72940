/**
 * Compose projects and services from the containers' labels
 * (com.docker.compose.project / .service, read by the adapter): no compose
 * binary and no compose file needed, so it works on any engine, remote too.
 */
import type {ContainerSummary} from './types.js';

export interface ComposeGroup {
	kind: 'project' | 'service';
	project: string;
	/** Set on service rows. */
	service?: string;
	/** Unique across the list. */
	key: string;
	containers: readonly ContainerSummary[];
	running: number;
}

function group(kind: ComposeGroup['kind'], project: string, containers: readonly ContainerSummary[], service?: string): ComposeGroup {
	return {
		kind,
		project,
		service,
		key: service === undefined ? `p\u0000${project}` : `s\u0000${project}\u0000${service}`,
		containers,
		running: containers.filter(container => container.state === 'running').length,
	};
}

/**
 * Projects by name, each followed by its services by name (unless collapsed).
 * Containers without a project label are not part of any group.
 */
export function composeGroups(containers: readonly ContainerSummary[], collapsed: ReadonlySet<string> = new Set()): ComposeGroup[] {
	const projects = new Map<string, Map<string, ContainerSummary[]>>();
	for (const container of containers) {
		if (!container.composeProject) continue;
		let services = projects.get(container.composeProject);
		if (!services) projects.set(container.composeProject, (services = new Map<string, ContainerSummary[]>()));
		const service = container.composeService ?? '';
		const members = services.get(service);
		if (members) members.push(container);
		else services.set(service, [container]);
	}
	const rows: ComposeGroup[] = [];
	for (const project of [...projects.keys()].sort()) {
		const services = projects.get(project)!;
		rows.push(group('project', project, [...services.values()].flat()));
		if (collapsed.has(project)) continue;
		for (const service of [...services.keys()].sort()) rows.push(group('service', project, services.get(service)!, service));
	}
	return rows;
}
