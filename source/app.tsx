/**
 * Picks the layout and the focused pane; holds no engine logic. Global keys
 * (quit, help, pane switching) are handled here, below any open overlay.
 */
import {Box, Text, useApp} from 'ink';
import {useEffect, useLayoutEffect, useMemo, useRef, useState} from 'react';
import {headerNotice} from './model/api-version.js';
import type {EngineVersion} from './model/types.js';
import type {EngineSession, SessionView} from './engine-switch.js';
import {type Clock, systemClock} from './model/clock.js';
import {Observable} from './model/observable.js';
import {type BoundCommand, KeyRouter, type KeyRouterOptions, KeyRouterProvider, LAYER, TYPING_GAP_MS, useKeyLayer, useMouse} from './hooks/key-router.js';
import {useCommands} from './hooks/use-commands.js';
import {useCustomCommands} from './hooks/use-custom-commands.js';
import {useOrphanedShellsEnded} from './hooks/use-exec-shell.js';
import {useKeyRouter} from './hooks/key-router.js';
import {useObservable} from './hooks/use-observable.js';
import {useStatusLine} from './hooks/use-status-line.js';
import {PaneMemoryContext} from './hooks/use-remembered.js';
import {ClockContext} from './hooks/use-now.js';
import {useTerminalSize} from './hooks/use-terminal-size.js';
import {checkKeyName, displayKey, Keymap} from './keymap/keymap.js';
import {customKeymapCommands} from './model/custom-commands.js';
import {KeymapContext, useKeymap} from './hooks/use-keymap.js';
import {AppContext, type AppServices} from './ui/app-context.js';
import {CommandOutput} from './ui/components/command-output.js';
import {CommandPalette} from './ui/components/command-palette.js';
import {ConfirmDialog} from './ui/components/confirm-dialog.js';
import {Header} from './ui/components/header.js';
import {HelpScreen} from './ui/components/help-screen.js';
import {StatusBar} from './ui/components/status-bar.js';
import {engineLabel} from './ui/engine-label.js';
import {engineStateOf, tabLabels} from './ui/format/header-line.js';
import type {EngineHealth} from './model/multi-engine.js';
import {paletteItems} from './ui/palette-items.js';
import {type EngineObjects, loadPaletteObjects} from './model/palette-objects.js';
import {ThemeContext, useTheme} from './hooks/use-theme.js';
import {makeTheme} from './ui/theme.js';
import {PANES} from './ui/panes/registry.js';

export interface AppProps {
	services: AppServices;
	version?: EngineVersion;
	initialPane?: string;
	/** The key router; tests pass one with a clock they control. */
	router?: KeyRouter;
	/** Or the options of the one the app makes (the end-to-end tests' sign that keys settled). */
	routerOptions?: KeyRouterOptions;
	/** What status messages fade by; tests pass one they move by hand. */
	clock?: Clock;
	/** Lists the engines' objects for the palette; tests pass a scripted one. */
	loadObjects?: typeof loadPaletteObjects;
	/** The pane shown and the panes' memory, kept across an engine added or dropped (issue 14). */
	view?: SessionView;
}

/** How long after `1` a `0` or `1` still makes tab 10 or 11 (lazygit and tmux wait about as long for a second key). */
export const TAB_CHORD_MS = 500;

const NO_OBJECTS = new Observable<readonly EngineObjects[]>([]);

/** The app inside its key router; tests render this. */
export function App({router, routerOptions, ...props}: AppProps) {
	// One router for the app's life (a context switch makes a new app, and so a new router).
	// Its keys settle after the typing gap and after the tab chord's time, the two waits a key may need.
	const [ownRouter] = useState(() => (router || !routerOptions ? undefined : new KeyRouter({settleAfterMs: [TYPING_GAP_MS, TAB_CHORD_MS], ...routerOptions})));
	useEffect(() => () => ownRouter?.stopSettling(), [ownRouter]);
	// The theme is a value of this run's config, handed down by context (issue 15: no module state).
	const {config} = props.services;
	const theme = useMemo(() => makeTheme(config.theme, config.colors), [config]);
	// So is the keymap: the table, the config's custom commands and its keys (checked before the app starts, cli.tsx).
	const keymap = useMemo(() => new Keymap({extraCommands: customKeymapCommands(config.commands), overrides: config.keys}), [config]);
	return (
		<ThemeContext.Provider value={theme}>
			<KeymapContext.Provider value={keymap}>
				<KeyRouterProvider router={router ?? ownRouter}>
					<Dashboard {...props} />
				</KeyRouterProvider>
			</KeymapContext.Provider>
		</ThemeContext.Provider>
	);
}

/** Whether a key is worth a "does nothing here" line: one a person pressed, not a terminal's answer. */
function isReportableKey(name: string): boolean {
	return name !== 'ctrl+c' && checkKeyName(name) === undefined;
}

/**
 * The app for one engine session at a time: switching context gives a new
 * session, and the key remounts the whole app with the new engine's services.
 */
export function SwitchableApp({sessions, initialPane, routerOptions}: {sessions: Observable<EngineSession>; initialPane?: string; routerOptions?: KeyRouterOptions}) {
	const {services, version, generation, view} = useObservable(sessions);
	return <App key={generation} services={services} version={version} initialPane={initialPane} view={view} routerOptions={routerOptions} />;
}

/** One engine: no engines' states in the header. */
const NO_ENGINES = new Observable<readonly EngineHealth[]>([]);

function Dashboard({services, version, initialPane, clock = systemClock, loadObjects = loadPaletteObjects, view}: AppProps) {
	const theme = useTheme();
	const keymap = useKeymap();
	const {exit} = useApp();
	const {columns, rows} = useTerminalSize();
	const [paneIndex, setPaneIndex] = useState(() => Math.max(0, PANES.findIndex(pane => pane.id === (view?.pane ?? initialPane))));
	const [isHelpOpen, setHelpOpen] = useState(false);
	const [isPaletteOpen, setPaletteOpen] = useState(false);
	const paletteObjects = useRef<ReturnType<typeof loadPaletteObjects>>(undefined);
	useEffect(() => () => paletteObjects.current?.stop(), []);
	const router = useKeyRouter();
	// What a key switches to (a pane, the palette, help) takes the keys read with it or after it, not what was shown:
	// the router holds them until the switch is committed (KeyRouter.awaitLayers; this layout effect runs after those
	// of the pane, palette or help it shows, which register their key layers).
	const shown = useRef({paneIndex, isPaletteOpen, isHelpOpen});
	shown.current = {paneIndex, isPaletteOpen, isHelpOpen};
	useLayoutEffect(() => router.layersReady(), [router, paneIndex, isPaletteOpen, isHelpOpen]);
	const show = <K extends keyof typeof shown.current>(what: K, value: (typeof shown.current)[K], set: (value: (typeof shown.current)[K]) => void) => {
		// The same again commits nothing: the keys would wait the whole bound for it.
		if (shown.current[what] === value) return;
		shown.current = {...shown.current, [what]: value};
		router.awaitLayers();
		set(value);
	};
	const showPane = (next: number | ((index: number) => number)) => show('paneIndex', typeof next === 'function' ? next(shown.current.paneIndex) : next, setPaneIndex);
	const showPalette = (isOpen: boolean) => show('isPaletteOpen', isOpen, setPaletteOpen);
	const showHelp = (isOpen: boolean) => show('isHelpOpen', isOpen, setHelpOpen);
	// A key the palette presses for the user: pressed once the palette is gone and the target pane listens.
	const [pendingPress, setPendingPress] = useState<string>();
	useEffect(() => {
		if (pendingPress === undefined || isPaletteOpen) return;
		setPendingPress(undefined);
		router.press(pendingPress);
	}, [pendingPress, isPaletteOpen, router]);
	const syncStatus = useObservable(services.sync.status);
	const health = useObservable(services.engines?.health ?? NO_ENGINES);
	const engineStates = useMemo(() => (services.engines ? health.map(engine => ({name: engine.name, state: engineStateOf(engine.status)})) : undefined), [services.engines, health]);
	// Shells a dropped connection left running are ended once the engine answers again (issue 20).
	useOrphanedShellsEnded(services);
	const pending = useObservable(services.confirmations);
	const pane = PANES[paneIndex]!;
	// What the pane says in the status line is its own: shown in that pane only (issue 19).
	// What each pane keeps for the session (filter, sort, selection), though it unmounts when left (issue 19).
	const [sessionMemory] = useState(() => view?.memory ?? new Map<string, unknown>());
	// An engine added or dropped mounts the app again on the pane it was on (issue 14).
	useEffect(() => {
		if (view) view.pane = pane.id;
		// Marks are kept for the pane in front only, across an engine added or dropped: another pane forgets its own.
		for (const key of sessionMemory.keys()) if (key.endsWith('.marks') && !key.startsWith(`${pane.id}.`)) sessionMemory.delete(key);
	}, [view, pane.id, sessionMemory]);
	const paneMemory = useMemo(() => ({pane: pane.id, values: sessionMemory}), [pane.id, sessionMemory]);
	const paneServices = useMemo<AppServices>(
		() => ({...services, notify: (text, kind = 'info') => services.status.set({text, kind, pane: pane.id})}),
		[services, pane.id],
	);
	// Why a key was not run belongs to the pane it was pressed in: "`d` … remove not run" from Cleanup showed in
	// Containers after `1` (found by an adversarial pass, issue 19).
	router.notify = text => paneServices.notify(text, 'info');
	// A pane another pane brings forward comes to the front in the turn of the key that asked, through showPane: the keys
	// read with that key wait for the pane's layers, as after `4` (it came in an effect, after them: "⏎j" in one read in
	// Images moved the image list's cursor as the layer explorer opened, "l/ng" in Compose opened Compose's filter as
	// the stack's logs came forward; issue 19). "Explore layers" names an image: the layer explorer comes forward; a
	// pane that shows its result in another (a container just run from Images, a stack's logs) names that pane.
	const showPaneNow = useRef(showPane);
	showPaneNow.current = showPane;
	useEffect(() => {
		const bring = (id: string | undefined) => {
			const index = id === undefined ? -1 : PANES.findIndex(candidate => candidate.id === id);
			if (index >= 0) showPaneNow.current(index);
		};
		const {explore} = services.images;
		const followExplore = () => bring(explore.get() ? 'layers' : undefined);
		const followJump = () => bring(services.jumpTo.get()?.pane);
		followExplore();
		followJump();
		const stops = [explore.subscribe(followExplore), services.jumpTo.subscribe(followJump)];
		return () => {
			for (const stop of stops) stop();
		};
	}, [services.images, services.jumpTo]);

	// The retry countdown in the header needs a tick only while disconnected.
	const [, setTick] = useState(0);
	useEffect(() => {
		if (syncStatus.isConnected) return;
		const timer = setInterval(() => setTick(tick => tick + 1), 1000);
		return () => clearInterval(timer);
	}, [syncStatus.isConnected]);

	// Below 80×24 one line asks for a larger terminal; the pane stays mounted (hidden, its keys off)
	// and only quitting works, so resizing back shows it where it was (issue 18).
	const isTooSmall = columns < MIN_COLUMNS || rows < MIN_ROWS;
	// Above every dialog (but below a shell's type-ahead): a dialog hidden by the message must not take a `y` it
	// cannot show (found by an adversarial pass: a remove confirmed at 70×20). Only quitting works.
	useKeyLayer(
		LAYER.dialog + 0.5,
		name => {
			if (keymap.commandFor(name, ['global'])?.id === 'app.quit') exit();
			return true;
		},
		isTooSmall,
		undefined,
		{isBlocking: true},
	);
	useCommands(
		['global'],
		{
			'app.quit': () => exit(),
			'app.help': () => showHelp(!shown.current.isHelpOpen),
			'app.nextPane': () => showPane(index => (index + 1) % PANES.length),
			'app.previousPane': () => showPane(index => (index - 1 + PANES.length) % PANES.length),
			'app.goToPane': key => {
				const index = Number(key) - 1;
				if (index < PANES.length) showPane(index);
				tabChordAt.current = key === '1' && PANES.length >= 10 ? router.now() : undefined;
			},
			'app.palette': () => {
				// Every engine's images, volumes and networks, listed afresh: found without visiting their panes (issue 20).
				paletteObjects.current?.stop();
				const members = services.engines?.members.map(member => ({name: member.name, engine: member.engine})) ?? [{engine: services.ports}];
				paletteObjects.current = loadObjects(members);
				showPalette(true);
			},
			'app.refresh': () => {
				services.notify('reloading from the engine…', 'progress');
				// Everything: the image list too (it relists only on image events otherwise).
				services.images.sync.resync();
				void services.sync.relist().then(() => services.notify('reloaded', 'success'));
			},
		},
		{isActive: !isTooSmall, isReadOnly: services.isReadOnly, priority: LAYER.app},
	);
	useCommands(['dialog'], {'dialog.cancel': () => showHelp(false)}, {isActive: isHelpOpen, priority: LAYER.overlay});
	// Tabs 10 and up (issue 20): `1` goes to tab 1 at once, as a key pressed alone always has; a digit within
	// TAB_CHORD_MS goes on to tab 10, 11, 12…, as the labels promise. Above the panes (a pane's own `0` or `1` must not
	// take it) and below text fields; any other key ends the chord. Switching tabs changes nothing on an engine,
	// and a mutating key right after it is still refused by the typing rules of issue 19.
	const tabChordAt = useRef<number | undefined>(undefined);
	useKeyLayer(
		LAYER.pane + 5,
		name => {
			const at = tabChordAt.current;
			tabChordAt.current = undefined;
			if (at === undefined || router.now() - at > TAB_CHORD_MS) return false;
			const index = /^[0-9]$/.test(name) ? 9 + Number(name) : -1;
			if (index < 0 || index >= PANES.length) return false;
			showPane(index);
			return true;
		},
		() => tabChordAt.current !== undefined,
	);

	// One line is left free below the frame: Ink clears the whole screen on every
	// render once the output is as tall as the terminal, which flickers.
	const headerHeight = 2 + ((!syncStatus.isConnected && syncStatus.problem) || (syncStatus.isConnected && headerNotice(syncStatus.notice, version?.apiVersion)) ? 1 : 0);
	const bodyHeight = Math.max(3, rows - 1 - headerHeight - 2);
	const Pane = pane.component;
	// The config's custom commands for this pane; a background one's output shows as an overlay.
	const custom = useCustomCommands(paneServices, pane, !pending && !isPaletteOpen && !isHelpOpen);
	const overlay = pending || isPaletteOpen || isHelpOpen || custom.output || isTooSmall;
	// The hint bar and help list what the focused pane registered (the status bar reads it from the
	// router and keeps it here for help), so they cannot offer a key the pane does not bind (issue 19).
	const paneBound = useRef<BoundCommand[]>([]);
	// A key nothing used says so, in one line, instead of vanishing.
	useKeyLayer(
		LAYER.fallback,
		(name, _input, _key, _isPasted, press) => {
			// After a key of the same read the typing rule refused, its line stays: it says why nothing happened.
			if (isReportableKey(name) && !press.isAfterRefusal) paneServices.notify(`\`${displayKey(name)}\` does nothing here — ? lists this pane's keys`, 'info');
			return true;
		},
		!overlay,
	);
	const message = useStatusLine(services.status, pane, {clock, isActive: !overlay, isReadOnly: services.isReadOnly});
	// A click on a pane's name in the tab line switches to it.
	useMouse(LAYER.app, event => {
		if (event.kind !== 'press' || event.y !== headerHeight - 1) return false;
		// The same labels the header draws at this width (abbreviated ones included).
		for (const label of tabLabels(PANES.map(candidate => candidate.title), paneIndex, columns).labels) {
			if (event.x >= label.x && event.x < label.x + label.text.length) {
				showPane(label.index);
				return true;
			}
		}
		return false;
	});
	const buildPaletteItems = () =>
		paletteItems(
			services,
			keymap,
			PANES,
			{
				goToPane: showPane,
				pressIn: (index, key) => {
					if (index !== undefined) showPane(index);
					setPendingPress(key);
				},
			},
			paletteObjects.current?.objects.get(),
			pane,
		);
	const closePalette = () => {
		paletteObjects.current?.stop();
		showPalette(false);
	};
	const listedObjects = useObservable(paletteObjects.current?.objects ?? NO_OBJECTS);
	const paletteProblems = listedObjects.filter(list => list.problem).map(list => `${list.engineName ?? engineLabel(services, list.engine)}: images, volumes and networks not listed: ${list.problem}`);
	return (
		<AppContext.Provider value={services}>
			{isTooSmall ? (
				<Text wrap="truncate" color={theme.warning}>
					{tooSmallLine(columns, rows)}
				</Text>
			) : null}
			<Box flexDirection="column" width={columns} height={rows - 1} display={isTooSmall ? 'none' : 'flex'}>
				<Header
					endpoint={services.ports.engine.url}
					isUnverifiedTls={services.ports.engine.isUnverifiedTls}
					context={services.contextName}
					version={version}
					status={syncStatus}
					isReadOnly={services.isReadOnly}
					panes={PANES}
					activePane={pane.id}
					width={columns}
					engines={engineStates}
				/>
				<Box height={bodyHeight} flexDirection="column">
					{pending ? <ConfirmDialog confirmations={services.confirmations} width={columns} height={bodyHeight} engine={services.engines ? engineLabel(services) : undefined} /> : null}
					{isPaletteOpen && !pending ? (
						<CommandPalette items={buildPaletteItems} changes={paletteObjects.current?.objects} problems={paletteProblems} width={columns} height={bodyHeight} onClose={closePalette} />
					) : null}
					{isHelpOpen && !pending && !isPaletteOpen ? (
						<HelpScreen isReadOnly={services.isReadOnly} bound={[...paneBound.current, ...dialogKeys(keymap)]} height={bodyHeight} width={columns} />
					) : null}
					{custom.output && !pending && !isPaletteOpen && !isHelpOpen ? <CommandOutput run={custom.output} height={bodyHeight} onClose={custom.closeOutput} /> : null}
					{/* The pane stays mounted under overlays, so its selection and marks survive them. */}
					<Box display={overlay ? 'none' : 'flex'} flexDirection="column">
						<AppContext.Provider value={paneServices}>
							<PaneMemoryContext.Provider value={paneMemory}>
								<ClockContext.Provider value={clock}>
									<Pane width={columns} height={bodyHeight} isActive={!overlay} top={headerHeight} />
								</ClockContext.Provider>
							</PaneMemoryContext.Provider>
						</AppContext.Provider>
					</Box>
				</Box>
				<StatusBar message={message} isOverlay={Boolean(overlay)} paneBound={paneBound} scopes={['global', ...pane.scopes]} width={columns} />
			</Box>
		</AppContext.Provider>
	);
}

/** The smallest terminal every pane is laid out for (issue 18). */
export const MIN_COLUMNS = 80;
export const MIN_ROWS = 24;

/** The one line shown in a smaller terminal, shortest words last so the size shows even in 20 columns. */
export function tooSmallLine(columns: number, rows: number): string {
	return `${columns}×${rows}: dockdash needs at least ${MIN_COLUMNS}×${MIN_ROWS} — enlarge the terminal (q quits)`;
}

/** The keys of every confirmation dialog, listed in help under the pane's own. */
const dialogKeys = (keymap: Keymap): BoundCommand[] => keymap.commandsIn('dialog').map(command => ({command, keys: keymap.keysOf(command)}));
