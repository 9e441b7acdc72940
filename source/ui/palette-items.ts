/** What the command palette offers: commands from the keymap, panes, and the objects of every engine. */
import {displayKey, type Keymap, SCOPE_TITLES} from '../keymap/keymap.js';
import type {AppServices} from './app-context.js';
import type {PaletteItem} from './components/command-palette.js';
import type {EngineObjects} from '../model/palette-objects.js';
import {onEngineKey} from '../model/multi-engine.js';
import {engineLabel} from './engine-label.js';
import {dropEngineAsked} from './engine-membership.js';
import {shortId} from './format/units.js';
import type {PaneDefinition} from './panes/registry.js';

// Commands that make no sense from the palette: they are the palette's own keys or answer dialogs.
const NOT_IN_PALETTE: ReadonlySet<string> = new Set(['app.goToPane', 'app.palette', 'app.quit']);
// Keys of a dialog, a form, a field or the palette itself: they answer what is open, not the pane.
const HELD_SCOPES: ReadonlySet<string> = new Set(['dialog', 'form', 'field', 'palette']);

export interface PaletteActions {
	goToPane: (index: number) => void;
	/** Presses a key in a pane, after switching to it. */
	pressIn: (paneIndex: number | undefined, key: string) => void;
}

const onEngine = (name: string | undefined) => (name ? `on ${name} · ` : '');

/** `objects`: the images, volumes and networks listed when the palette opened (source/palette-objects.ts). */
/** `focused`: the pane the user is in; its commands rank first among equal matches. */
export function paletteItems(services: AppServices, keymap: Keymap, panes: readonly PaneDefinition[], actions: PaletteActions, objects: readonly EngineObjects[] = [], focused?: PaneDefinition): PaletteItem[] {
	const items: PaletteItem[] = [];
	panes.forEach((pane, index) => {
		// The pane's id and other names are searched too: ":prune" finds Cleanup.
		const names = [pane.id, ...(pane.aliases ?? [])].filter(name => name !== pane.title.toLowerCase());
		items.push({kind: 'pane', label: `go to ${pane.title}`, detail: [`pane ${index + 1}`, ...names].join(' · '), run: () => actions.goToPane(index)});
	});
	for (const command of keymap.commands) {
		if (HELD_SCOPES.has(command.scope) || NOT_IN_PALETTE.has(command.id)) continue;
		if (services.isReadOnly && command.isMutating) continue;
		const key = keymap.keysOf(command)[0];
		if (!key) continue;
		// A command of one pane switches there first; global and list commands act where the user is, and so does a
		// command the focused pane has: `:stop` in Engines stops the row on screen there, not Containers' selection
		// on another engine (issue 20, found by an adversarial pass).
		const isHere = command.scope !== 'global' && command.scope !== 'list' && focused !== undefined && focused.scopes.includes(command.scope);
		const paneIndex = isHere ? panes.indexOf(focused) : panes.findIndex(pane => pane.scopes[0] === command.scope || (command.scope !== 'list' && pane.scopes.includes(command.scope)));
		items.push({
			kind: 'command',
			label: command.description,
			detail: `${SCOPE_TITLES[command.scope]} · ${keymap.keysOf(command).map(displayKey).join(' ')}${command.isDangerous ? ' · asks first' : ''}`,
			run: () => actions.pressIn(paneIndex >= 0 ? paneIndex : undefined, key),
			isHere,
			...(command.isMutating || command.writesFile ? {isMutating: true} : {}),
		});
	}
	const paneOf = (id: string) => panes.findIndex(pane => pane.id === id);
	/** Goes to the pane and selects the row there, clearing a filter that hides it (issue 20). */
	const jump = (pane: string, key: string, label: string) => () => {
		actions.goToPane(paneOf(pane));
		services.jumpTo.set({pane, key, label});
	};
	const engines = services.engines;
	// With several engines every container is listed, labelled, and found on its row of the Containers pane (issue 14).
	const containers = engines ? engines.get() : services.containers.get().map(container => ({...container, engine: undefined, key: container.id}));
	for (const container of containers) {
		items.push({
			kind: 'container',
			label: container.name,
			detail: `${onEngine(container.engine)}${container.state} · ${container.image} · ${shortId(container.id)}`,
			run: jump('containers', container.key, `container ${container.name}`),
		});
	}
	// The app's own engine: the freshly listed objects, or the Images pane's list until they arrive.
	const lists = [...objects];
	if (!lists.some(list => list.engine === services.ports)) {
		lists.unshift({engine: services.ports, images: services.images.store.get().images, volumes: [], networks: []});
	}
	for (const list of lists) {
		const name = engines ? (list.engineName ?? engineLabel(services, list.engine)) : undefined;
		// Every engine's images, volumes and networks are in their panes, on rows of their engine (issue 14).
		for (const image of list.images) {
			const tags = image.repoTags.length > 0 ? image.repoTags : [undefined];
			for (const tag of tags) {
				items.push({
					kind: 'image',
					label: tag ?? '<none>',
					detail: `${onEngine(name)}${shortId(image.id)}`,
					run: jump('images', onEngineKey(name, tag ? `${image.id} ${tag}` : image.id), `image ${tag ?? shortId(image.id)}`),
				});
			}
		}
		for (const volume of list.volumes) {
			items.push({
				kind: 'volume',
				label: volume.isAnonymous ? `${volume.name.slice(0, 12)} (anonymous)` : volume.name,
				detail: `${onEngine(name)}${volume.driver}`,
				run: jump('volumes', onEngineKey(name, volume.name), `volume ${volume.name}`),
			});
		}
		for (const network of list.networks) {
			items.push({
				kind: 'network',
				label: network.name,
				detail: `${onEngine(name)}${network.driver} · ${shortId(network.id)}`,
				run: jump('networks', onEngineKey(name, network.id), `network ${network.name}`),
			});
		}
	}
	// "context NAME" switches the whole dashboard to that context's engine (issue 7).
	for (const context of services.contexts?.list() ?? []) {
		const isCurrent = context.endpoint?.url === services.ports.engine.url && (!services.contextName || services.contextName === context.name);
		items.push({
			kind: 'context',
			label: `context ${context.name}`,
			// "current" first: a long address is cut at the palette's edge.
			detail: `${isCurrent ? 'current · ' : ''}${context.endpoint?.url ?? context.problem ?? ''}`,
			run: () => void services.contexts?.switchTo(context.name),
		});
	}
	// "drop engine NAME" for every engine that may leave the view (issue 14): asked first, as the Engines pane's key.
	for (const member of services.engines?.members ?? []) {
		if (services.membership?.dropRefusal(member.name) !== undefined) continue;
		items.push({kind: 'engine', label: `drop engine ${member.name}`, detail: `${member.engine.engine.url} · asks first`, run: () => void dropEngineAsked(services, member.name)});
	}
	return items;
}
