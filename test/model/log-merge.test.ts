import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import type {LogLineInput} from '../../source/model/log-buffer.js';
import {BacklogMerger, followOnEngines, mergeByTime, timestampOrder} from '../../source/model/log-merge.js';
import type {FollowLogs} from '../../source/model/ports.js';

const line = (text: string, timestamp?: string, extra: Partial<LogLineInput> = {}): LogLineInput => ({stream: 'stdout', text, ...(timestamp ? {timestamp} : {}), ...extra});

describe('merging backlogs by time', () => {
	it('reads the engine timestamp forms: any fraction, Z or an offset', () => {
		assert.deepEqual(timestampOrder('2026-12-05T00:00:01.5Z'), [1_796_428_801, 500_000_000]);
		assert.deepEqual(timestampOrder('2026-12-05T01:00:01.000000002+01:00'), [1_796_428_801, 2]);
		assert.equal(timestampOrder('yesterday'), undefined);
	});

	it('interleaves by time, keeps each container’s own order, and the first container first on a tie', () => {
		const a = [line('a1', '2026-12-05T00:00:01.100000000Z'), line('a2', '2026-12-05T00:00:03.000000000Z'), line('a3 no time'), line('a4', '2026-12-05T00:00:05Z')];
		// A shorter fraction compares as a number, not as text ("…02.1Z" is after "…02.09Z").
		const b = [line('b1', '2026-12-05T00:00:02.09Z'), line('b2', '2026-12-05T00:00:02.1Z'), line('b3', '2026-12-05T00:00:05Z')];
		assert.deepEqual(
			mergeByTime([a, b]).map(l => l.text),
			['a1', 'b1', 'b2', 'a2', 'a3 no time', 'a4', 'b3'],
		);
	});

	it('holds every backlog until all have ended, then live lines and notices in arrival order', () => {
		const got: string[] = [];
		const merger = new BacklogMerger<string>(2, {onLines: lines => got.push(...lines.map(l => l.text)), onNotice: notice => got.push(`notice:${notice}`)});
		const [first, second] = [merger.sinkFor(0), merger.sinkFor(1)];
		first.onLines([line('a-old', '2026-12-05T00:00:03Z')]);
		first.onNotice('attached a');
		second.onLines([line('b-old', '2026-12-05T00:00:01Z'), line('b-part', '2026-12-05T00:00:04Z', {key: 'b', isPartial: true})]);
		// The unfinished line is finished before anything is shown: it replaces its partial in the backlog.
		second.onLines([line('b-part and the rest', '2026-12-05T00:00:04Z', {key: 'b', replacesPartial: true})]);
		merger.backlogEnded(0);
		first.onLines([line('a-live', '2026-12-05T00:00:09Z')]);
		assert.deepEqual(got, [], 'nothing is shown while a backlog is still being read');
		merger.backlogEnded(1);
		merger.backlogEnded(1);
		second.onLines([line('b-live', '2026-12-05T00:00:08Z')]);
		assert.deepEqual(got, ['b-old', 'a-old', 'b-part and the rest', 'notice:attached a', 'a-live', 'b-live']);
	});
});

describe('following containers of several engines (issue 14)', () => {
	it('each engine follows its own targets, and their merged backlogs are merged again by time before the live lines', async () => {
		const got: string[] = [];
		const asked: string[] = [];
		let endedOnce = 0;
		// A scripted engine: its backlog, then (after the backlog is told ended) one live line.
		const engine =
			(backlog: LogLineInput[], live: string): FollowLogs =>
			async (targets, sink, options) => {
				asked.push(targets.map(target => target.id).join(','));
				assert.equal(options.timestamps, true, 'timestamps asked for: the merge needs them');
				sink.onLines(backlog);
				options.onBacklogEnd?.();
				sink.onLines([line(live)]);
			};
		await followOnEngines(
			[
				{follow: engine([line('a1', '2026-12-05T00:00:01Z'), line('a3', '2026-12-05T00:00:03Z')], 'a-live'), targets: [{id: 'web', engine: 'a'}]},
				{follow: engine([line('b2', '2026-12-05T00:00:02Z')], 'b-live'), targets: [{id: 'api', engine: 'b'}]},
			],
			{onLines: lines => got.push(...lines.map(l => l.text)), onNotice: () => undefined},
			{signal: new AbortController().signal, onBacklogEnd: () => endedOnce++},
		);
		assert.deepEqual(asked, ['web', 'api']);
		// a-live came while b's backlog was still out: held, then in arrival order after the merged backlogs.
		assert.deepEqual(got, ['a1', 'b2', 'a3', 'a-live', 'b-live']);
		assert.equal(endedOnce, 1);
	});
});
