// Module hooks for the test runner (registered by ./ink-output.mjs): when Ink's renderer imports its
// ./output.js, it gets the module scripts/build.mjs bundles in its place (scripts/ink-output-module.mjs),
// so component tests render through the same Output as dist/cli.js. Ink's own Output stays reachable by
// its file URL from anywhere else (test/ui/row-cached-output.test.ts compares the two).
import {inkOutputModule} from '../../scripts/ink-output-module.mjs';

const PREFIX = 'dockdash-ink-output:';
const ROW_CACHED = new URL('../../source/ui/render/row-cached-output.ts', import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
	// The stand-in's own imports resolve from Ink's directory, as the bundle resolves them.
	if (context.parentURL?.startsWith(PREFIX)) return nextResolve(specifier, {...context, parentURL: context.parentURL.slice(PREFIX.length)});
	const result = await nextResolve(specifier, context);
	if (/[\\/]ink[\\/]build[\\/]output\.js$/.test(result.url) && /[\\/]ink[\\/]build[\\/]/.test(context.parentURL ?? '')) {
		return {url: PREFIX + result.url, format: 'module', shortCircuit: true};
	}
	return result;
}

export async function load(url, context, nextLoad) {
	if (!url.startsWith(PREFIX)) return nextLoad(url, context);
	return {format: 'module', source: inkOutputModule(ROW_CACHED, 'globalThis.__dockdashInkOutput = "row-cached";'), shortCircuit: true};
}
