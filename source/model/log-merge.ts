/**
 * Several containers' logs in one view (issue 21). Each container's backlog
 * (the lines it had written before the view opened) arrives as one burst, one
 * container after another: shown as it came, a saved file read one container's
 * 23:10:59 before another's 23:08:16. So the backlogs are held until every
 * container's has been read, merged by the engine's timestamps, and only then
 * shown; what arrives after (live lines, notices) goes on in arrival order.
 *
 * Pure: the followers tell it when a backlog has ended (docker/logs.ts).
 */
import type {LogLineInput} from './log-buffer.js';
import type {LogNotice, LogSink, LogTarget} from './log-types.js';
import type {FollowLogs, FollowOptions} from './ports.js';

/** Where merged lines and notices go, in the order they are to be shown. */
export interface MergedSink<Notice> {
	onLines: (lines: LogLineInput[]) => void;
	onNotice: (notice: Notice) => void;
}

type Queued<Notice> = {lines: LogLineInput[]} | {notice: Notice};

/** An engine timestamp (RFC 3339, any fraction, Z or an offset) → [unix seconds, nanoseconds]; undefined when unreadable. */
export function timestampOrder(timestamp: string): [number, number] | undefined {
	const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(timestamp);
	if (!match) return undefined;
	const ms = Date.parse(`${match[1]}${match[3]}`);
	if (Number.isNaN(ms)) return undefined;
	return [ms / 1000, Number((match[2] ?? '').padEnd(9, '0').slice(0, 9))];
}

const isBefore = (a: [number, number], b: [number, number]) => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);

/**
 * Merges per-container lists, each kept in its own order (the engine's), by time: a k-way merge that takes the
 * earliest next line, the first container on a tie. A line with no readable timestamp goes with the line before it.
 */
export function mergeByTime(lists: ReadonlyArray<readonly LogLineInput[]>): LogLineInput[] {
	const out: LogLineInput[] = [];
	const at = lists.map(() => 0);
	const last: Array<[number, number]> = lists.map(() => [Number.NEGATIVE_INFINITY, 0]);
	const orderOf = (list: number): [number, number] => {
		const line = lists[list]![at[list]!]!;
		const order = line.timestamp === undefined ? undefined : timestampOrder(line.timestamp);
		return order ?? last[list]!;
	};
	for (;;) {
		let best = -1;
		let bestOrder: [number, number] = [0, 0];
		for (let list = 0; list < lists.length; list++) {
			if (at[list]! >= lists[list]!.length) continue;
			const order = orderOf(list);
			if (best === -1 || isBefore(order, bestOrder)) {
				best = list;
				bestOrder = order;
			}
		}
		if (best === -1) return out;
		last[best] = bestOrder;
		out.push(lists[best]![at[best]!]!);
		at[best]!++;
	}
}

/** Holds each follower's backlog until all have ended, then hands them on merged by time. */
export class BacklogMerger<Notice> {
	private readonly backlogs: LogLineInput[][];
	private readonly isEnded: boolean[];
	private readonly queue: Array<Queued<Notice>> = [];
	private isMerged = false;

	constructor(
		count: number,
		private readonly sink: MergedSink<Notice>,
		/** Told once the merged backlogs have been handed on: a merge over several engines waits for it (issue 14). */
		private readonly onMerged?: () => void,
	) {
		this.backlogs = Array.from({length: count}, () => []);
		this.isEnded = Array.from({length: count}, () => false);
		if (count === 0) {
			this.isMerged = true;
			onMerged?.();
		}
	}

	/** What follower `index` writes to. */
	sinkFor(index: number): MergedSink<Notice> {
		return {
			onLines: lines => {
				if (this.isMerged) this.sink.onLines(lines);
				else if (this.isEnded[index]) this.queue.push({lines});
				else this.collect(this.backlogs[index]!, lines);
			},
			onNotice: notice => {
				if (this.isMerged) this.sink.onNotice(notice);
				else this.queue.push({notice});
			},
		};
	}

	/** Follower `index` has read its backlog (or ended, or failed before it could): lines after this are live. Once is enough. */
	backlogEnded(index: number): void {
		if (this.isMerged || this.isEnded[index]) return;
		this.isEnded[index] = true;
		if (!this.isEnded.every(Boolean)) return;
		this.isMerged = true;
		const merged = mergeByTime(this.backlogs);
		this.backlogs.length = 0;
		if (merged.length > 0) this.sink.onLines(merged);
		for (const item of this.queue.splice(0)) {
			if ('lines' in item) this.sink.onLines(item.lines);
			else this.sink.onNotice(item.notice);
		}
		this.onMerged?.();
	}

	/** A backlog line that replaces an unfinished one replaces it here, before anything was shown. */
	private collect(backlog: LogLineInput[], lines: readonly LogLineInput[]): void {
		for (const line of lines) {
			if (line.replacesPartial && line.key !== undefined) {
				let index = backlog.length - 1;
				while (index >= 0 && !(backlog[index]!.key === line.key && backlog[index]!.isPartial)) index--;
				if (index !== -1) {
					line.replacesPartial = false;
					backlog[index] = line;
					continue;
				}
			}
			backlog.push(line);
		}
	}
}

/**
 * Follows containers of several engines into one sink (issue 14: marks on two engines): each engine follows its own
 * (merging its backlogs), and the engines' merged backlogs are merged again by time before anything is shown.
 */
export async function followOnEngines(groups: ReadonlyArray<{follow: FollowLogs; targets: readonly LogTarget[]}>, sink: LogSink, options: FollowOptions): Promise<void> {
	if (groups.length === 1) return groups[0]!.follow(groups[0]!.targets, sink, options);
	const merger = new BacklogMerger<LogNotice>(groups.length, sink, options.onBacklogEnd);
	await Promise.all(groups.map((group, index) => group.follow(group.targets, merger.sinkFor(index), {...options, timestamps: true, onBacklogEnd: () => merger.backlogEnded(index)})));
}
