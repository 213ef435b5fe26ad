import {decodeMessage, encodeMessage} from '../dns/codec.js';
import type {Endpoint, Link, LinkHandlers} from '../dns/transport.js';
import {answerQuery, encodeForTransport} from './authoritative.js';
import type {LabServer, LabWorld} from './world.js';

export interface LabLinkOptions {
	/** Multiplies every server's latency: 1 for realistic timings, 0 for tests. */
	latencyScale: number;
}

/** The UDP payload size assumed for a query without EDNS (RFC 1035 4.2.1). */
const CLASSIC_UDP_SIZE = 512;

/**
 * The lab's network, in process: a packet to a lab address is answered by that server's engine after its latency;
 * a packet to any other address goes nowhere (a time-out), so nothing ever leaves the process.
 */
export function createLabLink(world: LabWorld, options: LabLinkOptions): Link {
	const deliver = (to: Endpoint, payload: Uint8Array, protocol: 'udp' | 'tcp', handlers: LinkHandlers) => {
		const server = world.byAddress.get(to.address);
		let timer: NodeJS.Timeout | undefined;
		if (server?.closed) {
			timer = setTimeout(() => handlers.onError({kind: 'unreachable', code: 'ECONNREFUSED', message: 'port unreachable'}), server.latencyMs * options.latencyScale);
		} else if (server && !server.down && !(protocol === 'tcp' && server.noTcp)) {
			const reply = respond(world, server, payload, protocol);
			if (reply) timer = setTimeout(() => handlers.onMessage(reply, to), server.latencyMs * options.latencyScale);
		} else if (server && protocol === 'tcp' && server.noTcp && !server.down) {
			timer = setTimeout(() => handlers.onError({kind: 'unreachable', code: 'ECONNREFUSED', message: 'connection refused'}), server.latencyMs * options.latencyScale);
		}
		return {
			close() {
				if (timer) clearTimeout(timer);
			},
		};
	};
	return {
		udp: (to, payload, handlers) => deliver(to, payload, 'udp', handlers),
		tcp: (to, payload, handlers) => deliver(to, payload, 'tcp', handlers),
	};
}

/** One server's answer to one packet, as wire bytes; undefined when it would not answer at all. */
export function respond(world: LabWorld, server: LabServer, payload: Uint8Array, protocol: 'udp' | 'tcp'): Uint8Array | undefined {
	let query;
	try {
		query = decodeMessage(payload);
	} catch {
		return undefined;
	}
	if (query.flags.qr) return undefined;
	if (server.garbage) {
		// The asker's ID, a header that promises an answer, and then nothing: a message no decoder accepts.
		const bytes = new Uint8Array(12);
		bytes.set(payload.subarray(0, 2), 0);
		bytes.set([0x84, 0x00, 0x00, 0x01, 0x00, 0x05, 0x00, 0x00, 0x00, 0x00], 2);
		return bytes;
	}
	if (server.noEdns && query.edns) {
		return encodeMessage({...query, flags: {...query.flags, qr: true, aa: false}, rcode: 'FORMERR', answer: [], authority: [], additional: [], edns: undefined});
	}
	const answered = answerQuery(query, server.zones, world.upward);
	const response = server.extraAdditional.length > 0 ? {...answered, additional: [...answered.additional, ...server.extraAdditional]} : answered;
	const askerSize = query.edns ? Math.max(CLASSIC_UDP_SIZE, query.edns.udpSize) : CLASSIC_UDP_SIZE;
	return encodeForTransport(response, protocol, askerSize, protocol === 'udp' && server.truncateUdp);
}
