import assert from 'node:assert/strict';
import {afterEach, describe, it} from 'node:test';
import {render} from 'ink-testing-library';
import React from 'react';
import {App} from '../../source/app.js';
import type {ContainerSummary} from '../../source/model/types.js';
import {summary} from '../support/containers.js';
import {imageSummary, scriptedImageServices} from '../support/images.js';
import {frameWith, scriptedServices, deliberateRouter} from '../support/services.js';

const ESC = '\u001B';
const DOWN = '\u001B[B';
let cleanup: Array<() => void> = [];
afterEach(() => {
	for (const fn of cleanup) fn();
	cleanup = [];
});

const web = imageSummary({id: `sha256:${'1'.repeat(64)}`, repoTags: ['shop/web:1.2', 'shop/web:latest'], size: 120_000_000, created: Date.now() / 1000 - 7200});
const dangling = imageSummary({id: `sha256:${'2'.repeat(64)}`, repoTags: [], size: 3_000_000});
const db = imageSummary({id: `sha256:${'3'.repeat(64)}`, repoTags: ['postgres:16'], size: 400_000_000});

async function renderImages(options: {containers?: ContainerSummary[]; readOnly?: boolean; columns?: number} = {}) {
	const base = await scriptedServices(options.containers ?? [summary({name: 'web-1', imageId: web.id, state: 'running'}), summary({name: 'web-old', imageId: web.id, state: 'exited'})], {
		readOnly: options.readOnly,
	});
	const images = scriptedImageServices([web, dangling, db]);
	images.source.usage.set(web.id, {sharedSize: 100_000_000, uniqueSize: 20_000_000});
	const services = {...base, images};
	// ink-testing-library's stdout is 100 columns wide: the details go below the table.
	const app = render(<App router={deliberateRouter()} services={services} initialPane="images" version={{product: 'Docker', version: '20.10.24', apiVersion: '1.41', os: 'linux', arch: 'amd64'}} />);
	cleanup.push(() => {
		app.unmount();
		base.sync.stop();
		images.sync.stop();
	});
	return {...app, services, images};
}

describe('<ImagesPane>', () => {
	it('lists every tag as a row, marks dangling images, and shows sizes and the containers made from each', async () => {
		const {lastFrame} = await renderImages();
		const frame = await frameWith(lastFrame, 'postgres:16');
		assert.match(frame, /Images 4 · 1 dangling · 20\.0MB unique/);
		assert.match(frame, /shop\/web:1\.2\s+111111111111\s+2h\s+120MB\s+100MB\s+20\.0MB\s+2 \(1▸\)/);
		assert.match(frame, /shop\/web:latest\s+111111111111/);
		assert.match(frame, /<none>:<none> ◌ dangling\s+222222222222/);
		// Unknown shared size (df did not report it) is shown as unknown, not as 0.
		assert.match(frame, /postgres:16\s+333333333333\s+\S+\s+400MB\s+…\s+…\s+–/);
		assert.match(frame, /Tags\s+postgres:16/);
		assert.match(frame, /Used by\s+no containers/);
	});

	it('the details follow the selection: all tags of the image and the containers made from it', async () => {
		const {lastFrame, stdin} = await renderImages();
		await frameWith(lastFrame, 'postgres:16');
		stdin.write(DOWN);
		const frame = await frameWith(lastFrame, /Tags\s+shop\/web:1\.2, shop\/web:latest/);
		assert.match(frame, /Used by\s+web-1 \(running\), web-old \(exited\)/);
		assert.match(frame, /Size\s+120MB · unique 20\.0MB · shared 100MB/);
	});

	it('filters by text (container names too) and sorts by size', async () => {
		const {lastFrame, stdin} = await renderImages();
		await frameWith(lastFrame, 'postgres:16');
		for (const key of ['/', 'w', 'e', 'b', '-', 'o']) stdin.write(key);
		const filtered = await frameWith(lastFrame, 'Images 2 of 4');
		assert.doesNotMatch(filtered, /postgres/);
		stdin.write('\r');
		stdin.write(ESC);
		await frameWith(lastFrame, 'Images 4 ·');
		stdin.write('s'); // created
		stdin.write('s'); // size, largest first
		stdin.write('S'); // smallest first
		const sorted = await frameWith(lastFrame, 'sort: size ↓');
		const order = sorted.split('\n').filter(line => /^[› ] /.test(line) && /\d{12}/.test(line));
		assert.deepEqual(order.map(line => /\d{12}/.exec(line)?.[0]), ['222222222222', '111111111111', '111111111111', '333333333333']);
	});

	it('remove asks first, naming the image, its size and the containers using it; n keeps it', async () => {
		const {lastFrame, stdin} = await renderImages();
		await frameWith(lastFrame, 'postgres:16');
		stdin.write(DOWN);
		await frameWith(lastFrame, /› shop\/web:1\.2/);
		stdin.write('d');
		const dialog = await frameWith(lastFrame, 'Untag shop/web:1.2?');
		assert.match(dialog, /only the tag goes: the image stays as shop\/web:latest/);
		assert.match(dialog, /2 containers use it: web-1, web-old/);
		stdin.write('n');
		await frameWith(lastFrame, 'kept shop/web:1.2');
	});

	it('a dangling image is removed by its ID, and the question says the image is deleted', async () => {
		const {lastFrame, stdin} = await renderImages();
		await frameWith(lastFrame, 'postgres:16');
		stdin.write('G');
		await frameWith(lastFrame, /› <none>:<none>/);
		stdin.write('d');
		const dialog = await frameWith(lastFrame, `Remove image ${dangling.id}?`);
		assert.match(dialog, /the image is deleted, up to 3\.00?MB freed/);
		stdin.write(ESC);
	});

	it('pull prompts for a name and shows a bar per layer and overall, then the result', async () => {
		const {lastFrame, stdin, images} = await renderImages();
		await frameWith(lastFrame, 'postgres:16');
		images.puller.messages = [
			{id: 'v1', status: 'Pulling from team/app'},
			{id: 'aaaaaaaaaaaa', status: 'Already exists'},
			{id: 'bbbbbbbbbbbb', status: 'Downloading', current: 500_000, total: 1_000_000},
		];
		stdin.write('p');
		await frameWith(lastFrame, 'pull (name[:tag]): postgres:16');
		stdin.write('\u0015'); // ctrl+u clears the suggestion
		for (const key of 'team/app:v1') stdin.write(key);
		await frameWith(lastFrame, 'pull (name[:tag]): team/app:v1');
		stdin.write('\r');
		const progress = await frameWith(lastFrame, /pulling team\/app:v1 .* 62% · 1 of 2 layers/);
		assert.match(progress, /↓ bbbbbbbbbbbb [█▏▎▍▌▋▊▉░]+ Downloading 500kB\/1\.0MB/);
		assert.match(progress, /✔ aaaaaaaaaaaa █+ Already exists/);
		images.source.images = [web, dangling, db, imageSummary({repoTags: ['team/app:v1']})];
		images.puller.finish();
		const done = await frameWith(lastFrame, '✔ pulled team/app:v1');
		assert.match(done, /team\/app:v1\s+\w{12}/, 'the pulled image is listed after the refresh');
		assert.deepEqual(images.puller.pulled, ['team/app:v1']);
	});

	it('p: the suggested name is selected, so the name typed replaces it (issue 20)', async () => {
		const {lastFrame, stdin, images} = await renderImages();
		await frameWith(lastFrame, 'postgres:16');
		stdin.write('p');
		await frameWith(lastFrame, 'pull (name[:tag]): postgres:16');
		for (const key of '127.0.0.1:5055/iy-small:1') stdin.write(key);
		await frameWith(lastFrame, 'pull (name[:tag]): 127.0.0.1:5055/iy-small:1');
		stdin.write('\r');
		await frameWith(lastFrame, /pull(ing|ed) 127\.0\.0\.1:5055\/iy-small:1/);
		assert.deepEqual(images.puller.pulled, ['127.0.0.1:5055/iy-small:1']);
	});

	it('x cancels a running pull', async () => {
		const {lastFrame, stdin, images} = await renderImages();
		await frameWith(lastFrame, 'postgres:16');
		stdin.write('p');
		stdin.write('\u0015');
		for (const key of 'slow:1') stdin.write(key);
		stdin.write('\r');
		await frameWith(lastFrame, 'pulling slow:1');
		stdin.write('x');
		await frameWith(lastFrame, '✗ pull of slow:1 failed: cancelled');
		assert.equal(images.pulls.isRunning, false);
	});

	it('tag prompts with the repository filled in; → keeps it to type the tag after it', async () => {
		const {lastFrame, stdin} = await renderImages();
		await frameWith(lastFrame, 'postgres:16');
		stdin.write(DOWN);
		stdin.write(DOWN);
		await frameWith(lastFrame, /› shop\/web:latest/);
		stdin.write('t');
		await frameWith(lastFrame, 'tag shop/web:latest as: shop/web:');
		// The suggestion is selected (typing would replace it): → keeps it, and the tag typed goes after it (issue 20).
		stdin.write('\u001B[C');
		for (const key of '2.0') stdin.write(key);
		await frameWith(lastFrame, 'tag shop/web:latest as: shop/web:2.0');
		stdin.write(ESC);
	});

	it('in read-only mode remove, tag and pull do not exist', async () => {
		const {lastFrame, stdin, services} = await renderImages({readOnly: true});
		await frameWith(lastFrame, 'postgres:16');
		for (const key of ['d', 't', 'p']) stdin.write(key);
		// Positive control: a key after them shows its effect, so they have all been handled by now.
		stdin.write('/');
		await frameWith(lastFrame, 'filter:');
		assert.equal(services.confirmations.get(), undefined);
		assert.doesNotMatch(lastFrame() ?? '', /pull \(name|tag shop/);
	});
});
