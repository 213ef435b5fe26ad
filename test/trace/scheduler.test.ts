import {describe, expect, it} from 'vitest';
import {createScheduler} from '../../source/trace/scheduler.js';

describe('the scheduler', () => {
	it('runs put-off work on the next turn, in order, after what is done now', async () => {
		const scheduler = createScheduler(4);
		const order: string[] = [];
		scheduler.later(() => order.push('soa'));
		scheduler.later(() => order.push('ns'));
		order.push('walk');
		await scheduler.idle();
		expect(order).toEqual(['walk', 'soa', 'ns']);
	});

	it('is idle only once every hold is released', async () => {
		const scheduler = createScheduler(4);
		const release = scheduler.hold();
		let idle = false;
		void scheduler.idle().then(() => (idle = true));
		await new Promise((resolve) => setImmediate(resolve));
		expect(idle).toBe(false);
		release();
		await scheduler.idle();
		expect(idle).toBe(true);
	});

	it('starts urgent tasks before normal ones, within its concurrency', async () => {
		const scheduler = createScheduler(1);
		const order: string[] = [];
		const task = (name: string) => async () => void order.push(name);
		await Promise.all([scheduler.run(task('ds'), false), scheduler.run(task('walk'), true)]);
		expect(order).toEqual(['walk', 'ds']);
	});
});
