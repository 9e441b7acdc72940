/** The one-line field's editing (model/text-edit.ts), including a selected prefill (issue 20). */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {editText} from '../../source/model/text-edit.js';

describe('editText', () => {
	it('appends typed text to a field that is not selected', () => {
		assert.deepEqual(editText('app:a', 'b', 'b'), {value: 'app:ab'});
	});

	it('a selected prefill is replaced by what is typed, not appended to', () => {
		assert.deepEqual(editText('bars/bb:latest', '1', '127.0.0.1:5055/iy-small:1', true), {value: '127.0.0.1:5055/iy-small:1'});
		assert.deepEqual(editText('app:a', 'b', 'b', true), {value: 'b'});
	});

	it('a deleting key empties a selected prefill; Enter submits it as it is; Escape cancels', () => {
		for (const key of ['backspace', 'delete', 'ctrl+u', 'ctrl+w']) assert.deepEqual(editText('app:a', key, '', true), {value: ''}, key);
		assert.deepEqual(editText('app:a', 'enter', '\r', true), {value: 'app:a', outcome: 'submit'});
		assert.deepEqual(editText('app:a', 'escape', '', true), {value: '', outcome: 'cancel'});
	});

	it('an arrow, Home or End ends the selection and keeps the prefill to edit its end', () => {
		for (const key of ['left', 'right', 'home', 'end']) assert.deepEqual(editText('shop/web:', key, '', true), {value: 'shop/web:'}, key);
		assert.deepEqual(editText('shop/web:', '2', '2'), {value: 'shop/web:2'});
	});

	it('a key that types nothing keeps the selection', () => {
		assert.deepEqual(editText('app:a', 'x', '\u0007', true), {value: 'app:a', isSelected: true});
	});
});
