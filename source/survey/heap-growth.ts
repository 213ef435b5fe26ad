import {setFlagsFromString} from 'node:v8';
import {runInNewContext} from 'node:vm';

/**
 * How far the heap may grow past what a full collection left alive, while a survey runs: to twice it (V8's
 * `--heap-growing-percent`). A survey's garbage is old: each zone's trace lives as long as its walk (seconds, waiting
 * on polite servers), so it outlives the young generation's collections and is only freed by a full one; V8 on a
 * machine with memory to spare lets the heap grow to four times what is alive before it runs one, and a survey of
 * 1,500 TLDs peaked at 400 MB with about 100 MB alive. At twice, the full collections come about twice as often (a
 * few seconds of a long survey) and the peak follows what is alive.
 *
 * It is a schedule, not a limit: V8 still grows the heap to whatever is alive times two, up to the same maximum as
 * without it, so a survey that fits in memory without it fits with it (test/survey/heap-growth.test.ts runs a
 * program that fills most of a small heap with it set).
 */
export const SURVEY_HEAP_GROWING_PERCENT = 100;

/** The V8 options that say how the heap is sized: a user who gave one decided, and the survey leaves the heap alone. */
const HEAP_OPTIONS = /--(max[-_]old[-_]space[-_]size|max[-_]heap[-_]size|heap[-_]growing[-_]percent)\b/u;

export interface HeapGrowthDeps {
	setFlags: (flags: string) => void;
	/** The process's own options and NODE_OPTIONS, where a user sizes the heap. */
	options: () => string;
}

const PROCESS: HeapGrowthDeps = {setFlags: setFlagsFromString, options: () => `${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`};

/**
 * The heap's growth held at SURVEY_HEAP_GROWING_PERCENT while any survey of the process runs; returns the release,
 * and the last release gives V8 back its own choice (the option's default, 0).
 */
export function createHeapGrowth(deps: HeapGrowthDeps = PROCESS): {hold: () => () => void} {
	let holders = 0;
	return {
		hold() {
			if (HEAP_OPTIONS.test(deps.options())) return () => {};
			if (holders++ === 0) deps.setFlags(`--heap-growing-percent=${SURVEY_HEAP_GROWING_PERCENT}`);
			let released = false;
			return () => {
				if (released) return;
				released = true;
				if (--holders === 0) deps.setFlags('--heap-growing-percent=0');
			};
		},
	};
}

/** The process's one holder: every survey in it holds the growth through this. */
export const surveyHeapGrowth = createHeapGrowth();

/**
 * One full collection, now: when a survey ends, what it allocated is garbage (hundreds of MB for 1,500 TLDs), and V8
 * would collect it during the list's first keys (a key took 110 ms, most of it that collection). Taken at once, while
 * the list is about to be drawn, it costs a few milliseconds and no key pays for it. V8's `gc` is reached as Jest's
 * leak detector reaches it: the flag set for a moment, the function taken from a new context, the flag unset again.
 */
export function collectGarbageNow(): void {
	setFlagsFromString('--expose-gc');
	const collect = runInNewContext('gc') as () => void;
	setFlagsFromString('--no-expose-gc');
	collect();
}
