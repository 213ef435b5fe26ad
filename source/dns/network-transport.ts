import {randomInt} from 'node:crypto';
import {performance} from 'node:perf_hooks';
import {guardLoopback, loopbackOnly} from './loopback-guard.js';
import {createTransport, type QuerierDeps} from './querier.js';
import {createSocketLink} from './socket-link.js';
import type {Transport} from './transport.js';

export const systemDeps: QuerierDeps = {
	randomId: () => randomInt(0, 65_536),
	now: () => performance.now(),
};

/** The real UDP/TCP transport (loopback only when DIGDEEPER_LOOPBACK_ONLY=1). */
export function createNetworkTransport(deps: QuerierDeps = systemDeps): Transport {
	const link = createSocketLink();
	return createTransport(loopbackOnly() ? guardLoopback(link) : link, deps);
}
