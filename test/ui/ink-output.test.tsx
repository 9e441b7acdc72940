/**
 * Component tests render through the Output users run (issue 15): test/support/ink-output.mjs gives
 * Ink's renderer the module scripts/build.mjs bundles in place of Ink's own Output.
 */
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {Box, Text} from 'ink';
import {render} from 'ink-testing-library';

test('ink-testing-library renders through the row-cached Output of dist/cli.js', () => {
	const {lastFrame, unmount} = render(
		<Box flexDirection="column">
			<Text>first row</Text>
			<Text color="green">second row</Text>
		</Box>,
	);
	assert.equal((globalThis as {__dockdashInkOutput?: string}).__dockdashInkOutput, 'row-cached');
	assert.equal(lastFrame()?.replace(/\u001B\[[0-9;]*m/g, ''), 'first row\nsecond row');
	unmount();
});
