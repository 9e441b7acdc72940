/**
 * A file tree's rows on screen, as the Files view and the layer explorer draw them: the cursor, the row's text
 * (mode or change, indent, fold arrow, name) and its size on the right, coloured by what the row is. Only the rows
 * in the window are drawn.
 */
import {Text} from 'ink';
import type {TreeRow} from '../format/layer-rows.js';
import {fit} from '../format/text.js';

const SIZE_WIDTH = 9;

export interface TreeRowsProps {
	rows: readonly TreeRow[];
	selectedIndex: number;
	offset: number;
	height: number;
	width: number;
	textOf: (row: TreeRow) => string;
	sizeOf: (row: TreeRow) => string;
	colorOf: (row: TreeRow) => string | undefined;
	/** Whether the selected row is drawn inverse (the layer explorer: only while the cursor is in the tree). */
	isSelectionInverse?: boolean;
}

export function TreeRows({rows, selectedIndex, offset, height, width, textOf, sizeOf, colorOf, isSelectionInverse = true}: TreeRowsProps) {
	return (
		<>
			{rows.slice(offset, offset + height).map((row, index) => {
				const isSelected = offset + index === selectedIndex;
				return (
					<Text key={row.node.path} wrap="truncate" inverse={isSelected && isSelectionInverse} color={colorOf(row)}>
						{isSelected ? '›' : ' '}
						{fit(textOf(row), treeTextWidth(width))} {fit(sizeOf(row), SIZE_WIDTH, 'right')}
					</Text>
				);
			})}
		</>
	);
}

/** The width of a row's text left of the size, for the header above the rows. */
export function treeTextWidth(width: number): number {
	return Math.max(4, width - SIZE_WIDTH - 2);
}

/** The header above the rows: a title for the text, SIZE on the right. */
export function treeHeader(title: string, width: number): string {
	return `${fit(title, treeTextWidth(width))} ${fit('SIZE', SIZE_WIDTH, 'right')}`;
}
