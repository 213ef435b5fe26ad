import net from 'node:net';
import {afterEach, describe, expect, it} from 'vitest';
import {decodeMessage, encodeMessage} from '../../source/dns/codec.js';
import {createNetworkTransport} from '../../source/dns/network-transport.js';
import type {Message} from '../../source/dns/record.js';

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

	it('reports a server that hangs up without answering as a network failure, not a hang', async () => {
		const port = await tcpServer((_query, socket) => socket.end());
		const result = await ask(port, 2000);
		expect(result).toMatchObject({ok: false, error: 'network'});
		expect(result.elapsedMs).toBeLessThan(1000);
	});
});
