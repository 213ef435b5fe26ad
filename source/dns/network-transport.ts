import {randomFillSync} from 'node:crypto';
import {guardLoopback, loopbackOnly} from './loopback-guard.js';
import {monotonicMs} from './monotonic-clock.js';
import {createTransport, type QuerierDeps} from './querier.js';
import type {Family} from './address.js';
import {createSocketLink, systemSockets} from './socket-link.js';
import type {Link, Transport} from './transport.js';

/** Message IDs from the system's CSPRNG, drawn 256 at a time: a first draw costs a tenth of a millisecond, before the first query. */
const ids = new Uint16Array(256);
let nextId = ids.length;

export const systemDeps: QuerierDeps = {
	randomId: () => {
		if (nextId === ids.length) {
			randomFillSync(ids);
			nextId = 0;
		}
		return ids[nextId++]!;
	},
	// Not performance.now(): its first use loads a dozen of Node's own modules, 1.3 ms of a trace's start.
	now: monotonicMs,
};

/**
 * The real UDP/TCP transport (loopback only when DIGDEEPER_LOOPBACK_ONLY=1), with UDP sockets bound ahead for the
 * address families the walk will use (-4: no IPv6 socket is opened). `link`: the sockets on another thread
 * (threaded-link.ts), for a walk this thread shares with an explorer's frames; by default, on this one.
 */
export function createNetworkTransport(families: readonly Family[] = [4, 6], deps: QuerierDeps = systemDeps, link: Link = createSocketLink(systemSockets(families))): Transport {
	return createTransport(loopbackOnly() ? guardLoopback(link) : link, deps);
}
