import dgram from 'node:dgram';
import {bindUdp, listenDnsTcp} from '../lab/dns-sockets.js';
import {fileRoom, SocketLimitError} from '../lab/loopback-server.js';
import {replayAnswer} from './replay-answer.js';
import {REPLAY_RESOLVER, type ReplayWorld} from './replay-world.js';

export interface RunningReplay {
	/** Every served address now listening (UDP and TCP). */
	addresses: string[];
	/** Queries received per served address (UDP and TCP), to see what a tool asked. */
	queries: Map<string, number>;
	close(): Promise<void>;
}

/**
 * Every recorded server that was asked anything, on its own 127.78 address, UDP and TCP at `port` (a reply must come
 * from the address asked, so one socket per address, as the lab's loopback servers do). Addresses the trace lists but
 * never asked get no socket: a tool sent there meets a closed port. `REPLAY_RESOLVER` listens beside them.
 */
export async function serveReplay(world: ReplayWorld, port: number): Promise<RunningReplay> {
	const listening = [...world.endpoints.filter((candidate) => candidate.asked).map((endpoint) => endpoint.served), REPLAY_RESOLVER];
	await checkSocketLimit(listening.length);
	const closers: Array<() => Promise<void>> = [];
	const addresses: string[] = [];
	const queries = new Map<string, number>();
	const count = (address: string) => queries.set(address, (queries.get(address) ?? 0) + 1);
	try {
		for (const address of listening) {
			const socket = dgram.createSocket({type: 'udp4', reuseAddr: false});
			socket.on('message', (payload, peer) => {
				count(address);
				const answer = replayAnswer(world, address, new Uint8Array(payload), 'udp');
				if (answer) socket.send(answer, peer.port, peer.address);
			});
			closers.push(await bindUdp(socket, port, address));
			closers.push(
				await listenDnsTcp(address, port, (query, reply) => {
					count(address);
					const answer = replayAnswer(world, address, query, 'tcp');
					if (answer) reply(answer);
				}),
			);
			addresses.push(address);
		}
	} catch (error) {
		await Promise.all(closers.map((close) => close()));
		throw error;
	}
	return {addresses, queries, close: async () => void (await Promise.all(closers.map((close) => close())))};
}

/**
 * Two sockets per served address (UDP and TCP), checked against the process's file limit before any is bound, as
 * `lab serve` does: a snapshot of thousands of server addresses is refused in one line rather than with EMFILE half-way.
 */
async function checkSocketLimit(addresses: number): Promise<void> {
	const room = await fileRoom();
	const sockets = 2 * addresses;
	if (room && room.open + sockets > room.limit) {
		throw new SocketLimitError(
			`the snapshot's ${addresses - 1} asked server addresses and the replay's resolver need ${sockets} sockets (UDP and TCP on each), and this process may have ${room.limit} files open (${room.open} already are): raise the limit (ulimit -n; its hard limit as root)`,
		);
	}
}
