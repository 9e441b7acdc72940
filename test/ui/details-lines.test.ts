import assert from 'node:assert/strict';
import {DEFAULT_THEME as theme} from '../../source/ui/theme.js';
import {describe, it} from 'node:test';
import {toContainerDetails} from '../../source/docker/container-details.js';
import {changeTree} from '../../source/model/change-tree.js';
import {isSecretName, MASK} from '../../source/model/secrets.js';
import {type DetailsInput, detailsLines, formatLimit, shellWords, signalOfExitCode} from '../../source/ui/format/details-lines.js';
import {toEntry} from '../../source/model/event-log.js';

// Trimmed from a real `GET /containers/{id}/json` on Docker 20.10, with hostile strings added.
const RAW = {
	Id: 'a'.repeat(64),
	Name: '/web\u001B]0;pwned\u0007',
	Created: '2026-11-23T02:00:25.013820422Z',
	Image: `sha256:${'b'.repeat(64)}`,
	RestartCount: 2,
	State: {
		Status: 'running',
		ExitCode: 0,
		StartedAt: '2026-11-23T02:00:25.39598929Z',
		FinishedAt: '0001-01-01T00:00:00Z',
		Health: {Status: 'unhealthy', FailingStreak: 3, Log: [{End: '2026-11-23T02:00:26.448829132Z', ExitCode: 1, Output: 'curl: (7) refused\n\u001B[2Jsecond line\n'}]},
	},
	Config: {
		Image: 'nginx:1.25',
		Entrypoint: ['/docker-entrypoint.sh'],
		Cmd: ['nginx', '-g', 'daemon off;'],
		Env: ['DB_PASSWORD=hunter2', 'PATH=/usr/bin', 'api_token=abc', 'EMPTY', 'EVIL=\u001B[31mred'],
		Labels: {'com.example.team': 'web', z: 'last'},
	},
	HostConfig: {NetworkMode: 'app-net', RestartPolicy: {Name: 'on-failure', MaximumRetryCount: 5}, Memory: 67_108_864, NanoCpus: 500_000_000, CpuShares: 0, PidsLimit: null},
	NetworkSettings: {
		Ports: {'80/tcp': [{HostIp: '0.0.0.0', HostPort: '8080'}], '443/tcp': null},
		Networks: {'app-net': {IPAddress: '172.18.0.2', Gateway: '172.18.0.1', MacAddress: '02:42:ac:12:00:02', Aliases: ['web']}},
	},
	Mounts: [
		{Type: 'volume', Name: 'c'.repeat(64), Source: '/var/lib/docker/volumes/x/_data', Destination: '/data', RW: true},
		{Type: 'bind', Source: '/etc/app', Destination: '/etc/app', RW: false},
	],
};

describe('container details', () => {
	it('maps inspect to sanitized details, with secret-looking env names flagged', () => {
		const d = toContainerDetails(RAW);
		assert.equal(d.name, 'web␛]0;pwned␇');
		assert.deepEqual(d.command, ['nginx', '-g', 'daemon off;']);
		assert.deepEqual(
			d.env.map(v => [v.name, v.value, v.isSecret]),
			[['DB_PASSWORD', 'hunter2', true], ['PATH', '/usr/bin', false], ['api_token', 'abc', true], ['EMPTY', '', false], ['EVIL', '␛[31mred', false]],
		);
		assert.equal(d.cpus, 0.5);
		assert.equal(d.memoryLimit, 67_108_864);
		assert.equal(d.pidsLimit, undefined);
		assert.deepEqual(d.health?.lastProbe?.output, ['curl: (7) refused', '␛[2Jsecond line']);
		assert.deepEqual(d.ports, [{containerPort: '80/tcp', hostIp: '0.0.0.0', hostPort: '8080'}, {containerPort: '443/tcp'}]);
		assert.equal(d.mounts[0]!.source, 'c'.repeat(64));
		assert.equal(d.mounts[1]!.isReadOnly, true);
	});

	it('reads CPUs from a quota when --cpus was not used', () => {
		assert.equal(toContainerDetails({...RAW, HostConfig: {CpuQuota: 150_000, CpuPeriod: 100_000}}).cpus, 1.5);
		assert.equal(toContainerDetails({...RAW, HostConfig: {}}).cpus, undefined);
	});

	it('flags PASSWORD, SECRET, TOKEN and KEY names in any case', () => {
		for (const name of ['MYSQL_ROOT_PASSWORD', 'aws_secret_access_key', 'GITHUB_TOKEN', 'API_KEY', 'ssh_passwd']) assert.ok(isSecretName(name), name);
		for (const name of ['PATH', 'HOME', 'LANG', 'NGINX_VERSION']) assert.ok(!isSecretName(name), name);
	});

	it('masks secret values until revealed, and shows every section', () => {
		const input: DetailsInput = {
			details: toContainerDetails(RAW),
			size: {status: 'ok', value: {writable: 1_500, rootFs: 2_000_000}},
			top: {status: 'ok', value: {titles: ['UID', 'PID', 'CMD'], rows: [['root', '1', 'nginx: master process']]}},
			changes: {status: 'ok', value: [{path: '/tmp', kind: 'changed'}, {path: '/tmp/new.txt', kind: 'added'}, {path: '/bin/true', kind: 'deleted'}]},
			isRevealed: false,
		};
		const hidden = detailsLines(input, theme).map(line => line.text).join('\n');
		assert.match(hidden, new RegExp(`DB_PASSWORD=${MASK}`));
		assert.match(hidden, new RegExp(`api_token=${MASK}`));
		assert.doesNotMatch(hidden, /hunter2|=abc/);
		assert.match(hidden, /PATH=\/usr\/bin/);
		assert.match(hidden, /Environment \(5, 2 hidden: v reveals them\)/);
		assert.match(hidden, /image {11}nginx:1\.25 \(bbbbbbbbbbbb\)/);
		assert.match(hidden, /command {9}nginx -g "daemon off;"/);
		assert.match(hidden, /entrypoint {6}\/docker-entrypoint\.sh/);
		assert.match(hidden, /restart policy  on-failure \(at most 5 retries\) · restarted 2 times/);
		assert.match(hidden, /memory limit {4}64MiB/);
		assert.match(hidden, /CPUs {12}0\.5/);
		assert.match(hidden, /writable layer  1\.5kB \(2\.0MB with the image\)/);
		assert.match(hidden, /status {10}unhealthy · failing 3 times in a row/);
		assert.match(hidden, /│ curl: \(7\) refused\n {4}│ ␛\[2Jsecond line/);
		assert.match(hidden, /80\/tcp → 0\.0\.0\.0:8080/);
		assert.match(hidden, /443\/tcp \(not published\)/);
		assert.match(hidden, /volume {2}c{64} → \/data \(read-write\)/);
		assert.match(hidden, /bind {4}\/etc\/app → \/etc\/app \(read-only\)/);
		assert.match(hidden, /app-net {9}ip 172\.18\.0\.2 · gateway 172\.18\.0\.1 · mac 02:42:ac:12:00:02 · aliases web/);
		assert.match(hidden, /com\.example\.team=web\n {2}z=last/);
		assert.match(hidden, /UID {3}PID {2}CMD\n {2}root {2}1 {4}nginx: master process/);
		assert.match(hidden, /Changes in the writable layer \(3\)\n {2}  {3}bin\/\n {2}- D {3}true\n {2}~ C tmp\/\n {2}\+ A {3}new\.txt/);

		const shown = detailsLines({...input, isRevealed: true}, theme).map(line => line.text).join('\n');
		assert.match(shown, /DB_PASSWORD=hunter2/);
		assert.match(shown, /2 shown: v hides them/);
	});

	it('masks secret-looking labels, arguments and process command lines with the environment, the neighbours shown (issue 17)', () => {
		const raw = {...RAW, Config: {...RAW.Config, Cmd: ['app', '--db-password=hunter2', '--port=8080', '--token', 'tok-123'], Labels: {'com.example.api_token': 'lbl-secret', 'com.example.team': 'web'}}};
		const input: DetailsInput = {
			details: toContainerDetails(raw),
			size: {status: 'ok', value: {writable: 1, rootFs: 2}},
			top: {status: 'ok', value: {titles: ['UID', 'PID', 'CMD'], rows: [['root', '1', 'app --db-password=hunter2 --port=8080']]}},
			changes: {status: 'ok', value: []},
			isRevealed: false,
		};
		const hidden = detailsLines(input, theme).map(line => line.text).join('\n');
		assert.doesNotMatch(hidden, /hunter2|tok-123|lbl-secret/);
		assert.match(hidden, new RegExp(`command {9}app --db-password=${MASK} --port=8080 --token ${MASK}`));
		assert.match(hidden, new RegExp(`com\\.example\\.api_token=${MASK}\n {2}com\\.example\\.team=web`));
		assert.match(hidden, new RegExp(`1 {4}app --db-password=${MASK} --port=8080`));
		const shown = detailsLines({...input, isRevealed: true}, theme).map(line => line.text).join('\n');
		assert.match(shown, /command {9}app --db-password=hunter2 --port=8080 --token tok-123/);
		assert.match(shown, /com\.example\.api_token=lbl-secret/);
		assert.match(shown, /1 {4}app --db-password=hunter2/);
	});

	it('says what is loading, failed or does not apply', () => {
		const lines = detailsLines({
			details: toContainerDetails({...RAW, State: {Status: 'exited', ExitCode: 137, FinishedAt: '2026-11-23T03:00:00.5Z', OOMKilled: true}}),
			size: {status: 'loading'},
			top: {status: 'skipped', reason: 'not running (exited): no processes'},
			changes: {status: 'error', message: 'engine: boom'},
			isRevealed: false,
		}, theme)
			.map(line => line.text)
			.join('\n');
		assert.match(lines, /finished {8}2026-11-23T03:00:00Z · exit code 137 · killed: out of memory/);
		assert.match(lines, /writable layer  measuring…/);
		assert.match(lines, /not running \(exited\): no processes/);
		assert.match(lines, /engine: boom/);
		assert.match(lines, /no health check/);
	});

	it('a state the engine names that dockdash does not know: "unknown", and what the engine answered, sanitized (issue 17)', () => {
		const lines = (state: unknown) =>
			detailsLines({details: toContainerDetails({...RAW, State: state as typeof RAW.State}), size: {status: 'loading'}, top: {status: 'loading'}, changes: {status: 'loading'}, isRevealed: false}, theme).map(line => line.text);
		const odd = lines({Status: 'zombie\u001B[2J', ExitCode: 0});
		assert.match(odd[0]!, / · unknown$/);
		assert.equal(odd[1], '  state unknown: the engine answered "zombie␛[2J"');
		assert.ok(!odd.some(line => /^  (finished|started) /.test(line)), odd.join('\n'));
		assert.equal(lines(undefined)[1], '  state unknown: the engine answered no state');
		// Positive control: a known state has no such line.
		assert.ok(!lines({Status: 'exited', ExitCode: 0}).some(line => line.includes('state unknown')));
	});

	it('builds the change tree with implied directories and a cap', () => {
		const {lines, omitted} = changeTree([{path: '/a/b/c', kind: 'added'}, {path: '/a/d', kind: 'deleted'}], 3);
		assert.deepEqual(lines, [
			{depth: 0, name: 'a', kind: undefined, hasChildren: true},
			{depth: 1, name: 'b', kind: undefined, hasChildren: true},
			{depth: 2, name: 'c', kind: 'added', hasChildren: false},
		]);
		assert.equal(omitted, 1);
	});

	it('shows limits in the binary units they are set in', () => {
		assert.equal(formatLimit(64 * 1024 ** 2), '64MiB');
		assert.equal(formatLimit(2 * 1024 ** 3), '2GiB');
		assert.equal(formatLimit(1_500_000), '1.5MB');
	});

	it('quotes argv words a shell would split', () => {
		assert.equal(shellWords(['sh', '-c', 'echo hi', '']), 'sh -c "echo hi" ""');
	});
});

describe('why an exited container stopped (issue 14)', () => {
	const exited = toContainerDetails({...RAW, State: {...RAW.State, Status: 'exited', ExitCode: 137, OOMKilled: true, Health: {Status: 'unhealthy', FailingStreak: 2, Log: [
		{End: '2026-11-23T02:00:26Z', ExitCode: 0, Output: 'fine\n'},
		{End: '2026-11-23T02:00:27Z', ExitCode: 1, Output: 'refused \u001B[2J\n'},
	]}}});
	const base = {size: {status: 'loading'}, top: {status: 'skipped', reason: 'not running'}, changes: {status: 'loading'}, isRevealed: false} as const;
	const kill = toEntry({type: 'container', action: 'kill', id: 'a'.repeat(64), timeNano: 1_795_000_000e9, attributes: {signal: '9', name: 'web'}});
	const die = toEntry({type: 'container', action: 'die', id: 'a'.repeat(64), timeNano: 1_795_000_001e9, attributes: {exitCode: '137', name: 'web'}});

	it('names the signal, out of memory, every health check kept, the last log lines and its recent events', () => {
		const text = detailsLines({...base, details: exited, events: [die, kill], lastLines: {status: 'ok', value: [{stream: 'stdout', text: 'last words'}, {stream: 'stderr', text: 'panic: \u241b'}]}}, theme).map(line => line.text);
		const from = text.indexOf('Why it stopped');
		assert.ok(from > 0);
		assert.deepEqual(text.slice(from + 1, from + 11), [
			'  exit code       137 (128 + 9: ended by SIGKILL)',
			'  out of memory   yes: the kernel killed it at its memory limit (OOMKilled)',
			'  signal sent     SIGKILL (9) at 2026-11-18 11:06:40 UTC (docker stop or kill)',
			'  last health checks (2, newest last):',
			'    exit 0 at 2026-11-23T02:00:26Z │ fine',
			'    exit 1 at 2026-11-23T02:00:27Z │ refused ␛[2J',
			'  last log lines:',
			'    │ last words',
			'    │ panic: ␛',
			'',
		]);
		assert.ok(text.includes('Recent events (2)'));
		const probe = toEntry({type: 'container', action: 'exec_start: sh -c true', id: 'a'.repeat(64), timeNano: 1_795_000_002e9, attributes: {}});
		const withProbe = detailsLines({...base, details: exited, events: [probe, die, kill]}, theme).map(line => line.text);
		assert.ok(withProbe.includes('Recent events (2)'));
		assert.ok(withProbe.includes('  and 1 exec event (health checks, docker exec): the Events pane lists them'));
		assert.ok(text.includes('  2026-11-18 11:06:41 UTC  die  exitCode=137'));
	});

	it('says nothing of why for a running container, and a code above 128 is a signal only up to 128 + 64', () => {
		const running = toContainerDetails(RAW);
		assert.ok(!detailsLines({...base, details: running}, theme).some(line => line.text === 'Why it stopped'));
		assert.equal(signalOfExitCode(143), 'SIGTERM');
		assert.equal(signalOfExitCode(1), undefined);
		assert.equal(signalOfExitCode(255), undefined);
	});
});
