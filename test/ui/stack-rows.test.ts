/** The Compose pane's row formatter (ui/format/stack-row.ts): projects and services from containers and files, their cells and filter. */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {type StackInfo, stackRows} from '../../source/model/compose.js';
import {matchesStackRow, STACK_COLUMNS, stackCells, statesText} from '../../source/ui/format/stack-row.js';
import {DEFAULT_THEME as theme} from '../../source/ui/theme.js';
import {summary} from '../support/containers.js';

const texts = (cells: ReadonlyArray<{text: string}>) => cells.map(cell => cell.text);
const shop = (fields: Parameters<typeof summary>[0]) => summary({composeProject: 'shop', image: 'nginx:1', ...fields});
const containers = [
	shop({id: 'a'.repeat(64), name: 'shop-web-1', composeService: 'web', state: 'running', health: 'healthy'}),
	shop({id: 'b'.repeat(64), name: 'shop-web-2', composeService: 'web', state: 'running', health: 'unhealthy'}),
	shop({id: 'c'.repeat(64), name: 'shop-db-1', composeService: 'db', state: 'exited', image: 'postgres:16'}),
];

describe('stack rows', () => {
	const rows = stackRows(containers, new Map());
	const row = (service?: string) => rows.find(candidate => candidate.service === service)!;

	it('have one cell per column: the project with ▾ (▸ collapsed), its services indented, running of all, states, images', () => {
		const project = stackCells(row(undefined), new Set(), theme);
		assert.equal(project.length, STACK_COLUMNS.length);
		assert.deepEqual(texts(project).slice(0, 2), ['▾ shop', '2/3']);
		assert.equal(stackCells(row(undefined), new Set(['shop']), theme)[0]!.text, '▸ shop');
		assert.deepEqual(texts(stackCells(row('web'), new Set(), theme)), ['   web', '2/2', '2 running (1 healthy, 1 unhealthy)', 'nginx:1']);
	});

	it('colour the count by how many run, and the states danger when one is unhealthy', () => {
		const web = stackCells(row('web'), new Set(), theme);
		assert.equal(web[1]!.color, theme.success);
		assert.equal(web[2]!.color, theme.danger);
		const db = stackCells(row('db'), new Set(), theme);
		assert.deepEqual([db[1]!.text, db[1]!.color, db[2]!.text, db[2]!.color], ['0/1', theme.muted, '1 exited', theme.muted]);
		assert.equal(stackCells(row(undefined), new Set(), theme)[1]!.color, theme.warning);
	});

	it('say down, with the problem, for a project from a file with no containers', () => {
		const stacks = new Map<string, StackInfo>([['blog', {source: {files: ['/srv/blog/compose.yaml'], origin: 'flag'}, problem: 'no such file', profiles: []}]]);
		const blog = stackRows([], stacks).find(candidate => candidate.project === 'blog' && candidate.kind === 'project')!;
		assert.equal(statesText(blog), 'down · no such file');
		const cells = stackCells(blog, new Set(), theme);
		assert.deepEqual([cells[2]!.color, cells[3]!.text], [theme.warning, '/srv/blog/compose.yaml']);
	});

	it('with several engines, show ▸ for the project collapsed on the row’s engine only', () => {
		const onB = {...row(undefined), engine: 'b'};
		assert.equal(stackCells(onB, new Set(['a\u0000shop']), theme)[0]!.text, '▾ shop');
		assert.equal(stackCells(onB, new Set(['b\u0000shop']), theme)[0]!.text, '▸ shop');
	});

	it('filter on the project or service name, case as typed', () => {
		assert.ok(matchesStackRow(row('db'), 'db'));
		assert.ok(matchesStackRow(row('db'), 'sho'));
		assert.ok(!matchesStackRow(row('db'), 'Shop'));
	});
});
