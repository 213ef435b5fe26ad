import {isAtOrBelow, type Name} from '../dns/name.js';
import {decodeMessage} from '../dns/codec.js';
import type {Message} from '../dns/record.js';
import type {Endpoint, QueryAnswer, QueryFailure, QueryOptions, QueryQuestion, QueryResult, Transport} from '../dns/transport.js';

export interface SharedTransportOptions {
	/** Results kept for askers still to come, least recently used dropped first (see DEFAULT_SHARE_ENTRIES). */
	maxEntries: number;
	/** Wall-clock time, for when a shared result was measured. */
	date: () => Date;
}

/**
 * Results kept at most: every zone of a survey asks the root's (and a shared parent's) servers the same few questions,
 * so those stay recently used; the zones' own questions are asked once and age out. Twenty thousand results of at most
 * a few kilobytes each keep memory bounded whatever the length of the list.
 */
export const DEFAULT_SHARE_ENTRIES = 20_000;

/** What other zones' chains of trust ask of a zone: kept, whoever asked first. */
const CHAIN_OF_TRUST: ReadonlySet<string> = new Set(['DS', 'DNSKEY']);

export interface SharedTransport extends Transport {
	/** Queries really sent through the inner transport: what the network saw. */
	sent(): number;
	/** Queries answered from the share (or joined while in flight) instead of being sent. */
	shared(): number;
	/**
	 * The share as one zone's walk uses it: its questions about names at or below the zone (its referral, its servers'
	 * SOA, NS, CDS) are its own, so their answers are shared while in flight and then let go; the rest (the root's
	 * keys, the providers' host addresses, and every DS and DNSKEY: another zone's chain of trust runs through them when
	 * its servers are named under this one) is kept for the zones to come. Kept answers are what a survey's memory is
	 * made of: keeping every zone's own answers held hundreds of megabytes no other zone asked for. A zone's own keys
	 * asked over TCP only (the TCP check) are its own too: no chain of trust is built from a check, and keeping them
	 * held 1,500 TLDs' DNSKEY sets twice.
	 */
	forZone(zone: Name): Transport;
}

interface Entry {
	/** While in flight: what every asker waits on. */
	pending?: Promise<QueryResult>;
	/**
	 * Once it came: the result as bytes, its message decoded again for each asker. A decoded message is ten times its
	 * bytes, and the share keeps thousands: holding them decoded was most of a survey's memory.
	 */
	kept?: Kept;
	/**
	 * The kept message as last decoded, while any trace still holds it: the walks in flight all ask the root's (and a
	 * shared parent's) servers the same questions, and each decoding its own copy of the same answers held 64 copies.
	 * A decoded message is never changed by its readers, so one copy serves every trace that holds it.
	 */
	decoded?: WeakRef<Message>;
	/** Set when the result came: an asker joining later gets it marked as shared. */
	measuredAt?: string;
}

type Kept = Omit<QueryAnswer, 'message'> | QueryFailure;

/** A result without its decoded message, its bytes copied out of whatever buffer they were read into. */
function keepCompact(result: QueryResult): Kept {
	if (!result.ok) return result.raw === undefined ? result : {...result, raw: new Uint8Array(result.raw)};
	const {message: _decoded, ...rest} = result;
	return {...rest, raw: new Uint8Array(result.raw)};
}

/**
 * A kept result as the asker gets it: the same bytes, decoded as the querier decoded them when they came; the copy
 * another trace still holds when there is one, else decoded again.
 */
function revive(entry: Entry, kept: Kept): QueryResult {
	if (!kept.ok) return kept;
	let message = entry.decoded?.deref();
	if (message === undefined) {
		message = decodeMessage(kept.raw);
		entry.decoded = new WeakRef(message);
	}
	return {...kept, message};
}

/** Every option that changes what goes on the wire, in one fixed order: two queries with the same key are identical. */
function keyOf(server: Endpoint, question: QueryQuestion, options: QueryOptions): string {
	const {timeoutMs, retries, edns, dnssecOk, tcpOnly = false, tcpAfterUdpTimeout = false, nsid = false, recursionDesired = false} = options;
	return JSON.stringify([server.address, server.port, question.name, question.type, timeoutMs, retries, edns, dnssecOk, tcpOnly, tcpAfterUdpTimeout, nsid, recursionDesired]);
}

/**
 * A survey's share: an identical query (same server, port, question and options) is sent once per survey. Askers that
 * arrive while it is in flight wait for it; later ones get the kept result. Every asker but the one whose query went
 * out gets the result marked `shared` with the moment it was really measured, so a trace never passes off another's
 * probe as its own.
 */
export function createSharedTransport(inner: Transport, options: SharedTransportOptions): SharedTransport {
	const entries = new Map<string, Entry>();
	let sent = 0;
	let shared = 0;
	const query = async (server: Endpoint, question: QueryQuestion, queryOptions: QueryOptions, keep: boolean): Promise<QueryResult> => {
		const key = keyOf(server, question, queryOptions);
		const known = entries.get(key);
		if (known) {
			// Most recently used last: the Map's order is the eviction order.
			entries.delete(key);
			entries.set(key, known);
			shared++;
			const result = known.kept ? revive(known, known.kept) : await known.pending!;
			return {...result, shared: {measuredAt: known.measuredAt!}};
		}
		sent++;
		const entry: Entry = {};
		const pending = inner.query(server, question, queryOptions).then((result) => {
			// One the link refused to send (loopback only) never left this host: taken back from the queries sent.
			if (!result.ok && result.notSent) sent--;
			entry.measuredAt = options.date().toISOString();
			// Askers that joined in flight got the promise; from now on a kept entry is bytes (one evicted meanwhile is gone).
			if (entries.get(key) === entry) {
				if (keep) {
					entry.kept = keepCompact(result);
					if (result.ok) entry.decoded = new WeakRef(result.message);
				}
				else entries.delete(key);
			}
			delete entry.pending;
			return result;
		});
		entry.pending = pending;
		entries.set(key, entry);
		while (entries.size > options.maxEntries) entries.delete(entries.keys().next().value!);
		return pending;
	};
	return {
		sent: () => sent,
		shared: () => shared,
		query: (server, question, queryOptions) => query(server, question, queryOptions, true),
		forZone: (zone) => ({query: (server, question, queryOptions) => query(server, question, queryOptions, (CHAIN_OF_TRUST.has(question.type) && !queryOptions.tcpOnly) || !isAtOrBelow(question.name, zone))}),
	};
}
