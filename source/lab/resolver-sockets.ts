import dgram from 'node:dgram';
import {bindUdp, listenDnsTcp} from './dns-sockets.js';
import type {LabResolver} from './lab-resolver.js';

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
			closers.push(await bindUdp(socket, port, address));
			closers.push(
				await listenDnsTcp(address, port, (query, reply) => {
					const answer = resolver.answer(query, 'tcp');
					if (answer) reply(answer);
				}),
			);
		}
	} catch (error) {
		await Promise.all(closers.map((close) => close()));
		throw error;
	}
	return {addresses: [...resolvers.keys()], close: async () => void (await Promise.all(closers.map((close) => close())))};
}
