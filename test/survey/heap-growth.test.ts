import {execFile} from 'node:child_process';
import {promisify} from 'node:util';
import {describe, expect, it} from 'vitest';
import {collectGarbageNow, createHeapGrowth, SURVEY_HEAP_GROWING_PERCENT} from '../../source/survey/heap-growth.js';

const run = promisify(execFile);

function recorded(options = '') {
	const flags: string[] = [];
	return {flags, growth: createHeapGrowth({setFlags: (flag) => flags.push(flag), options: () => options})};
}

describe("a survey's heap growth", () => {
	it('holds the heap to twice what is alive while a survey runs, and gives V8 its own choice back after the last one', () => {
		const {flags, growth} = recorded('--enable-source-maps');
		const first = growth.hold();
		const second = growth.hold();
		expect(flags).toEqual(['--heap-growing-percent=100']);
		first();
		first();
		expect(flags).toEqual(['--heap-growing-percent=100']);
		second();
		expect(flags).toEqual(['--heap-growing-percent=100', '--heap-growing-percent=0']);
	});

	it('leaves alone a heap the user sized, on the command line or in NODE_OPTIONS', () => {
		for (const options of ['--max-old-space-size=256', ' --max_old_space_size=256', '--heap-growing-percent=20', '--max-heap-size=512']) {
			const {flags, growth} = recorded(options);
			growth.hold()();
			expect(flags, options).toEqual([]);
		}
	});

	// The growth is a schedule, not a limit: a program whose live set fills most of a small heap, churning garbage the
	// way a survey does, finishes with it set. V8 caps each limit it computes at halfway to the heap's maximum.
	it('never fails a program that fits in the heap: 25 MB kept alive in a heap of 40 MB, 100 MB of garbage through it', async () => {
		const program = `
			const v8 = require('node:v8');
			v8.setFlagsFromString('--heap-growing-percent=${SURVEY_HEAP_GROWING_PERCENT}');
			const alive = [];
			for (let round = 0; round < 200; round++) {
				alive.push(new Array(62500).fill(round + 0.5));
				if (alive.length > 50) alive.shift();
			}
			console.log(alive.length, Math.round(v8.getHeapStatistics().heap_size_limit / 1e6));
		`;
		const {stdout} = await run(process.execPath, ['--max-old-space-size=40', '-e', program]);
		const [kept, limitMb] = stdout.trim().split(' ').map(Number);
		expect(kept).toBe(50);
		// The heap really was that small: 40 MB of old space and the young generation's semi-spaces.
		expect(limitMb).toBeLessThan(100);
	});

	it('collects the garbage a survey leaves at once, before the list is drawn, and leaves no gc() behind', async () => {
		// 40 MB nobody holds, seen through a WeakRef (which keeps its target only until the job that made it ends).
		const made = ((): WeakRef<object> => new WeakRef({rows: Array.from({length: 500_000}, (_, index) => ({index, name: `zone-${index}.`}))}))();
		await new Promise((resolve) => setImmediate(resolve));
		collectGarbageNow();
		await new Promise((resolve) => setImmediate(resolve));
		expect(made.deref()).toBeUndefined();
		expect(typeof (globalThis as {gc?: unknown}).gc).toBe('undefined');
	});
});
