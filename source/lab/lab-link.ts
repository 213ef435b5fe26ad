import {decodeMessage, encodeMessage} from '../dns/codec.js';
import type {Endpoint, Link, LinkHandlers} from '../dns/transport.js';
import {HEADER_BYTES} from '../dns/wire-layout.js';
import {answerQuery, encodeForTransport} from './authoritative.js';
import {hostileReplies, type Reply} from './hostile.js';
import {withQueryCase} from './query-case.js';
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
		// The reply (or the refusal) is due its server's latency after the query: a timer that fires later (this thread was
		// busy drawing a frame, or the server's engine signing) says by how much, so the round trip is the lab's latency.
		const delay = (server?.latencyMs ?? 0) * options.latencyScale;
		const due = performance.now() + delay;
		const late = () => Math.max(0, performance.now() - due);
		let timer: NodeJS.Timeout | undefined;
		if (server?.closed) {
			timer = setTimeout(() => handlers.onError({kind: 'unreachable', code: 'ECONNREFUSED', message: 'port unreachable'}, late()), delay);
		} else if (server && !server.down && !(protocol === 'tcp' && server.noTcp) && !(protocol === 'udp' && server.dropUdp)) {
			const replies = respond(world, server, payload, protocol);
			if (replies.length > 0) {
				timer = setTimeout(() => {
					// Forged source addresses only exist over UDP; over TCP the connection itself is the source.
					const lateMs = late();
					for (const reply of replies) handlers.onMessage(reply.bytes, {address: protocol === 'udp' ? (reply.from ?? to.address) : to.address, port: to.port}, lateMs);
				}, delay);
			}
		} else if (server && protocol === 'tcp' && server.noTcp && !server.down) {
			timer = setTimeout(() => handlers.onError({kind: 'unreachable', code: 'ECONNREFUSED', message: 'connection refused'}, late()), delay);
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

/** One server's replies to one packet, as wire bytes: none when it would not answer at all. */
export function respond(world: LabWorld, front: LabServer, payload: Uint8Array, protocol: 'udp' | 'tcp'): Reply[] {
	// Another backend behind the same address answers TCP: its own zones, and none of the front's hostility.
	const server: LabServer = protocol === 'tcp' && front.tcpBackend ? {...front, ...front.tcpBackend, hostile: undefined} : front;
	let query;
	try {
		query = decodeMessage(payload);
	} catch {
		return [];
	}
	if (query.flags.qr) return [];
	if (server.garbage) {
		// The asker's ID, a header that promises an answer, and then nothing: a message no decoder accepts.
		const bytes = new Uint8Array(12);
		bytes.set(payload.subarray(0, 2), 0);
		bytes.set([0x84, 0x00, 0x00, 0x01, 0x00, 0x05, 0x00, 0x00, 0x00, 0x00], 2);
		return [{bytes}];
	}
	if (server.dropEdns && query.edns) return [];
	if (server.noEdns && query.edns) {
		return [{bytes: withQueryCase(payload, encodeMessage({...query, flags: {...query.flags, qr: true, aa: false}, rcode: 'FORMERR', answer: [], authority: [], additional: [], edns: undefined}))}];
	}
	// Answered as if the OPT record were not there: no OPT back, and no DO bit to honour.
	if (server.ignoresEdns && query.edns) query = {...query, edns: undefined};
	const answered = answerQuery(query, server.zones, world.upward, server.nsid);
	const response = {
		...answered,
		answer: [...answered.answer, ...server.extraAnswer],
		authority: [...answered.authority, ...server.extraAuthority],
		additional: [...answered.additional, ...server.extraAdditional],
	};
	if (server.hostile) return hostileReplies(server.hostile, query, response);
	if (protocol === 'udp' && server.truncateUdp === 'header-only') return [{bytes: headerOnlyTruncated(payload)}];
	const askerSize = query.edns ? Math.max(CLASSIC_UDP_SIZE, query.edns.udpSize) : CLASSIC_UDP_SIZE;
	return [{bytes: withQueryCase(payload, encodeForTransport(response, protocol, askerSize, protocol === 'udp' && server.truncateUdp === true))}];
}

/** QR, in the header's third byte; the opcode and RD (kept from the query) beside it; then TC. */
const QR_BIT = 0x80;
const OPCODE_AND_RD = 0x79;
const TC_BIT = 0x02;

/** The 12-byte header of a truncated reply and nothing else: the query's ID, opcode and RD, QR=1, TC=1, every count 0. */
function headerOnlyTruncated(query: Uint8Array): Uint8Array {
	const header = new Uint8Array(HEADER_BYTES);
	header.set(query.subarray(0, 2), 0);
	header[2] = QR_BIT | (query[2]! & OPCODE_AND_RD) | TC_BIT;
	return header;
}
