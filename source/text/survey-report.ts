import {surveyDnssecWords} from '../survey/zone-summary.js';
import {joinPresented, padPresented, presentText, replacePresented, safe, trimPresented, type Presented} from '../dns/sanitize.js';
import {zoneProblems, type SurveyComparison, type SurveyProblem} from '../survey/survey-compare.js';
import type {SurveySummaryRecord, SurveyZoneRecord} from '../survey/survey-record.js';
import {formatDuration} from './format-ms.js';
import {markdownCode, markdownText} from './markdown.js';
import type {ReportFormat} from './report.js';

/** A moment as the morning mail says it: to the minute, in UTC. Times come from a file: presented. */
export function surveyTime(iso: string): Presented {
	return presentText(`${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`);
}

/** How long from `since` to `now`, in the largest whole unit: "2 days", "5 hours", "40 minutes". */
export function surveyAge(since: string, now: string): Presented {
	const minutes = Math.max(0, Math.floor((Date.parse(now) - Date.parse(since)) / 60_000));
	if (minutes === 0) return safe`under a minute`;
	const [amount, unit] = minutes >= 1440 ? [Math.floor(minutes / 1440), 'day'] : minutes >= 60 ? [Math.floor(minutes / 60), 'hour'] : [minutes, 'minute'];
	return safe`${amount} ${presentText(unit)}${amount === 1 ? safe`` : safe`s`}`;
}

/**
 * Whether a problem is new in this survey, or since when it has been there: with --since, as the comparison found it
 * (the earlier of the two surveys' first-seen times); without, as the record says (carried from an earlier survey).
 */
function age(problem: SurveyProblem, now: string, stillSince: Map<string, string> | undefined): Presented {
	const still = stillSince?.get(`${problem.zone} ${problem.code}`);
	const since = still ?? problem.since;
	if (stillSince ? still === undefined : since >= now) return stillSince ? safe`new` : safe`first seen now`;
	return safe`since ${surveyTime(since)} (${surveyAge(since, now)})`;
}

const SEVERITY: Record<string, Presented> = {error: safe`ERROR`, warning: safe`WARNING`, info: safe`INFO`};

export interface SurveyReportInput {
	summary: SurveySummaryRecord;
	/** The zones whose worst finding is an error or a warning (the others are counted in the summary). */
	problemZones: readonly SurveyZoneRecord[];
	/** With --since: the comparison with the previous survey, and the file it was read from. */
	since?: {comparison: SurveyComparison; file: string};
}

/**
 * The morning mail: the counts, the zones with errors (each problem with the servers it names and how long it has been
 * there), then those with warnings, and with --since what was resolved and which zones came and went. Everything from
 * the survey's record (zone names, messages, servers) came from the network or a file: presented, and escaped for
 * Markdown after that.
 */
export function renderSurveyReport({summary, problemZones, since}: SurveyReportInput, format: ReportFormat): Presented {
	const md = format === 'markdown';
	const prose = (text: string) => (md ? markdownText(presentText(text)) : presentText(text));
	const code = (text: string) => (md ? markdownCode(presentText(text)) : presentText(text));
	const item = md ? safe`- ` : safe`  `;
	const lines: Presented[] = [];
	const heading = (level: number, text: Presented) => lines.push(safe``, md ? safe`${presentText('#'.repeat(level))} ${text}` : safe`${text}\n${presentText((level === 1 ? '=' : '-').repeat(text.length))}`, safe``);
	const now = summary.startedAt;
	const stillSince = since && new Map(since.comparison.still.map((problem) => [`${problem.zone} ${problem.code}`, problem.since]));

	heading(1, safe`DNS survey: ${summary.zones} zone${summary.zones === 1 ? safe`` : safe`s`}, ${surveyTime(summary.startedAt)}`);
	const options = [summary.lab === undefined ? undefined : safe`lab: ${code(summary.lab)}`, summary.shard ? safe`shard ${summary.shard.index}/${summary.shard.count} of a list of ${summary.list.zones}` : undefined, summary.parts === undefined ? undefined : safe`merged from ${summary.parts} parts`, summary.dnssec ? undefined : safe`without DNSSEC`, summary.validateAt === undefined ? undefined : safe`signatures judged at ${code(summary.validateAt)} (--at), not at the time of the survey`].filter((part) => part !== undefined);
	lines.push(safe`${item}Surveyed: ${surveyTime(summary.startedAt)} to ${surveyTime(summary.endedAt)} (${formatDuration(summary.durationMs)})${options.length > 0 ? safe`; ${joinPresented(options, safe`; `)}` : safe``}`);
	const {worst} = summary;
	lines.push(safe`${item}Zones: ${worst.error} with errors, ${worst.warning} with warnings at worst, ${worst.info} with notes at worst, ${worst.clean} clean`);
	if (since) {
		const {comparison, file} = since;
		lines.push(safe`${item}Since the survey of ${surveyTime(comparison.previous.startedAt)} (${code(file)}): ${comparison.added.length} new problem${comparison.added.length === 1 ? safe`` : safe`s`}, ${comparison.resolved.length} resolved, ${comparison.still.length} still there`);
	}

	for (const severity of ['error', 'warning'] as const) {
		const zones = problemZones.filter((zone) => zone.summary.worst === severity);
		heading(2, safe`${severity === 'error' ? safe`Errors` : safe`Warnings`}: ${zones.length} zone${zones.length === 1 ? safe`` : safe`s`}`);
		if (zones.length === 0) lines.push(safe`None.`);
		for (const zone of zones) {
			const serials = zone.summary.serials.length === 0 ? safe`no serial` : zone.summary.serials.length === 1 ? safe`serial ${zone.summary.serials[0]!}` : safe`serials ${zone.summary.serials[0]!}…${zone.summary.serials.at(-1)!}`;
			lines.push(safe`${md ? safe`**${code(zone.zone)}**` : presentText(zone.zone)}: ${zone.servers.answering}/${zone.servers.total} servers answering, ${serials}, DNSSEC ${prose(surveyDnssecWords(zone.summary.dnssec))}`);
			for (const problem of zoneProblems(zone).values()) {
				const servers = problem.servers.length > 0 ? safe` (servers: ${joinPresented(problem.servers.map(code), safe`, `)})` : safe``;
				lines.push(safe`${item}${SEVERITY[problem.severity]!} ${presentText(problem.code)}, ${age(problem, now, stillSince)}: ${prose(problem.message)}${servers}`);
			}
			lines.push(safe``);
		}
	}

	if (since) {
		const {comparison} = since;
		heading(2, safe`Resolved since the previous survey: ${comparison.resolved.length}`);
		if (comparison.resolved.length === 0) lines.push(safe`None.`);
		for (const problem of comparison.resolved) lines.push(safe`${item}${code(problem.zone)} ${SEVERITY[problem.severity]!} ${presentText(problem.code)} (there since ${surveyTime(problem.since)}): ${prose(problem.message)}`);
		if (comparison.zonesAdded.length > 0 || comparison.zonesDropped.length > 0) {
			heading(2, safe`Zones added and dropped`);
			if (comparison.zonesAdded.length > 0) lines.push(safe`${item}Surveyed for the first time: ${joinPresented(comparison.zonesAdded.map(code), safe`, `)}`);
			if (comparison.zonesDropped.length > 0) lines.push(safe`${item}No longer surveyed: ${joinPresented(comparison.zonesDropped.map(code), safe`, `)}`);
		}
	}
	return safe`${trimPresented(replacePresented(joinPresented(lines, safe`\n`), /\n{3,}/gu, safe`\n\n`))}\n`;
}

/** `digdeeper survey diff A B` as text: a line per problem new, resolved and still there, the zones that came and went, and the counts. */
export function renderSurveyDiff(comparison: SurveyComparison, files: readonly [string, string], notes: readonly string[] = []): Presented {
	const now = comparison.current.startedAt;
	const zones = (count: number) => safe`${count} zone${count === 1 ? safe`` : safe`s`}`;
	const lines: Presented[] = [safe`;; survey diff: ${presentText(files[0])} (${surveyTime(comparison.previous.startedAt)}, ${zones(comparison.previous.zones)}) → ${presentText(files[1])} (${surveyTime(now)}, ${zones(comparison.current.zones)})`, ...notes.map((note) => safe`;; NOTE: ${presentText(note)}`)];
	const line = (label: string, problem: SurveyProblem, when: Presented) =>
		safe`${padPresented(presentText(label), 9)} ${padPresented(presentText(problem.zone), 20)} ${SEVERITY[problem.severity]!} ${presentText(problem.code)}${when}: ${presentText(problem.message)}${problem.servers.length > 0 ? safe` [${joinPresented(problem.servers.map(presentText), safe` `)}]` : safe``}`;
	for (const problem of comparison.added) lines.push(line('NEW', problem, safe``));
	for (const problem of comparison.resolved) lines.push(line('RESOLVED', problem, safe` (there since ${surveyTime(problem.since)})`));
	for (const problem of comparison.still) lines.push(line('STILL', problem, safe` since ${surveyTime(problem.since)} (${surveyAge(problem.since, now)})`));
	for (const zone of comparison.zonesAdded) lines.push(safe`${padPresented(safe`ADDED`, 9)} ${presentText(zone)}`);
	for (const zone of comparison.zonesDropped) lines.push(safe`${padPresented(safe`DROPPED`, 9)} ${presentText(zone)}`);
	lines.push(safe`;; ${comparison.added.length} new, ${comparison.resolved.length} resolved, ${comparison.still.length} still there; ${comparison.zonesAdded.length} zones added, ${comparison.zonesDropped.length} dropped`);
	return safe`${joinPresented(lines, safe`\n`)}\n`;
}
