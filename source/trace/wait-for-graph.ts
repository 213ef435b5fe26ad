/**
 * Who waits on whom, the way a database finds deadlocks: a resolution that cannot reach a zone until a look-up of
 * one of the zone's server names finishes waits on that look-up. When every look-up it could wait for waits, in turn,
 * on it, nobody will ever move: that is an NS dependency cycle, and the waiter gives up instead of hanging.
 * Pure bookkeeping: it knows nothing of DNS, and the nodes are whatever the caller tracks (the walk's resolutions).
 */
export interface WaitForGraph<T> {
	/** `waiter` now waits on exactly `on` (nothing: it no longer waits). */
	wait(waiter: T, on: Iterable<T>): void;
	/** `waiter` has what it waited for and waits on nobody. */
	remove(waiter: T): void;
	waitsOn(waiter: T): T[];
	/** Does `from` wait on `to`, directly or through others (or is it `to`)? */
	reaches(from: T, to: T): boolean;
	/**
	 * What `waiter` can still hope for from the work it needs that is still `running`: the part of it that does not
	 * wait on `waiter`; nothing when all of it does (a cycle, and who it goes through); nothing when none runs.
	 */
	judge(waiter: T, running: readonly T[]): Judgement<T>;
}

export type Judgement<T> = {state: 'waiting'; on: T[]} | {state: 'cycle'; through: T[]} | {state: 'exhausted'};

export function createWaitForGraph<T>(): WaitForGraph<T> {
	const edges = new Map<T, ReadonlySet<T>>();

	const reaches = (from: T, to: T, seen: Set<T>): boolean => {
		if (from === to) return true;
		if (seen.has(from)) return false;
		seen.add(from);
		for (const next of edges.get(from) ?? []) if (reaches(next, to, seen)) return true;
		return false;
	};

	return {
		wait(waiter, on) {
			const targets = new Set(on);
			if (targets.size === 0) edges.delete(waiter);
			else edges.set(waiter, targets);
		},
		remove(waiter) {
			edges.delete(waiter);
		},
		waitsOn(waiter) {
			return [...(edges.get(waiter) ?? [])];
		},
		reaches(from, to) {
			return reaches(from, to, new Set());
		},
		judge(waiter, running) {
			const free = running.filter((node) => !reaches(node, waiter, new Set()));
			if (free.length > 0) return {state: 'waiting', on: free};
			if (running.length > 0) return {state: 'cycle', through: [...running]};
			return {state: 'exhausted'};
		},
	};
}
