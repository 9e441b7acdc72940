// Bundles the CLI into one file: one file to load is what makes the first frame fast.
import {build} from 'esbuild';

// Ink imports react-devtools-core for DEV=true only; a dashboard for servers ships without it.
const withoutDevtools = {
	name: 'without-devtools',
	setup(context) {
		context.onResolve({filter: /^react-devtools-core$/}, () => ({path: 'react-devtools-core', namespace: 'empty'}));
		context.onLoad({filter: /.*/, namespace: 'empty'}, () => ({contents: 'export default {connectToDevTools() {}};', loader: 'js'}));
	},
};

await build({
	entryPoints: ['cli.tsx'],
	outfile: 'dist/cli.js',
	bundle: true,
	platform: 'node',
	target: 'node20',
	format: 'esm',
	jsx: 'automatic',
	minify: false,
	sourcemap: false,
	legalComments: 'none',
	// ssh2's native helpers are optional and loaded in a try/catch.
	external: ['cpu-features', '*.node'],
	plugins: [withoutDevtools],
	define: {'process.env.NODE_ENV': '"production"'},
	banner: {
		// Bundled CommonJS packages (dockerode) call require(): give the ESM bundle one.
		js: [
			"import {createRequire as __dockdashCreateRequire} from 'node:module';",
			"import {fileURLToPath as __dockdashFileURLToPath} from 'node:url';",
			'const require = __dockdashCreateRequire(import.meta.url);',
			'const __filename = __dockdashFileURLToPath(import.meta.url);',
			"const __dirname = __filename.slice(0, __filename.lastIndexOf('/'));",
		].join(' '),
	},
	logLevel: 'warning',
});
