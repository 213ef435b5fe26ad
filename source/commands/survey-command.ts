import path from 'node:path';
import {makeDirectory} from '../files/make-directory.js';
import {terminalSafeJson} from '../dns/safe-json.js';
import {readFileBounded} from '../files/read-file-bounded.js';
import {checkOutput, writeFileAtomic} from '../files/write-file-atomic.js';
import {serializeSnapshot} from '../snapshot/write-snapshot.js';
import {createPoliteTransport, DEFAULT_POLITENESS, type PoliteTransport} from '../survey/polite-transport.js';
import {RootWalkError, walkRootTlds, type RootTlds} from '../survey/root-tlds.js';
import {survey, type SurveyTotals, type ZoneResult} from '../survey/survey.js';
import type {SurveyProgress} from '../survey/survey-progress.js';
import type {ZoneSummary} from '../survey/zone-summary.js';
import {MAX_ZONE_LIST_BYTES, zoneList, ZoneListError} from '../survey/zone-list.js';
import {surveyTotalsText, surveyZoneLine} from '../text/survey-text.js';
import {listDigest, parseShard, shardOf, zonesOfShard} from '../survey/shard.js';
import {compareSurveys, sinceIn, surveyProblems, zoneFirstSeen, zoneProblems, type FirstSeen} from '../survey/survey-compare.js';
import {summaryRecordJson, zoneRecord, zoneRecordJson, type SurveySummaryRecord, type SurveyZoneRecord} from '../survey/survey-record.js';
import type {ReportFormat} from '../text/report.js';
import {renderSurveyReport} from '../text/survey-report.js';
import {TOOL} from '../version.js';
import {readSurvey, SURVEY_PAGE_FILE, SURVEY_RECORD_FILE, zoneFileName} from './survey-file.js';
import {openRecordFile} from './survey-record-file.js';
import {RunFailure} from './run-failure.js';
import {prepareTrace, walkSettings, type PreparedTrace, type TraceRequest} from './trace-command.js';
import {unreadableFile, unusableDirectory} from './unreadable-file.js';
import {UsageError} from './usage-error.js';
import {resolveValidationTime} from './validation-time.js';

/** The most queries in flight and per second per address a survey may be given: beyond them it is a flood, not a survey. */
export const MAX_CONCURRENCY = 4096;
export const MAX_RATE = 1000;

export interface SurveyRequest extends Omit<TraceRequest, 'name' | 'type' | 'output' | 'server'> {
	zones: string[];
	/** --tlds: every TLD the root delegates, read from its validated NSEC chain, instead of a list. */
	tlds?: boolean;
	/** --file: one zone per line. */
	file?: string;
	/** -o DIR: every zone's snapshot, as DIR/ZONE.json. */
	outputDir?: string;
	concurrency?: number;
	rate?: number;
	/** --shard K/N: only the zones of the list in that part. */
	shard?: string;
	/** --since PREVIOUS: a previous survey (NDJSON or -o DIR), to carry first-seen times from and compare with. */
	since?: string;
	/** --report: the morning mail, in this format, instead of a line per zone (html: a page, in -o DIR when given). */
	report?: ReportFormat | 'html';
}

/** A survey shown in a terminal: its progress as it runs, and each zone with the snapshot its trace was written to. */
export interface SurveyScreen {
	/** Where snapshots go without -o DIR: the screen opens each zone's trace from its snapshot. */
	snapshotDir: string;
	onProgress: (progress: SurveyProgress) => void;
	onZone: (summary: ZoneSummary, snapshot: string) => void;
}

/** The zones, read and checked before any packet is sent: any mistake is a usage error naming the zone (and line). */
async function zonesOf(request: SurveyRequest) {
	let file;
	// meow reads `--file -` as an empty name: a list on standard input is not read, and the message says so.
	if (request.file === '' || request.file === '-') throw new UsageError('--file needs a file name (a zone list on standard input is not read: write it to a file)');
	if (request.file !== undefined) {
		try {
			file = {path: request.file, text: await readFileBounded(request.file, MAX_ZONE_LIST_BYTES)};
		} catch (error) {
			throw unreadableFile('zone list', request.file, error);
		}
	}
	try {
		const zones = zoneList(request.zones, file);
		if (zones.length === 0) throw new UsageError(request.file === undefined ? 'survey needs zones: digdeeper survey ZONE…, --file FILE or --tlds' : `${request.file} lists no zone`);
		return zones;
	} catch (error) {
		throw error instanceof ZoneListError ? new UsageError(error.message) : error;
	}
}

/**
 * --tlds: the root's TLDs from its NSEC chain, asked through the survey's own polite transport (the survey then asks
 * the same root servers, and their rate holds across the two), and validated at the survey's validation time. A chain
 * that cannot be trusted fails the command, with the reason.
 */
async function rootTlds(prepared: PreparedTrace, request: SurveyRequest, polite: PoliteTransport, validateAt: ((startedAt: string) => string) | undefined): Promise<RootTlds> {
	const started = new Date().toISOString();
	const now = Math.floor(Date.parse(validateAt?.(started) ?? started) / 1000);
	try {
		return await walkRootTlds({transport: polite, hints: prepared.hints, port: prepared.port, families: request.families, anchors: prepared.anchors, timeoutMs: request.timeoutMs, retries: request.retries, now});
	} catch (error) {
		throw error instanceof RootWalkError ? new RunFailure(`cannot list the root's TLDs: ${error.message}`) : error;
	}
}

/**
 * `digdeeper survey`: every zone judged as its trace of `ZONE SOA` judges it, one line (or one NDJSON object) per
 * zone as it finishes, its snapshot written with -o DIR, then the totals. Exit status 1 when a zone has an error.
 */
export async function runSurvey(request: SurveyRequest, io: {stdout: (text: string) => void; screen?: SurveyScreen}): Promise<0 | 1> {
	const concurrency = request.concurrency ?? DEFAULT_POLITENESS.maxInFlight;
	const rate = request.rate ?? DEFAULT_POLITENESS.ratePerAddress;
	if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY) throw new UsageError(`invalid --concurrency ${concurrency}: use 1 to ${MAX_CONCURRENCY}`);
	if (!Number.isFinite(rate) || rate <= 0 || rate > MAX_RATE) throw new UsageError(`invalid --rate ${rate}: use a positive number of queries per second, at most ${MAX_RATE}`);
	if (request.lab && request.port !== 53) throw new UsageError('--port does not apply to --lab: the lab\'s servers answer in process, on no port');
	if (request.tlds && request.zones.length > 0) throw new UsageError(`--tlds lists the zones itself: give no zone (${request.zones[0]})`);
	const listed = request.tlds ? [] : await zonesOf(request);
	const shard = request.shard === undefined ? undefined : parseShard(request.shard);
	if (typeof shard === 'string') throw new UsageError(shard);
	// Read before any packet is sent: a previous survey that cannot be used is a usage error, not a lost morning.
	// Read as a stream, keeping of each zone its first-seen times and its problems, not its record. A shard compares with
	// its own part of a previous survey of the whole list, not with the zones of other parts.
	const seen: FirstSeen = new Map();
	const before = surveyProblems('');
	const read =
		request.since === undefined
			? undefined
			: await readSurvey(request.since, (zone) => {
					if (shard !== undefined && shardOf(zone.zone, shard.count) !== shard.index) return;
					seen.set(zone.zone, zoneFirstSeen(zone));
					before.zones.set(zone.zone, zoneProblems(zone));
				});
	const previous = read && {file: read.file, problems: {...before, startedAt: read.startedAt}};
	// The sockets on a thread of their own (dns/threaded-link.ts): a survey keeps this thread busy judging the zones it
	// has walked while the replies of the next come in, and a reply read after that work would have its round trip
	// measured that much longer. Its start (40-50 ms) is nothing beside a survey's minutes.
	const link = request.lab ? undefined : (await import('../dns/threaded-link.js')).createThreadedLink(request.families);
	const prepared = await prepareTrace({...request, name: listed[0] ?? '.', type: 'SOA'}, link ? {link} : {});
	const politeness = {maxInFlight: concurrency, ratePerAddress: rate};
	const validateAt = request.at === undefined ? undefined : (startedAt: string) => resolveValidationTime(request.at!, startedAt);
	// One polite transport for everything the survey sends, the root's NSEC chain included.
	const polite = createPoliteTransport(prepared.transport, politeness);
	if (request.tlds) {
		const walked = await rootTlds(prepared, request, polite, validateAt);
		listed.push(...walked.tlds);
		if (!request.json && !request.report && !io.screen) io.stdout(`;; ${walked.tlds.length} TLDs from the root's NSEC chain, ${walked.nsecs.length} NSEC records each validated\n`);
	}
	const zones = shard === undefined ? listed : zonesOfShard(listed, shard);
	const outputDir = request.outputDir ?? io.screen?.snapshotDir;
	if (outputDir !== undefined) {
		await makeDirectory(outputDir).catch((error: NodeJS.ErrnoException) => {
			throw unusableDirectory(outputDir, error, 'a survey\'s -o names a directory (one snapshot a zone)');
		});
		// Refused before the first query: a snapshot of an earlier survey is replaced only with --force.
		for (const zone of zones) await checkOutput(path.join(outputDir, zoneFileName(zone)), {force: request.force});
		if (request.report === 'html') await checkOutput(path.join(outputDir, SURVEY_PAGE_FILE), {force: request.force});
	}
	const recordFile = outputDir === undefined ? undefined : await openRecordFile(path.join(outputDir, SURVEY_RECORD_FILE), {force: request.force});
	const startedAt = new Date().toISOString();
	// What the report needs once every zone is done: the zones with problems, and for --since every zone's problems.
	const problemZones: SurveyZoneRecord[] = [];
	const current = surveyProblems(startedAt);

	const onZone = async ({analysed, summary}: ZoneResult) => {
		const snapshot = outputDir === undefined ? undefined : path.join(outputDir, zoneFileName(summary.zone));
		if (snapshot !== undefined) await writeFileAtomic(snapshot, serializeSnapshot(analysed, TOOL), {force: request.force});
		const record = zoneRecord(summary, analysed.trace.startedAt, (finding) => sinceIn(seen, summary.zone, finding), snapshot);
		const line = `${terminalSafeJson(zoneRecordJson(record))}\n`;
		await recordFile?.write(line);
		if (io.screen) io.screen.onZone(summary, snapshot!);
		else if (request.report) {
			const problems = {...record, findings: record.findings.filter((finding) => finding.severity !== 'info')};
			if (problems.findings.length > 0) problemZones.push(problems);
			if (previous) current.zones.set(record.zone, zoneProblems(record));
		} else if (request.json) io.stdout(line);
		else io.stdout(surveyZoneLine(summary));
	};
	const totals: SurveyTotals = await survey(
		zones,
		{
			...walkSettings(prepared, request, 'survey'),
			anchors: prepared.anchors,
			politeness,
			polite,
			...(validateAt ? {validateAt} : {}),
			...(io.screen ? {onProgress: io.screen.onProgress} : {}),
		},
		onZone,
	).catch(async (error: unknown) => {
		await recordFile?.abandon();
		throw error;
	});
	const summary: SurveySummaryRecord = {
		...totals,
		startedAt,
		endedAt: new Date().toISOString(),
		list: {zones: listed.length, digest: listDigest(listed)},
		...(shard === undefined ? {} : {shard}),
		...(request.lab && prepared.describe.lab !== undefined ? {lab: prepared.describe.lab} : {}),
		dnssec: request.dnssec,
		...(request.at === undefined ? {} : {validateAt: request.at.kind === 'moment' ? new Date(request.at.ms).toISOString() : `${request.at.ms < 0 ? '-' : '+'}${Math.round(Math.abs(request.at.ms) / 1000)}s`}),
		tool: {name: TOOL.name, version: TOOL.version},
	};
	const summaryLine = `${terminalSafeJson(summaryRecordJson(summary))}\n`;
	await recordFile?.write(summaryLine);
	await recordFile?.finish();
	// On a screen the explorer shows the totals itself.
	if (io.screen) return totals.worst.error > 0 ? 1 : 0;
	if (request.report) {
		problemZones.sort((a, b) => (a.zone < b.zone ? -1 : a.zone > b.zone ? 1 : 0));
		const since = previous && {comparison: compareSurveys(previous.problems, current), file: previous.file};
		const input = {summary, problemZones, ...(since ? {since} : {})};
		if (request.report !== 'html') io.stdout(renderSurveyReport(input, request.report));
		else {
			// The page is loaded only when asked for; with -o DIR it is written beside the snapshots it links to.
			const page = (await import('../html/survey-page.js')).renderSurveyPage(input, {toolVersion: TOOL.version});
			if (outputDir === undefined) io.stdout(page);
			else await writeFileAtomic(path.join(outputDir, SURVEY_PAGE_FILE), page, {force: request.force});
		}
	} else io.stdout(request.json ? summaryLine : surveyTotalsText(totals));
	return totals.worst.error > 0 ? 1 : 0;
}
