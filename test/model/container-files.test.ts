/** Issue 13: the pure parts of a container's files: paths typed and read from archives, modes, text or binary. */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {containerPathOf, fileLines, isBinaryContent, isLinkInside, modeText, normalizeContainerPath, parentOfContainerPath, safeRelativeTarPath} from '../../source/model/container-files.js';
import {readTar} from '../../source/model/layers/tar-reader.js';
import {TAR_END, tarHeaderBlocks, tarPadding} from '../../source/model/layers/tar-writer.js';
import {chunked} from '../support/tar-writer.js';

describe('container paths (issue 13)', () => {
	it('takes absolute paths only, resolves . and .., and never goes above /', () => {
		assert.equal(normalizeContainerPath('/etc//nginx/./conf.d/'), '/etc/nginx/conf.d');
		assert.equal(normalizeContainerPath(' /a/b/../../../etc '), '/etc');
		assert.equal(normalizeContainerPath('/'), '/');
		assert.equal(normalizeContainerPath('etc/passwd'), undefined);
		assert.equal(normalizeContainerPath('./x'), undefined);
		assert.equal(parentOfContainerPath('/etc/hosts'), '/etc');
		assert.equal(parentOfContainerPath('/etc'), '/');
		assert.equal(parentOfContainerPath('/'), '/');
	});

	it('names a node of a listing by its absolute path, whatever the engine called the top entry', () => {
		assert.equal(containerPathOf('/', 'etc/hosts'), '/etc/hosts');
		assert.equal(containerPathOf('/data', 'data'), '/data');
		assert.equal(containerPathOf('/data', 'data/a/b'), '/data/a/b');
		assert.equal(containerPathOf('/var/lib/app', 'app/x'), '/var/lib/app/x');
	});

	it('refuses tar names that would leave the target folder, and link targets that climb out', () => {
		assert.equal(safeRelativeTarPath('data/a/./b'), 'data/a/b');
		assert.equal(safeRelativeTarPath('./'), '');
		for (const bad of ['/etc/passwd', '../x', 'data/../../x', 'a/..', 'a\0b']) assert.equal(safeRelativeTarPath(bad), undefined, bad);
		assert.ok(isLinkInside('data/a', '../b'));
		assert.ok(!isLinkInside('data', '../../etc'));
		assert.ok(!isLinkInside('', '/etc/passwd'));
	});

	it('prints modes as ls -l does', () => {
		assert.equal(modeText('directory', 0o40755), 'drwxr-xr-x');
		assert.equal(modeText('file', 0o741), '-rwxr----x');
		assert.equal(modeText('symlink', 0o777), 'lrwxrwxrwx');
		assert.equal(modeText('file', 0o4755), '-rwsr-xr-x');
		assert.equal(modeText('directory', 0o1777), 'drwxrwxrwt');
		assert.equal(modeText('file', 0o2644), '-rw-r-Sr--');
	});

	it('tells text from binary, and makes every line safe for the terminal', () => {
		assert.ok(!isBinaryContent(Buffer.from('hello\n\tworld é ✓\n')));
		assert.ok(isBinaryContent(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2])));
		assert.ok(isBinaryContent(Buffer.from(Array.from({length: 200}, (_, i) => (i % 2 ? 0x01 : 0x80)))));
		assert.ok(!isBinaryContent(Buffer.alloc(0)));
		assert.deepEqual(fileLines(Buffer.from('a\r\n\tb \u001b[31mred\n')), ['a', '    b ␛[31mred']);
	});

	it('writes headers the tar reader reads back: long names through PAX, modes and link targets kept', async () => {
		const long = `${'d'.repeat(80)}/${'f'.repeat(60)}`;
		const archive = Buffer.concat([
			tarHeaderBlocks({name: 'top', type: 'directory', size: 0, mode: 0o750, mtime: 1_700_000_000}),
			tarHeaderBlocks({name: long, type: 'file', size: 3, mode: 0o741, mtime: 1_700_000_000}),
			Buffer.from('abc'),
			tarPadding(3),
			tarHeaderBlocks({name: 'top/link', type: 'symlink', size: 0, mode: 0o777, mtime: 1_700_000_000, linkName: `/${'t'.repeat(120)}`}),
			TAR_END,
		]);
		const seen: string[] = [];
		for await (const entry of readTar(chunked(archive, 100))) {
			let body = '';
			for await (const part of entry.body) body += part.toString();
			seen.push(`${entry.header.type} ${entry.header.path} ${entry.header.mode.toString(8)} ${entry.header.linkPath.length} ${body}`);
		}
		assert.deepEqual(seen, ['directory top/ 750 0 ', `file ${long} 741 0 abc`, 'symlink top/link 777 121 ']);
	});
});
