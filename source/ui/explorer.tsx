import {Box} from 'ink';
import {memo, useEffect, useMemo, useRef, useState} from 'react';
import type {Analysis} from '../analysis/analyze.js';
import type {AnalysedFinding} from '../analysis/finding.js';
import {cachedFailureBrief, FINDING_CATALOGUE, SEVERITY_RANK} from '../analysis/finding-catalogue.js';
import {failureUsersWaitOn} from '../analysis/failure-cause.js';
import {wholeVantage} from '../analysis/vantage.js';
import {diffTraces} from '../compare/diff.js';
import type {Trace, WhatIfChange} from '../trace/model.js';
import type {WatchHistory} from '../compare/watch-history.js';
import {firstAnswer} from '../trace/first-answer.js';
import {outcomeFirstKnownMs, pendingProbes, savedWhileRunning, walkProbe} from '../trace/probe-facts.js';
import {presentName} from '../dns/present.js';
import {headWithin, presentedWidth} from '../dns/presented-width.js';
import {collectWhileIdle} from './idle-collection.js';
import {drawUnseen} from './unseen-draw.js';
import {joinPresented, presentText, safe, slicePresented, type Presented} from '../dns/sanitize.js';
import {promptLine} from './views/prompt-line.js';
import {formatDuration} from '../text/format-ms.js';
import {startedToTheMinute, tracePlace} from '../text/trace-origin.js';
import {explorerReducer, findingIndex, findingsLayout, initialExplorerState, rowsOf, scrolled, type ExplorerAction, type ExplorerState, type PromptFor} from './explorer-state.js';
import {route, type Effect, type RouteContext} from './explorer-router.js';
import {fittedKeyLine, helpHints, keyHint, moreLinesHint, PROMPT_LINE, type Command} from './keymap.js';
import {OVERLAYS, type OverlaySource} from './overlay-registry.js';
import {buildTree, initiallyExpanded, markable, nodeId, pathTo, startingZone, type NodeRef, type Row, type TreeNode} from './tree-model.js';
import type {KeyPress} from './key-press.js';
import {useKeyPresses} from './use-key-presses.js';
import {useTerminalSize} from './use-terminal-size.js';
import {Text} from './presented-text.js';
import {findingLines, middleTruncated, plain, responseLines, serverLines, wrapLines, zoneGrid, zoneGridLines, type Line} from './views/lines.js';
import {changedNodeIds, formatInterval, type LabelledTrace} from './views/changes.js';
import {whatIfChoices, whatIfMark, whatIfNodeIds, type WhatIfMark} from './views/what-if-view.js';
import {sameChange} from '../what-if/apply-changes.js';
import {describeChange} from '../what-if/describe-change.js';
import {symbol} from './views/symbols.js';
import {explainLines} from './views/explain-view.js';
import {stepDetailLength, stepsFor} from './views/step-view.js';
import {STEP_SPEEDS_MS} from './step-keymap.js';
import {registrationDetail} from './views/registration-lines.js';
import {outcomeRows} from './views/outcome.js';
import {outcomeZoneWord} from '../trace/outcome.js';

export interface ExplorerProps {
	trace: Trace;
	/** What the analysis made of the trace; none while it runs. */
	analysis?: Analysis;
	/** The walk is still running: the tree grows and pending probes show a spinner. */
	running: boolean;
	/** --what-if changes the trace will assume once its walk is done: while it runs, what is on screen is measured. */
	whatIfPending?: number;
	/** Where the trace came from ("this trace", a file), for the diff's headings. */
	label?: string;
	/** The snapshot file the trace was read from (`open FILE`, o), as given: the header says so, with when it was taken. */
	openedFrom?: string;
	/** The trace to compare with (D): the trace before a re-trace, a snapshot file, the trace before a watch's latest change. */
	baseline?: LabelledTrace;
	/** While watching: the history so far, for the timeline (t). */
	watch?: WatchStatus;
	/** News from outside the explorer (a watch round that changed something); a new id shows it in the status line. */
	announcement?: {id: number; text: string; changed: boolean};
	onExport: () => Promise<string>;
	/** Writes the Markdown report of the trace on screen to a file; resolves to the file's full path. */
	onReport?: () => Promise<string>;
	/**
	 * r: traces again. `typedAhead`, the keys that came behind r in the same chunk, are the new trace's: true when an
	 * explorer of the new trace takes them (a live trace's is replaced by a new one), false when this one goes on
	 * showing the trace on screen meanwhile (a watch's) and presses them itself.
	 */
	onRetrace?: (typedAhead: KeyPress[]) => boolean;
	/** Reads a snapshot file: to explore it (open), or to compare the trace with it (diff). Resolves to a status line. */
	/**
	 * o and D: the file opened in this trace's place, or compared with it. `typedAhead` hands over the keys that came
	 * behind the file's Enter while it loads, for the explorer of a trace opened in this one's place (they are no longer
	 * this one's to press).
	 */
	onLoad?: (purpose: 'open' | 'diff', file: string, typedAhead: () => KeyPress[]) => Promise<string>;
	/** a: asks recursive resolvers the traced question now (the command does; the UI never queries): how many, and the status line when done. */
	onAskResolvers?: () => {count: number; done: Promise<string>};
	/** w: the changes now assumed on the measured trace (none: the measurement again); the command judges the trace again and hands it back. */
	onWhatIf?: (changes: WhatIfChange[]) => WhatIfChange[];
	/**
	 * q, or Ctrl-C (`interrupted`); Esc in the tree too with `escapeLeaves`. `typedBehind`: the keys that came behind it
	 * in the same chunk, for the screen it goes back to (a survey's list).
	 */
	onQuit: (how: {interrupted: boolean; typedBehind?: KeyPress[]}) => void;
	/** Opened from a list it goes back to: Esc in the tree leaves, as q does. */
	escapeLeaves?: boolean;
	/** Keys typed before it was shown (while its snapshot was read): pressed in order once it is, as if typed then. */
	typedAhead?: readonly KeyPress[];
	/** --step: opens the step-through as soon as the trace has finished. */
	stepThrough?: boolean;
}

export interface WatchStatus {
	history: WatchHistory;
	intervalMs: number;
	/** A round is being traced (the explorer keeps showing the previous one until it is done). */
	tracing: boolean;
	nextAt?: number;
}

const KEY_LINE: Command[] = ['open', 'back', 'switchPane', 'findings', 'dnssec', 'explain', 'help', 'quit'];
/** Header (2), status (1), key line (1) and one spare row: Ink repaints the whole screen once a frame fills it. */
const CHROME_ROWS = 5;
/** The terminal height from which the outcome may take a second row: below it, every row of the panes counts more. */
const TWO_OUTCOME_ROWS_FROM = 16;
const SPINNER = [...symbol('spinner')];
/** What a row that waits on nothing gets for the spinner: the same every frame, so the spinner's turn redraws only rows that wait. */
const STILL = presentText('');
/**
 * How long after a frame the cursor's neighbours are prepared: soon, so the next ↓ finds its row laid out (a held key
 * repeats every 30-50 ms); one row a turn of the event loop, so a key that comes meanwhile waits for one row at most.
 */
const PREFETCH_DELAY_MS = 10;
/** Rows whose detail is kept (detailFor): the oldest goes first. */
const DETAILS_KEPT = 64;
/** After a still trace's first frame, the wait before warming up: that frame's own garbage is part of what is collected. */
const IDLE_COLLECTION_DELAY_MS = 20;
/**
 * How long the warm-up waits after a key before its next step: longer than the gap between keys typed or held (a held
 * key repeats every 30-50 ms), so a step does not land on the next key of a run.
 */
const WARM_UP_PAUSE_MS = 150;
/**
 * The warm-up's steps, in order: the collection, then where the first keys lead from the first frame, drawn unseen,
 * likeliest first (a move down, the last row, the overlays the key line offers and the findings list's second
 * finding), with the frame on screen drawn again four times among them.
 */
const WARM_UP: readonly ('collect' | 'frame' | readonly KeyPress[])[] = ['collect', ['down'], 'frame', 'frame', ['G'], 'frame', ['f'], ['f', 'down'], 'frame', ['d'], ['i'], ['?']];
const PROMPTS: Record<PromptFor, string> = {find: 'find', findings: 'filter findings', open: 'open snapshot file', diff: 'compare with snapshot file'};

function flatten(nodes: TreeNode[]): TreeNode[] {
	return nodes.flatMap((node) => [node, ...flatten(node.children)]);
}

/** The explorer: a delegation tree on the left, the selected node's detail on the right, overlays on demand. */
/** The first header line's parts, in the order shown; `started` and `file` only for a trace read from a snapshot. */
interface HeaderParts {
	/** WHAT-IF, before the query, whole or short. */
	mark?: WhatIfMark | undefined;
	/** The query and its type, after the tool's name. */
	query: Presented;
	/** A watch's state after the query ("  ·  watch #3 every 1 min, next in 40 s"): it goes before the query is cut. */
	watching?: Presented;
	known: Presented;
	done: Presented;
	/** `known` and `done` in fewer words ("known 106 ms, done 5.4 s"), for a narrow terminal. */
	knownShort: Presented;
	doneShort: Presented;
	counts: Presented;
	/** The queries alone, for a narrow terminal. */
	countsShort: Presented;
	started?: Presented;
	/** Where the trace was taken: the network, and (when there is room) the routes it had. */
	where?: {network: Presented; routes: Presented};
	file?: Presented;
}

/** "Written to PATH" for the status line: the whole path, cut in its middle when the line is too narrow, never at its end. */
function writtenTo(what: string, file: string, columns: number): string {
	return `${what}${middleTruncated(presentText(file), Math.max(1, columns - what.length))}`;
}

/** The fewest characters of a snapshot's path worth showing, cut in its middle. */
const FILE_ROOM_MIN = 12;

/**
/**
 * The first header line, kept to one line of `columns`. A live trace's keeps its query, times, queries and zones: the
 * separators narrow, the times take fewer words, then the tool's name goes. For a snapshot, what does not fit gives
 * way, the query counts first, then the routes the trace had, then the file a snapshot was opened from (cut in its
 * middle while a useful part of it fits), then when the answer was first known, then where the trace was taken, and
 * when last: for a snapshot, when and where are what the reader cannot see anywhere else.
 */
function headerLine({mark, query: bare, watching = safe``, known, done, knownShort, doneShort, counts, countsShort, started = safe``, where, file}: HeaderParts, columns: number): Presented {
	const query = safe`${mark?.long ?? safe``}${bare}${watching}`;
	const short = safe`${mark?.short ?? safe``}${bare}${watching}`;
	// The query alone, without a watch's state: cut, it keeps its type and zone (the state had taken the cut's end).
	const alone = safe`${mark?.short ?? safe``}${bare}`;
	const identity = safe`digdeeper ${query}  ·  `;
	if (!file) {
		const candidates = [
			safe`${identity}${known}${done}  ·  ${counts}`,
			safe`digdeeper ${query} · ${known}${done} · ${counts}`,
			safe`digdeeper ${query} · ${knownShort}${doneShort} · ${counts}`,
			safe`${query} · ${knownShort}${doneShort} · ${counts}`,
			// At 80 columns a what-if's whole mark cut the counts off: the short one keeps "WHAT-IF" (w still lists them).
			safe`${short} · ${knownShort}${doneShort} · ${counts}`,
			safe`${short} · ${knownShort}${doneShort} · ${countsShort}`,
			// Narrower still, no count rather than a count cut ("127 qu…").
			safe`${short} · ${knownShort}${doneShort}`,
			// A long name: the time it took, then the name alone, rather than a time cut ("… A · known…").
			safe`${short} · ${doneShort}`,
			short,
			alone,
		];
		// Longer still, the name is cut in its middle: its end (the zone) and the query's type stay, which a cut at the
		// end took first.
		return candidates.find((candidate) => presentedWidth(candidate) <= columns) ?? middleTruncated(alone, columns);
	}
	const opened = (path: Presented) => safe`  ·  opened from ${path}`;
	const place = (routes: boolean) => (where ? safe`, from ${where.network}${routes ? safe`; ${where.routes}` : safe``}` : safe``);
	const line = (parts: {known?: boolean; counts?: boolean; started?: boolean; network?: boolean; routes?: boolean; file?: Presented}) =>
		safe`${identity}${parts.known ? known : safe``}${done}${parts.counts ? safe`  ·  ${counts}` : safe``}${parts.started ? started : safe``}${parts.network ? place(Boolean(parts.routes)) : safe``}${parts.file ? opened(parts.file) : safe``}`;
	const fileRoom = columns - presentedWidth(line({known: true, started: true, network: true})) - opened(safe``).length;
	const candidates = [
		line({known: true, counts: true, started: true, network: true, routes: true, file}),
		line({known: true, started: true, network: true, routes: true, file}),
		line({known: true, started: true, network: true, file}),
		...(fileRoom >= FILE_ROOM_MIN ? [line({known: true, started: true, network: true, file: middleTruncated(file, fileRoom)})] : []),
		line({known: true, started: true, network: true}),
		line({started: true, network: true}),
		line({started: true}),
		line({}),
		safe`digdeeper ${short}  ·  ${done}`,
		safe`${short} · ${doneShort}`,
		short,
	];
	return candidates.find((candidate) => presentedWidth(candidate) <= columns) ?? middleTruncated(short, columns);
}

export function Explorer({trace, analysis, running, whatIfPending = 0, label = 'this trace', openedFrom, baseline, watch, announcement, onExport, onReport, onRetrace, onLoad, onAskResolvers, onWhatIf, onQuit, escapeLeaves = false, typedAhead = [], stepThrough = false}: ExplorerProps) {
	const size = useTerminalSize();
	const [tick, setTick] = useState(0);
	// The spinner turns while probes are out; a watch's countdown only needs a beat a second.
	const beat = running || watch?.tracing ? 120 : watch ? 1000 : 0;
	useEffect(() => {
		if (!beat) return;
		const timer = setInterval(() => setTick((value) => value + 1), beat);
		return () => clearInterval(timer);
	}, [beat]);

	const tree = useMemo(() => buildTree(trace, analysis), [trace, analysis]);
	const nodes = useMemo(() => flatten(tree), [tree]);
	// Every key and every event from outside moves this one state on, in order: a key sees what the key before it
	// left, even when both came in one chunk and nothing has been drawn in between.
	const latest = useRef<ExplorerState | undefined>(undefined);
	const [state, setState] = useState(() => (latest.current = initialExplorerState(initiallyExpanded(trace), nodeId({kind: 'zone', zone: '.'}))));
	const commit = (next: ExplorerState) => {
		latest.current = next;
		setState(next);
	};
	const dispatch = (action: ExplorerAction) => commit(explorerReducer(latest.current!, action));
	// Zones the walk reaches open by themselves, unless the user closed them.
	const auto = useMemo(() => initiallyExpanded(trace), [trace]);
	const findingsFor = (filter: string) => {
		const needle = filter.toLowerCase();
		const all = analysis?.findings ?? [];
		const shown = needle ? all.filter((finding) => `${finding.code} ${finding.zone} ${finding.message}`.toLowerCase().includes(needle)) : all;
		return [...shown].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
	};
	const findings = useMemo(() => findingsFor(state.findingsFilter), [analysis, state.findingsFilter]);
	// The selected finding without its first line (the list above names its severity and code).
	// A finding's lines (its explanation wrapped) are worked out once per width: the findings list's every key drew them.
	const findingDetails = useRef(new WeakMap<AnalysedFinding, {trace: Trace; width: number; lines: Line[]}>());
	const findingDetailLines = (finding: AnalysedFinding) => {
		const width = size.columns - 1;
		const kept = findingDetails.current.get(finding);
		if (kept && kept.trace === trace && kept.width === width) return kept.lines;
		const lines = wrapLines(findingLines(finding, trace, width).slice(1), width);
		findingDetails.current.set(finding, {trace, width, lines});
		return lines;
	};

	const outcome = trace.outcome;
	// With --what-if, what the walk finds is the world as measured, up to the moment the changes apply (after the walk,
	// and after asking a server ns-add names): the verdict and an export then are the measured ones, and say so.
	const measuring = running && whatIfPending > 0;
	// The header's answer, counts and verdict: a still trace's are worked out once for its size, not at every key (the
	// large trace's 31 records took 2 ms a frame to fit); a running trace changes in place, so it is worked out each frame.
	const outcomeLines = useMemo(() => {
		// This host reaching no server is the headline: the walk's reason would name the root's servers.
		const vantage = analysis ? wholeVantage(analysis.findings) : undefined;
		const dnssec = analysis?.dnssec.outcome.status;
		// The trace's counts, whatever the findings overlay's filter shows.
		const all = analysis?.findings ?? [];
		const counts = {error: all.filter((finding) => finding.severity === 'error').length, warning: all.filter((finding) => finding.severity === 'warning').length};
		const from = safe`${presentText(outcome.status.toUpperCase())}${outcome.zone ? safe` ${presentText(outcomeZoneWord(outcome))} ${presentName(outcome.zone)}` : safe``}`;
		// A failure's cause: when users see its fix, where the outcome row has room (the whole sentence is one key away, f).
		const waitedOn = running ? undefined : failureUsersWaitOn(trace, all);
		const fixBrief = waitedOn && cachedFailureBrief(waitedOn.cached);
		// While the decisions wait for every server (a dead one's time-outs), the answer the first replies give is shown.
		const early = running ? firstAnswer(trace) : undefined;
		const tracing = measuring ? safe`measuring (the what-if follows)…` : safe`tracing…`;
		const pendingVerdict = early ? safe`${tracing} first reply: ${presentText(early.status.toUpperCase())} from ${presentName(early.zone)}` : running ? tracing : safe`UNFINISHED (saved while tracing)`;
		const decided = outcome.status !== 'pending';
		return outcomeRows(
			{
				verdict: !decided ? pendingVerdict : measuring ? safe`${tracing} measured: ${from}` : vantage ? safe`${from}: ${presentText(FINDING_CATALOGUE[vantage.code].title)}` : from,
				records: !decided ? (early?.records ?? []) : !vantage ? outcome.records : [],
				...(dnssec ? {dnssec} : {}),
				...(!running ? {counts} : {}),
				...(!running && (vantage ?? outcome.reason) ? {reason: presentText(vantage?.message ?? outcome.reason ?? '')} : {}),
				...(fixBrief ? {fix: presentText(fixBrief)} : {}),
			},
			size.columns,
			size.rows >= TWO_OUTCOME_ROWS_FROM ? 2 : 1,
		);
	}, [trace, analysis, running ? {} : false, size.columns, size.rows, measuring]);
	// A second outcome row (the answer on one, the DNSSEC verdict and counts on the other) is a row less for the body.
	const bodyHeight = Math.max(3, size.rows - CHROME_ROWS - (outcomeLines.length - 1));
	const context = useMemo(() => ({tree, auto, height: bodyHeight}), [tree, auto, bodyHeight]);
	const rows = useMemo(() => rowsOf(state, context), [state.expanded, state.collapsed, context]);
	// The tree grows with the rows shown (an opened server's probes widen it), so a long name is cut only when it must be.
	const widest = useMemo(() => widestRow(rows), [rows]);
	const leftWidth = treePaneWidth(size.columns, widest);
	const rightWidth = Math.max(1, size.columns - leftWidth - 3);
	const step = useMemo(() => indentStep(rows, leftWidth), [rows, leftWidth]);
	const cursorIndex = Math.max(0, rows.findIndex((row) => row.node.id === state.cursor));
	// The windows follow the terminal's size: the state keeps where they were for the size the last key saw.
	const treeTop = scrolled(state.top, cursorIndex, bodyHeight, rows.length);
	const selected: Row | undefined = rows[cursorIndex];
	const colour = !process.env['NO_COLOR'];
	const selectedIn = (other: ExplorerState) => {
		const shown = rowsOf(other, context);
		return shown[Math.max(0, shown.findIndex((row) => row.node.id === other.cursor))]?.node.ref;
	};
	// The detail of the rows visited and prefetched, kept while the trace, its analysis and the pane's width stay: ↑ after
	// ↓, g after G, or a row the prefetch laid out is drawn without working its detail out again. A running trace
	// changes in place, so its detail is always worked out afresh.
	const detailCache = useRef<{trace: Trace; analysis: Analysis | undefined; width: number; lines: Map<string, Line[]>} | undefined>(undefined);
	const detailFor = (ref: NodeRef | undefined, gridPage = state.gridPage) => {
		if (running) return wrapLines(detailLines(trace, analysis, ref, rightWidth, gridPage), rightWidth);
		const cache = detailCache.current?.trace === trace && detailCache.current.analysis === analysis && detailCache.current.width === rightWidth ? detailCache.current : (detailCache.current = {trace, analysis, width: rightWidth, lines: new Map()});
		const key = `${gridPage} ${JSON.stringify(ref ?? null)}`;
		let lines = cache.lines.get(key);
		if (!lines) {
			lines = wrapLines(detailLines(trace, analysis, ref, rightWidth, gridPage), rightWidth);
			if (cache.lines.size >= DETAILS_KEPT) cache.lines.delete(cache.lines.keys().next().value!);
			cache.lines.set(key, lines);
		}
		return lines;
	};

	const detail = useMemo(() => detailFor(selected?.node.ref), [trace, analysis, selected?.node.ref, rightWidth, state.gridPage]);
	// While the user reads, the rows next to the cursor are laid out (and kept: detailFor), so the next ↑ or ↓ only
	// draws; one row a turn of the event loop, so a key that comes meanwhile is drawn between them.
	useEffect(() => {
		if (running) return;
		let next: NodeJS.Immediate | undefined;
		const timer = setTimeout(() => {
			if (rows[cursorIndex + 1]) detailFor(rows[cursorIndex + 1]!.node.ref);
			next = setImmediate(() => rows[cursorIndex - 1] && detailFor(rows[cursorIndex - 1]!.node.ref));
		}, PREFETCH_DELAY_MS);
		return () => {
			clearTimeout(timer);
			if (next) clearImmediate(next);
		};
	}, [trace, analysis, cursorIndex, rows, rightWidth, running]);
	// In the findings list, the neighbouring findings likewise, and drawn unseen (unseen-draw.ts: Ink keeps its work
	// on their lines): wrapping a finding's explanation and evidence took 10-30 ms of a ↓ there on the large trace.
	const drawnUnseen = useRef(new WeakSet<Line[]>());
	useEffect(() => {
		if (running || state.overlay !== 'findings') return;
		let next: NodeJS.Immediate | undefined;
		const around = (by: number) => {
			const finding = findings[findingIndex(state, findings.length) + by];
			if (!finding || drawnUnseen.current.has(findingDetailLines(finding))) return;
			drawnUnseen.current.add(findingDetailLines(finding));
			drawUnseen(overlayBody(explorerReducer(state, {type: 'finding-cursor', by, count: findings.length}), []), size.columns);
		};
		const timer = setTimeout(() => {
			around(1);
			next = setImmediate(() => around(-1));
		}, PREFETCH_DELAY_MS);
		return () => {
			clearTimeout(timer);
			if (next) clearImmediate(next);
		};
	}, [trace, findings, state.overlay, state.findingCursor, size.columns, running]);
	// Before and after: the older of the two traces is "before", whichever way they were loaded.
	const sides = useMemo(() => {
		if (!baseline || !analysis) return undefined;
		const current = {trace, analysis, label};
		return baseline.trace.startedAt <= trace.startedAt ? {before: baseline, after: current} : {before: current, after: baseline};
	}, [baseline, trace, analysis, label]);
	const changes = useMemo(() => (sides && !running ? diffTraces(sides.before, sides.after) : []), [sides, running]);
	const changed = useMemo(() => new Set([...changedNodeIds(changes), ...whatIfNodeIds(trace)]), [changes, trace]);
	useEffect(() => {
		if (announcement) dispatch({type: 'status', text: announcement.text});
	}, [announcement?.id]);
	const markedFor = (marks: readonly string[]) => marks.flatMap((id) => probeForNode(trace, nodes.find((node) => node.id === id)?.ref) ?? []);
	const marked = useMemo(() => markedFor(state.marks), [state.marks, nodes, trace]);
	const overlayFor = (other: ExplorerState, source: Pick<OverlaySource, 'selected' | 'marked'>): Line[] => {
		const lines = other.overlay && other.overlay !== 'prompt' ? OVERLAYS[other.overlay].lines : undefined;
		return lines ? lines({trace, analysis, ...source, width: size.columns - 1, height: bodyHeight, ...(sides ? {sides} : {}), changes, ...(watch ? {watch} : {}), canAskResolvers: Boolean(onAskResolvers), step: other.step, top: other.detailTop, whatIfCursor: other.whatIfCursor}) : [];
	};
	// The step-through draws its own window, so its lines follow its scroll; the other overlays' do not.
	const ownTop = state.overlay === 'step' ? state.detailTop : 0;
	const overlayLines = useMemo(() => overlayFor(state, {selected: selected?.node.ref, marked}), [state.overlay, state.whatIfCursor, trace, analysis, selected?.node.ref, marked, size.columns, bodyHeight, sides, changes, watch, state.step, ownTop]);
	// Once a trace is still (opened, or its walk done: never while probes are out, whose round trips a busy thread
	// would lengthen), the explorer gets ready for the first keys while the user reads, one step of WARM_UP a turn of
	// the event loop, so a key that comes meanwhile waits for one step at most. First the garbage of reading the trace
	// is collected (idle-collection.ts): collected after the rest, it ran into the first key when that came half a
	// second after the first frame. Then what the first keys show is drawn unseen (unseen-draw.ts: their lines, their
	// details and Ink's work on them are kept), and between those the frame on screen is committed again, which Ink
	// does not write (it writes a frame only when it differs): the first keys otherwise run Ink's and the views' code
	// cold, 21 ms where the third key takes 7 (bench/README.md). Once: a watch's rounds and a re-trace find the code
	// warm, and would pay the steps' time again as each round lands. The step after a frame waits for it to be
	// committed: ticks queued together would be batched by React into one commit, and a loaded machine (where the
	// warm-up matters most) would get fewer draws.
	const [warmUp, setWarmUp] = useState(0);
	const warmedUp = useRef(false);
	const lastKeyAt = useRef(Number.NEGATIVE_INFINITY);
	useEffect(() => {
		if (running || warmUp >= WARM_UP.length || (warmUp === 0 && warmedUp.current)) return;
		warmedUp.current = true;
		let at = warmUp;
		let timer: NodeJS.Timeout;
		const step = () => {
			// Keys come first: while they come, the next step waits for a pause in them.
			const sinceKey = performance.now() - lastKeyAt.current;
			if (sinceKey < WARM_UP_PAUSE_MS) {
				timer = setTimeout(step, WARM_UP_PAUSE_MS - sinceKey);
				return;
			}
			const next = WARM_UP[at]!;
			// The frame's commit runs this effect again, which goes on from the step after it.
			if (next === 'frame') return setWarmUp(at + 1);
			if (next === 'collect') collectWhileIdle();
			else drawAfter(next);
			if (++at < WARM_UP.length) timer = setTimeout(step, 0);
		};
		timer = setTimeout(step, warmUp === 0 ? IDLE_COLLECTION_DELAY_MS : 0);
		return () => clearTimeout(timer);
	}, [running, warmUp]);
	/** Draws, unseen, the body of the frame these keys would lead to from the state now. */
	const drawAfter = (keys: readonly KeyPress[]) => {
		const after = keys.reduce((other, key) => route(other, key, routeContext).state, latest.current!);
		const overlay = after.overlay && after.overlay !== 'prompt';
		drawUnseen(overlay ? overlayBody(after, overlayFor(after, {selected: selectedIn(after), marked: markedFor(after.marks)})) : panesOf(after, false), size.columns);
	};
	// The steps are worked out only when the step-through is asked for (s, --step): a trace that is only browsed never pays.
	const steps = running || (state.overlay !== 'step' && !stepThrough) ? undefined : stepsFor(trace).length;
	// The auto-play: the next step after the speed's pause, until the last (the reducer stops it there).
	useEffect(() => {
		if (state.overlay !== 'step' || !state.step.playing || steps === undefined) return;
		const timer = setTimeout(() => dispatch({type: 'step', to: latest.current!.step.index + 1, count: steps}), STEP_SPEEDS_MS[state.step.speed] ?? STEP_SPEEDS_MS[0]);
		return () => clearTimeout(timer);
	}, [state.overlay, state.step, steps]);
	// --step: the step-through opens by itself once the trace is done, once.
	const stepOpened = useRef(false);
	useEffect(() => {
		if (!stepThrough || running || stepOpened.current || !steps) return;
		stepOpened.current = true;
		if (latest.current!.overlay !== 'step') dispatch({type: 'overlay', overlay: 'step'});
	}, [stepThrough, running, steps]);

	// When the trace is done, a newcomer who has not moved lands on the zone of the worst finding, or where the walk
	// ended on a healthy trace.
	const startZone = running ? undefined : startingZone(trace, analysis);
	useEffect(() => {
		if (!startZone) return;
		const id = nodeId({kind: 'zone', zone: startZone});
		const path = pathTo(tree, id);
		if (path) dispatch({type: 'place', id, path, context});
	}, [startZone]);

	const routeContext: RouteContext = {
		...context,
		nodes,
		zones: trace.zones,
		findings: findingsFor,
		overlayLength: (other) => overlayFor(other, {selected: selectedIn(other), marked: markedFor(other.marks)}).length,
		detailLength: (other) => detailFor(selectedIn(other), other.gridPage).length,
		gridPages: (other) => {
			const ref = selectedIn(other);
			const zone = ref?.kind === 'zone' ? trace.zones.find((candidate) => candidate.name === ref.zone) : undefined;
			return zone ? zoneGrid(trace, analysis, zone, rightWidth).pages : 1;
		},
		stepDetailLength: (other) => stepDetailLength(trace, other.step, size.columns - 1),
		whatIfChoices: (other) => whatIfChoices(trace, selectedIn(other)),
		findingDetailLength: (other) => {
			const listed = findingsFor(other.findingsFilter);
			const finding = listed[findingIndex(other, listed.length)];
			return finding ? findingDetailLines(finding).length : 0;
		},
		availability: {running, tracing: Boolean(watch?.tracing), ...(watch ? {rounds: watch.history.rounds.length} : {}), baseline: Boolean(sides), canLoad: Boolean(onLoad), canRetrace: Boolean(onRetrace), canAskResolvers: Boolean(onAskResolvers), resolversAsked: Boolean(trace.resolvers), canWhatIf: Boolean(onWhatIf), escapeLeaves, get steps() {
			return running ? undefined : stepsFor(trace).length;
		}},
	};
	// Keys that arrived behind a what-if change, in the same chunk: they wait for the changed trace to be drawn, as the
	// user typing them one by one would have (the next w lists the changes of the new trace, not of the old).
	const held = useRef<KeyPress[] | undefined>(undefined);
	const behindQuit = useRef<KeyPress[]>([]);
	const press = (keys: readonly KeyPress[]) => {
		lastKeyAt.current = performance.now();
		if (held.current) {
			held.current.push(...keys);
			return;
		}
		for (const [at, key] of keys.entries()) {
			const routed = route(latest.current!, key, routeContext);
			commit(routed.state);
			// Keys behind a quit are not for this explorer: for the screen it goes back to, if any.
			const quitting = routed.effects.some((effect) => effect.type === 'quit');
			if (quitting) behindQuit.current = keys.slice(at + 1);
			for (const effect of routed.effects) perform(effect);
			if (quitting) return;
			// perform may have begun holding (a what-if applied).
			const holding = held.current as KeyPress[] | undefined;
			if (holding) {
				holding.push(...keys.slice(at + 1));
				return;
			}
		}
	};
	// And behind a file loading (o, D), until it is read or refused: a load settling counts as a change of trace.
	const [loadsSettled, setLoadsSettled] = useState(0);
	useEffect(() => {
		const waiting = held.current;
		held.current = undefined;
		if (waiting && waiting.length > 0) press(waiting);
	}, [trace, loadsSettled]);
	// Back from Ctrl-Z (fg) while the walk runs: it measured its probes' round trips across the stop, so a server it
	// waited on may read as a time-out that was ours.
	useKeyPresses(press, {onResumed: () => running && dispatch({type: 'status', text: 'back from the shell: probes out while stopped may read as time-outs'})});
	// After the newcomer's placement above, as the user saw it.
	useEffect(() => {
		if (typedAhead.length > 0) press(typedAhead);
	}, []);

	/** Files being written (e, R): kept until written, so a q that follows waits for them. */
	const writing = useRef<Array<Promise<void>>>([]);
	function written(file: Promise<void>): void {
		writing.current.push(file);
		void file.finally(() => (writing.current = writing.current.filter((other) => other !== file)));
	}

	function perform(effect: Effect) {
		switch (effect.type) {
			case 'quit':
				// An export or report asked for before q (`eq` in one chunk) is written before the explorer closes: quitting at
				// once ended the process before the file was, and nothing said so.
				return void Promise.allSettled(writing.current).then(() => onQuit({interrupted: effect.interrupted, typedBehind: behindQuit.current}));
			case 'retrace': {
				if (!onRetrace) return;
				// The keys behind r (`rjj` in one chunk) wait for the rest of the chunk to be read: pressed here, they moved a
				// cursor in an explorer that the new trace's then replaced, and were lost.
				const behind: KeyPress[] = [];
				held.current = behind;
				return queueMicrotask(() => {
					if (held.current === behind) held.current = undefined;
					if (!onRetrace(behind) && behind.length > 0) press(behind);
				});
			}
			case 'export':
				return written(
					onExport().then(
						// Written while a --what-if trace still measures, the file is the measured trace so far: no change in it.
						(file) => dispatch({type: 'status', text: writtenTo(measuring ? 'measured snapshot (no what-if) written to ' : 'snapshot written to ', file, size.columns)}),
						(error: Error) => dispatch({type: 'status', text: `export failed: ${error.message}`}),
					),
				);
			case 'report':
				if (!onReport) return dispatch({type: 'status', text: 'reports cannot be written from here'});
				return written(
					onReport().then(
						(file) => dispatch({type: 'status', text: writtenTo('report written to ', file, size.columns)}),
						(error: Error) => dispatch({type: 'status', text: `report failed: ${error.message}`}),
					),
				);
			case 'resolvers': {
				if (!onAskResolvers) return;
				const asking = onAskResolvers();
				dispatch({type: 'status', text: `asking ${asking.count} resolver${asking.count === 1 ? '' : 's'}…`});
				return void asking.done.then(
					(message) => dispatch({type: 'status', text: message}),
					(error: Error) => dispatch({type: 'status', text: `asking the resolvers failed: ${error.message}`}),
				);
			}
			case 'what-if': {
				if (!onWhatIf) return;
				const {change, undo} = effect.choice;
				const assumed = trace.assumed ?? [];
				const inForce = onWhatIf(undo ? assumed.filter((other) => !sameChange(other, change)) : [...assumed, change]);
				// A changed trace is on its way: the keys behind this one wait for it (press, above).
				if (inForce.length !== assumed.length || inForce.some((other, at) => !sameChange(other, assumed[at]!))) held.current = [];
				// A change the trace came with (--what-if, or a what-if file) is part of what the explorer was given: said, not pretended away.
				const kept = undo && inForce.some((other) => sameChange(other, change));
				return dispatch({type: 'status', text: kept ? `kept: ${describeChange(change)} came with the trace (--what-if, or the file)` : `${undo ? 'taken back' : 'assuming'}: ${describeChange(change)}`});
			}
			case 'load':
				if (!onLoad) return;
				held.current = [];
				return void onLoad(effect.purpose, effect.file, () => held.current?.splice(0) ?? [])
					.then(
						(message) => {
							dispatch({type: 'status', text: message});
							if (effect.purpose === 'diff') dispatch({type: 'overlay', overlay: 'diff'});
						},
						// The reader's errors name the file already ("cannot read snapshot: FILE: ENOENT"): it was said twice.
						(error: Error) => dispatch({type: 'status', text: error.message.includes(effect.file) ? error.message : `${effect.file}: ${error.message}`}),
					)
					.finally(() => setLoadsSettled((count) => count + 1));
		}
	}

	const spinner = presentText(SPINNER[tick % SPINNER.length]!);
	// The frame's body for a state: the panes, and the open overlay over them. The frame draws the state on screen; the
	// warm-up draws, unseen, states a first key would lead to (with the same rows open: a move, not a fold).
	const panesOf = (other: ExplorerState, hidden: boolean) => {
		const index = other === state ? cursorIndex : Math.max(0, rows.findIndex((row) => row.node.id === other.cursor));
		const top = other === state ? treeTop : scrolled(other.top, index, bodyHeight, rows.length);
		const lines = other === state ? detail : detailFor(rows[index]?.node.ref, other.gridPage);
		return (
			<Panes
				rows={rows.slice(top, top + bodyHeight)}
				selected={rows[index]?.node.id}
				focus={other.focus}
				marks={other.marks}
				changed={changed}
				leftWidth={leftWidth}
				step={step}
				rightWidth={rightWidth}
				height={bodyHeight}
				detail={lines}
				detailTop={Math.min(other.detailTop, Math.max(0, lines.length - bodyHeight))}
				colour={colour}
				spinner={spinner}
				hidden={hidden}
			/>
		);
	};
	const overlayBody = (other: ExplorerState, lines: Line[]) => {
		const shown = other.findingsFilter === state.findingsFilter ? findings : findingsFor(other.findingsFilter);
		const cursor = findingIndex(other, shown.length);
		return (
			<Box flexDirection="column" height={bodyHeight}>
				{other.overlay === 'findings' ? (
					<FindingList analysed={analysis?.findings.length} findings={shown} cursor={cursor} detail={shown[cursor] ? findingDetailLines(shown[cursor]) : []} detailTop={other.detailTop} detailFocused={other.findingFocus === 'detail'} height={bodyHeight} width={size.columns} colour={colour} />
				) : (
					<Lines lines={lines} top={other.overlay && other.overlay !== 'prompt' && OVERLAYS[other.overlay].own ? 0 : other.detailTop} height={bodyHeight} width={size.columns} colour={colour} focused />
				)}
			</Box>
		);
	};
	const pending = running ? pendingProbes(trace) : 0;
	// The walk sets its duration when it ends; the trace is judged after that. The clock stops there, as the finished
	// header's does: counting on to the analysis's end, it read 815 ms, then "done 737 ms".
	const walked = running && trace.durationMs > 0 && pending === 0;
	const elapsed = walked ? formatDuration(trace.durationMs) : formatDuration(Date.now() - Date.parse(trace.startedAt));
	// A still trace's header facts scan every probe (a large trace's 3 ms a key): worked out once per trace, not per frame.
	const still = useMemo(() => (running ? undefined : {saved: savedWhileRunning(trace), firstKnown: outcomeFirstKnownMs(trace)}), [trace, running]);
	const watching = watch ? safe`  ·  watch #${watch.history.rounds.at(-1)?.index ?? 1} every ${formatInterval(watch.intervalMs)}${watch.tracing ? safe` ${spinner} tracing` : watch.nextAt ? safe`, next in ${Math.max(0, Math.ceil((watch.nextAt - Date.now()) / 1000))} s` : safe``}` : safe``;
	// The decision waits for every server of every zone (a dead one costs its time-out): when the answer was first in
	// hand is what the user waited for, when every server was done is what the trace cost.
	const firstKnown = still?.firstKnown;
	// A still trace's (not watched: its countdown moves) is worked out once per size: tracePlace reads every route.
	const header1 = useMemo(() => headerLine(
		{
			mark: whatIfMark(trace, running ? whatIfPending : 0),
			query: safe`${presentText(trace.query.unicode)} ${presentText(trace.query.type)}`,
			watching,
			known: running ? (walked ? safe`${spinner} analysing, ` : safe`${spinner} ${pending} pending, `) : firstKnown !== undefined ? safe`known at ${formatDuration(firstKnown)}, ` : safe``,
			// A trace saved while it ran (a snapshot) was never done: it lasted as far as its last reply.
			done: running ? elapsed : still?.saved ? safe`saved at ${formatDuration(trace.durationMs)}` : safe`all done at ${formatDuration(trace.durationMs)}`,
			knownShort: running ? (walked ? safe`${spinner} analysing, ` : safe`${spinner} ${pending} out, `) : firstKnown !== undefined ? safe`known ${formatDuration(firstKnown)}, ` : safe``,
			doneShort: running ? elapsed : still?.saved ? safe`saved ${formatDuration(trace.durationMs)}` : safe`done ${formatDuration(trace.durationMs)}`,
			// The trace counts a query once its result is in: while it runs, that count is of queries done, which only grows
			// (queries out may yet be refused before they leave: loopback only, no route for their family).
			counts: safe`${trace.stats.queries} queries${running ? safe` done` : safe``}, ${trace.zones.length} zone${trace.zones.length === 1 ? safe`` : safe`s`}`,
			countsShort: safe`${trace.stats.queries} queries`,
			...(openedFrom !== undefined ? {started: safe`  ·  ${startedToTheMinute(trace)}`, where: tracePlace(trace), file: presentText(openedFrom)} : {}),
		},
		size.columns,
	), [trace, running || watch ? {} : false, size.columns, openedFrom, still]);
	const overlayShown = Boolean(state.overlay && state.overlay !== 'prompt');
	const news = Boolean(announcement?.changed && state.status === announcement.text);

	return (
		<Box flexDirection="column" width={size.columns}>
			<Text bold wrap="truncate-end">
				{header1}
			</Text>
			{outcomeLines.map((parts, index) => (
				<Text key={index} wrap="truncate-end">
					{parts.map((part, at) => (
						<Text key={at} {...(part.tone === 'plain' ? {} : {bold: true})} {...(colour && part.tone === 'verdict' ? {color: running ? 'gray' : outcome.status === 'failure' ? 'red' : outcome.status === 'answer' ? 'green' : 'yellow'} : colour && part.tone === 'bogus' ? {color: 'red'} : {})}>
							{part.text}
						</Text>
					))}
				</Text>
			))}
			{overlayShown ? overlayBody(state, overlayLines) : null}
			{/* The panes stay mounted under an overlay, so closing it redraws them instead of building them again. */}
			{panesOf(state, overlayShown)}
			<Text wrap="truncate-end" {...(news ? {bold: true, ...(colour ? {color: 'yellow'} : {})} : colour ? {color: 'cyan'} : {})}>
				{state.overlay === 'prompt' ? promptLine(PROMPTS[state.promptFor], state.draft, size.columns, '  (Enter, or Esc to cancel)') : statusLine(presentText(state.status || (running ? 'tracing: you can navigate while probes come in' : ' ')), size.columns)}
			</Text>
			<Text dimColor wrap="truncate-end">
				{presentText(state.overlay === 'prompt' ? PROMPT_LINE : state.overlay && OVERLAYS[state.overlay].own ? OVERLAYS[state.overlay].own!.keyLine(state.step) : state.overlay ? fittedKeyLine([...helpHints(['up', 'down']), ...OVERLAYS[state.overlay].keys.filter((entry) => entry.when?.({...routeContext.availability, marks: state.marks.length}) ?? true).map((entry) => keyHint(entry.command, entry.does)), ...helpHints(['back', 'quit'])], size.columns) : fittedKeyLine(helpHints([...(watch ? (['timeline'] as const) : []), ...(sides ? (['diff'] as const) : []), ...KEY_LINE]), size.columns))}
			</Text>
		</Box>
	);
}

/**
 * The status line in `columns`, cut at its end by us, not by Ink: Ink cuts by columns, through an escape (`\24…` of a
 * server's `\248`, which reads as another byte) or a character. A path in it is already cut in its middle (`writtenTo`).
 */
function statusLine(text: Presented, columns: number): Presented {
	return presentedWidth(text) <= columns ? text : safe`${headWithin(text, Math.max(0, columns - 1))}…`;
}

/** The fewest characters of a tree label's cuttable part kept before the state takes a shorter form ("2/2 ok"). */
const MIN_LABEL = 4;

/** A label in `room` characters: cut in its middle, its last `keep` characters (an address, a record type) never. */
function labelWithin(label: Presented, room: number, keep: number): Presented {
	if (label.length <= room) return label;
	if (room <= keep) return middleTruncated(label, room);
	const kept = slicePresented(label, label.length - keep);
	return safe`${middleTruncated(slicePresented(label, 0, label.length - keep), room - keep)}${kept}`;
}

const TONE: Record<TreeNode['tone'], 'green' | 'red' | 'yellow' | 'gray' | undefined> = {ok: 'green', bad: 'red', warn: 'yellow', pending: 'gray', plain: undefined};

/** A row's lead at `step` columns a level: the mark, the indent and the arrow. */
const leadLength = (row: Row, step: number) => 3 + step * row.depth;

/** The widest of the rows shown, uncut: its lead, label, a space, state and badge (2). */
function widestRow(rows: Row[]): number {
	return Math.max(0, ...rows.map((row) => leadLength(row, 2) + row.node.label.length + 1 + row.node.state.length + 2));
}

/** The columns the detail pane keeps however long the tree's rows: a zone grid's server, address and a few columns. */
const MIN_DETAIL = 60;

/**
 * The tree's width: below 60 columns the panes share the width evenly; above, the tree takes about 45% and grows with
 * its widest row up to 60%, as long as the detail keeps MIN_DETAIL. The divider and the detail's margin take 3.
 */
export function treePaneWidth(columns: number, widest: number): number {
	if (columns < 60) return Math.floor(columns / 2);
	const base = Math.min(52, Math.max(28, Math.floor(columns * 0.45)));
	return Math.max(base, Math.min(widest, Math.floor(columns * 0.6), columns - 3 - MIN_DETAIL));
}

/** The row is the lead, the label, a space, the state and the badge (2): whether they fit the pane's width. */
const fitsRow = (width: number, lead: number, labelWidth: number, form: Presented) => lead + labelWidth + 1 + form.length + 2 <= width;

/** The fewest characters of a row's label kept before the state gives way: what must not be cut, and MIN_LABEL more. */
function fewestOf(node: TreeNode): number {
	return Math.min(node.label.length, (node.keep ?? 0) + MIN_LABEL);
}

/**
 * The row's state beside a lead of `lead` columns: the longest form beside the whole label, down to its fewest words
 * (`least`); else the fewest words, beside as much of the label as fits (MIN_LABEL at least); undefined when not even
 * that fits. The name comes before the words: cut to fit "no server · insecure", tox.im. read "tox…m.", and the zones
 * servicex-dns.com. and servicey.net. "ser…m." and "serv…net.".
 */
function stateBeside(row: Row, width: number, lead: number, forms: Presented[], least?: Presented): Presented | undefined {
	// Beside a name cut short, the fewest words: the shortest form there kept "· secure" beside "dn…t." (dnsprovider.net.).
	const fewest = least ?? forms.at(-1)!;
	return [...forms, ...(least ? [least] : [])].find((form) => fitsRow(width, lead, row.node.label.length, form)) ?? (fitsRow(width, lead, fewestOf(row.node), fewest) ? fewest : undefined);
}

/**
 * How many columns each level of the tree indents, the same for every row, so depth reads the same down the pane: two,
 * when every row keeps its state beside part of its label at two; else one (at 40 columns, a server's addresses drawn
 * at one while their server was at two came out left of it).
 */
function indentStep(rows: Row[], width: number): number {
	// A pending row's state follows the spinner and a space: two columns, whatever the spinner's frame.
	const forms = (node: TreeNode) => [node.state, ...node.shorter].map((form) => (node.tone === 'pending' ? safe`  ${form}` : form));
	return rows.every((row) => stateBeside(row, width, leadLength(row, 2), forms(row.node)) !== undefined) ? 2 : 1;
}

/** A row of the tree, drawn again only when what it shows changes: a key that moves the cursor changes two rows of forty. */
const TreeRow = memo(function TreeRow({row, selected, focused, marked, changed, width, step, colour, spinner}: {row: Row; selected: boolean; focused: boolean; marked: boolean; changed: boolean; width: number; step: number; colour: boolean; spinner: Presented}) {
	const {node} = row;
	const arrow = node.children.length === 0 ? ' ' : row.expanded ? symbol('open') : symbol('closed');
	const badge = node.badge === 'error' ? symbol('error') : node.badge === 'warning' ? symbol('warning') : ' ';
	const label = node.label;
	const pending = (text: Presented) => (node.tone === 'pending' ? safe`${spinner} ${text}` : text);
	// The indent is the tree's (indentStep), the same in every row.
	const lead = presentText(`${marked ? symbol('marked') : changed ? symbol('changed') : ' '}${' '.repeat(step * row.depth)}${arrow} `);
	// The state gives way first, to its shorter forms, each shown whole (" · insecure" stays, "no address" is never
	// "no ad…"); then the label, in its middle (`ns1.p05…dynect.net.`) down to a few characters, keeping what must not
	// be cut (an address, a record type); only then does a status word go (`least`), and last the label altogether.
	const forms = [node.state, ...node.shorter].map(pending);
	const keep = Math.min(label.length, node.keep ?? 0);
	const least = node.least ? pending(node.least) : forms.at(-1)!;
	const state = stateBeside(row, width, lead.length, forms, least) ?? least;
	const head = safe`${lead}${labelWithin(label, Math.max(0, width - lead.length - 1 - state.length - 2), keep)}`;
	const room = Math.max(0, width - head.length - 3);
	// Only when not even the shortest state fits beside the lead (a 20-column pane) is it cut.
	const tail = state.length <= room ? state : safe`${slicePresented(state, 0, Math.max(0, room - 1))}…`;
	// One Text, its parts styled inside it: a row is one node for Ink's layout, not four (`G` on a large trace mounts a
	// window of new rows). The parts add up to `width` at most, so nothing is cut.
	return (
		<Text wrap="truncate-end">
			<Text {...(selected ? (focused ? {inverse: true} : {bold: true, underline: true}) : changed ? {bold: true, ...(colour ? {color: 'magenta'} : {})} : {})}>{slicePresented(head, 0, width - 2)}</Text>
			<Text {...(colour && TONE[node.tone] ? {color: TONE[node.tone]} : {})}>{room > 0 ? safe` ${tail}` : safe``}</Text>
			<Text {...(colour ? {color: node.badge === 'error' ? 'red' : 'yellow'} : {})}>{presentText(` ${badge}`)}</Text>
		</Text>
	);
});

/** The tree's window, the divider and the selected row's detail, side by side; `hidden` under an overlay. */
function Panes({rows, selected, focus, marks, changed, leftWidth, step, rightWidth, height, detail, detailTop, colour, spinner, hidden}: {rows: Row[]; selected: string | undefined; focus: ExplorerState['focus']; marks: readonly string[]; changed: ReadonlySet<string>; leftWidth: number; step: number; rightWidth: number; height: number; detail: Line[]; detailTop: number; colour: boolean; spinner: Presented; hidden: boolean}) {
	return (
		<Box height={height} display={hidden ? 'none' : 'flex'}>
			<Box flexDirection="column" width={leftWidth}>
				{/* Only the selected row shows the focus: Tab draws that row again, not the forty. */}
				{rows.map((row) => (
					<TreeRow key={row.node.id} row={row} selected={row.node.id === selected} focused={row.node.id === selected && focus === 'tree'} marked={markable(row.node).some((id) => marks.includes(id))} changed={changed.has(row.node.id)} width={leftWidth} step={step} colour={colour} spinner={row.node.tone === 'pending' ? spinner : STILL} />
				))}
			</Box>
			<Box flexDirection="column" width={1}>
				<Text dimColor>{joinPresented(Array.from({length: height}, () => presentText(symbol('divider'))), safe`\n`)}</Text>
			</Box>
			<Box flexDirection="column" width={rightWidth + 1} paddingLeft={1}>
				<Lines lines={detail} top={detailTop} height={height} width={rightWidth} colour={colour} focused={focus === 'detail'} />
			</Box>
		</Box>
	);
}

/**
 * Draws the lines from `top` that fit in `height`: only the visible window is ever rendered. `focused`: the movement
 * keys scroll these lines (else the "more" row says which key brings the focus here first).
 */
function Lines({lines, top, height, width, colour, focused}: {lines: Line[]; top: number; height: number; width: number; colour: boolean; focused: boolean}) {
	// The "more" indicator takes the last row rather than adding one: a pane taller than its box loses rows.
	// A pane of one row shows a line of its text, not only the hint that there is more.
	const more = lines.length > top + height && height > 1;
	const visible = lines.slice(top, top + (more ? height - 1 : height));
	return (
		<Box flexDirection="column" width={width}>
			{visible.map((line, index) => (
				<LineText key={index} line={line} colour={colour} />
			))}
			{more ? <Text dimColor wrap="truncate-end">{presentText(moreLinesHint(lines.length - top - height + 1, !focused))}</Text> : null}
		</Box>
	);
}

/** One line of a pane, drawn again only when it changes: Tab, or a key that only says something on the status line, leaves the pane's lines as they were (lines are keyed by their row, so a scroll draws them all). */
const LineText = memo(function LineText({line, colour}: {line: Line; colour: boolean}) {
	return (
		<Text wrap="truncate-end">
			{line.every((segment) => segment.text === '') ? safe` ` : line.map((segment, part) => (
				<Text key={part} {...(colour && segment.color ? {color: segment.color} : {})} {...(segment.bold ? {bold: true} : {})} {...(segment.dim ? {dimColor: true} : {})} {...(segment.inverse ? {inverse: true} : {})}>
					{segment.text}
				</Text>
			))}
		</Text>
	);
});

/**
 * `analysed`: how many findings the analysis made; none while the trace runs, when there is no analysis yet. `detail`:
 * the selected finding's lines, from `detailTop`, scrolled by the movement keys while `detailFocused`.
 */
function FindingList({analysed, findings, cursor, detail, detailTop, detailFocused, height, width, colour}: {analysed: number | undefined; findings: AnalysedFinding[]; cursor: number; detail: Line[]; detailTop: number; detailFocused: boolean; height: number; width: number; colour: boolean}) {
	if (analysed === undefined) return <Text>{safe`Findings come when the trace has finished (it is still running).`}</Text>;
	if (findings.length === 0) return <Text>{analysed === 0 ? safe`No findings: every server of every zone answered consistently.` : safe`No finding matches the filter (/ to change it).`}</Text>;
	const {list: listHeight, detail: detailHeight} = findingsLayout(height, findings.length);
	// The list's rows are its height less its heading: scrolled by the height, the last finding was never shown.
	const rows = listHeight - 1;
	const top = Math.max(0, Math.min(cursor - Math.floor(rows / 2), findings.length - rows));
	const current = findings[cursor];
	// On a short terminal (40×10) the blank row between list and detail is a row of the detail instead.
	const spaced = height >= 8;
	return (
		<Box flexDirection="column" width={width}>
			<Text bold wrap="truncate-end">{safe`Findings (${findings.length}), worst first — Enter jumps to the zone or server`}</Text>
			{findings.slice(top, top + rows).map((finding, index) => (
				<Text key={`${finding.code}${finding.zone}${index}`} wrap="truncate-end" {...(top + index === cursor ? {inverse: true} : {})}>
					<Text {...(colour ? {color: finding.severity === 'error' ? 'red' : finding.severity === 'warning' ? 'yellow' : 'gray'} : {})}>{presentText(finding.severity.toUpperCase().padEnd(8))}</Text>
					{safe`${presentText(finding.code.padEnd(25))} ${presentText(finding.message)}`}
				</Text>
			))}
			{spaced ? <Text>{safe` `}</Text> : null}
			{current ? <Lines lines={detail} top={detailTop} height={spaced ? detailHeight : detailHeight + 1} width={width} colour={colour} focused={detailFocused} /> : null}
		</Box>
	);
}

function probeForNode(trace: Trace, ref: NodeRef | undefined) {
	if (!ref) return undefined;
	const zone = trace.zones.find((candidate) => candidate.name === ref.zone);
	if (ref.kind === 'probe') return zone?.servers.flatMap((server) => server.probes).find((probe) => probe.id === ref.probe);
	if (ref.kind === 'server') return walkProbe(zone?.servers.find((server) => server.address === ref.address));
	return undefined;
}

/** The detail pane for the selected node. */
export function detailLines(trace: Trace, analysis: Analysis | undefined, ref: NodeRef | undefined, width = Number.POSITIVE_INFINITY, gridPage = 0): Line[] {
	if (!ref) return [plain(safe`Nothing selected.`)];
	const zone = trace.zones.find((candidate) => candidate.name === ref.zone);
	if (!zone) return [plain(safe`This zone is not in the trace.`)];
	switch (ref.kind) {
		case 'zone':
			return [...zoneGridLines(trace, analysis, zone, width, gridPage), ...registrationDetail(trace, zone.name, width)];
		case 'nameserver': {
			const servers = zone.servers.filter((server) => server.name === ref.name);
			const ns = zone.nameservers.find((entry) => entry.name === ref.name);
			return [
				plain(safe`${presentName(ref.name)}, listed by ${presentText(ns?.listedBy.join(' and ') ?? '?')}`),
				plain(ns && ns.addresses.length > 0 ? safe`addresses: ${presentText(ns.addresses.map((address) => `${address.address} (${address.origins.join(', ')})`).join('; '))}` : safe`no address: ${presentText(ns?.unresolved ?? 'unresolved')}`),
				plain(safe``),
				...servers.flatMap((server) => [...serverLines(analysis, zone, server, trace.options.port), plain(safe``)]),
			];
		}
		case 'server': {
			const server = zone.servers.find((candidate) => candidate.address === ref.address);
			return server ? serverLines(analysis, zone, server, trace.options.port) : [plain(safe`Server not found.`)];
		}
		case 'probe': {
			const probe = zone.servers.flatMap((server) => server.probes).find((candidate) => candidate.id === ref.probe);
			return probe ? responseLines(probe, trace.options.port) : [plain(safe`Probe not found.`)];
		}
		case 'subtrace':
			return explainLines(trace, analysis, ref);
	}
}
