import {describe, expect, it} from 'vitest';
import {withAnalysis} from '../../source/analysis/analyze.js';
import {createChangingLab} from '../../source/lab/changing-lab.js';
import {INTERNET} from '../../source/lab/internet.js';
import type {WorldChange} from '../../source/lab/world-change.js';
import type {WorldSpec} from '../../source/lab/world.js';
import {walk} from '../../source/trace/walk.js';
import {emptyHistory, recordRound, valueAt, type HistoryLimits, type WatchHistory} from '../../source/compare/watch-history.js';
import {parseInterval, startWatch} from '../../source/watch/watch-loop.js';

/** Watches a name in a lab that changes before some rounds, back to back, and returns the history. */
async function watchLab(name: string, rounds: number, changes: Record<number, WorldChange>, options: {spec?: WorldSpec; limits?: HistoryLimits} = {}): Promise<WatchHistory> {
	const lab = createChangingLab(options.spec ?? INTERNET, {latencyScale: 0});
	let history = emptyHistory(options.limits);
	const loop = startWatch({
		intervalMs: 0,
		count: rounds,
		async traceRound(round) {
			if (changes[round]) lab.apply(changes[round]);
			const world = lab.world();
			const walked = await walk({name, type: 'A'}, {transport: lab.transport, hints: world.hints, port: 53, families: [4, 6], timeoutMs: 250, retries: 0, dnssec: true});
			return withAnalysis(walked, {anchors: {source: 'lab', records: world.trustAnchor}});
		},
		onRound(analysed) {
			history = recordRound(history, analysed).history;
		},
	});
	await loop.done;
	return history;
}

const down = (server: string): WorldChange => ({title: `${server} goes down`, servers: {[server]: {down: true}}});
const up = (server: string): WorldChange => ({title: `${server} is back`, servers: {[server]: {down: false}}});
const stretches = (history: WatchHistory, key: string) => history.tracks.get(key)?.stretches.map(({from, value}) => [from, value]);

describe('a watch over a changing lab', () => {
	it('records a server that goes down, and comes back, once each however long it stays down', async () => {
		const history = await watchLab('www.example.com.', 6, {3: down('ns2.example.com.'), 6: up('ns2.example.com.')});
		const ns2 = history.events.filter((event) => event.change.server === 'ns2.example.com. 127.77.110.2');
		expect(ns2.map((event) => [event.round, event.change.kind, event.change.before, event.change.after])).toEqual([
			[3, 'reachability', 'answer', 'timeout'],
			[6, 'reachability', 'timeout', 'answer'],
		]);
		expect(stretches(history, 'reachability example.com. 127.77.110.2')).toEqual([
			[1, 'answer'],
			[3, 'timeout'],
			[6, 'answer'],
		]);
		const timeouts = history.events.filter((event) => event.change.kind.startsWith('finding') && /SERVER_TIMEOUT/u.test(event.change.before + event.change.after));
		expect(timeouts.map((event) => [event.round, event.change.kind])).toEqual([
			[3, 'finding-appeared'],
			[6, 'finding-resolved'],
		]);
		// Gone from the trace, and what users may still meet from resolvers' caches, from the TTLs the last trace saw.
		expect(timeouts.at(-1)?.change.after).toBe('Once it is fixed, a server brought back answers at once; one removed from the NS set is still asked, by resolvers that cached the NS set, for up to 2 days (172800 s: the TTL of example.com. NS as com. delegates it).');
		expect(history.rounds.map((round) => round.changes)).toEqual([0, 0, expect.any(Number), 0, 0, expect.any(Number)]);
	});

	it('sees serials converge when a stale secondary catches up', async () => {
		const caughtUp: WorldChange = {title: 'ns4 transfers the zone', servers: {'ns4.example.net.': {zones: [{zone: 'example.net.'}]}}};
		const history = await watchLab('www.example.net.', 3, {2: caughtUp});
		expect(stretches(history, 'serials example.net. ')).toEqual([
			[1, '2024020100 on 1, 2024010100 on 1'],
			[2, '2024020100 everywhere'],
		]);
		expect(history.events.filter((event) => event.change.kind === 'serial').map((event) => [event.round, event.change.server, event.change.after])).toEqual([[2, 'ns4.example.net. 127.77.113.4', '2024020100']]);
	});

	it('sees a delegation removed and restored, and the outcome with it', async () => {
		const restore: WorldChange = {title: 'restored', append: {'sm.': 'puri 172800 NS ns1.puri.sm.\nns1.puri 172800 A 127.77.20.1'}};
		const remove: WorldChange = {title: 'suspended', replace: {'sm.': [['puri 172800 NS ns1.puri.sm.', '']]}};
		const history = await watchLab('www.puri.sm.', 5, {2: restore, 4: remove});
		expect(stretches(history, 'zone puri.sm. ')).toEqual([
			[2, 'reached'],
			[4, 'not reached'],
		]);
		expect(stretches(history, 'outcome  ')?.map(([from, value]) => [from, String(value).split(':')[0]])).toEqual([
			[1, 'nxdomain from sm.'],
			[2, 'answer from puri.sm.'],
			[4, 'nxdomain from sm.'],
		]);
		expect(history.events.filter((event) => event.change.kind === 'zone').map((event) => [event.round, event.change.before, event.change.after])).toEqual([
			[2, 'not reached', 'reached'],
			[4, 'reached', 'not reached'],
		]);
	});

	it('sees a DS replaced when a registrar fixes a botched rollover', async () => {
		const fixed: WorldChange = {title: 'the registrar publishes the right DS', signing: {'rollover.net.': {dsDigests: [2], danglingDs: false}}};
		const history = await watchLab('www.rollover.net.', 2, {2: fixed});
		const ds = history.events.find((event) => event.change.kind === 'ds');
		expect(ds?.change.zone).toBe('rollover.net.');
		expect(ds?.change.before).not.toBe(ds?.change.after);
		expect(history.events.find((event) => event.change.kind === 'dnssec')?.change).toMatchObject({before: 'bogus', after: 'secure'});
		// The zone's own keys are the same in both worlds: the DS moved, not the DNSKEY.
		expect(history.events.filter((event) => event.change.kind === 'dnskey')).toEqual([]);
	});

	it('stays within its limits over a long watch, keeping the latest rounds and changes', async () => {
		const flap = Object.fromEntries(Array.from({length: 12}, (_, index) => [index + 2, index % 2 === 0 ? down('ns2.example.com.') : up('ns2.example.com.')]));
		const history = await watchLab('www.example.com.', 13, flap, {limits: {rounds: 4, events: 6, stretchesPerTrack: 3}});
		expect(history.rounds.map((round) => round.index)).toEqual([10, 11, 12, 13]);
		expect(history.dropped.rounds).toBe(9);
		expect(history.events).toHaveLength(6);
		expect(history.events.at(-1)?.round).toBe(13);
		expect(history.dropped.events).toBeGreaterThan(0);
		const track = history.tracks.get('reachability example.com. 127.77.110.2')!;
		expect(track.stretches.length).toBeLessThanOrEqual(3);
		// Round 13 followed an odd number of flips (12): the server is back.
		expect(valueAt(track, 13)?.value).toBe('answer');
		expect(valueAt(track, 12)?.value).toBe('timeout');
		// Thirteen traces, six of them waiting out a dead server's time-outs: 10 s on a quiet machine, twice that on CI's.
	}, 60_000);
});

describe('a long watch', () => {
	it('holds a day of 30-second rounds and no more, whatever flaps during it', async () => {
		const lab = createChangingLab(INTERNET, {latencyScale: 0});
		const traceNow = async () => {
			const world = lab.world();
			const walked = await walk({name: 'www.example.com.', type: 'A'}, {transport: lab.transport, hints: world.hints, port: 53, families: [4, 6], timeoutMs: 250, retries: 0, dnssec: true});
			return withAnalysis(walked, {anchors: {source: 'lab', records: world.trustAnchor}});
		};
		const healthy = await traceNow();
		lab.apply(down('ns2.example.com.'));
		const broken = await traceNow();
		let history = emptyHistory();
		const start = Date.UTC(2026, 10, 22);
		// Three thousand rounds, ns2 flapping every five: 600 outages, thousands of changes.
		for (let index = 0; index < 3000; index++) {
			const {trace, analysis} = Math.floor(index / 5) % 2 === 0 ? healthy : broken;
			history = recordRound(history, {trace: {...trace, startedAt: new Date(start + index * 30_000).toISOString()}, analysis}).history;
		}
		expect(history.rounds).toHaveLength(2880);
		expect(history.dropped.rounds).toBe(120);
		// 599 flips, each three changes (two addresses, one finding); the cap of 5000 is not reached in a day.
		expect(history.events).toHaveLength(599 * 3);
		expect(history.events.at(-1)?.round).toBe(2996);
		expect(history.tracks.size).toBe(new Set([...recordRound(emptyHistory(), healthy).history.tracks.keys(), ...recordRound(emptyHistory(), broken).history.tracks.keys()]).size);
		for (const track of history.tracks.values()) expect(track.stretches.length).toBeLessThanOrEqual(500);
		// What is kept is summaries: a few megabytes at most, where 3000 traces would be hundreds.
		const kept = JSON.stringify({rounds: history.rounds, events: history.events, tracks: [...history.tracks.values()], facts: [...history.facts.values()]}).length;
		expect(kept).toBeLessThan(3_000_000);
		expect(kept).toBeLessThan(JSON.stringify(healthy).length * 30);
	});
});

describe('the watch loop', () => {
	it('reads intervals as a person writes them', () => {
		expect([parseInterval('30'), parseInterval('30s'), parseInterval('500ms'), parseInterval('2m'), parseInterval('1h'), parseInterval('1.5s')]).toEqual([30_000, 30_000, 500, 120_000, 3_600_000, 1500]);
		expect([parseInterval('soon'), parseInterval('-1s'), parseInterval('www.example.com')]).toEqual([undefined, undefined, undefined]);
	});

	it('never has two traces in flight, and starts the next one an interval after the last one started', async () => {
		const starts: number[] = [];
		let inFlight = 0;
		let most = 0;
		const loop = startWatch({
			intervalMs: 30,
			count: 4,
			async traceRound() {
				starts.push(Date.now());
				most = Math.max(most, ++inFlight);
				await new Promise((resolve) => setTimeout(resolve, 10));
				inFlight--;
				return 0;
			},
			onRound() {},
		});
		expect(await loop.done).toBe(4);
		expect(most).toBe(1);
		for (let index = 1; index < starts.length; index++) expect(starts[index]! - starts[index - 1]!).toBeGreaterThanOrEqual(28);
	});

	it('stops at once while waiting, and wakes up early when asked', async () => {
		const rounds: number[] = [];
		const loop = startWatch({intervalMs: 60_000, traceRound: async (round) => round, onRound: (round) => void rounds.push(round)});
		await new Promise((resolve) => setTimeout(resolve, 20));
		loop.wakeUp();
		await new Promise((resolve) => setTimeout(resolve, 20));
		loop.stop();
		expect(await loop.done).toBe(2);
		expect(rounds).toEqual([1, 2]);
	});
});
