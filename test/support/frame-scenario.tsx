/**
 * One realistic, deterministic engine behind the app's ports, for exact frames (issue 18): long
 * names, two compose projects, ports, health, a paused, an exited and a failed container, many
 * images, volumes, networks, build cache, stats and logs. Every time is relative to FRAME_NOW,
 * which the frame tests pin Date to, so a frame is the same on every run.
 */
import React from 'react';
import {App} from '../../source/app.js';
import {toContainerDetails} from '../../source/docker/container-details.js';
import type {ImageSummary} from '../../source/model/image-types.js';
import type {LogSink, LogTarget} from '../../source/model/log-types.js';
import type {ContainerSummary, EngineEvent, PortMapping} from '../../source/model/types.js';
import {EventLog} from '../../source/model/event-log.js';
import {InventoryStore} from '../../source/model/inventory-store.js';
import {MultiEngineView} from '../../source/model/multi-engine.js';
import type {LoadedLayers} from '../../source/model/image-store.js';
import {analyseImage} from '../../source/model/layers/analysis.js';
import type {LayerChanges, LayerEntry} from '../../source/model/layers/layer-changes.js';
import type {StatsFeed, StatsFeedHandlers, SwarmPort} from '../../source/model/ports.js';
import type {SwarmNode, SwarmService, SwarmTask} from '../../source/model/swarm-types.js';
import type {Inventory} from '../../source/model/prune-plan.js';
import type {StatsSample} from '../../source/model/stats.js';
import type {AppServices} from '../../source/ui/app-context.js';
import {scriptedImageServices} from './images.js';
import {ScriptedDetails, ScriptedFiles, scriptedCleanup} from './ports.js';
import {deliberateRouter, scriptedServices} from './services.js';

/** 2026-12-05 03:00:00 UTC: what Date.now() answers in frame tests. */
export const FRAME_NOW = Date.UTC(2026, 11, 5, 3, 0, 0);
const NOW_S = FRAME_NOW / 1000;
const HOUR = 3600;
const DAY = 24 * HOUR;

const idOf = (seed: number, letter = 'c') => `${seed.toString(16).padStart(4, '0')}${letter.repeat(60)}`;
const port = (containerPort: number, hostPort?: number, protocol = 'tcp'): PortMapping =>
	hostPort === undefined ? {containerPort, protocol} : {hostIp: '0.0.0.0', hostPort, containerPort, protocol};

function container(seed: number, fields: Partial<ContainerSummary> & Pick<ContainerSummary, 'name' | 'image' | 'state' | 'status'>): ContainerSummary {
	return {id: idOf(seed), imageId: `sha256:${idOf(seed, 'e')}`, command: 'sh -c run', created: NOW_S - seed * HOUR, ports: [], labels: {}, listedAt: FRAME_NOW, ...fields};
}

const compose = (project: string, service: string) => ({
	composeProject: project,
	composeService: service,
	labels: {'com.docker.compose.project': project, 'com.docker.compose.service': service},
});

export const FRAME_CONTAINERS: ContainerSummary[] = [
	container(1, {name: 'shop-api-1', image: 'registry.example.com/shop/api:1.4.2', state: 'running', status: 'Up 3 hours (healthy)', health: 'healthy', ports: [port(8080, 18080)], ...compose('shop', 'api')}),
	container(2, {name: 'shop-web-1', image: 'nginx:1.25-alpine', state: 'running', status: 'Up 3 hours (healthy)', health: 'healthy', ports: [port(443, 18443), port(80, 18081)], ...compose('shop', 'web')}),
	container(3, {name: 'shop-db-1', image: 'postgres:16.2-bookworm', state: 'running', status: 'Up 3 days', ports: [port(5432)], ...compose('shop', 'db')}),
	container(4, {name: 'shop-worker-1', image: 'registry.example.com/shop/worker:1.4.2', state: 'running', status: 'Up 12 minutes (unhealthy)', health: 'unhealthy', ...compose('shop', 'worker')}),
	container(5, {name: 'monitoring-stack-production-prometheus-1', image: 'prom/prometheus:v2.51.0', state: 'running', status: 'Up 2 weeks', ports: [port(9090, 9090)], ...compose('monitoring-stack-production', 'prometheus')}),
	container(6, {name: 'monitoring-stack-production-grafana-1', image: 'grafana/grafana-enterprise:10.4.1-ubuntu', state: 'running', status: 'Up 2 weeks (healthy)', health: 'healthy', ports: [port(3000, 3000)], ...compose('monitoring-stack-production', 'grafana')}),
	container(7, {name: 'customer-analytics-etl-batch-runner-2026-12-05', image: 'registry.example.com/data/etl-runner:2026.12.05-rc3', state: 'running', status: 'Up 41 seconds (health: starting)', health: 'starting'}),
	container(8, {name: 'queue-worker', image: 'busybox:1.36', state: 'running', status: 'Up 5 hours'}),
	container(9, {name: 'metrics-agent', image: 'busybox:1.36', state: 'paused', status: 'Up 6 hours (Paused)'}),
	container(10, {name: 'nightly-backup', image: 'restic/restic:0.16.4', state: 'exited', status: 'Exited (0) 7 hours ago', exitCode: 0}),
	container(11, {name: 'db-migrate', image: 'registry.example.com/shop/api:1.4.2', state: 'exited', status: 'Exited (3) 2 days ago', exitCode: 3}),
	container(12, {name: 'cron-weekly', image: 'busybox:1.36', state: 'created', status: 'Created'}),
];

const image = (seed: number, repoTags: string[], size: number, ageS: number): ImageSummary => ({
	id: `sha256:${idOf(seed, 'e')}`,
	repoTags,
	repoDigests: [],
	parentId: '',
	created: NOW_S - ageS,
	size,
	labels: {},
});

export const FRAME_IMAGES: ImageSummary[] = [
	image(1, ['registry.example.com/shop/api:1.4.2', 'registry.example.com/shop/api:latest'], 187_400_000, 3 * DAY),
	image(2, ['nginx:1.25-alpine'], 43_200_000, 40 * DAY),
	image(3, ['postgres:16.2-bookworm'], 431_900_000, 60 * DAY),
	image(4, ['registry.example.com/shop/worker:1.4.2'], 201_300_000, 3 * DAY),
	image(5, ['prom/prometheus:v2.51.0'], 262_000_000, 90 * DAY),
	image(6, ['grafana/grafana-enterprise:10.4.1-ubuntu'], 1_210_000_000, 80 * DAY),
	image(7, ['registry.example.com/data/etl-runner:2026.12.05-rc3'], 2_480_000_000, 5 * HOUR),
	image(8, ['busybox:1.36'], 4_260_000, 200 * DAY),
	image(9, ['restic/restic:0.16.4'], 38_700_000, 120 * DAY),
	image(13, ['registry.example.com/shop/api:1.4.1'], 186_900_000, 10 * DAY),
	image(14, ['node:20.11.1-bookworm-slim'], 201_000_000, 70 * DAY),
	image(15, ['ghcr.io/example-org/very-long-repository-name/service-with-a-long-name:2026.12.05-build.4711'], 96_500_000, 2 * DAY),
	image(16, [], 186_200_000, 12 * DAY),
	image(17, [], 12_500, 30 * DAY),
];

const MOUNTS = '/var/lib/docker/volumes';
export const FRAME_INVENTORY: Inventory = {
	containers: FRAME_CONTAINERS.map(c => ({
		id: c.id,
		name: c.name,
		state: c.state,
		imageId: c.imageId,
		labels: c.labels,
		created: c.created,
		size: c.state === 'running' ? 4096 : 12_300_000,
		volumes: c.name === 'shop-db-1' ? ['shop_pgdata'] : c.name.startsWith('monitoring') ? ['monitoring-stack-production_prometheus-data'] : [],
		networks: c.composeProject ? [`${c.composeProject}_default`] : ['bridge'],
	})),
	images: FRAME_IMAGES.map(i => ({id: i.id, tags: i.repoTags, labels: {}, created: i.created, size: i.size, sharedSize: 0})),
	volumes: [
		{name: 'shop_pgdata', driver: 'local', mountpoint: `${MOUNTS}/shop_pgdata/_data`, labels: {}, size: 1_730_000_000, isAnonymous: false},
		{name: 'monitoring-stack-production_prometheus-data', driver: 'local', mountpoint: `${MOUNTS}/monitoring-stack-production_prometheus-data/_data`, labels: {}, size: 5_420_000_000, isAnonymous: false},
		{name: 'orphaned-cache', driver: 'local', mountpoint: `${MOUNTS}/orphaned-cache/_data`, labels: {}, size: 318_000_000, isAnonymous: false},
		{name: 'f'.repeat(64), driver: 'local', mountpoint: `${MOUNTS}/${'f'.repeat(64)}/_data`, labels: {}, size: 20_480, isAnonymous: true},
	],
	networks: [
		{id: idOf(1, 'a'), name: 'bridge', driver: 'bridge', scope: 'local', subnets: ['172.17.0.0/16'], labels: {}},
		{id: idOf(2, 'a'), name: 'host', driver: 'host', scope: 'local', subnets: [], labels: {}},
		{id: idOf(3, 'a'), name: 'none', driver: 'null', scope: 'local', subnets: [], labels: {}},
		{id: idOf(4, 'a'), name: 'shop_default', driver: 'bridge', scope: 'local', subnets: ['172.20.0.0/16'], labels: {}},
		{id: idOf(5, 'a'), name: 'monitoring-stack-production_default', driver: 'bridge', scope: 'local', subnets: ['172.21.0.0/16'], labels: {}},
		{id: idOf(6, 'a'), name: 'legacy-overlay-test', driver: 'bridge', scope: 'local', subnets: ['10.99.0.0/24'], labels: {}},
	],
	buildCache: [
		{id: 'bc1', type: 'regular', description: 'RUN npm ci --omit=dev', size: 412_000_000, isInUse: false, isShared: false, created: NOW_S - 3 * DAY, lastUsed: NOW_S - 3 * DAY},
		{id: 'bc2', type: 'source.local', description: 'local source for context', size: 2_100_000, isInUse: false, isShared: false, created: NOW_S - DAY, lastUsed: NOW_S - DAY},
	],
};

/** Two rounds of samples a second apart, so every running container shows figures and a rate. */
function samples(second: number, idOf: (id: string) => string = id => id): Map<string, StatsSample> {
	const out = new Map<string, StatsSample>();
	for (const [index, c] of FRAME_CONTAINERS.entries()) {
		if (c.state !== 'running') continue;
		const load = (index * 37) % 100;
		out.set(idOf(c.id), {
			readAt: FRAME_NOW - 2000 + second * 1000,
			cpuTotalNs: second * load * 2e7,
			systemCpuNs: second * 4e9,
			onlineCpus: 4,
			memoryUsed: (index + 1) * 61_234_567,
			memoryLimit: 8_000_000_000,
			networkRx: second * (index + 1) * 123_456,
			networkTx: second * (index + 1) * 23_456,
			blockRead: 1_000_000 * index,
			blockWrite: second * 45_000 * index,
			pids: index + 2,
		});
	}
	return out;
}

const scriptedFeed = (handlers: StatsFeedHandlers, idOf?: (id: string) => string): StatsFeed => {
	let started = false;
	return {
		setTargets: () => undefined,
		start: () => {
			if (started) return;
			started = true;
			queueMicrotask(() => {
				handlers.onSamples(samples(1, idOf));
				handlers.onSamples(samples(2, idOf));
			});
		},
		stop: () => undefined,
		methodOf: () => 'cgroup',
	};
};

const LOG_LINES = [
	'GET /api/items/1 200 4ms',
	'GET /api/items/2 200 3ms',
	'WARN slow query on orders (1236ms): SELECT * FROM orders WHERE customer_id = $1 AND created_at > now() - interval \'30 days\'',
	'GET /api/items/3 200 19ms',
	'POST /api/checkout 201 88ms',
	'GET /healthz 200 1ms',
];

/** Follows logs of any container: the lines above, once, with times a second apart. */
const scriptedLogs = async (targets: readonly LogTarget[], sink: LogSink): Promise<void> => {
	queueMicrotask(() =>
		sink.onLines(
			LOG_LINES.map((text, index) => ({
				stream: text.startsWith('WARN') ? 'stderr' : 'stdout',
				text,
				timestamp: new Date(FRAME_NOW - (LOG_LINES.length - index) * 1000).toISOString(),
				...(targets.length > 1 ? {target: targets[index % targets.length]} : {}),
			})),
		),
	);
};

/** The inspect answer for details: the first container, with mounts, env (a secret) and a network. */
function inspectOf(c: ContainerSummary) {
	return {
		Id: c.id,
		Name: `/${c.name}`,
		Created: new Date((c.created) * 1000).toISOString(),
		State: {Status: c.state === 'unknown' ? 'zombie' : c.state, Running: c.state === 'running', StartedAt: new Date(FRAME_NOW - 3 * HOUR * 1000).toISOString(), Health: c.health ? {Status: c.health} : undefined},
		Config: {Image: c.image, Cmd: ['node', 'server.js'], Env: ['NODE_ENV=production', 'DATABASE_PASSWORD=hunter2', 'PORT=8080'], Labels: c.labels},
		HostConfig: {RestartPolicy: {Name: 'unless-stopped'}, Memory: 268_435_456, NanoCpus: 500_000_000},
		Mounts: [{Type: 'volume', Name: 'shop_pgdata', Source: `${MOUNTS}/shop_pgdata/_data`, Destination: '/var/lib/data', RW: true}],
		NetworkSettings: {Networks: {shop_default: {IPAddress: '172.20.0.3'}}, Ports: {'8080/tcp': [{HostIp: '0.0.0.0', HostPort: '18080'}]}},
		SizeRw: 4096,
		SizeRootFs: 187_404_096,
	};
}

/** A swarm manager: services with long names (replicated, global, a job, one mid-update), nodes (one drained, one down) and every service's tasks with history. */
const nodeId = (seed: number) => `n${seed}`.padEnd(25, 'x');
export const FRAME_NODES: SwarmNode[] = [
	{id: nodeId(1), hostname: 'manager-eu-west-1a', role: 'manager', availability: 'active', status: 'ready', engineVersion: '20.10.24', isLeader: true, version: 31},
	{id: nodeId(2), hostname: 'worker-eu-west-1b-highmem-0042', role: 'worker', availability: 'active', status: 'ready', engineVersion: '20.10.24', isLeader: false, version: 17},
	{id: nodeId(3), hostname: 'worker-eu-west-1c', role: 'worker', availability: 'drain', status: 'ready', engineVersion: '20.10.21', isLeader: false, version: 44},
	{id: nodeId(4), hostname: 'worker-eu-west-1a-spot', role: 'worker', availability: 'active', status: 'down', engineVersion: '20.10.24', isLeader: false, version: 9},
];
const serviceId = (seed: number) => `s${seed}`.padEnd(25, 'y');
export const FRAME_SERVICES: SwarmService[] = [
	{id: serviceId(1), name: 'checkout_payment-gateway-reconciliation', mode: 'replicated', running: 2, desired: 3, replicas: 3, image: 'registry.example.com/payments/reconciler:3.8.0', ports: ['8443:8443/tcp'], updateState: 'updating', updateMessage: 'update in progress'},
	{id: serviceId(2), name: 'shop_api', mode: 'replicated', running: 4, desired: 4, replicas: 4, image: 'registry.example.com/shop/api:1.4.2', ports: ['80:8080/tcp', '443:8443/tcp']},
	{id: serviceId(3), name: 'monitoring_node-exporter', mode: 'global', running: 3, desired: 3, image: 'prom/node-exporter:v1.7.0', ports: []},
	{id: serviceId(4), name: 'ops_db-migrate-2026-12-05', mode: 'replicated-job', running: 0, desired: 1, image: 'registry.example.com/shop/api:1.4.2', ports: [], updateState: 'completed'},
	{id: serviceId(5), name: 'monitoring_prometheus', mode: 'replicated', running: 1, desired: 1, replicas: 1, image: 'prom/prometheus:v2.51.0', ports: ['9090:9090/tcp']},
];
const ago = (seconds: number) => new Date(FRAME_NOW - seconds * 1000).toISOString();
function task(seed: number, service: number, fields: Partial<SwarmTask> & Pick<SwarmTask, 'state' | 'desiredState'>): SwarmTask {
	const age = seed * 97;
	return {id: `t${service}${seed}`.padEnd(25, 'z'), serviceId: serviceId(service), nodeId: nodeId(1 + (seed % 3)), message: fields.state, updatedAt: ago(age), createdAt: ago(age), stateSince: ago(age), ...fields};
}
const FRAME_TASKS: SwarmTask[] = [
	task(1, 1, {slot: 1, state: 'running', desiredState: 'running', message: 'started'}),
	task(2, 1, {slot: 2, state: 'running', desiredState: 'running', message: 'started'}),
	task(3, 1, {slot: 3, state: 'preparing', desiredState: 'running', message: 'preparing', nodeId: nodeId(2)}),
	task(4, 1, {slot: 3, state: 'failed', desiredState: 'shutdown', error: 'task: non-zero exit (137): dockerexec: OOM killed after 2.0GB', message: 'started', createdAt: ago(3000)}),
	task(5, 1, {slot: 1, state: 'shutdown', desiredState: 'shutdown', message: 'shutdown', createdAt: ago(4000)}),
	task(6, 1, {slot: 2, state: 'rejected', desiredState: 'shutdown', error: 'No such image: registry.example.com/payments/reconciler:3.8.0-rc1', message: 'preparing', nodeId: nodeId(4), createdAt: ago(5000)}),
	...[1, 2, 3, 4].map(slot => task(slot, 2, {slot, state: 'running', desiredState: 'running', message: 'started'})),
	...[1, 2, 3].map(n => task(n, 3, {state: 'running', desiredState: 'running', message: 'started', nodeId: nodeId(n)})),
	task(1, 4, {slot: 1, state: 'complete', desiredState: 'complete', message: 'finished'}),
	task(1, 5, {slot: 1, state: 'running', desiredState: 'running', message: 'started'}),
];
const scriptedSwarm: SwarmPort = {
	status: async () => ({role: 'manager'}),
	services: async () => FRAME_SERVICES,
	nodes: async () => FRAME_NODES,
	tasks: async id => FRAME_TASKS.filter(t => t.serviceId === id),
	nodeTasks: async id => FRAME_TASKS.filter(t => t.nodeId === id),
	waitingTasks: async () => [],
	scale: async () => undefined,
	setAvailability: async () => undefined,
};

/** The layers of registry.example.com/shop/api:1.4.2: a Debian base, node, npm ci with a cache left behind and removed later, the app. */
const dir = (path: string): LayerEntry => ({path, kind: 'directory', size: 0, mode: 0o755});
const file = (path: string, size: number): LayerEntry => ({path, kind: 'file', size, mode: 0o644});
const layerOf = (entries: LayerEntry[], whiteouts: string[] = []): LayerChanges => ({entries, whiteouts, opaqueDirs: [], ignored: [], bytes: entries.reduce((sum, entry) => sum + entry.size, 0)});
const FRAME_LAYERS: LayerChanges[] = [
	layerOf([dir('bin'), file('bin/bash', 1_234_376), file('bin/ls', 147_176), dir('etc'), file('etc/os-release', 267), file('etc/passwd', 922), dir('usr'), dir('usr/lib'), file('usr/lib/x86_64-linux-gnu/libc.so.6', 1_922_136), dir('var'), dir('var/lib'), file('var/lib/dpkg/status', 71_204)]),
	layerOf([dir('usr'), dir('usr/local'), dir('usr/local/bin'), file('usr/local/bin/node', 96_412_160), dir('usr/local/lib'), file('usr/local/lib/node_modules/npm/package.json', 5_120), dir('etc'), file('etc/passwd', 980)]),
	layerOf([dir('app'), file('app/package.json', 2_311), file('app/package-lock.json', 412_880)]),
	layerOf([dir('app'), dir('app/node_modules'), file('app/node_modules/express/index.js', 224), file('app/node_modules/pg/lib/client.js', 18_772), file('app/node_modules/.package-lock.json', 401_211), dir('root'), dir('root/.npm'), file('root/.npm/_cacache/index-v5/3f/a1', 48_300_000)]),
	layerOf([dir('app'), dir('app/dist'), file('app/dist/server.js', 812_400), file('app/dist/server.js.map', 2_940_100)]),
	layerOf([dir('root')], ['root/.npm']),
];
const FRAME_HISTORY = [
	{createdBy: '/bin/sh -c #(nop) ADD file:4b1be1de1a1e5a9e3b8e rootfs.tar.xz in / ', created: ago(40 * DAY)},
	{createdBy: '/bin/sh -c #(nop)  CMD ["bash"]', created: ago(40 * DAY), emptyLayer: true},
	{createdBy: 'COPY /usr/local /usr/local # buildkit', created: ago(30 * DAY)},
	{createdBy: 'WORKDIR /app', created: ago(3 * DAY), emptyLayer: true},
	{createdBy: 'COPY package.json package-lock.json ./ # buildkit', created: ago(3 * DAY)},
	{createdBy: 'RUN /bin/sh -c npm ci --omit=dev --no-audit --no-fund && node -e "require(\'pg\')" # buildkit', created: ago(3 * DAY)},
	{createdBy: 'COPY dist/ ./dist/ # buildkit', created: ago(3 * DAY)},
	{createdBy: 'RUN /bin/sh -c rm -rf /root/.npm # buildkit', created: ago(3 * DAY)},
	{createdBy: 'ENV NODE_ENV=production', created: ago(3 * DAY), emptyLayer: true},
	{createdBy: 'CMD ["node" "dist/server.js"]', created: ago(3 * DAY), emptyLayer: true},
];
/** A container's filesystem for the Files view (issue 13): the API's app folder, a link, a setuid binary, a socket's folder. */
const link = (path: string, target: string): LayerEntry => ({path, kind: 'symlink', size: 0, mode: 0o777, linkTarget: target});
const FRAME_FILES: LayerEntry[] = [
	{...dir('app'), mode: 0o750},
	file('app/package.json', 2_311),
	{...dir('app/dist'), mode: 0o750},
	file('app/dist/server.js', 812_400),
	file('app/dist/server.js.map', 2_940_100),
	{...file('app/start.sh', 412), mode: 0o755},
	dir('bin'),
	link('bin/sh', '/bin/busybox'),
	{...file('bin/busybox', 1_131_168), mode: 0o4755},
	dir('etc'),
	file('etc/hostname', 13),
	link('etc/mtab', '/proc/mounts'),
	{...dir('tmp'), mode: 0o1777},
	file('tmp/cache.db', 48_300_000),
	dir('var'),
	dir('var/run'),
];

export const FRAME_LOADED_LAYERS: LoadedLayers = {layers: FRAME_LAYERS, analysis: analyseImage(FRAME_LAYERS, FRAME_HISTORY), platform: 'linux/amd64'};

/** An answer that never comes; the caller's abort ends it, as a request the pane gave up on. */
function pendingUntilAborted(_id: string, signal?: AbortSignal): Promise<never> {
	return new Promise((_resolve, reject) => signal?.addEventListener('abort', () => reject(new Error('aborted')), {once: true}));
}

/** The engine's last hour as the Events pane reads it: what the frame scenario's containers went through. */
const event = (secondsAgo: number, type: string, action: string, id: string, attributes: Record<string, string>): EngineEvent => ({
	type,
	action,
	id,
	timeNano: (FRAME_NOW - secondsAgo * 1000) * 1_000_000,
	attributes,
});
const FRAME_EVENTS: EngineEvent[] = [
	event(3000, 'image', 'pull', 'registry.example.com/shop/worker:1.4.2', {name: 'registry.example.com/shop/worker:1.4.2'}),
	event(2400, 'container', 'die', idOf(11), {name: 'db-migrate', image: 'registry.example.com/shop/api:1.4.2', exitCode: '3'}),
	event(720, 'container', 'create', idOf(4), {name: 'shop-worker-1', image: 'registry.example.com/shop/worker:1.4.2'}),
	event(720, 'network', 'connect', 'f00dbabe'.repeat(8), {name: 'shop_default', container: idOf(4), type: 'bridge'}),
	event(719, 'container', 'start', idOf(4), {name: 'shop-worker-1', image: 'registry.example.com/shop/worker:1.4.2'}),
	event(300, 'container', 'health_status: unhealthy', idOf(4), {name: 'shop-worker-1', image: 'registry.example.com/shop/worker:1.4.2'}),
	event(120, 'volume', 'mount', 'shop_pgdata', {container: idOf(3), destination: '/var/lib/postgresql/data', driver: 'local'}),
	event(41, 'container', 'start', idOf(7), {name: 'customer-analytics-etl-batch-runner-2026-12-05', image: 'registry.example.com/data/etl-runner:2026.12.05-rc3'}),
];

/** The whole app over the scenario, with every seam the panes read scripted. */
export async function frameApp(initialPane = 'containers', options: {engines?: boolean; isSecondEngineDown?: boolean; isStateUnknown?: boolean} = {}): Promise<{element: React.ReactElement; services: AppServices; stop: () => void}> {
	// Issue 17: an engine that names a state dockdash does not know ("zombie") for db-migrate.
	const containers = options.isStateUnknown
		? FRAME_CONTAINERS.map(c => (c.name === 'db-migrate' ? {...c, state: 'unknown' as const, stateAnswer: '"zombie"', status: 'Zombie since 2 days', exitCode: undefined} : c))
		: FRAME_CONTAINERS;
	const base = await scriptedServices(containers);
	const images = scriptedImageServices(FRAME_IMAGES);
	await images.sync.refresh();
	// The layer explorer shows the shop API image, read at once (set only for it: the app follows the explored image).
	const shopApi = FRAME_IMAGES[0]!;
	if (initialPane === 'layers') images.explore.set({id: shopApi.id, ref: shopApi.repoTags[0]!});
	const services: AppServices = {...base, images: {...images, loadLayers: async () => FRAME_LOADED_LAYERS}};
	const inventory = new InventoryStore({
		load: async () => FRAME_INVENTORY,
		execute: async () => ({removed: [], skipped: [], failed: [], reclaimedBytes: 0}),
		describeError: error => String(error),
	});
	const details = new ScriptedDetails(
		new Map(
			containers.map(c => [
				c.id,
				{
					details: toContainerDetails(inspectOf(c) as never),
					size: {writable: 4096, rootFs: 187_404_096},
					top: {titles: ['PID', 'USER', 'CMD'], rows: [['1', 'node', 'node server.js'], ['27', 'node', '/usr/local/bin/node --max-old-space-size=512 worker.js']]},
					changes: [
						{path: '/tmp', kind: 'changed'},
						{path: '/tmp/cache.db', kind: 'added'},
					],
				},
			]),
		),
	);
	services.ports = {
		...services.ports,
		stats: {createFeed: scriptedFeed},
		logs: {follow: scriptedLogs, followServices: scriptedLogs},
		cleanup: scriptedCleanup(inventory),
		details,
		swarm: scriptedSwarm,
		files: new ScriptedFiles(FRAME_FILES),
		// An image's inspect still on its way, as the frames show it: the unscripted one went to the nonexistent
		// socket and its failure raced into the Images frame (flaky under load).
		images: {...services.ports.images, inspect: pendingUntilAborted},
	};
	// The last hour of the engine's events, as the Events pane reads it when it opens (issue 15: a frame of every pane).
	// Only for the Events pane's frames: the details pane lists a container's recent events from the same log.
	if (initialPane === 'events') services.events = new EventLog(5000, async () => FRAME_EVENTS);
	const stops: Array<() => void> = [];
	if (options.engines) {
		// Two engines: this one, and a CI runner with a few containers of its own.
		const ciId = (id: string) => id.replace(/^../, 'ff');
		const ci = await scriptedServices(FRAME_CONTAINERS.slice(6, 10).map(c => ({...c, id: ciId(c.id), name: `ci-${c.name}`})));
		ci.ports = {...ci.ports, stats: {createFeed: handlers => scriptedFeed(handlers, ciId)}};
		// Its daemon stopped answering after it listed (issue 14): its rows are as last seen.
		if (options.isSecondEngineDown) ci.sync.status.set({isConnected: false, problem: 'cannot reach the Docker Engine at unix:///run/ci/docker.sock'});
		services.engines = new MultiEngineView([
			{name: 'prod-eu-west-1', engine: services.ports, store: base.containers, sync: base.sync},
			{name: 'ci-runner-28', engine: ci.ports, store: ci.containers, sync: ci.sync},
		]);
		stops.push(() => ci.sync.stop());
	}
	const element = <App router={deliberateRouter()} services={services} initialPane={initialPane} version={{product: 'Docker', version: '20.10.24+dfsg1', apiVersion: '1.41', os: 'linux', arch: 'amd64'}} />;
	return {
		element,
		services,
		stop: () => {
			for (const stop of stops) stop();
			base.sync.stop();
			images.sync.stop?.();
			inventory.stop();
		},
	};
}
