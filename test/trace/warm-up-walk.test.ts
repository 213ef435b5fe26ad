import {describe, expect, it, vi} from 'vitest';
import {createLabTransport} from '../../source/lab/lab-transport.js';
import {walk} from '../../source/trace/walk.js';
import {labWorld} from '../helpers/lab.js';

/* The warm-up as the walk calls it: whether it asked, and what its `waiting` said then and after. */
const asked = vi.hoisted(() => [] as Array<{waitingAtStart: boolean; waiting: () => boolean}>);
vi.mock('../../source/trace/warm-up.js', async (importOriginal) => {
	const real = await importOriginal<typeof import('../../source/trace/warm-up.js')>();
	return {
		...real,
		warmUpWhileWaiting: (waiting: () => boolean) => {
			asked.push({waitingAtStart: waiting(), waiting});
			real.warmUpWhileWaiting(waiting);
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
});
