/**
 * Writes the seed corpus of every fuzz target into test/fuzz/corpus/<target>/ (issue 17): small valid inputs of
 * each format, and the hostile shapes the issue names, so the fuzzer starts from inputs that pass the checksums and
 * headers and mutates from there. Run again after changing it: `node --import tsx test/fuzz/seeds.ts`.
 */
import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {headerBlock, makeTar} from '../support/tar-writer.js';
import {frame} from '../support/log-frames.js';

const root = path.join(import.meta.dirname, 'corpus');

function seeds(target: string, inputs: Record<string, string | Buffer>): void {
	const dir = path.join(root, target);
	mkdirSync(dir, {recursive: true});
	for (const [name, input] of Object.entries(inputs)) writeFileSync(path.join(dir, name), input);
}

const byte = (value: number, rest: string | Buffer) => Buffer.concat([Buffer.from([value]), Buffer.from(rest)]);

const tar = makeTar([
	{name: 'dir/', type: 'dir'},
	{name: 'dir/a.txt', content: 'hello'},
	{name: 'dir/link', type: 'symlink', linkName: 'a.txt'},
	{name: 'dir/.wh.gone', content: ''},
]);
const negative = Buffer.from(tar);
negative.write('-0000000001\0', 512 + 124, 12, 'latin1');
const base256 = Buffer.from(tar);
base256.write('\x80\x00\x00\x00\x7f\xff\xff\xff\xff\xff\xff\xff', 512 + 124, 12, 'latin1');
seeds('tar', {
	plain: byte(0, tar),
	'plain-cut-1': byte(1, tar),
	'gnu-long': byte(3, makeTar([{name: `long/${'n'.repeat(150)}`, content: 'gnu long name', longName: 'gnu'}, {name: `l/${'k'.repeat(120)}`, type: 'symlink', linkName: 'x'.repeat(120), longName: 'gnu'}])),
	pax: byte(5, makeTar([{name: `pax/${'p'.repeat(150)}`, content: 'pax name', longName: 'pax', pax: {size: '3', mtime: '1.5'}}])),
	ustar: byte(2, makeTar([{name: `${'u'.repeat(120)}/file`, content: 'prefix', longName: 'ustar'}])),
	devices: byte(0, makeTar([{name: 'dev/null', type: 'char', devMajor: 1, devMinor: 3}, {name: 'fifo', type: 'fifo'}, {name: 'hard', type: 'hardlink', linkName: 'dir/a.txt'}])),
	negative: byte(0, negative),
	base256: byte(0, base256),
	truncated: byte(0, tar.subarray(0, 700)),
	'no-end': byte(0, makeTar([{name: 'a', content: 'x'}], {withoutEnd: true})),
	'header-only': byte(0, headerBlock(Buffer.from('h'), '0', 10)),
});

seeds('log-decoder', {
	multiplexed: byte(0, Buffer.concat([Buffer.from([0x10]), frame(1, 'hello\n'), frame(2, 'err\x1b[31mred\x1b[0m\n'), frame(1, 'partial')])),
	'multiplexed-timestamps': byte(2, Buffer.concat([Buffer.from([0x10]), frame(1, '2026-12-05T06:00:00.123456789Z line\n'), frame(2, '2026-12-05T06:00:01.000000001Z e\n')])),
	'colors-cut': byte(12, Buffer.concat([Buffer.from([0x03]), frame(1, '\x1b[1;32mok\x1b[0m \t tab\n'.repeat(3))])),
	tty: byte(1, Buffer.from([0x20, ...Buffer.from('raw \x1b]0;title\x07 line\r\nnext\u202e\n')])),
	'tty-timestamps': byte(3, Buffer.from([0x40, ...Buffer.from('2026-12-05T06:00:00.123456789Z progress 10%\r2026-12-05T06:00:00.223456789Z 20%\n')])),
	'huge-frame': byte(0, Buffer.from([0x01, 1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0x41, 0x42])),
	'stream-3': byte(0, Buffer.concat([Buffer.from([0x05]), frame(3, 'engine error\n')])),
	utf8: byte(1, Buffer.from([0x01, ...Buffer.from('é界👩‍👩‍👧\n\xc3')])),
});

const chunked = (pieces: string[]) => pieces.map(piece => `${piece.length.toString(16)}\r\n${piece}\r\n`).join('') + '0\r\n\r\n';
seeds('http-chunked', {
	simple: byte(0, chunked(['hello', ' world'])),
	'one-byte-reads': byte(0, chunked(['a', 'bc', 'def'])),
	extension: byte(5, '5;name=value\r\nhello\r\n0\r\nTrailer: x\r\n\r\n'),
	'huge-size': byte(3, `${'f'.repeat(16)}\r\nx`),
	'no-crlf': byte(1, '5\nhello\n0\n\n'),
	truncated: byte(2, '10\r\nshort'),
});

seeds('line-splitter', {
	events: Buffer.concat([Buffer.from([200, 7]), Buffer.from('{"status":"start"}\n{"status":"die"}\n{"partial"')]),
	long: Buffer.concat([Buffer.from([4, 1]), Buffer.from(`${'x'.repeat(40)}\nshort\n${'y'.repeat(10)}`)]),
	crlf: Buffer.concat([Buffer.from([31, 3]), Buffer.from('a\r\nb\r\n\n\n')]),
});

seeds('sanitize', {
	escapes: byte(20, '\x1b[2J\x1b]52;c;aGk=\x07\x9b31m'),
	bidi: byte(7, '\u202eevil\u2066x\u2069\u200f\u061c'),
	wide: byte(5, '界界界👩‍👩‍👧e\u0301\t\u00ad\ufeff'),
	surrogate: byte(9, Buffer.from([0x00, 0xd8, 0x41, 0x00, 0x00, 0xdc])),
	separators: byte(3, 'line\u2028para\u2029end\r\n'),
});

seeds('mouse', {
	press: '\x1b[<0;10;5M',
	release: '[<0;10;5m',
	wheel: '[<65;1;1M',
	drag: '[<32;3;4M',
	zero: '[<0;0;0M',
	huge: '[<0;99999999999999999999;1M',
	legacy: '\x1b[M !!',
});

const keys = (bits: number, rest: string) => Buffer.concat([Buffer.from([bits & 0xff, bits >> 8]), Buffer.from(rest)]);
seeds('terminal-input', {
	letter: keys(0, '\x01q'),
	ctrl: keys(1 << 13, '\x01c'),
	alt: keys(1 << 15, '\x01b'),
	'shift-tab': keys((1 << 10) | (1 << 14), '\x00'),
	answer: keys(0, '\x07[12;40R'),
	attributes: keys(0, '\x07[?1;2c'),
	'screen-switch': keys(0, 'vim \x1b[?1049h text \x1b[?1049l bye \x1b[?47h\x1b[?1047l'),
	'cut-switch': keys(3 << 8, '\x1b[?104'),
});

seeds('config', {
	full: 'theme: light\nkeys:\n  app.quit: [q, ctrl+c]\nstartPane: containers\nmouse: false\ncolumns:\n  containers: [name, status]\n',
	colors: 'theme:\n  base: dark\n  colors:\n    accent: "#ff0000"\n',
	commands: 'commands:\n  - name: shell\n    key: ctrl+e\n    panes: [containers]\n    command: docker exec -it {{.ID}} sh\n    mode: attached\n',
	anchors: 'a: &a {x: 1}\nb: *a\n<<: *a\n',
	bad: 'theme: "\x1b]0;title\x07"\n',
	empty: '',
	list: '- 1\n- 2\n',
});

seeds('ssh-endpoint', {
	ssh: byte(1, 'user@host:2222'),
	'ssh-plain': byte(1, 'host'),
	'ssh-option': byte(1, '-oProxyCommand=touch /tmp/x@host'),
	unix: byte(0, 'unix:///var/run/docker.sock'),
	tcp: byte(0, 'tcp://127.0.0.1:2376'),
	bare: byte(0, 'example.com:2375'),
	ipv6: byte(0, 'tcp://[::1]:2375'),
	percent: byte(1, '%ff@host'),
	npipe: byte(0, 'npipe:////./pipe/docker_engine'),
});
