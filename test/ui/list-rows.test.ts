/** The row formatters of the list panes (Volumes, Networks, Compose, Engines): rows from recorded-shape objects, cells, order and filter. */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {composeGroups} from '../../source/model/compose.js';
import type {EngineRow} from '../../source/model/multi-engine.js';
import type {InventoryContainer, InventoryNetwork, InventoryVolume} from '../../source/model/prune-plan.js';
import {composeCells, composeStates, matchesComposeGroup} from '../../source/ui/format/compose-row.js';
import {engineRowCells, matchesEngineRow, orderEngineRows} from '../../source/ui/format/engine-row.js';
import {matchesNetwork, networkCells, networkRows} from '../../source/ui/format/network-row.js';
import {matchesVolume, volumeCells, volumeRows} from '../../source/ui/format/volume-row.js';
import {DEFAULT_THEME as theme} from '../../source/ui/theme.js';
import {summary} from '../support/containers.js';

const texts = (cells: ReadonlyArray<{text: string}>) => cells.map(cell => cell.text);

const container = (fields: Partial<InventoryContainer>): InventoryContainer => ({id: 'c1', name: 'web', state: 'running', imageId: 'sha256:1', labels: {}, created: 0, volumes: [], networks: [], ...fields});
const volume = (fields: Partial<InventoryVolume>): InventoryVolume => ({name: 'data', driver: 'local', mountpoint: '/var/lib/docker/volumes/data/_data', labels: {}, isAnonymous: false, ...fields});
const network = (fields: Partial<InventoryNetwork>): InventoryNetwork => ({id: 'n'.repeat(64), name: 'shop_default', driver: 'bridge', scope: 'local', subnets: ['172.20.0.0/16'], labels: {}, ...fields});

describe('volume rows', () => {
	const anonymous = 'f'.repeat(64);
	const inventory = {
		volumes: [volume({name: 'small', size: 10}), volume({name: 'unmeasured'}), volume({name: 'big', size: 2_000_000}), volume({name: anonymous, isAnonymous: true, size: 10})],
		containers: [container({name: 'db', volumes: ['big']}), container({name: 'api', volumes: ['big', 'small']})],
	};

	it('are largest first, unmeasured last, ties by name, each with the containers that mount it', () => {
		const rows = volumeRows(inventory);
		assert.deepEqual(
			rows.map(row => [row.volume.name.slice(0, 12), row.users]),
			[['big', ['db', 'api']], ['ffffffffffff', []], ['small', ['api']], ['unmeasured', []]],
		);
		assert.deepEqual(volumeRows(undefined), []);
	});

	it('show an anonymous volume by its short name, the size, and "– unused" as a warning', () => {
		const [big, anon] = volumeRows(inventory);
		assert.deepEqual(texts(volumeCells(big!, theme)), ['big', 'local', '/var/lib/docker/volumes/data/_data', '2.0MB', 'db, api']);
		const cells = volumeCells(anon!, theme);
		assert.equal(cells[0]!.text, 'ffffffffffff (anonymous)');
		assert.deepEqual(cells[4], {text: '– unused', color: theme.warning});
	});

	it('match the filter on name, driver, mountpoint or a user, in any case', () => {
		const [big] = volumeRows(inventory);
		for (const filter of ['BIG', 'loc', '_data', 'Api']) assert.equal(matchesVolume(big!, filter), true, filter);
		assert.equal(matchesVolume(big!, 'nothing'), false);
	});
});

describe('network rows', () => {
	const inventory = {
		networks: [network({name: 'shop_default'}), network({id: 'b'.repeat(64), name: 'bridge', subnets: []})],
		containers: [container({name: 'web', networks: ['n'.repeat(64)]})],
	};

	it('are by name, the system ones marked (default), with the containers attached', () => {
		const rows = networkRows(inventory);
		assert.deepEqual(rows.map(row => row.network.name), ['bridge', 'shop_default']);
		assert.deepEqual(texts(networkCells(rows[0]!, theme)), ['bridge (default)', 'bridge', 'local', '–', '– none']);
		assert.deepEqual(texts(networkCells(rows[1]!, theme)), ['shop_default', 'bridge', 'local', '172.20.0.0/16', 'web']);
	});

	it('match on the texts in any case, or on the start of the ID only', () => {
		const [, shop] = networkRows(inventory);
		for (const filter of ['SHOP', '172.20', 'web', 'nnnn']) assert.equal(matchesNetwork(shop!, filter), true, filter);
		assert.equal(matchesNetwork(shop!, 'xnnn'), false);
	});
});

describe('compose rows', () => {
	const members = [
		summary({name: 'shop-web-1', state: 'running', image: 'nginx', composeProject: 'shop', composeService: 'web'}),
		summary({name: 'shop-db-1', state: 'exited', image: 'postgres', composeProject: 'shop', composeService: 'db'}),
		summary({name: 'shop-db-2', state: 'running', image: 'postgres', composeProject: 'shop', composeService: 'db'}),
	];

	it('show a project open (▾) or closed (▸), its running count coloured, the states and the images', () => {
		const [project] = composeGroups(members);
		assert.deepEqual(texts(composeCells(project!, new Set(), theme)), ['▾ shop', '2/3', '2 running, 1 exited', 'nginx, postgres']);
		assert.equal(composeCells(project!, new Set(['shop']), theme)[0]!.text, '▸ shop');
		assert.equal(composeCells(project!, new Set(), theme)[1]!.color, theme.warning);
	});

	it('count states in the order first met', () => {
		const [project] = composeGroups(members);
		assert.equal(composeStates(project!), '2 running, 1 exited');
	});

	it('indent a service under its project, and match the filter on project or service as typed', () => {
		const groups = composeGroups(members);
		const db = groups.find(group => group.kind === 'service' && group.service === 'db')!;
		assert.equal(composeCells(db, new Set(), theme)[0]!.text, '   db');
		assert.equal(matchesComposeGroup(db, 'db'), true);
		assert.equal(matchesComposeGroup(db, 'sho'), true);
		assert.equal(matchesComposeGroup(db, 'DB'), false);
	});
});

describe('engine rows', () => {
	const row = (engine: string, fields: Parameters<typeof summary>[0]): EngineRow => {
		const container = summary(fields);
		return {...container, engine, key: `${engine}\u0000${container.id}`};
	};

	it('group by engine in the order given, by state within one', () => {
		const rows = [row('b', {name: 'b-exited', state: 'exited'}), row('a', {name: 'a-exited', state: 'exited'}), row('b', {name: 'b-up', state: 'running'}), row('a', {name: 'a-up', state: 'running'})];
		assert.deepEqual(
			orderEngineRows(rows, ['b', 'a']).map(r => r.name),
			['b-up', 'b-exited', 'a-up', 'a-exited'],
		);
	});

	it('show the engine first, in the accent colour, then the container as the containers pane does', () => {
		const cells = engineRowCells(row('prod', {name: 'web', image: 'nginx', state: 'running', composeProject: 'shop'}), theme);
		assert.deepEqual(cells[0], {text: 'prod', color: theme.accent});
		assert.equal(cells[1]!.text.includes('web'), true);
		assert.equal(cells[3]!.text, 'nginx');
		assert.equal(cells[5]!.text, 'shop');
	});

	it('match the engine name or what the containers filter matches', () => {
		const r = row('staging', {name: 'api'});
		assert.equal(matchesEngineRow(r, 'stag'), true);
		assert.equal(matchesEngineRow(r, 'api'), true);
		assert.equal(matchesEngineRow(r, 'zzz'), false);
	});
});
