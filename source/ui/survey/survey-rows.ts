import type {Severity} from '../../analysis/finding.js';
import {SEVERITY_RANK} from '../../analysis/finding-catalogue.js';
import {padPresented, presentText, safe, type Presented} from '../../dns/sanitize.js';
import {surveyDnssecWords, type ZoneSummary} from '../../survey/zone-summary.js';
import {middleTruncated} from '../views/lines.js';

/** A zone of the survey and the snapshot its whole trace was written to. */
export interface SurveyRow {
	summary: ZoneSummary;
	snapshot: string;
}

export type Worst = Severity | 'clean';

/** What the severity filter shows, in the order `s` steps through: every zone, then zones by their worst finding. */
export type SeverityFilter = 'all' | Worst;
export const SEVERITY_FILTERS: readonly SeverityFilter[] = ['all', 'error', 'warning', 'info', 'clean'];
export const SEVERITY_FILTER_WORDS: Record<SeverityFilter, string> = {all: 'all zones', error: 'errors', warning: 'warnings at worst', info: 'notes at worst', clean: 'clean'};

export const worstOf = (summary: ZoneSummary): Worst => summary.findings[0]?.severity ?? 'clean';
const rankOf = (worst: Worst) => (worst === 'clean' ? 3 : SEVERITY_RANK[worst]);
const errorsOf = (summary: ZoneSummary) => summary.findings.filter((finding) => finding.severity === 'error').length;

/** Worst first: by the severity of the worst finding, then by the number of errors (most first), then by name. */
export function sortWorstFirst(rows: readonly SurveyRow[]): SurveyRow[] {
	const keyed = rows.map((row) => ({row, rank: rankOf(worstOf(row.summary)), errors: errorsOf(row.summary)}));
	keyed.sort((a, b) => a.rank - b.rank || b.errors - a.errors || (a.row.summary.zone < b.row.summary.zone ? -1 : a.row.summary.zone > b.row.summary.zone ? 1 : 0));
	return keyed.map((entry) => entry.row);
}

/** What the filters show: the rows, worst first as given, for a text (any case) and the worst severity asked. */
export type RowsShown = (text: string, severity: SeverityFilter) => readonly SurveyRow[];

/** Filters remembered: the one on screen, and the one a key compares it with (Esc, s). */
const FILTERS_KEPT = 4;

/**
 * The filters over a survey's rows, prepared once: each row's worst severity and the lowercase text a filter searches
 * (its name, and each finding's code, zone and message), and the last few results kept, so a key that moves the
 * cursor does not filter 1,500 rows again, and a new filter does not lowercase every message again.
 */
export function rowFilter(rows: readonly SurveyRow[]): RowsShown {
	const prepared = rows.map((row) => ({row, worst: worstOf(row.summary), text: [row.summary.zone, ...row.summary.findings.map((finding) => `${finding.code} ${finding.zone} ${finding.message}`)].join('\n').toLowerCase()}));
	const kept = new Map<string, readonly SurveyRow[]>();
	return (text, severity) => {
		const key = `${severity} ${text}`;
		const known = kept.get(key);
		if (known) return known;
		const needle = text.toLowerCase();
		const shown = prepared.filter((entry) => (severity === 'all' || entry.worst === severity) && entry.text.includes(needle)).map((entry) => entry.row);
		if (kept.size >= FILTERS_KEPT) kept.delete(kept.keys().next().value!);
		kept.set(key, shown);
		return shown;
	};
}

/** The rows shown: those whose worst finding is the severity asked, and whose name or a finding's code, zone or message contain the text. */
export function filterRows(rows: readonly SurveyRow[], text: string, severity: SeverityFilter): readonly SurveyRow[] {
	return rowFilter(rows)(text, severity);
}

/** Serials at a glance: the one the servers agree on, else newest…oldest (wide) or how many there are (narrow). */
function serialCell(serials: readonly number[], wide: boolean): Presented {
	if (serials.length === 0) return safe`no serial`;
	if (serials.length === 1) return safe`${serials[0]!}`;
	return wide ? safe`${serials[0]!}…${serials.at(-1)!}` : safe`${serials.length} serials`;
}

/** The DNSSEC column: every status whole, "indeterminate" the longest; outside validation by its one word. */
const DNSSEC_WIDTH = 13;
const dnssecWord = (summary: ZoneSummary) => (summary.dnssec === 'unanchored' ? 'unanchored' : surveyDnssecWords(summary.dnssec));

export const SEVERITY_LABEL: Record<Worst, Presented> = {error: safe`ERROR`, warning: safe`WARN`, info: safe`NOTE`, clean: safe`ok`};

/** The least room a row keeps for its worst finding's code and message: the column that matters most. */
const FINDING_ROOM = 20;
const SEVERITY_WIDTH = 5;
const SERVERS_WIDTH = 5;

/** The columns of a row at a width: the name's, and which of the others fit (the serials with their spread, or not). */
export interface RowLayout {
	name: number;
	servers: boolean;
	serials: 'wide' | 'narrow' | undefined;
	dnssec: boolean;
}

const leadWidth = (layout: RowLayout) => layout.name + 1 + (layout.servers ? SERVERS_WIDTH + 1 : 0) + (layout.serials === undefined ? 0 : serialsWidth(layout.serials) + 1) + (layout.dnssec ? DNSSEC_WIDTH + 1 : 0);
const serialsWidth = (serials: 'wide' | 'narrow') => (serials === 'wide' ? 22 : 10);

/**
 * The columns that fit a width. A narrow terminal drops the columns that say least first (the serials, then DNSSEC,
 * then the servers answering), until the worst finding has its room: it is what the list is read for.
 */
export function rowLayout(columns: number): RowLayout {
	const layout: RowLayout = {name: Math.max(12, Math.min(28, Math.floor(columns * 0.22))), servers: true, serials: columns >= 110 ? 'wide' : 'narrow', dnssec: true};
	const fits = () => leadWidth(layout) + SEVERITY_WIDTH + FINDING_ROOM <= columns;
	if (!fits()) layout.serials = undefined;
	if (!fits()) layout.dnssec = false;
	if (!fits()) layout.servers = false;
	return layout;
}

/** The cells before the severity, each padded to its column, as the layout keeps them. */
function leadCells(layout: RowLayout, cells: {name: Presented; servers: Presented; serials: Presented; dnssec: Presented}): Presented {
	let lead = safe`${padPresented(cells.name, layout.name)} `;
	if (layout.servers) lead = safe`${lead}${padPresented(cells.servers, SERVERS_WIDTH)} `;
	if (layout.serials !== undefined) lead = safe`${lead}${padPresented(cells.serials, serialsWidth(layout.serials))} `;
	if (layout.dnssec) lead = safe`${lead}${padPresented(cells.dnssec, DNSSEC_WIDTH)} `;
	return lead;
}

/**
 * One zone's line in three parts: its name, servers answering of all, serials and DNSSEC status (those that fit); the
 * worst finding's severity (coloured by the view); its code and message, with how many more there are. Zone names and
 * messages come from the network: presented here, like any other text from it.
 */
export function zoneRowParts(summary: ZoneSummary, columns: number): {lead: Presented; severity: Presented; finding: Presented} {
	const layout = rowLayout(columns);
	const worst = summary.findings[0];
	const lead = leadCells(layout, {
		name: middleTruncated(presentText(summary.zone), layout.name),
		servers: safe`${summary.servers.answering}/${summary.servers.total}`,
		serials: serialCell(summary.serials, layout.serials === 'wide'),
		dnssec: presentText(dnssecWord(summary)),
	});
	const more = summary.findings.length > 1 ? safe` (+${summary.findings.length - 1})` : safe``;
	// A message about the row's own zone starts with its name: the row has said it already.
	const message = worst && worst.zone === summary.zone && worst.message.startsWith(`${summary.zone}: `) ? worst.message.slice(summary.zone.length + 2) : worst?.message;
	return {lead, severity: padPresented(SEVERITY_LABEL[worstOf(summary)], SEVERITY_WIDTH), finding: worst ? safe` ${presentText(worst.code)}: ${presentText(message!)}${more}` : safe``};
}

/**
 * The column heads over the rows, laid out as `zoneRowParts` lays a row out. The servers' column is headed "ok", so
 * "3/4" reads as the tree's "3/4 ok": the servers answering (`isAnswering`: a lame one is not) of all.
 */
export function columnHeads(columns: number): Presented {
	return safe`${leadCells(rowLayout(columns), {name: safe`zone`, servers: safe`ok`, serials: safe`serial`, dnssec: safe`DNSSEC`})}worst finding`;
}
