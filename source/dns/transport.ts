import type {Name} from './name.js';
import type {Message} from './record.js';

export interface Endpoint {
	address: string;
	port: number;
}

/** How a probe failed when no usable answer came back. The rcode of an answer is not a failure here. */
export type ProbeError = 'timeout' | 'unreachable' | 'network' | 'malformed';

export type Protocol = 'udp' | 'tcp';

export interface QueryOptions {
	timeoutMs: number;
	/** Further UDP attempts after the first times out. */
	retries: number;
	edns: boolean;
	dnssecOk: boolean;
	/** Skip UDP and ask over TCP straight away. */
	tcpOnly?: boolean;
	/**
	 * When every UDP attempt times out, ask once more over TCP (as Zonemaster's CONNECTIVITY checks do): a firewall
	 * that drops UDP port 53 but passes TCP leaves the server reachable, and the probe says which transport worked.
	 */
	tcpAfterUdpTimeout?: boolean;
	/**
	 * Every try waits the whole `timeoutMs` rather than the round-trip estimate, and its round trip is not added to the
	 * estimate: for a recursive resolver, whose first answer for a cold or broken name can take seconds while it asks
	 * the authoritative servers itself.
	 */
	fixedTimeout?: boolean;
	/** Ask for the server's NSID (RFC 5001), so an anycast instance can be told from its siblings. */
	nsid?: boolean;
	/** RD=1: only for asking a resolver (priming from `@SERVER`); the walk asks authoritative servers with RD=0. */
	recursionDesired?: boolean;
	/**
	 * Called before every message the query sends (each UDP attempt, the TCP try, the UDP try without EDNS) with the
	 * function that sends it: the pacer calls it when the message may go, so a survey's rate per server counts what the
	 * server receives, stamped as it leaves. The time-out starts then. Not a wire option: two queries that differ only in
	 * it are the same query.
	 */
	pace?: (server: Endpoint, send: () => void) => void;
}

export interface QueryQuestion {
	name: Name;
	type: string;
}

interface ResultBase {
	/** Where the result came from: the protocol of the last exchange. */
	transport: Protocol;
	/** Exchanges made, across both protocols. */
	attempts: number;
	/** Round-trip of the exchange that produced the result (or the time waited, for a failure), in ms. */
	rttMs: number;
	/** Time from the first send to the result, all attempts included. */
	elapsedMs: number;
	/** Datagrams or frames that came back but did not match the query (other ID, other question): ignored. */
	ignored: number;
	/** A UDP answer had TC=1, so the query was repeated over TCP. */
	truncatedOverUdp: boolean;
	/** The answer came without EDNS: the server rejected it (FORMERR/NOTIMP without OPT) or dropped it (`ednsDropped`). */
	ednsFallback: boolean;
	/**
	 * Every query with EDNS went unanswered, and the one without it, sent beside the TCP try after UDP timed out, was
	 * answered (a middlebox that drops OPT). `ednsFallback` is set too: the answer came without EDNS.
	 */
	ednsDropped: boolean;
	/** Every UDP attempt timed out, so the query was asked once more over TCP (`tcpAfterUdpTimeout`). */
	udpTimedOut: boolean;
	/**
	 * After every UDP attempt (with EDNS) timed out, the plain UDP query sent beside the TCP try was answered too, before
	 * TCP's answer, which was taken: UDP crosses the path, queries with EDNS were what got lost.
	 */
	plainUdpAnswered?: boolean;
	/**
	 * The result of an identical query (same server, question and options) another asker made, given again instead of
	 * asking twice (a survey's share): when it was really measured, as an ISO time. Absent for a query sent for this asker.
	 */
	shared?: {measuredAt: string};
}

export interface QueryAnswer extends ResultBase {
	ok: true;
	message: Message;
	raw: Uint8Array;
}

export interface QueryFailure extends ResultBase {
	ok: false;
	error: ProbeError;
	detail: string;
	/** Never sent: this program refused to, or the host could not (see LinkError's `notSent`); `detail` says why. */
	notSent?: true;
	/** For a network or unreachable failure, the link's error code: ENETUNREACH, ECONNREFUSED, ECONNCLOSED… */
	code?: string;
	/** The undecodable bytes, for a malformed response. */
	raw?: Uint8Array;
}

export type QueryResult = QueryAnswer | QueryFailure;

/** The one interface the walk talks through: the real network and the lab both implement it. */
export interface Transport {
	query(server: Endpoint, question: QueryQuestion, options: QueryOptions): Promise<QueryResult>;
}

/**
 * The codes that say this host has no way to send to an address of that family at all (no route, the route's
 * interface down, no source address, no IPv6 in the kernel): a property of where we stand. Any other network error (a
 * TCP connection the server closed, too many open files) is one query's, and says nothing of the family.
 */
const NO_ROUTE_CODES = new Set(['ENETUNREACH', 'ENETDOWN', 'EADDRNOTAVAIL', 'EAFNOSUPPORT']);

export const isNoRoute = (code: string | undefined): boolean => code !== undefined && NO_ROUTE_CODES.has(code);

/** How an `exhausted` LinkError's message starts: "this host ran out of file descriptors (EMFILE: …)". */
export const RAN_OUT = 'this host ran out of ';

export interface LinkError {
	kind: 'unreachable' | 'network';
	code: string;
	message: string;
	/**
	 * Nothing left the host, and no server is to blame: this program refused to send it (DIGDEEPER_LOOPBACK_ONLY), or
	 * the host could not (out of file descriptors, buffers or memory: socket-link.ts).
	 */
	notSent?: true;
	/**
	 * Not sent because this host was out of file descriptors, buffers or memory for a moment: worth asking again. Its
	 * message starts with RAN_OUT.
	 */
	exhausted?: true;
}

/**
 * What a link tells of an exchange. `lateMs` is how long ago, by the link's own clock, the event really happened: a
 * link that reads its sockets on another thread (threaded-link.ts), or a lab whose reply was due before its timer could
 * fire, tells it, so a round trip is not made longer by this thread's own stalls (an explorer's frame being drawn).
 */
export interface LinkHandlers {
	onMessage(data: Uint8Array, from: Endpoint, lateMs?: number): void;
	/** `lateMs` as for a reply: a refusal (ICMP port unreachable, a reset) ends the round trip when it came. */
	onError(error: LinkError, lateMs?: number): void;
	/**
	 * The query has just left: a UDP datagram's send call has returned (the datagram leaves inside it, once its socket
	 * is connected: at once for a bound spare, else a turn later). The round trip counts from here when told.
	 */
	onSent?(lateMs?: number): void;
}

export interface LinkExchange {
	close(): void;
}

/**
 * Raw packet delivery: one UDP datagram out and every datagram that comes back, or one TCP connection with its
 * 2-byte length framing done. Matching and retries live above it, in the querier, so the real sockets and the
 * lab's in-process network behave identically to the walk.
 */
export interface Link {
	udp(to: Endpoint, payload: Uint8Array, handlers: LinkHandlers): LinkExchange;
	tcp(to: Endpoint, payload: Uint8Array, handlers: LinkHandlers): LinkExchange;
}
