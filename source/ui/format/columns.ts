/** A table's columns and cells as data: formatters and the config check use them without React (issue 15). */

/** One column of a table. */
export interface Column {
	key: string;
	title: string;
	/** Fixed width in columns, or a share of the remaining width. */
	width?: number;
	grow?: number;
	align?: 'left' | 'right';
	/** Columns with a drop order are hidden, highest first, when the terminal is too narrow for them all. */
	dropOrder?: number;
	/** Which of a row's cells this column shows, when columns were picked or reordered (default: its own index). */
	cellIndex?: number;
}

/** One cell: its text and a theme colour token. */
export interface Cell {
	text: string;
	color?: string;
}
