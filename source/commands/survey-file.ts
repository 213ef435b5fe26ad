import {createHash} from 'node:crypto';
import {lstat, stat} from 'node:fs/promises';
import path from 'node:path';
import {readChunksBounded} from '../files/read-file-bounded.js';
import {problemKey, zoneFirstSeen} from '../survey/survey-compare.js';
import {MAX_SURVEY_BYTES, MAX_SURVEY_LINE_BYTES, SurveyFileError, surveyRecordReader, zoneRecord, type SurveySummaryRecord, type SurveyZoneRecord} from '../survey/survey-record.js';
import {summarizeZone, type ZoneSummary} from '../survey/zone-summary.js';
import {openSnapshot} from './open-command.js';
import {unreadableFile} from './unreadable-file.js';

/**
 * The file a zone's snapshot is kept in: its name without the final dot (the root is `_root`), safe as a file name and
 * one file per zone, even where the file system ignores case: every character but a-z, 0-9, `.` and `-` is written
 * `_` and its code in hex (`foo_bar.` is `foo_5fbar`, `foo/bar.` is `foo_2fbar`, `Foo.` is `_46oo`). A name too long
 * for a file name keeps its start and gains a digest of the whole.
 */
export function zoneFileName(zone: string): string {
	const plain = zone.replace(/\.$/u, '').replace(/[^a-z0-9.-]/gu, (char) => `_${char.charCodeAt(0).toString(16).padStart(2, '0')}`) || '_root';
	const base = plain.length <= MAX_BASE ? plain : `${plain.slice(0, MAX_BASE - 17)}_${createHash('sha256').update(zone).digest('hex').slice(0, 16)}`;
	return `${base}.json`;
}

/** File names are at most 255 bytes on common file systems: room for `.json`, and for the temporary name a write uses. */
const MAX_BASE = 200;

/** The record a survey keeps beside its snapshots in -o DIR. */
export const SURVEY_RECORD_FILE = 'survey.ndjson';

/** `--report --format html -o DIR`: the page, beside the snapshots it links to. */
export const SURVEY_PAGE_FILE = 'report.html';

/** A survey read back, its zones given one by one as they are read: which file, when it started, its summary. */
export interface ReadSurvey {
	file: string;
	startedAt: string;
	summary: SurveySummaryRecord;
}

/**
 * A previous survey, as a file (its NDJSON record) or as the directory its -o DIR wrote, read as a stream: each zone
 * is given to `onZone` as it is read and kept only as long as the caller keeps it, so a record of a million zones is
 * never held whole. A directory is a survey only with its record (`DIR/survey.ndjson`, written when the survey
 * completed): an interrupted survey's snapshots, or those an earlier run left beside a later one's, are no survey of
 * the list. Each zone the record lists is read from its snapshot through the same validated path as `digdeeper open`
 * (re-decoded and judged again by this version) and summarised as the survey summarises a zone, with the record's
 * first-seen times. A file that fails a check is refused when the check fails, after the zones before it were given.
 */
export async function readSurvey(file: string, onZone: (zone: SurveyZoneRecord) => void): Promise<ReadSurvey> {
	const info = await stat(file).catch((error: unknown) => {
		throw unreadableFile('survey', file, error);
	});
	if (info.isDirectory()) return readSurveyDirectory(file, onZone);
	return readSurveyRecord(file, async (zone) => onZone(zone));
}

async function readSurveyRecord(file: string, onZone: (zone: SurveyZoneRecord) => Promise<void>): Promise<ReadSurvey> {
	const reader = surveyRecordReader(file);
	const lines = linesOf(file, reader.tooLong);
	for (let next = await lines.next(); ; next = await lines.next()) {
		if (next.done) {
			const summary = reader.end(next.value);
			return {file, startedAt: summary.startedAt, summary};
		}
		const zone = reader.line(next.value);
		if (zone) await onZone(zone);
	}
}

/**
 * A file's lines as they are read, without their newlines; what follows the last newline is returned at the end. A
 * line is never held past the longest a survey writes: `tooLong` is thrown instead.
 */
async function* linesOf(file: string, tooLong: () => Error): AsyncGenerator<string, string> {
	let pending: Buffer[] = [];
	let pendingBytes = 0;
	const chunks = (async function* () {
		try {
			yield* readChunksBounded(file, MAX_SURVEY_BYTES);
		} catch (error) {
			throw unreadableFile('survey', file, error);
		}
	})();
	for await (const chunk of chunks) {
		let from = 0;
		for (let at = chunk.indexOf(0x0a); at !== -1; at = chunk.indexOf(0x0a, from)) {
			pending.push(chunk.subarray(from, at));
			const line = Buffer.concat(pending).toString('utf8');
			pending = [];
			pendingBytes = 0;
			from = at + 1;
			yield line;
		}
		if (from < chunk.length) {
			pending.push(chunk.subarray(from));
			pendingBytes += chunk.length - from;
			if (pendingBytes > MAX_SURVEY_LINE_BYTES) throw tooLong();
		}
	}
	return Buffer.concat(pending).toString('utf8');
}

async function readSurveyDirectory(dir: string, onZone: (zone: SurveyZoneRecord) => void): Promise<ReadSurvey> {
	return readSurveyZones(dir, (summary, file, record) => onZone(zoneRecord(summary, summary.startedAt, (finding) => record.seen.get(problemKey(finding)) ?? summary.startedAt, file)));
}

/** A zone of a survey directory as this version judges it again from its snapshot: what the survey's screen lists. */
export interface JudgedZone extends ZoneSummary {
	startedAt: string;
}

/**
 * The zones a survey's -o DIR holds, each judged again from its snapshot through the same validated path as
 * `digdeeper open` and summarised as the survey summarises a zone (with where its snapshot is and the record's
 * first-seen times), in the record's order; refused as `readSurvey` refuses a directory.
 */
export async function readSurveyZones(dir: string, onZone: (summary: JudgedZone, snapshot: string, record: {seen: Map<string, string>}) => void): Promise<ReadSurvey> {
	const recordFile = path.join(dir, SURVEY_RECORD_FILE);
	const info = await lstat(recordFile).catch(() => undefined);
	if (info && !info.isFile()) throw new SurveyFileError(`${recordFile}: not a regular file: a survey's -o DIR holds its record as one`);
	if (!info) throw new SurveyFileError(`${dir}: no ${SURVEY_RECORD_FILE} in it: not the -o DIR of a completed survey (an interrupted one writes none)`);
	const record = await readSurveyRecord(recordFile, async (listed) => {
		const seen = zoneFirstSeen(listed);
		// The zone's snapshot where this directory keeps it now (the record's path may be where the survey wrote it).
		const file = path.join(dir, zoneFileName(listed.zone));
		const kind = await lstat(file).catch(() => undefined);
		if (!kind?.isFile()) throw new SurveyFileError(`${file}: ${kind ? 'not a regular file (a link?)' : 'missing'}: ${SURVEY_RECORD_FILE} lists ${JSON.stringify(listed.zone)} and its snapshot is needed`);
		const analysed = await openSnapshot(file);
		const {query, startedAt} = analysed.trace;
		if (query.type !== 'SOA' || query.name !== listed.zone) throw new SurveyFileError(`${file}: a trace of ${query.name} ${query.type}, not the survey's ${listed.zone} SOA`);
		onZone({...summarizeZone(query.name, analysed), startedAt}, file, {seen});
	});
	return {file: dir, startedAt: record.startedAt, summary: record.summary};
}
