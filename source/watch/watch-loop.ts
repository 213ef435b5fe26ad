/** What a watch does each round, and how it waits: injected, so tests run rounds back to back. */
export interface WatchLoopOptions<T> {
	/** From the start of one trace to the start of the next; a trace longer than this is followed at once. */
	intervalMs: number;
	/** Stop after this many rounds (unbounded when absent). */
	count?: number;
	/** Traces once; `round` counts from 1. */
	traceRound: (round: number) => Promise<T>;
	onRound: (result: T, round: number) => void | Promise<void>;
	/** Called when the next round is scheduled: when it will start. */
	onWaiting?: (nextAt: number, round: number) => void;
	now?: () => number;
}

export interface WatchLoop {
	/** Ends the watch after the trace in progress (or at once while waiting). */
	stop: () => void;
	/** Skips the rest of the wait: the next trace starts now. */
	wakeUp: () => void;
	/** Settles when the watch has stopped, with the number of rounds traced. */
	done: Promise<number>;
}

/** Re-traces every interval, one trace at a time (never two in flight), until stopped or `count` rounds are done. */
export function startWatch<T>(options: WatchLoopOptions<T>): WatchLoop {
	const now = options.now ?? Date.now;
	let stopped = false;
	let wake: (() => void) | undefined;
	let timer: NodeJS.Timeout | undefined;
	const pause = (ms: number) =>
		new Promise<void>((resolve) => {
			wake = () => {
				clearTimeout(timer);
				wake = undefined;
				resolve();
			};
			timer = setTimeout(wake, ms);
		});

	const run = async () => {
		let round = 0;
		while (!stopped && (options.count === undefined || round < options.count)) {
			round++;
			const started = now();
			const result = await options.traceRound(round);
			await options.onRound(result, round);
			if (stopped || (options.count !== undefined && round >= options.count)) break;
			const nextAt = started + options.intervalMs;
			options.onWaiting?.(nextAt, round + 1);
			await pause(Math.max(0, nextAt - now()));
		}
		return round;
	};
	return {
		stop() {
			stopped = true;
			wake?.();
		},
		wakeUp: () => wake?.(),
		done: run(),
	};
}

/** "30", "30s", "500ms", "2m", "1h" → milliseconds; undefined when it is not a duration. */
export function parseInterval(text: string): number | undefined {
	const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/u.exec(text.trim());
	if (!match) return undefined;
	const factor = {ms: 1, s: 1000, m: 60_000, h: 3_600_000}[(match[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
	return Number(match[1]) * factor;
}
