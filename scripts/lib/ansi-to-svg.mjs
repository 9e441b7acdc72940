// Turns a terminal screen captured with `tmux capture-pane -e -p` (text with
// SGR colour sequences) into an SVG image, so the README can show real runs
// with their colours. Handles the 16 basic colours, 256-colour and truecolor
// SGR, bold, dim, inverse and underline; wide characters take two cells.
import stringWidth from 'string-width';

const BASIC = ['#1e1e1e', '#e5534b', '#57ab5a', '#c69026', '#539bf5', '#b083f0', '#39c5cf', '#c5d1de'];
const BRIGHT = ['#768390', '#ff938a', '#6bc46d', '#daaa3f', '#6cb6ff', '#dcbdfb', '#56d4dd', '#f0f6fc'];
const FOREGROUND = '#c5d1de';
const BACKGROUND = '#22272e';

function color256(n) {
	if (n < 8) return BASIC[n];
	if (n < 16) return BRIGHT[n - 8];
	if (n < 232) {
		const v = n - 16;
		const level = x => (x === 0 ? 0 : 55 + x * 40);
		return `rgb(${level(Math.floor(v / 36))},${level(Math.floor(v / 6) % 6)},${level(v % 6)})`;
	}
	const grey = 8 + (n - 232) * 10;
	return `rgb(${grey},${grey},${grey})`;
}

function applySgr(state, params) {
	const codes = params === '' ? [0] : params.split(';').map(Number);
	for (let i = 0; i < codes.length; i++) {
		const code = codes[i];
		if (code === 0) Object.assign(state, {fg: undefined, bg: undefined, bold: false, dim: false, inverse: false, underline: false});
		else if (code === 1) state.bold = true;
		else if (code === 2) state.dim = true;
		else if (code === 4) state.underline = true;
		else if (code === 7) state.inverse = true;
		else if (code === 22) state.bold = state.dim = false;
		else if (code === 24) state.underline = false;
		else if (code === 27) state.inverse = false;
		else if (code >= 30 && code <= 37) state.fg = BASIC[code - 30];
		else if (code === 39) state.fg = undefined;
		else if (code >= 40 && code <= 47) state.bg = BASIC[code - 40];
		else if (code === 49) state.bg = undefined;
		else if (code >= 90 && code <= 97) state.fg = BRIGHT[code - 90];
		else if (code >= 100 && code <= 107) state.bg = BRIGHT[code - 100];
		else if (code === 38 || code === 48) {
			const target = code === 38 ? 'fg' : 'bg';
			if (codes[i + 1] === 5) {
				state[target] = color256(codes[i + 2]);
				i += 2;
			} else if (codes[i + 1] === 2) {
				state[target] = `rgb(${codes[i + 2]},${codes[i + 3]},${codes[i + 4]})`;
				i += 4;
			}
		}
	}
}

const escapeXml = text => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Converts captured screen text to an SVG document of the given size in cells. */
export function ansiToSvg(screen, {columns, rows, title = 'dockdash'}) {
	const cellWidth = 8.4;
	const lineHeight = 18;
	const padding = 12;
	const barHeight = 28;
	const width = Math.ceil(columns * cellWidth + padding * 2);
	const height = Math.ceil(rows * lineHeight + padding * 2 + barHeight);
	const backgrounds = [];
	const texts = [];
	const lines = screen.replace(/\n$/, '').split('\n').slice(0, rows);
	const state = {fg: undefined, bg: undefined, bold: false, dim: false, inverse: false, underline: false};
	lines.forEach((line, row) => {
		let column = 0;
		const y = barHeight + padding + row * lineHeight;
		const parts = line.split(/(\u001B\[[0-9;]*m)/);
		for (const part of parts) {
			const sgr = /^\u001B\[([0-9;]*)m$/.exec(part);
			if (sgr) {
				applySgr(state, sgr[1]);
				continue;
			}
			if (!part) continue;
			const text = part.replace(/\u001B\[[0-9;?]*[A-Za-z]/g, '');
			const cells = stringWidth(text);
			let fg = state.fg ?? FOREGROUND;
			let bg = state.bg;
			if (state.inverse) [fg, bg] = [bg ?? BACKGROUND, fg];
			const x = padding + column * cellWidth;
			if (bg) backgrounds.push(`<rect x="${x.toFixed(1)}" y="${y}" width="${(cells * cellWidth).toFixed(1)}" height="${lineHeight}" fill="${bg}"/>`);
			if (text.trim()) {
				const attributes = [`x="${x.toFixed(1)}"`, `y="${y + 13}"`, `fill="${fg}"`];
				if (state.bold) attributes.push('font-weight="bold"');
				if (state.dim) attributes.push('opacity="0.6"');
				if (state.underline) attributes.push('text-decoration="underline"');
				texts.push(`<text ${attributes.join(' ')} textLength="${(cells * cellWidth).toFixed(1)}" lengthAdjust="spacingAndGlyphs">${escapeXml(text)}</text>`);
			}
			column += cells;
		}
	});
	return [
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="'DejaVu Sans Mono', 'Menlo', 'Consolas', monospace" font-size="14" xml:space="preserve">`,
		`<rect width="${width}" height="${height}" rx="8" fill="${BACKGROUND}"/>`,
		`<circle cx="20" cy="14" r="5" fill="#e5534b"/><circle cx="38" cy="14" r="5" fill="#c69026"/><circle cx="56" cy="14" r="5" fill="#57ab5a"/>`,
		`<text x="${width / 2}" y="18" fill="#768390" text-anchor="middle" font-size="12">${escapeXml(title)}</text>`,
		...backgrounds,
		...texts,
		'</svg>',
		'',
	].join('\n');
}
