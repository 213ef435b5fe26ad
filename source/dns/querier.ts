import {decodeLaidOut, encodeQuery, MalformedMessageError} from './codec.js';
import type {Message} from './record.js';
import {checkResponse, unusableReply} from './response-check.js';
import type {Endpoint, Link, LinkError, Protocol, QueryOptions, QueryQuestion, QueryResult, Transport} from './transport.js';
import {describeProblem} from './wire-layout.js';

export interface QuerierDeps {
	/** A fresh 16-bit query ID; crypto-random in production (RFC 5452), seeded in tests. */
	randomId: () => number;
	/** Monotonic milliseconds with sub-millisecond precision. */
	now: () => number;
}

interface Exchange {
	outcome: 'answer' | 'timeout' | 'malformed' | LinkError['kind'];
	/** TC=1 in a reply that does not decode: cut short by an old-style truncation, to be asked again over TCP. */
	truncated?: boolean;
	message?: Message;
	raw?: Uint8Array;
	detail: string;
	rttMs: number;
	ignored: number;
	/** The answer came from the UDP query without EDNS sent beside the TCP try, the TCP try having failed. */
	viaPlainUdp?: boolean;
	/** The plain UDP query beside a TCP try was answered too, though TCP's answer was taken: a datagram came back. */
	plainAnswered?: boolean;
	/** The link refused to send it (LinkError's `notSent`). */
	notSent?: true;
	/** Not sent for want of a socket for a moment (LinkError's `exhausted`). */
	exhausted?: true;
	/** The link's error code, for a network or unreachable failure. */
	code?: string;
}

/**
 * A query this host could not send for want of a socket (out of file descriptors: a low `ulimit -n` under a wide
 * survey) is asked again once exchanges under way have ended and freed theirs: after 10 ms, then twice as long each
 * time up to 80 ms (sockets come free within milliseconds: a wait doubled without end made a trace with --timeout
 * 60000 take 41 s), until its time-out has passed since it was asked; only then is it given up as never sent. Given
 * up at once, a healthy name failed from a host that had sockets again a few milliseconds later.
 */
const FIRST_SOCKET_WAIT_MS = 10;
const LONGEST_SOCKET_WAIT_MS = 80;

/**
 * The first attempt's time-out before anything has been measured, and its floor: Unbound's initial estimate for an
 * unknown server (UNKNOWN_SERVER_NICENESS, 376 ms). Later attempts double, up to the configured time-out.
 */
export const INITIAL_TIMEOUT_MS = 376;

/**
 * How much longer the plain query beside a TCP try is waited for once TCP has answered (tcpOrPlainUdp). It left with
 * TCP's handshake, so on any real path its reply comes a round trip before TCP's answer; only over loopback, where a
 * round trip is microseconds, do the two race.
 */
const PLAIN_GRACE_MS = 3;

/** QR and TC, in the header's third byte. */
const QR_BIT = 0x80;
const TC_BIT = 0x02;

/**
 * A smoothed round-trip estimate over every answer this transport has had (RFC 6298's SRTT and RTTVAR), so a
 * dead server is given up on after a few times the network's real round trip rather than a fixed worst case.
 */
function createRttEstimator() {
	let srtt: number | undefined;
	let rttvar = 0;
	return {
		observe(rtt: number) {
			if (srtt === undefined) {
				srtt = rtt;
				rttvar = rtt / 2;
			} else {
				rttvar = 0.75 * rttvar + 0.25 * Math.abs(srtt - rtt);
				srtt = 0.875 * srtt + 0.125 * rtt;
			}
		},
		timeout(limit: number): number {
			const estimate = srtt === undefined ? INITIAL_TIMEOUT_MS : Math.max(INITIAL_TIMEOUT_MS, srtt + 4 * rttvar);
			return Math.min(limit, estimate);
		},
	};
}

/** Builds a Transport on top of a Link: query encoding, response matching, retries, TCP fallback, EDNS fallback. */
export function createTransport(link: Link, deps: QuerierDeps): Transport {
	const rtt = createRttEstimator();
	return {
		async query(server, question, options) {
			const started = deps.now();
			let attempts = 0;
			let ignored = 0;
			let truncatedOverUdp = false;
			let ednsFallback = false;
			let ednsDropped = false;
			let udpTimedOut = false;
			let plainUdpAnswered = false;
			let askPlainBeside = false;
			let edns = options.edns;
			let protocol: Protocol = options.tcpOnly ? 'tcp' : 'udp';
			let udpAttemptsLeft = options.retries + 1;

			const finish = (exchange: Exchange, via: Protocol): QueryResult => {
				const base = {
					transport: via,
					attempts,
					rttMs: exchange.rttMs,
					elapsedMs: deps.now() - started,
					ignored,
					truncatedOverUdp,
					ednsFallback,
					ednsDropped,
					udpTimedOut,
					plainUdpAnswered,
				};
				if (exchange.outcome === 'answer' && exchange.message && exchange.raw) {
					return {ok: true, message: exchange.message, raw: exchange.raw, ...base};
				}
				const error = exchange.outcome === 'answer' ? 'malformed' : exchange.outcome;
				if (exchange.notSent) return {ok: false, error, detail: exchange.detail, notSent: true, ...base};
				const detail = udpTimedOut ? `every UDP attempt timed out; then over TCP: ${exchange.detail}` : exchange.detail;
				return {ok: false, error, detail, ...(exchange.raw ? {raw: exchange.raw} : {}), ...(exchange.code ? {code: exchange.code} : {}), ...base};
			};

			// Each UDP attempt waits longer: the estimate first, then doubling, never past the configured time-out.
			let waitMs = options.fixedTimeout ? options.timeoutMs : rtt.timeout(options.timeoutMs);
			let socketWaitMs = FIRST_SOCKET_WAIT_MS;
			/** The last try that left this host and met silence: what the server did, should a later one find no socket. */
			let lastSent: {exchange: Exchange; via: Protocol} | undefined;
			for (;;) {
				attempts++;
				// TCP gets the full time-out once the server has shown it is alive (TC=1, or asked for TCP). The last try
				// (TCP with plain UDP beside it after every UDP attempt timed out, or the last UDP attempt where nothing
				// follows) gets it too: by default the waits are 376, 752, then 1,500 ms (a dead server costs about 2.6 s, as
				// README's --timeout says). Given the next doubled wait instead, it never reached a longer --timeout: on a
				// path 3 s slow, --timeout 60000 gave up at 2.6 s all the same, and called every server dead.
				const last = udpTimedOut || (protocol === 'udp' && udpAttemptsLeft === 1 && !options.tcpAfterUdpTimeout);
				const timeoutMs = protocol === 'udp' || udpTimedOut ? (last ? options.timeoutMs : waitMs) : options.timeoutMs;
				let exchange: Exchange;
				const pair: boolean = askPlainBeside;
				if (askPlainBeside) {
					askPlainBeside = false;
					attempts++;
					exchange = await tcpOrPlainUdp(link, deps, server, question, {...options, timeoutMs});
					if (exchange.plainAnswered) plainUdpAnswered = true;
					if (exchange.viaPlainUdp) {
						udpTimedOut = false;
						ednsFallback = true;
						ednsDropped = true;
						edns = false;
						protocol = 'udp';
					}
				} else {
					exchange = await exchangeOnce(link, deps, server, question, {...options, timeoutMs}, protocol, edns);
				}
				ignored += exchange.ignored;
				if (exchange.exhausted) {
					if (deps.now() - started + socketWaitMs <= options.timeoutMs) {
						// Not an attempt: nothing was sent. A pair (TCP and plain UDP) is asked again as a pair.
						attempts -= pair ? 2 : 1;
						askPlainBeside = pair;
						await new Promise((resolve) => setTimeout(resolve, socketWaitMs));
						socketWaitMs = Math.min(LONGEST_SOCKET_WAIT_MS, socketWaitMs * 2);
						continue;
					}
					// Out of time with a try that did leave (UDP attempts that timed out): that is what the server did, and
					// this host's want of a socket for the next try is said beside it. Reported as never sent, a dead
					// server's time-outs were a skipped probe, and its SERVER_TIMEOUT was gone.
					if (lastSent) return {...finish(lastSent.exchange, lastSent.via), detail: `${lastSent.exchange.detail}; then not asked over ${protocol.toUpperCase()}: ${exchange.detail}`} as QueryResult;
				} else if (exchange.outcome === 'timeout') lastSent = {exchange, via: protocol};
				if (exchange.outcome === 'answer' && !options.fixedTimeout) rtt.observe(exchange.rttMs);
				waitMs = Math.min(options.timeoutMs, waitMs * 2);
				if (exchange.outcome === 'timeout' && protocol === 'udp' && --udpAttemptsLeft > 0) continue;
				if (exchange.outcome === 'timeout' && protocol === 'udp' && options.tcpAfterUdpTimeout) {
					udpTimedOut = true;
					protocol = 'tcp';
					// Resolvers (Unbound) retry without EDNS after time-outs: some firewalls drop any query carrying OPT.
					askPlainBeside = edns;
					continue;
				}
				// As BIND does: a truncated UDP reply need not be whole, and its data is never used; TCP decides.
				if (exchange.truncated && protocol === 'udp') {
					truncatedOverUdp = true;
					protocol = 'tcp';
					continue;
				}
				if (exchange.outcome !== 'answer' || !exchange.message) return finish(exchange, protocol);

				const message = exchange.message;
				if (protocol === 'udp' && message.flags.tc) {
					truncatedOverUdp = true;
					protocol = 'tcp';
					continue;
				}
				// RFC 6891 7: a server that does not know EDNS answers FORMERR/NOTIMP without an OPT; ask again without.
				if (edns && !message.edns && (message.rcode === 'FORMERR' || message.rcode === 'NOTIMP') && !ednsFallback) {
					ednsFallback = true;
					edns = false;
					continue;
				}
				return finish(exchange, protocol);
			}
		},
	};
}

/**
 * The try after every UDP attempt with EDNS timed out: over TCP with EDNS and, at the same moment, over UDP without
 * it, so a dead server costs no more time. A TCP answer wins whenever it comes within the deadline, whatever arrived
 * first, so the lab's outcome does not depend on latencies: the TCP answer is the fuller one (EDNS, DNSSEC records),
 * and a server that answers it has shown it is alive. Only when TCP fails does the plain answer count.
 */
async function tcpOrPlainUdp(link: Link, deps: QuerierDeps, server: Endpoint, question: QueryQuestion, options: QueryOptions): Promise<Exchange> {
	const abandon = new AbortController();
	// The plain query first: it is the quicker (no handshake), and its answer, when it comes before TCP's, shows that UDP
	// crosses the path while queries with EDNS do not (analysis/transport-checks.ts: no VANTAGE_UDP_BLOCKED for it).
	const plain = exchangeOnce(link, deps, server, question, options, 'udp', false, abandon.signal);
	const tcpTry = exchangeOnce(link, deps, server, question, options, 'tcp', true);
	// A TCP reply that says TC=1 comes back malformed (exchangeOnce), no answer: the plain UDP answer is still wanted.
	const overTcp = await tcpTry;
	// Answered over TCP, the plain query is given PLAIN_GRACE_MS more before it is given up (and a turn of the event loop,
	// as Node runs timers before it reads sockets): its reply, whether it comes or not, tells a server (or a path) that
	// drops only queries with EDNS from one that drops UDP. Abandoned at once, the race between the two replies decided
	// it, run by run (a break test on loopback).
	let grace: NodeJS.Timeout | undefined;
	if (overTcp.outcome === 'answer') grace = setTimeout(() => setImmediate(() => abandon.abort()), PLAIN_GRACE_MS);
	const overUdp = await plain;
	clearTimeout(grace);
	const both = {ignored: overTcp.ignored + overUdp.ignored};
	// TCP found no socket on this host while the plain query did leave: that one is what the server did, and the pair is
	// not asked again (asked again, a dead server was sent a plain query each round).
	if (overTcp.exhausted && !overUdp.notSent && overUdp.outcome !== 'answer') return {...overUdp, ...both, detail: `${overUdp.detail}; not asked over TCP: ${overTcp.detail}`};
	if (overTcp.outcome !== 'answer' && overUdp.outcome === 'answer') return {...overUdp, ...both, viaPlainUdp: true};
	return {...overTcp, ...both, ...(overTcp.outcome === 'answer' && overUdp.outcome === 'answer' ? {plainAnswered: true} : {})};
}

function exchangeOnce(
	link: Link,
	deps: QuerierDeps,
	server: Endpoint,
	question: QueryQuestion,
	options: QueryOptions,
	protocol: Protocol,
	edns: boolean,
	signal?: AbortSignal,
): Promise<Exchange> {
	// A paced message waits its turn and is sent the moment it is given one; an unpaced one goes at once, as always.
	const {pace} = options;
	if (pace) {
		const unpaced = {...options, pace: undefined};
		return new Promise((resolve) => {
			pace(server, () => resolve(signal?.aborted ? abandoned(protocol) : exchangeOnce(link, deps, server, question, unpaced, protocol, edns, signal)));
		});
	}
	const id = deps.randomId() & 0xffff;
	const payload = encodeQuery({id, name: question.name, type: question.type, edns, dnssecOk: edns && options.dnssecOk, nsid: edns && options.nsid === true, recursionDesired: options.recursionDesired === true});
	// The round trip is the network's: from the moment the query leaves (`onSent`, once the link's send has returned) to the
	// moment the reply is read, before it is decoded. The first reply of a process decodes with code not yet compiled,
	// and a query made behind others leaves a turn later: neither is the server's time.
	let sent = deps.now();
	let ignored = 0;

	return new Promise((resolve) => {
		let done = false;
		let timer: NodeJS.Timeout | undefined;
		let handle: {close(): void} | undefined;
		const settle = (exchange: Omit<Exchange, 'ignored' | 'rttMs'>, readAt = deps.now()) => {
			if (done) return;
			done = true;
			clearTimeout(timer);
			handle?.close();
			resolve({...exchange, ignored, rttMs: readAt - sent});
		};
		signal?.addEventListener('abort', () => settle(abandoned(protocol)), {once: true});

		handle = (protocol === 'udp' ? link.udp : link.tcp).call(link, server, payload, {
			onSent(lateMs = 0) {
				sent = deps.now() - lateMs;
			},
			onMessage(data, from, lateMs = 0) {
				if (done) return;
				const readAt = deps.now() - lateMs;
				if (protocol === 'udp' && (from.address !== server.address || from.port !== server.port)) {
					ignored++;
					return;
				}
				if (data.byteLength < 2 || ((data[0]! << 8) | data[1]!) !== id) {
					ignored++;
					return;
				}
				let decoded: ReturnType<typeof decodeLaidOut>;
				try {
					decoded = decodeLaidOut(data);
				} catch (error) {
					const detail = error instanceof MalformedMessageError ? error.message : String(error);
					// A response cut short (QR and TC set) that does not decode is still the cue to ask over TCP; a query sent
					// back with TC set (QR clear) is no response at all.
					const truncated = data.byteLength > 2 && (data[2]! & (QR_BIT | TC_BIT)) === (QR_BIT | TC_BIT);
					settle({outcome: 'malformed', truncated, raw: data, detail: `undecodable response (${data.byteLength} bytes): ${detail}`}, readAt);
					return;
				}
				const mismatch = checkResponse(decoded.message, decoded.layout, question);
				if (mismatch?.kind === 'other-question') {
					ignored++;
					return;
				}
				if (mismatch) {
					settle({outcome: 'malformed', raw: data, detail: `not a valid response (${data.byteLength} bytes): ${describeProblem(mismatch.problem)}`}, readAt);
					return;
				}
				// TC=1 over TCP: broken, whichever try asked (RFC 7766 8). Over UDP it is the query loop's cue to ask over TCP.
				const unusable = protocol === 'tcp' ? unusableReply(decoded.message, protocol) : undefined;
				if (unusable) {
					settle({outcome: 'malformed', raw: data, detail: unusable}, readAt);
					return;
				}
				settle({outcome: 'answer', message: decoded.message, raw: data, detail: ''}, readAt);
			},
			onError(error, lateMs = 0) {
				const readAt = deps.now() - lateMs;
				if (error.notSent) settle({outcome: error.kind, detail: error.message, notSent: true, ...(error.exhausted ? {exhausted: true as const} : {})}, readAt);
				else settle({outcome: error.kind, detail: `${error.code}: ${error.message}`, code: error.code}, readAt);
			},
		});
		if (done) {
			handle.close();
			return;
		}
		// The wait starts once the message is handed over (the in-process lab answers while sending), and when it runs out
		// the verdict waits one turn of the event loop: after this process was busy (a zone's analysis, a GC pause), the
		// timer and the answer that came meanwhile are due together and Node runs timers before it reads sockets. Our own
		// stall must not become a server's time-out.
		// Replies that matched nothing asked are said with it: "no response" alone, of a server that sent some, was untrue.
		const expire = () => settle({outcome: 'timeout', detail: `no ${ignored > 0 ? 'matching ' : ''}response within ${options.timeoutMs} ms over ${protocol.toUpperCase()}${ignored > 0 ? ` (${ignored} ignored: another ID, question or sender)` : ''}`});
		timer = setTimeout(() => setImmediate(expire), options.timeoutMs);
	});
}

/** A try given up before its answer (or before it was sent) because the other try beside it was answered. */
function abandoned(protocol: Protocol): Exchange {
	return {outcome: 'timeout', detail: `abandoned over ${protocol.toUpperCase()}: answered otherwise`, ignored: 0, rttMs: 0};
}
