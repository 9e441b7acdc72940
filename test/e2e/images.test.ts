import assert from 'node:assert/strict';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, before, describe, it} from 'node:test';
import {BUSYBOX, docker, RUN_ID, uniqueName, waitFor} from '../support/engine.js';
import {filterList, startCli, type TerminalSession} from '../support/pty.js';
import {startRegistry} from '../support/registry.js';

const sessions: TerminalSession[] = [];
let imageId = '';
let layeredId = '';
let movedId = '';
after(async () => {
	for (const session of sessions) session.stop();
	for (const id of [imageId, layeredId, movedId]) if (id) await docker('rmi', '-f', id).catch(() => undefined);
});

describe('images pane in a real terminal', () => {
	const repo = uniqueName('e2eimg');
	before(async () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'dockdash-e2e-image-'));
		writeFileSync(path.join(dir, 'Dockerfile'), `FROM ${BUSYBOX}\nRUN echo ${repo} > /name\nLABEL dockdash.test=${RUN_ID}\n`);
		imageId = await docker('build', '-q', '-t', `${repo}:one`, dir);
		rmSync(dir, {recursive: true, force: true});
	});

	it('shows the test image, follows a tag made outside, and removes that tag from the keyboard', async () => {
		const session = startCli(['--pane', 'images'], {columns: 160, rows: 40});
		sessions.push(session);
		await session.waitForText(new RegExp(`${repo}:one\\s+${imageId.slice(7, 19)}`));
		// The filter narrows to this test's image; the details name its tags.
		session.type('/');
		session.type(repo);
		await session.waitForText(`filter: ${repo}`);
		session.press('Enter');
		await session.waitForText(/Images 1 of \d+/);

		await docker('tag', `${repo}:one`, `${repo}:two`);
		const screen = await session.waitForText(`${repo}:two`);
		assert.match(screen, /Images 2 of \d+/);

		// Sorted by name, ":two" is the second row.
		session.press('j');
		await session.waitForText(new RegExp(`› ${repo}:two`));
		await session.act('d');
		await session.waitForText(`Untag ${repo}:two?`);
		await session.confirm();
		await session.waitForText(`untagged ${repo}:two`);
		await waitFor(async () => !(await docker('images', '--format', '{{.Repository}}:{{.Tag}}')).split('\n').includes(`${repo}:two`), {
			what: 'the tag to be gone from docker images',
		});
		assert.match(await docker('images', '--format', '{{.Repository}}:{{.Tag}}'), new RegExp(`${repo}:one`));
		session.press('q');
		await session.waitForExit();
	});

	it('d refuses a tag moved to another image while its dialog was open: that image, never named, stays', async () => {
		// Another image (its own layer), untagged for now; the row's tag moves to it under the open dialog.
		const dir = mkdtempSync(path.join(tmpdir(), 'dockdash-e2e-image-'));
		writeFileSync(path.join(dir, 'Dockerfile'), `FROM ${BUSYBOX}\nRUN echo other > /other\nLABEL dockdash.test=${RUN_ID}\n`);
		movedId = await docker('build', '-q', dir);
		rmSync(dir, {recursive: true, force: true});
		await docker('tag', `${repo}:one`, `${repo}:moved`);
		const session = startCli(['--pane', 'images'], {columns: 160, rows: 40});
		sessions.push(session);
		await filterList(session, repo);
		await session.waitForText(new RegExp(`› ${repo}:moved\\s+${imageId.slice(7, 19)}`));
		await session.act('d');
		await session.waitForText(`Untag ${repo}:moved?`);
		await docker('tag', movedId, `${repo}:moved`);
		await session.confirm();
		await session.waitForText(`${repo}:moved now names image ${movedId.slice(7, 19)}, not the ${imageId.slice(7, 19)} confirmed`);
		// The engine's answer: the other image and its tag are there, and so is the confirmed one.
		assert.equal(await docker('image', 'inspect', '-f', '{{.Id}}', `${repo}:moved`), movedId);
		assert.equal(await docker('image', 'inspect', '-f', '{{.Id}}', imageId), imageId);
		session.press('q');
		await session.waitForExit();
		// The later tests list this test's repository: only :one.
		await docker('rmi', `${repo}:moved`);
	});

	it('p pulls from a loopback registry with progress; `docker images` has the image afterwards', async () => {
		const registry = await startRegistry();
		const remote = `${registry.host}/dockdash-test/${repo}:pulled`;
		try {
			await docker('tag', `${repo}:one`, remote);
			await docker('push', remote);
			await docker('rmi', remote);
			const session = startCli(['--pane', 'images'], {columns: 160, rows: 40});
			sessions.push(session);
			await session.waitForText(`${repo}:one`);
			// Its row selected, whatever else the engine holds (the suggested name is the selected image's).
			await filterList(session, repo);
			await session.waitForText(new RegExp(`› ${repo}:one`));
			session.press('p');
			await session.waitForText('pull (name[:tag]):');
			await session.waitForText(`pull (name[:tag]): ${repo}:one`);
			// The suggested name is selected: what is typed replaces it, never lands after it (issue 20).
			session.type(remote);
			await session.waitForText(`pull (name[:tag]): ${remote}`);
			session.press('Enter');
			await session.waitForText(`✔ pulled ${remote}`, 30_000);
			assert.match(await docker('images', '--format', '{{.Repository}}:{{.Tag}}'), new RegExp(remote.replace(/[.]/g, '\\.')));
			// The list followed the pull event: the image has the new tag (the row cuts long names; the details do not).
			await session.waitForText(new RegExp(`Tags\\s+${remote.replace(/[.]/g, '\\.')}`));
			session.press('q');
			await session.waitForExit();
		} finally {
			await docker('rmi', remote).catch(() => undefined);
			await registry.stop();
		}
	});

	it('Enter opens the layer explorer on the real export: steps, the wasted file and the layer that deleted it', async () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'dockdash-e2e-layers-'));
		writeFileSync(
			path.join(dir, 'Dockerfile'),
			[
				`FROM ${BUSYBOX}`,
				'RUN mkdir /data && head -c 50000 /dev/zero > /data/big && echo v1 > /etc/app.conf',
				'ENV STAGE=two',
				'RUN rm /data/big && echo v2 > /etc/app.conf',
				`LABEL dockdash.test=${RUN_ID}`,
				'',
			].join('\n'),
		);
		const layered = `${repo}-layers:one`;
		layeredId = await docker('build', '-q', '-t', layered, dir);
		rmSync(dir, {recursive: true, force: true});
		const session = startCli(['--pane', 'images'], {columns: 160, rows: 45});
		sessions.push(session);
		await session.waitForText(layered);
		session.type('/');
		session.type(`${repo}-layers`);
		await session.waitForText(`filter: ${repo}-layers`);
		session.press('Enter');
		await session.waitForText(new RegExp(`› ${layered}`));
		session.press('Enter');
		const screen = await session.waitForText(/Layers of .* · 4 layers · \d+ steps · efficiency/, 30_000);
		assert.match(screen, /ENV STAGE=two {2}\(#\(nop\) metadata\)/);
		// The title can be drawn before the last rows (a capture caught row 3 half written): wait for them.
		await session.waitForText(/RUN rm \/data\/big && echo v2 > \/etc\/app\.conf/);
		await session.waitForText(/50\.0kB \/data\/big L2→L3 deleted/);
		session.press('q');
		await session.waitForExit();
	});
});
