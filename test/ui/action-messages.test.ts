import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {confirmTitle, progressText, resultText} from '../../source/ui/format/action-messages.js';

const web = {id: 'a'.repeat(64), name: 'web'};
const db = {id: 'b'.repeat(64), name: 'db'};

describe('action messages', () => {
	it('names one container with its short ID, several by count', () => {
		assert.equal(progressText('stop', [web]), 'stopping web (aaaaaaaaaaaa)…');
		assert.equal(progressText('remove', [web, db]), 'removing 2 containers…');
		assert.equal(confirmTitle('kill', [web]), 'Kill web (aaaaaaaaaaaa)?');
		assert.equal(confirmTitle('remove', [web, db], true), 'Remove 2 containers and their anonymous volumes?');
	});

	it('reports success, a no-op, partial failure and skipped ones in one line', () => {
		assert.equal(resultText('stop', [web, db], [{id: web.id, isOk: true}, {id: db.id, isOk: true}]), 'stopped 2 containers');
		assert.equal(resultText('start', [web], [{id: web.id, isOk: true, note: 'already running'}]), 'started web (aaaaaaaaaaaa) (already running)');
		assert.equal(
			resultText('kill', [web, db], [{id: web.id, isOk: true}, {id: db.id, isOk: false, error: 'engine: Container bbbbbbbbbbbb is not running'}], 'job is exited: kill needs a running, paused or restarting container'),
			'killed 1 of 2 · kill failed for db: engine: Container bbbbbbbbbbbb is not running · skipped: job is exited: kill needs a running, paused or restarting container',
		);
		assert.equal(
			resultText('remove', [web, db], [{id: web.id, isOk: false, error: 'e1'}, {id: db.id, isOk: false, error: 'e2'}]),
			'remove failed for web: e1 (and 1 more failed)',
		);
	});
});
