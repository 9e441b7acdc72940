/**
 * The cleanup pane's removal (issue 5; moved out of the pane for issue 15: the
 * pane works out the plan and binds keys, this acts): asks, naming exactly the
 * plan's objects, removes exactly that list through the inventory store (each
 * checked again just before it goes) and says in one line what went, what was
 * kept and what failed.
 */
import type {InventoryStore} from '../model/inventory-store.js';
import type {PrunePlan} from '../model/prune-plan.js';
import {useServices} from '../ui/app-context.js';
import {formatReclaimed, planItemCells, planTotal} from '../ui/format/prune-row.js';
import {shortId} from '../ui/format/units.js';

/** Returns `remove(plan)`: confirm and remove the plan as the user sees it. */
export function usePruneRun(store: InventoryStore): (chosen: PrunePlan) => Promise<void> {
	const {confirmations, notify} = useServices();
	return async chosen => {
		if (chosen.remove.length === 0) {
			notify('nothing to remove: the plan is empty', 'info');
			return;
		}
		const isYes = await confirmations.ask({
			title: `Remove ${planTotal(chosen)}?`,
			// The same cells as the plan's rows (a network has no size to show, not "0B").
			targets: chosen.remove.map(item => {
				const cells = planItemCells(item);
				return {label: `${cells.kind} ${cells.name}`, id: shortId(item.id), detail: item.size === undefined || !cells.size ? undefined : cells.size};
			}),
			notes: [...chosen.notes, 'Each object is checked again just before it goes; one that changed since stays.'],
			verb: 'remove',
			isDangerous: true,
		});
		if (!isYes) return;
		try {
			const outcome = await store.execute(chosen);
			const kind = outcome.failed.length > 0 ? 'error' : 'success';
			notify(
				`removed ${outcome.removed.length} of ${chosen.remove.length}` +
					(outcome.skipped.length > 0 ? `, ${outcome.skipped.length} kept (changed since)` : '') +
					(outcome.failed.length > 0 ? `, ${outcome.failed.length} failed` : '') +
					`; ${formatReclaimed(outcome)}`,
				kind,
			);
		} catch (error) {
			notify(`nothing removed: ${(error as Error).message}`, 'error');
		}
	};
}
