/**
 * Details of one container, opened from the containers pane with Enter: a
 * scrollable view over lines made by ui/format/details-lines.ts. Render plus
 * its key layer; loading lives in hooks/use-container-details.ts.
 */
import {Box, Text} from 'ink';
import React, {useEffect, useMemo, useState} from 'react';
import {useCommands} from '../../hooks/use-commands.js';
import {useContainerDetails} from '../../hooks/use-container-details.js';
import {useObservable} from '../../hooks/use-observable.js';
import type {EventEntry} from '../../model/event-log.js';
import {Observable} from '../../model/observable.js';
import {useServices} from '../app-context.js';
import {detailsLines} from '../format/details-lines.js';
import {truncate, truncateMiddle, widthOf} from '../format/text.js';
import {shortId} from '../format/units.js';
import {TitleBar} from '../components/title-bar.js';
import {useTheme} from '../../hooks/use-theme.js';

export interface DetailsPaneProps {
	containerId: string;
	/** The name the list showed, for the title before (or after) inspect answers. */
	name: string;
	width: number;
	height: number;
	isActive: boolean;
	onClose: () => void;
}


const DETAILS_KEYS = 'Esc back · v reveal secrets · R reload';
/** The details view, fenced: a bug in it shows one line instead of taking the dashboard down. */
export function DetailsPane(props: DetailsPaneProps) {
	return (
		<DetailsBoundary {...props}>
			<DetailsView {...props} />
		</DetailsBoundary>
	);
}

class DetailsBoundary extends React.Component<DetailsPaneProps & {children: React.ReactNode}, {message?: string}> {
	override state: {message?: string} = {};

	static getDerivedStateFromError(error: unknown) {
		return {message: String((error as Error)?.message ?? error).split('\n')[0]};
	}

	override render() {
		if (this.state.message === undefined) return this.props.children;
		return <BrokenDetails {...this.props} message={this.state.message} />;
	}
}

function BrokenDetails({name, onClose, isActive, message}: DetailsPaneProps & {message: string}) {
	const theme = useTheme();
	useCommands(['details'], {'details.back': onClose}, {isActive});
	return (
		<Text color={theme.danger} wrap="truncate">
			the details of {name} could not be shown ({message}); Esc goes back
		</Text>
	);
}

const NO_EVENTS = new Observable<readonly EventEntry[]>([]);

function DetailsView({containerId, name, width, height, isActive, onClose}: DetailsPaneProps) {
	const theme = useTheme();
	const [isRevealed, setRevealed] = useState(false);
	const [reloadToken, setReloadToken] = useState(0);
	const [offset, setOffset] = useState(0);
	const state = useContainerDetails(containerId, reloadToken);
	// Its own events from the Events log (issue 14); the last hour is read once, as when the Events pane opens.
	const services = useServices();
	const allEvents = useObservable(services.events ?? NO_EVENTS);
	useEffect(() => {
		const controller = new AbortController();
		void services.events?.loadHistory(controller.signal);
		return () => controller.abort();
	}, [services.events]);
	const events = useMemo(() => allEvents.filter(entry => entry.type === 'container' && entry.id === containerId), [allEvents, containerId]);
	const lines = useMemo(
		() => (state.details ? detailsLines({details: state.details, size: state.size, top: state.top, changes: state.changes, isRevealed, events, lastLines: state.lastLines}, theme) : []),
		[state.details, state.size, state.top, state.changes, isRevealed, events, state.lastLines, theme],
	);

	const notices: Array<{text: string; color?: string}> = [];
	if (state.isGone) notices.push({text: `${name} (${shortId(containerId)}) no longer exists: it was removed while this view was open. Esc goes back.`, color: theme.danger});
	else if (state.error) notices.push({text: state.error, color: theme.danger});
	const bodyHeight = Math.max(1, height - 1 - notices.length);
	const maxOffset = Math.max(0, lines.length - bodyHeight);
	const top = Math.min(offset, maxOffset);
	const scroll = (delta: number) => setOffset(current => Math.max(0, Math.min(maxOffset, Math.min(current, maxOffset) + delta)));

	useCommands(
		['details'],
		{
			'details.back': onClose,
			'details.up': () => scroll(-1),
			'details.down': () => scroll(1),
			'details.pageUp': () => scroll(-bodyHeight),
			'details.pageDown': () => scroll(bodyHeight),
			'details.top': () => setOffset(0),
			'details.bottom': () => setOffset(maxOffset),
			'details.reveal': () => setRevealed(current => !current),
			'details.refresh': () => setReloadToken(current => current + 1),
		},
		{isActive},
	);

	const position = lines.length > bodyHeight ? ` · lines ${top + 1}–${Math.min(lines.length, top + bodyHeight)} of ${lines.length}` : '';
	const fullTitle = `Details · ${name} (${shortId(containerId)})${position}`;
	return (
		<Box flexDirection="column" width={width} height={height}>
			{/* The name and ID are on the next line too: where both do not fit, the keys stay and the name goes (issue 18). */}
			<TitleBar title={[{text: widthOf(fullTitle) + 2 + widthOf(DETAILS_KEYS) <= width ? fullTitle : `Details${position}`}]} aside={DETAILS_KEYS} asideColor={theme.muted} width={width} />
			{notices.map(notice => (
				<Text key={notice.text} color={notice.color} wrap="truncate">
					{notice.text}
				</Text>
			))}
			{!state.details && !state.isGone && !state.error ? <Text color={theme.muted}>loading…</Text> : null}
			{lines.slice(top, top + bodyHeight).map((line, index) => (
				// Lines are positional: the same index shows a new line after a scroll.
				<Text key={index} color={line.color} bold={line.isBold} wrap="truncate">
					{/* The first line names the container: cut in its middle, its ID and state stay (issue 18). */}
					{(top + index === 0 ? truncateMiddle : truncate)(line.text, width) || ' '}
				</Text>
			))}
		</Box>
	);
}
