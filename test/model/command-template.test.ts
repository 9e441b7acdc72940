import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, describe, it} from 'node:test';
import {displayArgv, expandTemplate, parseTemplate, TemplateError} from '../../source/model/command-template.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'dockdash-template-'));
const marker = path.join(scratch, 'pwned');
after(() => rmSync(scratch, {recursive: true, force: true}));

// Names a hostile image author could choose; each tries to run `touch <marker>`.
const HOSTILE = [
	`x; touch ${marker}`,
	`$(touch ${marker})`,
	`\`touch ${marker}\``,
	`a'b; touch ${marker}; echo 'c`,
	`"; touch ${marker}; echo "`,
	`two words`,
	`line1\ntouch ${marker}`,
	`back\\slash\\`,
	`'`,
	`-n`,
	``,
];

function run(template: string, name: string): string {
	const argv = expandTemplate(parseTemplate(template), {id: 'abc123', name, image: 'img', engine: 'unix:///x.sock'});
	const result = spawnSync(argv[0]!, argv.slice(1), {encoding: 'utf8'});
	assert.equal(result.status, 0, result.stderr);
	return result.stdout;
}

function refuses(template: string, message: RegExp): void {
	assert.throws(() => parseTemplate(template), (error: unknown) => error instanceof TemplateError && message.test(error.message));
}

describe('command templates', () => {
	it('split into words the way a shell would, placeholders kept', () => {
		const template = parseTemplate(`docker -H {engine} logs --tail 50 {id}`);
		assert.deepEqual(template.words, ['docker', '-H', '{engine}', 'logs', '--tail', '50', '{id}']);
		assert.deepEqual([...template.placeholders].sort(), ['engine', 'id']);
		assert.deepEqual(parseTemplate(`echo 'a  b' "c \\"d\\"" e\\ f`).words, ['echo', 'a  b', 'c "d"', 'e f']);
		assert.deepEqual(parseTemplate(`sh -c 'echo picked:$1' _ {name}`).words, ['sh', '-c', 'echo picked:$1', '_', '{name}']);
	});

	it('replace a placeholder by exactly one argument, whatever the name holds', () => {
		const template = parseTemplate('printf [%s] {name} {id}');
		for (const name of HOSTILE) {
			assert.deepEqual(expandTemplate(template, {name, id: 'abc'}), ['printf', '[%s]', name, 'abc']);
			assert.equal(run('printf [%s] {name}', name), `[${name}]`);
		}
		assert.equal(existsSync(marker), false);
	});

	it('quote a placeholder inside a shell script, so the shell sees one inert word', () => {
		for (const name of HOSTILE) {
			assert.equal(run(`sh -c "printf '<%s>' {name}"`, name), `<${name}>`);
			assert.equal(run(`sh -c 'printf "<%s>" "$1"' _ {name}`, name), `<${name}>`);
			assert.equal(run(`sh -ec "x={name}; printf '<%s>' \\"\\$x\\""`, name), `<${name}>`);
		}
		assert.equal(existsSync(marker), false);
	});

	it('leave ${var} and {{.Go}} templates alone', () => {
		assert.deepEqual([...parseTemplate(`docker ps --format {{.Names}}`).placeholders], []);
		assert.deepEqual(expandTemplate(parseTemplate(`sh -c 'echo \${name}'`), {name: 'x'}), ['sh', '-c', 'echo ${name}']);
	});

	it('refuse what could run a name as code, or what no shell would run', () => {
		refuses(`sh -c "echo '{name}'"`, /puts \{name\} inside quotes in the shell script/);
		refuses(`sh -c 'echo "{name}"'`, /inside quotes/);
		refuses(`bash -lc 'echo \\{name}'`, /inside quotes/);
		refuses(`ssh host docker logs {id}`, /ssh, which joins its arguments/);
		refuses(`docker logs {id} | tail`, /\| outside quotes.*sh -c/);
		refuses(`echo $(id)`, /\$ outside quotes/);
		refuses(`{name} --help`, /starts with \{name\}/);
		refuses(`docker inspect {ID}`, /unknown placeholder \{ID\} \(use \{id\}, \{name\}, \{image\}, \{engine\}\)/);
		refuses(`echo 'open`, /without its closing/);
		refuses(`   `, /is empty/);
	});

	it('show the argv as one line that reads back the same', () => {
		assert.equal(displayArgv(['docker', 'logs', 'a b', "it's"]), `docker logs 'a b' 'it'\\''s'`);
		assert.deepEqual(parseTemplate(displayArgv(['docker', 'logs', 'a b', "it's"])).words, ['docker', 'logs', 'a b', "it's"]);
	});
});
