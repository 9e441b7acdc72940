// npm run screenshots: runs dockdash against the real engine with a realistic
// set of containers and images, drives it in tmux to each pane, and writes
// what the terminal shows, with its colours, as SVG into screenshots/.
// It runs on a throwaway engine of its own (scripts/engine.sh), so the pictures
// show only what it set up and no real container is touched; everything it
// creates also carries the label dockdash.screenshots=1 and is removed.
import {execFileSync, spawnSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {ansiToSvg} from './lib/ansi-to-svg.mjs';

const LABEL = 'dockdash.screenshots=1';
const COLUMNS = 150;
const ROWS = 38;
const SESSION = 'dockdash-screenshots';
const ENGINE_ROOT = '/tmp/dockdash-engine-screenshots';
const engineEnv = {...process.env, DOCKDASH_ENGINE_ROOT: ENGINE_ROOT};
// A fresh engine each time (purge deletes its folder): the pictures show only what this script made.
execFileSync('bash', ['scripts/engine.sh', 'purge'], {env: engineEnv, stdio: 'inherit'});
const DOCKER_HOST = execFileSync('bash', ['scripts/engine.sh', 'start'], {encoding: 'utf8', env: engineEnv}).trim().replace(/^DOCKER_HOST=/, '');
process.env.DOCKER_HOST = DOCKER_HOST;
execFileSync('bash', ['test/support/fixtures.sh'], {stdio: 'inherit'});
const docker = (...args) => execFileSync('docker', args, {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']}).trim();
const tmux = (...args) => execFileSync('tmux', args, {encoding: 'utf8'});
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

function cleanUp() {
	spawnSync('tmux', ['kill-session', '-t', SESSION]);
	spawnSync('docker', ['swarm', 'leave', '--force']);
	const containers = docker('ps', '-aq', '--filter', `label=${LABEL}`).split('\n').filter(Boolean);
	if (containers.length) spawnSync('docker', ['rm', '-f', '-v', ...containers]);
	for (const image of ['dockdash-shots/shop-api:1.4.2', 'dockdash-shots/shop-api:latest', 'dockdash-shots/report:dev']) spawnSync('docker', ['rmi', '-f', image]);
	const dangling = docker('images', '-q', '--filter', 'dangling=true', '--filter', `label=${LABEL}`).split('\n').filter(Boolean);
	if (dangling.length) spawnSync('docker', ['rmi', '-f', ...dangling]);
	const volumes = docker('volume', 'ls', '-q', '--filter', `label=${LABEL}`).split('\n').filter(Boolean);
	if (volumes.length) spawnSync('docker', ['volume', 'rm', '-f', ...volumes]);
	spawnSync('docker', ['network', 'rm', 'shop_default']);
}

function build(tag, dockerfile, files = {}) {
	const dir = mkdtempSync(path.join(tmpdir(), 'dockdash-shots-'));
	writeFileSync(path.join(dir, 'Dockerfile'), dockerfile);
	for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
	docker('build', '-q', '--label', LABEL, '-t', tag, dir);
}

function setUp() {
	// An image with a history worth exploring: a dependency install, a file added
	// and deleted in different layers (wasted space), and config steps.
	const api = `FROM dockdash-test/busybox:latest
LABEL org.opencontainers.image.title=shop-api
WORKDIR /srv/app
COPY . /srv/app
RUN mkdir -p /var/cache/apk && dd if=/dev/urandom of=/var/cache/apk/index.tar bs=1024 count=2400 2>/dev/null && mkdir -p node_modules/express node_modules/pg && dd if=/dev/urandom of=node_modules/express/index.js bs=1024 count=600 2>/dev/null && dd if=/dev/urandom of=node_modules/pg/index.js bs=1024 count=900 2>/dev/null
RUN rm -rf /var/cache/apk && echo built > /srv/app/BUILD
ENV NODE_ENV=production PORT=8080
EXPOSE 8080
CMD ["sh", "-c", "i=0; while :; do i=$((i+1)); echo \\"GET /api/items/$i 200 $((i % 17 + 2))ms\\"; [ $((i % 9)) -eq 0 ] && echo \\"WARN slow query on orders ($((i * 3))ms)\\" >&2; sleep 0.4; done"]
`;
	build('dockdash-shots/shop-api:1.4.2', api, {'server.js': 'console.log("shop api");\n', 'package.json': '{"name":"shop-api"}\n'});
	docker('tag', 'dockdash-shots/shop-api:1.4.2', 'dockdash-shots/shop-api:latest');
	// The same tag built twice leaves the first build dangling.
	build('dockdash-shots/report:dev', 'FROM dockdash-test/busybox:latest\nRUN echo one > /report\n');
	build('dockdash-shots/report:dev', 'FROM dockdash-test/busybox:latest\nRUN echo two > /report\n');

	docker('network', 'create', '--label', LABEL, 'shop_default');
	const compose = (service, image, extra = [], command = []) =>
		docker(
			'run', '-d', '--name', `shop-${service}-1`, '--label', LABEL,
			'--label', 'com.docker.compose.project=shop', '--label', `com.docker.compose.service=${service}`,
			'--network', 'shop_default', ...extra, image, ...command,
		);
	compose('api', 'dockdash-shots/shop-api:1.4.2', ['-p', '18080:8080', '--memory', '256m', '--cpus', '0.5', '-e', 'DATABASE_PASSWORD=hunter2']);
	compose('web', 'dockdash-test/busybox:latest', ['-p', '18443:443', '--health-cmd', 'true', '--health-interval', '2s'], ['httpd', '-f', '-p', '443']);
	compose('db', 'dockdash-test/busybox:latest', ['-v', 'shop-data:/var/lib/db'], ['sh', '-c', 'while :; do sleep 1; done']);
	docker('run', '-d', '--name', 'queue-worker', '--label', LABEL, '--network', 'none', 'dockdash-test/busybox:latest', 'sh', '-c', 'while :; do :; done');
	docker('update', '--cpus', '0.3', 'queue-worker');
	docker('run', '-d', '--name', 'metrics-agent', '--label', LABEL, '--network', 'none', 'dockdash-test/busybox:latest', 'sleep', '86400');
	docker('pause', 'metrics-agent');
	docker('run', '--name', 'nightly-backup', '--label', LABEL, '--network', 'none', 'dockdash-test/busybox:latest', 'true');
	// Fails on purpose: exit code 3 shows in the list.
	spawnSync('docker', ['run', '--name', 'db-migrate', '--label', LABEL, '--network', 'none', 'dockdash-test/busybox:latest', 'sh', '-c', 'echo "migration 42 failed"; exit 3']);
	docker('create', '--name', 'cron-weekly', '--label', LABEL, '--network', 'none', 'dockdash-test/busybox:latest', 'true');
	docker('volume', 'create', '--label', LABEL, 'orphaned-cache');

	// A single-node swarm with two services, for the Swarm pane.
	// On a port of its own: a swarm the tests run on this machine may hold the default 2377.
	const port = 23_000 + Math.floor(Math.random() * 2000);
	docker('swarm', 'init', '--advertise-addr', `127.0.0.1:${port}`, '--listen-addr', `127.0.0.1:${port}`);
	docker('service', 'create', '-d', '--name', 'shop-cron', '--replicas', '2', '--label', LABEL, '--no-resolve-image', 'dockdash-test/busybox:latest', 'sleep', '86400');
	docker('service', 'create', '-d', '--name', 'shop-mailer', '--label', LABEL, '--no-resolve-image', 'dockdash-test/busybox:latest', 'sh', '-c', 'while :; do echo "sent digest"; sleep 5; done');
}

function screen() {
	return tmux('capture-pane', '-e', '-p', '-t', SESSION);
}

function plain() {
	return tmux('capture-pane', '-p', '-t', SESSION);
}

async function waitFor(text, timeoutMs = 15_000) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (plain().includes(text)) return;
		await sleep(100);
	}
	throw new Error(`"${text}" never appeared; the screen was:\n${plain()}`);
}

async function press(...keys) {
	for (const key of keys) {
		tmux('send-keys', '-t', SESSION, key);
		await sleep(120);
	}
}

const TAB_ORDER = ['Containers', 'Logs', 'Images', 'Layers', 'Cleanup', 'Volumes', 'Networks', 'Engines', 'Stats', 'Compose', 'Swarm'];

async function goTo(title) {
	// At 80 columns the tab bar abbreviates panes away from the active one to three letters (issue 18).
	const match = new RegExp(` (\\d+) ${title}(\\s|$)`, 'm').exec(plain()) ?? new RegExp(` (\\d+) ${title.slice(0, 3)}(\\s|$)`, 'm').exec(plain());
	// A pane far from the active one may show as its number alone: its place in the tab order then.
	const number = match?.[1] ?? String(TAB_ORDER.indexOf(title) + 1);
	if (number === '0') throw new Error(`no pane "${title}" in the tab line`);
	// Digits reach panes 1 to 9; the palette reaches every pane.
	if (number.length === 1) await press(number);
	else {
		await press(':');
		await press(...`go to ${title}`.split('').map(char => (char === ' ' ? 'Space' : char)));
		await press('Enter');
	}
	await sleep(400);
}

const written = [];
let size = {columns: COLUMNS, rows: ROWS};
function shoot(name, title) {
	const file = path.join('screenshots', `${name}.svg`);
	writeFileSync(file, ansiToSvg(screen(), {...size, title}));
	written.push(file);
	console.log(`wrote ${file}`);
}

async function main() {
	mkdirSync('screenshots', {recursive: true});
	try {
		cleanUp();
		setUp();
		execFileSync(process.execPath, ['scripts/build.mjs'], {stdio: 'inherit'});
		// A config home of its own, so the user's key overrides do not change the pictures.
		const home = mkdtempSync(path.join(tmpdir(), 'dockdash-shots-home-'));
		const env = `env -i PATH=${process.env.PATH} HOME=${home} XDG_CONFIG_HOME=${home} DOCKER_HOST=${process.env.DOCKER_HOST ?? ''} TERM=xterm-256color FORCE_COLOR=3`;
		tmux('new-session', '-d', '-s', SESSION, '-x', String(COLUMNS), '-y', String(ROWS), `${env} ${process.execPath} dist/cli.js; sleep 60`);
		await waitFor('shop-api-1');
		await sleep(2500); // health checks and stats settle
		// Select shop-api-1 through the command palette, as a user would jump to it.
		await press(':');
		await press(...'shop-api-1'.split(''));
		await press('Enter');
		shoot('containers', 'dockdash — containers');

		await press('Space', 'Down', 'Space');
		await press('d');
		await sleep(400);
		shoot('confirm', 'dockdash — a confirmation names exactly what it acts on');
		await press('n', 'Space', 'Up', 'Space', 'Up');
		await press('Enter');
		await sleep(1200);
		shoot('details', 'dockdash — details of a container');
		await press('Escape');
		await sleep(400);
		await press('f');
		await waitFor('Files of');
		await sleep(1500);
		shoot('files', "dockdash — a container's files");
		await press('Escape');
		await sleep(400);

		await goTo('Logs');
		await sleep(2500);
		shoot('logs', 'dockdash — logs, followed');

		await goTo('Stats');
		await sleep(4000);
		shoot('stats', 'dockdash — live stats');

		await goTo('Compose');
		await sleep(1500);
		shoot('compose', 'dockdash — containers grouped by Compose project and service');

		await goTo('Swarm');
		await sleep(3000);
		shoot('swarm', 'dockdash — swarm services, tasks and nodes');

		await goTo('Images');
		await sleep(1500);
		shoot('images', 'dockdash — images');

		await press('/');
		await press(...'shop-api'.split(''));
		await press('Enter');
		await press('Enter');
		await sleep(4000);
		shoot('layers', 'dockdash — layer explorer');

		await goTo('Cleanup');
		await sleep(4000);
		shoot('cleanup', 'dockdash — cleanup with an exact preview');

		await press(':');
		await press(...'rest'.split(''));
		await sleep(300);
		shoot('palette', 'dockdash — command palette');
		await press('Escape');

		await press('?');
		await sleep(300);
		shoot('help', 'dockdash — keys, generated from the keymap');
		await press('Escape');

		// The same panes in the 80×24 terminal many SSH sessions have (issue 18).
		size = {columns: 80, rows: 24};
		tmux('resize-window', '-t', SESSION, '-x', '80', '-y', '24');
		await sleep(800);
		for (const [title, name, settle] of [
			['Containers', 'containers', 1000],
			['Logs', 'logs', 1500],
			['Stats', 'stats', 3000],
			['Images', 'images', 1000],
			['Cleanup', 'cleanup', 1500],
			['Volumes', 'volumes', 1500],
			['Networks', 'networks', 1000],
			['Compose', 'compose', 1000],
			['Swarm', 'swarm', 2000],
		]) {
			await goTo(title);
			await sleep(settle);
			shoot(`80x24-${name}`, `dockdash at 80×24 — ${name}`);
		}
		await goTo('Containers');
		await press('Enter');
		await sleep(1200);
		shoot('80x24-details', 'dockdash at 80×24 — details');
		await press('Escape', 'q');
	} finally {
		cleanUp();
		spawnSync('bash', ['scripts/engine.sh', 'purge'], {env: engineEnv, stdio: 'inherit'});
	}
	console.log(`${written.length} screenshots written`);
}

await main();
