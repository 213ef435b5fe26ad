import {constants, PerformanceObserver, type PerformanceEntry} from 'node:perf_hooks';
import {expect, it} from 'vitest';
import {collectWhileIdle} from '../../source/ui/idle-collection.js';

it('collects the whole heap once per process, not at every explorer that opens', async () => {
	const collections: PerformanceEntry[] = [];
	const observer = new PerformanceObserver((list) => collections.push(...list.getEntries()));
	observer.observe({entryTypes: ['gc']});
	const major = (from: number, to: number) => collections.filter((entry) => ((entry as PerformanceEntry & {detail?: {kind?: number}}).detail?.kind) === constants.NODE_PERFORMANCE_GC_MAJOR && entry.startTime >= from && entry.startTime <= to);
	const first = performance.now();
	collectWhileIdle();
	const firstDone = performance.now();
	collectWhileIdle();
	const secondDone = performance.now();
	// The observer hears of collections on a later turn.
	await new Promise((resolve) => setTimeout(resolve, 50));
	observer.disconnect();
	expect(major(first, firstDone)).toHaveLength(1);
	expect(major(firstDone, secondDone)).toHaveLength(0);
});
