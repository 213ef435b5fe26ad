import {render} from 'ink';
import path from 'node:path';
import {useSyncExternalStore} from 'react';
import {withAnalysis, type AnalysedTrace, type Analysis} from '../analysis/analyze.js';
import {OutputExistsError, writeFileAtomic} from '../files/write-file-atomic.js';
import {serializeSnapshot, snapshotFileName} from '../snapshot/write-snapshot.js';
import {renderReport} from '../text/report.js';
import type {TakenWith} from '../text/trace-origin.js';
import type {Trace, WhatIfChange} from '../trace/model.js';
import {savedWhileRunning} from '../trace/probe-facts.js';
import {ianaRootAnchors} from '../analysis/dnssec/trust-anchors.js';
import {applyChanges} from '../what-if/apply-changes.js';
import type {WalkConfig} from '../trace/walk.js';
import {Explorer, type ExplorerProps, type WatchStatus} from '../ui/explorer.js';
import type {KeyPress} from '../ui/key-press.js';
import type {LabelledTrace} from '../ui/views/changes.js';
import {TOOL} from '../version.js';
import {emptyHistory, recordRound} from '../compare/watch-history.js';
import {startWatch, type WatchLoop} from '../watch/watch-loop.js';
import {askResolvers, planResolvers, type ResolverPlan} from './ask-resolvers.js';
import type {Registration} from '../rdap/registration.js';
import {prepareTrace, traceOnce, type PreparedTrace, type PrepareHow, type TraceRequest} from './trace-command.js';
import {checkWatch, traceRound, type RoundResult, type WatchRequest} from './watch-command.js';
import {exitStatus, INTERRUPTED_STATUS} from './exit-status.js';
import {typedPath} from '../files/typed-path.js';

/** Redraw at most this often while probes land: smooth for the eye, cheap for the CPU. */
const LIVE_FRAME_MS = 50;
/** Ink throttles frames to 30 per second by default, which alone adds up to 33 ms to a key press. */
const FRAMES_PER_SECOND = 120;
const BELL = '\u0007';
/* Ink's incrementalRendering would rewrite only changed lines, but in 6.8 it leaves stale lines behind when a frame
   changes shape (an overlay opening, the header of a watch): whole frames it is. */
const RENDER_OPTIONS = {exitOnCtrlC: false, maxFps: FRAMES_PER_SECOND} as const;

interface View {
	trace: Trace | undefined;
	/** None while the trace runs. */
	analysis: Analysis | undefined;
	running: boolean;
	/** Where the trace came from, for the diff's headings. */
	label: string;
	/** The snapshot file the trace on screen was read from, as given; none for a trace taken here. */
	openedFrom?: string | undefined;
	/** The program that took the trace, when it was read from a snapshot; none for a trace taken here. */
	takenWith?: TakenWith | undefined;
	baseline?: LabelledTrace;
	watch?: WatchStatus;
	announcement?: ExplorerProps['announcement'];
	/** A new explorer (fresh cursor and marks) for a different trace; the same one while a watch goes on. */
	generation: number;
	/** --step: the explorer opens its step-through once the trace is done. */
	stepThrough?: boolean;
	/** --what-if: how many changes the trace assumes once its walk is done (the header says so while it measures). */
	whatIfPending?: number;
	/** While a what-if (w) is on screen: the trace as measured, which every change is applied to afresh. */
	measured?: Trace | undefined;
	/** Keys typed while the snapshot now on screen was loading (o): the new explorer presses them first. */
	typedAhead?: KeyPress[];
}

/** A tiny external store between the walk (which mutates its model) and React (which wants new values). */
function createStore(initial: View) {
	let view = initial;
	const listeners = new Set<() => void>();
	return {
		get: () => view,
		set(next: Partial<View>) {
			view = {...view, ...next};
			for (const listener of listeners) listener();
		},
		subscribe(listener: () => void) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
	};
}

type Store = ReturnType<typeof createStore>;

interface Actions {
	onRetrace?: (typedAhead: KeyPress[]) => boolean;
	onAskResolvers?: () => {count: number; done: Promise<string>};
	onQuit: (how: {interrupted: boolean}) => void;
}

/** A live session's actions: the explorer's, and what ends it when its trace cannot be carried on. */
interface SessionActions extends Actions {
	/**
	 * A trace that could not be carried on (a --what-if change that names nothing in the trace it was measured as): the
	 * explorer closes and the command ends as the text mode would, with the error's one line and its status. Left to
	 * itself, the rejection ended the process with Node's dump of the bundle's source.
	 */
	onFailure: (error: unknown) => void;
}

/**
 * How the explorer ends, as the text mode would: 130 for Ctrl-C; else the status of the trace on screen when the user
 * quit (1 when users get no answer), and 1 for a trace quit before it finished: it has no outcome a script could
 * trust, and 0 says the trace finished.
 */
function statusOnQuit(view: View, interrupted: boolean): number {
	if (interrupted) return INTERRUPTED_STATUS;
	return view.trace && view.analysis && !view.running ? exitStatus({trace: view.trace, analysis: view.analysis}) : 1;
}

function App({store, actions}: {store: Store; actions: Actions}) {
	const view = useSyncExternalStore(store.subscribe, store.get);
	// Until the walk starts, the line the command wrote before Ink loaded (main.tsx, loadExplorer) says it is starting:
	// drawn here as well, it stood twice on screen until the first frame of the trace.
	if (!view.trace) return null;
	const {trace, analysis} = view;
	return (
		<Explorer
			key={view.generation}
			trace={trace}
			{...(analysis ? {analysis} : {})}
			running={view.running}
			{...(view.running && view.whatIfPending ? {whatIfPending: view.whatIfPending} : {})}
			label={view.label}
			{...(view.openedFrom !== undefined ? {openedFrom: view.openedFrom} : {})}
			{...(view.baseline ? {baseline: view.baseline} : {})}
			{...(view.watch ? {watch: view.watch} : {})}
			{...(view.announcement ? {announcement: view.announcement} : {})}
			{...(view.stepThrough ? {stepThrough: true} : {})}
			onExport={() => exportSnapshot({trace, analysis})}
			onReport={() => writeReport(view)}
			{...(view.typedAhead ? {typedAhead: view.typedAhead} : {})}
			onLoad={(purpose, file, typedAhead) => load(store, purpose, file, typedAhead)}
			{...(actions.onRetrace ? {onRetrace: actions.onRetrace} : {})}
			{...(actions.onAskResolvers ? {onAskResolvers: actions.onAskResolvers} : {})}
			{...(view.watch ? {} : {onWhatIf: (changes: WhatIfChange[]) => assume(store, changes)})}
			onQuit={actions.onQuit}
		/>
	);
}

/**
 * w in the explorer: the measured trace with `changes` (none: as measured), judged again with the anchors it was
 * taken with, in place of the trace on screen; the changes then in force (those it came with stay). Pure work on
 * what is held: nothing is sent.
 */
function assume(store: Store, changes: WhatIfChange[]): WhatIfChange[] {
	const view = store.get();
	if (!view.trace || view.running) return view.trace?.assumed ?? [];
	const measured = view.measured ?? view.trace;
	const trace = changes.length > 0 ? applyChanges(measured, changes) : measured;
	const records = trace.options.trustAnchorRecords;
	const anchors = records && records.length > 0 ? {source: trace.options.trustAnchor ?? 'recorded with the trace', records} : ianaRootAnchors();
	store.set({trace, analysis: withAnalysis(trace, {anchors}).analysis, measured: changes.length > 0 ? measured : undefined});
	return trace.assumed ?? [];
}

/**
 * Exports go to the current directory under the trace's own name and time; the same trace twice is one file. One
 * exported while it runs is named unfinished, so the finished trace still gets its own file, and a later moment of
 * the same run replaces the earlier one.
 */
export async function exportSnapshot(analysed: {trace: Trace; analysis: Analysis | undefined}): Promise<string> {
	const unfinished = savedWhileRunning(analysed.trace);
	const file = path.resolve(unfinished ? snapshotFileName(analysed.trace).replace(/\.json$/u, '-unfinished.json') : snapshotFileName(analysed.trace));
	try {
		await writeFileAtomic(file, serializeSnapshot(analysed, TOOL), {force: unfinished});
	} catch (error) {
		if (error instanceof OutputExistsError) return `${file} (already written)`;
		throw error;
	}
	return file;
}

/**
 * R in the explorer: the Markdown report of the trace on screen, as `digdeeper report` writes it, kept next to where
 * e keeps snapshots and under the same name, so the two of one trace sort together.
 */
export async function writeReport({trace, analysis, openedFrom, takenWith}: {trace: Trace | undefined; analysis: Analysis | undefined; openedFrom?: string | undefined; takenWith?: TakenWith | undefined}): Promise<string> {
	if (!trace || !analysis) throw new Error('the trace is still running');
	const file = path.resolve(snapshotFileName(trace).replace(/\.json$/u, '.md'));
	const report = renderReport({trace, analysis}, {format: 'markdown', toolVersion: TOOL.version, takenWith: takenWith ?? TOOL, ...(openedFrom !== undefined ? {snapshot: openedFrom} : {})});
	try {
		await writeFileAtomic(file, `${report}\n`, {force: false});
	} catch (error) {
		if (error instanceof OutputExistsError) return `${file} (already written)`;
		throw error;
	}
	return file;
}

/**
 * `o` and `D` in the explorer: a snapshot file opened in place of the trace (the trace it replaces becomes the
 * one to compare with, when both ask the same question), or read as the trace to compare with.
 */
async function load(store: Store, purpose: 'open' | 'diff', typed: string, typedAhead: () => KeyPress[]): Promise<string> {
	const file = typedPath(typed);
	// The reader (the snapshot's schema, zod) is loaded at the first o or D, not with the explorer: about 8 ms of its start.
	const loaded = await (await import('./open-command.js')).openSnapshot(file);
	const {trace, analysis, label, running, generation} = store.get();
	if (!trace) return 'nothing to compare yet';
	const same = loaded.trace.query.name === trace.query.name && loaded.trace.query.type === trace.query.type;
	const name = path.basename(file);
	if (purpose === 'diff') {
		if (!same) throw new Error(`it traces ${loaded.trace.query.name} ${loaded.trace.query.type}, not ${trace.query.name} ${trace.query.type}`);
		store.set({baseline: {...loaded, label: name}});
		return `comparing with ${name} (D shows the changes)`;
	}
	if (running) throw new Error('wait for the trace to finish before opening another');
	if (store.get().watch) throw new Error('a watch is running: D compares with a snapshot, q ends the watch');
	// The trace replaced is no longer on screen: no longer "this trace" (a file's name still names it).
	const replaced = label === 'this trace' ? 'the trace it replaced' : label;
	const message = `opened ${name}${same ? `; D compares it with ${replaced}` : ''}`;
	// A different trace gets a fresh explorer, so the message goes through the store rather than the old one's status.
	store.set({...loaded, label: name, openedFrom: file, takenWith: loaded.takenWith, measured: undefined, running: false, generation: generation + 1, typedAhead: typedAhead(), announcement: {id: generation + 1, text: message, changed: false}, ...(same && analysis ? {baseline: {trace, analysis, label: replaced}} : {baseline: undefined})});
	return message;
}

/**
 * a in the explorer: the resolvers --resolvers named (without it, the system's; with --lab, the lab's) asked the
 * question of the trace on screen, now; the trace on screen gains their answers. Planned once, when first asked.
 */
function resolverAsker(store: Store, prepared: PreparedTrace, request: TraceRequest): () => {count: number; done: Promise<string>} {
	let plan: ResolverPlan | undefined = prepared.resolvers;
	// Planned now (resolv.conf read while the trace runs), so the first a can say how many it asks; a problem waits for a.
	const planned = plan ? Promise.resolve(plan) : planResolvers('system', prepared.lab);
	planned.then((ready) => (plan = ready)).catch(() => undefined);
	return () => {
		const done = (async () => {
			const ready = await planned;
			const {trace, running} = store.get();
			if (!trace || running) return 'the resolvers are asked once the trace has finished';
			const asked = await askResolvers(trace, ready, prepared.transport, request);
			if (store.get().trace !== trace) return 'the trace changed while the resolvers were asked: a asks again';
			store.set({trace: asked});
			const answered = asked.resolvers?.filter((probe) => probe.status === 'answered').length ?? 0;
			return `${answered} of ${ready.targets.length} resolvers answered`;
		})();
		return {count: plan?.targets.length ?? 0, done};
	};
}

/** Walk events → the store: the model as it grows, redrawn at most every LIVE_FRAME_MS. */
function liveView(store: Store, isCurrent: () => boolean) {
	let pending: NodeJS.Timeout | undefined;
	let live: Trace | undefined;
	const refresh = () => {
		pending = undefined;
		if (live && isCurrent()) store.set({trace: {...live}, analysis: undefined, running: true});
	};
	return {
		onEvent: ((event) => {
			if (event.type === 'started') {
				live = event.trace;
				refresh();
			} else if (event.type !== 'finished') {
				pending ??= setTimeout(refresh, LIVE_FRAME_MS);
			}
		}) satisfies WalkConfig['onEvent'],
		// The registry's answer is shown when it comes, beside the walk's probes; the explorer never waits for it.
		onRegistration: (registration: Registration) => {
			if (!live) return;
			live.registration = registration;
			pending ??= setTimeout(refresh, LIVE_FRAME_MS);
		},
		stop: () => clearTimeout(pending),
	};
}

/** Renders at once (the lab's keys or the hints file are prepared behind the first frame), then runs `start`. */
async function session(request: TraceRequest, how: PrepareHow, build: (store: Store, prepared: PreparedTrace, actions: SessionActions) => void, stop?: () => void): Promise<number> {
	const store = createStore({trace: undefined, analysis: undefined, running: true, label: 'this trace', generation: 0, ...(request.step ? {stepThrough: true} : {}), ...(request.whatIf?.length ? {whatIfPending: request.whatIf.length} : {})});
	let status = 0;
	let failed: {error: unknown} | undefined;
	const actions: SessionActions = {
		onQuit({interrupted}) {
			stop?.();
			// Judged before the store is told the trace stopped: a trace quit while it ran has no verdict.
			status = statusOnQuit(store.get(), interrupted);
			store.set({running: false});
			app.unmount();
		},
		onFailure(error) {
			stop?.();
			failed ??= {error};
			app.unmount();
		},
	};
	const app = render(<App store={store} actions={actions} />, RENDER_OPTIONS);
	let prepared: PreparedTrace;
	try {
		prepared = await prepareTrace(request, how);
	} catch (error) {
		app.unmount();
		throw error;
	}
	actions.onAskResolvers = resolverAsker(store, prepared, request);
	build(store, prepared, actions);
	await app.waitUntilExit();
	if (failed) throw failed.error;
	return status;
}

/**
 * The interactive explorer over a live trace: the tree grows as probes land; r traces again and D shows what changed.
 * `how.link`: the sockets' thread the caller started (trace-command.ts, PrepareHow).
 */
export async function exploreLive(request: TraceRequest, how: PrepareHow = {}): Promise<number> {
	let generation = 0;
	return session(
		request,
		how,
		(store, prepared, actions) => {
			const start = (typedAhead: KeyPress[] = []) => {
				const mine = ++generation;
				const {trace: previous, analysis} = store.get();
				// The new generation's explorer presses the keys typed behind r once it is shown.
				store.set({generation: mine, running: true, openedFrom: undefined, takenWith: undefined, measured: undefined, typedAhead, ...(previous && analysis ? {baseline: {trace: previous, analysis, label: 'the trace before'}} : {})});
				const view = liveView(store, () => mine === generation);
				let finished: AnalysedTrace | undefined;
				let latest: Registration | undefined;
				const judged = (analysed: AnalysedTrace, registration: Registration) => withAnalysis({...analysed.trace, registration}, {anchors: prepared.anchors});
				// The registries' answers, when they come: into the growing trace, or, once it is done, judged with it again.
				const onRegistration = (registration: Registration) => {
					latest = registration;
					if (mine !== generation) return;
					if (!finished) return view.onRegistration(registration);
					finished = judged(finished, registration);
					store.set({...finished, running: false, label: 'this trace'});
				};
				void traceOnce(prepared, request, view.onEvent, onRegistration).then((analysed) => {
					view.stop();
					// All the answers may have come while the walk was being judged: the trace keeps only what came before.
					finished = latest && latest.lookups.length > (analysed.trace.registration?.lookups.length ?? 0) ? judged(analysed, latest) : analysed;
					if (mine === generation) store.set({...finished, running: false, label: 'this trace'});
				}, (error: unknown) => {
					if (mine === generation) actions.onFailure(error);
				});
			};
			actions.onRetrace = (typedAhead) => {
				start(typedAhead);
				return true;
			};
			start();
			if (prepared.notice) store.set({announcement: {id: -2, text: prepared.notice, changed: true}});
		},
		() => generation++,
	);
}

/** The explorer over a saved snapshot: the same views, no network; `announce`, said on its status line (which file a directory opened). */
export async function exploreSnapshot(analysed: AnalysedTrace & {takenWith?: TakenWith}, file: string, options: {step?: boolean; announce?: string} = {}): Promise<number> {
	return exploreSaved({...analysed, running: false, label: path.basename(file), openedFrom: file, generation: 0, ...(options.step ? {stepThrough: true} : {}), ...(options.announce ? {announcement: {id: 0, text: options.announce, changed: false}} : {})});
}

/** The explorer over two snapshots: the later one explored, the changes highlighted, D lists them. */
export async function exploreDiff(before: LabelledTrace, after: LabelledTrace): Promise<number> {
	return exploreSaved({trace: after.trace, analysis: after.analysis, running: false, label: after.label, baseline: before, generation: 0, announcement: {id: 0, text: `${after.label} against ${before.label}: Δ marks what changed, D lists it`, changed: false}});
}

/** Traces read from files: nothing runs behind the explorer, so quitting only unmounts it. */
async function exploreSaved(view: View & {trace: Trace}): Promise<number> {
	const store = createStore(view);
	let status = 0;
	const onQuit = ({interrupted}: {interrupted: boolean}) => {
		status = statusOnQuit(store.get(), interrupted);
		app.unmount();
	};
	const app = render(<App store={store} actions={{onQuit}} />, RENDER_OPTIONS);
	await app.waitUntilExit();
	return status;
}

/**
 * A watch in the explorer: the first trace is shown live; later ones run behind the last finished trace, which
 * stays on screen (cursor and all) until the next is ready. Each round's changes are announced, highlighted in the
 * tree and kept in the timeline; the bell rings unless --quiet.
 */
export async function exploreWatch(request: TraceRequest, watchRequest: WatchRequest, how: PrepareHow = {}): Promise<number> {
	await checkWatch(watchRequest);
	let loop: WatchLoop | undefined;
	return session(
		request,
		how,
		(store, prepared, actions) => {
			let history = emptyHistory();
			let status: WatchStatus = {history, intervalMs: watchRequest.intervalMs, tracing: true};
			const setWatch = (next: Partial<WatchStatus>) => {
				status = {...status, ...next};
				store.set({watch: status});
			};
			store.set({watch: status});
			loop = startWatch<RoundResult>({
				intervalMs: watchRequest.intervalMs,
				...(watchRequest.count === undefined ? {} : {count: watchRequest.count}),
				async traceRound(round) {
					setWatch({tracing: true});
					// Only the first trace is drawn as it grows; later ones would make the screen jump under the cursor.
					if (round > 1) return traceRound(prepared, request, watchRequest, round);
					const view = liveView(store, () => true);
					return traceRound(prepared, request, watchRequest, round, view.onEvent).finally(view.stop);
				},
				onRound(result, round) {
					const {trace: previous, analysis} = store.get();
					const recorded = recordRound(history, result, {...(result.note ? {note: result.note} : {}), ...(result.snapshot ? {snapshot: result.snapshot} : {})});
					history = recorded.history;
					const count = recorded.changes.length;
					const text =
						round === 1
							? `watching: trace 1 done${result.note ? ` · ${result.note}` : ''}`
							: `#${round} ${result.trace.startedAt.slice(11, 19)}: ${count === 0 ? 'no change' : `${count} change${count === 1 ? '' : 's'} (Δ in the tree, D lists them, t timeline)`}${result.note ? ` · ${result.note}` : ''}`;
					if (count > 0 && !watchRequest.quiet) process.stdout.write(BELL);
					status = {...status, history, tracing: false};
					store.set({
						trace: result.trace,
						analysis: result.analysis,
						running: false,
						label: `trace #${round}`,
						// D compares with the trace before the latest change, so a quiet round does not hide what just happened.
						...(previous && analysis && round > 1 && (count > 0 || !store.get().baseline) ? {baseline: {trace: previous, analysis, label: `trace #${round - 1}`}} : {}),
						watch: status,
						announcement: {id: round, text, changed: count > 0},
					});
				},
				onWaiting: (nextAt) => setWatch({nextAt}),
			});
			// The round's explorer stays (it shows the last round until the next is done): the keys behind r are its own.
			actions.onRetrace = () => {
				loop?.wakeUp();
				return false;
			};
			void loop.done.catch((error: Error) => store.set({announcement: {id: -1, text: `the watch stopped: ${error.message}`, changed: true}}));
		},
		() => loop?.stop(),
	);
}
