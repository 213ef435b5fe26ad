import {withAnalysis, type AnalysedTrace} from '../analysis/analyze.js';
import type {TrustAnchors} from '../analysis/dnssec/trust-anchors.js';
import type {Severity} from '../analysis/finding.js';
import type {Name} from '../dns/name.js';
import type {Transport} from '../dns/transport.js';
import {DEFAULT_LIMITS} from '../trace/limits.js';
import {walk, type WalkConfig} from '../trace/walk.js';
import {createPoliteTransport, SYSTEM_CLOCK, type Clock, type Politeness, type PoliteTransport} from './polite-transport.js';
import {surveyHeapGrowth} from './heap-growth.js';
import {createSharedTransport, DEFAULT_SHARE_ENTRIES} from './shared-transport.js';
import {progressReading, type SurveyProgress} from './survey-progress.js';
import {summarizeZone, type ZoneSummary} from './zone-summary.js';

/**
 * Zones walked at once. Each walk keeps a few dozen queries out and, at a dead server, waits out its time-outs; 64
 * walks keep the default 256 slots busy meanwhile, and memory holds at most 64 traces whatever the list's length.
 */
export const DEFAULT_ZONES_IN_PARALLEL = 64;

export interface SurveyConfig extends Pick<WalkConfig, 'hints' | 'port' | 'families' | 'timeoutMs' | 'retries' | 'dnssec' | 'tcpChecks' | 'describe' | 'limits'> {
	/** Where queries really go (the network or the lab): the survey puts its share and its politeness in front. */
	transport: Transport;
	anchors: TrustAnchors;
	politeness: Politeness;
	/**
	 * The survey's polite transport, when the survey's setup asked through it first (--tlds walks the root's chain): one
	 * per survey, so no address gets more than the rate at the hand-over. Made from `transport` otherwise.
	 */
	polite?: PoliteTransport;
	zonesInParallel?: number;
	clock?: Clock;
	/** Wall-clock time: each trace's start, and when a shared result was measured. */
	date?: () => Date;
	/** Told as each query goes out and each zone is done: often, so a view keeps the latest and draws at its own pace. */
	onProgress?: (progress: SurveyProgress) => void;
	/** `--at`: the moment (ISO 8601) each trace's signatures are judged at, from the trace's start; kept in its snapshot. */
	validateAt?: (startedAt: string) => string;
}

/** A zone as it finishes: its whole analysed trace, to write or show now, and the summary that is all that stays. */
export interface ZoneResult {
	analysed: AnalysedTrace;
	summary: ZoneSummary;
}

/** The survey's totals: counts only, so they stay small whatever the list's length. */
export interface SurveyTotals {
	zones: number;
	/** Zones whose worst finding has this severity; zones with no finding are `clean`. */
	worst: Record<Severity | 'clean', number>;
	/** Queries that went out on the network (or the lab's), and probes the share answered instead. */
	queriesSent: number;
	queriesShared: number;
	peakInFlight: number;
	durationMs: number;
}

/**
 * Each zone of the list judged as a trace of `ZONE SOA` judges it (the parent's delegation from every parent server,
 * every server of the zone at every address, SOA, NS, DNSKEY, the TCP check (with `tcpChecks: 'zone-data'`, as `survey` runs it: the SOA, NS and DNSKEY again over TCP), NSID) and analysed the same way, with
 * the walks sharing one transport: an identical query is sent once per survey (so the root is asked `. DNSKEY` once,
 * not once per zone), and no server gets more than the politeness allows. `onZone` gets each zone as it finishes and
 * is awaited before the next zone starts in its place, so a slow writer slows the survey instead of filling memory.
 * While it runs the heap grows to twice what is alive, not four times (`heap-growth.ts`).
 */
export async function survey(zones: Iterable<Name>, config: SurveyConfig, onZone: (result: ZoneResult) => Promise<void> | void): Promise<SurveyTotals> {
	const clock = config.clock ?? SYSTEM_CLOCK;
	const date = config.date ?? (() => new Date());
	const started = clock.now();
	const polite = config.polite ?? createPoliteTransport(config.transport, config.politeness, clock);
	const shared = createSharedTransport(polite, {maxEntries: DEFAULT_SHARE_ENTRIES, date});
	const totals: SurveyTotals = {zones: 0, worst: {error: 0, warning: 0, info: 0, clean: 0}, queriesSent: 0, queriesShared: 0, peakInFlight: 0, durationMs: 0};
	const pending = zones[Symbol.iterator]();
	const zonesTotal = Array.isArray(zones) ? zones.length : undefined;
	let zonesInFlight = 0;
	const report = () =>
		config.onProgress?.(progressReading({zonesDone: totals.zones, zonesTotal, zonesInFlight, queriesSent: shared.sent(), withErrors: totals.worst.error, withWarnings: totals.worst.warning}, clock.now() - started));
	// The walks' transport: the share, with each query told to the progress (one the share answers is not counted).
	const told = (transport: Transport): Transport =>
		config.onProgress
			? {
					query(server, question, options) {
						const result = transport.query(server, question, options);
						report();
						return result;
					},
				}
			: transport;

	const surveyOne = async (zone: Name) => {
		zonesInFlight++;
		const traced = await walk(
			{name: zone, type: 'SOA'},
			{
				transport: told(shared.forZone(zone)),
				hints: config.hints,
				port: config.port,
				families: config.families,
				timeoutMs: config.timeoutMs,
				retries: config.retries,
				dnssec: config.dnssec,
				...(config.tcpChecks ? {tcpChecks: config.tcpChecks} : {}),
				date,
				describe: {...config.describe, trustAnchorRecords: config.anchors.records},
				// The politeness bounds what is on the wire (in flight across the survey, the rate at each address), so a
				// walk's own bound of probes in flight is raised to it: a probe waiting its turn at a busy address holds
				// one of the walk's slots, and 48 slots filled by one zone's first two servers kept its other servers
				// waiting (a zone of 13 servers was asked at 40 queries a second instead of 13 × 20).
				limits: {...config.limits, concurrency: Math.max(config.limits?.concurrency ?? DEFAULT_LIMITS.concurrency, config.politeness.maxInFlight)},
			},
		);
		const trace = config.validateAt ? {...traced, options: {...traced.options, validateAt: config.validateAt(traced.startedAt)}} : traced;
		const analysed = withAnalysis(trace, {anchors: config.anchors});
		const summary = summarizeZone(zone, analysed);
		zonesInFlight--;
		totals.zones++;
		totals.worst[summary.findings[0]?.severity ?? 'clean']++;
		report();
		await onZone({analysed, summary});
	};

	const worker = async () => {
		for (let next = pending.next(); !next.done; next = pending.next()) await surveyOne(next.value);
	};
	const releaseHeap = surveyHeapGrowth.hold();
	try {
		await Promise.all(Array.from({length: Math.max(1, config.zonesInParallel ?? DEFAULT_ZONES_IN_PARALLEL)}, worker));
	} finally {
		releaseHeap();
	}

	totals.queriesSent = shared.sent();
	totals.queriesShared = shared.shared();
	totals.peakInFlight = polite.peakInFlight();
	totals.durationMs = Math.round(clock.now() - started);
	return totals;
}
