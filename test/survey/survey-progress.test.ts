import {describe, expect, it} from 'vitest';
import type {TrustAnchors} from '../../source/analysis/dnssec/trust-anchors.js';
import {systemDeps} from '../../source/dns/network-transport.js';
import {createTransport} from '../../source/dns/querier.js';
import {createLabLink} from '../../source/lab/lab-link.js';
import type {Clock} from '../../source/survey/polite-transport.js';
import {survey} from '../../source/survey/survey.js';
import {progressReading, type SurveyProgress} from '../../source/survey/survey-progress.js';
import {labWorld} from '../helpers/lab.js';

const TLDS = ['com.', 'net.', 'org.', 'sm.', 'im.', 'bw.', 'xn--mgbai9azgqp6j.', 'xn--wgbh1c.', 'creditunion.', 'ls.', 'td.', 'gm.', 'mw.'];

describe('a progress reading', () => {
	it('gives the queries per second since the start and the time left at the pace of the zones done', () => {
		expect(progressReading({zonesDone: 30, zonesTotal: 120, zonesInFlight: 0, queriesSent: 900, withErrors: 2, withWarnings: 5}, 6000)).toEqual({
			zonesDone: 30,
			zonesTotal: 120,
			zonesInFlight: 0,
			queriesSent: 900,
			queriesPerSecond: 150,
			etaMs: 18_000,
			withErrors: 2,
			withWarnings: 5,
			elapsedMs: 6000,
		});
	});

	it('counts the zones in flight as half done: early in a survey, the few done alone would say 7 times the time left', () => {
		// The audit's run: 100 zones, 64 at once; 8 s in, 10 done and 64 in flight; it finished at 18 s, 10 s later.
		const early = progressReading({zonesDone: 10, zonesTotal: 100, zonesInFlight: 64, queriesSent: 4000, withErrors: 0, withWarnings: 0}, 8000);
		// (8 s / 42 zones) × 58 zones left, where the zones done alone said (8 s / 10) × 90 = 72 s.
		expect(early.etaMs).toBe(11_048);
		// Near the end, the last few in flight: the estimate closes on what is left.
		expect(progressReading({zonesDone: 96, zonesTotal: 100, zonesInFlight: 4, queriesSent: 9000, withErrors: 0, withWarnings: 0}, 17_000).etaMs).toBe(347);
		expect(progressReading({zonesDone: 100, zonesTotal: 100, zonesInFlight: 0, queriesSent: 9000, withErrors: 0, withWarnings: 0}, 18_000).etaMs).toBe(0);
	});

	it('has no time left to give before the first zone is done, nor without a total', () => {
		expect(progressReading({zonesDone: 0, zonesTotal: 10, zonesInFlight: 4, queriesSent: 40, withErrors: 0, withWarnings: 0}, 500).etaMs).toBeUndefined();
		expect(progressReading({zonesDone: 3, zonesTotal: undefined, zonesInFlight: 4, queriesSent: 40, withErrors: 0, withWarnings: 0}, 500).etaMs).toBeUndefined();
		expect(progressReading({zonesDone: 0, zonesTotal: 10, zonesInFlight: 0, queriesSent: 0, withErrors: 0, withWarnings: 0}, 0).queriesPerSecond).toBe(0);
	});
});

describe("a survey's progress", () => {
	it('is told as queries go out and zones finish, on the survey clock, and ends on the totals', async () => {
		// A fake clock: it jumps to each wake the politeness asks for, and a second each time a zone is handed on.
		let now = 0;
		const clock: Clock = {
			now: () => now,
			after(ms, run) {
				const timer = setTimeout(() => {
					now += ms;
					run();
				}, 0);
				return () => clearTimeout(timer);
			},
		};
		const anchors: TrustAnchors = {source: 'lab', records: labWorld().trustAnchor.filter((record) => record.type === 'DS')};
		const readings: SurveyProgress[] = [];
		const totals = await survey(
			TLDS,
			{
				transport: createTransport(createLabLink(labWorld(), {latencyScale: 0}), systemDeps),
				hints: labWorld().hints,
				port: 53,
				families: [4, 6],
				timeoutMs: 250,
				retries: 0,
				dnssec: true,
				anchors,
				politeness: {maxInFlight: 256, ratePerAddress: 1000},
				describe: {hints: 'lab', lab: 'internet'},
				clock,
				onProgress: (progress) => readings.push(progress),
			},
			() => {
				now += 1000;
			},
		);
		// Queries are told as they go out, long before the first zone is done.
		expect(readings.findIndex((reading) => reading.zonesDone === 1)).toBeGreaterThan(10);
		expect(readings.every((reading, index) => index === 0 || (reading.zonesDone >= readings[index - 1]!.zonesDone && reading.queriesSent >= readings[index - 1]!.queriesSent))).toBe(true);
		// The fourth zone is told done before its own second is counted: three seconds in (and the politeness's waits),
		// nine zones left at the pace of four and half of those in flight.
		const fourth = readings.find((reading) => reading.zonesDone === 4)!;
		expect(fourth.zonesTotal).toBe(13);
		expect(fourth.elapsedMs).toBeGreaterThanOrEqual(3000);
		expect(fourth.zonesInFlight).toBeGreaterThan(0);
		expect(fourth.etaMs).toBe(Math.round((fourth.elapsedMs / (4 + fourth.zonesInFlight / 2)) * (9 - fourth.zonesInFlight / 2)));
		expect(fourth.queriesPerSecond).toBeCloseTo(fourth.queriesSent / (fourth.elapsedMs / 1000));
		expect(readings.at(-1)).toMatchObject({zonesDone: 13, queriesSent: totals.queriesSent, withErrors: totals.worst.error, withWarnings: totals.worst.warning, etaMs: 0});
		expect(totals.worst.error).toBeGreaterThan(0);
	});
});
