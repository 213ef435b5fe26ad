import {describe, expect, it} from 'vitest';
import type {Transport} from '../../source/dns/transport.js';
import {createLabTransport} from '../../source/lab/lab-transport.js';
import {buildWorld, type WorldSpec} from '../../source/lab/world.js';
import type {Trace} from '../../source/trace/model.js';
import {labTrace} from '../helpers/lab.js';

/* Three root servers in the hints, and a TLD with three servers given with glue. */
const SPEC: WorldSpec = {
	roots: ['a.root.lab.', 'b.root.lab.', 'c.root.lab.'],
	stories: [],
	servers: [
		{name: 'a.root.lab.', ipv4: '127.77.206.1', latencyMs: 1, zones: [{zone: '.'}]},
		{name: 'b.root.lab.', ipv4: '127.77.206.2', latencyMs: 1, zones: [{zone: '.'}]},
		{name: 'c.root.lab.', ipv4: '127.77.206.3', latencyMs: 1, zones: [{zone: '.'}]},
		{name: 'a.ns.one.', ipv4: '127.77.206.11', latencyMs: 1, zones: [{zone: 'one.'}]},
		{name: 'b.ns.one.', ipv4: '127.77.206.12', latencyMs: 1, zones: [{zone: 'one.'}]},
		{name: 'c.ns.one.', ipv4: '127.77.206.13', latencyMs: 1, zones: [{zone: 'one.'}]},
	],
	zones: [
		{
			origin: '.',
			text: [
				'@ SOA a.root.lab. h.lab. 1 1 1 1 1',
				...['a', 'b', 'c'].map((server, at) => `@ NS ${server}.root.lab.\n${server}.root.lab. A 127.77.206.${at + 1}`),
				...['a', 'b', 'c'].map((server, at) => `one. NS ${server}.ns.one.\n${server}.ns.one. A 127.77.206.${at + 11}`),
			].join('\n'),
		},
		{origin: 'one.', text: '@ SOA a.ns.one. h.lab. 1 1 1 1 1\n@ NS a.ns.one.\n@ NS b.ns.one.\n@ NS c.ns.one.\nwww A 192.0.2.1'},
	],
};

/**
 * For each query of the walk's own question (www.one. A), how many servers the zone it asked had in the model at that
 * moment; and how the trace ended.
 */
async function serversKnownAtEachAsk(spec: WorldSpec = SPEC): Promise<{asks: Array<{zone: string; known: number}>; outcome: Trace['outcome']['status']}> {
	const world = buildWorld(spec);
	const lab = createLabTransport(world, {latencyScale: 0});
	let trace: Trace | undefined;
	const seen: Array<{zone: string; known: number}> = [];
	const transport: Transport = {
		query(server, question, options) {
			if (question.name === 'www.one.' && question.type === 'A') {
				const zone = trace!.zones.find((candidate) => candidate.servers.some((known) => known.address === server.address))!;
				seen.push({zone: zone.name, known: zone.servers.length});
			}
			return lab.query(server, question, options);
		},
	};
	const traced = await labTrace('www.one', 'A', {world, families: [4], dnssec: false, transport, onEvent: (event) => void (event.type === 'started' && (trace = event.trace))});
	return {asks: seen, outcome: traced.outcome.status};
}

describe('the first queries of a zone', () => {
	it('go out as each server is learnt: the first before the rest of the hints or the referral is read', async () => {
		const {asks, outcome} = await serversKnownAtEachAsk();
		expect(outcome).toBe('answer');
		expect(asks.filter((ask) => ask.zone === '.')).toEqual([
			{zone: '.', known: 1},
			{zone: '.', known: 2},
			{zone: '.', known: 3},
		]);
		// The first referral opens one.: each of its servers is asked as its glue is read.
		expect(asks.filter((ask) => ask.zone === 'one.')).toEqual([
			{zone: 'one.', known: 1},
			{zone: 'one.', known: 2},
			{zone: 'one.', known: 3},
		]);
	});

	it('wait for a root server with an address of a family the trace uses: the root is not given up with none asked', async () => {
		// The first hint has only an IPv6 address, and the trace is IPv4 only: it gives the root no server to ask.
		const spec: WorldSpec = {...SPEC, roots: ['v6.root.lab.', ...SPEC.roots], servers: [{name: 'v6.root.lab.', ipv6: '2001:db8::206:1', latencyMs: 1, zones: [{zone: '.'}]}, ...SPEC.servers]};
		const {asks, outcome} = await serversKnownAtEachAsk(spec);
		expect(outcome).toBe('answer');
		expect(asks.filter((ask) => ask.zone === '.').map((ask) => ask.known)).toEqual([1, 2, 3]);
		expect(asks.filter((ask) => ask.zone === 'one.').map((ask) => ask.known)).toEqual([1, 2, 3]);
	});
});
