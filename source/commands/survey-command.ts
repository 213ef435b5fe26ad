import {mkdir} from 'node:fs/promises';
import path from 'node:path';
import {terminalSafeJson} from '../dns/safe-json.js';
import {readFileBounded} from '../files/read-file-bounded.js';
import {checkOutput, writeFileAtomic} from '../files/write-file-atomic.js';
import {serializeSnapshot} from '../snapshot/write-snapshot.js';
import {createPoliteTransport, DEFAULT_POLITENESS, type Politeness} from '../survey/polite-transport.js';
import {RootWalkError, walkRootTlds, type RootTlds} from '../survey/root-tlds.js';
import {survey, type SurveyTotals, type ZoneResult} from '../survey/survey.js';
import {MAX_ZONE_LIST_BYTES, zoneList, ZoneListError} from '../survey/zone-list.js';
import {surveyTotalsText, surveyZoneLine} from '../text/survey-text.js';
import {TOOL} from '../version.js';
import {RunFailure} from './run-failure.js';
import {prepareTrace, type PreparedTrace, type TraceRequest} from './trace-command.js';
import {unreadableFile} from './unreadable-file.js';
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
}

/** The file a zone's snapshot is kept in: its name without the final dot (the root is `root`), safe as a file name. */
export function zoneFileName(zone: string): string {
	return `${zone.replace(/\.$/u, '').replace(/[^a-z0-9._-]/giu, '_') || 'root'}.json`;
}

/** The zones, read and checked before any packet is sent: any mistake is a usage error naming the zone (and line). */
async function zonesOf(request: SurveyRequest) {
	let file;
	if (request.file !== undefined) {
		try {
			file = {path: request.file, text: await readFileBounded(request.file, MAX_ZONE_LIST_BYTES)};
		} catch (error) {
			throw unreadableFile('zone list', request.file, error);
		}
	}
	try {
		const zones = zoneList(request.zones, file);
		if (zones.length === 0) throw new UsageError(request.file === undefined ? 'survey needs zones: digdeeper survey ZONE… or --file FILE' : `${request.file} lists no zone`);
		return zones;
	} catch (error) {
		throw error instanceof ZoneListError ? new UsageError(error.message) : error;
	}
}

/**
 * --tlds: the root's TLDs from its NSEC chain, asked as politely as the survey asks, and validated at the survey's
 * validation time. A chain that cannot be trusted fails the command, with the reason.
 */
async function rootTlds(prepared: PreparedTrace, request: SurveyRequest, politeness: Politeness, validateAt: ((startedAt: string) => string) | undefined): Promise<RootTlds> {
	const started = new Date().toISOString();
	const now = Math.floor(Date.parse(validateAt?.(started) ?? started) / 1000);
	try {
		return await walkRootTlds({transport: createPoliteTransport(prepared.transport, politeness), hints: prepared.hints, port: prepared.port, families: request.families, anchors: prepared.anchors, timeoutMs: request.timeoutMs, retries: request.retries, now});
	} catch (error) {
		throw error instanceof RootWalkError ? new RunFailure(`cannot list the root's TLDs: ${error.message}`) : error;
	}
}

/**
 * `digdeeper survey`: every zone judged as its trace of `ZONE SOA` judges it, one line (or one NDJSON object) per
 * zone as it finishes, its snapshot written with -o DIR, then the totals. Exit status 1 when a zone has an error.
 */
export async function runSurvey(request: SurveyRequest, io: {stdout: (text: string) => void}): Promise<0 | 1> {
	const concurrency = request.concurrency ?? DEFAULT_POLITENESS.maxInFlight;
	const rate = request.rate ?? DEFAULT_POLITENESS.ratePerAddress;
	if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY) throw new UsageError(`invalid --concurrency ${concurrency}: use 1 to ${MAX_CONCURRENCY}`);
	if (!Number.isFinite(rate) || rate <= 0 || rate > MAX_RATE) throw new UsageError(`invalid --rate ${rate}: use a positive number of queries per second, at most ${MAX_RATE}`);
	if (request.lab && request.port !== 53) throw new UsageError('--port does not apply to --lab: the lab\'s servers answer in process, on no port');
	if (request.tlds && request.zones.length > 0) throw new UsageError(`--tlds lists the zones itself: give no zone (${request.zones[0]})`);
	const zones = request.tlds ? [] : await zonesOf(request);
	const prepared = await prepareTrace({...request, name: zones[0] ?? '.', type: 'SOA'});
	const politeness = {maxInFlight: concurrency, ratePerAddress: rate};
	const validateAt = request.at === undefined ? undefined : (startedAt: string) => resolveValidationTime(request.at!, startedAt);
	if (request.tlds) {
		const walked = await rootTlds(prepared, request, politeness, validateAt);
		zones.push(...walked.tlds);
		if (!request.json) io.stdout(`;; ${walked.tlds.length} TLDs from the root's NSEC chain, ${walked.nsecs.length} NSEC records each validated\n`);
	}
	const {outputDir} = request;
	if (outputDir !== undefined) {
		await mkdir(outputDir, {recursive: true}).catch((error: NodeJS.ErrnoException) => {
			throw new UsageError(`cannot use ${outputDir} for snapshots: ${error.code ?? error.message}`);
		});
		// Refused before the first query: a snapshot of an earlier survey is replaced only with --force.
		for (const zone of zones) await checkOutput(path.join(outputDir, zoneFileName(zone)), {force: request.force});
	}

	const onZone = async ({analysed, summary}: ZoneResult) => {
		const snapshot = outputDir === undefined ? undefined : path.join(outputDir, zoneFileName(summary.zone));
		if (snapshot !== undefined) await writeFileAtomic(snapshot, serializeSnapshot(analysed, TOOL), {force: request.force});
		if (request.json) {
			const {zone, servers, findings, ...rest} = summary;
			io.stdout(`${terminalSafeJson(JSON.stringify({zone, servers, findings, summary: {...rest, worst: findings[0]?.severity ?? 'clean'}, ...(snapshot === undefined ? {} : {snapshot})}))}\n`);
		} else io.stdout(surveyZoneLine(summary));
	};
	const totals: SurveyTotals = await survey(
		zones,
		{
			transport: prepared.transport,
			hints: prepared.hints,
			port: prepared.port,
			families: request.families,
			timeoutMs: request.timeoutMs,
			retries: request.retries,
			dnssec: request.dnssec,
			describe: {...prepared.describe, ...(request.expiryWarningDays === undefined ? {} : {expiryWarningDays: request.expiryWarningDays})},
			anchors: prepared.anchors,
			politeness,
			...(validateAt ? {validateAt} : {}),
		},
		onZone,
	);
	io.stdout(request.json ? `${JSON.stringify({summary: totals})}\n` : surveyTotalsText(totals));
	return totals.worst.error > 0 ? 1 : 0;
}
