import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {createBody} from '../../source/docker/container-create.js';
import {
	checkRunForm,
	emptyRunForm,
	parseCpus,
	parseEnv,
	parseEnvFile,
	parseMemory,
	parsePorts,
	parseRestart,
	parseRunHistory,
	parseVolumes,
	rememberRun,
	type RunChecks,
	splitWords,
} from '../../source/model/run-form.js';

const checks = (overrides: Partial<RunChecks> = {}): RunChecks => ({
	checkImage: async () => undefined,
	containerNamed: async () => undefined,
	networkExists: async name => name === 'backend',
	cpuCount: async () => 2,
	readFile: async file => {
		if (file === '/work/app.env') return 'A=1\n# no\n\nB\n';
		throw Object.assign(new Error('nope'), {code: 'ENOENT'});
	},
	environment: {B: 'from-env', HOME: '/root'},
	cwd: '/work',
	...overrides,
});

describe('run form parsing, as the docker CLI reads each flag', () => {
	it('splits words with quotes and backslashes, and names an unclosed quote', () => {
		assert.deepEqual(splitWords(`sh -c 'echo "a b"' c\\ d ""`), {words: ['sh', '-c', 'echo "a b"', 'c d', '']});
		assert.match((splitWords(`echo 'oops`) as {error: string}).error, /single quote is not closed/);
	});

	it('reads -p specs: ip, empty host port, ranges, protocols; refuses bad ones', () => {
		assert.deepEqual(parsePorts('127.0.0.1::80 8080:80/udp 90'), {
			ports: {'80/tcp': [{hostIp: '127.0.0.1', hostPort: ''}], '80/udp': [{hostIp: '', hostPort: '8080'}], '90/tcp': []},
		});
		assert.deepEqual(parsePorts('8000-8001:80-81'), {ports: {'80/tcp': [{hostIp: '', hostPort: '8000'}], '81/tcp': [{hostIp: '', hostPort: '8001'}]}});
		assert.deepEqual(parsePorts('[::1]:53:53/udp'), {ports: {'53/udp': [{hostIp: '::1', hostPort: '53'}]}});
		for (const bad of ['80:http', '70000', '1:2:3:4', '80/icmp', '999.1.1.1:80:80', '8000-8002:80-81', '0']) assert.ok('error' in parsePorts(bad), bad);
	});

	it('takes -e KEY from the environment and leaves it out when unset there', () => {
		assert.deepEqual(parseEnv('A=1 B C= D', {B: 'x'}), {env: ['A=1', 'B=x', 'C=']});
		assert.ok('error' in parseEnv('=x', {}));
	});

	it('reads an env file: comments and blank lines skipped, a bare name from the environment', () => {
		assert.deepEqual(parseEnvFile('# c\n\nA=1 2\n  B\nC\n', {B: 'b'}), {env: ['A=1 2', 'B=b']});
		assert.match((parseEnvFile('OK=1\nBAD KEY=2\n', {}) as {error: string}).error, /line 2/);
	});

	it('reads -v: names, absolute and relative host paths, modes; refuses a bad name or a relative target', () => {
		assert.deepEqual(parseVolumes('data:/data /srv:/srv:ro ./conf:/etc/app /anon', '/work'), {binds: ['data:/data', '/srv:/srv:ro', '/work/conf:/etc/app'], anonymous: ['/anon']});
		assert.match((parseVolumes('bad$name:/x', '/') as {error: string}).error, /not a volume name/);
		assert.ok('error' in parseVolumes('data:relative', '/'));
		assert.ok('error' in parseVolumes('data:/x:rx', '/'));
	});

	it('reads restart policies, memory and CPUs', () => {
		assert.deepEqual(parseRestart('on-failure:3'), {name: 'on-failure', maximumRetryCount: 3});
		assert.ok('error' in parseRestart('always:3'));
		assert.ok('error' in parseRestart('sometimes'));
		assert.equal(parseMemory('64m'), 64 * 1024 * 1024);
		assert.equal(parseMemory('1GB'), 1024 ** 3);
		assert.deepEqual(parseMemory('3m'), {error: 'minimum memory limit allowed is 6MB'});
		assert.ok(typeof parseMemory('lots') === 'object');
		assert.equal(parseCpus('0.5'), 500_000_000);
		assert.ok(typeof parseCpus('-1') === 'object');
	});
});

describe('checkRunForm: the whole form before anything is created', () => {
	it('gathers every error by field, the engine checks included', async () => {
		const values = {...emptyRunForm(), name: 'x', ports: 'abc', network: 'frontend', cpus: '4', envFile: 'missing.env', rm: 'yes', restart: 'always', workdir: 'rel'};
		const result = await checkRunForm('img', values, checks({checkImage: async () => 'not here'}));
		assert.ok('errors' in result);
		assert.deepEqual(Object.keys(result.errors).sort(), ['cpus', 'envFile', 'image', 'name', 'network', 'ports', 'restart', 'workdir']);
		assert.match(result.errors.restart!, /conflicts with "remove on exit"/);
		assert.match(result.errors.cpus!, /only 2 CPUs/);
	});

	it('names the container holding a name', async () => {
		const result = await checkRunForm('img', {...emptyRunForm(), name: 'web'}, checks({containerNamed: async () => 'abc123abc123'}));
		assert.ok('errors' in result);
		assert.match(result.errors.name!, /in use by container abc123abc123/);
	});

	it('builds the spec: env file first, -e after; the create body as docker run sends it', async () => {
		const values = {...emptyRunForm(), name: 'web', command: 'sleep 9', env: 'A=2', envFile: 'app.env', ports: '8080:80', volumes: 'data:/data /anon', network: 'backend', restart: 'on-failure:2', memory: '64m', cpus: '1.5', labels: 'a=b c', action: 'create only'};
		const result = await checkRunForm('img', values, checks());
		assert.ok('spec' in result, JSON.stringify(result));
		assert.equal(result.action, 'create');
		assert.deepEqual(result.spec.env, ['A=1', 'B=from-env', 'A=2']);
		const body = createBody(result.spec) as any;
		assert.deepEqual(body.Cmd, ['sleep', '9']);
		assert.deepEqual(body.ExposedPorts, {'80/tcp': {}});
		assert.deepEqual(body.HostConfig.PortBindings, {'80/tcp': [{HostIp: '', HostPort: '8080'}]});
		assert.deepEqual(body.HostConfig.Binds, ['data:/data']);
		assert.deepEqual(body.Volumes, {'/anon': {}});
		assert.equal(body.HostConfig.NetworkMode, 'backend');
		assert.deepEqual(body.HostConfig.RestartPolicy, {Name: 'on-failure', MaximumRetryCount: 2});
		assert.equal(body.HostConfig.NanoCpus, 1_500_000_000);
		assert.deepEqual(body.Labels, {a: 'b', c: ''});
		assert.equal(body.Tty, false);
	});
});

describe('remembered forms', () => {
	it('keeps five per image, newest first, without the name or secret-looking values', () => {
		let history = {};
		for (let index = 0; index < 7; index++) history = rememberRun(history, 'img', {...emptyRunForm(), name: 'n', command: `c${index}`, env: `DB_PASSWORD=s3cret MODE='a b'`});
		const forms = (history as Record<string, ReturnType<typeof emptyRunForm>[]>)['img']!;
		assert.equal(forms.length, 5);
		assert.equal(forms[0]!.command, 'c6');
		assert.equal(forms[0]!.name, '');
		assert.equal(forms[0]!.env, `'MODE=a b'`);
		assert.doesNotMatch(JSON.stringify(history), /s3cret/);
	});

	it('reads a damaged state file as empty, never as an error', () => {
		assert.deepEqual(parseRunHistory('{not json'), {});
		assert.deepEqual(parseRunHistory('{"img": [{"command": 3, "env": "A=1"}, null]}')['img']![0]!.env, 'A=1');
	});
});
