/**
 * The rooms of source/ (see source/README.md and ../shared/STYLE.md) as dependency rules, checked by
 * `npm run lint` (scripts/lint-deps.mjs). Each rule's comment is the message a breach prints: it says
 * which room may use which. A breach is fixed by moving the code to its room, not by loosening a rule.
 */
const ENGINE_LIBS = '(^|/)node_modules/(dockerode|docker-modem|ssh2|cpu-features)/';
const NETWORK_CORE = '^(net|http|https|http2|tls|dgram)$';
const PROCESS_AND_FILES_CORE = '^(child_process|fs|fs/promises|net|http|https|http2|tls|dgram|os|readline|readline/promises|worker_threads|cluster|tty|process|v8|vm)$';
const REACT = '(^|/)node_modules/(react|ink|ink-testing-library|@alcalzone/ink-table)/';

module.exports = {
	forbidden: [
		{
			name: 'engine-only-through-docker',
			comment: 'Only source/docker talks to the engine: dockerode, docker-modem, ssh2 and network sockets are imported there and nowhere else. Elsewhere use a port (source/model/ports.ts) handed out by the services.',
			severity: 'error',
			from: {path: '^(source|cli\\.tsx)', pathNot: '^source/docker/'},
			to: {path: ENGINE_LIBS},
		},
		{
			name: 'network-only-in-docker',
			comment: 'Sockets and HTTP are the engine adapter\'s: only source/docker imports node:net, http, https, http2, tls or dgram.',
			severity: 'error',
			from: {path: '^(source|cli\\.tsx)', pathNot: '^source/docker/'},
			to: {dependencyTypes: ['core'], path: NETWORK_CORE},
		},
		{
			name: 'model-is-pure',
			comment: 'source/model is plain TypeScript: it may import source/model, the keymap\'s types and pure npm packages, never source/docker, ui, hooks, process, commands or the services.',
			severity: 'error',
			from: {path: '^source/model/'},
			to: {path: '^(source/|cli\\.tsx)', pathNot: '^source/(model|keymap)/'},
		},
		{
			name: 'model-has-no-io',
			comment: 'source/model does no I/O: no child processes, files, sockets, terminal or OS calls. Those belong to source/docker (the engine), source/process (child processes) or the services.',
			severity: 'error',
			from: {path: '^source/model/'},
			to: {dependencyTypes: ['core'], path: PROCESS_AND_FILES_CORE},
		},
		{
			name: 'no-react-outside-the-ui',
			comment: 'React and Ink are for source/ui, source/hooks, app.tsx, commands/dashboard.tsx and cli.tsx; source/model, docker, keymap and process stay free of them so they run and test without a terminal.',
			severity: 'error',
			from: {path: '^source/(model|docker|keymap|process)/'},
			to: {path: REACT},
		},
		{
			name: 'ui-uses-ports-not-the-engine',
			comment: 'source/ui may import source/ui, hooks, keymap and model only: never source/docker (ask a port through useServices), source/process, commands or the services that build the ports.',
			severity: 'error',
			from: {path: '^source/ui/'},
			to: {path: '^(source/|cli\\.tsx)', pathNot: '^source/(ui|hooks|keymap|model)/'},
		},
		{
			name: 'ui-has-no-io',
			comment: 'source/ui renders and binds keys: no child processes, files or sockets there. Put them behind a port (source/model/ports.ts) built in the services.',
			severity: 'error',
			from: {path: '^source/ui/'},
			to: {dependencyTypes: ['core'], path: '^(child_process|fs|fs/promises|net|http|https|http2|tls|dgram)$'},
		},
		{
			name: 'hooks-use-ports-not-the-engine',
			comment: 'source/hooks bridge ports and stores to React: they may not import source/docker, commands or the services; they get ports from useServices.',
			severity: 'error',
			from: {path: '^source/hooks/'},
			to: {path: '^(source/docker/|source/commands/|source/[^/]+\\.tsx?$|cli\\.tsx)'},
		},
		{
			name: 'hooks-have-no-io',
			comment: 'source/hooks do no I/O of their own: no child processes, files or sockets; a port does it.',
			severity: 'error',
			from: {path: '^source/hooks/'},
			to: {dependencyTypes: ['core'], path: '^(child_process|fs|fs/promises|net|http|https|http2|tls|dgram)$'},
		},
		{
			name: 'format-is-pure',
			comment: 'source/ui/format holds pure row formatters: they may import ui/format, ui/theme, model and keymap, never React, Ink, components, panes or hooks.',
			severity: 'error',
			from: {path: '^source/ui/format/'},
			to: {path: ['^source/(ui/(components|panes|render)|hooks)/', REACT]},
		},
		{
			name: 'keymap-stands-alone',
			comment: 'source/keymap is the one table of keys: it imports only itself, so help, the hint bar and docs/keys.md can be made from it anywhere.',
			severity: 'error',
			from: {path: '^source/keymap/'},
			to: {path: '^(source/|cli\\.tsx)', pathNot: '^source/keymap/'},
		},
		{
			name: 'docker-knows-no-ui',
			comment: 'source/docker turns engine answers into model types: it may import source/docker and source/model, never ui, hooks, keymap, process, commands or the services.',
			severity: 'error',
			from: {path: '^source/docker/'},
			to: {path: '^(source/|cli\\.tsx)', pathNot: '^source/(docker|model)/'},
		},
		{
			name: 'process-only-child-processes',
			comment: 'source/process runs child processes for the services: it may import source/process and source/model only.',
			severity: 'error',
			from: {path: '^source/process/'},
			to: {path: '^(source/|cli\\.tsx)', pathNot: '^source/(process|model)/'},
		},
		{
			name: 'nothing-imports-tests',
			comment: 'Shipped code never imports test/ (scripted fakes live there).',
			severity: 'error',
			from: {path: '^(source|cli\\.tsx)'},
			to: {path: '^test/'},
		},
	],
	options: {
		doNotFollow: {path: 'node_modules'},
		tsPreCompilationDeps: true,
		tsConfig: {fileName: 'tsconfig.json'},
		enhancedResolveOptions: {exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], mainFields: ['module', 'main', 'types']},
	},
};
