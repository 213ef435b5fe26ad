import {spawn} from 'node:child_process';
import dgram from 'node:dgram';
import {existsSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {describe, expect, it} from 'vitest';
import {createNetworkTransport, systemDeps} from '../../source/dns/network-transport.js';
import {createSocketLink, systemSockets} from '../../source/dns/socket-link.js';
import {createThreadedLink} from '../../source/dns/threaded-link.js';
import type {Link} from '../../source/dns/transport.js';
import {busyFor} from '../helpers/busy-thread.js';

/** The sockets' thread's script as the build writes it (tsc's tree): `npm test` builds before it runs the tests. */
const THREAD = new URL('../../dist/dns/link-thread.js', import.meta.url);
const built = existsSync(THREAD);

/** A DNS server in another process, which answers each query `delayMs` after it came: it runs while this one is busy. */
async function echoServer(delayMs: number) {
	const server = spawn(process.execPath, ['-e', `
		const socket = require('node:dgram').createSocket('udp4');
		socket.on('message', (query, from) => setTimeout(() => { query[2] |= 0x84; socket.send(query, from.port, from.address); }, ${delayMs}));
		socket.bind(0, '127.0.0.1', () => console.log(socket.address().port));
		process.stdin.on('end', () => process.exit(0)).resume();
	`]);
	const port = Number(await new Promise<string>((resolve) => server.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString()))));
	return {port, stop: () => server.stdin.end()};
}

/** One query through `link`, this thread kept busy for 250 ms from 5 ms after it was asked. */
async function roundTripWhileBusy(link: Link, port: number) {
	const pending = createNetworkTransport([4], systemDeps, link).query({address: '127.0.0.1', port}, {name: 'example.com.', type: 'A'}, {timeoutMs: 2000, retries: 0, edns: false, dnssecOk: false});
	await new Promise((resolve) => setTimeout(resolve, 5));
	await busyFor(250);
	return pending;
}

describe.skipIf(!built)('the sockets on a thread of their own time a reply when it came, not when this thread could read it', () => {
	it("measures the server's 30 ms while this thread is busy for 250 ms; its own sockets measured the stall", async () => {
		const server = await echoServer(30);
		try {
			const threaded = await roundTripWhileBusy(createThreadedLink([4], THREAD), server.port);
			expect(threaded).toMatchObject({ok: true, transport: 'udp'});
			// About the server's 30 ms: on a loaded machine (the whole suite on two cores) a thread may be put aside for a
			// few milliseconds between a send and its stamp, or the server's timer fire late, but never by the stall.
			expect(threaded.rttMs).toBeGreaterThan(15);
			expect(threaded.rttMs).toBeLessThan(150);
			// The same exchange over this thread's own sockets: read only once the thread is free again.
			const here = await roundTripWhileBusy(createSocketLink(systemSockets([4])), server.port);
			expect(here).toMatchObject({ok: true, transport: 'udp'});
			expect(here.rttMs).toBeGreaterThan(200);
		} finally {
			server.stop();
		}
	});

	it('never keeps the process alive: a survey that has printed its last zone ends (it waited forever)', async () => {
		// What keeps a process alive, by kind; the thread's port is one of them only while something holds it.
		const keeping = () => process.getActiveResourcesInfo().filter((kind) => kind === 'MessagePort' || kind === 'Worker').length;
		const before = keeping();
		const server = await echoServer(5);
		try {
			const link = createThreadedLink([4], THREAD);
			const answered = await createNetworkTransport([4], systemDeps, link).query({address: '127.0.0.1', port: server.port}, {name: 'example.com.', type: 'A'}, {timeoutMs: 2000, retries: 0, edns: false, dnssecOk: false});
			expect(answered).toMatchObject({ok: true, transport: 'udp'});
			await new Promise((resolve) => setTimeout(resolve, 20));
			expect(keeping()).toBe(before);
		} finally {
			server.stop();
		}
	});

	it("times a refusal when it came too: a port nothing listens on, 1 ms away, measured the thread's 250 ms stall", async () => {
		// A loopback port just freed: the kernel answers a datagram to it with ICMP port unreachable at once.
		const probe = dgram.createSocket('udp4');
		await new Promise<void>((resolve) => probe.bind(0, '127.0.0.1', resolve));
		const {port} = probe.address();
		await new Promise<void>((resolve) => probe.close(() => resolve()));
		const refused = await roundTripWhileBusy(createThreadedLink([4], THREAD), port);
		expect(refused).toMatchObject({ok: false, error: 'unreachable', transport: 'udp'});
		expect(refused.rttMs).toBeLessThan(100);
	});

	it('asks over TCP through the thread too', async () => {
		const server = await echoServer(10);
		try {
			// Nothing listens on TCP: the refusal comes back from the thread as the exchange's error.
			const result = await createNetworkTransport([4], systemDeps, createThreadedLink([4], THREAD)).query({address: '127.0.0.1', port: server.port}, {name: 'example.com.', type: 'A'}, {timeoutMs: 2000, retries: 0, edns: false, dnssecOk: false, tcpOnly: true});
			expect(result).toMatchObject({ok: false, error: 'unreachable', transport: 'tcp'});
		} finally {
			server.stop();
		}
	});
});

describe('a sockets thread that cannot run', () => {
	it("leaves the sockets to this thread: the exchange out is asked again here, and every later one goes here (they were errors, and the trace said this host's DNS was blocked)", async () => {
		// A script that throws as the thread starts (a damaged install): the thread dies with the exchange out.
		const dir = mkdtempSync(path.join(tmpdir(), 'digdeeper-thread-'));
		const file = path.join(dir, 'broken-thread.cjs');
		writeFileSync(file, "throw new Error('scripted');\n");
		const server = await echoServer(5);
		try {
			const transport = createNetworkTransport([4], systemDeps, createThreadedLink([4], pathToFileURL(file)));
			const options = {timeoutMs: 2000, retries: 0, edns: false, dnssecOk: false};
			const first = await transport.query({address: '127.0.0.1', port: server.port}, {name: 'example.com.', type: 'A'}, options);
			expect(first).toMatchObject({ok: true, transport: 'udp'});
			expect(first.rttMs).toBeGreaterThanOrEqual(4);
			expect(first.rttMs).toBeLessThan(1000);
			const later = await transport.query({address: '127.0.0.1', port: server.port}, {name: 'example.com.', type: 'A'}, options);
			expect(later).toMatchObject({ok: true, transport: 'udp'});
			expect(later.rttMs).toBeLessThan(1000);
		} finally {
			server.stop();
		}
	});
});
