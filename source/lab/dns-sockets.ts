import type dgram from 'node:dgram';
import net from 'node:net';

/** The largest TCP query accepted: one DNS message. */
const MAX_QUERY = 65_535;

/** A UDP socket bound to `address` and `port` (rejecting with the bind's error); resolves to its closer. */
export async function bindUdp(socket: dgram.Socket, port: number, address: string): Promise<() => Promise<void>> {
	await new Promise<void>((resolve, reject) => {
		socket.once('error', reject);
		socket.bind(port, address, () => {
			socket.off('error', reject);
			resolve();
		});
	});
	return () => new Promise((resolve) => socket.close(() => resolve()));
}

/** How long a TCP connection may stay silent (RFC 7766 suggests seconds; BIND's tcp-idle-timeout is 30 s). */
const IDLE_TCP_MS = 10_000;

/**
 * DNS over TCP at `address` and `port` (RFC 7766): each query of a connection, cut from the stream by its two-byte
 * length, is handed to `onQuery` with a `reply` that frames an answer the same way (and drops it once the connection
 * is gone, as a late answer would be). A connection that sends more than one message's worth without a whole query is
 * dropped, and one idle for IDLE_TCP_MS closed. Resolves to the listener's closer, which ends its open connections too.
 */
export async function listenDnsTcp(address: string, port: number, onQuery: (query: Uint8Array, reply: (answer: Uint8Array) => void) => void): Promise<() => Promise<void>> {
	const connections = new Set<net.Socket>();
	const listener = net.createServer((connection) => {
		connections.add(connection);
		connection.on('close', () => connections.delete(connection));
		connection.on('error', () => connection.destroy());
		// RFC 7766 6.2.3: a connection that sends nothing for a while is closed, so idle clients cannot hold every descriptor.
		connection.setTimeout(IDLE_TCP_MS, () => connection.destroy());
		const reply = (answer: Uint8Array) => {
			if (connection.destroyed) return;
			const frame = Buffer.alloc(answer.byteLength + 2);
			frame.writeUInt16BE(answer.byteLength, 0);
			frame.set(answer, 2);
			connection.write(frame);
		};
		let pending: Buffer = Buffer.alloc(0);
		connection.on('data', (chunk: Buffer) => {
			pending = Buffer.concat([pending, chunk]);
			if (pending.byteLength > MAX_QUERY + 2) {
				connection.destroy();
				return;
			}
			while (pending.byteLength >= 2 && pending.byteLength >= pending.readUInt16BE(0) + 2) {
				const length = pending.readUInt16BE(0);
				const query = new Uint8Array(pending.subarray(2, length + 2));
				pending = pending.subarray(length + 2);
				onQuery(query, reply);
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
	return () =>
		new Promise((resolve) => {
			for (const connection of connections) connection.destroy();
			listener.close(() => resolve());
		});
}
