import {isLoopback} from './address.js';
import type {Link} from './transport.js';

/**
 * Refuses to send anywhere but loopback. Tests, benchmarks and CI set DIGDEEPER_LOOPBACK_ONLY=1 so a mistake (a
 * missing --hints, a fallback to the built-in root servers) can never put a packet on a real network.
 */
export function guardLoopback(link: Link): Link {
	const refuse = (address: string) => ({
		kind: 'network' as const,
		code: 'EPERM',
		message: `${address} is not a loopback address and DIGDEEPER_LOOPBACK_ONLY is set`,
		notSent: true as const,
	});
	return {
		udp(to, payload, handlers) {
			if (isLoopback(to.address)) return link.udp(to, payload, handlers);
			queueMicrotask(() => handlers.onError(refuse(to.address)));
			return {close() {}};
		},
		tcp(to, payload, handlers) {
			if (isLoopback(to.address)) return link.tcp(to, payload, handlers);
			queueMicrotask(() => handlers.onError(refuse(to.address)));
			return {close() {}};
		},
	};
}

export function loopbackOnly(): boolean {
	return process.env['DIGDEEPER_LOOPBACK_ONLY'] === '1';
}
