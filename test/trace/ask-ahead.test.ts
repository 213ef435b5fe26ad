import {describe, expect, it} from 'vitest';
import {createLabTransport} from '../../source/lab/lab-transport.js';
import {buildWorld, type ServedZoneSpec, type WorldSpec} from '../../source/lab/world.js';
import type {Trace} from '../../source/trace/model.js';
import {outcomeFirstKnownMs} from '../../source/trace/probe-facts.js';
import {labTrace, withoutSignatures, zoneOf} from '../helpers/lab.js';

/*
 * A shop on a host's two servers, named under another TLD and given without glue, whose www is a CNAME into a CDN's
 * zone. The host's first server answers in 5 ms, its second in 150 ms: the walk's decisions wait for the slow one,
 * and the answer should not.
 */
const ZONES = {
	root: '@ SOA a.root.lab. h.lab. 1 1 1 1 1\n@ NS a.root.lab.\na.root.lab. A 127.77.203.1\none. NS ns.one.lab.\nns.one.lab. A 127.77.203.2\ntwo. NS ns.two.lab.\nns.two.lab. A 127.77.203.3',
	one: '@ SOA ns.one.lab. h.lab. 1 1 1 1 1\n@ NS ns.one.lab.\nshop NS ns1.host.two.\nshop NS ns2.host.two.',
	two: '@ SOA ns.two.lab. h.lab. 1 1 1 1 1\n@ NS ns.two.lab.\nhost NS ns1.host.two.\nhost NS ns2.host.two.\nns1.host A 127.77.203.21\nns2.host A 127.77.203.22\ncdn NS ns.cdn.two.\nns.cdn A 127.77.203.31',
	host: '@ SOA ns1.host.two. h.lab. 1 1 1 1 1\n@ NS ns1.host.two.\n@ NS ns2.host.two.\nns1 A 127.77.203.21\nns2 A 127.77.203.22',
	shop: '@ SOA ns1.host.two. h.lab. 1 1 1 1 1\n@ NS ns1.host.two.\n@ NS ns2.host.two.\nwww CNAME www.cdn.two.',
	cdn: '@ SOA ns.cdn.two. h.lab. 1 1 1 1 1\n@ NS ns.cdn.two.\nwww A 192.0.2.80\nwww2 A 192.0.2.81',
};

/** The world, with the host's servers' latencies (ms) and what each serves instead of the current copies. */
function world(latency: {ns1: number; ns2: number}, ns2Copies: {host?: string; shop?: string} = {}): WorldSpec {
	const served = (zone: string, text: string | undefined): ServedZoneSpec => (text === undefined ? {zone} : {zone, copy: {origin: zone, text}});
	return {
		roots: ['a.root.lab.'],
		stories: [],
		servers: [
			{name: 'a.root.lab.', ipv4: '127.77.203.1', latencyMs: 1, zones: [{zone: '.'}]},
			{name: 'ns.one.lab.', ipv4: '127.77.203.2', latencyMs: 1, zones: [{zone: 'one.'}]},
			{name: 'ns.two.lab.', ipv4: '127.77.203.3', latencyMs: 1, zones: [{zone: 'two.'}]},
			{name: 'ns1.host.two.', ipv4: '127.77.203.21', latencyMs: latency.ns1, zones: [{zone: 'host.two.'}, {zone: 'shop.one.'}]},
			{name: 'ns2.host.two.', ipv4: '127.77.203.22', latencyMs: latency.ns2, zones: [served('host.two.', ns2Copies.host), served('shop.one.', ns2Copies.shop)]},
			// The address an old copy of host.two. still gives ns1: a box that serves the shop too.
			{name: 'old.host.two.', ipv4: '127.77.203.23', latencyMs: 1, zones: [{zone: 'shop.one.'}]},
			{name: 'ns.cdn.two.', ipv4: '127.77.203.31', latencyMs: 1, zones: [{zone: 'cdn.two.'}]},
		],
		zones: [
			{origin: '.', text: ZONES.root},
			{origin: 'one.', text: ZONES.one},
			{origin: 'two.', text: ZONES.two},
			{origin: 'host.two.', text: ZONES.host},
			{origin: 'shop.one.', text: ZONES.shop},
			{origin: 'cdn.two.', text: ZONES.cdn},
		],
	};
}

async function trace(spec: WorldSpec): Promise<Trace> {
	const built = buildWorld(spec);
	return labTrace('www.shop.one', 'A', {world: built, families: [4], timeoutMs: 1000, transport: createLabTransport(built, {latencyScale: 1})});
}

/**
 * Every question sent, where and to whom, without timings: what a walk asked is a function of the world. (Not why: a
 * server asked a name server's address both by the zone's own check and by its look-up is asked once, for whichever
 * came first.)
 */
const asked = (trace: Trace) =>
	trace.zones.flatMap((zone) => zone.servers.flatMap((server) => server.probes.map((probe) => `${zone.name} ${server.name} ${server.address} ${probe.question.name} ${probe.question.type}`))).sort();

const firstStart = (trace: Trace, zone: string, name: string) =>
	Math.min(...zoneOf(trace, zone).servers.flatMap((server) => server.probes.filter((probe) => probe.purpose === 'walk' && probe.question.name === name).map((probe) => probe.startedMs)));

describe("the walk asks ahead through a name server's look-up and a CNAME", () => {
	it("asks a glueless zone's servers at the first answer to their names' look-up, not at its decision", async () => {
		const result = await trace(world({ns1: 5, ns2: 150}));
		const lookUp = result.resolutions.find((resolution) => resolution.purpose === 'ns-address' && resolution.question.name === 'ns1.host.two.')!;
		const firstAnswer = Math.min(...zoneOf(result, 'host.two.').servers.flatMap((server) => server.probes.filter((probe) => probe.question.name === 'ns1.host.two.' && probe.question.type === 'A' && probe.kind === 'answer').map((probe) => probe.finishedMs!)));
		const shopAsked = firstStart(result, 'shop.one.', 'www.shop.one.');
		// The look-up's decision waits for the slow server (and its SOA check): 300 ms; its first answer came in about 10.
		expect(lookUp.outcome!.atMs - shopAsked).toBeGreaterThan(100);
		expect(shopAsked).toBeGreaterThanOrEqual(firstAnswer);
		expect(zoneOf(result, 'shop.one.').servers.map((server) => `${server.name} ${server.address} ${server.origin}`).sort()).toEqual(['ns1.host.two. 127.77.203.21 subtrace', 'ns2.host.two. 127.77.203.22 subtrace']);
	});

	it("asks a CNAME's target at the first CNAME, while the zone's decision waits for its slow server", async () => {
		const result = await trace(world({ns1: 5, ns2: 150}));
		const steps = result.resolutions[0]!.steps;
		expect(steps.map((step) => `${step.zone} ${step.result}`)).toEqual(['. referral', 'one. referral', 'shop.one. cname', 'two. referral', 'cdn.two. answer']);
		const decided = steps.find((step) => step.zone === 'shop.one.')!.atMs;
		expect(decided - firstStart(result, 'two.', 'www.cdn.two.')).toBeGreaterThan(100);
		// In hand about 20 ms after the start; decided after the slow server's 150 ms round trips.
		expect(result.outcome.atMs - outcomeFirstKnownMs(result)!).toBeGreaterThan(100);
		expect(withoutSignatures(result.outcome.records).map((record) => `${record.name} ${record.type}`)).toEqual(['www.shop.one. CNAME', 'www.cdn.two. A']);
	});

	it("asks at every address the look-up's servers gave, whichever answered first", async () => {
		const stale = ZONES.host.replace('ns1 A 127.77.203.21', 'ns1 A 127.77.203.23');
		const [fastFirst, staleFirst] = await Promise.all([trace(world({ns1: 5, ns2: 60}, {host: stale})), trace(world({ns1: 60, ns2: 5}, {host: stale}))]);
		for (const result of [fastFirst, staleFirst]) {
			expect(zoneOf(result, 'shop.one.').servers.map((server) => `${server.name} ${server.address}`).sort()).toEqual(['ns1.host.two. 127.77.203.21', 'ns1.host.two. 127.77.203.23', 'ns2.host.two. 127.77.203.22']);
		}
		expect(asked(staleFirst)).toEqual(asked(fastFirst));
	});

	it('asks every CNAME target a server gave, and follows the one the decision chose, whichever answered first', async () => {
		const moved = ZONES.shop.replace('www CNAME www.cdn.two.', 'www CNAME www2.cdn.two.');
		const [fastFirst, movedFirst] = await Promise.all([trace(world({ns1: 5, ns2: 60}, {shop: moved})), trace(world({ns1: 60, ns2: 5}, {shop: moved}))]);
		for (const result of [fastFirst, movedFirst]) {
			// ns1 comes first in server order: its target is the path; ns2's was asked all the same.
			expect(result.resolutions[0]!.steps.map((step) => step.next ?? step.result)).toEqual(['one.', 'shop.one.', 'www.cdn.two.', 'cdn.two.', 'answer']);
			expect(zoneOf(result, 'cdn.two.').servers[0]!.probes.filter((probe) => probe.purpose === 'walk' && probe.question.type === 'A').map((probe) => probe.question.name).sort()).toEqual(['www.cdn.two.', 'www2.cdn.two.']);
		}
		expect(asked(movedFirst)).toEqual(asked(fastFirst));
	});
});
