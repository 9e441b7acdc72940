/** How dialogs name the engine an action goes to (issues 20 and 21): the Engines pane's name for it, the context, or the address. */
import type {AppServices} from './app-context.js';

export function engineLabel(services: Pick<AppServices, 'ports' | 'engines' | 'contextName'>, ports = services.ports): string {
	return services.engines?.members.find(member => member.engine === ports)?.name ?? (ports === services.ports ? services.contextName : undefined) ?? ports.engine.url;
}
