import {readdir, stat} from 'node:fs/promises';
import path from 'node:path';
import {readFileBounded} from '../files/read-file-bounded.js';
import {firstSeenOf, sinceIn, type FirstSeen} from '../survey/survey-compare.js';
import {MAX_SURVEY_BYTES, parseSurveyRecord, SurveyFileError, zoneRecord, type SurveySummaryRecord, type SurveyZoneRecord} from '../survey/survey-record.js';
import {summarizeZone} from '../survey/zone-summary.js';
import {openSnapshot} from './open-command.js';
import {unreadableFile} from './unreadable-file.js';

/** The record a survey keeps beside its snapshots in -o DIR. */
export const SURVEY_RECORD_FILE = 'survey.ndjson';

/** Snapshots read from one directory at most: a million zones, the most a survey record holds. */
export const MAX_SURVEY_SNAPSHOTS = 1_000_000;

/** A survey read back: its zones, when it started, and its summary object when it is a record (a directory has none). */
export interface ReadSurvey {
	file: string;
	zones: SurveyZoneRecord[];
	startedAt: string;
	summary?: SurveySummaryRecord;
}

/**
 * A previous survey, as a file (its NDJSON record) or as the directory its -o DIR wrote. A directory is read snapshot by
 * snapshot through the same validated path as `digdeeper open` (each re-decoded and judged again by this version) and
 * summarised as the survey summarises a zone; its first-seen times come from the record beside them, when there is one,
 * else each finding is first seen when its snapshot was taken.
 */
export async function readSurvey(file: string): Promise<ReadSurvey> {
	const info = await stat(file).catch((error: unknown) => {
		throw unreadableFile('survey', file, error);
	});
	if (info.isDirectory()) return readSurveyDirectory(file);
	const text = await readFileBounded(file, MAX_SURVEY_BYTES).catch((error: unknown) => {
		throw unreadableFile('survey', file, error);
	});
	const {zones, summary} = parseSurveyRecord(text, file);
	return {file, zones, startedAt: summary.startedAt, summary};
}

async function readSurveyDirectory(dir: string): Promise<ReadSurvey> {
	const entries = await readdir(dir, {withFileTypes: true}).catch((error: unknown) => {
		throw unreadableFile('survey directory', dir, error);
	});
	// Regular files only (never through a symbolic link), and not the writer's hidden temporary files.
	const snapshots = entries
		.filter((entry) => entry.isFile() && entry.name.endsWith('.json') && !entry.name.startsWith('.'))
		.map((entry) => entry.name)
		.sort();
	if (snapshots.length === 0) throw new SurveyFileError(`${dir}: no snapshot (ZONE.json) in it: not a survey's -o DIR`);
	if (snapshots.length > MAX_SURVEY_SNAPSHOTS) throw new SurveyFileError(`${dir}: ${snapshots.length} snapshots, more than a survey reads (${MAX_SURVEY_SNAPSHOTS})`);
	let seen: FirstSeen | undefined;
	if (entries.some((entry) => entry.isFile() && entry.name === SURVEY_RECORD_FILE)) seen = firstSeenOf((await readSurvey(path.join(dir, SURVEY_RECORD_FILE))).zones);
	const zones: SurveyZoneRecord[] = [];
	const where = new Map<string, string>();
	for (const name of snapshots) {
		const file = path.join(dir, name);
		const analysed = await openSnapshot(file);
		const {query, startedAt} = analysed.trace;
		if (query.type !== 'SOA') throw new SurveyFileError(`${file}: a trace of ${query.name} ${query.type}, not a survey's (ZONE SOA)`);
		const other = where.get(query.name);
		if (other !== undefined) throw new SurveyFileError(`${file} and ${other} are both of ${query.name}: a survey keeps one snapshot per zone`);
		where.set(query.name, file);
		zones.push(zoneRecord(summarizeZone(query.name, analysed), startedAt, (code) => sinceIn(seen, query.name, code) ?? startedAt, file));
	}
	return {file: dir, zones, startedAt: zones.map((zone) => zone.surveyedAt).sort()[0]!};
}
