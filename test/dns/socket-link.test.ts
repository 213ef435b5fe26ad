import dgram from 'node:dgram';
import {EventEmitter} from 'node:events';
import {spawn} from 'node:child_process';
import net from 'node:net';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {decodeMessage, encodeMessage} from '../../source/dns/codec.js';
import {createNetworkTransport, systemDeps} from '../../source/dns/network-transport.js';
import {createTransport} from '../../source/dns/querier.js';
import type {Message} from '../../source/dns/record.js';
import {classifySocketError, createSocketLink, rehearseExchange, systemSockets} from '../../source/dns/socket-link.js';
import type {Link, LinkError} from '../../source/dns/transport.js';

const servers: net.Server[] = [];
afterEach(async () => {
	await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** A TCP server on loopback whose reply to each framed query the test decides. */
async function tcpServer(onQuery: (query: Message, socket: net.Socket) => void): Promise<number> {
	const server = net.createServer((socket) => {
		let pending = Buffer.alloc(0);
		socket.on('data', (chunk) => {
			pending = Buffer.concat([pending, chunk]);
			if (pending.byteLength >= 2 && pending.byteLength >= pending.readUInt16BE(0) + 2) onQuery(decodeMessage(pending.subarray(2, pending.readUInt16BE(0) + 2)), socket);
		});
		socket.on('error', () => {});
	});
	servers.push(server);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return (server.address() as net.AddressInfo).port;
}

const ask = (port: number, timeoutMs: number) =>
	createNetworkTransport().query({address: '127.0.0.1', port}, {name: 'example.com.', type: 'TXT'}, {timeoutMs, retries: 0, edns: true, dnssecOk: false, tcpOnly: true});

const reply = (query: Message, strings: string[]): Buffer => {
	const bytes = Buffer.from(encodeMessage({...query, flags: {...query.flags, qr: true, aa: true}, answer: strings.map((text) => ({name: 'example.com.', type: 'TXT', class: 'IN', ttl: 60, data: {kind: 'txt', strings: [text]}}))}));
	return Buffer.concat([Buffer.from([bytes.byteLength >> 8, bytes.byteLength & 0xff]), bytes]);
};

describe('the real TCP transport against hostile servers', () => {
	it('gives up on a server that dribbles one byte at a time, at the time-out', async () => {
		const port = await tcpServer((query, socket) => {
			const frame = reply(query, ['slow']);
			let index = 0;
			const timer = setInterval(() => {
				if (socket.destroyed || index >= frame.byteLength) return clearInterval(timer);
				socket.write(frame.subarray(index, ++index));
			}, 100);
		});
		const started = performance.now();
		const result = await ask(port, 400);
		expect(result).toMatchObject({ok: false, error: 'timeout'});
		expect(performance.now() - started).toBeLessThan(1000);
	});

	it('reads a 64 KB reply in full', async () => {
		const port = await tcpServer((query, socket) => socket.write(reply(query, Array.from({length: 230}, (_, index) => `${index}`.padEnd(250, 'x')))));
		const result = await ask(port, 2000);
		expect(result.ok).toBe(true);
		expect(result.ok && result.raw.byteLength).toBeGreaterThan(60_000);
		expect(result.ok && result.message.answer).toHaveLength(230);
	});

	it("tells when the query was written to the connection: a TCP round trip is the query's, not the handshake's too", async () => {
		const port = await tcpServer((query, socket) => socket.write(reply(query, ['fast'])));
		const told: string[] = [];
		await new Promise<void>((resolve) => {
			const exchange = createSocketLink(systemSockets([4])).tcp({address: '127.0.0.1', port}, encodeMessage({id: 7, opcode: 'QUERY', rcode: 'NOERROR', flags: {qr: false, aa: false, tc: false, rd: false, ra: false, ad: false, cd: false}, question: [{name: 'example.com.', type: 'TXT', class: 'IN'}], answer: [], authority: [], additional: []}), {
				onSent: () => told.push('sent'),
				onMessage: () => {
					told.push('message');
					exchange.close();
					resolve();
				},
				onError: () => resolve(),
			});
		});
		expect(told).toEqual(['sent', 'message']);
	});

	it('reports a server that hangs up without answering as a network failure, not a hang', async () => {
		const port = await tcpServer((_query, socket) => socket.end());
		const result = await ask(port, 2000);
		expect(result).toMatchObject({ok: false, error: 'network'});
		expect(result.elapsedMs).toBeLessThan(1000);
	});
});

/** A UDP socket whose connect, send and events a test scripts: the failures the kernel gives a real one. */
class FakeUdpSocket extends EventEmitter {
	sent = 0;
	closed = false;
	constructor(private readonly script: {connectError?: string; sendError?: string; sendThrows?: string; connectedAtOnce?: boolean; sendStallMs?: number}) {
		super();
	}
	/** A spare socket, bound ahead, has its peer as soon as connect returns; its callback still waits a turn. */
	remoteAddress() {
		if (!this.script.connectedAtOnce) throw errno('ERR_SOCKET_DGRAM_NOT_CONNECTED');
		return {address: '127.0.0.1', family: 'IPv4', port: 53};
	}
	/** As Node's: a connect's outcome comes a turn later, to its callback if it was given one, else as an event. */
	connect(_port: number, _address: string, callback?: (error?: Error) => void) {
		const error = this.script.connectError ? errno(this.script.connectError) : undefined;
		setImmediate(() => (callback ? callback(error) : error ? this.emit('error', error) : this.emit('connect')));
	}
	send(_payload: Uint8Array, callback: (error: Error | null) => void) {
		if (this.script.sendThrows) throw errno(this.script.sendThrows);
		this.sent++;
		// The thread loses its CPU inside the call, after the datagram has left (the OS ran something else).
		const until = performance.now() + (this.script.sendStallMs ?? 0);
		while (performance.now() < until);
		setImmediate(() => callback(this.script.sendError ? errno(this.script.sendError) : null));
	}
	close() {
		this.closed = true;
	}
}

const errno = (code: string) => Object.assign(new Error(`${code} (scripted)`), {code});

function fakeLink(udp: () => FakeUdpSocket, tcp: () => net.Socket = () => new net.Socket()) {
	return createSocketLink({udp: () => udp() as unknown as dgram.Socket, tcp});
}

/** One UDP exchange over a link: the first error it reports, or none within 50 ms. */
function firstUdpError(link: Link): Promise<LinkError | undefined> {
	return new Promise((resolve) => {
		const exchange = link.udp({address: '127.0.0.1', port: 53}, new Uint8Array(12), {onMessage: () => {}, onError: resolve});
		setTimeout(() => {
			exchange.close();
			resolve(undefined);
		}, 50);
	});
}

describe('a stall of this process is not a server\'s time-out', () => {
	it('reads the answer that came while the event loop was blocked before it calls the query timed out', async () => {
		// The server is another process, so its answer (50 ms after the query) reaches the socket while this one is busy
		// for 300 ms; the 100 ms timer is then due too, and Node runs timers before it reads sockets.
		const server = spawn(process.execPath, ['-e', `
			const socket = require('node:dgram').createSocket('udp4');
			socket.on('message', (query, from) => setTimeout(() => { query[2] |= 0x84; socket.send(query, from.port, from.address); }, 50));
			socket.bind(0, '127.0.0.1', () => console.log(socket.address().port));
			process.stdin.on('end', () => process.exit(0)).resume();
		`]);
		try {
			const port = Number(await new Promise<string>((resolve) => server.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString()))));
			const pending = createNetworkTransport().query({address: '127.0.0.1', port}, {name: 'example.com.', type: 'A'}, {timeoutMs: 100, retries: 0, edns: false, dnssecOk: false});
			await new Promise((resolve) => setTimeout(resolve, 20));
			// Busy where the walk's own work runs (after I/O), so the loop's next turn starts with its timers.
			await new Promise<void>((resolve) =>
				setImmediate(() => {
					const busyUntil = performance.now() + 300;
					while (performance.now() < busyUntil);
					resolve();
				}),
			);
			expect(await pending).toMatchObject({ok: true, transport: 'udp', attempts: 1});
		} finally {
			server.stdin.end();
		}
	});
});

describe('the socket link never throws: every socket failure is the exchange error', () => {
	it('a connect refused by the kernel (no address of the family) is a network error, and nothing is sent', async () => {
		const socket = new FakeUdpSocket({connectError: 'EADDRNOTAVAIL'});
		expect(await firstUdpError(fakeLink(() => socket))).toEqual({kind: 'network', code: 'EADDRNOTAVAIL', message: 'EADDRNOTAVAIL (scripted)'});
		expect(socket.sent).toBe(0);
	});

	it('tells when the datagram has left, after a connect done a turn later and once the send has returned: where the round trip starts', async () => {
		const socket = new FakeUdpSocket({});
		const sentWhenTold: number[] = [];
		fakeLink(() => socket).udp({address: '127.0.0.1', port: 53}, new Uint8Array(12), {onMessage: () => {}, onError: () => {}, onSent: () => sentWhenTold.push(socket.sent)});
		// Not on the call: the connect completes a turn later.
		expect(sentWhenTold).toEqual([]);
		await new Promise((resolve) => setTimeout(resolve, 5));
		// Told after the send, not before it: a process's first send is 0.3-0.7 ms of Node's code before the datagram
		// leaves, this host's time, which a round trip told before it counted as the server's.
		expect(sentWhenTold).toEqual([1]);
	});

	it('sends at once on a socket connected when connect returns (a bound spare), and once', async () => {
		const socket = new FakeUdpSocket({connectedAtOnce: true});
		let told = 0;
		fakeLink(() => socket).udp({address: '127.0.0.1', port: 53}, new Uint8Array(12), {onMessage: () => {}, onError: () => {}, onSent: () => told++});
		expect([told, socket.sent]).toEqual([1, 1]);
		await new Promise((resolve) => setTimeout(resolve, 5));
		expect([told, socket.sent]).toEqual([1, 1]);
	});

	it('counts from before a send call that was interrupted: its datagram may have left at its start', () => {
		const told: (number | undefined)[] = [];
		const handlers = (into: (number | undefined)[]) => ({onMessage: () => {}, onError: () => {}, onSent: (lateMs?: number) => into.push(lateMs)});
		fakeLink(() => new FakeUdpSocket({connectedAtOnce: true, sendStallMs: 6})).udp({address: '127.0.0.1', port: 53}, new Uint8Array(12), handlers(told));
		// Told from its end, the round trip lost the 6 ms the thread was away: a 20 ms server measured 14 ms.
		expect(told).toHaveLength(1);
		expect(told[0]).toBeGreaterThanOrEqual(6);
		expect(told[0]).toBeLessThan(500);
		// An uninterrupted call (20 µs) is told at its end, as ever: Node's work before the datagram is not the server's.
		// This thread may lose its CPU inside any call (a loaded CI machine took 2.3 ms over one), and such a call is told
		// its length, by the same rule: so of twenty calls, none is told a small lateness, and most are told none.
		const quick: (number | undefined)[] = [];
		for (let call = 0; call < 20; call++) fakeLink(() => new FakeUdpSocket({connectedAtOnce: true})).udp({address: '127.0.0.1', port: 53}, new Uint8Array(12), handlers(quick));
		expect(quick).toHaveLength(20);
		expect(quick.filter((lateMs) => lateMs !== 0 && !(lateMs! > 1))).toEqual([]);
		expect(quick.filter((lateMs) => lateMs === 0).length).toBeGreaterThan(10);
	});

	it('a send with no route is a network error', async () => {
		expect(await firstUdpError(fakeLink(() => new FakeUdpSocket({sendError: 'ENETUNREACH'})))).toMatchObject({kind: 'network', code: 'ENETUNREACH'});
	});

	it('a send that throws is a network error, not an exception', async () => {
		expect(await firstUdpError(fakeLink(() => new FakeUdpSocket({sendThrows: 'ERR_SOCKET_DGRAM_NOT_CONNECTED'})))).toMatchObject({kind: 'network', code: 'ERR_SOCKET_DGRAM_NOT_CONNECTED'});
	});

	it('an ICMP port unreachable (ECONNREFUSED on the socket) is the server unreachable', async () => {
		const socket = new FakeUdpSocket({});
		setTimeout(() => socket.emit('error', errno('ECONNREFUSED')), 5);
		expect(await firstUdpError(fakeLink(() => socket))).toMatchObject({kind: 'unreachable', code: 'ECONNREFUSED'});
	});

	it('a socket that cannot be created is reported after the call returns, so the caller holds its handle first', async () => {
		let returned = false;
		const error = await new Promise<LinkError>((resolve) => {
			fakeLink(() => {
				throw errno('EMFILE');
			}).udp({address: '127.0.0.1', port: 53}, new Uint8Array(12), {
				onMessage: () => {},
				onError: (reported) => {
					expect(returned).toBe(true);
					resolve(reported);
				},
			});
			returned = true;
		});
		expect(error).toMatchObject({kind: 'network', code: 'EMFILE'});
	});

	it('reports only the first failure, and none once the exchange is closed', async () => {
		const socket = new FakeUdpSocket({sendError: 'ENETUNREACH'});
		const errors: LinkError[] = [];
		const exchange = fakeLink(() => socket).udp({address: '127.0.0.1', port: 53}, new Uint8Array(12), {onMessage: () => {}, onError: (error) => errors.push(error)});
		setTimeout(() => socket.emit('error', errno('EHOSTUNREACH')), 5);
		await new Promise((resolve) => setTimeout(resolve, 20));
		exchange.close();
		socket.emit('error', errno('ECONNREFUSED'));
		await new Promise((resolve) => setTimeout(resolve, 10));
		expect(errors.map((error) => error.code)).toEqual(['ENETUNREACH']);
		expect(socket.closed).toBe(true);
	});

	it('ends an exchange at once when it is closed, and releases its socket on the next turn, after the reply\'s work', async () => {
		const socket = new FakeUdpSocket({connectedAtOnce: true});
		const delivered: number[] = [];
		const exchange = fakeLink(() => socket).udp({address: '127.0.0.1', port: 53}, new Uint8Array(12), {onMessage: (data) => delivered.push(data.byteLength), onError: () => {}});
		socket.emit('message', Buffer.alloc(20), {address: '127.0.0.1', port: 53});
		exchange.close();
		// A datagram read in the same turn, after the exchange ended, reaches no one.
		socket.emit('message', Buffer.alloc(30), {address: '127.0.0.1', port: 53});
		expect(delivered).toEqual([20]);
		expect(socket.closed).toBe(false);
		await new Promise((resolve) => setImmediate(resolve));
		expect(socket.closed).toBe(true);
	});

	it('a TCP connection refused is the server unreachable', async () => {
		const socket = new net.Socket();
		setTimeout(() => socket.emit('error', errno('ECONNREFUSED')), 5);
		const link = fakeLink(() => new FakeUdpSocket({}), () => socket);
		const error = await new Promise<LinkError>((resolve) => link.tcp({address: '127.0.0.1', port: 53}, new Uint8Array(12), {onMessage: () => {}, onError: resolve}));
		expect(error).toMatchObject({kind: 'unreachable', code: 'ECONNREFUSED'});
	});

	it('a host out of file descriptors never sent the query: no server is to blame for it', async () => {
		const transport = createTransport(fakeLink(() => new FakeUdpSocket({connectError: 'EMFILE'})), systemDeps);
		// Asked again while a socket may come free (querier.ts), then given up as never sent.
		const result = await transport.query({address: '127.0.0.1', port: 53}, {name: 'example.com.', type: 'A'}, {timeoutMs: 60, retries: 1, edns: true, dnssecOk: false});
		expect(result).toMatchObject({ok: false, error: 'network', notSent: true, detail: 'this host ran out of file descriptors (EMFILE: EMFILE (scripted))'});
		expect(classifySocketError(errno('ENOBUFS'))).toEqual({kind: 'network', code: 'ENOBUFS', message: 'this host ran out of buffer space (ENOBUFS: ENOBUFS (scripted))', notSent: true, exhausted: true});
		// A refusal is the server's (or its network's): sent, and said as it came.
		expect(classifySocketError(errno('ECONNREFUSED'))).toEqual({kind: 'unreachable', code: 'ECONNREFUSED', message: 'ECONNREFUSED (scripted)'});
	});

	it('through the querier, a family with no route is a classified result with the errno', async () => {
		const transport = createTransport(fakeLink(() => new FakeUdpSocket({connectError: 'ENETUNREACH'})), systemDeps);
		const result = await transport.query({address: '127.0.0.1', port: 53}, {name: 'example.com.', type: 'A'}, {timeoutMs: 500, retries: 1, edns: true, dnssecOk: false});
		expect(result).toMatchObject({ok: false, error: 'network', attempts: 1, detail: 'ENETUNREACH: ENETUNREACH (scripted)'});
	});
});

describe("the rehearsal of a process's first exchange (on the sockets' own thread, link-thread.ts)", () => {
	it('is one socket on loopback, connected to itself, that reads its own empty datagram and closes', async () => {
		const socket = rehearseExchange('udp4');
		const read = new Promise<number>((resolve) => socket.once('message', (data: Buffer) => resolve(data.byteLength)));
		const closed = new Promise<void>((resolve) => socket.once('close', resolve));
		const here = socket.address();
		expect(here.address).toBe('127.0.0.1');
		expect(socket.remoteAddress()).toEqual(here);
		expect(await read).toBe(0);
		await closed;
	});
});

describe('the spare sockets', () => {
	it('leave a spare once taken to its exchange: its errors no longer close it or mark its family unusable', async () => {
		vi.resetModules();
		const made: FakeUdpSocket[] = [];
		const createSocket = vi.spyOn(dgram, 'createSocket').mockImplementation((() => {
			const socket = Object.assign(new FakeUdpSocket({}), {bind() {}, unref() {}, ref() {}});
			made.push(socket);
			return socket;
		}) as never);
		try {
			const {systemSockets} = await import('../../source/dns/socket-link.js');
			const sockets = systemSockets([4]);
			const spares = made.length;
			const taken = sockets.udp('udp4') as unknown as FakeUdpSocket;
			taken.on('error', () => {});
			// A refused connect, say: the exchange's to report, not the pool's to act on.
			taken.emit('error', errno('ECONNREFUSED'));
			expect(taken.closed).toBe(false);
			// The family is still good: the next query gets the next spare, not a socket made on the spot.
			expect(sockets.udp('udp4')).toBe(made[1]);
			expect(made).toHaveLength(spares);
		} finally {
			createSocket.mockRestore();
			vi.resetModules();
		}
	});

	it('keeps none of a family the host cannot bind, whose bind fails at once: a socket asked for is made then, not a closed spare', async () => {
		vi.resetModules();
		const made: FakeUdpSocket[] = [];
		const createSocket = vi.spyOn(dgram, 'createSocket').mockImplementation((() => {
			const socket = Object.assign(new FakeUdpSocket({}), {
				// As Node's bind with a synchronous look-up: the kernel's refusal is emitted before bind returns.
				bind() {
					socket.emit('error', errno('EAFNOSUPPORT'));
				},
				unref() {},
				ref() {},
			});
			made.push(socket);
			return socket;
		}) as never);
		try {
			const {systemSockets} = await import('../../source/dns/socket-link.js');
			const taken = systemSockets([6]).udp('udp6') as unknown as FakeUdpSocket;
			expect(made.slice(0, -1).every((spare) => spare.closed)).toBe(true);
			expect(taken).toBe(made.at(-1));
			expect(taken.closed).toBe(false);
		} finally {
			createSocket.mockRestore();
			vi.resetModules();
		}
	});
});
