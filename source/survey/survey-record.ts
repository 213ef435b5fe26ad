import * as z from 'zod';
import type {Severity} from '../analysis/finding.js';
import {parseUserName, type Name} from '../dns/name.js';
import type {SurveyTotals} from './survey.js';
import type {SurveyDnssec, ZoneSummary} from './zone-summary.js';

/*
 * A survey's record: NDJSON, one object per zone as it finishes, then one summary object (docs/survey.md). Every object
 * names the format, so a line cut out of the file (grep, a shard) still says what it is. The reader below takes a file
 * from another machine, an older run or someone hostile: every line is checked against this shape, sizes are bounded,
 * and the strings are kept as they came (a plain `string` is untrusted: views present them), so a survey merged from
 * its parts is written back byte for byte as it was read.
 */

export const SURVEY_SCHEMA = 'digdeeper/survey@1';

/** A survey record read at most this big: a million zones at about 250 bytes each, with room for findings. */
export const MAX_SURVEY_BYTES = 256 * 1024 * 1024;
/** One zone's line at most: 13 servers and every finding a trace can have fit in a few tens of kilobytes. */
export const MAX_SURVEY_LINE_BYTES = 1024 * 1024;

/** A survey file that cannot be used, said in one line that names the file and the line. */
export class SurveyFileError extends Error {
	override name = 'SurveyFileError';
}

export interface SurveyRecordFinding {
	code: string;
	severity: Severity;
	/** The zone the finding is about (a zone's trace can find something about its parent). */
	zone: Name;
	servers: string[];
	message: string;
	/** When this zone was first seen with this code, carried from survey to survey (--since): an ISO 8601 time. */
	since: string;
}

/** One zone as a survey records it. */
export interface SurveyZoneRecord {
	zone: Name;
	/** When the zone's trace started (ISO 8601, UTC). */
	surveyedAt: string;
	servers: {answering: number; total: number};
	/** Worst first, as the analysis sorts them. */
	findings: SurveyRecordFinding[];
	summary: {serials: number[]; dnssec: SurveyDnssec; probes: {total: number; shared: number}; worst: Severity | 'clean'};
	/** -o DIR: where the zone's snapshot is. */
	snapshot?: string;
}

/** A K/N shard: the Kth of N disjoint parts of the list, K from 1. */
export interface Shard {
	index: number;
	count: number;
}

/** The survey's closing object: when, with what, of which list, and the counts. */
export interface SurveySummaryRecord extends SurveyTotals {
	startedAt: string;
	endedAt: string;
	/** The whole list before any sharding: how many zones, and a digest of them sorted, so parts of one list are known as such. */
	list: {zones: number; digest: string};
	shard?: Shard;
	/** With --lab: which lab (`internet`, or the generated root's flags). */
	lab?: string;
	dnssec: boolean;
	/** `--at`: when every zone's signatures were judged, a moment (ISO) or an offset from each trace's start (`+30d`). */
	validateAt?: string;
	tool: {name: string; version: string};
	/** A merged survey: how many parts it was made of (its run's measurements are combined, see mergeSurveys). */
	parts?: number;
}

export interface SurveyRecord {
	zones: SurveyZoneRecord[];
	summary: SurveySummaryRecord;
}

/** A zone's summary as its record, each finding first seen at `since(finding)` (now, unless an earlier survey saw it). */
export function zoneRecord(summary: ZoneSummary, surveyedAt: string, since: (finding: {code: string; severity: Severity; zone: Name}) => string | undefined, snapshot?: string): SurveyZoneRecord {
	return {
		zone: summary.zone,
		surveyedAt,
		servers: summary.servers,
		findings: summary.findings.map(({code, severity, zone, servers, message}) => ({code, severity, zone, servers, message, since: since({code, severity, zone}) ?? surveyedAt})),
		summary: {serials: summary.serials, dnssec: summary.dnssec, probes: summary.probes, worst: summary.findings[0]?.severity ?? 'clean'},
		...(snapshot === undefined ? {} : {snapshot}),
	};
}

/**
 * A zone's line, its keys always in this order: the writer and the merge both write through here, so a merged survey's
 * lines are the parts' lines.
 */
export function zoneRecordJson(record: SurveyZoneRecord): string {
	const {zone, surveyedAt, servers, findings, summary, snapshot} = record;
	return JSON.stringify({
		schema: SURVEY_SCHEMA,
		zone,
		surveyedAt,
		servers: {answering: servers.answering, total: servers.total},
		findings: findings.map(({code, severity, zone: about, servers: involved, message, since}) => ({code, severity, zone: about, servers: involved, message, since})),
		summary: {serials: summary.serials, dnssec: summary.dnssec, probes: {total: summary.probes.total, shared: summary.probes.shared}, worst: summary.worst},
		...(snapshot === undefined ? {} : {snapshot}),
	});
}

export function summaryRecordJson(summary: SurveySummaryRecord): string {
	const {zones, worst, queriesSent, queriesShared, peakInFlight, durationMs, startedAt, endedAt, list, shard, lab, dnssec, validateAt, tool, parts} = summary;
	return JSON.stringify({
		schema: SURVEY_SCHEMA,
		summary: {
			zones,
			worst: {error: worst.error, warning: worst.warning, info: worst.info, clean: worst.clean},
			queriesSent,
			queriesShared,
			peakInFlight,
			durationMs,
			startedAt,
			endedAt,
			list: {zones: list.zones, digest: list.digest},
			...(shard === undefined ? {} : {shard: {index: shard.index, count: shard.count}}),
			...(lab === undefined ? {} : {lab}),
			dnssec,
			...(validateAt === undefined ? {} : {validateAt}),
			tool: {name: tool.name, version: tool.version},
			...(parts === undefined ? {} : {parts}),
		},
	});
}

const count = z.number().int().nonnegative();
// As Date#toISOString writes it: no other form, so nothing else can ride along in it.
const isoTime = z
	.string()
	.regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/u, 'not an ISO 8601 UTC time')
	.refine((value) => !Number.isNaN(Date.parse(value)), 'not a date');
/** A zone as a survey lists it: the form `parseUserName` makes, or not one a survey wrote. */
const zoneName = z
	.string()
	.max(1024)
	.refine((value) => {
		try {
			return parseUserName(value).name === value;
		} catch {
			return false;
		}
	}, 'not a zone name as a survey writes one (lower-case, absolute, A-labels)');
const severity = z.enum(['error', 'warning', 'info']);
const dnssec = z.enum(['secure', 'insecure', 'bogus', 'unanchored', 'indeterminate', 'not-checked', 'no-zone']);
const finding = z.object({
	code: z.string().max(64).regex(/^[A-Z][A-Z0-9_]*$/u, 'not a finding code'),
	severity,
	// A finding's zone is a name from the trace (a parent, an alias target): any name, up to a name's longest text.
	zone: z.string().min(1).max(1024),
	servers: z.array(z.string().max(1024)).max(4096),
	message: z.string().max(64 * 1024),
	since: isoTime,
});
const zoneLine = z.object({
	schema: z.literal(SURVEY_SCHEMA),
	zone: zoneName,
	surveyedAt: isoTime,
	servers: z.object({answering: count, total: count}).refine(({answering, total}) => answering <= total, 'more servers answering than there are'),
	findings: z.array(finding).max(4096),
	summary: z.object({serials: z.array(count.max(0xffff_ffff)).max(4096), dnssec, probes: z.object({total: count, shared: count}), worst: z.enum(['error', 'warning', 'info', 'clean'])}),
	snapshot: z.string().max(4096).optional(),
});
const summaryLine = z.object({
	schema: z.literal(SURVEY_SCHEMA),
	summary: z.object({
		zones: count,
		worst: z.object({error: count, warning: count, info: count, clean: count}),
		queriesSent: count,
		queriesShared: count,
		peakInFlight: count,
		durationMs: count,
		startedAt: isoTime,
		endedAt: isoTime,
		list: z.object({zones: count, digest: z.string().regex(/^sha256:[0-9a-f]{64}$/u, 'not a sha256 digest')}),
		shard: z.object({index: count.min(1), count: count.min(1)}).refine(({index, count: parts}) => index <= parts, 'a shard K/N with K above N').optional(),
		lab: z.string().max(256).optional(),
		dnssec: z.boolean(),
		validateAt: z.string().regex(/^(?:\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z|[+-]\d{1,12}s)$/u, 'not an --at moment or offset').optional(),
		tool: z.object({name: z.string().max(64), version: z.string().max(64)}),
		parts: count.min(1).optional(),
	}),
});

/** Where in a line: `findings[2].since`. */
function jsonPath(path: ReadonlyArray<PropertyKey>): string {
	return path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('').replace(/^\./u, '') || 'the top level';
}

function describeIssue(error: z.ZodError): string {
	const issue = error.issues[0];
	return issue ? `${issue.message.split('\n')[0]!.slice(0, 200)} (where: ${jsonPath(issue.path)})` : 'does not match the survey format';
}

/**
 * A survey's NDJSON read back: every line one zone's object, the last the summary; each zone once. Anything else (a line
 * cut short, one too long, a wrong type, a zone twice, zones after the summary, no summary: an interrupted survey) is
 * refused in one line naming the file and the line. `file` names the file in those lines.
 */
export function parseSurveyRecord(text: string, file: string): SurveyRecord {
	if (text.length > MAX_SURVEY_BYTES) throw new SurveyFileError(`${file}: larger than ${MAX_SURVEY_BYTES / 1024 / 1024} MB`);
	const lines = text.split('\n');
	// A file ends with its summary's newline: anything after the last one is a line cut short.
	const cut = lines.pop();
	const reader = surveyRecordReader(file);
	const zones: SurveyZoneRecord[] = [];
	for (const line of lines) {
		const zone = reader.line(line);
		if (zone) zones.push(zone);
	}
	return {zones, summary: reader.end(cut)};
}

/**
 * parseSurveyRecord a line at a time, for a record too big to hold (a survey's file is read as a stream): each zone's
 * line checked and given back as it is read, the summary at the end. What it keeps meanwhile is small: each zone's
 * name (to refuse one twice) and the counts the summary must agree with.
 */
export function surveyRecordReader(file: string) {
	const refuse = (line: number, what: string) => new SurveyFileError(`${file} line ${line}: ${what}`);
	const seen = new Map<Name, number>();
	const counted: Record<SurveyZoneRecord['summary']['worst'], number> = {error: 0, warning: 0, info: 0, clean: 0};
	let number = 0;
	let summary: SurveySummaryRecord | undefined;
	return {
		/** The refusal of the next line when it is too long to read whole: a reader of a stream stops holding it. */
		tooLong: () => refuse(number + 1, `longer than ${MAX_SURVEY_LINE_BYTES / 1024 / 1024} MB: not a zone a survey wrote`),
		/** A whole line (without its newline): the zone it holds, or nothing for the summary. */
		line(line: string): SurveyZoneRecord | undefined {
			number++;
			if (summary) throw refuse(number, 'more after the summary object, which ends a survey');
			if (Buffer.byteLength(line) > MAX_SURVEY_LINE_BYTES) throw refuse(number, `longer than ${MAX_SURVEY_LINE_BYTES / 1024 / 1024} MB: not a zone a survey wrote`);
			let data: unknown;
			try {
				data = JSON.parse(line);
			} catch (error) {
				throw refuse(number, `not JSON (${(error as Error).message.slice(0, 120)})`);
			}
			if (typeof data !== 'object' || data === null || Array.isArray(data)) throw refuse(number, 'not a JSON object');
			const schema = Object.hasOwn(data, 'schema') ? (data as {schema?: unknown}).schema : undefined;
			if (schema !== SURVEY_SCHEMA) throw refuse(number, typeof schema === 'string' && schema.startsWith('digdeeper/survey@') ? `format ${schema.slice(0, 64)} is not one this version reads (it reads ${SURVEY_SCHEMA})` : `not a digdeeper survey: no "schema": "${SURVEY_SCHEMA}"`);
			if (Object.hasOwn(data, 'summary') && !Object.hasOwn(data, 'zone')) {
				const parsed = summaryLine.safeParse(data);
				if (!parsed.success) throw refuse(number, `damaged summary: ${describeIssue(parsed.error)}`);
				summary = parsed.data.summary as SurveySummaryRecord;
				return undefined;
			}
			const parsed = zoneLine.safeParse(data);
			if (!parsed.success) throw refuse(number, `damaged zone: ${describeIssue(parsed.error)}`);
			const {schema: _schema, ...record} = parsed.data;
			const earlier = seen.get(record.zone);
			if (earlier !== undefined) throw refuse(number, `zone ${JSON.stringify(record.zone)} again (first on line ${earlier}): a survey lists each zone once`);
			seen.set(record.zone, number);
			counted[record.summary.worst]++;
			return record as SurveyZoneRecord;
		},
		/** The end of the file, with what followed its last newline (a line cut short unless empty): the summary. */
		end(rest = ''): SurveySummaryRecord {
			if (rest !== '') throw refuse(number + 1, 'cut short (no newline at its end): an interrupted survey?');
			if (number === 0) throw new SurveyFileError(`${file}: empty: not a survey`);
			if (!summary) throw new SurveyFileError(`${file}: ends before its summary object: an interrupted survey?`);
			if (summary.zones !== seen.size) throw refuse(number, `the summary counts ${summary.zones} zones, and the file has ${seen.size}`);
			// The counts a monitor's exit status is read from are the zones' own, never a summary's word for them.
			for (const worst of ['error', 'warning', 'info', 'clean'] as const) {
				if (summary.worst[worst] !== counted[worst]) throw refuse(number, `the summary counts ${summary.worst[worst]} zones whose worst is ${worst}, and the file has ${counted[worst]}`);
			}
			return summary;
		},
	};
}
