/** Dropping an engine from the view (issue 14), asked first: from the Engines pane's key and from the palette. */
import {plural} from '../model/plural.js';
import type {AppServices} from './app-context.js';

/** Asks through the confirmation dialog, then drops the engine; a refusal (the app's own, the last) is one line. */
export async function dropEngineAsked(services: AppServices, name: string): Promise<void> {
	const {membership} = services;
	if (!membership) return services.notify('engines cannot be added or dropped here', 'info');
	const refusal = membership.dropRefusal(name);
	if (refusal) return services.notify(refusal, 'error');
	const member = services.engines?.memberOf(name);
	const count = member?.store.get().length ?? 0;
	const isYes = await services.confirmations.ask({
		title: `Drop engine ${name} from the view?`,
		targets: [{label: name, id: member?.engine.engine.url ?? ''}],
		notes: [`Its ${plural(count, 'container')}, images, volumes, networks, stacks and events leave every pane. Nothing is sent to the engine: nothing on it changes.`, 'a in the Engines pane adds it again.'],
		verb: 'drop',
		isDangerous: false,
		// The title names the engine: not "… on <the app's engine>?".
		engine: '',
	});
	if (isYes) membership.drop(name);
}
