// Shared helpers for the benchmarks: the engine's API over its unix socket, so that
// making and removing 1,000 containers takes seconds instead of 1,000 docker CLI starts.
import http from 'node:http';

const IMAGE = 'dockdash-test/busybox:latest';

function socketPath() {
	const host = process.env.DOCKER_HOST || 'unix:///var/run/docker.sock';
	if (!host.startsWith('unix://')) throw new Error(`the benchmarks need a local engine (DOCKER_HOST=unix://...), not ${host}`);
	return host.slice('unix://'.length);
}

/** One engine API request; resolves the parsed JSON answer (or undefined for an empty body). */
export function api(method, path, body) {
	return new Promise((resolve, reject) => {
		const payload = body === undefined ? undefined : JSON.stringify(body);
		const request = http.request(
			{socketPath: socketPath(), method, path: `/v1.41${path}`, headers: payload ? {'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload)} : {}},
			response => {
				let text = '';
				response.setEncoding('utf8');
				response.on('data', chunk => (text += chunk));
				response.on('end', () => {
					if (response.statusCode >= 400) reject(new Error(`${method} ${path}: ${response.statusCode} ${text.trim()}`));
					else resolve(text ? JSON.parse(text) : undefined);
				});
			},
		);
		request.on('error', reject);
		request.end(payload);
	});
}

async function inParallel(items, limit, work) {
	const queue = [...items];
	await Promise.all(Array.from({length: limit}, async () => {
		while (queue.length > 0) await work(queue.shift());
	}));
}

/** IDs of the containers carrying `label` (key=value). */
export async function labelled(label) {
	const list = await api('GET', `/containers/json?all=1&filters=${encodeURIComponent(JSON.stringify({label: [label]}))}`);
	return list.map(container => container.Id);
}

/** Makes sure `count` created (not running) containers carry `label`. */
export async function ensureCreated(label, count, prefix) {
	const have = (await labelled(label)).length;
	const [key, value] = label.split('=');
	const indexes = Array.from({length: Math.max(0, count - have)}, (_, index) => have + index);
	await inParallel(indexes, 8, index =>
		api('POST', `/containers/create?name=${prefix}-${index}-${process.pid}`, {Image: IMAGE, Cmd: ['true'], Labels: {[key]: value}, HostConfig: {NetworkMode: 'none'}}),
	);
}

/** Removes every container carrying `label`. */
export async function removeLabelled(label) {
	await inParallel(await labelled(label), 8, id => api('DELETE', `/containers/${id}?force=1&v=1`));
}

/** How many containers the engine has in all (what the dashboard's header counts). */
export async function containerCount() {
	return (await api('GET', '/containers/json?all=1')).length;
}

/** Median, min and max. */
export function summary(values) {
	const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
	const at = q => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
	return {median: at(0.5), p95: at(0.95), min: sorted[0], max: sorted.at(-1), n: sorted.length};
}
