import {summaryRecordJson, zoneRecord, zoneRecordJson} from '../survey/survey-record.js';
import {problemKey} from '../survey/survey-compare.js';
import {terminalSafeJson} from '../dns/safe-json.js';
import {surveyTotalsText, surveyZoneLine} from '../text/survey-text.js';
import {sortWorstFirst, type SurveyRow} from '../ui/survey/survey-rows.js';
import {readSurveyZones} from './survey-file.js';

/**
 * `digdeeper open DIR` on a survey's -o DIR: every zone judged again from its snapshot (nothing the record claims is
 * shown as it is), then the list in the explorer, or worst first as `survey --text` prints it, or as NDJSON records.
 * The totals line is the record's (how long the survey took and what it sent are not in the snapshots), its counts
 * of zones by worst finding made again from the zones judged. Exit status 1 when a zone has an error.
 */
export async function runOpenSurvey(dir: string, options: {json: boolean; interactive: boolean}, io: {stdout: (text: string) => void}): Promise<number> {
	const rows: SurveyRow[] = [];
	const lines: string[] = [];
	const judge = async (onJudged: (count: number) => void) => {
		const read = await readSurveyZones(dir, (summary, snapshot, {seen}) => {
			rows.push({summary, snapshot});
			onJudged(rows.length);
			if (options.json) lines.push(`${terminalSafeJson(zoneRecordJson(zoneRecord(summary, summary.startedAt, (finding) => seen.get(problemKey(finding)) ?? summary.startedAt, snapshot)))}\n`);
		});
		const worst = {error: 0, warning: 0, info: 0, clean: 0};
		for (const {summary} of rows) worst[summary.findings[0]?.severity ?? 'clean'] += 1;
		return {read, rows, worst, status: worst.error > 0 ? 1 : 0};
	};
	// In a terminal the screen comes up at once and says how far the judging is; the list follows.
	if (options.interactive) return (await import('./survey-explore.js')).exploreSurveyDir(dir, judge);
	const {read, worst, status} = await judge(() => {});
	const totals = {...read.summary, zones: rows.length, worst};
	if (options.json) io.stdout(`${lines.join('')}${terminalSafeJson(summaryRecordJson(totals))}\n`);
	else io.stdout(`${sortWorstFirst(rows).map(({summary}) => surveyZoneLine(summary)).join('')}${surveyTotalsText(totals)}`);
	return status;
}
