import path from 'node:path';
import {makeDirectory} from '../files/make-directory.js';
import type {AnalysedTrace} from '../analysis/analyze.js';
import {parseUserName} from '../dns/name.js';
import type {WorldChange} from '../lab/world-change.js';
import {writeFileAtomic} from '../files/write-file-atomic.js';
import {serializeSnapshot, snapshotFileName} from '../snapshot/write-snapshot.js';
import {watchChangeLine, watchJsonLine, watchNoteLine, watchStartLine, type RoundVerdict} from '../text/watch-text.js';
import {OPTION_LIMITS} from '../trace/limits.js';
import type {WalkConfig} from '../trace/walk.js';
import {TOOL} from '../version.js';
import {emptyHistory, recordRound, type WatchHistory} from '../compare/watch-history.js';
import {startWatch} from '../watch/watch-loop.js';
import {prepareTrace, traceOnce, type PreparedTrace, type TraceRequest} from './trace-command.js';
import {unusableDirectory} from './unreadable-file.js';
import {UsageError} from './usage-error.js';

export interface WatchRequest {
	intervalMs: number;
	/** Stop after this many traces. */
	count?: number;
	/** Keep every trace's snapshot in this directory. */
	outputDir?: string;
	/** No terminal bell on changes. */
	quiet: boolean;
}

/** A round's trace and its analysis, with what happened around it. */
export interface RoundResult extends AnalysedTrace {
	note?: string;
	snapshot?: string;
}

/** The changes a lab story goes through when watched: the first on the third trace, then every second trace. */
export function labChangeBefore(prepared: PreparedTrace, round: number): WorldChange | undefined {
	if (!prepared.lab || round < 3 || round % 2 === 0) return undefined;
	const story = prepared.lab.world().spec.stories.find((candidate) => parseUserName(candidate.name).name === prepared.query.name && (candidate.type ?? 'A') === prepared.query.type);
	return story?.aftermath?.[(round - 3) / 2];
}

export async function checkWatch(watch: WatchRequest): Promise<void> {
	const {minWatchIntervalMs, maxWatchIntervalMs, maxWatchCount} = OPTION_LIMITS;
	if (!Number.isFinite(watch.intervalMs) || watch.intervalMs < minWatchIntervalMs) throw new UsageError(`--watch ${watch.intervalMs / 1000} s: the interval must be at least ${minWatchIntervalMs / 1000} s`);
	if (watch.intervalMs > maxWatchIntervalMs) throw new UsageError(`--watch ${watch.intervalMs / 3_600_000} h: the interval must be at most ${maxWatchIntervalMs / 3_600_000} h`);
	if (watch.count !== undefined && (!Number.isInteger(watch.count) || watch.count < 1 || watch.count > maxWatchCount)) throw new UsageError(`invalid --count ${watch.count}: use 1 to ${maxWatchCount}`);
	if (watch.outputDir) {
		await makeDirectory(watch.outputDir).catch((error: NodeJS.ErrnoException) => {
			// -o names a directory for a watch (a snapshot a round), where a trace's -o names a file.
			throw unusableDirectory(watch.outputDir!, error, 'with --watch -o names a directory (one snapshot a round)');
		});
	}
}

/** One round of a watch: the lab's next change (with --lab), a trace, and its snapshot kept with --output DIR. */
export async function traceRound(prepared: PreparedTrace, request: TraceRequest, watch: WatchRequest, round: number, onEvent?: WalkConfig['onEvent']): Promise<RoundResult> {
	const change = labChangeBefore(prepared, round);
	if (change) prepared.lab!.apply(change);
	const analysed = await traceOnce(prepared, request, onEvent);
	let snapshot: string | undefined;
	if (watch.outputDir) {
		snapshot = path.join(watch.outputDir, snapshotFileName(analysed.trace));
		await writeFileAtomic(snapshot, serializeSnapshot(analysed, TOOL), {force: false});
	}
	return {...analysed, ...(change ? {note: `lab: ${change.title}`} : {}), ...(snapshot ? {snapshot} : {})};
}

/**
 * `--watch` without the UI: one line per change (or one JSON object per line with --json), until --count, or until
 * `signal` (Ctrl-C), which ends it at once: the round in progress is abandoned (its result, should it come, is never
 * printed), and the closing line counts the rounds printed. The caller leaves then, with the probes still out.
 */
export async function runWatchText(request: TraceRequest, watch: WatchRequest, io: {stdout: (text: string) => void; signal: AbortSignal}): Promise<WatchHistory> {
	await checkWatch(watch);
	const prepared = await prepareTrace(request);
	let history = emptyHistory();
	const loop = startWatch<RoundResult>({
		intervalMs: watch.intervalMs,
		...(watch.count === undefined ? {} : {count: watch.count}),
		traceRound: (round) => traceRound(prepared, request, watch, round),
		onRound(result) {
			if (io.signal.aborted) return;
			const recorded = recordRound(history, result, {...(result.note ? {note: result.note} : {}), ...(result.snapshot ? {snapshot: result.snapshot} : {})});
			history = recorded.history;
			const round = history.rounds.at(-1)!;
			const {validateAt} = result.trace.options;
			const verdict: RoundVerdict = {dnssec: result.analysis.dnssec.outcome.status, ...(validateAt === undefined ? {} : {validateAt}), relativeAt: request.at?.kind === 'offset'};
			if (request.json) {
				if (round.index === 1) io.stdout(watchJsonLine(round, verdict, {kind: 'baseline', after: round.outcome.value}));
				if (round.note) io.stdout(watchJsonLine(round, verdict, {kind: 'note', after: round.note}));
				for (const change of recorded.changes) io.stdout(watchJsonLine(round, verdict, change));
				return;
			}
			if (round.index === 1) io.stdout(watchStartLine(result.trace, round, verdict));
			io.stdout(watchNoteLine(round, verdict));
			for (const change of recorded.changes) io.stdout(watchChangeLine(round, verdict, change));
		},
	});
	let stop = () => {};
	const interrupted = new Promise<number>((resolve) => {
		stop = () => {
			loop.stop();
			// The rounds printed: a round's index is never reused, even once the history has dropped old rounds.
			resolve(history.rounds.at(-1)?.index ?? 0);
		};
		if (io.signal.aborted) stop();
		else io.signal.addEventListener('abort', stop, {once: true});
	});
	const rounds = await Promise.race([loop.done, interrupted]);
	io.signal.removeEventListener('abort', stop);
	// Ended by --count, every round's registries have answered: the thread is stopped, as runTrace stops it, for one
	// still running when the process ended made its end 7-17 ms later. Stopped by a signal, the caller leaves at once.
	if (!io.signal.aborted) prepared.rdap?.asker.close();
	if (!request.json) io.stdout(`; watch ended after ${rounds} trace${rounds === 1 ? '' : 's'}: ${history.events.length + history.dropped.events} change${history.events.length + history.dropped.events === 1 ? '' : 's'}\n`);
	return history;
}
