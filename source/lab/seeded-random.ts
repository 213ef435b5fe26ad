/**
 * A small deterministic generator (mulberry32): the same seed gives the same sequence on every machine and Node
 * version, which Math.random cannot promise. Good enough to shape a lab world; never for anything secret.
 */
export interface SeededRandom {
	/** A number in [0, 1). */
	next(): number;
	/** An integer in [low, high], both included. */
	between(low: number, high: number): number;
	/** One element of a non-empty list. */
	pick<T>(items: readonly T[]): T;
}

export function seededRandom(seed: number): SeededRandom {
	let state = seed >>> 0;
	const next = () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let mixed = state;
		mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
		mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
		return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
	};
	return {
		next,
		between: (low, high) => low + Math.floor(next() * (high - low + 1)),
		pick: (items) => items[Math.floor(next() * items.length)]!,
	};
}
