/**
 * Fuzz target: the engine address (DOCKER_HOST, -H, a context's host) as docker/endpoint.ts reads it, and the ssh
 * command line docker/ssh-transport.ts builds from an ssh:// one. The bytes an ssh engine sends back travel over
 * `docker system dial-stdio` straight into Node's own HTTP parser (dockdash frames nothing there); what dockdash
 * itself parses on that path is the address, so that is fuzzed.
 * Invariants: any address gives an endpoint or one EndpointError, never another error; ports are whole numbers in
 * range; on the ssh command line nothing from the address can become an option: the user and port only follow -l
 * and -p, and the host only follows "--".
 */
import {EndpointError, parseHost} from '../../source/docker/endpoint.js';
import {sshArguments} from '../../source/docker/ssh-transport.js';
import {check, expectOwn} from './support.js';

const FIXED = new Set(['-o', 'BatchMode=yes', 'ControlMaster=no', 'ControlPath=/tmp/x/m', '-T']);

export function fuzz(data: Buffer): void {
	const raw = (data[0] ?? 0) & 1 ? `ssh://${data.subarray(1).toString('utf8')}` : data.subarray(1).toString('utf8');
	let endpoint;
	try {
		endpoint = parseHost(raw, 'DOCKER_HOST');
	} catch (error) {
		expectOwn(error, EndpointError);
		check(!(error as Error).message.includes('\n    at '), 'a stack trace in the message');
		return;
	}
	if (endpoint.transport === 'tcp') check(Number.isInteger(endpoint.port) && endpoint.port >= 0 && endpoint.port <= 65_535, `tcp port ${endpoint.port}`);
	if (endpoint.transport !== 'ssh') return;
	const {host, port, user} = endpoint;
	if (port !== undefined) check(Number.isInteger(port) && port > 0 && port <= 65_535, `ssh port ${port}`);
	const args = sshArguments({host, port, user}, '/tmp/x/m', {});
	// ssh reads its options with getopt: the word after -l or -p is that option's value whatever it is ("--" too),
	// so the end of the options is the first "--" that is not such a value.
	let end = -1;
	for (let index = 0; index < args.length; index++) {
		const word = args[index]!;
		if (word === '-l' || word === '-p') {
			index++;
			continue;
		}
		if (word === '--') {
			end = index;
			break;
		}
		check(FIXED.has(word), `"${word}" from the address became an ssh option: ${JSON.stringify(args)}`);
	}
	check(end !== -1 && args[end + 1] === host, `the host is not after "--": ${JSON.stringify(args)}`);
	check(JSON.stringify(args.slice(end + 2)) === JSON.stringify(['docker', 'system', 'dial-stdio']), `the remote command changed: ${JSON.stringify(args)}`);
}
