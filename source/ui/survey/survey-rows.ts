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

/** The rows shown: those whose worst finding is the severity asked, and whose name or a finding's code, zone or message contain the text. */
export function filterRows(rows: readonly SurveyRow[], text: string, severity: SeverityFilter): SurveyRow[] {
	const needle = text.toLowerCase();
	return rows.filter(({summary}) => {
		if (severity !== 'all' && worstOf(summary) !== severity) return false;
		if (!needle) return true;
		return summary.zone.toLowerCase().includes(needle) || summary.findings.some((finding) => `${finding.code} ${finding.zone} ${finding.message}`.toLowerCase().includes(needle));
	});
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

/** The columns of a row at a width: the name's, and whether the serials have room for their spread. */
export function rowLayout(columns: number): {name: number; wide: boolean} {
	return {name: Math.max(12, Math.min(28, Math.floor(columns * 0.22))), wide: columns >= 110};
}

/**
 * One zone's line in three parts: its name, servers answering of all, serials and DNSSEC status; the worst finding's
 * severity (coloured by the view); its code and message, with how many more there are. Zone names and messages come
 * from the network: presented here, like any other text from it.
 */
export function zoneRowParts(summary: ZoneSummary, columns: number): {lead: Presented; severity: Presented; finding: Presented} {
	const layout = rowLayout(columns);
	const worst = summary.findings[0];
	const lead = safe`${padPresented(middleTruncated(presentText(summary.zone), layout.name), layout.name)} ${padPresented(safe`${summary.servers.answering}/${summary.servers.total}`, 5)} ${padPresented(serialCell(summary.serials, layout.wide), layout.wide ? 22 : 10)} ${padPresented(presentText(dnssecWord(summary)), DNSSEC_WIDTH)} `;
	const more = summary.findings.length > 1 ? safe` (+${summary.findings.length - 1})` : safe``;
	// A message about the row's own zone starts with its name: the row has said it already.
	const message = worst && worst.zone === summary.zone && worst.message.startsWith(`${summary.zone}: `) ? worst.message.slice(summary.zone.length + 2) : worst?.message;
	return {lead, severity: padPresented(SEVERITY_LABEL[worstOf(summary)], 5), finding: worst ? safe` ${presentText(worst.code)}: ${presentText(message!)}${more}` : safe``};
}

/** The column heads over the rows, laid out as `zoneRowParts` lays a row out. */
export function columnHeads(columns: number): Presented {
	const layout = rowLayout(columns);
	return safe`${padPresented(safe`zone`, layout.name)} ${padPresented(safe`srv`, 5)} ${padPresented(safe`serial`, layout.wide ? 22 : 10)} ${padPresented(safe`DNSSEC`, DNSSEC_WIDTH)} worst finding`;
}
