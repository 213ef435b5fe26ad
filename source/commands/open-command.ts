import {lstat, stat} from 'node:fs/promises';
import path from 'node:path';
import {withAnalysis, type AnalysedTrace} from '../analysis/analyze.js';
import {ianaRootAnchors} from '../analysis/dnssec/trust-anchors.js';
import {readFileBounded} from '../files/read-file-bounded.js';
import {writeStandard} from '../files/standard-streams.js';
import {presentText} from '../dns/sanitize.js';
import {extractSnapshot, looksLikeHtml} from '../html/embedded-snapshot.js';
import {MAX_SNAPSHOT_BYTES, parseSnapshot, serializeSnapshot, SnapshotError} from '../snapshot/snapshot.js';
import {renderStepText} from '../text/step-text.js';
import {renderTraceText} from '../text/trace-text.js';
import type {TakenWith} from '../text/trace-origin.js';
import {TOOL} from '../version.js';
import {exitStatus} from './exit-status.js';
import {unreadableFile} from './unreadable-file.js';
import {UsageError} from './usage-error.js';
import {resolveValidationTime, type ValidationTime} from './validation-time.js';
import {assumeChanges} from './what-if-option.js';

/**
 * Reads a snapshot from another machine or an older version: validated, responses decoded again from the raw
 * bytes, the outcome judged again from them, and the analysis done by this version, with the trust anchors the
 * trace was taken with.
 */
export async function openSnapshot(file: string, at?: ValidationTime, whatIf: readonly string[] = []): Promise<OpenedSnapshot> {
	return analyseSnapshot(file, await readSnapshotText(file), at, whatIf);
}

/** A snapshot file's text, refused (a UsageError naming the file) when it cannot be read or is past the limit. */
async function readSnapshotText(file: string): Promise<string> {
	let size;
	try {
		size = (await stat(file)).size;
	} catch (error) {
		throw unreadableFile('snapshot', file, error);
	}
	if (size > MAX_SNAPSHOT_BYTES) throw new UsageError(`${file}: snapshot too large (${size} bytes; the limit is ${MAX_SNAPSHOT_BYTES})`);
	// The size is no guide for everything (/dev/zero and pipes say 0): the read itself stops past the limit.
	return readFileBounded(file, MAX_SNAPSHOT_BYTES).catch((error: unknown) => {
		throw unreadableFile('snapshot', file, error);
	});
}

/**
 * A watch's round, opened as openSnapshot opens a file, for openNewestRound: a round that cannot be read is no
 * snapshot either (a SnapshotError, so an older round is tried), and a --what-if or --at it cannot take is said of
 * that file, which the user never named.
 */
async function openRound(file: string, at?: ValidationTime, whatIf: readonly string[] = []): Promise<OpenedSnapshot> {
	const text = await readSnapshotText(file).catch((error: unknown) => {
		throw new SnapshotError((error as Error).message);
	});
	try {
		return analyseSnapshot(file, text, at, whatIf);
	} catch (error) {
		throw error instanceof UsageError ? new UsageError(`${file}: ${error.message}`) : error;
	}
}

/** A snapshot judged again, with the program that took it (the file's own record). */
export interface OpenedSnapshot extends AnalysedTrace {
	takenWith: TakenWith;
}

/**
 * A snapshot's text, read and judged again (as of `at` when given, else as of the time it was taken with): any
 * problem with it is a SnapshotError whose one line names the file.
 */
export function analyseSnapshot(file: string, text: string, at?: ValidationTime, whatIf: readonly string[] = []): OpenedSnapshot {
	try {
		const {trace: parsed, tool} = parseSnapshot(snapshotText(text));
		const timed = at ? {...parsed, options: {...parsed.options, validateAt: resolveValidationTime(at, parsed.startedAt)}} : parsed;
		// --what-if on a file: its changes on top of those the file may already assume.
		const trace = whatIf.length > 0 ? assumeChanges(timed, whatIf) : timed;
		const records = trace.options.trustAnchorRecords;
		const anchors = records && records.length > 0 ? {source: trace.options.trustAnchor ?? 'recorded in the snapshot', records} : ianaRootAnchors();
		return {...withAnalysis(trace, {anchors}), takenWith: {version: tool.version, ...(tool.node === undefined ? {} : {node: tool.node})}};
	} catch (error) {
		// A --what-if the file's trace cannot take is the user's mistake, not the file's.
		if (error instanceof UsageError) throw error;
		// Whatever a file makes go wrong, reading or judging it, is said in one line that names the file.
		const what = error instanceof SnapshotError ? error.message : `cannot be analysed: ${String((error as Error)?.message ?? error).split('\n')[0]!.slice(0, 200)}`;
		throw new SnapshotError(`${file}: ${what}`);
	}
}

/**
 * A snapshot file's JSON: the file itself, or, for an HTML report (`--format html`), the one snapshot element it
 * carries, which is then validated like any file's. A page with none, two, or one never closed is refused.
 */
function snapshotText(text: string): string {
	if (!looksLikeHtml(text)) return text;
	const extracted = extractSnapshot(text, MAX_SNAPSHOT_BYTES);
	if ('problem' in extracted) throw new SnapshotError(extracted.problem);
	return extracted.json;
}

/**
 * `digdeeper open FILE`: the snapshot as text or JSON, or in the explorer; exit status 1 when users get no answer (see
 * exitStatus). A directory is a survey's -o DIR, its zones (see open-survey.ts), or, with no survey record in it, a
 * watch's -o DIR: its newest round that reads as a snapshot is opened as any file is, then said on stderr (so --json
 * stays the snapshot alone) or named in the explorer, and any other round is one `open DIR/FILE` away.
 */
export async function runOpen(file: string, options: {json: boolean; interactive: boolean; step?: boolean; at?: ValidationTime; whatIf?: string[]}, io: {stdout: (text: string) => void; stderr?: (text: string) => void; columns?: number}): Promise<number> {
	const info = await stat(file).catch((error: unknown) => {
		throw unreadableFile('snapshot', file, error);
	});
	let opened = file;
	let announce: string | undefined;
	let analysed: OpenedSnapshot | undefined;
	if (info.isDirectory()) {
		const {SURVEY_RECORD_FILE} = await import('./survey-file.js');
		const surveyed = await lstat(path.join(file, SURVEY_RECORD_FILE)).catch(() => undefined);
		if (surveyed) {
			if (options.at) throw new UsageError(`${file} is a survey's directory: --at is for one snapshot (open one of its zones' files)`);
			if (options.whatIf) throw new UsageError(`${file} is a survey's directory: --what-if is for one snapshot (open one of its zones' files)`);
			return (await import('./open-survey.js')).runOpenSurvey(file, options, io);
		}
		const {openNewestRound, skippedRounds} = await import('./open-watch.js');
		const round = await openNewestRound(file, (name) => openRound(name, options.at, options.whatIf));
		if (!round) throw new UsageError(`${file}: neither a survey's -o DIR (no ${SURVEY_RECORD_FILE} in it: an interrupted survey writes none) nor a watch's (no digdeeper-NAME-TIME.json round in it)`);
		// Said once the round has opened: a round that fails is one error line, naming its file, and nothing else.
		const rounds = `${round.rounds} round${round.rounds === 1 ? '' : 's'}`;
		const newest = round.skipped.length === 0 ? 'the newest' : 'the newest that reads as a snapshot';
		const skipped = skippedRounds(round.skipped);
		// In the explorer, on its status line (a line on stderr is gone under the screen it draws). The line is cut at the
		// terminal's width, so a skip comes first: at 80 columns the round opened is cut short, not the news that the
		// newest round did not open.
		if (options.interactive) announce = presentText(`${skipped ? `${skipped}; ` : ''}opened ${path.basename(round.file)}, the watch's newest of ${rounds}${skipped ? ' that reads as a snapshot' : ''}`);
		else {
			const say = io.stderr ?? ((text: string) => writeStandard('stderr', text));
			say(`digdeeper: ${presentText(`${file} is a watch's -o DIR of ${rounds}: opening ${newest}, ${round.file}`)}\n`);
			if (skipped) say(`digdeeper: ${presentText(skipped)}\n`);
		}
		analysed = round.opened;
		opened = round.file;
	}
	analysed ??= await openSnapshot(opened, options.at, options.whatIf);
	if (options.interactive) return (await import('./explore-command.js')).exploreSnapshot(analysed, opened, {step: options.step === true, ...(announce ? {announce} : {})});
	io.stdout(options.json ? serializeSnapshot(analysed, TOOL) : options.step ? renderStepText(analysed.trace, io.columns) : renderTraceText(analysed, {toolVersion: TOOL.version, takenWith: analysed.takenWith, ...(io.columns === undefined ? {} : {width: io.columns})}));
	return exitStatus(analysed);
}
