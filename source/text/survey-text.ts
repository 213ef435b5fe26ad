import {padPresented, presentText, safe, type Presented} from '../dns/sanitize.js';
import type {SurveyTotals} from '../survey/survey.js';
import {surveyDnssecWords, type SurveyDnssec, type ZoneSummary} from '../survey/zone-summary.js';
import {DEFAULT_LIMITS} from '../trace/limits.js';
import {formatDuration} from './format-ms.js';

const SEVERITY_WORD: Record<'error' | 'warning' | 'info', Presented> = {error: safe`ERROR`, warning: safe`WARNING`, info: safe`INFO`};

/** Serials as a spread: one when the servers agree, else the newest and the oldest with how many there are. */
function serialSpread(serials: number[]): Presented {
	if (serials.length === 0) return safe`no serial`;
	if (serials.length === 1) return safe`serial ${serials[0]!}`;
	return safe`serials ${serials[0]!}…${serials.at(-1)!} (${serials.length})`;
}

/** Servers answering of all, in the tree's words ("2/4 answering": a lame server is not one). */
const serversCell = (servers: ZoneSummary['servers']): Presented => safe`${servers.answering}/${servers.total} answering`;

/** The most server addresses a walk keeps for a zone: every count and every list of serials it can have fits under it. */
const MOST_SERVERS = DEFAULT_LIMITS.maxNsNamesPerZone * DEFAULT_LIMITS.maxAddressesPerNameserver;
/** Every status, as a record's keys: the compiler refuses a status left out. */
const EVERY_DNSSEC = Object.keys({secure: 0, insecure: 0, bogus: 0, unanchored: 0, indeterminate: 0, 'not-checked': 0, 'no-zone': 0} satisfies Record<SurveyDnssec, 0>) as SurveyDnssec[];
/**
 * Each column as wide as its widest cell (the widest serial is 10 digits, RFC 1982's 32 bits), so the columns after
 * it line up whatever a zone's serials, servers or DNSSEC status: a stream of lines cannot be measured first.
 */
const WIDTH = {
	name: 20,
	servers: serversCell({answering: MOST_SERVERS, total: MOST_SERVERS}).length,
	serials: serialSpread(Array.from({length: MOST_SERVERS}, () => 2 ** 32 - 1)).length,
	dnssec: Math.max(...EVERY_DNSSEC.map((status) => surveyDnssecWords(status).length)),
};

/**
 * One zone in one line: its name, servers answering of all, serial spread, DNSSEC status and worst finding. Zone names
 * and finding messages come from the network: presented like any other text from it.
 */
export function surveyZoneLine(summary: ZoneSummary): Presented {
	const worst = summary.findings[0];
	const finding = worst ? safe`${SEVERITY_WORD[worst.severity]} ${presentText(worst.code)}: ${presentText(worst.message)}` : safe`no findings`;
	const more = summary.findings.length > 1 ? safe` (+${summary.findings.length - 1} more)` : safe``;
	return safe`${padPresented(presentText(summary.zone), WIDTH.name)} ${padPresented(serversCell(summary.servers), WIDTH.servers)} ${padPresented(serialSpread(summary.serials), WIDTH.serials)} ${padPresented(presentText(surveyDnssecWords(summary.dnssec)), WIDTH.dnssec)} ${finding}${more}\n`;
}

/** The survey's closing lines: zones by their worst finding, queries really sent and those the share answered. */
export function surveyTotalsText(totals: SurveyTotals): Presented {
	const {worst} = totals;
	return safe`;; SURVEY: ${totals.zones} zone${totals.zones === 1 ? safe`` : safe`s`} in ${formatDuration(totals.durationMs)}: ${worst.error} with errors, ${worst.warning} with warnings at worst, ${worst.info} with notes at worst, ${worst.clean} clean\n;; ${totals.queriesSent} queries sent, ${totals.queriesShared} answered from the survey's share, at most ${totals.peakInFlight} in flight\n`;
}
