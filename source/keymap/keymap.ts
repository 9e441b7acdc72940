/**
 * The one table of keys. Every command has an id, its default keys, the pane it
 * works in, a description, and whether it changes the engine (mutating) or
 * destroys something (dangerous). The help screen, the hint bar and docs/keys.md's
 * key table are generated from it, and read-only mode unbinds every mutating
 * command here, so a key that could change the engine does not exist there.
 */

export type Scope = 'global' | 'list' | 'containers' | 'logs' | 'stats' | 'details' | 'images' | 'layers' | 'files' | 'prune' | 'volumes' | 'networks' | 'engines' | 'compose' | 'events' | 'swarm' | 'output' | 'form' | 'field' | 'palette' | 'dialog';

/** The id of a custom command from the config file (see model/custom-commands.ts). */
export type CustomCommandId = `custom.${string}`;

/** Every command id: the table's own (a handler for an id not in it does not compile) and the config's custom ones. */
export type CommandId = BuiltInCommandId | CustomCommandId;

export interface Command {
	id: CommandId;
	scope: Scope;
	keys: readonly string[];
	description: string;
	/** Sends a POST, PUT or DELETE to the engine. Unbound under --read-only. */
	isMutating?: boolean;
	/** Destroys or interrupts something: always asks for confirmation first. */
	isDangerous?: boolean;
	/** Writes a file: like a key that changes the engine, it acts only when pressed on its own (issue 19). */
	writesFile?: boolean;
	/** Shown in the hint bar at the bottom of the screen. */
	isHint?: boolean;
	/** The hint bar's word for it, when the description's first word does not say it. */
	hint?: string;
}

/** Human titles of the scopes, in the order help and docs/keys.md list them. */
export const SCOPE_TITLES: Record<Scope, string> = {
	global: 'Everywhere',
	list: 'Any list',
	containers: 'Containers',
	logs: 'Logs',
	stats: 'Stats',
	details: 'Details',
	images: 'Images',
	layers: 'Layer explorer',
	files: 'Container files',
	prune: 'Cleanup',
	volumes: 'Volumes',
	networks: 'Networks',
	engines: 'Engines',
	compose: 'Compose',
	events: 'Events',
	swarm: 'Swarm',
	output: 'Command output and file view',
	form: 'Run form',
	field: 'Text fields (filters, searches, prompts)',
	palette: 'Command palette',
	dialog: 'Confirmation dialogs',
};

/** A row of the table as written: its id is checked against the other rows' types by `satisfies`, not widened. */
type CommandRow = Omit<Command, 'id'> & {id: string};

const COMMAND_TABLE = [
	{id: 'app.quit', scope: 'global', keys: ['q', 'ctrl+c'], description: 'quit', isHint: true},
	{id: 'app.help', scope: 'global', keys: ['?'], description: 'show or hide the keys', isHint: true, hint: 'help'},
	{id: 'app.nextPane', scope: 'global', keys: ['tab'], description: 'next pane', isHint: true, hint: 'pane'},
	{id: 'app.previousPane', scope: 'global', keys: ['shift+tab'], description: 'previous pane'},
	{id: 'app.goToPane', scope: 'global', keys: ['1', '2', '3', '4', '5', '6', '7', '8', '9'], description: 'go to the pane with that number; 1 then 0, 1 or 2 within half a second goes on to pane 10, 11 or 12'},
	{id: 'app.palette', scope: 'global', keys: [':'], description: 'command palette: find commands, panes, containers, images, volumes and networks', isHint: true, hint: 'commands'},
	{id: 'app.refresh', scope: 'global', keys: ['ctrl+r'], description: 'reload everything from the engine'},

	{id: 'list.up', scope: 'list', keys: ['up', 'k'], description: 'move up'},
	{id: 'list.down', scope: 'list', keys: ['down', 'j'], description: 'move down'},
	{id: 'list.pageUp', scope: 'list', keys: ['pageup', 'ctrl+b'], description: 'page up'},
	{id: 'list.pageDown', scope: 'list', keys: ['pagedown', 'ctrl+f'], description: 'page down'},
	{id: 'list.first', scope: 'list', keys: ['home', 'g'], description: 'first row'},
	{id: 'list.last', scope: 'list', keys: ['end', 'G'], description: 'last row'},
	{id: 'list.filter', scope: 'list', keys: ['/'], description: 'filter rows by text', isHint: true},
	{id: 'list.clearFilter', scope: 'list', keys: ['escape'], description: 'clear the filter'},
	{id: 'list.sortNext', scope: 'list', keys: ['s'], description: 'sort by the next column', isHint: true},
	{id: 'list.sortReverse', scope: 'list', keys: ['S'], description: 'reverse the sort order'},

	{id: 'containers.mark', scope: 'containers', keys: ['space'], description: 'mark or unmark, then move to the next row (actions apply to every marked container the filter shows)', isHint: true},
	{id: 'containers.markAll', scope: 'containers', keys: ['*'], description: 'clear the marks, or mark every shown container when none is marked'},
	{id: 'containers.details', scope: 'containers', keys: ['enter'], description: 'details of the selected container', isHint: true},
	{id: 'containers.start', scope: 'containers', keys: ['u'], description: 'start (up)', isMutating: true},
	{id: 'containers.stop', scope: 'containers', keys: ['x'], description: 'stop (SIGTERM, then SIGKILL after the timeout)', isMutating: true, isDangerous: true},
	{id: 'containers.restart', scope: 'containers', keys: ['r'], description: 'restart', isMutating: true, isDangerous: true},
	{id: 'containers.kill', scope: 'containers', keys: ['K'], description: 'kill (SIGKILL)', isMutating: true, isDangerous: true},
	{id: 'containers.pause', scope: 'containers', keys: ['p'], description: 'pause (freeze the processes)', isMutating: true},
	{id: 'containers.unpause', scope: 'containers', keys: ['P'], description: 'unpause', isMutating: true},
	{id: 'containers.remove', scope: 'containers', keys: ['d'], description: 'remove (running ones are killed first)', isMutating: true, isDangerous: true},
	{id: 'containers.removeWithVolumes', scope: 'containers', keys: ['D'], description: 'remove with their anonymous volumes', isMutating: true, isDangerous: true},
	{id: 'containers.commit', scope: 'containers', keys: ['C'], description: 'commit the selected container to an image: REPOSITORY[:TAG] [-m MESSAGE] [-a AUTHOR] [--no-pause] (paused while committed, as docker commit)', isMutating: true},
	{id: 'containers.export', scope: 'containers', keys: ['E'], description: "export the selected container's filesystem to a tar file (written whole or not at all; replacing a file asks first)", writesFile: true},
	{id: 'containers.exec', scope: 'containers', keys: ['e'], description: 'open a shell in the container (bash, else sh; DOCKDASH_EXEC_SHELLS); exit it to come back', isMutating: true, isHint: true, hint: 'shell'},
	{id: 'containers.files', scope: 'containers', keys: ['f'], description: "browse the selected container's files, running or stopped: view a file, copy out to this machine, copy in", isHint: true, hint: 'files'},

	{id: 'details.back', scope: 'details', keys: ['escape', 'backspace'], description: 'back to the list'},
	{id: 'details.up', scope: 'details', keys: ['up', 'k'], description: 'scroll up'},
	{id: 'details.down', scope: 'details', keys: ['down', 'j'], description: 'scroll down'},
	{id: 'details.pageUp', scope: 'details', keys: ['pageup', 'ctrl+b'], description: 'page up'},
	{id: 'details.pageDown', scope: 'details', keys: ['pagedown', 'ctrl+f', 'space'], description: 'page down'},
	{id: 'details.top', scope: 'details', keys: ['home', 'g'], description: 'to the top'},
	{id: 'details.bottom', scope: 'details', keys: ['end', 'G'], description: 'to the bottom'},
	{id: 'details.reveal', scope: 'details', keys: ['v'], description: 'reveal or hide secret-looking env values'},
	{id: 'details.refresh', scope: 'details', keys: ['R'], description: 'reload the details, processes and changes'},

	{id: 'images.layers', scope: 'images', keys: ['enter'], description: 'explore the layers of the selected image', isHint: true},
	{id: 'images.pull', scope: 'images', keys: ['p'], description: 'pull an image by name, with progress per layer', isMutating: true, isHint: true},
	{id: 'images.tag', scope: 'images', keys: ['t'], description: 'tag the selected image', isMutating: true},
	{id: 'images.remove', scope: 'images', keys: ['d'], description: 'remove (untag; forcing asks a second time, naming the containers that use it)', isMutating: true, isDangerous: true},
	{id: 'images.run', scope: 'images', keys: ['r'], description: 'run or create a container from the selected image: a form like docker run (the last forms of the image are remembered)', isMutating: true, isHint: true},
	{id: 'images.build', scope: 'images', keys: ['b'], description: 'build an image: PATH [-t TAG] [-f FILE] [--build-arg K=V]; one line per step, then why the cache missed', isMutating: true, isHint: true},
	{id: 'images.mark', scope: 'images', keys: ['space'], description: 'mark or unmark, then move to the next row (save writes every marked image)'},
	{id: 'images.push', scope: 'images', keys: ['P'], description: "push the selected image to its registry, with progress per layer (credentials from the docker CLI's config.json)", isMutating: true},
	{id: 'images.save', scope: 'images', keys: ['w'], description: 'save the marked images (else the selected one) to a tar file, as docker save (written whole or not at all)', writesFile: true},
	{id: 'images.load', scope: 'images', keys: ['i'], description: 'load images from a tar file (docker load -i), listing what it held', isMutating: true},
	{id: 'images.buildLog', scope: 'images', keys: ['o'], description: "unfold or fold every step's log in the build's panel"},
	{id: 'images.cancelPull', scope: 'images', keys: ['x'], description: 'cancel the running build, pull, push, export, save or load, or close its progress'},

	{id: 'layers.focusSteps', scope: 'layers', keys: ['left', 'h'], description: 'move the cursor to the layer list'},
	{id: 'layers.focusTree', scope: 'layers', keys: ['right', 'l'], description: 'move the cursor to the file tree', isHint: true, hint: 'files'},
	{id: 'layers.toggle', scope: 'layers', keys: ['enter', 'space'], description: 'open or close the directory'},
	{id: 'layers.mode', scope: 'layers', keys: ['m'], description: "switch between this layer's changes and the image as seen at this layer", isHint: true},
	{id: 'layers.expandAll', scope: 'layers', keys: ['E'], description: 'open every directory'},
	{id: 'layers.collapseAll', scope: 'layers', keys: ['C'], description: 'close every directory'},
	{id: 'layers.cancel', scope: 'layers', keys: ['escape'], description: 'cancel the export; otherwise clear the path filter'},
	{id: 'layers.reload', scope: 'layers', keys: ['R'], description: 'read the image again'},
	{id: 'layers.platform', scope: 'layers', keys: ['p'], description: 'read the next platform of a multi-platform image'},

	// Issue 13: a container's files, opened from Containers with f.
	{id: 'files.open', scope: 'files', keys: ['enter', 'space'], description: 'open or close the directory; view the file (text, paged, with / search); go to where a symbolic link points', isHint: true, hint: 'open'},
	{id: 'files.path', scope: 'files', keys: ['o'], description: 'go to a path: type an absolute path (/etc/nginx) to list it and what is under it', isHint: true, hint: 'path'},
	{id: 'files.parent', scope: 'files', keys: ['backspace'], description: 'list the folder above the path shown'},
	{id: 'files.copyOut', scope: 'files', keys: ['c'], description: 'copy the selected file or folder to this machine (docker cp out); asks before replacing anything there', writesFile: true, isHint: true, hint: 'copy out'},
	{id: 'files.copyIn', scope: 'files', keys: ['i'], description: 'copy a file or folder of this machine into the selected folder of the container (docker cp in); asks first', isMutating: true, isDangerous: true, isHint: true, hint: 'copy in'},
	{id: 'files.reload', scope: 'files', keys: ['R'], description: 'read the path again'},
	{id: 'files.back', scope: 'files', keys: ['escape'], description: 'cancel the read; otherwise back to the containers'},

	{id: 'logs.up', scope: 'logs', keys: ['up', 'k'], description: 'scroll back one row (the stream goes on below)'},
	{id: 'logs.down', scope: 'logs', keys: ['down', 'j'], description: 'scroll forward one row (follows again at the end)'},
	{id: 'logs.pageUp', scope: 'logs', keys: ['pageup', 'ctrl+b'], description: 'page back'},
	{id: 'logs.pageDown', scope: 'logs', keys: ['pagedown', 'ctrl+f'], description: 'page forward'},
	{id: 'logs.top', scope: 'logs', keys: ['home', 'g'], description: 'the oldest line kept'},
	{id: 'logs.end', scope: 'logs', keys: ['end', 'G'], description: 'jump to the end and follow', isHint: true, hint: 'end'},
	{id: 'logs.follow', scope: 'logs', keys: ['f'], description: 'follow on or off (off keeps the view still while lines arrive)', isHint: true},
	{id: 'logs.search', scope: 'logs', keys: ['/'], description: 'search (highlights matches)', isHint: true},
	{id: 'logs.nextMatch', scope: 'logs', keys: ['n'], description: 'next match'},
	{id: 'logs.previousMatch', scope: 'logs', keys: ['N'], description: 'previous match'},
	{id: 'logs.onlyMatching', scope: 'logs', keys: ['o'], description: 'show only matching lines, or all'},
	{id: 'logs.regex', scope: 'logs', keys: ['r'], description: 'search as a regular expression or as plain text'},
	{id: 'logs.caseSensitive', scope: 'logs', keys: ['i'], description: 'case-sensitive search on or off (off by default)'},
	{id: 'logs.clearSearch', scope: 'logs', keys: ['escape'], description: 'clear the search'},
	{id: 'logs.timestamps', scope: 'logs', keys: ['t'], description: 'timestamps on or off'},
	{id: 'logs.wrap', scope: 'logs', keys: ['w'], description: 'wrap long lines or cut them', isHint: true},
	{id: 'logs.colors', scope: 'logs', keys: ['C'], description: "the container's own colours (plain SGR only) on or off"},
	{id: 'logs.tail', scope: 'logs', keys: ['T'], description: 'how many past lines to start from (tail)'},
	{id: 'logs.since', scope: 'logs', keys: ['s'], description: 'start from a time: 10m, 2h, 1d or 2026-11-23T01:00:00Z (since)'},
	{id: 'logs.project', scope: 'logs', keys: ['p'], description: 'merged logs of the selected container’s compose project, or back'},
	{id: 'logs.save', scope: 'logs', keys: ['S'], description: 'save the kept lines to a file (path in the status line)', writesFile: true},
	{id: 'logs.select', scope: 'logs', keys: ['v'], description: 'select mode: plain, still text to select and copy with the terminal', isHint: true},
	{id: 'logs.clear', scope: 'logs', keys: ['c'], description: 'clear the lines kept'},

	{id: 'stats.detail', scope: 'stats', keys: ['enter'], description: 'history graphs of the selected container', isHint: true},
	{id: 'stats.back', scope: 'stats', keys: ['escape'], description: 'back to the overview of every container'},

	{id: 'prune.containers', scope: 'prune', keys: ['c'], description: 'containers (stopped ones) in the plan, or not', isHint: true, hint: 'kinds'},
	{id: 'prune.dangling', scope: 'prune', keys: ['i'], description: 'include dangling (untagged) images, or not'},
	{id: 'prune.images', scope: 'prune', keys: ['I'], description: 'include every unused image, tagged ones too, or not'},
	{id: 'prune.volumes', scope: 'prune', keys: ['v'], description: 'include unused anonymous volumes, or not'},
	{id: 'prune.namedVolumes', scope: 'prune', keys: ['V'], description: 'include unused NAMED volumes too, or only anonymous ones'},
	{id: 'prune.networks', scope: 'prune', keys: ['n'], description: 'include unused networks, or not'},
	{id: 'prune.buildCache', scope: 'prune', keys: ['b'], description: 'include build cache not in use, or not'},
	{id: 'prune.until', scope: 'prune', keys: ['t'], description: 'only objects created before: 90m, 1h30m, 7d, a date or a Unix timestamp (until)'},
	{id: 'prune.labels', scope: 'prune', keys: ['f'], description: 'label filters: label=K[=V] label!=K[=V], space-separated'},
	{id: 'prune.view', scope: 'prune', keys: ['u'], description: 'usage: every object by size or age, or back to the plan', isHint: true, hint: 'usage'},
	{id: 'prune.remeasure', scope: 'prune', keys: ['R'], description: 'measure the disk usage again'},
	{id: 'prune.run', scope: 'prune', keys: ['d'], description: 'remove exactly the listed objects', isMutating: true, isDangerous: true, isHint: true},

	{id: 'volumes.remove', scope: 'volumes', keys: ['d'], description: 'remove the selected volume (never one in use)', isMutating: true, isDangerous: true, isHint: true},
	{id: 'volumes.remeasure', scope: 'volumes', keys: ['R'], description: 'list and measure again'},
	{id: 'networks.remove', scope: 'networks', keys: ['d'], description: 'remove the selected network (never a default one or one in use)', isMutating: true, isDangerous: true, isHint: true},
	{id: 'networks.remeasure', scope: 'networks', keys: ['R'], description: 'list again'},

	// Issue 14: stacks through the real `docker compose`, on the selected project or service.
	{id: 'compose.toggle', scope: 'compose', keys: ['enter'], description: 'open or close the selected project', isHint: true, hint: 'open'},
	{id: 'compose.up', scope: 'compose', keys: ['u'], description: 'up: create and start (docker compose up --detach), with the stack’s profiles', isMutating: true, isHint: true, hint: 'up'},
	{id: 'compose.upBuild', scope: 'compose', keys: ['U'], description: 'up --build: build the images first, then create and start', isMutating: true},
	{id: 'compose.down', scope: 'compose', keys: ['d'], description: 'down: stop and remove the containers and networks (volumes stay)', isMutating: true, isDangerous: true, isHint: true},
	{id: 'compose.downVolumes', scope: 'compose', keys: ['D'], description: 'down --volumes: also remove the stack’s volumes (named in the dialog)', isMutating: true, isDangerous: true},
	{id: 'compose.start', scope: 'compose', keys: ['t'], description: 'start the existing containers', isMutating: true},
	{id: 'compose.stop', scope: 'compose', keys: ['x'], description: 'stop the containers (kept, not removed)', isMutating: true, isDangerous: true},
	{id: 'compose.restart', scope: 'compose', keys: ['r'], description: 'restart the containers', isMutating: true, isDangerous: true},
	{id: 'compose.pull', scope: 'compose', keys: ['p'], description: 'pull the services’ images', isMutating: true},
	{id: 'compose.build', scope: 'compose', keys: ['b'], description: 'build the services that have a build section', isMutating: true},
	{id: 'compose.profiles', scope: 'compose', keys: ['f'], description: 'profiles for the selected stack (space-separated, * for all), used by every action on it', isHint: true},
	{id: 'compose.cancel', scope: 'compose', keys: ['c'], description: 'stop the compose command running on the selected stack (SIGTERM; what it did so far stays)', isMutating: true},
	{id: 'compose.output', scope: 'compose', keys: ['o'], description: 'show or hide the output of the last compose command', isHint: true, hint: 'output'},
	{id: 'compose.logs', scope: 'compose', keys: ['l'], description: 'the stack’s logs, every service merged with its name before each line', isHint: true, hint: 'logs'},

	{id: 'engines.switchContext', scope: 'engines', keys: ['c'], description: 'switch the whole dashboard to the selected row’s docker context (as :context NAME does)', isHint: true, hint: 'context'},
	// Issue 14: the set of engines shown changes, never an engine: kept under --read-only.
	{id: 'engines.add', scope: 'engines', keys: ['a'], description: 'add engine…: -H ADDRESS (unix://, tcp://, ssh://) or a docker context name joins every pane (changes no engine: also under --read-only)', isHint: true, hint: 'add engine'},
	{id: 'engines.drop', scope: 'engines', keys: ['X'], description: 'drop engine: the selected row’s engine leaves every pane, after a confirmation (changes no engine: also under --read-only)', isHint: true, hint: 'drop engine'},
	{id: 'events.type', scope: 'events', keys: ['t'], description: 'only one type of event (container, image, volume, network, service, node), the next, or every type again', isHint: true, hint: 'type'},

	// Issue 7. The service logs view scrolls with the list keys and closes with Esc.
	{id: 'swarm.logs', scope: 'swarm', keys: ['l'], description: "the selected service's logs, followed: every task merged, each line prefixed with its task and node", isHint: true, hint: 'logs'},
	{id: 'swarm.back', scope: 'swarm', keys: ['escape'], description: "close the service's logs"},
	// r for replicas: s sorts in every list, and the hint bar would show s twice.
	{id: 'swarm.scale', scope: 'swarm', keys: ['r'], description: 'scale the selected service: asks for the number of replicas (and to confirm scaling to 0 or down by more than half)', isMutating: true, isHint: true},
	{id: 'swarm.tasks', scope: 'swarm', keys: ['t'], description: "move the cursor to the selected service's tasks (every one, history included) to scroll them, or back", isHint: true, hint: 'tasks'},
	{id: 'swarm.nodes', scope: 'swarm', keys: ['n'], description: 'move the cursor between the services and the nodes (there D drains and A activates the selected node)', isHint: true, hint: 'nodes'},
	{id: 'swarm.drain', scope: 'swarm', keys: ['D'], description: 'drain the selected node: every task on it stops, and starts again on another node if one is active', isMutating: true, isDangerous: true, isHint: true},
	{id: 'swarm.activate', scope: 'swarm', keys: ['A'], description: 'activate the selected node: it takes tasks again', isMutating: true, isDangerous: true, isHint: true},

	{id: 'output.close', scope: 'output', keys: ['escape', 'enter'], description: "close a custom command's output (stops it if it still runs) or a file's view"},
	{id: 'output.up', scope: 'output', keys: ['up', 'k'], description: 'scroll up'},
	{id: 'output.down', scope: 'output', keys: ['down', 'j'], description: 'scroll down'},
	{id: 'output.pageUp', scope: 'output', keys: ['pageup', 'ctrl+b'], description: 'page back'},
	{id: 'output.pageDown', scope: 'output', keys: ['pagedown', 'ctrl+f'], description: 'page forward'},
	{id: 'output.top', scope: 'output', keys: ['home', 'g'], description: 'the oldest line kept'},
	{id: 'output.end', scope: 'output', keys: ['end', 'G'], description: 'jump to the end and follow'},
	{id: 'output.search', scope: 'output', keys: ['/'], description: 'search (highlights matches)'},
	{id: 'output.nextMatch', scope: 'output', keys: ['n'], description: 'next match'},
	{id: 'output.previousMatch', scope: 'output', keys: ['N'], description: 'previous match'},

	// Issue 13: the run form. Typed characters go to the field; only these keys move or act (issue 19).
	{id: 'form.next', scope: 'form', keys: ['down', 'tab'], description: 'next field', isHint: true, hint: 'field'},
	{id: 'form.previous', scope: 'form', keys: ['up', 'shift+tab'], description: 'previous field'},
	{id: 'form.choose', scope: 'form', keys: ['left', 'right'], description: 'choose on a ← → field (remove on exit, then)'},
	{id: 'form.submit', scope: 'form', keys: ['enter'], description: 'on a field: the next field; on the last line: check the whole form, then do what it says (pressed on its own)', isMutating: true, isHint: true, hint: 'run'},
	{id: 'form.older', scope: 'form', keys: ['ctrl+p'], description: 'the form run before that from this image (the last five are remembered)'},
	{id: 'form.newer', scope: 'form', keys: ['ctrl+n'], description: 'the form run after that from this image'},
	{id: 'form.cancel', scope: 'form', keys: ['escape'], description: 'close the form; nothing is created', isHint: true, hint: 'close'},

	{id: 'palette.run', scope: 'palette', keys: ['enter'], description: 'run the command, or go to the pane or object chosen', isHint: true, hint: 'run'},
	{id: 'palette.close', scope: 'palette', keys: ['escape'], description: 'close the palette; nothing runs', isHint: true, hint: 'close'},
	{id: 'palette.previous', scope: 'palette', keys: ['up', 'ctrl+p'], description: 'previous match'},
	{id: 'palette.next', scope: 'palette', keys: ['down', 'ctrl+n'], description: 'next match', isHint: true, hint: 'choose'},

	// Issue 20: a text field takes every other key as text (q, ?, Tab and : too); the hint bar shows these while one is open.
	{id: 'field.submit', scope: 'field', keys: ['enter'], description: 'done: apply the filter or search, or do what the prompt asks', isHint: true, hint: 'done'},
	{id: 'field.cancel', scope: 'field', keys: ['escape'], description: 'close the field; a prompt does nothing', isHint: true, hint: 'cancel'},
	{id: 'field.clear', scope: 'field', keys: ['ctrl+u'], description: 'clear the field', isHint: true, hint: 'clear'},
	{id: 'field.deleteWord', scope: 'field', keys: ['ctrl+w'], description: 'delete the last word'},

	{id: 'dialog.confirm', scope: 'dialog', keys: ['y'], description: 'confirm the action named in the dialog (pressed on its own: a y after typed or pasted keys asks again)', isHint: true, hint: 'confirm'},
	{id: 'dialog.cancel', scope: 'dialog', keys: ['n', 'escape'], description: 'cancel', isHint: true},
] as const satisfies readonly CommandRow[];

/** The ids of the built-in commands, derived from the table. */
export type BuiltInCommandId = (typeof COMMAND_TABLE)[number]['id'];

/** The built-in commands, in table order. */
export const COMMANDS: readonly Command[] = COMMAND_TABLE;

/** The built-in command a key would trigger in any of these scopes under these overrides: for checking a config before it applies. */
export function builtInCommandWithKey(key: string, scopes: readonly Scope[], overrides: Record<string, readonly string[]>): Command | undefined {
	return COMMANDS.find(command => scopes.includes(command.scope) && (overrides[command.id] ?? command.keys).includes(key));
}

const NAMED_KEYS: ReadonlySet<string> = new Set(['up', 'down', 'left', 'right', 'pageup', 'pagedown', 'home', 'end', 'enter', 'escape', 'tab', 'shift+tab', 'backspace', 'delete', 'space']);

/** Why a key name from the config cannot be bound, or undefined when it can. */
export function checkKeyName(key: string): string | undefined {
	if (NAMED_KEYS.has(key) || /^(ctrl|alt)\+[a-z0-9]$/.test(key) || /^[!-~]$/.test(key)) return undefined;
	return `"${key}" is not a key: use one character, ctrl+x, alt+x, or one of ${[...NAMED_KEYS].join(', ')}`;
}

/** Two commands one key would trigger in the same place, so one of them would be lost. */
export interface KeyClash {
	key: string;
	/** The command that had the key first (in table order), and the one that would take it too. */
	first: string;
	second: string;
	message: string;
}

/** Scopes whose layer takes every key while open (issue 20): the global keys do not act there. */
const KEYBOARD_HOLDERS: ReadonlySet<Scope> = new Set(['form', 'field', 'palette']);

/**
 * The first clash these key overrides make among these commands, or undefined. Pure, so the
 * config check (also under --print-config) and applying the keys give the same answer (issue 19).
 */
export function findKeyClash(commands: readonly Command[], overrides: Readonly<Record<string, readonly string[]>>): KeyClash | undefined {
	const keys = (command: Command) => overrides[command.id] ?? command.keys;
	for (const scope of Object.keys(SCOPE_TITLES) as Scope[]) {
		const owner = new Map<string, string>();
		for (const command of commands.filter(c => c.scope === scope)) {
			for (const key of keys(command)) {
				const other = owner.get(key);
				if (other) return {key, first: other, second: command.id, message: `key "${key}" would do both ${other} and ${command.id} in ${SCOPE_TITLES[scope]}: change one of them in keys`};
				owner.set(key, command.id);
			}
		}
	}
	// A pane's own keys shadow the global ones, so a global key that a pane also uses would quietly do the
	// pane's command there (app.quit on x would stop a container in the containers pane).
	// The run form, text fields and the palette hold the keyboard: no global key acts there (Tab moves between fields).
	const globalOwner = new Map(commands.filter(c => c.scope === 'global').flatMap(command => keys(command).map(key => [key, command.id] as const)));
	for (const command of commands.filter(c => c.scope !== 'global' && !KEYBOARD_HOLDERS.has(c.scope))) {
		const key = keys(command).find(candidate => globalOwner.has(candidate));
		if (key !== undefined) {
			const other = globalOwner.get(key)!;
			return {key, first: other, second: command.id, message: `key "${key}" would do both ${other} (everywhere) and ${command.id} in ${SCOPE_TITLES[command.scope]}: change one of them in keys`};
		}
	}
	return undefined;
}

/** The key name dockdash uses for what Ink reports, such as "ctrl+c", "shift+tab", "G" or "pagedown". */
export function keyName(
	input: string,
	key: {
		upArrow?: boolean;
		downArrow?: boolean;
		leftArrow?: boolean;
		rightArrow?: boolean;
		pageUp?: boolean;
		pageDown?: boolean;
		home?: boolean;
		end?: boolean;
		return?: boolean;
		escape?: boolean;
		tab?: boolean;
		backspace?: boolean;
		delete?: boolean;
		ctrl?: boolean;
		shift?: boolean;
		meta?: boolean;
	},
): string {
	let base: string;
	if (key.upArrow) base = 'up';
	else if (key.downArrow) base = 'down';
	else if (key.leftArrow) base = 'left';
	else if (key.rightArrow) base = 'right';
	else if (key.pageUp) base = 'pageup';
	else if (key.pageDown) base = 'pagedown';
	else if (key.home) base = 'home';
	else if (key.end) base = 'end';
	else if (key.return) base = 'enter';
	else if (key.escape) base = 'escape';
	else if (key.tab) return key.shift ? 'shift+tab' : 'tab';
	else if (key.backspace) base = 'backspace';
	else if (key.delete) base = 'delete';
	else if (input === ' ') base = 'space';
	else base = input;
	if (key.ctrl) return `ctrl+${base.toLowerCase()}`;
	if (key.meta && !key.escape) return `alt+${base}`;
	return base;
}

export interface KeymapOptions {
	isReadOnly?: boolean;
}

/** Pretty form of a key for help and hints: "ctrl+c" → "Ctrl-C". */
export function displayKey(key: string): string {
	const names: Record<string, string> = {
		up: '↑',
		down: '↓',
		left: '←',
		right: '→',
		pageup: 'PgUp',
		pagedown: 'PgDn',
		home: 'Home',
		end: 'End',
		enter: 'Enter',
		escape: 'Esc',
		tab: 'Tab',
		'shift+tab': 'Shift-Tab',
		space: 'Space',
		backspace: 'Backspace',
		delete: 'Del',
	};
	if (names[key]) return names[key];
	const ctrl = /^ctrl\+(.)$/.exec(key);
	if (ctrl) return `Ctrl-${ctrl[1]!.toUpperCase()}`;
	const alt = /^alt\+(.+)$/.exec(key);
	if (alt) return `Alt-${alt[1]}`;
	return key;
}

/** A line of the help screen or the key table in docs/keys.md. */
export interface HelpRow {
	/** The command id, which the config file's `keys:` takes. */
	id: string;
	scope: Scope;
	keys: string;
	description: string;
	isDangerous: boolean;
}

/** The hint bar's word for a command: "start", "remove", "pull". */
export function commandWord(command: Command): string {
	return command.hint ?? command.description.split(' ')[0]!.replace(/[:,]$/, '');
}

/** The keymap of one run: the table, the config's custom commands and its key overrides. A value, never changed once made (issue 15). */
export class Keymap {
	/** The built-in commands, then the config's custom ones. */
	readonly commands: readonly Command[];
	// Keys the user chose in the config file, by command id; they replace the defaults.
	private readonly overrides: ReadonlyMap<string, readonly string[]>;

	/** Throws with one line when an override would give a key two commands in one scope, because then one would be lost. */
	constructor({extraCommands = [], overrides = {}}: {extraCommands?: readonly Command[]; overrides?: Readonly<Record<string, readonly string[]>>} = {}) {
		this.commands = extraCommands.length === 0 ? COMMANDS : [...COMMANDS, ...extraCommands];
		const clash = findKeyClash(this.commands, overrides);
		if (clash) throw new Error(clash.message);
		this.overrides = new Map(Object.entries(overrides));
	}

	/** The keys a command answers to: the user's from the config, else its defaults. */
	keysOf(command: Command): readonly string[] {
		return this.overrides.get(command.id) ?? command.keys;
	}

	/**
	 * The key a text names for a command ("V", "Ctrl-R"): its first key, the
	 * config's override included, so a line that tells the user what to press
	 * cannot drift from the key that does it (issue 22).
	 */
	keyOf(id: CommandId): string {
		const command = this.commands.find(candidate => candidate.id === id);
		if (!command) throw new Error(`no command ${id} in the keymap`);
		return displayKey(this.keysOf(command)[0] ?? '');
	}

	/** The commands bound in a scope, with mutating ones removed in read-only mode. */
	commandsIn(scope: Scope, options: KeymapOptions = {}): Command[] {
		return this.commands.filter(command => command.scope === scope && !(options.isReadOnly && command.isMutating));
	}

	/**
	 * Finds the command a key triggers in the given scopes, searched in order (the top layer first).
	 * Ink 6 names the byte terminals send for Backspace (0x7f) "delete", the same name as the Delete
	 * key (ESC [3~), so a "delete" that no command of a scope answers to does what Backspace does there
	 * (issue 22: Backspace did nothing in Details although the key table lists it).
	 */
	commandFor(name: string, scopes: readonly Scope[], options: KeymapOptions = {}): Command | undefined {
		const answering = (scope: Scope, key: string) =>
			this.commands.find(command => command.scope === scope && this.keysOf(command).includes(key) && !(options.isReadOnly && command.isMutating));
		for (const scope of scopes) {
			const found = answering(scope, name) ?? (name === 'delete' ? answering(scope, 'backspace') : undefined);
			if (found) return found;
		}
		return undefined;
	}

	private rowOf(command: Command, keys: readonly string[] = this.keysOf(command)): HelpRow {
		return {
			id: command.id,
			scope: command.scope,
			keys: command.id === 'app.goToPane' && !this.overrides.has(command.id) && keys.length === 9 ? '1…9' : keys.map(displayKey).join(' / '),
			description: command.description + (command.isDangerous ? ' (asks first)' : ''),
			isDangerous: Boolean(command.isDangerous),
		};
	}

	/** Rows for docs/keys.md: one per command of the table. */
	helpRows(options: KeymapOptions = {}): HelpRow[] {
		return (Object.keys(SCOPE_TITLES) as Scope[]).flatMap(scope => this.commandsIn(scope, options).map(command => this.rowOf(command)));
	}

	/** Rows for the help screen: exactly these commands (the ones the focused pane binds), grouped by scope in the usual order. */
	helpRowsOf(bound: ReadonlyArray<{command: Command; keys: readonly string[]}>): HelpRow[] {
		const order = Object.keys(SCOPE_TITLES) as Scope[];
		const table = this.commands;
		return [...bound]
			.sort((a, b) => order.indexOf(a.command.scope) - order.indexOf(b.command.scope) || table.indexOf(a.command) - table.indexOf(b.command))
			.map(({command, keys}) => this.rowOf(command, keys));
	}

	/**
	 * The hint bar: the hinted commands among these (the ones the focused pane binds), in the
	 * order of `scopes` and then of the table; each with the first key that reaches it.
	 */
	hintsOf(bound: ReadonlyArray<{command: Command; keys: readonly string[]}>, scopes: readonly Scope[]): string[] {
		// The user's own commands come right after the global keys: on a narrow bar they are the ones cut otherwise (issue 20).
		const rank = (scope: Scope, id: string) => (id.startsWith('custom.') ? 0.5 : scopes.includes(scope) ? scopes.indexOf(scope) : scopes.length);
		const table = this.commands;
		// By id: a pane may offer a command in its own words (a copy of the table's entry).
		const orderOf = (command: Command) => table.findIndex(entry => entry.id === command.id);
		return bound
			.filter(({command}) => command.isHint)
			.sort((a, b) => rank(a.command.scope, a.command.id) - rank(b.command.scope, b.command.id) || orderOf(a.command) - orderOf(b.command))
			.map(({command, keys}) => `${displayKey(keys[0]!)} ${commandWord(command)}`);
	}
}

/** The keymap with no config: the table's own keys, no custom commands. */
export const DEFAULT_KEYMAP = new Keymap();
