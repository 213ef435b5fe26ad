import {describe, expect, it, vi} from 'vitest';
import {createLabTransport} from '../../source/lab/lab-transport.js';
import {walk} from '../../source/trace/walk.js';
import {labWorld} from '../helpers/lab.js';

/* The warm-up as the walk calls it: whether it asked, and what its `waiting` said then and after. */
const asked = vi.hoisted(() => [] as Array<{waitingAtStart: boolean; waiting: () => boolean; more: () => Array<() => void>}>);
vi.mock('../../source/trace/warm-up.js', async (importOriginal) => {
	const real = await importOriginal<typeof import('../../source/trace/warm-up.js')>();
	return {
		...real,
		warmUpWhileWaiting: (waiting: () => boolean, more: () => Array<() => void>) => {
			asked.push({waitingAtStart: waiting(), waiting, more});
			real.warmUpWhileWaiting(waiting, more);
		},
	};
});

describe('the walk and its warm-up', () => {
	it('warms up while no reply has been read, and says so no longer once one has', async () => {
		const world = labWorld();
		const trace = await walk({name: 'www.example.com.', type: 'A'}, {transport: createLabTransport(world, {latencyScale: 0.3}), hints: world.hints, port: 53, families: [4], timeoutMs: 250, retries: 0, dnssec: true});
		expect(trace.outcome.status).toBe('answer');
		expect(asked).toHaveLength(1);
		expect(asked[0]!.waitingAtStart).toBe(true);
		expect(asked[0]!.waiting()).toBe(false);
	});

	it('gives it the walk to rehearse, in three turns, none of which asks through the walk\'s own transport', async () => {
		const world = labWorld();
		const sent: string[] = [];
		const lab = createLabTransport(world, {latencyScale: 0.3});
		await walk({name: 'www.example.com.', type: 'A'}, {transport: lab, hints: world.hints, port: 53, families: [4], timeoutMs: 250, retries: 0, dnssec: true});
		const rehearsal = asked.at(-1)!.more();
		expect(rehearsal).toHaveLength(3);
		// The rehearsal's walk asks through its own transport: the lab, like the network, is never asked by it.
		const spy = vi.spyOn(lab, 'query').mockImplementation(async (server, question) => {
			sent.push(`${server.address} ${question.name} ${question.type}`);
			throw new Error('the rehearsal asked the walk\'s own transport');
		});
		rehearsal[0]!();
		await new Promise((settled) => setImmediate(settled));
		expect(spy).not.toHaveBeenCalled();
		expect(sent).toEqual([]);
	});
});
