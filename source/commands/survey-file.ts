import {lstat, stat} from 'node:fs/promises';
import path from 'node:path';
import {readFileBounded} from '../files/read-file-bounded.js';
import {firstSeenOf, sinceIn} from '../survey/survey-compare.js';
import {MAX_SURVEY_BYTES, parseSurveyRecord, SurveyFileError, zoneRecord, type SurveySummaryRecord, type SurveyZoneRecord} from '../survey/survey-record.js';
import {summarizeZone} from '../survey/zone-summary.js';
import {openSnapshot} from './open-command.js';
import {unreadableFile} from './unreadable-file.js';

/** The file a zone's snapshot is kept in: its name without the final dot (the root is `root`), safe as a file name. */
export function zoneFileName(zone: string): string {
	return `${zone.replace(/\.$/u, '').replace(/[^a-z0-9._-]/giu, '_') || 'root'}.json`;
}

/** The record a survey keeps beside its snapshots in -o DIR. */
export const SURVEY_RECORD_FILE = 'survey.ndjson';

/** A survey read back: its zones, when it started, and its summary object. */
export interface ReadSurvey {
	file: string;
	zones: SurveyZoneRecord[];
	startedAt: string;
	summary: SurveySummaryRecord;
}

/**
 * A previous survey, as a file (its NDJSON record) or as the directory its -o DIR wrote. A directory is a survey only
 * with its record (`DIR/survey.ndjson`, written when the survey completed): an interrupted survey's snapshots, or
 * those an earlier run left beside a later one's, are no survey of the list. Each zone the record lists is read from
 * its snapshot through the same validated path as `digdeeper open` (re-decoded and judged again by this version) and
 * summarised as the survey summarises a zone, with the record's first-seen times.
 */
export async function readSurvey(file: string): Promise<ReadSurvey> {
	const info = await stat(file).catch((error: unknown) => {
		throw unreadableFile('survey', file, error);
	});
	if (info.isDirectory()) return readSurveyDirectory(file);
	return readSurveyRecord(file);
}

async function readSurveyRecord(file: string): Promise<ReadSurvey> {
	const text = await readFileBounded(file, MAX_SURVEY_BYTES).catch((error: unknown) => {
		throw unreadableFile('survey', file, error);
	});
	const {zones, summary} = parseSurveyRecord(text, file);
	return {file, zones, startedAt: summary.startedAt, summary};
}

async function readSurveyDirectory(dir: string): Promise<ReadSurvey> {
	const recordFile = path.join(dir, SURVEY_RECORD_FILE);
	const info = await lstat(recordFile).catch(() => undefined);
	if (!info?.isFile()) throw new SurveyFileError(`${dir}: no ${SURVEY_RECORD_FILE} in it: not the -o DIR of a completed survey (an interrupted one writes none)`);
	const record = await readSurveyRecord(recordFile);
	const seen = firstSeenOf(record.zones);
	const zones: SurveyZoneRecord[] = [];
	for (const listed of record.zones) {
		// The zone's snapshot where this directory keeps it now (the record's path may be where the survey wrote it).
		const file = path.join(dir, zoneFileName(listed.zone));
		const kind = await lstat(file).catch(() => undefined);
		if (!kind?.isFile()) throw new SurveyFileError(`${file}: ${kind ? 'not a regular file (a link?)' : 'missing'}: ${SURVEY_RECORD_FILE} lists ${JSON.stringify(listed.zone)} and its snapshot is needed`);
		const analysed = await openSnapshot(file);
		const {query, startedAt} = analysed.trace;
		if (query.type !== 'SOA' || query.name !== listed.zone) throw new SurveyFileError(`${file}: a trace of ${query.name} ${query.type}, not the survey's ${listed.zone} SOA`);
		zones.push(zoneRecord(summarizeZone(query.name, analysed), startedAt, (finding) => sinceIn(seen, query.name, finding) ?? startedAt, file));
	}
	return {file: dir, zones, startedAt: record.summary.startedAt, summary: record.summary};
}
