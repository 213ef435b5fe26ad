import {lstat, readdir} from 'node:fs/promises';
import path from 'node:path';
import {SnapshotError} from '../snapshot/snapshot.js';
import {boundList} from '../trace/bounded-list.js';
import {unreadableFile} from './unreadable-file.js';
import {UsageError} from './usage-error.js';

/**
 * A snapshot a watch's -o DIR keeps for a round, as snapshotFileName names it: `digdeeper-NAME-START.json`, NAME the
 * traced name in the letters it keeps (others written `_`), START the round's start with `:` and `.` written `-`
 * (fixed width, so names sort as the times do). A what-if's tag is never in a watch's names, so a what-if saved
 * beside them is no round.
 */
const ROUND_FILE = /^digdeeper-([a-z0-9._-]+)-(\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z)\.json$/iu;

/** A round the directory keeps: its file, the name its watch traced, and the moment it started (ISO 8601). */
export interface WatchRound {
	file: string;
	name: string;
	start: string;
}

/**
 * The moment a round's START stands for, or undefined when no clock could have written it: the writer's START is an
 * ISO time, so it must read back as the same one (9999-99-99 or 24:00 would otherwise sort after every real round).
 */
function roundStart(stamp: string): string | undefined {
	const iso = `${stamp.slice(0, 13)}:${stamp.slice(14, 16)}:${stamp.slice(17, 19)}.${stamp.slice(20, 23)}Z`;
	const time = Date.parse(iso);
	return Number.isNaN(time) || new Date(time).toISOString() !== iso ? undefined : iso;
}

/**
 * The rounds a watch's -o DIR keeps, newest first: the regular files named as the watch names them, with a real date
 * and time. A link or a directory named like a round is not one the watch wrote.
 */
export async function watchRounds(dir: string): Promise<WatchRound[]> {
	const names = await readdir(dir).catch((error: unknown) => {
		throw unreadableFile('snapshot directory', dir, error);
	});
	const rounds: WatchRound[] = [];
	for (const name of names) {
		const match = ROUND_FILE.exec(name);
		const start = match && roundStart(match[2]!);
		if (match && start && (await lstat(path.join(dir, name)).catch(() => undefined))?.isFile()) rounds.push({file: path.join(dir, name), name: match[1]!, start});
	}
	return rounds.sort((a, b) => (a.start === b.start ? (a.file < b.file ? 1 : -1) : a.start < b.start ? 1 : -1));
}

/**
 * `digdeeper open DIR` on a watch's -o DIR (no survey record in it): its newest round that opens as a snapshot, how
 * many rounds the directory keeps, and each newer round `open` skipped, its one line saying why; undefined when the
 * directory keeps no round. `open` throws a SnapshotError for a file that is no snapshot (skipped, an older round
 * tried); anything else it throws (a --what-if or --at the round cannot take) stops there. Two watches' rounds in one
 * directory are refused, each name with its newest file: the directory's newest round is only one of them, and the
 * other watch would be silently left out.
 */
export async function openNewestRound<T>(dir: string, open: (file: string) => Promise<T>): Promise<{file: string; opened: T; rounds: number; skipped: Skipped[]} | undefined> {
	const rounds = await watchRounds(dir);
	if (rounds.length === 0) return undefined;
	const watched = new Map<string, WatchRound[]>();
	for (const round of rounds) {
		const key = round.name.toLowerCase();
		watched.set(key, watched.get(key) ?? []).get(key)!.push(round);
	}
	if (watched.size > 1) {
		const each = [...watched.values()].map((kept) => `${kept[0]!.name} (${kept.length} round${kept.length === 1 ? '' : 's'}, the newest ${kept[0]!.file})`);
		throw new UsageError(`${dir} keeps the rounds of ${watched.size} watched names, not one watch's: ${each.join(', ')}; open one watch's round by its file (digdeeper open FILE)`);
	}
	const skipped: Skipped[] = [];
	for (const round of rounds) {
		try {
			return {file: round.file, opened: await open(round.file), rounds: rounds.length, skipped};
		} catch (error) {
			if (!(error instanceof SnapshotError)) throw error;
			skipped.push({file: round.file, why: error.message});
		}
	}
	throw new SnapshotError(`${dir}: none of its ${rounds.length} round${rounds.length === 1 ? '' : 's'} opens as a snapshot; the newest, ${skipped[0]!.why}`);
}

/** A round newer than the one opened, and the one line that said why it does not open (it names the file). */
export interface Skipped {
	file: string;
	why: string;
}

/** How many skipped rounds the line names: it shares the explorer's status line with the round opened. */
const SKIPPED_SHOWN = 3;

/**
 * The rounds newer than the one opened, in one short line beside the one that names the directory: each one's file by
 * name, with the kind of problem its error starts with (`not valid JSON`, `damaged snapshot`); the whole error is one
 * `open DIR/FILE` away. The first three are named.
 */
export function skippedRounds(skipped: readonly Skipped[]): string | undefined {
	if (skipped.length === 0) return undefined;
	// Newest first, as they came: the order given keeps them so when the list is cut.
	const {shown, more: left} = boundList(skipped, () => 0, SKIPPED_SHOWN);
	const each = shown.map(({file, why}) => `${path.basename(file)} (${why.replace(`${file}: `, '').split(': ')[0]})`);
	const more = left > 0 ? `, and ${left} more` : '';
	return `skipped ${skipped.length === 1 ? 'a newer round' : `${skipped.length} newer rounds`}: ${each.join(', ')}${more}`;
}
