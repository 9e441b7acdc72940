/**
 * The docker CLI's contexts, for `--all-contexts` (issue 7): every context in
 * $DOCKER_CONFIG/contexts/meta plus "default", each resolved to its endpoint
 * the way `--context NAME` resolves it.
 */
import {readdirSync, readFileSync} from 'node:fs';
import {homedir} from 'node:os';
import path from 'node:path';
import {sanitize} from '../model/sanitize.js';
import {EndpointError, resolveEndpoint} from './endpoint.js';
import {type EngineEndpoint} from '../model/endpoint-types.js';
import type {DockerContext} from '../model/endpoint-types.js';

/** The contexts other than the chosen engine's, with names for all (the chosen one first), and the ones that cannot be used. */
export function contextsBeside(chosen: EngineEndpoint, env: NodeJS.ProcessEnv = process.env): {others: EngineEndpoint[]; names: string[]; problems: string[]} {
	const contexts = listContexts(env);
	const mine = contexts.find(context => context.endpoint?.url === chosen.url);
	const others = contexts.filter(context => context !== mine && context.endpoint && context.endpoint.url !== chosen.url);
	return {
		others: others.map(context => context.endpoint!),
		names: [mine?.name ?? 'current', ...others.map(context => context.name)],
		problems: contexts.filter(context => context.problem).map(context => `${context.name}: ${context.problem}`),
	};
}

/** Every context by name, "default" first; a broken one carries its problem instead of failing the rest. */
export function listContexts(env: NodeJS.ProcessEnv = process.env, home = env['HOME'] ?? homedir()): DockerContext[] {
	const metaDir = path.join(env['DOCKER_CONFIG'] || path.join(home, '.docker'), 'contexts', 'meta');
	const names = new Set<string>();
	let entries: string[] = [];
	try {
		entries = readdirSync(metaDir);
	} catch {
		// No contexts folder: only "default".
	}
	for (const digest of entries) {
		try {
			const meta = JSON.parse(readFileSync(path.join(metaDir, digest, 'meta.json'), 'utf8')) as {Name?: string};
			if (meta.Name && meta.Name !== 'default') names.add(meta.Name);
		} catch {
			// Not a context folder.
		}
	}
	return ['default', ...[...names].sort()].map(name => {
		try {
			return {name: sanitize(name), endpoint: resolveEndpoint({contextFlag: name, env, home})};
		} catch (error) {
			if (error instanceof EndpointError) return {name: sanitize(name), problem: sanitize(error.message)};
			throw error;
		}
	});
}
