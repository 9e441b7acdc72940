/**
 * Image references as the docker CLI reads them (distribution/reference, reduced to what a user types): pure,
 * so the commit and push prompts check a name before anything reaches the engine (issue 13).
 */
import {sanitize} from './sanitize.js';

/** A reference split the way the engine's API wants it: repository, and a tag or a digest. */
export interface ImageReference {
	repository: string;
	tag?: string;
	digest?: string;
}

// The reference grammar of distribution/reference, reduced to what a user types.
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const DOMAIN = '(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?';
const REFERENCE = new RegExp(`^(?:(${DOMAIN})/)?(${COMPONENT}(?:/${COMPONENT})*)(?::([\\w][\\w.-]{0,127}))?(?:@(sha256:[a-f0-9]{64}))?$`);

/** Parses "name[:tag][@digest]"; throws one clear line for anything the engine would refuse. */
export function parseReference(text: string): ImageReference {
	const trimmed = text.trim();
	const match = REFERENCE.exec(trimmed);
	if (!match) throw new Error(`"${sanitize(trimmed)}" is not an image reference (expected name[:tag], lowercase, such as busybox:1.36)`);
	const [, domain, path, tag, digest] = match;
	// "host/x" is a registry only with a dot, a port or "localhost"; otherwise it is part of the path.
	const isRegistry = domain !== undefined && (/[.:]/.test(domain) || domain === 'localhost' || domain.startsWith('['));
	if (domain && !isRegistry && /[A-Z]/.test(domain)) throw new Error(`"${sanitize(trimmed)}": repository names must be lowercase`);
	return {repository: domain ? `${domain}/${path}` : path!, tag, digest};
}

/** The registry a reference names, as `docker login` takes it: its host (with port), or docker.io when it names none. */
export function registryOf(reference: ImageReference): string {
	const slash = reference.repository.indexOf('/');
	const first = slash > 0 ? reference.repository.slice(0, slash) : '';
	return first && (/[.:]/.test(first) || first === 'localhost' || first.startsWith('[')) ? first : 'docker.io';
}
