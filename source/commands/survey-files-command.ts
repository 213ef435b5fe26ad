import {terminalSafeJson} from '../dns/safe-json.js';
import {compareSurveys, surveyProblems, zoneProblems} from '../survey/survey-compare.js';
import {mergeSurveys} from '../survey/survey-merge.js';
import type {Name} from '../dns/name.js';
import {summaryRecordJson, zoneRecordJson} from '../survey/survey-record.js';
import {renderSurveyDiff} from '../text/survey-report.js';
import {readSurvey} from './survey-file.js';

/**
 * `digdeeper survey diff PREVIOUS CURRENT`: the morning mail's comparison on its own, as text or one JSON object. Exit
 * status 1 when a zone of CURRENT has an error finding, as the survey that wrote it had.
 */
export async function runSurveyDiff(files: readonly [string, string], options: {json: boolean}, io: {stdout: (text: string) => void}): Promise<0 | 1> {
	// Each survey read as a stream and kept as its problems: two big surveys are compared without holding their records.
	const [before, after] = [surveyProblems(''), surveyProblems('')];
	let errors = false;
	const previous = await readSurvey(files[0], (zone) => before.zones.set(zone.zone, zoneProblems(zone)));
	const current = await readSurvey(files[1], (zone) => {
		after.zones.set(zone.zone, zoneProblems(zone));
		errors ||= zone.summary.worst === 'error';
	});
	const comparison = compareSurveys({...before, startedAt: previous.startedAt}, {...after, startedAt: current.startedAt});
	// What would make the comparison read wrong, said before it rather than left for the reader to notice.
	const at = (survey: typeof previous) => survey.summary.validateAt ?? 'the time of the survey';
	const notes = [
		...(previous.startedAt > current.startedAt ? [`${files[0]} is the later survey: the comparison reads backwards (give the earlier one first)`] : []),
		...(previous.summary.validateAt !== current.summary.validateAt ? [`the surveys judged signatures at different times (--at): ${at(previous)} and ${at(current)}`] : []),
	];
	io.stdout(options.json ? `${terminalSafeJson(JSON.stringify({...comparison, notes}))}\n` : renderSurveyDiff(comparison, files, notes));
	return errors ? 1 : 0;
}

/**
 * `digdeeper survey merge PART…`: the parts of a sharded survey (each its NDJSON) as the survey of the whole list, on
 * stdout as NDJSON: the zones by name, then the summary (see mergeSurveys). Exit status 1 when a zone has an error.
 */
export async function runSurveyMerge(files: readonly string[], io: {stdout: (text: string) => void}): Promise<0 | 1> {
	const parts = [];
	for (const file of files) {
		// Each zone kept as the line it will be written as: a fraction of its parsed record's memory.
		const zones: Array<{zone: Name; line: string}> = [];
		const read = await readSurvey(file, (zone) => zones.push({zone: zone.zone, line: `${terminalSafeJson(zoneRecordJson(zone))}\n`}));
		parts.push({file, record: {zones, summary: read.summary}});
	}
	const merged = mergeSurveys(parts);
	for (const zone of merged.zones) io.stdout(zone.line);
	io.stdout(`${terminalSafeJson(summaryRecordJson(merged.summary))}\n`);
	return merged.summary.worst.error > 0 ? 1 : 0;
}
