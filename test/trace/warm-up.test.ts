import dgram from 'node:dgram';
import net from 'node:net';
import {afterEach, describe, expect, it, vi} from 'vitest';
import type {Transport} from '../../source/dns/transport.js';
import {createLabTransport} from '../../source/lab/lab-transport.js';
import type {Trace} from '../../source/trace/model.js';
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
});
