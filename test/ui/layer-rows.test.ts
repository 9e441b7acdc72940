import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {analyseImage, layerChangesTree} from '../../source/model/layers/analysis.js';
import type {LayerChanges} from '../../source/model/layers/layer-changes.js';
import {containersByImage, imageRows, matchesImageFilter} from '../../source/ui/format/image-row.js';
import {flattenTree, STEP_COLUMNS, stepRows, stepTableCells, treeRowSize, treeRowText} from '../../source/ui/format/layer-rows.js';
import {DEFAULT_THEME as theme} from '../../source/ui/theme.js';
import {percent, progressBar} from '../../source/ui/format/progress.js';
import {summary} from '../support/containers.js';
import {imageSummary} from '../support/images.js';

describe('progress bars', () => {
	it('fills in eighths and always has the full width', () => {
		assert.equal(progressBar(0, 4), '░░░░');
		assert.equal(progressBar(1, 4), '████');
		assert.equal(progressBar(0.5, 4), '██░░');
		assert.equal(progressBar(0.5 + 1 / 16, 4), '██▎░'); // a quarter cell
		assert.equal(progressBar(0.5 + 1 / 8, 4), '██▌░'); // half a cell
		assert.equal(progressBar(Number.NaN, 3), '░░░');
		assert.equal(percent(0.999), '99%');
	});
});

describe('image rows', () => {
	it('one row per tag, a dangling image once by ID, a digest-only image under its repository', () => {
		const tagged = imageSummary({repoTags: ['a:1', 'a:2']});
		const dangling = imageSummary({repoTags: []});
		const byDigest = imageSummary({repoTags: [], repoDigests: [`reg.example/app@sha256:${'c'.repeat(64)}`]});
		const web = summary({name: 'web', imageId: tagged.id});
		const rows = imageRows([tagged, dangling, byDigest], containersByImage([web]));
		assert.deepEqual(
			rows.map(row => [row.label, row.ref === row.image.id, row.isDangling, row.containers.length]),
			[
				['a:1', false, false, 1],
				['a:2', false, false, 1],
				['<none>:<none>', true, true, 0],
				['reg.example/app:<none>', true, false, 0],
			],
		);
		assert.ok(matchesImageFilter(rows[0]!, 'web'), 'a container name finds its image');
		assert.ok(matchesImageFilter(rows[2]!, 'dangl'));
		assert.ok(!matchesImageFilter(rows[0]!, 'dangl'));
	});
});

describe('layer rows', () => {
	const layers: LayerChanges[] = [
		{entries: [{path: 'etc', kind: 'directory', size: 0, mode: 0o755}, {path: 'etc/a', kind: 'file', size: 10, mode: 0o644}], whiteouts: [], opaqueDirs: [], ignored: [], bytes: 10},
		{entries: [], whiteouts: ['etc/a'], opaqueDirs: [], ignored: [], bytes: 0},
	];
	const analysis = analyseImage(layers, [{createdBy: '/bin/sh -c #(nop) COPY file:x in /etc/a'}, {createdBy: '/bin/sh -c #(nop)  USER app', emptyLayer: true}, {createdBy: '/bin/sh -c rm /etc/a'}]);

	it('puts every history step beside its layer, metadata steps without one', () => {
		assert.deepEqual(
			stepRows(analysis).map(row => [row.layerIndex, row.isMetadataOnly, row.instruction]),
			[
				[0, false, 'COPY file:x in /etc/a'],
				[undefined, true, 'USER app'],
				[1, false, 'RUN rm /etc/a'],
			],
		);
	});

	it('gives each step one cell per column, a metadata step muted and marked, a layer step plain', () => {
		const [copy, user] = stepRows(analysis);
		const cells = stepTableCells(copy!, theme, 0);
		assert.equal(cells.length, STEP_COLUMNS.length);
		assert.deepEqual([cells[0]!.text, cells[0]!.color, cells[5]!.text], ['0', undefined, 'COPY file:x in /etc/a']);
		const metadata = stepTableCells(user!, theme, 0);
		assert.deepEqual([metadata[0]!.text, metadata[2]!.text, metadata[5]!.text], ['·', 'no files', 'USER app  (#(nop) metadata)']);
		assert.deepEqual([metadata[0]!.color, metadata[5]!.color], [theme.muted, theme.muted]);
	});

	it('flattens only open directories, and marks a removed file in text with the bytes it removed', () => {
		const root = layerChangesTree(layers, 1);
		assert.deepEqual(flattenTree(root, new Set()).map(treeRowText), ['▸   etc/']);
		const open = flattenTree(root, new Set(['etc']));
		assert.deepEqual(open.map(treeRowText), ['▾   etc/', '    − a']);
		assert.equal(treeRowSize(open[1]!), '−10B');
		assert.deepEqual(flattenTree(root, new Set(), true).map(row => row.node.path), ['etc', 'etc/a']);
	});

	it('a file that replaced a directory says so and folds open on what it removed (issue 20)', () => {
		const replaced: LayerChanges[] = [
			{entries: [{path: 'd', kind: 'directory', size: 0, mode: 0o755}, {path: 'd/x', kind: 'file', size: 4, mode: 0o644}], whiteouts: [], opaqueDirs: [], ignored: [], bytes: 4},
			{entries: [{path: 'd', kind: 'file', size: 1, mode: 0o644}], whiteouts: [], opaqueDirs: [], ignored: [], bytes: 1},
		];
		const root = layerChangesTree(replaced, 1);
		assert.deepEqual(flattenTree(root, new Set()).map(treeRowText), ['▸ ~ d (was a directory: type changed)']);
		assert.deepEqual(flattenTree(root, new Set(['d'])).map(treeRowText), ['▾ ~ d (was a directory: type changed)', '    − x']);
	});
});
