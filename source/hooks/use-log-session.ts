/**
 * One logs stream per effect: a new target, tail or since aborts the old
 * stream in the cleanup before the next opens (STYLE habit 7), and each run
 * gets a fresh ring so lines of two selections never mix.
 */
import {useEffect, useLayoutEffect, useMemo, useState, useSyncExternalStore} from 'react';
import type {LogNotice, LogTarget} from '../model/log-types.js';
import {LogBuffer} from '../model/log-buffer.js';
import {followOnEngines} from '../model/log-merge.js';
import type {FollowLogs} from '../model/ports.js';
import {useServices} from '../ui/app-context.js';
import {useLatest} from './use-latest.js';

export interface LogSessionOptions {
	tail: number;
	since?: number;
	capacity: number;
	/** Characters the ring keeps (default 32 Mi). */
	maxChars?: number;
	/** Bumped to read the stream again with the same settings. */
	generation?: number;
	/** Targets are containers (the default) or swarm services: the logs port follows either. */
	of?: 'containers' | 'services';
}

export interface LogSession {
	buffer: LogBuffer;
	/** Changes at most every 50 ms while lines arrive. */
	version: number;
	/** The latest notice per container, for the header. */
	notices: ReadonlyMap<string, LogNotice>;
}

/** The note a notice leaves in the log itself, so the history shows when a container stopped and came back. */
export function noticeLine(notice: LogNotice, hadExited: boolean): string | undefined {
	const who = notice.source ? `${notice.source}: ` : '';
	switch (notice.kind) {
		case 'attached':
			return hadExited ? `${who}started again` : undefined;
		case 'exited':
			// Said once and plainly: the follower waits for a start without saying so (issue 21), since a container
			// stopped on purpose, with no restart policy, is not coming back by itself.
			return `${who}exited with code ${notice.exitCode}${exitCause(notice.exitCode, notice.isOomKilled)}`;
		case 'waiting':
			return `${who}not running; waiting for it to start`;
		default:
			return `${who}${notice.message}`;
	}
}

const SIGNALS: Record<number, string> = {1: 'SIGHUP', 2: 'SIGINT', 3: 'SIGQUIT', 6: 'SIGABRT', 9: 'SIGKILL', 11: 'SIGSEGV', 13: 'SIGPIPE', 15: 'SIGTERM'};

/** Why a process exits with this code, when the code says: 128 + n is "killed by signal n" (as sh reports it). */
function exitCause(exitCode: number, isOomKilled: boolean | undefined): string {
	if (isOomKilled) return ' (killed: out of memory)';
	const signal = exitCode > 128 ? SIGNALS[exitCode - 128] : undefined;
	return signal ? ` (${signal})` : '';
}

export function useLogSession(targets: readonly LogTarget[], options: LogSessionOptions): LogSession {
	const {ports, engines} = useServices();
	const own = options.of === 'services' ? ports.logs.followServices : ports.logs.follow;
	// Targets on several engines (marks on two, issue 14): each engine follows its own, merged into the one ring.
	const isAcross = engines !== undefined && new Set(targets.map(target => target.engine)).size > 1;
	const follow = useMemo<FollowLogs>(
		() =>
			isAcross && engines
				? (all, sink, followOptions) =>
						followOnEngines(
							[...new Set(all.map(target => target.engine))].map(engine => ({
								follow: engines.memberOf(engine ?? '')?.engine.logs.follow ?? own,
								targets: all.filter(target => target.engine === engine),
							})),
							sink,
							followOptions,
						)
				: own,
		[isAcross, engines, own],
	);
	const targetsKey = targets.map(target => `${target.engine ?? ''}/${target.id}=${target.source ?? ''}`).join(',');
	// The targets as of the latest render, read by the stream when the key says they changed.
	const latestTargets = useLatest(targets);
	const {tail, since, capacity, maxChars, generation} = options;
	// One stream per ring, made with the settings it reads: a fresh ring per stream, so reading again after a change
	// of targets, tail or since (or a new generation, asked for by the user) starts clean.
	const stream = useMemo(
		() => ({targetsKey, tail, since, generation, buffer: new LogBuffer({capacity, maxChars})}),
		[targetsKey, tail, since, capacity, maxChars, generation],
	);
	const {buffer} = stream;
	const [notices, setNotices] = useState<ReadonlyMap<string, LogNotice>>(new Map());

	useEffect(() => {
		setNotices(new Map());
		const targets = latestTargets.current;
		if (targets.length === 0) return;
		const {buffer} = stream;
		const controller = new AbortController();
		const exited = new Set<string>();
		void follow(
			targets,
			{
				onLines: lines => buffer.append(lines),
				onNotice: notice => {
					if (controller.signal.aborted) return;
					const text = noticeLine(notice, exited.has(notice.id));
					if (notice.kind === 'exited' || notice.kind === 'waiting') exited.add(notice.id);
					else exited.delete(notice.id);
					if (text) buffer.append([{stream: 'system', text, source: notice.source}]);
					setNotices(current => new Map(current).set(notice.id, notice));
				},
			},
			// Timestamps always, shown or not: merged backlogs are put in time order by them, and a saved file may want them.
			// A line keeps at most half the ring's characters: one cut at the whole budget would push out every other line.
			{signal: controller.signal, tail: stream.tail, since: stream.since, timestamps: true, maxLineLength: Math.max(1, Math.floor(buffer.maxChars / 2))},
		);
		return () => {
			controller.abort();
			buffer.dispose();
		};
	}, [follow, stream, latestTargets]);

	const version = useSyncExternalStore(buffer.subscribe, buffer.getVersion, buffer.getVersion);
	// After the commit (Ink has written the frame by then): how long showing this batch took paces the next one.
	useLayoutEffect(() => buffer.rendered(), [buffer, version]);
	return {buffer, version, notices};
}
