import {mkdir} from 'node:fs/promises';
import path from 'node:path';
import {terminalSafeJson} from '../dns/safe-json.js';
import {readFileBounded} from '../files/read-file-bounded.js';
import {checkOutput, writeFileAtomic} from '../files/write-file-atomic.js';
import {serializeSnapshot} from '../snapshot/write-snapshot.js';
import {DEFAULT_POLITENESS} from '../survey/polite-transport.js';
import {survey, type SurveyTotals, type ZoneResult} from '../survey/survey.js';
import type {SurveyProgress} from '../survey/survey-progress.js';
import type {ZoneSummary} from '../survey/zone-summary.js';
import {MAX_ZONE_LIST_BYTES, zoneList, ZoneListError} from '../survey/zone-list.js';
import {surveyTotalsText, surveyZoneLine} from '../text/survey-text.js';
import {TOOL} from '../version.js';
import {prepareTrace, type TraceRequest} from './trace-command.js';
import {unreadableFile} from './unreadable-file.js';
import {UsageError} from './usage-error.js';

/** The most queries in flight and per second per address a survey may be given: beyond them it is a flood, not a survey. */
export const MAX_CONCURRENCY = 4096;
export const MAX_RATE = 1000;

export interface SurveyRequest extends Omit<TraceRequest, 'name' | 'type' | 'output' | 'at' | 'server'> {
	zones: string[];
	/** --file: one zone per line. */
	file?: string;
	/** -o DIR: every zone's snapshot, as DIR/ZONE.json. */
	outputDir?: string;
	concurrency?: number;
	rate?: number;
}

/** A survey shown in a terminal: its progress as it runs, and each zone with the snapshot its trace was written to. */
export interface SurveyScreen {
	/** Where snapshots go without -o DIR: the screen opens each zone's trace from its snapshot. */
	snapshotDir: string;
	onProgress: (progress: SurveyProgress) => void;
	onZone: (summary: ZoneSummary, snapshot: string) => void;
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
 * `digdeeper survey`: every zone judged as its trace of `ZONE SOA` judges it, one line (or one NDJSON object) per
 * zone as it finishes, its snapshot written with -o DIR, then the totals. Exit status 1 when a zone has an error.
 */
export async function runSurvey(request: SurveyRequest, io: {stdout: (text: string) => void; screen?: SurveyScreen}): Promise<0 | 1> {
	const concurrency = request.concurrency ?? DEFAULT_POLITENESS.maxInFlight;
	const rate = request.rate ?? DEFAULT_POLITENESS.ratePerAddress;
	if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY) throw new UsageError(`invalid --concurrency ${concurrency}: use 1 to ${MAX_CONCURRENCY}`);
	if (!Number.isFinite(rate) || rate <= 0 || rate > MAX_RATE) throw new UsageError(`invalid --rate ${rate}: use a positive number of queries per second, at most ${MAX_RATE}`);
	if (request.lab && request.port !== 53) throw new UsageError('--port does not apply to --lab: the lab\'s servers answer in process, on no port');
	const zones = await zonesOf(request);
	const prepared = await prepareTrace({...request, name: zones[0]!, type: 'SOA'});
	const outputDir = request.outputDir ?? io.screen?.snapshotDir;
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
		if (io.screen) io.screen.onZone(summary, snapshot!);
		else if (request.json) {
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
			politeness: {maxInFlight: concurrency, ratePerAddress: rate},
			...(io.screen ? {onProgress: io.screen.onProgress} : {}),
		},
		onZone,
	);
	if (!io.screen) io.stdout(request.json ? `${JSON.stringify({summary: totals})}\n` : surveyTotalsText(totals));
	return totals.worst.error > 0 ? 1 : 0;
}
