/** The theme is a value made from the config (issue 15): formatters take it, nothing shared changes. */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {containerCells} from '../../source/ui/format/container-row.js';
import {DEFAULT_THEME, makeTheme} from '../../source/ui/theme.js';
import {summary} from '../support/containers.js';

describe('themes', () => {
	it('are values: making one changes no other, and formatters colour by the theme they are given', () => {
		const running = summary({state: 'running'});
		const light = makeTheme('light', {accent: 'magenta'});
		const none = makeTheme('monochrome');
		assert.equal(light.accent, 'magenta');
		assert.equal(light.warning, 'magenta');
		assert.equal(none.accent, undefined);
		// Making the others left the default as it was (applyTheme used to rewrite one shared object).
		assert.equal(DEFAULT_THEME.accent, 'cyan');
		assert.equal(containerCells(running, 0, DEFAULT_THEME).stateColor, 'green');
		assert.equal(containerCells(running, 0, none).stateColor, undefined);
		assert.equal(containerCells(running, 0, none).state, containerCells(running, 0, light).state, 'the state marker does not depend on the theme');
	});
});
