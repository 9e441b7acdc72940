// The engine's floor for stats through the API (issue 16), for bench/stats.mjs: sends RATE bare one-shot stats
// requests a second (`GET /containers/ID/stats?stream=false&one-shot=true`), evenly spaced, round-robin over the
// running containers carrying LABEL, until SIGTERM; then prints how many were answered. No dockdash code: what
// dockerd and containerd spend per request here is what any reader that polls them pays.
//   stats-floor LABEL RATE [keep-alive|new-connection] [one-shot|two-samples]
// DOCKER_HOST: unix:// or tcp:// (no TLS).
import http from 'node:http';

const [label = '', rateText = '10', connection = 'keep-alive', sampling = 'one-shot'] = process.argv.slice(2);
const rate = Number(rateText);
const host = process.env.DOCKER_HOST || 'unix:///var/run/docker.sock';
const target = host.startsWith('unix://') ? {socketPath: host.slice('unix://'.length)} : {host: new URL(host.replace(/^tcp:/, 'http:')).hostname, port: Number(new URL(host.replace(/^tcp:/, 'http:')).port)};
const agent = new http.Agent({keepAlive: connection === 'keep-alive', maxSockets: 8});
const query = sampling === 'one-shot' ? 'stream=false&one-shot=true' : 'stream=false';

function get(path) {
	return new Promise((resolve, reject) => {
		const request = http.request({...target, agent, path, headers: {Host: 'docker'}}, response => {
			const parts = [];
			response.on('data', chunk => parts.push(chunk));
			response.on('end', () => (response.statusCode < 300 ? resolve(JSON.parse(Buffer.concat(parts).toString('utf8'))) : reject(new Error(`${path}: ${response.statusCode}`))));
			response.on('error', reject);
		});
		request.on('error', reject);
		request.end();
	});
}

const list = await get(`/containers/json?filters=${encodeURIComponent(JSON.stringify({label: [label], status: ['running']}))}`);
const ids = list.map(container => container.Id);
let sent = 0;
let answered = 0;
let errors = 0;
let inFlight = 0;
let maxInFlight = 0;
const started = process.hrtime.bigint();
const timer = rate > 0 && ids.length > 0
	? setInterval(() => {
			// Catch up to the schedule (timers on a loaded machine fire late), never send ahead of it.
			const due = Math.floor((Number(process.hrtime.bigint() - started) / 1e9) * rate);
			while (sent < due) {
				const id = ids[sent % ids.length];
				sent++;
				inFlight++;
				maxInFlight = Math.max(maxInFlight, inFlight);
				get(`/containers/${id}/stats?${query}`).then(() => answered++, () => errors++).finally(() => inFlight--);
			}
		}, 10)
	: undefined;
process.on('SIGTERM', () => {
	if (timer) clearInterval(timer);
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	process.stdout.write(`${JSON.stringify({rate, connection, sampling, sent, answered, errors, maxInFlight, perSecond: Number((answered / seconds).toFixed(1)), containers: ids.length})}\n`);
	process.exit(0);
});
