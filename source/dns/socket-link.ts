import dgram from 'node:dgram';
import net from 'node:net';
import {familyOf, type Family} from './address.js';
import {monotonicMs} from './monotonic-clock.js';
import {RAN_OUT, type Endpoint, type Link, type LinkError, type LinkHandlers} from './transport.js';

/** The largest DNS message: TCP frames carry a 16-bit length (RFC 1035 4.2.2). */
const MAX_TCP_MESSAGE = 65_535;

/* ICMP port unreachable arrives as ECONNREFUSED on a connected UDP socket; a missing route for the whole family is
   local, not the server's fault, so it is told apart for the vantage-point check. */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ECONNRESET']);

/*
 * This host out of what a socket needs: file descriptors (EMFILE for the process, ENFILE for the system: a low
 * `ulimit -n`), or kernel buffers or memory. The query never left, so no server is to blame: read as the server's,
 * each was a SERVER_UNREACHABLE, and the DNSKEYs never fetched made signatures look invalid. Often for a moment: the
 * querier asks again as exchanges under way end and free their sockets.
 */
const EXHAUSTED_CODES: Record<string, string> = {EMFILE: 'file descriptors', ENFILE: 'file descriptors', ENOBUFS: 'buffer space', ENOMEM: 'memory'};

/** Every socket failure, an errno or anything a socket call throws, as a probe result: never an exception. */
export function classifySocketError(error: unknown): LinkError {
	const code = (error as NodeJS.ErrnoException | undefined)?.code ?? 'EUNKNOWN';
	const message = error instanceof Error ? error.message : String(error);
	const exhausted = EXHAUSTED_CODES[code];
	if (exhausted) return {kind: 'network', code, message: `${RAN_OUT}${exhausted} (${code}: ${message})`, notSent: true, exhausted: true};
	return {kind: UNREACHABLE_CODES.has(code) ? 'unreachable' : 'network', code, message};
}

type UdpType = 'udp4' | 'udp6';

/**
 * The longest a UDP send call takes when nothing interrupts it: a process's first is 0.3-0.7 ms of Node's code running
 * for the first time, later ones 20 µs. A longer call was interrupted, and its datagram may have left at its start.
 */
const INTERRUPTED_SEND_MS = 1;

/** How many bound sockets wait per family: the first queries of a zone cut go out without binding on the way. */
const SPARE_SOCKETS = 8;

/** Every address the walk sends to is a literal: no resolver is ever consulted, not even for the first socket. */
const literal = (host: string, _options: unknown, callback: (error: null, address: string, family: number) => void) => callback(null, host, host.includes(':') ? 6 : 4);

/**
 * A process's first connect, send and read of a datagram run Node's own UDP code for the first time: it is compiled
 * then, 0.4-0.5 ms before the first query can leave. Run once ahead, it is done with before the first query is asked,
 * where a thread would otherwise wait: the sockets' own thread (link-thread.ts), which starts as the explorer or a
 * survey loads. Not on a thread that walks: nothing waits there before the first query, and done first it only moved
 * the time, with 0.1-0.2 ms more (bench/README.md, "Session 49").
 *
 * One socket, bound to loopback and connected to itself, sends itself one empty datagram and is closed once it has
 * read it: nothing leaves the host. Unreferenced, it never keeps the process alive; a host that cannot do it pays on
 * its first query, as before.
 */
export function rehearseExchange(type: UdpType): dgram.Socket {
	const loopback = type === 'udp4' ? '127.0.0.1' : '::1';
	const socket = dgram.createSocket({type, lookup: literal});
	const close = () => {
		try {
			socket.close();
		} catch {
			// Closed already: a failure and the datagram both came.
		}
	};
	socket.on('error', close);
	socket.once('message', close);
	socket.unref();
	try {
		socket.bind(0, loopback);
		socket.connect(socket.address().port, loopback);
		socket.send(new Uint8Array(0), (error) => {
			if (error) close();
		});
	} catch {
		close();
	}
	return socket;
}

/**
 * Sockets bound ahead of need, each to its own random port. Binding is the slow part of a first query (Node
 * prepares its UDP machinery then); done while nothing waits, it is off the walk's critical path. Spares are
 * unreferenced, so they never keep the process alive, and a family the host cannot bind is simply not kept.
 */
function createSparePool() {
	const spares: Record<UdpType, dgram.Socket[]> = {udp4: [], udp6: []};
	const broken = new Set<UdpType>();
	/** Spares handed out: their errors are their exchange's (createSocketLink), no longer the pool's. */
	const taken = new WeakSet<dgram.Socket>();
	const refill = (type: UdpType) => {
		while (!broken.has(type) && spares[type].length < SPARE_SOCKETS) {
			const socket = dgram.createSocket({type, lookup: literal});
			socket.once('error', () => {
				if (taken.has(socket)) return;
				broken.add(type);
				spares[type] = spares[type].filter((spare) => spare !== socket);
				socket.close();
			});
			socket.bind(0);
			socket.unref();
			// The literal look-up makes bind synchronous, so a family the host cannot bind fails before this line: the
			// socket is closed and the family marked broken, and it is not kept.
			if (!broken.has(type)) spares[type].push(socket);
		}
	};
	return {
		warm: (types: readonly UdpType[]) => types.forEach(refill),
		/**
		 * A spare is handed out as it is: still unreferenced, as the exchange's timer keeps the process alive while it is
		 * out, and with the pool's error listener, which leaves a taken socket alone. Unlisten and ref were a tenth of a
		 * millisecond of a process's first query, before its datagram left.
		 */
		take(type: UdpType): dgram.Socket {
			const spare = spares[type].shift();
			if (spares[type].length === 0) setImmediate(() => refill(type));
			if (!spare) return dgram.createSocket({type, lookup: literal});
			taken.add(spare);
			return spare;
		},
	};
}

/** One pool for the process: every link shares it, so creating links never piles up idle sockets. */
let pool: ReturnType<typeof createSparePool> | undefined;

/** Where a link gets its sockets: a UDP socket of a family, a TCP connection under way. Tests give fakes. */
export interface SocketSource {
	udp(type: UdpType): dgram.Socket;
	tcp(to: Endpoint): net.Socket;
}

/** The process's spare UDP sockets (warmed now, for the families given) and plain TCP connections. */
export function systemSockets(families: readonly Family[] = [4, 6]): SocketSource {
	const spares = (pool ??= createSparePool());
	spares.warm(families.map((family) => `udp${family}` as const));
	return {udp: (type) => spares.take(type), tcp: (to) => net.connect({host: to.address, port: to.port})};
}

/**
 * Reports a link's first failure, once, on a later tick: the querier holds the exchange's handle only once the
 * link call has returned, and a socket call that throws (connect or send on a socket that never got an address)
 * must end the probe like any errno, not the walk.
 */
function failureReporter(handlers: LinkHandlers, isClosed: () => boolean) {
	let reported = false;
	return (error: unknown) => {
		if (reported) return;
		reported = true;
		setImmediate(() => {
			if (!isClosed()) handlers.onError(classifySocketError(error));
		});
	};
}

/** Whether a UDP socket has its peer: `remoteAddress` throws until the connect is done. */
function isConnected(socket: dgram.Socket): boolean {
	try {
		socket.remoteAddress();
		return true;
	} catch {
		return false;
	}
}

/**
 * The real network: a connected UDP socket per query (a fresh random source port, and ICMP errors are reported)
 * and a TCP connection per query. Datagrams from other addresses never reach a connected socket. Every failure
 * (no route, an address the kernel refuses, a refused connection) becomes the exchange's error: nothing throws.
 */
export function createSocketLink(sockets: SocketSource = systemSockets()): Link {
	return {
		udp(to: Endpoint, payload: Uint8Array, handlers: LinkHandlers) {
			let closed = false;
			const fail = failureReporter(handlers, () => closed);
			let socket: dgram.Socket | undefined;
			try {
				const opened = sockets.udp(familyOf(to.address) === 6 ? 'udp6' : 'udp4');
				socket = opened;
				opened.on('error', fail);
				opened.on('message', (data, rinfo) => {
					if (!closed) handlers.onMessage(new Uint8Array(data), {address: rinfo.address, port: rinfo.port});
				});
				let sent = false;
				const send = () => {
					sent = true;
					try {
						// Told once the call has returned: the datagram leaves inside it, after Node's own work on the way (a
						// process's first send is 0.3-0.7 ms of code running for the first time, 20 µs later on), which is
						// this host's time, not the network's. Told before the call, the first query's round trip was that
						// much longer than the server's (bench/README.md, "Session 37"). The callback stays: without it,
						// Node drops a send's error (no route) instead of emitting it.
						// A call that took longer than Node's own work can (INTERRUPTED_SEND_MS) was interrupted: the thread lost its
						// CPU or paused for a GC, before or after the datagram left, nobody knows. Its round trip then counts from
						// before the call: told from its end, a thread preempted 3-9 ms after its datagram left (two CPUs, an
						// explorer drawing) measured a server that answers 20 ms after a query arrives at 14.8-16.7 ms.
						const calledAt = monotonicMs();
						opened.send(payload, (sendError) => {
							if (sendError) fail(sendError);
						});
						const took = monotonicMs() - calledAt;
						handlers.onSent?.(took > INTERRUPTED_SEND_MS ? took : 0);
					} catch (thrown) {
						fail(thrown);
					}
				};
				// Given a literal address, a socket is connected when connect returns (one not bound yet is bound on the way), and
				// the datagram leaves now. A connect the kernel refuses (a broadcast or multicast address) leaves the socket
				// unconnected and is told a turn later, as an error (fail, above): connect is given no callback, with which
				// Node would tell it only there, and whose `once` was 0.1-0.2 ms of a process's first datagram.
				opened.connect(to.port, to.address);
				if (isConnected(opened)) send();
				else
					opened.once('connect', () => {
						if (!closed && !sent) send();
					});
			} catch (thrown) {
				fail(thrown);
			}
			return {
				close() {
					if (closed) return;
					closed = true;
					// The exchange ends now (nothing more is delivered); the socket is released on the next turn, after the
					// reply's work and the queries it leads to: a process's first close of a socket is 0.1 ms.
					setImmediate(() => {
						try {
							socket?.close();
						} catch {
							// Already closed by a failure on the way: nothing is left to release.
						}
					});
				},
			};
		},

		tcp(to: Endpoint, payload: Uint8Array, handlers: LinkHandlers) {
			let closed = false;
			const fail = failureReporter(handlers, () => closed);
			let socket: net.Socket | undefined;
			let pending: Buffer = Buffer.alloc(0);
			try {
				const opened = sockets.tcp(to);
				socket = opened;
				opened.setNoDelay(true);
				opened.on('connect', () => {
					const frame = Buffer.alloc(payload.byteLength + 2);
					frame.writeUInt16BE(payload.byteLength, 0);
					frame.set(payload, 2);
					opened.write(frame);
					// The round trip is the query's, from here: counted from before the connection, it was the handshake's
					// too, twice the server's (a server 200 ms away answered UDP's 376 ms wait "too slowly" over TCP).
					if (!closed) handlers.onSent?.();
				});
				opened.on('data', (chunk: Buffer) => {
					pending = pending.byteLength === 0 ? chunk : Buffer.concat([pending, chunk]);
					while (!closed && pending.byteLength >= 2) {
						const length = pending.readUInt16BE(0);
						if (pending.byteLength < length + 2) break;
						const message = pending.subarray(2, length + 2);
						pending = pending.subarray(length + 2);
						handlers.onMessage(new Uint8Array(message), to);
					}
					if (pending.byteLength > MAX_TCP_MESSAGE + 2) opened.destroy();
				});
				opened.on('error', fail);
				opened.on('end', () => {
					if (!closed) handlers.onError({kind: 'network', code: 'ECONNCLOSED', message: 'the server closed the TCP connection without a complete answer'});
				});
			} catch (thrown) {
				fail(thrown);
			}
			return {
				close() {
					if (closed) return;
					closed = true;
					socket?.destroy();
				},
			};
		},
	};
}
