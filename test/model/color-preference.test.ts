import assert from 'node:assert/strict';
import {it} from 'node:test';
import {isColorRefused} from '../../source/model/color-preference.js';

it('NO_COLOR refuses colour when set to anything but empty; FORCE_COLOR asking for colour wins', () => {
	assert.equal(isColorRefused({}), false);
	assert.equal(isColorRefused({NO_COLOR: '1'}), true);
	assert.equal(isColorRefused({NO_COLOR: 'yes'}), true);
	assert.equal(isColorRefused({NO_COLOR: ''}), false, 'an empty NO_COLOR is not set, says no-color.org');
	assert.equal(isColorRefused({NO_COLOR: '1', FORCE_COLOR: '1'}), false);
	assert.equal(isColorRefused({NO_COLOR: '1', FORCE_COLOR: ''}), false, 'FORCE_COLOR present and empty means colour to chalk too');
	assert.equal(isColorRefused({NO_COLOR: '1', FORCE_COLOR: '0'}), true);
});
