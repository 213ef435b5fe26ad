import dgram from 'node:dgram';
import net from 'node:net';
import type {LabResolver} from './lab-resolver.js';

/** The largest TCP query accepted: one DNS message. */
const MAX_QUERY = 65_535;

/**
 * `lab serve`'s recursive resolvers on loopback UDP and TCP sockets, at their own addresses and the lab's port, so
 * `dig @127.77.254.1` and `digdeeper --resolvers 127.77.254.1#PORT` reach them as they would a real one.
 */
export async function serveLabResolvers(resolvers: ReadonlyMap<string, LabResolver>, port: number): Promise<{addresses: string[]; close: () => Promise<void>}> {
	const closers: Array<() => Promise<void>> = [];
	try {
		for (const [address, resolver] of resolvers) {
			const socket = dgram.createSocket({type: 'udp4', reuseAddr: false});
			socket.on('message', (payload, peer) => {
				const reply = resolver.answer(new Uint8Array(payload), 'udp');
				if (reply) socket.send(reply, peer.port, peer.address);
			});
			await new Promise<void>((resolve, reject) => {
				socket.once('error', reject);
				socket.bind(port, address, () => {
					socket.off('error', reject);
					resolve();
				});
			});
			closers.push(() => new Promise((resolve) => socket.close(() => resolve())));
			const connections = new Set<net.Socket>();
			const listener = net.createServer((connection) => {
				connections.add(connection);
				connection.on('close', () => connections.delete(connection));
				connection.on('error', () => connection.destroy());
				let pending: Buffer = Buffer.alloc(0);
				connection.on('data', (chunk: Buffer) => {
					pending = Buffer.concat([pending, chunk]);
					if (pending.byteLength > MAX_QUERY + 2) {
						connection.destroy();
						return;
					}
					while (pending.byteLength >= 2 && pending.byteLength >= pending.readUInt16BE(0) + 2) {
						const length = pending.readUInt16BE(0);
						const reply = resolver.answer(new Uint8Array(pending.subarray(2, length + 2)), 'tcp');
						pending = pending.subarray(length + 2);
						if (!reply) continue;
						const frame = Buffer.alloc(reply.byteLength + 2);
						frame.writeUInt16BE(reply.byteLength, 0);
						frame.set(reply, 2);
						connection.write(frame);
					}
				});
			});
			await new Promise<void>((resolve, reject) => {
				listener.once('error', reject);
				listener.listen({host: address, port, exclusive: true}, () => {
					listener.off('error', reject);
					resolve();
				});
			});
			closers.push(
				() =>
					new Promise((resolve) => {
						for (const connection of connections) connection.destroy();
						listener.close(() => resolve());
					}),
			);
		}
	} catch (error) {
		await Promise.all(closers.map((close) => close()));
		throw error;
	}
	return {addresses: [...resolvers.keys()], close: async () => void (await Promise.all(closers.map((close) => close())))};
}
