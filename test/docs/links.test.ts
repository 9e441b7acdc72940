import assert from 'node:assert/strict';
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {it} from 'node:test';

const FILES = ['README.md', 'CHANGELOG.md', 'bench/README.md', ...readdirSync('docs').filter(name => name.endsWith('.md')).map(name => `docs/${name}`)];

/** A heading's anchor as GitHub makes it: lower case, punctuation dropped, spaces as hyphens. */
const anchorOf = (heading: string) =>
	heading
		.toLowerCase()
		.replace(/[^\p{L}\p{N} _-]/gu, '')
		.replace(/ /g, '-');

const anchorsIn = (file: string) => new Set([...readFileSync(file, 'utf8').matchAll(/^#{1,6} (.+)$/gm)].map(match => anchorOf(match[1]!)));

it('every relative link in the docs reaches a file, and every #anchor a heading in it', () => {
	const broken: string[] = [];
	for (const file of FILES) {
		const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
		for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
			if (/^[a-z]+:/.test(target!)) continue;
			const [where, anchor] = target!.split('#') as [string, string | undefined];
			const linked = where === '' ? file : path.join(path.dirname(file), where);
			if (!existsSync(linked)) broken.push(`${file}: ${target} (no such file)`);
			else if (anchor !== undefined && !anchorsIn(linked).has(anchor)) broken.push(`${file}: ${target} (no such heading)`);
		}
	}
	assert.deepEqual(broken, []);
});
