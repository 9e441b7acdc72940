import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {compareImages, sharedLayerCount} from '../../source/model/layers/compare.js';
import {type LayerChanges, scanLayerTar} from '../../source/model/layers/index.js';
import {type TarSpec, chunked, makeTar} from '../support/tar-writer.js';

async function layer(specs: TarSpec[]): Promise<LayerChanges> {
	return scanLayerTar(chunked(makeTar(specs)));
}

const paths = (list: Array<{displayPath: string}>) => list.map(item => item.displayPath);

describe('comparing two images', () => {
	it('shares layers as a prefix only', () => {
		assert.equal(sharedLayerCount(['a', 'b', 'c'], ['a', 'b', 'd']), 2);
		assert.equal(sharedLayerCount(['a', 'b'], ['a', 'b', 'c']), 2);
		assert.equal(sharedLayerCount(['x', 'b'], ['a', 'b']), 0, 'an equal layer above a different one is not shared');
		assert.equal(sharedLayerCount([], ['a']), 0);
	});

	it('lists files only in one, changed ones, same-looking rewrites apart, and counts the identical ones', async () => {
		const base = await layer([
			{name: 'etc/', type: 'dir'},
			{name: 'etc/os-release', content: 'debian'},
			{name: 'bin/sh', content: 'shell'},
			{name: 'lib/libc.so', size: 1000},
		]);
		const appV1 = await layer([
			{name: 'app/', type: 'dir'},
			{name: 'app/main.js', content: 'v1 code'},
			{name: 'app/old.js', content: 'old'},
			{name: 'app/run', type: 'symlink', linkName: 'main.js'},
			{name: 'app/config', content: 'same'},
		]);
		const appV2 = await layer([
			{name: 'app/', type: 'dir'},
			{name: 'app/main.js', content: 'version 2 code'},
			{name: 'app/new.js', size: 5000},
			{name: 'app/run', type: 'symlink', linkName: 'new.js'},
			{name: 'app/config', content: 'SAME'},
			{name: 'bin/.wh.sh', content: ''},
			{name: 'app/bad\u001B]0;pwned\u0007', content: 'x'},
		]);
		const result = compareImages({layerKeys: ['base', 'v1'], layers: [base, appV1]}, {layerKeys: ['base', 'v2'], layers: [base, appV2]});
		assert.equal(result.sharedLayers, 1);
		assert.equal(result.sharedBytes, base.bytes);
		assert.deepEqual(paths(result.onlyInFirst), ['bin/sh', 'app/old.js'], 'the deleted shell and the dropped file, largest first');
		assert.deepEqual(paths(result.onlyInSecond), ['app/new.js', 'app/bad␛]0;pwned␇']);
		assert.ok(!result.onlyInSecond.some(item => item.displayPath.includes('\u001B')), 'names are shown inert');
		assert.deepEqual(paths(result.changed), ['app/main.js', 'app/run']);
		assert.equal(result.changed[0]!.first!.size, 7);
		assert.equal(result.changed[0]!.second!.size, 14);
		assert.deepEqual(paths(result.rewritten), ['app/config'], 'same size and mode, written by unshared layers: maybe different');
		assert.equal(result.sameCount, 2, 'etc/os-release and lib/libc.so come from the shared layer');
	});

	it('an image against itself: everything shared, nothing differs', async () => {
		const only = await layer([{name: 'a', content: 'x'}, {name: 'b/c', size: 10}]);
		const image = {layerKeys: ['l0'], layers: [only]};
		const result = compareImages(image, image);
		assert.equal(result.sharedLayers, 1);
		assert.deepEqual([result.onlyInFirst, result.onlyInSecond, result.changed, result.rewritten], [[], [], [], []]);
		assert.equal(result.sameCount, 2);
	});
});
