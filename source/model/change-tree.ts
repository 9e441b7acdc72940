/**
 * Turns the flat list `docker diff` returns into an indented tree. The engine
 * lists a changed directory as well as the files inside it; a directory the
 * list only implies (its children changed, it did not) is shown without a kind.
 */
export type ChangeKind = 'changed' | 'added' | 'deleted';

export interface TreeLine {
	depth: number;
	/** The last path component ("/" joined runs of single-child directories are not collapsed). */
	name: string;
	kind?: ChangeKind;
	hasChildren: boolean;
}

interface Node {
	kind?: ChangeKind;
	children: Map<string, Node>;
}

/** Depth-first lines, children sorted by name, capped at `limit` lines. */
export function changeTree(changes: ReadonlyArray<{path: string; kind: ChangeKind}>, limit = 5000): {lines: TreeLine[]; omitted: number} {
	const root: Node = {children: new Map()};
	for (const change of changes) {
		let node = root;
		for (const part of change.path.split('/').filter(Boolean)) {
			let child = node.children.get(part);
			if (!child) {
				child = {children: new Map()};
				node.children.set(part, child);
			}
			node = child;
		}
		node.kind = change.kind;
	}
	const lines: TreeLine[] = [];
	let omitted = 0;
	const walk = (node: Node, depth: number) => {
		for (const name of [...node.children.keys()].sort()) {
			const child = node.children.get(name)!;
			if (lines.length < limit) lines.push({depth, name, kind: child.kind, hasChildren: child.children.size > 0});
			else omitted += 1;
			walk(child, depth + 1);
		}
	};
	walk(root, 0);
	return {lines, omitted};
}
