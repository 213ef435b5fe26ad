import {Box, useInput, useStdout, type Key} from 'ink';
import {useEffect, useMemo, useReducer, useRef, useState} from 'react';
import type {Finding} from '../analysis/finding.js';
import {diffTraces} from '../snapshot/diff.js';
import type {Trace} from '../trace/model.js';
import type {WatchHistory} from '../watch/history.js';
import {walkProbe} from '../trace/probe-facts.js';
import {presentName} from '../dns/present.js';
import {presentText, safe, slicePresented, type Presented} from '../dns/sanitize.js';
import {explorerReducer, initialExplorerState, rowsOf, type PromptFor} from './explorer-state.js';
import {commandFor, helpLine, type Command} from './keymap.js';
import {Text} from './presented-text.js';
import {buildTree, initiallyExpanded, nodeId, pathTo, visibleRows, type NodeRef, type Row, type TreeNode} from './tree-model.js';
import {findingLines, plain, responseLines, serverLines, wrapLines, zoneGridLines, type Line} from './views/lines.js';
import {changedNodeIds, diffLines, formatInterval, timelineLines, type LabelledTrace} from './views/changes.js';
import {compareLines, dependencyLines, dnssecLines, explainLines, helpLines} from './views/overlays.js';

export interface ExplorerProps {
	trace: Trace;
	/** The walk is still running: the tree grows and pending probes show a spinner. */
	running: boolean;
	/** Where the trace came from ("this trace", a file), for the diff's headings. */
	label?: string;
	/** The trace to compare with (D): the trace before a re-trace, a snapshot file, the trace before a watch's latest change. */
	baseline?: LabelledTrace;
	/** While watching: the history so far, for the timeline (t). */
	watch?: WatchStatus;
	/** News from outside the explorer (a watch round that changed something); a new id shows it in the status line. */
	announcement?: {id: number; text: string; changed: boolean};
	onExport: () => Promise<string>;
	onRetrace?: () => void;
	/** Reads a snapshot file: to explore it (open), or to compare the trace with it (diff). Resolves to a status line. */
	onLoad?: (purpose: 'open' | 'diff', file: string) => Promise<string>;
	onQuit: () => void;
}

export interface WatchStatus {
	history: WatchHistory;
	intervalMs: number;
	/** A round is being traced (the explorer keeps showing the previous one until it is done). */
	tracing: boolean;
	nextAt?: number;
}

const ALL: Command[] = ['up', 'down', 'first', 'last', 'pageUp', 'pageDown', 'open', 'back', 'switchPane', 'filter', 'nextMatch', 'previousMatch', 'mark', 'compare', 'dnssec', 'findings', 'dependencies', 'explain', 'timeline', 'diff', 'openFile', 'export', 'retrace', 'help', 'quit'];
const KEY_LINE: Command[] = ['open', 'back', 'switchPane', 'findings', 'dnssec', 'explain', 'help', 'quit'];
/** Header (2), status (1), key line (1) and one spare row: Ink repaints the whole screen once a frame fills it. */
const CHROME_ROWS = 5;
const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const SEVERITY_RANK = {error: 0, warning: 1, info: 2} as const;
/** How long the cursor rests before its neighbours are prepared: longer than the gap between repeated keys. */
const PREFETCH_DELAY_MS = 40;
const PROMPTS: Record<PromptFor, string> = {find: 'find', findings: 'filter findings', open: 'open snapshot file', diff: 'compare with snapshot file'};

/** How far a movement key moves: a row, a page of the given height, or all the way. */
function stepOf(command: 'up' | 'down' | 'pageUp' | 'pageDown' | 'first' | 'last', page: number): number {
	return {up: -1, down: 1, pageUp: -page, pageDown: page, first: -Infinity, last: Infinity}[command];
}

function flatten(nodes: TreeNode[]): TreeNode[] {
	return nodes.flatMap((node) => [node, ...flatten(node.children)]);
}

/** The explorer: a delegation tree on the left, the selected node's detail on the right, overlays on demand. */
export function Explorer({trace, running, label = 'this trace', baseline, watch, announcement, onExport, onRetrace, onLoad, onQuit}: ExplorerProps) {
	const {stdout} = useStdout();
	// A pseudo-terminal may report 0×0; fall back to the classic 80×24.
	const [size, setSize] = useState({rows: stdout.rows || 24, columns: stdout.columns || 80});
	useEffect(() => {
		const onResize = () => setSize({rows: stdout.rows || 24, columns: stdout.columns || 80});
		stdout.on('resize', onResize);
		return () => {
			stdout.off('resize', onResize);
		};
	}, [stdout]);
	const [tick, setTick] = useState(0);
	// The spinner turns while probes are out; a watch's countdown only needs a beat a second.
	const beat = running || watch?.tracing ? 120 : watch ? 1000 : 0;
	useEffect(() => {
		if (!beat) return;
		const timer = setInterval(() => setTick((value) => value + 1), beat);
		return () => clearInterval(timer);
	}, [beat]);

	const tree = useMemo(() => buildTree(trace), [trace]);
	const nodes = useMemo(() => flatten(tree), [tree]);
	const [state, dispatch] = useReducer(explorerReducer, undefined, () => initialExplorerState(initiallyExpanded(trace), nodeId({kind: 'zone', zone: '.'})));
	// Zones the walk reaches open by themselves, unless the user closed them.
	const auto = useMemo(() => initiallyExpanded(trace), [trace]);
	const findings = useMemo(() => {
		const needle = state.findingsFilter.toLowerCase();
		const shown = needle ? trace.findings.filter((finding) => `${finding.code} ${finding.zone} ${finding.message}`.toLowerCase().includes(needle)) : trace.findings;
		return [...shown].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
	}, [trace.findings, state.findingsFilter]);

	const bodyHeight = Math.max(3, size.rows - CHROME_ROWS);
	const context = useMemo(() => ({tree, auto, height: bodyHeight}), [tree, auto, bodyHeight]);
	const rows = useMemo(() => rowsOf(state, context), [state.expanded, state.collapsed, context]);
	const draft = useRef(state.draft);
	const leftWidth = Math.min(52, Math.max(28, Math.floor(size.columns * 0.42)));
	const rightWidth = Math.max(20, size.columns - leftWidth - 3);
	const cursorIndex = Math.max(0, rows.findIndex((row) => row.node.id === state.cursor));
	const selected: Row | undefined = rows[cursorIndex];
	const colour = !process.env['NO_COLOR'];

	const detail = useMemo(() => wrapLines(detailLines(trace, selected?.node.ref, rightWidth), rightWidth), [trace, selected?.node.ref, rightWidth]);
	// While the user reads, the rows next to the cursor are laid out (their long lines wrapped and cached), so the
	// next ↑ or ↓ only draws.
	useEffect(() => {
		if (running) return;
		const timer = setTimeout(() => {
			for (const row of [rows[cursorIndex + 1], rows[cursorIndex - 1]]) if (row) wrapLines(detailLines(trace, row.node.ref, rightWidth), rightWidth);
		}, PREFETCH_DELAY_MS);
		return () => clearTimeout(timer);
	}, [trace, cursorIndex, rows, rightWidth, running]);
	// Before and after: the older of the two traces is "before", whichever way they were loaded.
	const sides = useMemo(() => {
		if (!baseline) return undefined;
		const current = {trace, label};
		return baseline.trace.startedAt <= trace.startedAt ? {before: baseline, after: current} : {before: current, after: baseline};
	}, [baseline, trace, label]);
	const changes = useMemo(() => (sides && !running ? diffTraces(sides.before.trace, sides.after.trace) : []), [sides, running]);
	const changed = useMemo(() => changedNodeIds(changes), [changes]);
	useEffect(() => {
		if (announcement) dispatch({type: 'status', text: announcement.text});
	}, [announcement?.id]);
	const marked = useMemo(() => state.marks.flatMap((id) => probeForNode(trace, nodes.find((node) => node.id === id)?.ref) ?? []), [state.marks, nodes, trace]);
	const overlayLines = useMemo((): Line[] => {
		const width = size.columns - 1;
		switch (state.overlay) {
			case 'help':
				return helpLines(bodyHeight);
			case 'dnssec':
				return wrapLines(dnssecLines(trace), width);
			case 'dependencies':
				return wrapLines(dependencyLines(trace), width);
			case 'explain':
				return wrapLines(explainLines(trace, selected?.node.ref), width);
			case 'compare':
				return compareLines(marked, width);
			case 'diff':
				return sides ? diffLines(sides.before, sides.after, changes, width) : [];
			case 'timeline':
				return watch ? timelineLines(watch.history, width, {intervalMs: watch.intervalMs, tracing: watch.tracing}) : [];
			default:
				return [];
		}
	}, [state.overlay, trace, selected?.node.ref, marked, size.columns, sides, changes, watch]);

	const withAuto = (open: ReadonlySet<string>) => new Set([...open, ...[...auto].filter((id) => !state.collapsed.has(id))]);
	const rowsWith = (open: ReadonlySet<string>) => visibleRows(tree, withAuto(open));
	const jumpTo = (ref: NodeRef) => {
		const id = nodeId(ref);
		const path = pathTo(tree, id);
		if (path) dispatch({type: 'reveal', path, id, rows: rowsWith, height: bodyHeight});
	};

	// When the trace is done, a newcomer who has not moved lands where the walk ended: where it broke, or answered.
	const lastZone = trace.resolutions[0]?.steps.at(-1)?.zone;
	useEffect(() => {
		if (running || !lastZone) return;
		const id = nodeId({kind: 'zone', zone: lastZone});
		const path = pathTo(tree, id);
		if (path) dispatch({type: 'place', id, path, rows: rowsWith, height: bodyHeight});
	}, [running, lastZone]);
	const jumpToFinding = (finding: Finding) => {
		const zone = trace.zones.find((candidate) => candidate.name === finding.zone);
		const server = zone?.servers.find((candidate) => finding.servers.includes(candidate.address));
		if (zone && server) jumpTo({kind: 'server', zone: zone.name, name: server.name, address: server.address});
		else if (zone) jumpTo({kind: 'zone', zone: zone.name});
		else dispatch({type: 'status', text: `${finding.zone} is not a zone the trace reached`});
	};
	const search = (direction: 1 | -1, text = state.filter) => {
		if (!text) return;
		const start = Math.max(0, nodes.findIndex((node) => node.id === state.cursor));
		const needle = text.toLowerCase();
		for (let step = 1; step <= nodes.length; step++) {
			const node = nodes[(start + direction * step + nodes.length * 2) % nodes.length]!;
			if (`${node.label} ${node.state}`.toLowerCase().includes(needle)) {
				jumpTo(node.ref);
				dispatch({type: 'status', text: `find: ${text} (n/N)`});
				return;
			}
		}
		dispatch({type: 'status', text: `no match for "${text}"`});
	};

	// Ink re-subscribes input handlers in an effect after each paint, so a key that arrives right after a render
	// would reach the previous handler; the ref always holds the one from the latest render.
	const latest = useRef<(input: string, key: Key) => void>(() => {});
	useInput((input, key) => latest.current(input, key));
	// Keys typed quickly (or auto-repeated) can arrive as one chunk: "jjj" is three moves.
	latest.current = (input, key) => {
		// Typed text and its Enter can arrive together too: "example\r" is text, then Enter.
		if (state.overlay === 'prompt' && /[\r\n]/u.test(input)) {
			const [text = ''] = input.split(/[\r\n]/u);
			if (text) handleKey(text, key);
			handleKey('', {...key, return: true});
			return;
		}
		if (input.length > 1 && state.overlay !== 'prompt' && !key.ctrl && !key.meta) {
			for (const char of input) handleKey(char, key);
			return;
		}
		handleKey(input, key);
	};

	function openPrompt(purpose: PromptFor) {
		draft.current = '';
		dispatch({type: 'prompt', for: purpose});
	}

	/** D and t open their overlay when there is something to show, and say how to get it when there is not. */
	function overlayOrSay(command: 'diff' | 'timeline') {
		if (command === 'timeline' && !watch) return dispatch({type: 'status', text: 'the timeline needs a watch: digdeeper NAME --watch [INTERVAL]'});
		if (command === 'timeline' && watch!.history.rounds.length === 0) return dispatch({type: 'status', text: 'the first trace of the watch is still running'});
		if (command === 'diff' && !sides) {
			if (!onLoad) return dispatch({type: 'status', text: 'nothing to compare with: re-trace (r) or open the explorer on a live trace'});
			return openPrompt('diff');
		}
		if (command === 'diff' && running) return dispatch({type: 'status', text: 'the changes are compared once the trace has finished'});
		return dispatch({type: 'overlay', overlay: command});
	}

	function handleKey(input: string, key: Key) {
		// The prompt takes every key first; its text lives in a ref too, so Enter right after typing sees it.
		if (state.overlay === 'prompt') {
			if (key.escape) dispatch({type: 'overlay', ...(state.promptFor === 'findings' ? {overlay: 'findings'} : {})});
			else if (key.return) {
				const text = draft.current.trim();
				dispatch({type: 'submit', text});
				if (state.promptFor === 'find') search(1, text);
				else if ((state.promptFor === 'open' || state.promptFor === 'diff') && text && onLoad) {
					const purpose = state.promptFor;
					onLoad(purpose, text).then(
						(message) => {
							dispatch({type: 'status', text: message});
							if (purpose === 'diff') dispatch({type: 'overlay', overlay: 'diff'});
						},
						(error: Error) => dispatch({type: 'status', text: `${text}: ${error.message}`}),
					);
				}
			} else if (key.backspace || key.delete) {
				draft.current = draft.current.slice(0, -1);
				dispatch({type: 'draft', text: draft.current});
			} else if (input && !key.ctrl && !key.meta) {
				draft.current += input;
				dispatch({type: 'draft', text: draft.current});
			}
			return;
		}
		const command = commandFor(input, key, ALL);
		if (!command) return;
		if (command === 'quit') return onQuit();
		if (state.overlay) {
			const overlayHeight = state.overlay === 'findings' ? findings.length : overlayLines.length;
			switch (command) {
				case 'back':
					return dispatch({type: 'overlay'});
				case 'up':
				case 'down':
				case 'pageUp':
				case 'pageDown':
				case 'first':
				case 'last': {
					const by = stepOf(command, bodyHeight);
					if (state.overlay === 'findings') return dispatch({type: 'finding-cursor', by, count: findings.length});
					return dispatch({type: 'scroll', by, max: Math.max(0, overlayHeight - bodyHeight)});
				}
				case 'open':
					if (state.overlay === 'findings' && findings[state.findingCursor]) jumpToFinding(findings[state.findingCursor]!);
					return;
				case 'filter':
					if (state.overlay !== 'findings') return;
					return openPrompt('findings');
				case 'diff':
				case 'timeline':
					return overlayOrSay(command);
				case 'help':
				case 'findings':
				case 'dnssec':
				case 'dependencies':
				case 'explain':
				case 'compare':
					return dispatch({type: 'overlay', overlay: command});
				default:
					return;
			}
		}
		const node = selected?.node;
		switch (command) {
			case 'up':
			case 'down':
			case 'pageUp':
			case 'pageDown': {
				const by = stepOf(command, bodyHeight);
				if (state.focus === 'detail') return dispatch({type: 'scroll', by, max: Math.max(0, detail.length - bodyHeight)});
				return dispatch({type: 'move', by, context});
			}
			case 'first':
			case 'last':
				if (state.focus === 'detail') return dispatch({type: 'scroll', by: stepOf(command, bodyHeight), max: Math.max(0, detail.length - bodyHeight)});
				return dispatch({type: 'to', index: command === 'first' ? 0 : -1, context});
			case 'open':
				return dispatch({type: 'open', context});
			case 'back':
				return dispatch({type: 'back', context});
			case 'switchPane':
				return dispatch({type: 'focus', pane: state.focus === 'tree' ? 'detail' : 'tree'});
			case 'filter':
				return openPrompt('find');
			case 'diff':
			case 'timeline':
				return overlayOrSay(command);
			case 'openFile':
				if (!onLoad) return dispatch({type: 'status', text: 'snapshots cannot be opened from here'});
				return openPrompt('open');
			case 'nextMatch':
				return search(1);
			case 'previousMatch':
				return search(-1);
			case 'mark': {
				const ids = node ? markable(node) : [];
				if (ids.length > 0) return dispatch({type: 'mark', ids});
				return dispatch({type: 'status', text: 'only servers and probes can be compared'});
			}
			case 'compare':
				if (state.marks.length < 2) return dispatch({type: 'status', text: 'mark two or more servers or probes with space first'});
				return dispatch({type: 'overlay', overlay: 'compare'});
			case 'dnssec':
			case 'findings':
			case 'dependencies':
			case 'explain':
			case 'help':
				return dispatch({type: 'overlay', overlay: command});
			case 'export':
				onExport().then(
					(file) => dispatch({type: 'status', text: `snapshot written to ${file}`}),
					(error: Error) => dispatch({type: 'status', text: `export failed: ${error.message}`}),
				);
				return;
			case 'retrace':
				if (running || watch?.tracing) return dispatch({type: 'status', text: 'the trace is still running'});
				if (!onRetrace) return dispatch({type: 'status', text: 'a saved snapshot cannot be re-traced from here'});
				return onRetrace();
			default:
				return;
		}
	}

	const spinner = presentText(SPINNER[tick % SPINNER.length]!);
	const pending = trace.zones.reduce((count, zone) => count + zone.servers.reduce((inner, server) => inner + server.probes.filter((probe) => probe.status === 'pending').length, 0), 0);
	const counts = {error: findings.filter((finding) => finding.severity === 'error').length, warning: findings.filter((finding) => finding.severity === 'warning').length};
	const watching = watch ? safe`  ·  watch #${watch.history.rounds.at(-1)?.index ?? 1} every ${formatInterval(watch.intervalMs)}${watch.tracing ? safe` ${spinner} tracing` : watch.nextAt ? safe`, next in ${Math.max(0, Math.ceil((watch.nextAt - Date.now()) / 1000))} s` : safe``}` : safe``;
	const header1 = safe`digdeeper ${presentText(trace.query.unicode)} ${presentText(trace.query.type)}${watching}  ·  ${running ? safe`${spinner} ${pending} in flight, ` : safe``}${trace.stats.queries} queries, ${trace.zones.length} zones  ·  ${formatMs(running ? Date.now() - Date.parse(trace.startedAt) : trace.durationMs)}`;
	const outcome = trace.outcome;
	const verdict = running && outcome.reason === 'the trace is still running' ? safe`tracing…` : safe`${presentText(outcome.status.toUpperCase())}${outcome.zone ? safe` from ${presentName(outcome.zone)}` : safe``} at ${formatMs(outcome.atMs)}`;
	const summary = safe`${trace.outcome.dnssec ? safe`  ·  DNSSEC ${presentText(trace.outcome.dnssec)}` : safe``}${!running ? safe`  ·  ${counts.error} error${counts.error === 1 ? safe`` : safe`s`}, ${counts.warning} warning${counts.warning === 1 ? safe`` : safe`s`} (f)` : safe``}`;
	const reason = !running && outcome.reason ? safe`  —  ${presentText(outcome.reason)}` : safe``;
	const overlayShown = Boolean(state.overlay && state.overlay !== 'prompt');
	const news = Boolean(announcement?.changed && state.status === announcement.text);

	return (
		<Box flexDirection="column" width={size.columns}>
			<Text bold wrap="truncate-end">
				{header1}
			</Text>
			<Text wrap="truncate-end">
				<Text bold {...(colour ? {color: running ? 'gray' : outcome.status === 'failure' ? 'red' : outcome.status === 'answer' ? 'green' : 'yellow'} : {})}>
					{verdict}
				</Text>
				{summary}
				{reason}
			</Text>
			{overlayShown ? (
				<Box flexDirection="column" height={bodyHeight}>
					{state.overlay === 'findings' ? (
						<FindingList trace={trace} findings={findings} cursor={state.findingCursor} height={bodyHeight} width={size.columns} colour={colour} />
					) : (
						<Lines lines={overlayLines} top={state.detailTop} height={bodyHeight} width={size.columns} colour={colour} />
					)}
				</Box>
			) : null}
			{/* The panes stay mounted under an overlay, so closing it redraws them instead of building them again. */}
			<Box height={bodyHeight} display={overlayShown ? 'none' : 'flex'}>
					<Box flexDirection="column" width={leftWidth}>
						{rows.slice(state.top, state.top + bodyHeight).map((row) => (
							<TreeRow key={row.node.id} row={row} selected={row.node.id === selected?.node.id} focused={state.focus === 'tree'} marked={markable(row.node).some((id) => state.marks.includes(id))} changed={changed.has(row.node.id)} width={leftWidth} colour={colour} spinner={spinner} />
						))}
					</Box>
					<Box flexDirection="column" width={1}>
						{Array.from({length: bodyHeight}, (_, index) => (
							<Text key={index} dimColor>
								{safe`│`}
							</Text>
						))}
					</Box>
					<Box flexDirection="column" width={rightWidth + 1} paddingLeft={1}>
						<Lines lines={detail} top={state.detailTop} height={bodyHeight} width={rightWidth} colour={colour} />
					</Box>
			</Box>
			<Text wrap="truncate-end" {...(news ? {bold: true, ...(colour ? {color: 'yellow'} : {})} : colour ? {color: 'cyan'} : {})}>
				{presentText(state.overlay === 'prompt' ? `${PROMPTS[state.promptFor]}: ${state.draft}█  (Enter, or Esc to cancel)` : state.status || (running ? 'tracing: you can navigate while probes come in' : ' '))}
			</Text>
			<Text dimColor wrap="truncate-end">
				{presentText(state.overlay ? `${helpLine(['up', 'down', 'back'])}${state.overlay === 'findings' ? ' · Enter jump · / filter' : ''} · ${helpLine(['quit'])}` : helpLine([...(watch ? (['timeline'] as const) : []), ...(sides ? (['diff'] as const) : []), ...KEY_LINE]))}
			</Text>
		</Box>
	);
}

function formatMs(ms: number): Presented {
	return presentText(ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`);
}

const TONE: Record<TreeNode['tone'], 'green' | 'red' | 'yellow' | 'gray' | undefined> = {ok: 'green', bad: 'red', warn: 'yellow', pending: 'gray', plain: undefined};

function TreeRow({row, selected, focused, marked, changed, width, colour, spinner}: {row: Row; selected: boolean; focused: boolean; marked: boolean; changed: boolean; width: number; colour: boolean; spinner: Presented}) {
	const {node} = row;
	const arrow = node.children.length === 0 ? ' ' : row.expanded ? '▾' : '▸';
	const badge = node.badge === 'error' ? '✗' : node.badge === 'warning' ? '!' : ' ';
	const indent = '  '.repeat(row.depth);
	const label = node.label;
	const state = node.tone === 'pending' ? safe`${spinner} ${node.state}` : node.state;
	const head = safe`${presentText(`${marked ? '•' : changed ? 'Δ' : ' '}${indent}${arrow} `)}${label}`;
	const room = Math.max(0, width - head.length - 3);
	const tail = state.length > room ? safe`${slicePresented(state, 0, Math.max(0, room - 1))}…` : state;
	return (
		<Box width={width}>
			<Text wrap="truncate-end" {...(selected ? (focused ? {inverse: true} : {bold: true, underline: true}) : changed ? {bold: true, ...(colour ? {color: 'magenta'} : {})} : {})}>
				{slicePresented(head, 0, width - 2)}
			</Text>
			<Text wrap="truncate-end" {...(colour && TONE[node.tone] ? {color: TONE[node.tone]} : {})}>
				{room > 0 ? safe` ${tail}` : safe``}
			</Text>
			<Text {...(colour ? {color: node.badge === 'error' ? 'red' : 'yellow'} : {})}>{presentText(` ${badge}`)}</Text>
		</Box>
	);
}

/** Draws the lines from `top` that fit in `height`: only the visible window is ever rendered. */
function Lines({lines, top, height, width, colour}: {lines: Line[]; top: number; height: number; width: number; colour: boolean}) {
	// The "more" indicator takes the last row rather than adding one: a pane taller than its box loses rows.
	const more = lines.length > top + height;
	const visible = lines.slice(top, top + (more ? height - 1 : height));
	return (
		<Box flexDirection="column" width={width}>
			{visible.map((line, index) => (
				<Text key={index} wrap="truncate-end">
					{line.every((segment) => segment.text === '') ? safe` ` : line.map((segment, part) => (
						<Text key={part} {...(colour && segment.color ? {color: segment.color} : {})} {...(segment.bold ? {bold: true} : {})} {...(segment.dim ? {dimColor: true} : {})} {...(segment.inverse ? {inverse: true} : {})}>
							{segment.text}
						</Text>
					))}
				</Text>
			))}
			{more ? <Text dimColor>{safe`↓ ${lines.length - top - height + 1} more lines (Tab, then ↓)`}</Text> : null}
		</Box>
	);
}

function FindingList({trace, findings, cursor, height, width, colour}: {trace: Trace; findings: Finding[]; cursor: number; height: number; width: number; colour: boolean}) {
	if (findings.length === 0) return <Text>{trace.findings.length === 0 ? safe`No findings: every server of every zone answered consistently.` : safe`No finding matches the filter (/ to change it).`}</Text>;
	const listHeight = Math.max(1, Math.floor(height / 2));
	const top = Math.max(0, Math.min(cursor - Math.floor(listHeight / 2), findings.length - listHeight));
	const current = findings[cursor];
	return (
		<Box flexDirection="column" width={width}>
			<Text bold>{safe`Findings (${findings.length}), worst first — Enter jumps to the zone or server`}</Text>
			{findings.slice(top, top + listHeight - 1).map((finding, index) => (
				<Text key={`${finding.code}${finding.zone}${index}`} wrap="truncate-end" {...(top + index === cursor ? {inverse: true} : {})}>
					<Text {...(colour ? {color: finding.severity === 'error' ? 'red' : finding.severity === 'warning' ? 'yellow' : 'gray'} : {})}>{presentText(finding.severity.toUpperCase().padEnd(8))}</Text>
					{safe`${presentText(finding.code.padEnd(25))} ${presentText(finding.message)}`}
				</Text>
			))}
			<Text>{safe` `}</Text>
			{current ? <Lines lines={findingLines(current, trace, width - 1).slice(1)} top={0} height={height - listHeight - 1} width={width} colour={colour} /> : null}
		</Box>
	);
}

/** What space marks on a node: a server address or a probe, or every address of a name server. */
function markable(node: TreeNode): string[] {
	if (node.ref.kind === 'server' || node.ref.kind === 'probe') return [node.id];
	if (node.ref.kind === 'nameserver') return node.children.filter((child) => child.ref.kind === 'server').map((child) => child.id);
	return [];
}

function probeForNode(trace: Trace, ref: NodeRef | undefined) {
	if (!ref) return undefined;
	const zone = trace.zones.find((candidate) => candidate.name === ref.zone);
	if (ref.kind === 'probe') return zone?.servers.flatMap((server) => server.probes).find((probe) => probe.id === ref.probe);
	if (ref.kind === 'server') return walkProbe(zone?.servers.find((server) => server.address === ref.address));
	return undefined;
}

/** The detail pane for the selected node. */
export function detailLines(trace: Trace, ref: NodeRef | undefined, width = Number.POSITIVE_INFINITY): Line[] {
	if (!ref) return [plain(safe`Nothing selected.`)];
	const zone = trace.zones.find((candidate) => candidate.name === ref.zone);
	if (!zone) return [plain(safe`This zone is not in the trace.`)];
	switch (ref.kind) {
		case 'zone':
			return zoneGridLines(trace, zone, width);
		case 'nameserver': {
			const servers = zone.servers.filter((server) => server.name === ref.name);
			const ns = zone.nameservers.find((entry) => entry.name === ref.name);
			return [
				plain(safe`${presentName(ref.name)}, listed by ${presentText(ns?.listedBy.join(' and ') ?? '?')}`),
				plain(ns && ns.addresses.length > 0 ? safe`addresses: ${presentText(ns.addresses.map((address) => `${address.address} (${address.origins.join(', ')})`).join('; '))}` : safe`no address: ${presentText(ns?.unresolved ?? 'unresolved')}`),
				plain(safe``),
				...servers.flatMap((server) => [...serverLines(trace, zone, server), plain(safe``)]),
			];
		}
		case 'server': {
			const server = zone.servers.find((candidate) => candidate.address === ref.address);
			return server ? serverLines(trace, zone, server) : [plain(safe`Server not found.`)];
		}
		case 'probe': {
			const probe = zone.servers.flatMap((server) => server.probes).find((candidate) => candidate.id === ref.probe);
			return probe ? responseLines(probe) : [plain(safe`Probe not found.`)];
		}
		case 'subtrace':
			return explainLines(trace, ref);
	}
}
