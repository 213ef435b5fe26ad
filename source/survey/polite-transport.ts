import type {Transport} from '../dns/transport.js';

export interface Politeness {
	/** Queries in flight at once, across every server. */
	maxInFlight: number;
	/** Queries started per second to any one server address. */
	ratePerAddress: number;
}

/** Issue #16's defaults: 256 in flight, 20 queries per second per address. */
export const DEFAULT_POLITENESS: Politeness = {maxInFlight: 256, ratePerAddress: 20};

export interface Clock {
	/** Monotonic milliseconds. */
	now: () => number;
	/** Runs `run` after `ms`; the returned function cancels it. */
	after: (ms: number, run: () => void) => () => void;
}

export const SYSTEM_CLOCK: Clock = {
	now: () => performance.now(),
	after(ms, run) {
		const timer = setTimeout(run, ms);
		return () => clearTimeout(timer);
	},
};

export interface PoliteTransport extends Transport {
	/** The most queries that were ever in flight at once. */
	peakInFlight(): number;
}

interface Waiting {
	start: () => void;
}

/**
 * A transport that never floods: at most `maxInFlight` queries out at once, and a token bucket per server address
 * one token deep, refilled every 1000 / `ratePerAddress` ms, so starts to one address are evenly spaced and no second
 * holds more than `ratePerAddress` of them. A query's own follow-ups (TCP after truncation or after a UDP time-out)
 * belong to it and wait on its own time-outs. Queries wait in one queue per address, served in turn, so a busy
 * server's backlog never holds a slot another server could use.
 */
export function createPoliteTransport(inner: Transport, politeness: Politeness, clock: Clock = SYSTEM_CLOCK): PoliteTransport {
	const spacingMs = 1000 / politeness.ratePerAddress;
	const queues = new Map<string, Waiting[]>();
	/** When each address may next be sent to; an address whose time has passed is forgotten. */
	const nextStart = new Map<string, number>();
	let inFlight = 0;
	let peak = 0;
	let cancelWake: (() => void) | undefined;
	/** The size at which `nextStart` is next swept: doubling, so sweeping costs a constant per query. */
	let sweepAt = 4096;

	const pump = () => {
		cancelWake?.();
		cancelWake = undefined;
		const now = clock.now();
		let earliest = Infinity;
		for (const [address, queue] of queues) {
			if (inFlight >= politeness.maxInFlight) return;
			const allowed = nextStart.get(address) ?? -Infinity;
			if (allowed > now) {
				earliest = Math.min(earliest, allowed);
				continue;
			}
			const waiting = queue.shift()!;
			if (queue.length === 0) queues.delete(address);
			nextStart.set(address, now + spacingMs);
			inFlight++;
			peak = Math.max(peak, inFlight);
			waiting.start();
			if (queue.length > 0) earliest = Math.min(earliest, nextStart.get(address)!);
		}
		if (nextStart.size >= sweepAt) {
			for (const [address, allowed] of nextStart) if (allowed <= now && !queues.has(address)) nextStart.delete(address);
			sweepAt = Math.max(4096, 2 * nextStart.size);
		}
		if (earliest !== Infinity) cancelWake = clock.after(Math.max(0, earliest - now), pump);
	};

	return {
		peakInFlight: () => peak,
		query(server, question, options) {
			return new Promise((resolve) => {
				const queue = queues.get(server.address) ?? [];
				queues.set(server.address, queue);
				queue.push({
					start: () => {
						void inner.query(server, question, options).then((result) => {
							inFlight--;
							resolve(result);
							pump();
						});
					},
				});
				pump();
			});
		},
	};
}
