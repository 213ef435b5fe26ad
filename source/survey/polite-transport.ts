import type {Endpoint, Transport} from '../dns/transport.js';

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

/** What waits at one address: messages of queries already out, served first, then queries not yet started. */
interface AddressQueue {
	/** Each sends its message when called. */
	messages: Array<() => void>;
	/** Each starts its query when called, and the query sends its first message at once. */
	queries: Array<() => void>;
}

/**
 * A transport that never floods: at most `maxInFlight` queries out at once, and a token bucket per server address
 * one token deep, refilled every 1000 / `ratePerAddress` ms, so the messages an address receives are evenly spaced
 * and no second holds more than `ratePerAddress` of them. Every message counts, not every query: a query takes a
 * token to start (its first message), and each message it sends after that (a UDP retry, TCP after truncation or a
 * time-out, the UDP try without EDNS beside it) waits for a token of its own through `pace`, ahead of the queries
 * waiting to start, since it holds a slot already. Each address has its own queue, so a busy server's backlog never
 * holds a slot another server could use.
 */
export function createPoliteTransport(inner: Transport, politeness: Politeness, clock: Clock = SYSTEM_CLOCK): PoliteTransport {
	const spacingMs = 1000 / politeness.ratePerAddress;
	const queues = new Map<string, AddressQueue>();
	/** When each address may next be sent to; an address whose time has passed is forgotten. */
	const nextStart = new Map<string, number>();
	let inFlight = 0;
	let peak = 0;
	let cancelWake: (() => void) | undefined;
	/** The size at which `nextStart` is next swept: doubling, so sweeping costs a constant per query. */
	let sweepAt = 4096;

	const queueOf = (address: string) => {
		let queue = queues.get(address);
		if (!queue) queues.set(address, (queue = {messages: [], queries: []}));
		return queue;
	};

	const pump = () => {
		cancelWake?.();
		cancelWake = undefined;
		const now = clock.now();
		let earliest = Infinity;
		for (const [address, queue] of queues) {
			const allowed = nextStart.get(address) ?? -Infinity;
			if (allowed > now) {
				earliest = Math.min(earliest, allowed);
				continue;
			}
			// A query waiting for a free slot is woken by the next query to finish, not by the clock.
			const next = queue.messages.shift() ?? (inFlight < politeness.maxInFlight ? queue.queries.shift() : undefined);
			if (!next) continue;
			if (queue.messages.length === 0 && queue.queries.length === 0) queues.delete(address);
			next();
			// Stamped once the message has gone, so the spacing holds between sends, however long sending took.
			const sent = clock.now();
			nextStart.set(address, sent + spacingMs);
			if (queues.has(address)) earliest = Math.min(earliest, sent + spacingMs);
		}
		if (nextStart.size >= sweepAt) {
			for (const [address, allowed] of nextStart) if (allowed <= now && !queues.has(address)) nextStart.delete(address);
			sweepAt = Math.max(4096, 2 * nextStart.size);
		}
		// Sending took time: the wait is counted from now, not from when this pump began.
		if (earliest !== Infinity) cancelWake = clock.after(Math.max(0, earliest - clock.now()), pump);
	};

	/** A message of a query already out: it waits for the address's next token. */
	const pace = (server: Endpoint, send: () => void) => {
		queueOf(server.address).messages.push(send);
		pump();
	};

	return {
		peakInFlight: () => peak,
		query(server, question, options) {
			return new Promise((resolve) => {
				queueOf(server.address).queries.push(() => {
					inFlight++;
					peak = Math.max(peak, inFlight);
					// The token that started the query is its first message's; every later one waits for its own.
					let first = true;
					const paced = (to: Endpoint, send: () => void) => {
						if (!first) return pace(to, send);
						first = false;
						send();
					};
					void inner.query(server, question, {...options, pace: paced}).then((result) => {
						inFlight--;
						resolve(result);
						pump();
					});
				});
				pump();
			});
		},
	};
}
