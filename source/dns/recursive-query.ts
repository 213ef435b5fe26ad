import {isLoopback} from './address.js';
import {loopbackOnly} from './loopback-guard.js';
import type {QueryQuestion, QueryResult, Transport} from './transport.js';
import type {ResolverTarget} from './resolver-list.js';

/** Why a resolver was not asked at all; the result says so rather than waiting for a refusal or a time-out. */
export interface NotAsked {
	ok: false;
	notAsked: string;
}

/**
 * Asks a recursive resolver the traced question as a stub resolver of a validating host would: RD=1, DO=1 (so it
 * says AD and sends signatures), CD=0 (so a validating resolver validates and answers SERVFAIL on bogus data), with
 * EDNS (so an Extended DNS Error, RFC 8914, can come back). Through the same querier as the walk: IDs, matching,
 * retries, TC→TCP; each try waits the whole --timeout (a resolver's first answer for a cold name can take seconds)
 * and, when every UDP try timed out, it is asked over TCP. `outside` says why an address is not to be asked here (the lab's link answers only its own).
 */
export async function askRecursive(
	transport: Transport,
	target: ResolverTarget,
	question: QueryQuestion,
	options: {timeoutMs: number; retries: number; outside?: (address: string) => string | undefined},
): Promise<QueryResult | NotAsked> {
	// The guarded link would refuse it too; said before sending, in the words a person reads.
	if (loopbackOnly() && !isLoopback(target.address)) return {ok: false, notAsked: 'loopback only (DIGDEEPER_LOOPBACK_ONLY=1)'};
	const outside = options.outside?.(target.address);
	if (outside !== undefined) return {ok: false, notAsked: outside};
	// The querier refuses a TC=1 reply over TCP (`unusableReply`), for a resolver as for the walk.
	return transport.query({address: target.address, port: target.port}, question, {
		timeoutMs: options.timeoutMs,
		retries: options.retries,
		edns: true,
		dnssecOk: true,
		recursionDesired: true,
		fixedTimeout: true,
		tcpAfterUdpTimeout: true,
	});
}
