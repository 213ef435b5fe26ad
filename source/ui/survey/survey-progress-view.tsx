import {Box} from 'ink';
import {presentText, safe, type Presented} from '../../dns/sanitize.js';
import type {SurveyProgress} from '../../survey/survey-progress.js';
import {keyLabel, INTERRUPT} from '../keymap.js';
import {Text} from '../presented-text.js';

/** A time left as people say it: seconds, then minutes and seconds, then hours and minutes. */
export function timeLeft(ms: number): string {
	const seconds = Math.round(ms / 1000);
	if (seconds < 60) return `${seconds} s`;
	if (seconds < 3600) return `${Math.floor(seconds / 60)} m ${String(seconds % 60).padStart(2, '0')} s`;
	return `${Math.floor(seconds / 3600)} h ${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')} m`;
}

const BAR = {done: '█', left: '░'};
/** The bar's length in cells, whatever the terminal's width: long enough to see it move, short enough to leave the counts room. */
const BAR_MIN = 10;
const BAR_MAX = 40;

/**
 * The progress in two lines of at most `columns`: a bar and the zones done of all; then the queries sent, their rate,
 * the time left and the zones with problems so far. Only the program's own words and numbers: nothing from the network.
 */
export function progressLines(progress: SurveyProgress | undefined, columns: number): [Presented, Presented] {
	if (!progress) return [safe`digdeeper survey  ·  starting…`, safe` `];
	const {zonesDone, zonesTotal} = progress;
	const fraction = zonesTotal ? Math.min(1, zonesDone / zonesTotal) : 0;
	const counts = safe` ${zonesDone}/${zonesTotal ?? presentText('?')} zones  ${Math.floor(fraction * 100)}%`;
	const width = Math.max(BAR_MIN, Math.min(BAR_MAX, columns - counts.length - 1));
	const filled = Math.round(fraction * width);
	const bar = presentText(`${BAR.done.repeat(filled)}${BAR.left.repeat(width - filled)}`);
	const eta = progress.etaMs === undefined ? safe`ETA …` : safe`ETA ${presentText(timeLeft(progress.etaMs))}`;
	const problems = safe`${progress.withErrors} with errors, ${progress.withWarnings} with warnings`;
	const parts = [safe`${progress.queriesSent} queries`, safe`${Math.round(progress.queriesPerSecond)}/s`, eta, problems, presentText(`${keyLabel(INTERRUPT)} stops`)];
	// The counts line drops its last parts rather than wrap: the key, then the problems, then the rate.
	let line = parts.join('  ·  ') as Presented;
	for (let keep = parts.length - 1; line.length > columns && keep > 1; keep--) line = parts.slice(0, keep).join(' · ') as Presented;
	return [safe`${bar}${counts}`, line];
}

/** What a running survey shows: the bar and the counts, redrawn by whoever holds the latest progress. */
export function SurveyProgressView({progress, columns}: {progress: SurveyProgress | undefined; columns: number}) {
	const [bar, counts] = progressLines(progress, columns);
	return (
		<Box flexDirection="column">
			<Text wrap="truncate-end">{bar}</Text>
			<Text dimColor wrap="truncate-end">
				{counts}
			</Text>
		</Box>
	);
}

/** What `open DIR` shows while it judges each zone again from its snapshot: which directory, and how many so far. */
export function SurveyReadingView({dir, judged}: {dir: string; judged: number}) {
	return (
		<Box flexDirection="column">
			<Text wrap="truncate-end">{safe`digdeeper open ${presentText(dir)}`}</Text>
			<Text dimColor wrap="truncate-end">
				{safe`judging each zone again from its snapshot: ${judged} so far  ·  ${presentText(keyLabel(INTERRUPT))} stops`}
			</Text>
		</Box>
	);
}
