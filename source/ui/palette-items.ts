/** What the command palette offers: commands from the keymap, panes, and the objects dockdash lists. */
import {allCommands, displayKey, keysOf, SCOPE_TITLES} from '../keymap/keymap.js';
import type {AppServices} from './app-context.js';
import type {PaletteItem} from './components/command-palette.js';
import {shortId} from './format/units.js';
import type {PaneDefinition} from './panes/registry.js';

// Commands that make no sense from the palette: they are the palette's own keys or answer dialogs.
const NOT_IN_PALETTE = new Set(['app.goToPane', 'app.palette', 'app.quit']);

export interface PaletteActions {
	goToPane: (index: number) => void;
	/** Presses a key in a pane, after switching to it. */
	pressIn: (paneIndex: number | undefined, key: string) => void;
}

export function paletteItems(services: AppServices, panes: readonly PaneDefinition[], actions: PaletteActions): PaletteItem[] {
	const items: PaletteItem[] = [];
	panes.forEach((pane, index) => {
		items.push({kind: 'pane', label: `go to ${pane.title}`, detail: `pane ${index + 1}`, run: () => actions.goToPane(index)});
	});
	for (const command of allCommands()) {
		if (command.scope === 'dialog' || NOT_IN_PALETTE.has(command.id)) continue;
		if (services.isReadOnly && command.isMutating) continue;
		const key = keysOf(command)[0];
		if (!key) continue;
		// A command of one pane switches there first; global and list commands act where the user is.
		const paneIndex = panes.findIndex(pane => pane.scopes[0] === command.scope || (command.scope !== 'list' && pane.scopes.includes(command.scope)));
		items.push({
			kind: 'command',
			label: command.description,
			detail: `${SCOPE_TITLES[command.scope]} · ${keysOf(command).map(displayKey).join(' ')}${command.isDangerous ? ' · asks first' : ''}`,
			run: () => actions.pressIn(paneIndex >= 0 ? paneIndex : undefined, key),
		});
	}
	const containersPane = panes.findIndex(pane => pane.id === 'containers');
	for (const container of services.containers.get()) {
		items.push({
			kind: 'container',
			label: container.name,
			detail: `${container.state} · ${container.image} · ${shortId(container.id)}`,
			run: () => {
				actions.goToPane(containersPane);
				services.jumpTo.set({pane: 'containers', key: container.id});
			},
		});
	}
	const imagesPane = panes.findIndex(pane => pane.id === 'images');
	for (const image of services.images.store.get().images) {
		items.push({
			kind: 'image',
			label: image.repoTags[0] ?? '<none>',
			detail: `${image.repoTags.slice(1).join(' ')} ${shortId(image.id)}`.trim(),
			run: () => {
				actions.goToPane(imagesPane);
				services.jumpTo.set({pane: 'images', key: image.id});
			},
		});
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
	return items;
}
