/*
 * A trace's statistics (queries, answered, failed, skipped, stray responses ignored) are what `--text`'s counts line,
 * the explorer's title and a report's headline show. The walk counts them as it goes; a snapshot's reader counts them
 * again from the probes (`statsOf`), never from the file's `stats`, which a doctored file can set to anything.
 */
import {describe, expect, it} from 'vitest';
import {familyOf} from '../../source/dns/address.js';
import {guardLoopback} from '../../source/dns/loopback-guard.js';
import {parseUserName} from '../../source/dns/name.js';
import {systemDeps} from '../../source/dns/network-transport.js';
import {createTransport} from '../../source/dns/querier.js';
import type {QueryFailure, Transport} from '../../source/dns/transport.js';
import {HOSTILE} from '../../source/lab/hostile-world.js';
import {INTERNET} from '../../source/lab/internet.js';
import {createLabLink} from '../../source/lab/lab-link.js';
import {createLabTransport} from '../../source/lab/lab-transport.js';
import {buildWorld} from '../../source/lab/world.js';
import {parseSnapshot, serializeSnapshot} from '../../source/snapshot/snapshot.js';
import type {Trace} from '../../source/trace/model.js';
import {statsOf} from '../../source/trace/probe-facts.js';
import {applyChanges} from '../../source/what-if/apply-changes.js';
import {CATALOGUE} from '../helpers/catalogue.js';
import {labTrace, labWorld} from '../helpers/lab.js';
import {ESCAPES, openText, saved, TOOL, type Opened} from '../helpers/snapshots.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a file's JSON, edited as a hostile one can be
type File = any;

/** The lab, from a host with no IPv6 route: every IPv6 query fails at once, before it leaves. */
function withoutIpv6(): Transport {
	const lab = createLabTransport(labWorld(), {latencyScale: 0});
	const noRoute: QueryFailure = {ok: false, error: 'network', code: 'ENETUNREACH', detail: 'ENETUNREACH: connect ENETUNREACH', transport: 'udp', attempts: 1, rttMs: 0, elapsedMs: 0, ignored: 0, truncatedOverUdp: false, ednsFallback: false, ednsDropped: false, udpTimedOut: false};
	return {query: async (server, question, options) => (familyOf(server.address) === 6 ? noRoute : lab.query(server, question, options))};
}

/** The walk's own count beside the one made again from its probes, and the same after a save and an open. */
function countsAgree(trace: Trace): void {
	expect(statsOf(trace)).toEqual(trace.stats);
	expect(parseSnapshot(saved(trace)).trace.stats).toEqual(trace.stats);
}

describe('the statistics counted again from the probes are the walk\'s own, exactly', () => {
	for (const story of INTERNET.stories) {
		it(`${story.name} ${story.type ?? 'A'}`, async () => countsAgree(await labTrace(parseUserName(story.name).name, story.type ?? 'A')));
	}
	const hostile = buildWorld(HOSTILE);
	for (const story of HOSTILE.stories) {
		it(`the hostile lab's ${story.name} ${story.type ?? 'A'}`, {timeout: 60_000}, async () => countsAgree(await labTrace(story.name.endsWith('.') ? story.name : `${story.name}.`, story.type ?? 'A', {world: hostile, families: [4], timeoutMs: 100})));
	}

	it('at every moment of a walk, not only at its end: a trace saved while it ran counts as the walk did then', async () => {
		let live: Trace | undefined;
		let moments = 0;
		await labTrace('www.nic.bw', 'A', {
			onEvent: (event) => {
				if (event.type === 'started') live = event.trace;
				if (!live) return;
				moments++;
				expect(statsOf(live)).toEqual(live.stats);
			},
		});
		expect(moments).toBeGreaterThan(100);
	});

	// Each way a query is counted as skipped, and stray replies, each seen at least once.
	it('past the query limit: each question a server was not asked is skipped, kept only as a count on the server', async () => {
		const trace = await labTrace('www.notcp.cat.', 'A', {world: buildWorld(CATALOGUE), limits: {maxQueries: 30}});
		const uncounted = trace.zones.flatMap((zone) => zone.servers).reduce((sum, server) => sum + (server.questionsSkipped?.count ?? 0), 0);
		expect(uncounted).toBeGreaterThan(0);
		expect(trace.stats.queries).toBeLessThanOrEqual(30);
		countsAgree(trace);
	});

	it('from a host with no IPv6 route: the probes never sent are skipped, not failed', async () => {
		const trace = await labTrace('www.example.com', 'A', {transport: withoutIpv6()});
		expect(trace.stats).toEqual({queries: 72, answered: 72, failed: 0, skipped: 64, ignoredResponses: 0});
		countsAgree(trace);
	});

	it('under the loopback guard: refused after the querier tried them, skipped', async () => {
		const trace = await labTrace('www.example.com', 'A', {transport: createTransport(guardLoopback(createLabLink(labWorld(), {latencyScale: 0})), systemDeps)});
		expect(trace.stats.skipped).toBeGreaterThan(0);
		countsAgree(trace);
	});

	it('replies with another ID, another question or from another address: counted as ignored, on the probe that set them aside', async () => {
		const trace = await labTrace('www.spoof.evil.', 'A', {world: buildWorld(HOSTILE), families: [4]});
		expect(trace.stats.ignoredResponses).toBeGreaterThan(0);
		countsAgree(trace);
	});
});

/** The line of `--text` that counts the queries. */
const countsLine = (opened: Opened): string => {
	if ('line' in opened) throw new Error(`the file was refused: ${opened.line}`);
	return opened.text.split('\n').find((line) => / quer(?:y|ies) to /u.test(line))!;
};

function refusedAt(opened: Opened, what: RegExp, where: string): void {
	if (!('line' in opened)) throw new Error('the file opened; it should have been refused');
	expect(opened.line).not.toMatch(ESCAPES);
	expect(opened.line).toMatch(what);
	expect(opened.line.endsWith(`(where: ${where})`)).toBe(true);
}

describe("a snapshot's counts are its probes', whatever its stats block says", async () => {
	// www.nic.bw: dns1.btc.bw. never answers, so some queries fail.
	const trace = await labTrace('www.nic.bw');
	const file: File = JSON.parse(saved(trace));
	const edited = (edit: (copy: File) => void): string => {
		const copy = structuredClone(file);
		edit(copy);
		return JSON.stringify(copy);
	};

	it('a real trace opens with the counts the walk made, and --text says them', () => {
		expect(trace.stats).toEqual({queries: 127, answered: 112, failed: 15, skipped: 0, ignoredResponses: 0});
		const opened = openText(JSON.stringify(file));
		if ('line' in opened) throw new Error(opened.line);
		expect(opened.opened.trace.stats).toEqual(trace.stats);
		expect(countsLine(opened)).toBe(';; 127 queries to 12 server addresses in 2 zones: 112 answered, 15 failed');
	});

	it('a doctored block ("3 queries, 3 answered") is not what is shown: the probes are counted again', () => {
		const opened = openText(edited((copy) => (copy.stats = {queries: 3, answered: 3, failed: 0, skipped: 0, ignoredResponses: 0})));
		if ('line' in opened) throw new Error(opened.line);
		expect(opened.opened.trace.stats).toEqual(trace.stats);
		expect(countsLine(opened)).toBe(';; 127 queries to 12 server addresses in 2 zones: 112 answered, 15 failed');
	});

	it('nor stray responses, or skipped queries, no probe set aside', () => {
		const opened = openText(edited((copy) => (copy.stats = {...copy.stats, skipped: 400, ignoredResponses: 9})));
		expect(countsLine(opened)).toBe(';; 127 queries to 12 server addresses in 2 zones: 112 answered, 15 failed');
	});

	it('a file from the first builds, saved while it ran, counted its queries still out: opened, they are counted once back', () => {
		// As such a build wrote it: the last probe still out, and counted among the queries when it left.
		const out = edited((copy) => {
			const last = copy.zones.flatMap((zone: File) => zone.servers.flatMap((server: File) => server.probes)).reduce((latest: File, probe: File) => (probe.finishedMs > latest.finishedMs ? probe : latest));
			for (const key of ['transport', 'attempts', 'rttMs', 'finishedMs', 'truncatedOverUdp', 'ednsFallback', 'ednsDropped', 'udpTimedOut', 'ignored', 'error', 'message', 'messageId', 'nsidOption']) delete last[key];
			copy.stats = {...copy.stats, answered: last.status === 'answered' ? copy.stats.answered - 1 : copy.stats.answered, failed: last.status === 'answered' ? copy.stats.failed : copy.stats.failed - 1};
			last.status = 'pending';
		});
		const opened = openText(out);
		if ('line' in opened) throw new Error(opened.line);
		expect(JSON.parse(out).stats.queries).toBe(127);
		expect(opened.opened.trace.stats.queries).toBe(126);
		expect(opened.opened.trace.stats.answered + opened.opened.trace.stats.failed).toBe(126);
	});

	it('counts no build writes (more answers and failures than queries) are refused as damaged', () => {
		refusedAt(openText(edited((copy) => (copy.stats = {...copy.stats, answered: 400}))), /damaged snapshot: 400 queries answered and 15 failed, of 127 sent/u, 'stats.queries');
	});
});

describe('a what-if counts the probes it holds, and opens again with the same counts', () => {
	it('servers taken down: their answers become failed queries, their TCP checks are gone', async () => {
		const measured = await labTrace('www.nic.bw');
		const assumed = applyChanges(measured, [{kind: 'down', server: 'afrinic.nic.bw.'}]);
		expect(assumed.stats).toEqual(statsOf(assumed));
		expect(assumed.stats).toEqual({queries: 126, answered: 96, failed: 30, skipped: 0, ignoredResponses: 0});
		expect(parseSnapshot(serializeSnapshot({trace: assumed, analysis: undefined}, TOOL)).trace.stats).toEqual(assumed.stats);
	});

	it('a name server removed from the referral: the queries to its servers are no longer counted', async () => {
		const measured = await labTrace('www.nic.bw');
		const assumed = applyChanges(measured, [{kind: 'ns-remove', zone: 'bw.', nameserver: 'afrinic.nic.bw.'}]);
		expect(assumed.stats).toEqual(statsOf(assumed));
		expect(assumed.stats.queries).toBeLessThan(measured.stats.queries);
		expect(parseSnapshot(serializeSnapshot({trace: assumed, analysis: undefined}, TOOL)).trace.stats).toEqual(assumed.stats);
	});
});

describe('a family said to have no route from this host is one a probe was skipped for', () => {
	it('a trace from a host without IPv6 opens with it', async () => {
		const trace = await labTrace('www.example.com', 'A', {transport: withoutIpv6()});
		expect(trace.vantage.unavailableFamilies).toEqual([{family: 6, reason: 'ENETUNREACH: connect ENETUNREACH'}]);
		expect(parseSnapshot(saved(trace)).trace.vantage).toEqual(trace.vantage);
	});

	it('one said of a trace whose IPv6 queries were answered is refused, not shown as "no IPv6 route"', async () => {
		const file: File = JSON.parse(saved(await labTrace('www.example.com')));
		file.vantage.unavailableFamilies = [{family: 6, reason: 'ENETUNREACH'}];
		refusedAt(openText(JSON.stringify(file)), /IPv6 is said to have no route from this host, and no probe to an IPv6 address was skipped for it/u, 'vantage.unavailableFamilies[0]');
	});

	it('one family said twice is refused', async () => {
		const file: File = JSON.parse(saved(await labTrace('www.example.com', 'A', {transport: withoutIpv6()})));
		file.vantage.unavailableFamilies.push(file.vantage.unavailableFamilies[0]);
		refusedAt(openText(JSON.stringify(file)), /IPv6 is said twice to have no route from this host/u, 'vantage.unavailableFamilies[1].family');
	});
});
