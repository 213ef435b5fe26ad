import {render} from 'ink';
import {rm} from 'node:fs/promises';
import {temporaryFolder} from './temporary-folder.js';
import path from 'node:path';
import {useSyncExternalStore} from 'react';
import {withFixDetails} from '../analysis/analyze.js';
import {sortFindings} from '../analysis/finding.js';
import {createView} from '../analysis/trace-view.js';
import {removeTemporaryFiles} from '../files/remove-on-exit.js';
import type {SurveyProgress} from '../survey/survey-progress.js';
import {collectGarbageNow} from '../survey/heap-growth.js';
import {zoneExistenceFindings} from '../survey/zone-existence.js';
import {Explorer} from '../ui/explorer.js';
import type {KeyPress} from '../ui/key-press.js';
import {INTERRUPT} from '../ui/keymap.js';
import type {SurveyListState} from '../ui/survey/survey-list-state.js';
import {SurveyList} from '../ui/survey/survey-list.js';
import {SurveyProgressView, SurveyReadingView} from '../ui/survey/survey-progress-view.js';
import {sortWorstFirst, type SurveyRow} from '../ui/survey/survey-rows.js';
import {useKeyPresses} from '../ui/use-key-presses.js';
import {useTerminalSize} from '../ui/use-terminal-size.js';
import {INTERRUPTED_STATUS} from './exit-status.js';
import {exportSnapshot, writeReport} from './explore-command.js';
import {openSnapshot, type OpenedSnapshot} from './open-command.js';
import {runSurvey, type SurveyRequest} from './survey-command.js';

/** The progress is redrawn at most this often, however fast queries go out: ten frames a second. */
const PROGRESS_FRAME_MS = 100;
/** As the trace's explorer: Ctrl-C is a key (raw mode), and key presses are not held back to Ink's default 30 frames. */
const RENDER_OPTIONS = {exitOnCtrlC: false, maxFps: 120} as const;

/** What is on screen: the survey running, its list of zones, or one zone's trace opened from the list. */
type Screen =
	| {phase: 'running'; progress: SurveyProgress | undefined}
	| {phase: 'reading'; dir: string; judged: number}
	| {phase: 'list'; rows: SurveyRow[]; done: SurveyProgress | undefined; list?: SurveyListState; typedAhead?: readonly KeyPress[]}
	| {phase: 'zone'; rows: SurveyRow[]; done: SurveyProgress | undefined; list: SurveyListState; row: SurveyRow; opened: OpenedSnapshot; typedAhead: readonly KeyPress[]};

/** What is on screen, changed from outside React (the survey's progress, its end) and by the screens themselves. */
export function createStore(initial: Screen) {
	let screen = initial;
	const listeners = new Set<() => void>();
	return {
		get: () => screen,
		set(next: Screen) {
			screen = next;
			for (const listener of listeners) listener();
		},
		subscribe(listener: () => void) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
	};
}

export type Store = ReturnType<typeof createStore>;

/** While the survey runs, the only key is Ctrl-C: it stops the survey at once. */
function Running({progress, onInterrupt}: {progress: SurveyProgress | undefined; onInterrupt: () => void}) {
	const {columns} = useTerminalSize();
	useKeyPresses((keys: KeyPress[]) => {
		if (keys.includes(INTERRUPT)) onInterrupt();
	});
	return <SurveyProgressView progress={progress} columns={columns} />;
}

/** While `open DIR` judges each zone again from its snapshot (a minute or two for 1,500): how far it is; Ctrl-C stops. */
function Reading({dir, judged, onInterrupt}: {dir: string; judged: number; onInterrupt: () => void}) {
	useKeyPresses((keys: KeyPress[]) => {
		if (keys.includes(INTERRUPT)) onInterrupt();
	});
	return <SurveyReadingView dir={dir} judged={judged} />;
}

/** The survey's screens. `read`: how a zone's snapshot is read when it is opened (tests hold it back). */
export function App({store, onQuit, read = openSnapshot}: {store: Store; onQuit: (how: {interrupted: boolean}) => void; read?: (file: string) => Promise<OpenedSnapshot>}) {
	const screen = useSyncExternalStore(store.subscribe, store.get);
	if (screen.phase === 'running') return <Running progress={screen.progress} onInterrupt={() => onQuit({interrupted: true})} />;
	if (screen.phase === 'reading') return <Reading dir={screen.dir} judged={screen.judged} onInterrupt={() => onQuit({interrupted: true})} />;
	if (screen.phase === 'list') {
		const {rows, done} = screen;
		const open = async (row: SurveyRow, list: SurveyListState, typedAhead: readonly KeyPress[]) => {
			try {
				// The normal, validated way in: the snapshot is read and judged again, as `digdeeper open` does.
				const opened = await read(row.snapshot);
				store.set({phase: 'zone', rows, done, list, row, opened, typedAhead});
				return undefined;
			} catch (error) {
				return `cannot open ${row.summary.zone}: ${(error as Error).message}`;
			}
		};
		return <SurveyList rows={rows} done={done} {...(screen.list ? {initial: screen.list} : {})} typedAhead={screen.typedAhead ?? []} onOpen={open} onQuit={onQuit} />;
	}
	const {rows, done, list, row, opened, typedAhead} = screen;
	return <SurveyZone row={row} opened={opened} typedAhead={typedAhead} onBack={(typedBehind) => store.set({phase: 'list', rows, done, list, typedAhead: typedBehind})} onInterrupt={() => onQuit({interrupted: true})} />;
}

/**
 * A zone opened from the survey's list: its whole trace, judged as the survey judged it. A name the survey found to be
 * no zone (DELEGATION_MISSING, NOT_A_ZONE: the survey's own findings, as a trace's question claims nothing) gets those
 * findings beside the trace's, so its counts and findings say what the list said, and the status line says whose they are.
 */
export function SurveyZone({row, opened, typedAhead = [], onBack, onInterrupt}: {row: SurveyRow; opened: OpenedSnapshot; typedAhead?: readonly KeyPress[]; onBack: (typedBehind: KeyPress[]) => void; onInterrupt: () => void}) {
	const judged = zoneExistenceFindings(row.summary.zone, opened);
	const analysis = judged.length === 0 ? opened.analysis : {...opened.analysis, findings: sortFindings([...opened.analysis.findings, ...withFixDetails(createView(opened.trace), judged)])};

	return (
		<Explorer
			key={row.summary.zone}
			trace={opened.trace}
			analysis={analysis}
			running={false}
			label={path.basename(row.snapshot)}
			openedFrom={row.snapshot}
			announcement={{id: 0, text: judged.length === 0 ? `${row.summary.zone} from the survey: Esc or q goes back to the list` : `${row.summary.zone} judged no zone by the survey (${judged.map((finding) => finding.code).join(', ')}) · Esc or q: the list`, changed: false}}
			onExport={() => exportSnapshot(opened)}
			onReport={() => writeReport({...opened, openedFrom: row.snapshot})}
			escapeLeaves
			typedAhead={typedAhead}
			onQuit={({interrupted, typedBehind = []}) => (interrupted ? onInterrupt() : onBack(typedBehind))}
		/>
	);
}

/**
 * A closed terminal (SIGHUP) or a `kill` (SIGTERM): the temporary snapshots removed, and out by the signal itself, as
 * if it had not been caught (the shell says 128 + the signal). All at once, before any other callback runs: a snapshot
 * written after its folder is gone fails (nothing comes back), and one being written as it goes is removed with it
 * (retried while the folder is not yet empty). The screen is restored for SIGTERM; a terminal that hung up is gone,
 * and writing to it or setting its mode fails (Node's own exit aborts on it: hence the signal, not `process.exit`).
 */
function leaveOnSignal(signal: 'SIGHUP' | 'SIGTERM', app: {unmount: () => void}): () => void {
	const leave = () => {
		// The temporary snapshots' folder and -o DIR's unfinished record: the signal ends the process with no exit event
		// to remove them.
		removeTemporaryFiles();
		if (signal === 'SIGTERM') app.unmount();
		// Its listener is gone (once): the signal's default action ends the process.
		process.kill(process.pid, signal);
	};
	process.once(signal, leave);
	return leave;
}

/**
 * `digdeeper survey` in a terminal: a progress bar while it runs (Ctrl-C stops it at once), then its zones worst first;
 * Enter opens a zone's whole trace from its snapshot (written to -o DIR, else to a temporary directory removed on the
 * way out, on Ctrl-C, q, SIGHUP and SIGTERM too), Esc or q comes back. The exit status is the text mode's: 1 when a
 * zone has an error; Ctrl-C while the survey runs is 130, after it the survey's status; 128 + the signal for the others.
 */
export async function exploreSurvey(request: SurveyRequest): Promise<number> {
	const temporary = request.outputDir === undefined ? await temporaryFolder('digdeeper-survey-snapshots-', 'give -o DIR') : undefined;
	const store = createStore({phase: 'running', progress: undefined});
	let status = 0;
	let latest: SurveyProgress | undefined;
	const rows: SurveyRow[] = [];
	const onQuit = ({interrupted}: {interrupted: boolean}) => {
		// Ctrl-C stops a survey that runs; once it is done, it only closes the screen, and the survey's status stands.
		if (interrupted && store.get().phase === 'running') status = INTERRUPTED_STATUS;
		app.unmount();
	};
	const app = render(<App store={store} onQuit={onQuit} />, RENDER_OPTIONS);
	const hangUp = leaveOnSignal('SIGHUP', app);
	const terminate = leaveOnSignal('SIGTERM', app);
	// The survey tells every query; the screen takes the latest reading ten times a second.
	const frames = setInterval(() => {
		const shown = store.get();
		if (shown.phase === 'running' && shown.progress !== latest) store.set({phase: 'running', progress: latest});
	}, PROGRESS_FRAME_MS);
	const survey = runSurvey(request, {
		stdout: () => {},
		screen: {
			snapshotDir: request.outputDir ?? temporary!,
			onProgress: (progress) => {
				latest = progress;
			},
			onZone: (summary, snapshot) => rows.push({summary, snapshot}),
		},
	});
	const work = listWhenDone(survey, {store, app, frames}, (code) => {
		if (status !== INTERRUPTED_STATUS) status = code;
		return {phase: 'list', rows: sortWorstFirst(rows), done: latest};
	});
	try {
		await app.waitUntilExit();
	} finally {
		clearInterval(frames);
		process.off('SIGHUP', hangUp);
		process.off('SIGTERM', terminate);
		// A snapshot still being written as the directory goes would leave it behind: retried.
		if (temporary !== undefined) await rm(temporary, {recursive: true, force: true, maxRetries: 3});
	}
	if (work.failure() !== undefined && status !== INTERRUPTED_STATUS) throw work.failure();
	return status;
}

/**
 * `digdeeper open DIR` on a survey's -o DIR, in a terminal: how far the judging is while `judge` reads each zone's
 * snapshot and judges it again (it calls `onJudged` with the count so far), then its zones worst first, as the survey's
 * screen listed them when it finished; Enter opens one, Esc or q comes back. The exit status is the survey's (1 when
 * a zone has an error); Ctrl-C while it reads stops it: 130.
 */
export async function exploreSurveyDir(dir: string, judge: (onJudged: (count: number) => void) => Promise<{rows: SurveyRow[]; status: number}>): Promise<number> {
	const store = createStore({phase: 'reading', dir, judged: 0});
	let status = 0;
	let judged = 0;
	const onQuit = ({interrupted}: {interrupted: boolean}) => {
		if (interrupted && store.get().phase === 'reading') status = INTERRUPTED_STATUS;
		app.unmount();
	};
	// As after a survey: q or Ctrl-C on the list closes the screen, and the survey's status stands.
	const app = render(<App store={store} onQuit={onQuit} />, RENDER_OPTIONS);
	const frames = setInterval(() => {
		const shown = store.get();
		if (shown.phase === 'reading' && shown.judged !== judged) store.set({phase: 'reading', dir, judged});
	}, PROGRESS_FRAME_MS);
	const judging = judge((count) => {
		// Ctrl-C stopped it: the next zone read ends the judging, so the process does not go on for minutes.
		if (status === INTERRUPTED_STATUS) throw new Error('stopped by Ctrl-C');
		judged = count;
	});
	const work = listWhenDone(judging, {store, app, frames}, (read) => {
		if (status === INTERRUPTED_STATUS) return undefined;
		status = read.status;
		return {phase: 'list', rows: sortWorstFirst(read.rows), done: undefined};
	});
	try {
		await app.waitUntilExit();
	} finally {
		clearInterval(frames);
	}
	if (work.failure() !== undefined && status !== INTERRUPTED_STATUS) throw work.failure();
	return status;
}

/**
 * The work behind a progress screen (a survey, `open DIR`'s judging), then the list `list` makes of its result (none:
 * the screen was closed), the work's garbage collected first so the list's first keys do not pay for it. A failure
 * closes the screen; the caller throws it once the screen is gone.
 */
function listWhenDone<T>(work: Promise<T>, screen: {store: Store; app: {unmount: () => void}; frames: NodeJS.Timeout}, list: (result: T) => Screen | undefined): {failure: () => unknown} {
	let failure: unknown;
	void work.then(
		(result) => {
			clearInterval(screen.frames);
			const next = list(result);
			if (next === undefined) return;
			collectGarbageNow();
			screen.store.set(next);
		},
		(error: unknown) => {
			clearInterval(screen.frames);
			failure = error;
			screen.app.unmount();
		},
	);
	return {failure: () => failure};
}
