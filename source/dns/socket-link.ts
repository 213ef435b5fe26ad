import dgram from 'node:dgram';
import net from 'node:net';
import {familyOf} from './address.js';
import type {Endpoint, Link, LinkError, LinkHandlers} from './transport.js';

/** The largest DNS message: TCP frames carry a 16-bit length (RFC 1035 4.2.2). */
const MAX_TCP_MESSAGE = 65_535;

/* ICMP port unreachable arrives as ECONNREFUSED on a connected UDP socket; a missing route for the whole family is
   local, not the server's fault, so it is told apart for the vantage-point check. */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ECONNRESET']);

export function classifySocketError(error: NodeJS.ErrnoException): LinkError {
	const code = error.code ?? 'EUNKNOWN';
	return {kind: UNREACHABLE_CODES.has(code) ? 'unreachable' : 'network', code, message: error.message};
}

type UdpType = 'udp4' | 'udp6';

/** How many bound sockets wait per family: the first queries of a zone cut go out without binding on the way. */
const SPARE_SOCKETS = 8;

/** Every address the walk sends to is a literal: no resolver is ever consulted, not even for the first socket. */
const literal = (host: string, _options: unknown, callback: (error: null, address: string, family: number) => void) => callback(null, host, host.includes(':') ? 6 : 4);

/**
 * Sockets bound ahead of need, each to its own random port. Binding is the slow part of a first query (Node
 * prepares its UDP machinery then); done while nothing waits, it is off the walk's critical path. Spares are
 * unreferenced, so they never keep the process alive, and a family the host cannot bind is simply not kept.
 */
function createSparePool() {
	const spares: Record<UdpType, dgram.Socket[]> = {udp4: [], udp6: []};
	const broken = new Set<UdpType>();
	const refill = (type: UdpType) => {
		while (!broken.has(type) && spares[type].length < SPARE_SOCKETS) {
			const socket = dgram.createSocket({type, lookup: literal});
			socket.once('error', () => {
				broken.add(type);
				spares[type] = spares[type].filter((spare) => spare !== socket);
				socket.close();
			});
			socket.bind(0);
			socket.unref();
			spares[type].push(socket);
		}
	};
	return {
		warm: () => (['udp4', 'udp6'] as const).forEach(refill),
		take(type: UdpType): dgram.Socket {
			const spare = spares[type].shift();
			if (spares[type].length === 0) setImmediate(() => refill(type));
			if (!spare) return dgram.createSocket({type, lookup: literal});
			spare.removeAllListeners('error');
			spare.ref();
			return spare;
		},
	};
}

/** One pool for the process: every link shares it, so creating links never piles up idle sockets. */
let pool: ReturnType<typeof createSparePool> | undefined;

/**
 * The real network: a connected UDP socket per query (a fresh random source port, and ICMP errors are reported)
 * and a TCP connection per query. Datagrams from other addresses never reach a connected socket.
 */
export function createSocketLink(): Link {
	const spares = (pool ??= createSparePool());
	spares.warm();
	return {
		udp(to: Endpoint, payload: Uint8Array, handlers: LinkHandlers) {
			const socket = spares.take(familyOf(to.address) === 6 ? 'udp6' : 'udp4');
			let closed = false;
			const fail = (error: NodeJS.ErrnoException) => {
				if (!closed) handlers.onError(classifySocketError(error));
			};
			socket.on('error', fail);
			socket.on('message', (data, rinfo) => {
				if (!closed) handlers.onMessage(new Uint8Array(data), {address: rinfo.address, port: rinfo.port});
			});
			socket.connect(to.port, to.address, () => {
				if (closed) return;
				socket.send(payload, (error) => {
					if (error) fail(error);
				});
			});
			return {
				close() {
					if (closed) return;
					closed = true;
					socket.close();
				},
			};
		},

		tcp(to: Endpoint, payload: Uint8Array, handlers: LinkHandlers) {
			const socket = net.connect({host: to.address, port: to.port});
			let closed = false;
			let pending: Buffer = Buffer.alloc(0);
			socket.setNoDelay(true);
			socket.on('connect', () => {
				const frame = Buffer.alloc(payload.byteLength + 2);
				frame.writeUInt16BE(payload.byteLength, 0);
				frame.set(payload, 2);
				socket.write(frame);
			});
			socket.on('data', (chunk: Buffer) => {
				pending = pending.byteLength === 0 ? chunk : Buffer.concat([pending, chunk]);
				while (!closed && pending.byteLength >= 2) {
					const length = pending.readUInt16BE(0);
					if (pending.byteLength < length + 2) break;
					const message = pending.subarray(2, length + 2);
					pending = pending.subarray(length + 2);
					handlers.onMessage(new Uint8Array(message), to);
				}
				if (pending.byteLength > MAX_TCP_MESSAGE + 2) socket.destroy();
			});
			socket.on('error', (error: NodeJS.ErrnoException) => {
				if (!closed) handlers.onError(classifySocketError(error));
			});
			socket.on('end', () => {
				if (!closed) handlers.onError({kind: 'network', code: 'ECONNCLOSED', message: 'the server closed the TCP connection without a complete answer'});
			});
			return {
				close() {
					if (closed) return;
					closed = true;
					socket.destroy();
				},
			};
		},
	};
}
