import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {composeArgs, composeGroups, downVolumesNotes, type ListedVolume, parseComposeConfig, sourceFromLabels, stackRows} from '../../source/model/compose.js';
import {sanitize} from '../../source/model/sanitize.js';
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

describe('compose stacks from files (issue 14)', () => {
	// Names and images from the file pass the sanitizer: no escape or bell reaches the terminal.
	const EVIL = sanitize('evil\u001b[2J');
	const BELL = sanitize('x\u0007y');
	assert.ok(!EVIL.includes('\u001b') && !BELL.includes('\u0007'));
	const config = JSON.stringify({
		name: 'shop',
		services: {
			web: {
				image: 'nginx:1.27',
				healthcheck: {test: ['CMD', 'true']},
				volumes: [
					{type: 'volume', source: 'data', target: '/data'},
					{type: 'volume', source: 'outside', target: '/shared'},
					{type: 'bind', source: '/srv', target: '/srv'},
				],
			},
			worker: {build: {context: '.'}, profiles: ['extra'], volumes: [{type: 'volume', source: 'cache', target: '/cache'}, {type: 'volume', target: '/anonymous'}]},
			'evil\u001b[2J': {image: 'x\u0007y'},
		},
		volumes: {data: {name: 'shop_data'}, cache: {}, outside: {external: true, name: 'shared'}},
	});

	it('reads services, the image each wants, profiles, healthchecks and the volumes down --volumes removes', () => {
		const stack = parseComposeConfig(config);
		assert.equal(stack.project, 'shop');
		assert.deepEqual(
			stack.services.map(service => [service.name, service.image, service.hasBuild, service.profiles, service.hasHealthcheck]),
			[
				[EVIL, BELL, false, [], false],
				['web', 'nginx:1.27', false, [], true],
				['worker', 'shop-worker', true, ['extra'], false],
			].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
		);
		assert.deepEqual(stack.profiles, ['extra']);
		// External volumes are never removed by compose; an unnamed one gets the project prefix.
		assert.deepEqual(stack.volumes, ['shop_cache', 'shop_data']);
		// Each service's own: what `down --volumes SERVICE` removes (no external, bind or anonymous one).
		assert.deepEqual(
			stack.services.map(service => [service.name, service.volumes]),
			[
				[EVIL, []],
				['web', ['shop_data']],
				['worker', ['shop_cache']],
			].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
		);
	});

	it('says in one line when the answer is not compose config JSON', () => {
		assert.throws(() => parseComposeConfig('no'), /did not answer with JSON/);
		assert.throws(() => parseComposeConfig('{}'), /named no project/);
	});

	it('builds the command line: project, files, folder, profiles, then the action and -- before a service', () => {
		const source = {project: 'shop', files: ['/s/compose.yaml', '/s/override.yaml'], projectDirectory: '/s', origin: 'flag' as const};
		assert.deepEqual(composeArgs(source, 'upBuild', {profiles: ['extra']}), [
			'--project-name', 'shop', '--file', '/s/compose.yaml', '--file', '/s/override.yaml', '--project-directory', '/s', '--profile', 'extra', 'up', '--detach', '--build',
		]);
		assert.deepEqual(composeArgs({project: 'shop', files: [], origin: 'labels'}, 'downVolumes', {service: '-web'}), ['--project-name', 'shop', 'down', '--volumes', '--', '-web']);
	});

	it('finds the files and folder in the labels Compose puts on its containers', () => {
		const labels = {'com.docker.compose.project.config_files': '/s/a.yaml,/s/b.yaml', 'com.docker.compose.project.working_dir': '/s'};
		assert.deepEqual(sourceFromLabels('shop', [summary({composeProject: 'shop', labels})]), {project: 'shop', files: ['/s/a.yaml', '/s/b.yaml'], projectDirectory: '/s', origin: 'labels'});
		assert.deepEqual(sourceFromLabels('shop', [summary({composeProject: 'shop'})]), {project: 'shop', files: [], projectDirectory: undefined, origin: 'labels'});
	});

	it('shows a stack from its file with no containers as down, every defined service, and which are off by profile', () => {
		const definition = parseComposeConfig(config);
		const stacks = new Map([['shop', {source: {project: 'shop', files: ['/s/compose.yaml'], origin: 'flag' as const}, definition, profiles: []}]]);
		const down = stackRows([], stacks);
		assert.deepEqual(
			down.map(row => [row.kind, row.service ?? row.project, row.containers.length, row.isEnabled]),
			[
				['project', 'shop', 0, true],
				['service', EVIL, 0, true],
				['service', 'web', 0, true],
				['service', 'worker', 0, false],
			],
		);
		const web = summary({composeProject: 'shop', composeService: 'web', health: 'healthy'});
		const stray = summary({composeProject: 'shop', composeService: 'old'});
		const up = stackRows([web, stray], new Map([['shop', {...stacks.get('shop')!, profiles: ['extra']}]]));
		assert.deepEqual(
			up.map(row => [row.service ?? row.project, row.containers.length, row.isEnabled, row.definition?.image]),
			[
				['shop', 2, true, undefined],
				[EVIL, 0, true, BELL],
				['old', 1, true, undefined],
				['web', 1, true, 'nginx:1.27'],
				['worker', 0, true, 'shop-worker'],
			],
		);
	});
});

describe('downVolumesNotes (the notes of a down --volumes dialog)', () => {
	const volume = (name: string, project?: string): ListedVolume => ({name, labels: project ? {'com.docker.compose.project': project} : {}});
	const anonymous = 'and the anonymous volumes of these containers';
	it('names the declared volumes the engine has, and those it does not as not created', () => {
		assert.deepEqual(downVolumesNotes([volume('shop_db'), volume('other')], 'shop', ['shop_db', 'shop_cache']), ['and REMOVES these volumes with their data: shop_db', '(declared, not created: shop_cache)', anonymous]);
		assert.deepEqual(downVolumesNotes([], 'shop', ['shop_db']), ['none of the volumes the file declares exists', '(declared, not created: shop_db)', anonymous]);
	});
	it("says a file or a service declares none, and what it would remove when the engine did not list its volumes", () => {
		assert.deepEqual(downVolumesNotes([volume('a')], 'shop', [], 'web'), ["web mounts none of the file's volumes", anonymous]);
		assert.deepEqual(downVolumesNotes([volume('a')], 'shop', []), ['the file declares no volumes', anonymous]);
		assert.deepEqual(downVolumesNotes(undefined, 'shop', ['shop_db']), ['and REMOVES these volumes with their data: shop_db', anonymous]);
		assert.deepEqual(downVolumesNotes(undefined, 'shop', undefined), ['and REMOVES every volume labelled with project shop (the engine did not list them)', anonymous]);
	});
	it('without the file, names the volumes labelled with the project, sorted whatever order the engine lists them in', () => {
		assert.deepEqual(downVolumesNotes([volume('shop_older', 'shop'), volume('x', 'other'), volume('shop_data', 'shop')], 'shop', undefined), [
			'and REMOVES these volumes with their data (labelled with the project; no file to narrow it): shop_data, shop_older',
			anonymous,
		]);
		assert.deepEqual(downVolumesNotes([volume('x', 'other')], 'shop', undefined), ['no volume is labelled with project shop', anonymous]);
	});
});
