import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {
	type LayerChanges,
	type TreeNode,
	analyseImage,
	filterTree,
	findNode,
	imageTreeAt,
	layerChangesTree,
	mapHistory,
	scanLayerTar,
} from '../../source/model/layers/index.js';
import {type TarSpec, chunked, makeTar} from '../support/tar-writer.js';

async function layer(specs: TarSpec[]): Promise<LayerChanges> {
	return scanLayerTar(chunked(makeTar(specs)));
}

/** path → "status size" for every node, for compact exact assertions. */
function flatten(root: TreeNode): Record<string, string> {
	const out: Record<string, string> = {};
	const visit = (node: TreeNode) => {
		if (node.path !== '') out[node.path] = `${node.status} ${node.totalSize}`;
		for (const child of node.children) visit(child);
	};
	visit(root);
	return out;
}

describe('layer changes', () => {
	it('separates whiteouts, opaque markers and ignored names; normalises paths', async () => {
		const changes = await layer([
			{name: './etc/', type: 'dir'},
			{name: '/etc/passwd', content: 'root'},
			{name: 'etc/../etc/./x', content: 'ab'},
			{name: 'etc/.wh.old', content: ''},
			{name: 'var/.wh..wh..opq', content: ''},
			{name: 'var/.wh.', content: ''},
			{name: 'var/.wh..wh.plnk', content: ''},
		]);
		assert.deepEqual(changes.entries.map(entry => entry.path), ['etc', 'etc/passwd', 'etc/x']);
		assert.deepEqual(changes.whiteouts, ['etc/old']);
		assert.deepEqual(changes.opaqueDirs, ['var']);
		assert.deepEqual(changes.ignored, ['var/.wh.', 'var/.wh..wh.plnk']);
		assert.equal(changes.bytes, 6);
	});
});

describe('analyseImage', () => {
	it('marks added, modified and removed files and measures waste with the layers that added and replaced it', async () => {
		const layers = [
			await layer([
				{name: 'app/', type: 'dir'},
				{name: 'app/keep', size: 100},
				{name: 'app/over', size: 1000},
				{name: 'app/gone', size: 300},
				{name: 'tmp/', type: 'dir'},
				{name: 'tmp/cache/', type: 'dir'},
				{name: 'tmp/cache/a', size: 40},
				{name: 'tmp/cache/b', size: 60},
			]),
			await layer([{name: 'app/', type: 'dir'}, {name: 'app/over', size: 10}, {name: 'app/new', size: 5}]),
			await layer([{name: 'app/.wh.gone'}, {name: '.wh.tmp'}, {name: 'app/.wh.never-existed'}]),
		];
		const analysis = analyseImage(layers, [{createdBy: 'ADD rootfs'}, {createdBy: '/bin/sh -c echo > /app/over'}, {createdBy: '/bin/sh -c rm -rf /app/gone /tmp'}]);
		assert.deepEqual(
			analysis.layers.map(item => [item.bytes, item.added, item.modified, item.removed, item.wastedBytes]),
			[
				[1500, 8, 0, 0, 1400],
				[15, 1, 2, 0, 0],
				[0, 0, 0, 2, 0],
			],
		);
		assert.equal(analysis.efficiency.totalBytes, 1515);
		assert.equal(analysis.efficiency.wastedBytes, 1400);
		assert.equal(analysis.efficiency.finalBytes, 115);
		assert.equal(analysis.efficiency.score, 115 / 1515);
		assert.equal(analysis.efficiency.wastedRatio, 1400 / 115);
		assert.deepEqual(
			analysis.efficiency.topWasted.map(item => [item.path, item.wastedBytes, item.occurrences.map(o => `${o.addedBy}->${o.replacedBy} ${o.how}`)]),
			[
				['app/over', 1000, ['0->1 overwritten']],
				['app/gone', 300, ['0->2 deleted']],
				['tmp/cache/b', 60, ['0->2 deleted']],
				['tmp/cache/a', 40, ['0->2 deleted']],
			],
		);
		assert.deepEqual(flatten(layerChangesTree(layers, 1)), {app: 'modified 15', 'app/over': 'modified 10', 'app/new': 'added 5'});
		assert.deepEqual(flatten(layerChangesTree(layers, 2)), {app: 'unchanged 0', 'app/gone': 'removed 0', tmp: 'removed 0'});
		assert.equal(findNode(layerChangesTree(layers, 2), 'tmp')!.size, 100);
		assert.deepEqual(flatten(imageTreeAt(layers, 2)), {
			app: 'unchanged 115',
			'app/keep': 'unchanged 100',
			'app/over': 'unchanged 10',
			'app/new': 'unchanged 5',
			'app/gone': 'removed 0',
			tmp: 'removed 0',
		});
		assert.equal(imageTreeAt(layers, 0).totalSize, 1500);
		assert.equal(imageTreeAt(layers, 0).fileCount, 5);
		const deleted = analysis.advice.filter(item => item.kind === 'added-then-deleted');
		assert.equal(deleted.length, 1);
		assert.equal(deleted[0]!.bytes, 400);
		assert.match(deleted[0]!.message, /layer 0 adds 400B in 3 files.*layer 2 deletes/);
	});

	it('applies an opaque directory only to lower layers, wherever it stands among its siblings', async () => {
		const base = await layer([{name: 'd/', type: 'dir'}, {name: 'd/old', size: 7}, {name: 'd/both', size: 11}, {name: 'd/sub/', type: 'dir'}, {name: 'd/sub/deep', size: 13}]);
		for (const position of ['first', 'middle', 'last'] as const) {
			const entries: TarSpec[] = [{name: 'd/', type: 'dir'}, {name: 'd/new', size: 3}, {name: 'd/both', size: 2}];
			const marker: TarSpec = {name: 'd/.wh..wh..opq'};
			if (position === 'first') entries.splice(1, 0, marker);
			else if (position === 'middle') entries.splice(2, 0, marker);
			else entries.push(marker);
			const layers = [base, await layer(entries)];
			assert.deepEqual(
				flatten(imageTreeAt(layers, 1)),
				{d: 'modified 5', 'd/new': 'added 3', 'd/both': 'modified 2', 'd/old': 'removed 0', 'd/sub': 'removed 0'},
				`opaque marker ${position}`,
			);
			assert.equal(analyseImage(layers, []).efficiency.wastedBytes, 31, `opaque marker ${position}`);
		}
	});

	it('does not let a bare .wh. delete its parent', async () => {
		const layers = [await layer([{name: 'd/', type: 'dir'}, {name: 'd/f', size: 9}]), await layer([{name: 'd/.wh.'}, {name: 'd/.wh..'}])];
		const analysis = analyseImage(layers, []);
		assert.equal(analysis.efficiency.wastedBytes, 0);
		assert.equal(imageTreeAt(layers, 1).totalSize, 9);
		assert.deepEqual(analysis.ignoredWhiteouts, [{layer: 1, path: 'd/.wh.'}, {layer: 1, path: 'd/.wh..'}]);
	});

	it('keeps the later of duplicate entries and counts the earlier as waste of the same layer', async () => {
		const layers = [await layer([{name: 'f', size: 50}, {name: 'f', size: 8}])];
		const analysis = analyseImage(layers, []);
		assert.equal(analysis.efficiency.wastedBytes, 50);
		assert.deepEqual(analysis.efficiency.topWasted[0]!.occurrences, [{path: 'f', size: 50, addedBy: 0, replacedBy: 0, how: 'overwritten'}]);
		assert.deepEqual(flatten(imageTreeAt(layers, 0)), {f: 'added 8'});
		assert.equal(analysis.layers[0]!.added, 1);
	});

	it('keeps hard links, symlinks and devices with their targets and no bytes', async () => {
		const layers = [
			await layer([
				{name: 'bin/', type: 'dir'},
				{name: 'bin/busybox', size: 1000},
				{name: 'bin/sh', type: 'hardlink', linkName: 'bin/busybox'},
				{name: 'bin/ls', type: 'symlink', linkName: '/bin/busybox'},
				{name: 'dev/console', type: 'char', devMajor: 5, devMinor: 1},
			]),
		];
		const tree = imageTreeAt(layers, 0);
		assert.equal(tree.totalSize, 1000);
		assert.equal(tree.fileCount, 4);
		assert.deepEqual([findNode(tree, 'bin/sh')!.kind, findNode(tree, 'bin/sh')!.linkTarget, findNode(tree, 'bin/sh')!.size], ['hardlink', 'bin/busybox', 0]);
		assert.equal(findNode(tree, 'bin/ls')!.displayLinkTarget, '/bin/busybox');
		assert.deepEqual(findNode(tree, 'dev/console')!.device, {major: 5, minor: 1});
	});

	it('replaces a file by a directory and a directory by a file, counting the replaced bytes', async () => {
		const layers = [
			await layer([{name: 'x', size: 4}, {name: 'y/', type: 'dir'}, {name: 'y/inner', size: 6}]),
			await layer([{name: 'x/', type: 'dir'}, {name: 'x/in', size: 1}, {name: 'y', size: 2}]),
		];
		const analysis = analyseImage(layers, []);
		assert.equal(analysis.efficiency.wastedBytes, 10);
		// What the file y replaced shows as removed under it (issue 20); a removed entry counts no bytes in the tree.
		assert.deepEqual(flatten(imageTreeAt(layers, 1)), {x: 'modified 1', 'x/in': 'added 1', y: 'modified 2', 'y/inner': 'removed 0'});
		assert.equal(findNode(imageTreeAt(layers, 1), 'x')!.replacedKind, 'file');
	});

	it('sanitizes escape-laden names for display and keeps the raw bytes as identity', async () => {
		const evil = 'evil\u001b]0;pwned\u0007\u001b[2J.txt';
		const layers = [await layer([{name: evil, size: 1}])];
		const node = imageTreeAt(layers, 0).children[0]!;
		assert.equal(node.name, Buffer.from(evil).toString('latin1'));
		assert.equal(node.displayName, 'evil␛]0;pwned␇␛[2J.txt');
		assert.doesNotMatch(node.displayName, /[\u0000-\u001f]/);
	});

	it('filters a tree by path, keeping ancestors and re-rolling sizes', async () => {
		const layers = [await layer([{name: 'a/b/match.txt', size: 5}, {name: 'a/other', size: 7}, {name: 'c', size: 1}])];
		const tree = filterTree(imageTreeAt(layers, 0), 'MATCH');
		assert.deepEqual(flatten(tree), {a: 'added 5', 'a/b': 'added 5', 'a/b/match.txt': 'added 5'});
	});

	it('a filter starting with / is a path from the root, as dockdash prints paths (issue 20)', async () => {
		const layers = [await layer([{name: 't/readd.bin', size: 5}, {name: 'usr/lib/terminfo/t/tmux', size: 7}, {name: 'etc/t', size: 1}])];
		const tree = imageTreeAt(layers, 0);
		assert.deepEqual(flatten(filterTree(tree, '/t/readd.bin')), {t: 'added 5', 't/readd.bin': 'added 5'});
		assert.deepEqual(flatten(filterTree(tree, '/t/')), {t: 'added 5', 't/readd.bin': 'added 5'}, '/t/ is not usr/lib/terminfo/t/');
		assert.deepEqual(Object.keys(flatten(filterTree(tree, '/T/READD'))), ['t', 't/readd.bin'], 'case is ignored');
		// Without a leading slash the text may be anywhere in the path, as before.
		assert.deepEqual(Object.keys(flatten(filterTree(tree, 't/'))).sort(), ['t', 't/readd.bin', 'usr', 'usr/lib', 'usr/lib/terminfo', 'usr/lib/terminfo/t', 'usr/lib/terminfo/t/tmux']);
	});

	it('a directory replaced by a file: its entries show as removed and the file as a type change (issue 20)', async () => {
		const layers = [
			await layer([
				{name: 't/', type: 'dir'},
				{name: 't/dir2file/', type: 'dir'},
				{name: 't/dir2file/sub/', type: 'dir'},
				{name: 't/dir2file/sub/big', size: 3000},
				{name: 't/dir2file/x', size: 10},
			]),
			// `rm -rf /t/dir2file && echo > /t/dir2file`: the layer holds the file (and its parent's new mtime).
			await layer([{name: 't/', type: 'dir'}, {name: 't/dir2file', size: 1}]),
		];
		const changes = layerChangesTree(layers, 1);
		assert.deepEqual(flatten(changes), {
			t: 'modified 1',
			't/dir2file': 'modified 1',
			't/dir2file/sub': 'removed 0',
			't/dir2file/sub/big': 'removed 0',
			't/dir2file/x': 'removed 0',
		});
		assert.equal(findNode(changes, 't/dir2file')!.replacedKind, 'directory');
		assert.equal(findNode(changes, 't/dir2file/sub/big')!.size, 3000, 'a removed entry shows the bytes it held');
		const summary = analyseImage(layers, []).layers[1]!;
		assert.deepEqual([summary.added, summary.modified, summary.removed], [0, 2, 3]);
		// The same change written as a whiteout and the file (as the containerd image store's differ may): the same tree.
		const withWhiteout = [layers[0]!, await layer([{name: 't/', type: 'dir'}, {name: 't/.wh.dir2file', content: ''}, {name: 't/dir2file', size: 1}])];
		assert.deepEqual(flatten(layerChangesTree(withWhiteout, 1)), flatten(changes));
		assert.equal(findNode(layerChangesTree(withWhiteout, 1), 't/dir2file')!.replacedKind, 'directory');
		assert.equal(analyseImage(withWhiteout, []).layers[1]!.removed, 3);
		// The image after the layer has the file, with the type change marked in that layer only.
		assert.equal(findNode(imageTreeAt(layers, 1), 't/dir2file')!.kind, 'file');
		assert.equal(findNode(imageTreeAt(layers, 1), 't/dir2file')!.replacedKind, 'directory');
	});
});

describe('history and advice', () => {
	it('maps non-empty history steps to layers and marks #(nop) metadata as adding no files', () => {
		const steps = mapHistory(
			[
				{createdBy: '/bin/sh -c #(nop) ADD file:abc in / ', created: '2024-01-02T03:04:05Z'},
				{createdBy: '/bin/sh -c #(nop)  CMD ["sh"]', emptyLayer: true},
				{createdBy: '|1 X=1 /bin/sh -c echo hi'},
				{createdBy: '/bin/sh -c #(nop)  ENV A=b'},
				{createdBy: 'COPY . /app # buildkit'},
				{createdBy: '/bin/busybox --install -s /bin'},
			],
			4,
		);
		assert.deepEqual(
			steps.map(step => [step.instruction, step.verb, step.isMetadataOnly, step.layerIndex]),
			[
				['ADD file:abc in /', 'ADD', false, 0],
				['CMD ["sh"]', 'CMD', true, undefined],
				['RUN echo hi', 'RUN', false, 1],
				['ENV A=b', 'ENV', true, undefined],
				['COPY . /app', 'COPY', false, 2],
				['RUN /bin/busybox --install -s /bin', 'RUN', false, 3],
			],
		);
		assert.equal(steps[0]!.created, 1704164645);
	});

	it('advises on a whole-context COPY before a dependency install and on package lists kept', async () => {
		const layers = [
			await layer([{name: 'var/lib/apt/lists/', type: 'dir'}, {name: 'var/lib/apt/lists/deb_Packages', size: 2048}, {name: 'usr/bin/x', size: 1}]),
			await layer([{name: 'app/index.js', size: 10}]),
			await layer([{name: 'app/node_modules/m.js', size: 10}]),
		];
		const analysis = analyseImage(layers, [{createdBy: '/bin/sh -c apt-get update && apt-get install -y x'}, {createdBy: '/bin/sh -c #(nop) COPY dir:0123abcd in /app '}, {createdBy: '/bin/sh -c npm ci'}]);
		assert.deepEqual(
			analysis.advice.map(item => [item.kind, item.layer, item.bytes]),
			[
				['copy-context-before-install', 1, undefined],
				['package-cache-kept', 0, 2048],
			],
		);
		assert.match(analysis.advice[0]!.message, /"npm ci" \(step 2\)/);
	});
});
