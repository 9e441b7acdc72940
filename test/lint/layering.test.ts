/**
 * The layering rules bite (issue 15): .dependency-cruiser.cjs run over a fixture tree with one breach
 * per kind reports exactly those, and the adapter's own use of dockerode passes. The real tree is
 * checked by `npm run lint`.
 */
import assert from 'node:assert/strict';
import {createRequire} from 'node:module';
import {test} from 'node:test';
import {cruise} from 'dependency-cruiser';

const require = createRequire(import.meta.url);
const config = require('../../.dependency-cruiser.cjs') as {forbidden: object[]; options: Record<string, unknown>};

test('each breach of the rooms is reported with its rule', async () => {
	const {tsConfig: _tsConfig, ...options} = config.options;
	const fixture = new URL('../fixtures/layering/', import.meta.url).pathname;
	const cwd = process.cwd();
	process.chdir(fixture);
	try {
		const result = await cruise(['source'], {...options, ruleSet: {forbidden: config.forbidden}, validate: true, outputType: 'json'} as never);
		const output = JSON.parse(String(result.output)) as {summary: {violations: Array<{rule: {name: string}; from: string; to: string}>}};
		const found = output.summary.violations.map(violation => `${violation.rule.name}: ${violation.from} → ${violation.to.replace(/^(?:\.\.\/)*node_modules\/([^/]+)\/.*$/, '$1')}`).sort();
		assert.deepEqual(found, [
			'engine-only-through-docker: source/hooks/use-engine.ts → dockerode',
			'model-has-no-io: source/model/store.ts → fs',
			'ui-uses-ports-not-the-engine: source/ui/pane.ts → source/docker/engine.ts',
		]);
	} finally {
		process.chdir(cwd);
	}
});
