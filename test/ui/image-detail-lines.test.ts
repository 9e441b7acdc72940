import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import type {ImageDetails, ImageSummary} from '../../source/model/image-types.js';
import {MASK} from '../../source/model/secrets.js';
import {imageDetailLines, imageRows} from '../../source/ui/format/image-row.js';

const summary: ImageSummary = {id: `sha256:${'a'.repeat(64)}`, repoTags: ['app:1'], repoDigests: [], parentId: '', created: 1_700_000_000, size: 1000, labels: {}};
const details: ImageDetails = {
	id: summary.id,
	repoTags: ['app:1'],
	repoDigests: [],
	created: '2026-12-05T06:00:00.000Z',
	architecture: 'amd64',
	os: 'linux',
	size: 1000,
	cmd: ['app', '--api-token=img-tok', '--port=8080'],
	env: ['PATH=/usr/bin', 'DB_PASSWORD=img-pass'],
	exposedPorts: [],
	volumes: [],
	workingDir: '/',
	user: '',
	labels: {'com.example.secret_key': 'img-label', 'com.example.team': 'web'},
	layerCount: 2,
};

describe('image details', () => {
	it('mask secret-looking values baked into the image, and show their neighbours (issue 17)', () => {
		const [row] = imageRows([summary], new Map());
		const text = imageDetailLines(row!, details)
			.map(([name, value]) => `${name} ${value}`)
			.join('\n');
		assert.doesNotMatch(text, /img-tok|img-pass|img-label/);
		assert.match(text, new RegExp(`Env DB_PASSWORD=${MASK}`));
		assert.match(text, /Env PATH=\/usr\/bin/);
		assert.match(text, new RegExp(`Label com\\.example\\.secret_key=${MASK}`));
		assert.match(text, /Label com\.example\.team=web/);
		assert.match(text, new RegExp(`Cmd .*--api-token=${MASK}.*--port=8080`));
	});
});
