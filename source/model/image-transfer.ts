/**
 * Commit, export, save and load (issue 13): the commit prompt's words read as `docker commit` reads them, and the
 * progress of one transfer to or from a tar file (bytes written or read), published at most every 100 ms so a fast
 * stream costs a render per interval, not per chunk. Pure: the engine and the files are behind the TransferPort.
 */
import {parseReference} from './image-reference.js';
import {TarError, TarHeaderScanner} from './layers/tar-reader.js';
import {TaskTracker, taskError} from './task-tracker.js';

/** What `docker commit CONTAINER REPO[:TAG] -m MSG -a AUTHOR [--pause=false]` sends. */
export interface CommitRequest {
	repository: string;
	tag: string;
	message?: string;
	author?: string;
	/** Freeze the container's processes while its filesystem is read (docker's default). */
	pause: boolean;
}

/** Reads the commit prompt's words (already split as a shell would); an error is one line naming the fix. */
export function parseCommitWords(words: readonly string[]): CommitRequest | {error: string} {
	let message: string | undefined;
	let author: string | undefined;
	let pause = true;
	const names: string[] = [];
	for (let index = 0; index < words.length; index++) {
		const word = words[index]!;
		if (word === '-m' || word === '--message' || word === '-a' || word === '--author') {
			const value = words[++index];
			if (value === undefined) return {error: `${word} needs a value: ${word.includes('a') && !word.includes('m') ? '-a "Name <mail>"' : '-m "what changed"'}`};
			if (word === '-m' || word === '--message') message = value;
			else author = value;
		} else if (word === '--no-pause' || word === '--pause=false' || word === '-p=false') pause = false;
		else if (word === '--pause' || word === '--pause=true') pause = true;
		else if (word.startsWith('-')) return {error: `unknown option ${word}: -m MESSAGE, -a AUTHOR and --no-pause are known`};
		else names.push(word);
	}
	if (names.length !== 1) return {error: 'name one image to make: REPOSITORY[:TAG] [-m MESSAGE] [-a AUTHOR] [--no-pause]'};
	let reference;
	try {
		reference = parseReference(names[0]!);
	} catch (error) {
		return {error: (error as Error).message};
	}
	if (reference.digest) return {error: 'a commit makes a tag, not a digest: drop the @sha256:…'};
	return {repository: reference.repository, tag: reference.tag ?? 'latest', message, author, pause};
}

export type TransferVerb = 'export' | 'save' | 'load';

/** One transfer to or from a tar file, as the pane shows it. */
export interface TransferState {
	verb: TransferVerb;
	/** What is exported, saved or loaded: a container's name, image references, the file. */
	subject: string;
	/** The file written or read, absolute. */
	file: string;
	bytes: number;
	/** Of a load: the file's size, so the bar has an end. */
	total?: number;
	isDone: boolean;
	error?: string;
	/** What the engine said it loaded: references, else image IDs. */
	loaded?: readonly string[];
	startedAt: number;
	finishedAt?: number;
}

export interface TransferProgress {
	signal: AbortSignal;
	onBytes: (bytes: number) => void;
}

/**
 * Owns at most one running transfer (a second one would compete for the same disk and the same line on screen).
 * Its `run` is given the signal and a byte counter; whatever it resolves with finishes the state.
 */
export class TransferTracker extends TaskTracker<TransferState> {
	constructor(private readonly options: {publishMs?: number; describeError?: (error: unknown) => string; now?: () => number} = {}) {
		super(options.publishMs);
	}

	async start(
		what: {verb: TransferVerb; subject: string; file: string; total?: number},
		run: (progress: TransferProgress) => Promise<{loaded?: readonly string[]} | void>,
	): Promise<TransferState> {
		if (this.isRunning) throw new Error(`a ${this.working?.verb ?? 'transfer'} is running: x cancels it`);
		const now = this.options.now ?? Date.now;
		const signal = this.begin({...what, bytes: 0, isDone: false, startedAt: now()});
		let error: string | undefined;
		let loaded: readonly string[] | undefined;
		try {
			const result = await run({signal, onBytes: bytes => this.fold(state => ({...state, bytes}))});
			loaded = result?.loaded;
		} catch (caught) {
			error = taskError(caught, signal, this.options.describeError);
		}
		return this.end({...this.working!, isDone: true, error, loaded, finishedAt: now()});
	}
}

/** The temporary name a file is written under before it is renamed to `name` (a dot file beside it, so it is not mistaken for it). */
export function temporaryName(name: string, pid: number, serial: number): string {
	return `.${name}.dockdash-${pid}-${serial}.part`;
}

/** Reads the engine's load answer lines ("Loaded image: busybox:latest", "Loaded image ID: sha256:…") into what was loaded. */
export function loadedFrom(text: string): string | undefined {
	const match = /^Loaded image(?: ID)?: (\S+)\s*$/.exec(text.trim());
	return match?.[1];
}

/** Compressed archives the engine unpacks itself (gzip, bzip2, xz, zstd): their contents cannot be seen without unpacking, so the engine judges them. */
const COMPRESSED_MAGIC = [[0x1f, 0x8b], [0x42, 0x5a, 0x68], [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], [0x28, 0xb5, 0x2f, 0xfd]];
/** Headers read before the check gives up and lets the engine judge (a docker save archive has a few per layer). */
const MAX_HEADERS_CHECKED = 100_000;

/**
 * Why a file cannot be an image archive, as far as the file itself tells, before anything is sent to the engine:
 * empty, not a tar, a broken tar, or a tar without the manifest.json (docker) or index.json (OCI) that `docker load`
 * needs. Undefined when it may be one (a compressed archive, or one too long to walk, is left to the engine).
 * `read(position, length)` reads the file (short at its end); only headers are read, contents are stepped over.
 */
export async function imageArchiveProblem(size: number, read: (position: number, length: number) => Promise<Buffer>): Promise<string | undefined> {
	if (size === 0) return 'it is empty';
	const head = await read(0, 8);
	if (COMPRESSED_MAGIC.some(magic => magic.every((byte, i) => head[i] === byte))) return undefined;
	let isImage = false;
	let headers = 0;
	const scanner = new TarHeaderScanner(header => {
		headers++;
		const name = header.path.replace(/^(\.\/)+/, '');
		if (name === 'manifest.json' || name === 'index.json') isImage = true;
	});
	let position = 0;
	try {
		while (!scanner.isDone && !isImage && headers < MAX_HEADERS_CHECKED) {
			const skip = Math.min(scanner.skippable, size - position);
			if (skip > 0) {
				scanner.skip(skip);
				position += skip;
				continue;
			}
			if (position >= size) {
				scanner.end();
				break;
			}
			const chunk = await read(position, Math.min(scanner.wanted, size - position));
			if (chunk.length === 0) {
				scanner.end();
				break;
			}
			scanner.push(chunk);
			position += chunk.length;
		}
	} catch (error) {
		if (!(error instanceof TarError)) throw error;
		return error.message === 'not a tar archive' ? 'it is not a tar file' : error.message;
	}
	if (isImage || headers >= MAX_HEADERS_CHECKED) return undefined;
	return 'no manifest.json or index.json in it';
}
