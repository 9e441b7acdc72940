/** The key table as Markdown, for docs/keys.md: generated from the keymap, never written by hand. */
import {DEFAULT_KEYMAP, SCOPE_TITLES} from './keymap.js';

export function keyTableMarkdown(): string {
	const lines = [
		'Generated from `source/keymap/keymap.ts` by `npm run docs:keys`. Keys marked "asks first" open a confirmation',
		'that names exactly what will be acted on; under `--read-only` every key that would change the engine is unbound.',
		'The command id is what `keys:` in the config file takes to change a command\'s keys.',
		'',
		'| where | keys | what | command id |',
		'| --- | --- | --- | --- |',
	];
	for (const row of DEFAULT_KEYMAP.helpRows()) {
		const keys = row.keys.replace(/\|/g, '\\|');
		lines.push(`| ${SCOPE_TITLES[row.scope]} | ${keys.split(' / ').map(key => `\`${key}\``).join(' ')} | ${row.description} | \`${row.id}\` |`);
	}
	return lines.join('\n');
}
