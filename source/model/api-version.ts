/**
 * The Engine API version an engine says it speaks, read as untrusted (issue 17): something at the end of DOCKER_HOST
 * may answer an API far older than any dockdash was tested with, or a version that is no version at all.
 */

/** The oldest Engine API dockdash is tested against (Docker 20.10; Podman 4.3 says the same). */
export const OLDEST_API = {major: 1, minor: 41} as const;

/** "1.43" as numbers; undefined for anything that is not MAJOR.MINOR. */
export function parseApiVersion(text: string | undefined): {major: number; minor: number} | undefined {
	const match = /^(\d{1,4})\.(\d{1,4})$/.exec(text ?? '');
	return match ? {major: Number(match[1]), minor: Number(match[2])} : undefined;
}

/** Whether `version` is at least MAJOR.MINOR; an unreadable version never is. */
export function isApiAtLeast(version: string | undefined, major: number, minor: number): boolean {
	const parsed = parseApiVersion(version);
	return parsed !== undefined && (parsed.major > major || (parsed.major === major && parsed.minor >= minor));
}

/** One line when the engine's API version is unreadable or older than {@link OLDEST_API}; undefined otherwise. */
export function apiVersionNotice(version: string | undefined): string | undefined {
	if (version === undefined) return undefined;
	const oldest = `${OLDEST_API.major}.${OLDEST_API.minor}`;
	if (!parseApiVersion(version)) return `version: the engine's API version "${version.slice(0, 20)}" is not a version: its answers may be misread; is this a Docker Engine?`;
	if (!isApiAtLeast(version, OLDEST_API.major, OLDEST_API.minor)) return `version: engine API ${version} is older than ${oldest}, the oldest dockdash knows: answers may be misread; upgrade the engine`;
	return undefined;
}

/** The header's "engine answer:" line: the API version's problem and the list's notice, or undefined. */
export function headerNotice(listNotice: string | undefined, apiVersion: string | undefined): string | undefined {
	const parts = [apiVersionNotice(apiVersion), listNotice].filter((part): part is string => Boolean(part));
	return parts.length > 0 ? parts.join('; ') : undefined;
}
