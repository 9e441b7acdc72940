import assert from 'node:assert/strict';
import {after, describe, it} from 'node:test';
import {followLogs, followManyLogs, toSinceParameter} from '../../source/docker/logs.js';
import {type LogNotice} from '../../source/model/log-types.js';
import type {LogLineInput} from '../../source/model/log-buffer.js';
import {createEngine} from '../../source/docker/engine.js';
import {parseHost} from '../../source/docker/endpoint.js';
import {docker, makeContainer, removeContainers, testEngine, uniqueName, waitFor} from '../support/engine.js';
import {startRecordingProxy} from '../support/socket-proxy.js';

const made: string[] = [];
after(async () => {
	await removeContainers(...made);
});

const engine = testEngine();

/** Follows a container's logs into arrays; stop() aborts the stream. */
function follow(id: string, options: {timestamps?: boolean; tail?: number} = {}) {
	const lines: LogLineInput[] = [];
	const notices: LogNotice[] = [];
	const controller = new AbortController();
	const done = followLogs(engine, {id}, {onLines: batch => lines.push(...batch), onNotice: notice => notices.push(notice)}, {signal: controller.signal, partialDelayMs: 100, ...options});
	return {
		lines,
		notices,
		done,
		texts: () => lines.map(line => line.text),
		stop: async () => {
			controller.abort();
			await done;
		},
	};
}

async function run(command: string, extraArgs: string[] = []): Promise<string> {
	const id = await makeContainer({command: ['sh', '-c', command], extraArgs});
	made.push(id);
	return id;
}

describe('followLogs against the engine', () => {
	it('splits stdout and stderr of a non-TTY container and marks stderr', async () => {
		const id = await run('echo to-out; echo to-err >&2; sleep 3600');
		const f = follow(id);
		await waitFor(() => f.lines.length >= 2, {what: () => `two lines, got ${JSON.stringify(f.lines)}`});
		assert.deepEqual(
			f.lines.map(line => [line.stream, line.text]).sort(),
			[
				['stderr', 'to-err'],
				['stdout', 'to-out'],
			],
		);
		assert.deepEqual(f.notices[0], {kind: 'attached', id, source: undefined, isTty: false, isRunning: true});
		await f.stop();
	});

	it('shows a TTY container’s bytes verbatim even when they look like a frame header', async () => {
		const id = await run(String.raw`printf '\001\000\000\000\000\000\000\005hello\n'; sleep 3600`, ['-t']);
		assert.equal(await docker('inspect', '-f', '{{.Config.Tty}}', id), 'true');
		const f = follow(id);
		await waitFor(() => f.lines.length >= 1, {what: 'the TTY line'});
		assert.deepEqual(f.lines.map(line => [line.stream, line.text]), [['stdout', '␁␀␀␀␀␀␀␅hello']]);
		assert.equal((f.notices[0] as {isTty: boolean}).isTty, true);
		await f.stop();
	});

	it('gives a line longer than 16 KiB as one line, with timestamps parsed off', async () => {
		const id = await run("head -c 40000 /dev/zero | tr '\\0' x; echo; echo after; sleep 3600");
		const f = follow(id, {timestamps: true});
		await waitFor(() => f.texts().includes('after'), {what: () => `the line after; lengths ${f.lines.map(l => l.text.length)}`});
		// The engine stores it as three messages: without joining, there would be three lines here.
		assert.deepEqual(f.texts(), ['x'.repeat(40000), 'after']);
		assert.match(f.lines[0]!.timestamp!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z$/);
		await f.stop();
	});

	it('shows a last line with no newline when the container ends', async () => {
		// The engine's log copier holds an unfinished line until its newline, 16 KiB or the end of
		// the output (seen on 20.10, TTY or not), so this is where a partial line reaches a reader.
		const id = await run("echo first; printf 'last words, no newline'; exit 2");
		const f = follow(id);
		await waitFor(() => f.notices.some(n => n.kind === 'exited'), {timeoutMs: 15_000, what: () => `the exit; got ${JSON.stringify(f.notices)}`});
		assert.deepEqual(f.texts(), ['first', 'last words, no newline']);
		assert.equal((f.notices.find(n => n.kind === 'exited') as {exitCode: number}).exitCode, 2);
		await f.stop();
	});

	it('says the logging driver cannot be read for --log-driver none, without throwing', async () => {
		const id = await run('echo unseen; sleep 3600', ['--log-driver', 'none']);
		const f = follow(id);
		await f.done;
		assert.equal(f.notices.length, 1);
		assert.equal(f.notices[0]!.kind, 'unreadable');
		assert.match((f.notices[0] as {message: string}).message, /does not support reading|logging driver/);
		assert.equal(f.lines.length, 0);
	});

	it('reports the exit code when the container stops, and attaches again when it starts', async () => {
		const id = await run('echo run-$(cat /proc/uptime | cut -d" " -f1); sleep 1; exit 3');
		const f = follow(id, {timestamps: true});
		await waitFor(() => f.notices.some(n => n.kind === 'exited'), {timeoutMs: 15_000, what: () => `the exit notice; got ${JSON.stringify(f.notices)}`});
		assert.deepEqual(f.notices.find(n => n.kind === 'exited'), {kind: 'exited', id, source: undefined, exitCode: 3});
		assert.equal(await docker('inspect', '-f', '{{.State.ExitCode}}', id), '3');
		assert.equal(f.lines.length, 1);
		await docker('start', id);
		await waitFor(() => f.lines.length >= 2, {timeoutMs: 15_000, what: () => `the second run's line; got ${JSON.stringify(f.texts())}`});
		assert.notEqual(f.lines[1]!.text, f.lines[0]!.text, 'the first run is not repeated');
		assert.equal(f.notices.filter(n => n.kind === 'attached').length, 2);
		await f.stop();
	});

	it('says a removed container was removed', async () => {
		const id = await run('sleep 3600');
		const f = follow(id);
		await waitFor(() => f.notices.length > 0, {what: 'attached'});
		await docker('rm', '-f', id);
		await f.done;
		assert.equal(f.notices.at(-1)!.kind, 'removed');
	});

	it('merges several containers with their names on each line', async () => {
		const a = uniqueName('merge-a');
		const b = uniqueName('merge-b');
		made.push(await makeContainer({name: a, command: ['sh', '-c', 'echo from-a; sleep 3600']}));
		made.push(await makeContainer({name: b, command: ['sh', '-c', 'echo from-b; sleep 3600']}));
		const lines: LogLineInput[] = [];
		const controller = new AbortController();
		const done = followManyLogs(engine, [{id: a, source: a}, {id: b, source: b}], {onLines: batch => lines.push(...batch), onNotice: () => undefined}, {signal: controller.signal});
		await waitFor(() => lines.length >= 2, {what: 'both lines'});
		assert.deepEqual(lines.map(line => `${line.source}|${line.sourceIndex}|${line.text}`).sort(), [`${a}|0|from-a`, `${b}|1|from-b`]);
		controller.abort();
		await done;
	});

	it('loses and repeats no line where a merged backlog ends and the follow begins, while both containers keep writing', async () => {
		// Each writes a numbered line as fast as it can: the seam between the backlog read and the follow falls mid-flow.
		const counter = (who: string) => `i=0; while true; do i=$((i+1)); echo ${who}-$i; done`;
		const [a, b] = await Promise.all([makeContainer({command: ['sh', '-c', counter('a')]}), makeContainer({command: ['sh', '-c', counter('b')]})]);
		made.push(a, b);
		await waitFor(async () => (await docker('logs', '--tail', '1', b)).length > 0, {what: 'b to start writing'});
		const lines: LogLineInput[] = [];
		const controller = new AbortController();
		const done = followManyLogs(engine, [{id: a, source: 'a'}, {id: b, source: 'b'}], {onLines: batch => lines.push(...batch), onNotice: () => undefined}, {signal: controller.signal, tail: 200});
		await waitFor(() => lines.filter(line => line.source === 'a').length > 3000 && lines.filter(line => line.source === 'b').length > 3000, {timeoutMs: 30_000, what: 'lines from both'});
		controller.abort();
		await done;
		// They write as fast as a core allows: not a moment longer than needed.
		await removeContainers(a, b);
		for (const who of ['a', 'b']) {
			const numbers = lines.filter(line => line.source === who && !line.isPartial).map(line => Number(line.text.slice(2)));
			const gaps = numbers.slice(1).flatMap((n, i) => (n === numbers[i]! + 1 ? [] : [`${numbers[i]} → ${n}`]));
			assert.deepEqual(gaps, [], `${who}: every line once, in order, from ${numbers[0]} to ${numbers.at(-1)}`);
		}
	});
});

describe('followLogs when the engine cannot be reached', () => {
	it('says so once per problem, keeps trying without throwing, and follows the container once the engine answers', async () => {
		// A real container behind a proxy that stands in for the link to the engine (no patched client).
		const id = await run('echo before-the-outage; sleep 3600');
		await waitFor(async () => (await docker('logs', id)).includes('before-the-outage'), {what: 'the container to write its line'});
		const proxy = await startRecordingProxy();
		try {
			await proxy.drop();
			const reached = createEngine(parseHost(`unix://${proxy.socketPath}`, 'test'));
			const lines: LogLineInput[] = [];
			const notices: LogNotice[] = [];
			const controller = new AbortController();
			let isDone = false;
			const done = followLogs(reached, {id}, {onLines: batch => lines.push(...batch), onNotice: notice => notices.push(notice)}, {signal: controller.signal, retryMs: 20}).then(() => {
				isDone = true;
			});
			// No socket at all: one line saying so.
			await waitFor(() => notices.length >= 1, {what: 'the first notice'});
			assert.equal(notices[0]!.kind, 'error');
			assert.match((notices[0] as {message: string}).message, /no such socket.*; trying again$/);
			// An engine that accepts and drops every connection: every try is counted at the socket, said once.
			await proxy.refuse();
			await waitFor(() => proxy.refused() >= 3, {what: 'three tries at the refusing socket'});
			assert.equal(isDone, false, 'still trying');
			assert.equal(notices.length, 2, JSON.stringify(notices));
			assert.equal(notices[1]!.kind, 'error');
			assert.match((notices[1] as {message: string}).message, /closed by the other side.*; trying again$/);
			assert.equal(lines.length, 0, 'nothing followed while the engine was out of reach');
			// The engine answers again: the container's line arrives, with no further error.
			await proxy.resume();
			await waitFor(() => lines.some(line => line.text === 'before-the-outage'), {what: "the container's line once the engine answers"});
			assert.equal(notices.filter(notice => notice.kind === 'error').length, 2, JSON.stringify(notices));
			controller.abort();
			await done;
		} finally {
			await proxy.close();
		}
	});
});

describe('toSinceParameter', () => {
	it('keeps nanoseconds', () => {
		assert.equal(toSinceParameter('2026-11-23T01:00:00.123456789Z'), `${Date.parse('2026-11-23T01:00:00Z') / 1000}.123456789`);
		assert.equal(toSinceParameter('0001-01-01T00:00:00Z'), undefined);
	});
});
