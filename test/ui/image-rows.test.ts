/** The Images pane's row formatter (ui/format/image-row.ts): one cell per column, coloured by what the row is. */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {IMAGE_COLUMNS, type ImageRow, imageRowCells} from '../../source/ui/format/image-row.js';
import {DEFAULT_THEME as theme} from '../../source/ui/theme.js';
import {summary} from '../support/containers.js';

const id = `sha256:${'ab12'.repeat(16)}`;
const row = (fields: Partial<ImageRow>): ImageRow => ({
	key: `${id}web:1`,
	ref: 'web:1',
	label: 'web:1',
	isDangling: false,
	containers: [],
	image: {id, repoTags: ['web:1'], repoDigests: [], parentId: '', created: 1000, size: 2_000_000, sharedSize: 1_500_000, uniqueSize: 500_000, labels: {}},
	...fields,
});
const texts = (cells: ReadonlyArray<{text: string}>) => cells.map(cell => cell.text);

describe('image rows', () => {
	it('have one cell per column: tag, short ID, age, size, shared, unique, how many containers use it (– for none)', () => {
		const cells = imageRowCells(row({}), theme, 1000 + 3 * 3600);
		assert.equal(cells.length, IMAGE_COLUMNS.length);
		assert.deepEqual(texts(cells), ['web:1', 'ab12ab12ab12', '3h', '2.0MB', '1.5MB', '500kB', '–']);
	});

	it('warn on a dangling image, and show the containers using it (running ▸) in the accent colour only when one does', () => {
		const dangling = imageRowCells(row({isDangling: true, label: '<none>:<none>'}), theme, 1000);
		assert.equal(dangling[0]!.color, theme.warning);
		assert.equal(dangling[6]!.color, theme.muted);
		const used = imageRowCells(row({containers: [summary({id: 'c1', name: 'api'})]}), theme, 1000);
		assert.equal(used[0]!.color, undefined);
		assert.deepEqual([used[6]!.text, used[6]!.color], ['1 (1▸)', theme.accent]);
	});
});
