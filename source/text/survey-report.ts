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
 * A run of the morning mail's words: the program's own (presented already), or a piece of the survey's record shown
 * as code (a zone, a server, a file) or as prose (a message). Each format marks the last two its own way, so the
 * words are chosen once for Markdown, text and HTML alike.
 */
export type ReportSpan = Presented | {readonly code: string} | {readonly prose: string};
export type ReportWords = readonly ReportSpan[];

export interface SurveyReportZone {
	zone: string;
	severity: 'error' | 'warning';
	/** After the zone's name: its servers answering, serials and DNSSEC. */
	headline: ReportWords;
	/** Each problem: its severity, code, how long it has been there, its message and the servers it names. */
	problems: readonly ReportWords[];
	/** -o DIR: where the zone's snapshot was written. */
	snapshot?: string;
}

export interface SurveyReportSection {
	heading: ReportWords;
	zones: readonly SurveyReportZone[];
	items: readonly ReportWords[];
}

/** The morning mail's facts in its words, before any format: what Markdown, text and the HTML page each show. */
export interface SurveyReportContent {
	title: ReportWords;
	facts: readonly ReportWords[];
	/** Errors, then warnings, then with --since what was resolved and (when any) the zones that came and went. */
	sections: readonly SurveyReportSection[];
}

const joinWords = (parts: readonly ReportWords[], separator: Presented): ReportWords => parts.flatMap((part, index) => (index === 0 ? part : [separator, ...part]));

/**
 * The morning mail's content: the counts, the zones with errors (each problem with the servers it names and how long
 * it has been there), then those with warnings, and with --since what was resolved and which zones came and went.
 */
export function surveyReportContent({summary, problemZones, since}: SurveyReportInput): SurveyReportContent {
	const now = summary.startedAt;
	const stillSince = since && new Map(since.comparison.still.map((problem) => [`${problem.zone} ${problem.code}`, problem.since]));
	const title: ReportWords = [safe`DNS survey: ${summary.zones} zone${summary.zones === 1 ? safe`` : safe`s`}, ${surveyTime(summary.startedAt)}`];
	const options: ReportWords[] = [
		summary.lab === undefined ? undefined : [safe`lab: `, {code: summary.lab}],
		summary.shard ? [safe`shard ${summary.shard.index}/${summary.shard.count} of a list of ${summary.list.zones}`] : undefined,
		summary.parts === undefined ? undefined : [safe`merged from ${summary.parts} parts`],
		summary.dnssec ? undefined : [safe`without DNSSEC`],
		summary.validateAt === undefined ? undefined : [safe`signatures judged at `, {code: summary.validateAt}, safe` (--at), not at the time of the survey`],
	].filter((part) => part !== undefined);
	const facts: ReportWords[] = [[safe`Surveyed: ${surveyTime(summary.startedAt)} to ${surveyTime(summary.endedAt)} (${formatDuration(summary.durationMs)})`, ...(options.length > 0 ? [safe`; `, ...joinWords(options, safe`; `)] : [])]];
	const {worst} = summary;
	facts.push([safe`Zones: ${worst.error} with errors, ${worst.warning} with warnings at worst, ${worst.info} with notes at worst, ${worst.clean} clean`]);
	if (since) {
		const {comparison, file} = since;
		facts.push([safe`Since the survey of ${surveyTime(comparison.previous.startedAt)} (`, {code: file}, safe`): ${comparison.added.length} new problem${comparison.added.length === 1 ? safe`` : safe`s`}, ${comparison.resolved.length} resolved, ${comparison.still.length} still there`]);
	}

	const sections: SurveyReportSection[] = (['error', 'warning'] as const).map((severity) => {
		const zones = problemZones.filter((zone) => zone.summary.worst === severity);
		return {
			heading: [safe`${severity === 'error' ? safe`Errors` : safe`Warnings`}: ${zones.length} zone${zones.length === 1 ? safe`` : safe`s`}`],
			items: [],
			zones: zones.map((zone) => {
				const serials = zone.summary.serials.length === 0 ? safe`no serial` : zone.summary.serials.length === 1 ? safe`serial ${zone.summary.serials[0]!}` : safe`serials ${zone.summary.serials[0]!}…${zone.summary.serials.at(-1)!}`;
				const problems = [...zoneProblems(zone).values()].map((problem): ReportWords => {
					const servers: ReportWords = problem.servers.length > 0 ? [safe` (servers: `, ...joinWords(problem.servers.map((server) => [{code: server}]), safe`, `), safe`)`] : [];
					return [safe`${SEVERITY[problem.severity]!} ${presentText(problem.code)}, ${age(problem, now, stillSince)}: `, {prose: problem.message}, ...servers];
				});
				return {zone: zone.zone, severity, headline: [safe`: ${zone.servers.answering}/${zone.servers.total} servers answering, ${serials}, DNSSEC `, {prose: surveyDnssecWords(zone.summary.dnssec)}], problems, ...(zone.snapshot === undefined ? {} : {snapshot: zone.snapshot})};
			}),
		};
	});

	if (since) {
		const {comparison} = since;
		sections.push({heading: [safe`Resolved since the previous survey: ${comparison.resolved.length}`], zones: [], items: comparison.resolved.map((problem) => [{code: problem.zone}, safe` ${SEVERITY[problem.severity]!} ${presentText(problem.code)} (there since ${surveyTime(problem.since)}): `, {prose: problem.message}])});
		const comings = [
			...(comparison.zonesAdded.length > 0 ? [[safe`Surveyed for the first time: `, ...joinWords(comparison.zonesAdded.map((zone) => [{code: zone}]), safe`, `)]] : []),
			...(comparison.zonesDropped.length > 0 ? [[safe`No longer surveyed: `, ...joinWords(comparison.zonesDropped.map((zone) => [{code: zone}]), safe`, `)]] : []),
		];
		if (comings.length > 0) sections.push({heading: [safe`Zones added and dropped`], zones: [], items: comings});
	}
	return {title, facts, sections};
}

/**
 * The morning mail as Markdown or text. Everything from the survey's record (zone names, messages, servers) came from
 * the network or a file: presented, and escaped for Markdown after that.
 */
export function renderSurveyReport(input: SurveyReportInput, format: ReportFormat): Presented {
	const md = format === 'markdown';
	const words = (parts: ReportWords): Presented =>
		joinPresented(
			parts.map((span) => (typeof span === 'string' ? span : 'code' in span ? (md ? markdownCode(presentText(span.code)) : presentText(span.code)) : md ? markdownText(presentText(span.prose)) : presentText(span.prose))),
			safe``,
		);
	const item = md ? safe`- ` : safe`  `;
	const lines: Presented[] = [];
	const heading = (level: number, text: Presented) => lines.push(safe``, md ? safe`${presentText('#'.repeat(level))} ${text}` : safe`${text}\n${presentText((level === 1 ? '=' : '-').repeat(text.length))}`, safe``);
	const content = surveyReportContent(input);

	heading(1, words(content.title));
	for (const fact of content.facts) lines.push(safe`${item}${words(fact)}`);
	for (const section of content.sections) {
		heading(2, words(section.heading));
		if (section.zones.length === 0 && section.items.length === 0) lines.push(safe`None.`);
		for (const zone of section.zones) {
			lines.push(safe`${md ? safe`**${markdownCode(presentText(zone.zone))}**` : presentText(zone.zone)}${words(zone.headline)}`);
			for (const problem of zone.problems) lines.push(safe`${item}${words(problem)}`);
			lines.push(safe``);
		}
		for (const entry of section.items) lines.push(safe`${item}${words(entry)}`);
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
