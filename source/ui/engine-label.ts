/** How dialogs name the engine an action goes to (issues 20 and 21): the Engines pane's name for it, the context, or the address. */
import type {AppServices} from './app-context.js';

export function engineLabel(services: Pick<AppServices, 'engine' | 'engines' | 'contextName'>, engine = services.engine): string {
	return services.engines?.members.find(member => member.engine === engine)?.name ?? (engine === services.engine ? services.contextName : undefined) ?? engine.endpoint.url;
}
