// Lint (issue 15): ESLint's and typescript-eslint's recommended rules with type information,
// and the React hooks rules. `npm run lint` runs it with --max-warnings 0, then the layering
// rules of .dependency-cruiser.cjs (scripts/lint-deps.mjs).
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
	{ignores: ['dist/**', 'node_modules/**', 'screenshots/**', 'test/fixtures/**', 'bench/results/**', '**/*.js', '**/*.mjs', '**/*.cjs']},
	{
		files: ['**/*.ts', '**/*.tsx'],
		extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
		languageOptions: {parserOptions: {projectService: true, tsconfigRootDir: import.meta.dirname}},
		linterOptions: {reportUnusedDisableDirectives: 'error'},
		rules: {
			// `_name` marks a parameter a callback's signature needs but this one does not use.
			'@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none'}],
		},
	},
	{
		files: ['source/**/*.ts', 'source/**/*.tsx', 'cli.tsx', 'test/**/*.tsx'],
		plugins: {'react-hooks': reactHooks},
		rules: {
			'react-hooks/rules-of-hooks': 'error',
			'react-hooks/exhaustive-deps': 'error',
			// Module-level variables written from a component are state shared by every mount (issue 15, finding 4).
			'react-hooks/globals': 'error',
			// The plugin's other rules check what the React Compiler assumes; dockdash is not compiled by it, and
			// reads refs during render on purpose (a deferred key acts on the pane as it is then, issue 19).
		},
	},
	{
		// Rejections and throws pass on what docker-modem, sockets and streams gave (typed any or unknown) unchanged,
		// so describeEngineError still sees the engine's statusCode and message.
		files: ['source/**/*.ts', 'source/**/*.tsx'],
		rules: {
			'@typescript-eslint/prefer-promise-reject-errors': ['error', {allowThrowingAny: true, allowThrowingUnknown: true}],
			'@typescript-eslint/only-throw-error': ['error', {allowThrowingAny: true, allowThrowingUnknown: true}],
		},
	},
	{
		// No module-level mutable state in the rooms that render or compute (issue 15, finding 4): a module's
		// variables are shared by every mount, every engine session and every test. State lives in React state,
		// context (theme, keymap, clock), the pane memory (hooks/use-remembered.ts) or the services.
		files: ['source/ui/**/*.ts', 'source/ui/**/*.tsx', 'source/hooks/**/*.ts', 'source/hooks/**/*.tsx', 'source/keymap/**/*.ts', 'source/model/**/*.ts'],
		rules: {
			'no-restricted-syntax': [
				'error',
				{
					selector: ':matches(Program, Program > ExportNamedDeclaration) > VariableDeclaration[kind!="const"]',
					message: 'No module-level let/var in ui, hooks, keymap or model: keep the value in React state or context, the pane memory (useRemembered, useSessionCache) or the services (issue 15).',
				},
				{
					selector: ':matches(Program, Program > ExportNamedDeclaration) > VariableDeclaration > VariableDeclarator:not([id.typeAnnotation.typeAnnotation.typeName.name=/^Readonly/]) > NewExpression[callee.name=/^(Map|Set)$/]',
					message: 'No module-level Map or Set in ui, hooks, keymap or model: a cache or registry here is state shared by every mount and session. Use useSessionValue/useSessionCache/useRowCells or the services; a constant lookup table is typed ReadonlyMap/ReadonlySet. (A module WeakMap may only memoize a pure function of an immutable key.) (issue 15)',
				},
			],
		},
	},
	{
		// These files exist to find terminal control bytes: the sanitizer, SGR colours, mouse reports, terminal modes.
		files: ['source/model/sanitize.ts', 'source/model/log-colors.ts', 'source/model/mouse.ts', 'source/model/terminal-modes.ts'],
		rules: {'no-control-regex': 'off'},
	},
	{
		// The engine adapter reads the engine's JSON, which has no types; every field it passes on goes through
		// the sanitizer and a typed constructor (source/model/*-types.ts), so `any` stops at this door.
		files: ['source/docker/**/*.ts'],
		rules: {
			'@typescript-eslint/no-explicit-any': 'off',
			'@typescript-eslint/no-unsafe-member-access': 'off',
			'@typescript-eslint/no-unsafe-argument': 'off',
			'@typescript-eslint/no-unsafe-assignment': 'off',
			// dockerode's types say less than its calls take (abortSignal) and return: the casts there are the
			// adapter's statement of what the engine answers, and modem callbacks hand errors over untyped.
			'@typescript-eslint/no-unnecessary-type-assertion': 'off',
			'@typescript-eslint/prefer-promise-reject-errors': 'off',
		},
	},
);
