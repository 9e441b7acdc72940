/** The cleanup pane's and `dockdash prune`'s row formatters: cells of planned and kept objects, totals, tables. */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import type {PlanItem} from '../../source/model/prune-plan.js';
import {displayId, displayName, formatReclaimed, formatTable, keptItemCells, PLAN_COLUMNS, planCells, planItemCells, planTotal, USAGE_COLUMNS, usageCells} from '../../source/ui/format/prune-row.js';
import {DEFAULT_THEME as theme} from '../../source/ui/theme.js';

const ANONYMOUS = 'a'.repeat(64);
const item = (fields: Partial<PlanItem>): PlanItem => ({kind: 'image', id: `sha256:${'b'.repeat(64)}`, name: '<none>', size: 5_000_000, labels: {}, ...fields});

describe('prune rows', () => {
	it('give the plan and the usage view one coloured cell per column; a named volume shows no ID, age from the given second', () => {
		const plan = planCells(item({}), theme);
		assert.equal(plan.length, PLAN_COLUMNS.length);
		assert.deepEqual([plan[1]!.text, plan[2]!.text, plan[2]!.color, plan[3]!.text], ['<none>', 'bbbbbbbbbbbb', theme.muted, '5.0MB']);
		const usage = usageCells({kind: 'volume', id: 'pgdata', name: 'pgdata', size: 2000, created: 1000}, 1000 + 2 * 86_400, theme);
		assert.equal(usage.length, USAGE_COLUMNS.length);
		assert.deepEqual(usage.map(cell => cell.text), ['volume', 'pgdata', '', '2.0kB', '2d']);
		assert.equal(usageCells({kind: 'log', id: 'c'.repeat(64), name: 'web', size: 1}, 0, theme)[4]!.text, '–');
	});

	it('name an anonymous volume "(anonymous)" with its short ID, and a named one by its name with no ID', () => {
		assert.deepEqual(planItemCells(item({kind: 'volume', id: ANONYMOUS, name: ANONYMOUS, size: 1000})), {kind: 'volume', name: '(anonymous)', id: 'aaaaaaaaaaaa', size: '1.0kB', note: ''});
		assert.equal(displayName({kind: 'volume', name: 'pgdata'}), 'pgdata');
		assert.equal(displayId({kind: 'volume', id: 'pgdata'}), '');
	});

	it('show no size for a network, the kind by its label, and the note', () => {
		assert.equal(planItemCells(item({kind: 'network', id: 'c'.repeat(64), name: 'old_default', size: undefined})).size, '');
		assert.equal(planItemCells(item({kind: 'buildCache', id: 'xyz', name: 'regular'})).kind, 'build cache');
		assert.equal(planItemCells(item({note: 'only used by containers in this plan'})).note, 'only used by containers in this plan');
		assert.deepEqual(keptItemCells({kind: 'container', id: 'd'.repeat(64), name: 'db', reason: 'running', labels: {}} as never), {kind: 'container', name: 'db', id: 'dddddddddddd', reason: 'running'});
	});

	it('total the plan, saying "at least" when a size is unknown, and say when reclaimed bytes are an estimate', () => {
		assert.equal(planTotal({remove: [item({}), item({})], totalBytes: 10_000_000, isTotalPartial: false}), '2 objects, 10.0MB freed');
		assert.equal(planTotal({remove: [item({})], totalBytes: 0, isTotalPartial: true}), '1 object, at least 0B freed');
		assert.equal(formatReclaimed({reclaimedBytes: 2_100_000}), 'reclaimed 2.1MB');
		assert.equal(formatReclaimed({reclaimedBytes: 2_100_000, estimatedBytes: 2_100_000}), "reclaimed 2.1MB (estimated from the preview's sizes)");
	});

	it('lay out plain columns as wide as their content, right-aligned where asked, with no trailing blanks', () => {
		assert.equal(formatTable(['KIND', 'SIZE'], [['image', '5.0MB'], ['build cache', '12B']], new Set([1])), 'KIND          SIZE\nimage        5.0MB\nbuild cache    12B');
	});
});
