import {describe, expect, it} from 'vitest';
import type {Transport} from '../../source/dns/transport.js';
import {createLabTransport} from '../../source/lab/lab-transport.js';
import {buildWorld, type WorldSpec} from '../../source/lab/world.js';
import type {Trace} from '../../source/trace/model.js';
import {labTrace, labWorld} from '../helpers/lab.js';

/** The purposes the walk's own question went out under, per server of a zone (TCP checks aside). */
const purposesAt = (trace: Trace, zone: string) =>
	trace.zones
		.find((candidate) => candidate.name === zone)!
		.servers.map((server) => server.probes.find((probe) => probe.question.name === trace.query.name && probe.question.type === trace.query.type && !probe.purpose.endsWith('-tcp'))?.purpose ?? 'not asked');

/* Three root servers in the hints. */
const ROOTS: WorldSpec = {
	roots: ['a.root.lab.', 'b.root.lab.', 'c.root.lab.'],
	stories: [],
	servers: ['a', 'b', 'c'].map((server, at) => ({name: `${server}.root.lab.`, ipv4: `127.77.206.${at + 1}`, latencyMs: 1, zones: [{zone: '.'}]})),
	zones: [{origin: '.', text: ['@ SOA a.root.lab. h.lab. 1 1 1 1 1', ...['a', 'b', 'c'].map((server, at) => `@ NS ${server}.root.lab.\n${server}.root.lab. A 127.77.206.${at + 1}`)].join('\n')}],
};

describe("the walk's own question when the zone asks it of itself anyway (ZONE SOA, NS, DNSKEY)", () => {
	it('goes to every root server the hints give as the walk, not only to the first', async () => {
		for (const type of ['SOA', 'NS']) {
			const trace = await labTrace('.', type, {world: ROOTS, families: [4], dnssec: false});
			expect(purposesAt(trace, '.')).toEqual(['walk', 'walk', 'walk']);
		}
	});

	it("goes to a referral's child servers as the walk, and is not refused as a check by the budget's reserve", async () => {
		// With the lab's latencies, com.'s second server refers a turn after the first: the child's own checks are out by then.
		const trace = await labTrace('example.com', 'SOA', {families: [4], dnssec: false, limits: {maxQueries: 20}, transport: createLabTransport(labWorld(), {latencyScale: 1})});
		expect(trace.outcome.status).toBe('answer');
		expect(purposesAt(trace, 'example.com.')).toEqual(['walk', 'walk']);
	});

	it('is decided at the root over every root server, by the rule, though the first hint answers at once (a cached reply)', async () => {
		// c.root.lab. is the first hint and serves a stale root (serial 1); a and b serve serial 2.
		const stale = {origin: '.', text: ROOTS.zones[0]!.text};
		const world = buildWorld({
			...ROOTS,
			roots: ['c.root.lab.', 'a.root.lab.', 'b.root.lab.'],
			servers: ROOTS.servers.map((server) => (server.name === 'c.root.lab.' ? {...server, zones: [{zone: '.', copy: stale}]} : server)),
			zones: [{origin: '.', text: stale.text.replace('1 1 1 1 1', '2 1 1 1 1')}],
		});
		const lab = createLabTransport(world, {latencyScale: 0});
		const first = {address: '127.77.206.3', port: 53};
		const cached = await lab.query(first, {name: '.', type: 'SOA'}, {timeoutMs: 250, retries: 0, edns: true, dnssecOk: false, nsid: true, tcpAfterUdpTimeout: true});
		const transport: Transport = {
			query: (server, question, options) => (server.address === first.address && question.name === '.' && question.type === 'SOA' ? Promise.resolve(cached) : lab.query(server, question, options)),
		};
		const trace = await labTrace('.', 'SOA', {world, families: [4], dnssec: false, transport});
		const decided = trace.zones[0]!.servers.flatMap((server) => server.probes).find((probe) => probe.id === trace.resolutions[0]!.steps[0]!.probe);
		expect(decided?.server).toBe('a.root.lab.');
		expect(trace.outcome.records.map((record) => (record.data.kind === 'soa' ? record.data.serial : undefined))).toEqual([2]);
	});
});
