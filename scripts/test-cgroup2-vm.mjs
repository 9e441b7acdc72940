// The cgroup v2 stats test (`npm run test:cgroup2`): boots the cgroup v2 Docker host of
// ../shared/cgroup2-vm in qemu (this machine's own cgroups are v1 and not ours to change),
// runs test/vm/ against its engine, and stops it. The VM's kernel, root and image are built
// once into DOCKDASH_CG2VM_WORK (default /tmp/dockdash-cg2vm) and kept for later runs.
import {spawnSync} from 'node:child_process';
import {existsSync, readFileSync} from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const vmScript = path.resolve(process.env.DOCKDASH_CG2VM_SCRIPT ?? '../shared/cgroup2-vm/vm.sh');
if (!existsSync(vmScript)) {
	const message = `test:cgroup2: ${vmScript} not found (set DOCKDASH_CG2VM_SCRIPT to the cgroup2-vm recipe)`;
	// CI has shared/ beside the clone: there, a missing recipe is a failure, not a skip.
	if (process.env.CI) {
		console.error(message);
		process.exit(1);
	}
	console.log(`${message}; skipped`);
	process.exit(0);
}

const freePort = () =>
	new Promise(resolve => {
		const server = net.createServer().listen(0, '127.0.0.1', () => {
			const {port} = server.address();
			server.close(() => resolve(port));
		});
	});

const env = {...process.env, WORK: process.env.DOCKDASH_CG2VM_WORK ?? '/tmp/dockdash-cg2vm', PORT: String(await freePort())};
// vm.sh keeps one VM per work folder, on the port it was started with.
try {
	const pid = Number(readFileSync(path.join(env.WORK, 'qemu.pid'), 'utf8'));
	process.kill(pid, 0);
	console.error(`test:cgroup2: a VM already runs from ${env.WORK} (qemu ${pid}): stop it (WORK=${env.WORK} ${vmScript} stop) or set DOCKDASH_CG2VM_WORK`);
	process.exit(1);
} catch (error) {
	if (error.code !== 'ENOENT' && error.code !== 'ESRCH') throw error;
}

const vm = (verb, timeoutMs) => {
	const result = spawnSync('bash', [vmScript, verb], {env, stdio: ['ignore', 'inherit', 'inherit'], timeout: timeoutMs});
	if (result.status !== 0) throw new Error(`vm.sh ${verb} failed (${result.error?.message ?? `exit ${result.status}`})`);
};

const started = Date.now();
let status = 1;
try {
	vm('build', 15 * 60_000);
	vm('start', 5 * 60_000);
	console.log(`test:cgroup2: cgroup v2 engine at tcp://127.0.0.1:${env.PORT} after ${((Date.now() - started) / 1000).toFixed(0)} s`);
	const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-timeout=900000', 'test/vm/cgroup2-stats.test.ts'], {
		env: {...process.env, DOCKER_HOST: `tcp://127.0.0.1:${env.PORT}`},
		stdio: 'inherit',
		timeout: 20 * 60_000,
	});
	status = result.status ?? 1;
} catch (error) {
	console.error(`test:cgroup2: ${error.message}`);
} finally {
	spawnSync('bash', [vmScript, 'stop'], {env, stdio: 'inherit'});
	console.log(`test:cgroup2: ${status === 0 ? 'passed' : 'failed'} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
process.exit(status);
