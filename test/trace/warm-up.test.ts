import dgram from 'node:dgram';
import net from 'node:net';
import {afterEach, describe, expect, it, vi} from 'vitest';
import type {Transport} from '../../source/dns/transport.js';
import {createLabTransport} from '../../source/lab/lab-transport.js';
import type {Trace} from '../../source/trace/model.js';
import type {WalkConfig} from '../../source/trace/walk.js';
import {labWorld} from '../helpers/lab.js';

/* Each test loads the modules afresh: the warm-up runs once per process, and a test's process has run traces before. */
async function fresh() {
	vi.resetModules();
	return {warmUp: await import('../../source/trace/warm-up.js'), walk: await import('../../source/trace/walk.js')};
}

/** Runs the turns the warm-up asks the event loop for, one by one, as the loop would; how many it asked for. */
async function turnsOfWarmUp(waiting: () => boolean) {
	const {warmUp} = await fresh();
	// Nothing is scheduled for real: the test is the event loop.
	const immediate = vi.spyOn(globalThis, 'setImmediate').mockImplementation((() => undefined) as never);
	warmUp.warmUpWhileWaiting(waiting);
	let turns = 0;
	while (immediate.mock.calls.length > turns) (immediate.mock.calls[turns++]![0] as () => void)();
	immediate.mockRestore();
	return turns;
}

afterEach(() => {
	vi.restoreAllMocks();
});

describe('the warm-up while the first replies are awaited', () => {
	it('runs each slice on its own turn, and one more turn finds none left', async () => {
		const {warmUp} = await fresh();
		const slices = warmUp.warmUpSlices().length;
		expect(slices).toBe(13);
		expect(await turnsOfWarmUp(() => true)).toBe(slices + 1);
	});

	it('starts no slice once a reply has been read: none at all, or none after the one that was running', async () => {
		expect(await turnsOfWarmUp(() => false)).toBe(1);
		let asked = 0;
		// Read after the second slice: the third turn finds a reply in and stops.
		expect(await turnsOfWarmUp(() => asked++ < 2)).toBe(3);
	});

	it('runs once per process: a later trace is read by code already warm', async () => {
		const {warmUp} = await fresh();
		const immediate = vi.spyOn(globalThis, 'setImmediate').mockImplementation((() => undefined) as never);
		warmUp.warmUpWhileWaiting(() => true);
		warmUp.warmUpWhileWaiting(() => true);
		expect(immediate).toHaveBeenCalledTimes(1);
	});

	it('runs the code a referral meets on made-up data, and throws nothing and opens no socket: every slice in a row', async () => {
		const {warmUp} = await fresh();
		const refuse = () => {
			throw new Error('the warm-up opened a socket');
		};
		const sockets = [vi.spyOn(dgram, 'createSocket').mockImplementation(refuse), vi.spyOn(net, 'connect').mockImplementation(refuse), vi.spyOn(net, 'createConnection').mockImplementation(refuse)];
		for (const slice of warmUp.warmUpSlices()) expect(slice).not.toThrow();
		for (const socket of sockets) expect(socket).not.toHaveBeenCalled();
	});

	it('leaves the trace as it was: the walk that warms up asks, learns and decides what the next walk does', async () => {
		// The lab with its latencies, so the first replies take milliseconds and the warm-up runs while they are awaited.
		const {walk} = await fresh();
		const world = labWorld();
		const sent: string[][] = [[], []];
		const trace = async (round: number): Promise<Trace> => {
			const lab = createLabTransport(world, {latencyScale: 0.3});
			const transport: Transport = {
				query(server, question, options) {
					sent[round]!.push(`${server.address} ${question.name} ${question.type}`);
					return lab.query(server, question, options);
				},
			};
			return walk.walk({name: 'www.example.com.', type: 'A'}, {transport, hints: world.hints, port: 53, families: [4, 6], timeoutMs: 250, retries: 0, dnssec: true});
		};
		const warming = await trace(0);
		const warm = await trace(1);
		expect(sent[0]!.toSorted()).toEqual(sent[1]!.toSorted());
		const shape = (result: Trace) => ({
			outcome: [result.outcome.status, result.outcome.zone, result.outcome.records],
			zones: result.zones
				.map((zone) => [zone.name, zone.servers.map((server) => [server.address, server.probes.map((probe) => `${probe.purpose} ${probe.question.name} ${probe.question.type} ${probe.status} ${probe.kind ?? ''}`).toSorted()])] as const)
				.toSorted(([a], [b]) => a.localeCompare(b)),
		});
		expect(shape(warming)).toEqual(shape(warm));
		expect(shape(warming).zones.map(([name]) => name)).not.toContain('example.');
	});

	it('goes on to the walk rehearsed, after the slices, on the same terms', async () => {
		const {warmUp} = await fresh();
		const more = [vi.fn(), vi.fn(), vi.fn()];
		const immediate = vi.spyOn(globalThis, 'setImmediate').mockImplementation((() => undefined) as never);
		let replies = 0;
		warmUp.warmUpWhileWaiting(() => replies === 0, () => more);
		let turns = 0;
		while (immediate.mock.calls.length > turns) {
			(immediate.mock.calls[turns++]![0] as () => void)();
			// A reply is read as the rehearsal's first turn ends: its second never runs.
			if (more[0]!.mock.calls.length > 0) replies++;
		}
		immediate.mockRestore();
		expect(turns).toBe(warmUp.warmUpSlices().length + 2);
		expect(more[0]).toHaveBeenCalledTimes(1);
		expect(more[1]).not.toHaveBeenCalled();
		expect(more[2]).not.toHaveBeenCalled();
	});
});

describe('the walk rehearsed on the made-up referral', () => {
	/** The caller's walk config: its transport and its events must never be used by the rehearsal. */
	const callersConfig = (families: Array<4 | 6>): WalkConfig => ({
		transport: {
			query() {
				throw new Error('the rehearsal asked through the caller\'s transport');
			},
		},
		hints: {source: 'the caller\'s', servers: [{name: 'a.root-servers.net.', addresses: ['198.41.0.4']}]},
		port: 53,
		families,
		timeoutMs: 1500,
		retries: 1,
		dnssec: true,
		onEvent() {
			throw new Error('the rehearsal reported an event to the caller');
		},
	});

	/** Runs the rehearsal's turns (all, or the first only) with the real walk, and what the walk asked meanwhile. */
	async function rehearse(config: WalkConfig, turns = 3) {
		const {warmUp, walk} = await fresh();
		const asked: string[] = [];
		const traces: Trace[] = [];
		const spied = (query: {name: string; type: string}, rehearsal: WalkConfig) => {
			// The caller's events are not the rehearsal's: it reports nothing (the spy below only finds its trace).
			expect(rehearsal.onEvent).toBeUndefined();
			expect(rehearsal.hints.source).toBe('rehearsal');
			const {transport} = rehearsal;
			const watched = walk.walk(query, {
				...rehearsal,
				transport: {
					query(server, question, options) {
						asked.push(`${server.address} ${question.name} ${question.type}`);
						return transport.query(server, question, options);
					},
				},
				onEvent: (event) => {
					if (event.type === 'started') traces.push(event.trace);
				},
			});
			return watched;
		};
		const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
		const timersBefore = timers();
		const sockets = [vi.spyOn(dgram, 'createSocket'), vi.spyOn(net, 'connect'), vi.spyOn(net, 'createConnection')];
		const slices = warmUp.rehearsalSlices(config, spied);
		for (const slice of slices.slice(0, turns)) {
			slice();
			await new Promise((settled) => setImmediate(settled));
		}
		for (const socket of sockets) expect(socket).not.toHaveBeenCalled();
		return {asked, trace: traces[0]!, timersLeft: timers() - timersBefore, slices: slices.length};
	}

	it('asks its made-up root, is answered with the referral, learns the child from the glue and asks its servers', async () => {
		const {asked, trace, timersLeft, slices} = await rehearse(callersConfig([4, 6]));
		expect(slices).toBe(3);
		expect(asked[0]).toBe('192.0.2.53 www.example. A');
		// The child's servers, at the glue's addresses of both families, asked the walk's question: the path it warms.
		expect(asked).toEqual(expect.arrayContaining(['192.0.2.1 www.example. A', '2001:db8::1 www.example. A', '198.51.100.2 www.example. A', '2001:db8:1::2 www.example. A']));
		expect(trace.zones.map((zone) => zone.name)).toEqual(['.', 'example.']);
		expect(trace.stats.answered).toBe(1);
		// Nothing else is ever answered, and nothing waits on a timer: the process can end with the rehearsal half done.
		expect(trace.outcome.status).toBe('pending');
		expect(timersLeft).toBe(0);
	});

	it('asks over the family the caller walks: an IPv6-only walk rehearses at an IPv6 root', async () => {
		const {asked} = await rehearse(callersConfig([6]));
		expect(asked[0]).toBe('2001:db8::53 www.example. A');
		expect(asked).toContain('2001:db8::1 www.example. A');
		expect(asked).not.toContain('192.0.2.1 www.example. A');
	});

	it('left after its first or second turn (a reply came), holds no timer and never answers', async () => {
		for (const turns of [1, 2]) {
			const {asked, trace, timersLeft} = await rehearse(callersConfig([4]), turns);
			expect(asked[0]).toBe('192.0.2.53 www.example. A');
			expect(trace.stats.answered).toBe(0);
			expect(trace.zones.map((zone) => zone.name)).toEqual(['.']);
			expect(asked).not.toContain('192.0.2.1 www.example. A');
			expect(timersLeft).toBe(0);
		}
	});
});

