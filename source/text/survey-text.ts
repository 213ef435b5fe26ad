import {padPresented, presentText, safe, type Presented} from '../dns/sanitize.js';
import type {SurveyTotals} from '../survey/survey.js';
import {surveyDnssecWords, type ZoneSummary} from '../survey/zone-summary.js';
import {formatDuration} from './format-ms.js';

const SEVERITY_WORD: Record<'error' | 'warning' | 'info', Presented> = {error: safe`ERROR`, warning: safe`WARNING`, info: safe`INFO`};

/** Serials as a spread: one when the servers agree, else the newest and the oldest with how many there are. */
function serialSpread(serials: number[]): Presented {
	if (serials.length === 0) return safe`no serial`;
	if (serials.length === 1) return safe`serial ${serials[0]!}`;
	return safe`serials ${serials[0]!}…${serials.at(-1)!} (${serials.length})`;
}

/**
 * One zone in one line: its name, servers answering of all, serial spread, DNSSEC status and worst finding. Zone names
 * and finding messages come from the network: presented like any other text from it.
 */
export function surveyZoneLine(summary: ZoneSummary): Presented {
	const worst = summary.findings[0];
	const finding = worst ? safe`${SEVERITY_WORD[worst.severity]} ${presentText(worst.code)}: ${presentText(worst.message)}` : safe`no findings`;
	const more = summary.findings.length > 1 ? safe` (+${summary.findings.length - 1} more)` : safe``;
	return safe`${padPresented(presentText(summary.zone), 20)} ${padPresented(safe`${summary.servers.answering}/${summary.servers.total} servers`, 12)} ${padPresented(serialSpread(summary.serials), 28)} ${padPresented(presentText(surveyDnssecWords(summary.dnssec)), 12)} ${finding}${more}\n`;
}

/** The survey's closing lines: zones by their worst finding, queries really sent and those the share answered. */
export function surveyTotalsText(totals: SurveyTotals): Presented {
	const {worst} = totals;
	return safe`;; SURVEY: ${totals.zones} zone${totals.zones === 1 ? safe`` : safe`s`} in ${formatDuration(totals.durationMs)}: ${worst.error} with errors, ${worst.warning} with warnings at worst, ${worst.info} with notes at worst, ${worst.clean} clean\n;; ${totals.queriesSent} queries sent, ${totals.queriesShared} answered from the survey's share, at most ${totals.peakInFlight} in flight\n`;
}
