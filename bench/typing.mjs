// The long version of test/reliability/typing.test.ts (issue 19): every word of the word
// list and several random bursts, at 80–150 ms a key and pasted, into every pane and every
// kind of confirmation dialog of the real CLI on a private engine, asking the engine after
// each one whether anything was created, changed or removed. One run per seed.
//   npm run build && node bench/typing.mjs            seed 19, ~10 min (TYPING_SEEDS=19,20,21 for more runs)
// Prints a markdown section; exits 1 when any run found a change.
import {spawnSync} from 'node:child_process';

const seeds = (process.env.TYPING_SEEDS || '19').split(',').map(Number);
const rows = [];
const findings = [];
for (const seed of seeds) {
	const started = Date.now();
	const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-timeout=3600000', 'test/reliability/typing.test.ts'], {
		env: {...process.env, DOCKDASH_TYPING_LONG: '1', DOCKDASH_TYPING_SEED: String(seed)},
		encoding: 'utf8',
	});
	const output = `${result.stdout}\n${result.stderr}`;
	const typed = /typing \(seed \d+\): (\d+) keys into (\d+) panes and dialogs/.exec(output);
	const isPass = result.status === 0;
	rows.push(`| ${seed} | ${typed ? typed[1] : '–'} | ${typed ? typed[2] : '–'} | ${((Date.now() - started) / 1000).toFixed(0)} s | ${isPass ? 'nothing created, changed or removed; no file written; the dashboard answered' : 'FAILED (below)'} |`);
	if (!isPass) findings.push(`seed ${seed}:\n\n\`\`\`\n${output.split('\n').filter(line => /^# typing|^\s+[-+] |could not be reached|wrote |status line|error:/.test(line)).join('\n')}\n\`\`\``);
}
console.log(
	[
		'Every word of the list and 2 bursts (at 80–150 ms a key, pasted, and a few keys at a time) into each pane and each kind of dialog; the engine asked after each.',
		'',
		'| seed | keys typed | panes and dialogs | time | outcome |',
		'| ---: | ---: | ---: | ---: | --- |',
		...rows,
		...(findings.length > 0 ? ['', ...findings] : []),
	].join('\n'),
);
process.exit(findings.length > 0 ? 1 : 0);
