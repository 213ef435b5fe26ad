import {describe, expect, it} from 'vitest';
import type {Transport} from '../../source/dns/transport.js';
import {createLabTransport} from '../../source/lab/lab-transport.js';
import {buildWorld, type WorldSpec} from '../../source/lab/world.js';
import type {Trace} from '../../source/trace/model.js';
import {walk} from '../../source/trace/walk.js';
import {labTrace, type LabTraceOptions} from '../helpers/lab.js';

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

/** Every query the transport was given, and for the walk's own question (www.one. A) what the model held then. */
interface Asked {
	zone: string;
	/** How many servers the zone it asked had in the model then; undefined before the model was built. */
	known: number | undefined;
}

async function serversKnownAtEachAsk(spec: WorldSpec = SPEC, limits: LabTraceOptions['limits'] = {}): Promise<{asks: Asked[]; queries: number; trace: Trace}> {
	const world = buildWorld(spec);
	const lab = createLabTransport(world, {latencyScale: 0});
	const roots = new Set(world.hints.servers.flatMap((server) => server.addresses));
	let trace: Trace | undefined;
	let queries = 0;
	const asks: Asked[] = [];
	const transport: Transport = {
		query(server, question, options) {
			queries++;
			if (question.name === 'www.one.' && question.type === 'A') {
				if (!trace) asks.push({zone: roots.has(server.address) ? '.' : '?', known: undefined});
				else {
					const zone = trace.zones.find((candidate) => candidate.servers.some((known) => known.address === server.address))!;
					asks.push({zone: zone.name, known: zone.servers.length});
				}
			}
			return lab.query(server, question, options);
		},
	};
	const traced = await labTrace('www.one', 'A', {world, families: [4], dnssec: false, transport, limits, onEvent: (event) => void (event.type === 'started' && (trace = event.trace))});
	return {asks, queries, trace: traced};
}

/** The probes of a trace that were sent: each query the transport was given is one of them. */
const sent = (trace: Trace) => trace.zones.flatMap((zone) => zone.servers.flatMap((server) => server.probes)).filter((probe) => probe.status !== 'skipped');

describe('the first queries of a zone', () => {
	it('leave for every root server before the walk has built its model, and each is recorded by the probe that asks it', async () => {
		const {asks, queries, trace} = await serversKnownAtEachAsk();
		expect(trace.outcome.status).toBe('answer');
		expect(asks.filter((ask) => ask.zone === '.')).toEqual([
			{zone: '.', known: undefined},
			{zone: '.', known: undefined},
			{zone: '.', known: undefined},
		]);
		// Each root server's probe of the question holds the exchange that left before it existed: none was sent twice,
		// none is missing from the trace, and the first started first.
		const root = trace.zones.find((zone) => zone.name === '.')!;
		const walkProbes = root.servers.map((server) => server.probes.filter((probe) => probe.purpose === 'walk'));
		expect(walkProbes.map((probes) => probes.map((probe) => probe.status))).toEqual([['answered'], ['answered'], ['answered']]);
		expect(walkProbes.map(([probe]) => probe!.id)).toEqual([1, 2, 3]);
		expect(queries).toBe(sent(trace).length);
		expect(trace.stats.queries).toBe(queries);
		// The first referral opens one.: each of its servers is asked as its glue is read.
		expect(asks.filter((ask) => ask.zone === 'one.')).toEqual([
			{zone: 'one.', known: 1},
			{zone: 'one.', known: 2},
			{zone: 'one.', known: 3},
		]);
	});

	it('go only to root servers with an address of a family the trace uses: the root is not given up with none asked', async () => {
		// The first hint has only an IPv6 address, and the trace is IPv4 only: it gives the root no server to ask.
		const spec: WorldSpec = {...SPEC, roots: ['v6.root.lab.', ...SPEC.roots], servers: [{name: 'v6.root.lab.', ipv6: '2001:db8::206:1', latencyMs: 1, zones: [{zone: '.'}]}, ...SPEC.servers]};
		const {asks, queries, trace} = await serversKnownAtEachAsk(spec);
		expect(trace.outcome.status).toBe('answer');
		expect(asks.filter((ask) => ask.zone === '.')).toHaveLength(3);
		expect(asks.filter((ask) => ask.zone === 'one.').map((ask) => ask.known)).toEqual([1, 2, 3]);
		expect(queries).toBe(sent(trace).length);
	});

	it('stop at the query limit, as the probes do: no exchange goes out that the trace does not hold', async () => {
		const {asks, queries, trace} = await serversKnownAtEachAsk(SPEC, {maxQueries: 2});
		expect(asks.filter((ask) => ask.zone === '.')).toHaveLength(2);
		expect(queries).toBe(2);
		expect(sent(trace)).toHaveLength(2);
		expect(trace.limits.map((hit) => hit.limit)).toContain('queries');
	});

	it('skip an address no server can have, and the same address given twice under one name, as the walk does', async () => {
		const world = buildWorld(SPEC);
		const hints = {
			...world.hints,
			servers: [{name: 'a.root.lab.', addresses: ['0.0.0.0', '127.77.206.1', '127.77.206.1']}, ...world.hints.servers.slice(1)],
		};
		const lab = createLabTransport(world, {latencyScale: 0});
		const given: string[] = [];
		const transport: Transport = {
			query(server, question, options) {
				given.push(`${server.address} ${question.name} ${question.type}`);
				return lab.query(server, question, options);
			},
		};
		const trace = await walk({name: 'www.one.', type: 'A'}, {transport, hints, port: 53, families: [4], timeoutMs: 250, retries: 0, dnssec: false});
		expect(trace.outcome.status).toBe('answer');
		expect(given.slice(0, 3)).toEqual(['127.77.206.1 www.one. A', '127.77.206.2 www.one. A', '127.77.206.3 www.one. A']);
		expect(given).toHaveLength(sent(trace).length);
		expect(trace.zones[0]!.nameservers[0]!.unusable?.map((entry) => entry.address)).toEqual(['0.0.0.0']);
	});

	it("go out no more at once than the walk's concurrency: the root servers past it are asked as slots free, as before", async () => {
		const world = buildWorld(SPEC);
		const lab = createLabTransport(world, {latencyScale: 0});
		let inFlight = 0;
		let most = 0;
		const transport: Transport = {
			async query(server, question, options) {
				most = Math.max(most, ++inFlight);
				try {
					return await lab.query(server, question, options);
				} finally {
					inFlight--;
				}
			},
		};
		const trace = await labTrace('www.one', 'A', {world, families: [4], dnssec: false, transport, limits: {concurrency: 1}});
		expect(trace.outcome.status).toBe('answer');
		expect(most).toBe(1);
		expect(trace.stats.queries).toBe(sent(trace).length);
	});
});
