/**
 * A pane's first line: its title on the left, a note or key hints on the right. The title wins:
 * the note is cut, or left out when less than 12 columns would be left for it, so the two never
 * overlap (issue 18: `lines 1–18Esc back · v reveal`).
 */
import {Box, Text} from 'ink';
import {truncate, widthOf} from '../format/text.js';

export interface TitlePart {
	text: string;
	color?: string;
	isBold?: boolean;
}

const MIN_ASIDE = 12;

/** How many columns the title and the note get in `width`, with at least two spaces between them. */
export function splitTitleLine(titleWidth: number, asideWidth: number, width: number): {title: number; aside: number} {
	if (asideWidth === 0) return {title: Math.min(titleWidth, width), aside: 0};
	if (titleWidth + 2 + asideWidth <= width) return {title: titleWidth, aside: asideWidth};
	const left = width - titleWidth - 2;
	if (left >= MIN_ASIDE) return {title: titleWidth, aside: left};
	return {title: Math.min(titleWidth, width), aside: 0};
}

/** Parts cut to `width` columns in all, the last one kept ending in … where cut. */
function cutParts(parts: readonly TitlePart[], width: number): TitlePart[] {
	const out: TitlePart[] = [];
	let left = width;
	for (const part of parts) {
		if (left <= 0) break;
		const text = truncate(part.text, left);
		out.push({...part, text});
		left -= widthOf(text);
	}
	return out;
}

export function TitleBar({title, aside, asideColor, width}: {title: readonly TitlePart[]; aside?: string; asideColor?: string; width: number}) {
	const titleWidth = title.reduce((sum, part) => sum + widthOf(part.text), 0);
	const split = splitTitleLine(titleWidth, widthOf(aside ?? ''), width);
	return (
		<Box justifyContent="space-between" width={width}>
			<Text bold>
				{cutParts(title, split.title).map((part, index) => (
					<Text key={index} color={part.color} bold={part.isBold ?? true}>
						{part.text}
					</Text>
				))}
			</Text>
			{split.aside > 0 ? <Text color={asideColor}>{truncate(aside!, split.aside)}</Text> : null}
		</Box>
	);
}
