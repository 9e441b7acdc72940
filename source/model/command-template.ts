/**
 * Command templates of custom commands (issue 9): `docker -H {engine} logs
 * --tail 50 {id}` or `sh -c 'echo picked:$1' _ {name}`.
 *
 * A template is split into words once, the way a shell would, and then run
 * directly (no shell in between), so a placeholder becomes one argument
 * whatever the object's name holds: quotes, `;`, `$()`, spaces, newlines.
 * Where the user's own template does run a shell (the script after `sh -c`),
 * the value is single-quoted there, and a placeholder inside the script's own
 * quotes is refused, because there no quoting could keep it inert.
 */

export const PLACEHOLDERS = ['id', 'name', 'image', 'engine'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
export type PlaceholderValues = Partial<Record<Placeholder, string>>;

export interface CommandTemplate {
	/** The words as a shell would split them, quotes removed, placeholders still in. */
	words: readonly string[];
	/** Indexes of the words that are a shell script (the argument of `sh -c`). */
	scripts: ReadonlySet<number>;
	placeholders: ReadonlySet<Placeholder>;
}

/** A template that cannot be used; the message is one line without the file position. */
export class TemplateError extends Error {
	override name = 'TemplateError';
}

// `{name}`, but not `${name}` (a shell variable) and not `{{.Names}}` (a docker --format template).
const PLACEHOLDER = String.raw`(?<![{$])\{([A-Za-z_][\w-]*)\}(?!\})`;
const placeholders = () => new RegExp(PLACEHOLDER, 'g');
const placeholderAt = (text: string, index: number) => {
	const sticky = new RegExp(PLACEHOLDER, 'y');
	sticky.lastIndex = index;
	return sticky.exec(text)?.[1];
};
// Programs whose `-c` argument is a shell script.
const SHELLS: ReadonlySet<string> = new Set(['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh', 'mksh', 'yash', 'su']);
// Programs that join their arguments into one line for a shell: a plain placeholder after them would be split and run.
const JOINING: ReadonlySet<string> = new Set(['ssh', 'watch']);
// Outside quotes these mean something only to a shell, and no shell runs the template.
const SHELL_SYNTAX: ReadonlySet<string> = new Set(['|', '&', ';', '<', '>', '(', ')', '$', '`']);

const basename = (word: string) => word.slice(word.lastIndexOf('/') + 1);

/** Splits the template into words; throws {@link TemplateError} with one line. */
export function parseTemplate(text: string): CommandTemplate {
	const words = splitWords(text);
	if (words.length === 0) throw new TemplateError('is empty');
	const scripts = scriptWords(words);
	const used = new Set<Placeholder>();
	words.forEach((word, index) => {
		for (const match of word.matchAll(placeholders())) {
			const name = match[1]!;
			if (!(PLACEHOLDERS as readonly string[]).includes(name)) {
				throw new TemplateError(`has an unknown placeholder {${name}} (use ${PLACEHOLDERS.map(known => `{${known}}`).join(', ')})`);
			}
			if (index === 0) throw new TemplateError(`starts with {${name}}: the program to run must be written out, not taken from the object`);
			used.add(name as Placeholder);
		}
		if (scripts.has(index)) checkScript(word);
	});
	const joiner = words.findIndex(word => JOINING.has(basename(word)));
	if (joiner >= 0 && words.some((word, index) => index > joiner && !scripts.has(index) && placeholders().test(word))) {
		throw new TemplateError(`passes a placeholder to ${basename(words[joiner]!)}, which joins its arguments into one shell line where a name could run as code`);
	}
	return {words, scripts, placeholders: used};
}

/** The argv to run: placeholders replaced, as whole arguments, or single-quoted inside a shell script. */
export function expandTemplate(template: CommandTemplate, values: PlaceholderValues): string[] {
	return template.words.map((word, index) =>
		word.replace(placeholders(), (_match, name: Placeholder) => {
			const value = values[name];
			if (value === undefined) throw new TemplateError(`has no value for {${name}} here`);
			return template.scripts.has(index) ? shellQuote(value) : value;
		}),
	);
}

/** One shell word that stands for exactly `value`, whatever it holds. */
export function shellQuote(value: string): string {
	return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The argv as one line to show to the user: words that need it are quoted. */
export function displayArgv(argv: readonly string[]): string {
	return argv.map(word => (/^[\w@%+=:,./-]+$/.test(word) ? word : shellQuote(word))).join(' ');
}

function splitWords(text: string): string[] {
	const words: string[] = [];
	let word = '';
	let hasWord = false;
	for (let index = 0; index < text.length; index++) {
		const char = text[index]!;
		if (/\s/.test(char)) {
			if (hasWord) words.push(word);
			word = '';
			hasWord = false;
			continue;
		}
		hasWord = true;
		if (char === "'") {
			const end = text.indexOf("'", index + 1);
			if (end < 0) throw new TemplateError("has a ' without its closing '");
			word += text.slice(index + 1, end);
			index = end;
		} else if (char === '"') {
			index++;
			for (; index < text.length && text[index] !== '"'; index++) {
				// In double quotes a backslash escapes only these, as in a shell.
				if (text[index] === '\\' && '"\\$`'.includes(text[index + 1] ?? '')) index++;
				word += text[index];
			}
			if (index >= text.length) throw new TemplateError('has a " without its closing "');
		} else if (char === '\\') {
			if (index + 1 >= text.length) throw new TemplateError('ends with a lone \\');
			word += text[++index];
		} else if (SHELL_SYNTAX.has(char)) {
			throw new TemplateError(`has ${char} outside quotes, but no shell runs the command: write sh -c '…' around it`);
		} else {
			word += char;
		}
	}
	if (hasWord) words.push(word);
	return words;
}

/** Which words are shell scripts: the first operand after a `-c` option of a shell. */
function scriptWords(words: readonly string[]): Set<number> {
	const scripts = new Set<number>();
	for (let index = 0; index < words.length; index++) {
		if (!SHELLS.has(basename(words[index]!))) continue;
		let hasC = false;
		let next = index + 1;
		for (; next < words.length && /^[-+]/.test(words[next]!); next++) {
			const option = words[next]!;
			if (/^-[A-Za-z]*c[A-Za-z]*$/.test(option)) hasC = true;
			// -o and +o take a name (sh -o pipefail -c …).
			if (/^[-+][A-Za-z]*o$/.test(option)) next++;
		}
		if (hasC && next < words.length) {
			scripts.add(next);
			index = next;
		}
	}
	return scripts;
}

/**
 * Refuses a placeholder inside the script's own quotes or after a backslash,
 * where dockdash's quoting would end theirs instead of holding the value.
 */
function checkScript(script: string): void {
	let quote: "'" | '"' | undefined;
	for (let index = 0; index < script.length; index++) {
		const char = script[index]!;
		const isEscaped = char === '\\' && quote !== "'";
		const name = char === '{' && quote ? placeholderAt(script, index) : isEscaped ? placeholderAt(script, index + 1) : undefined;
		if (name) {
			throw new TemplateError(
				`puts {${name}} inside quotes in the shell script: leave it bare there (dockdash quotes it), or pass it as an argument: sh -c '… "$1"' _ {${name}}`,
			);
		}
		if (isEscaped) index++;
		else if (char === quote) quote = undefined;
		else if (!quote && (char === "'" || char === '"')) quote = char;
	}
}
