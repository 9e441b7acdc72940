import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {composeGroups} from '../../source/model/compose.js';
import {summary} from '../support/containers.js';

describe('composeGroups', () => {
	const web1 = summary({name: 'shop-web-1', composeProject: 'shop', composeService: 'web', state: 'running'});
	const web2 = summary({name: 'shop-web-2', composeProject: 'shop', composeService: 'web', state: 'exited'});
	const db = summary({name: 'shop-db-1', composeProject: 'shop', composeService: 'db', state: 'running'});
	const other = summary({name: 'blog-app-1', composeProject: 'blog', composeService: 'app', state: 'running'});
	const loose = summary({name: 'loose'});

	it('groups by project, then service, by name; loose containers are in no group', () => {
		const rows = composeGroups([web1, loose, db, other, web2]);
		assert.deepEqual(
			rows.map(row => [row.kind, row.project, row.service ?? '', row.containers.length, row.running]),
			[
				['project', 'blog', '', 1, 1],
				['service', 'blog', 'app', 1, 1],
				['project', 'shop', '', 3, 2],
				['service', 'shop', 'db', 1, 1],
				['service', 'shop', 'web', 2, 1],
			],
		);
		assert.equal(new Set(rows.map(row => row.key)).size, rows.length);
	});

	it('a collapsed project shows only its own row, still holding all its containers', () => {
		const rows = composeGroups([web1, web2, db, other], new Set(['shop']));
		assert.deepEqual(rows.map(row => row.service ?? row.project), ['blog', 'app', 'shop']);
		assert.equal(rows.at(-1)?.containers.length, 3);
	});
});
