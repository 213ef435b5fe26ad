import {lstat, readdir} from 'node:fs/promises';
import path from 'node:path';
import {unreadableFile} from './unreadable-file.js';

/**
 * A snapshot a watch's -o DIR keeps for a round, as snapshotFileName names it: `digdeeper-NAME-START.json`, START the
 * round's start with `:` and `.` written `-` (fixed width, so names sort as the times do). A what-if's tag is never in
 * a watch's names, so a what-if saved beside them is no round.
 */
const ROUND_FILE = /^digdeeper-.+-(\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z)\.json$/u;

/**
 * `digdeeper open DIR` on a watch's -o DIR (no survey record in it): its newest round, the snapshot whose name says it
 * started last (the one `open` then reads), and how many rounds the directory keeps; undefined when it keeps none.
 * Only regular files count: a link or a directory named like a round is not one the watch wrote.
 */
export async function newestWatchRound(dir: string): Promise<{file: string; rounds: number} | undefined> {
	const names = await readdir(dir).catch((error: unknown) => {
		throw unreadableFile('snapshot directory', dir, error);
	});
	const rounds: Array<{name: string; start: string}> = [];
	for (const name of names) {
		const start = ROUND_FILE.exec(name)?.[1];
		if (start !== undefined && (await lstat(path.join(dir, name)).catch(() => undefined))?.isFile()) rounds.push({name, start});
	}
	const newest = rounds.reduce<{name: string; start: string} | undefined>((latest, round) => (!latest || round.start > latest.start || (round.start === latest.start && round.name > latest.name) ? round : latest), undefined);
	return newest && {file: path.join(dir, newest.name), rounds: rounds.length};
}
