/**
 * Removing one volume or network from its pane: the same rules as a prune
 * (never one in use, a default network or a protected object), the same
 * confirmation naming the object, and the same adapter that re-checks it.
 */
import type {InventoryStore} from '../../model/inventory-store.js';
import {planForObjects, type ProtectLabel} from '../../model/prune-plan.js';
import type {AppServices} from '../app-context.js';
import {displayName, planItemCells} from '../format/prune-row.js';
import {formatBytes, shortId} from '../format/units.js';

export async function removeObject(
	services: Pick<AppServices, 'confirmations' | 'notify'>,
	store: InventoryStore,
	protect: ProtectLabel,
	kind: 'volume' | 'network',
	id: string,
	/** With several engines, the one it is on: the confirmation names it (issue 14). */
	engine?: string,
): Promise<void> {
	const inventory = store.get().inventory;
	if (!inventory || store.get().running) return;
	// Captured now: the answer applies to this object, whatever is selected by then.
	const plan = planForObjects(inventory, kind, [id], protect);
	const item = plan.remove[0];
	if (!item) {
		const kept = plan.kept[0];
		services.notify(`cannot remove ${kind} ${kept ? `${displayName(kept)}: ${kept.reason}` : id}`, 'error');
		return;
	}
	const isYes = await services.confirmations.ask({
		title: `Remove ${kind} ${displayName(item)}?`,
		targets: [{label: `${planItemCells(item).kind} ${displayName(item)}`, id: shortId(item.id), detail: item.size === undefined || kind === 'network' ? undefined : formatBytes(item.size)}],
		notes: kind === 'volume' ? ['Its data is deleted for good.'] : [],
		verb: 'remove',
		isDangerous: true,
		...(engine === undefined ? {} : {engine}),
	});
	if (!isYes) return;
	try {
		const outcome = await store.execute(plan, {isPrune: false});
		const problem = outcome.failed[0] ?? outcome.skipped[0];
		const where = engine === undefined ? '' : ` on ${engine}`;
		if (problem) services.notify(`${kind} ${displayName(item)}${where} not removed: ${problem.reason}`, 'error');
		else services.notify(`removed ${kind} ${displayName(item)}${where}`, 'success');
	} catch (error) {
		services.notify(`nothing removed: ${(error as Error).message}`, 'error');
	}
}
