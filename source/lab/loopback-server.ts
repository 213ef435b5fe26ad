import dgram from 'node:dgram';
import {readdir, readFile} from 'node:fs/promises';
import type {RootHints} from '../dns/root-hints.js';
import {bindUdp, listenDnsTcp} from './dns-sockets.js';
import {respond} from './lab-link.js';
import type {LabServer, LabWorld} from './world.js';

export interface LoopbackOptions {
	port: number;
	/** Multiplies each server's latency (1 = realistic). */
	latencyScale: number;
}

export interface RunningLab {
	/** Every IPv4 address now listening, with its server. */
	endpoints: Array<{address: string; server: LabServer}>;
	/** Queries received per server address since the last reset (UDP and TCP), to measure any tool's traffic. */
	queries: Map<string, number>;
	close(): Promise<void>;
}

/**
 * Serves every lab server with an IPv4 address on loopback UDP and TCP sockets (Linux routes all of 127.0.0.0/8 to
 * lo, so each server gets its own address). IPv6 lab addresses stay in-process: 2001:db8::/32 is not local.
 */
export async function serveLab(world: LabWorld, options: LoopbackOptions): Promise<RunningLab> {
	await checkSocketLimit(world);
	const closers: Array<() => Promise<void>> = [];
	const endpoints: RunningLab['endpoints'] = [];
	const queries = new Map<string, number>();
	const count = (address: string) => queries.set(address, (queries.get(address) ?? 0) + 1);
	const timers = new Set<NodeJS.Timeout>();
	const later = (ms: number, action: () => void) => {
		const timer = setTimeout(() => {
			timers.delete(timer);
			action();
		}, ms * options.latencyScale);
		timers.add(timer);
	};

	try {
		for (const server of world.servers) {
			// A closed port is simply one nothing listens on: the kernel answers ICMP port unreachable itself.
			for (const address of server.addresses.filter((candidate) => candidate.startsWith('127.') && !server.closed)) {
				const socket = dgram.createSocket({type: 'udp4', reuseAddr: false});
				socket.on('message', (payload, peer) => {
					count(address);
					if (server.down || server.dropUdp) return;
					// Forged source addresses cannot be sent from a plain socket; those replies are left out here.
					const replies = respond(world, server, new Uint8Array(payload), 'udp').filter((reply) => !reply.from);
					if (replies.length > 0) later(server.latencyMs, () => replies.forEach((reply) => socket.send(reply.bytes, peer.port, peer.address)));
				});
				closers.push(await bindUdp(socket, options.port, address));
				if (!server.noTcp) {
					closers.push(
						await listenDnsTcp(address, options.port, (query, reply) => {
							count(address);
							if (server.down) return;
							for (const answer of respond(world, server, query, 'tcp').filter((candidate) => !candidate.from)) later(server.latencyMs, () => reply(answer.bytes));
						}),
					);
				}
				endpoints.push({address, server});
			}
		}
	} catch (error) {
		await Promise.all(closers.map((close) => close()));
		throw error;
	}

	return {
		endpoints,
		queries,
		async close() {
			for (const timer of timers) clearTimeout(timer);
			timers.clear();
			await Promise.all(closers.map((close) => close()));
		},
	};
}

/** The lab serves on more sockets than this process may open: named before any is bound, with the numbers. */
export class SocketLimitError extends Error {
	override name = 'SocketLimitError';
}

/** The sockets serveLab opens: a UDP one per IPv4 loopback address of a server that is not closed, and a TCP one unless it has no TCP. */
export function socketsNeeded(world: LabWorld): {addresses: number; sockets: number} {
	let addresses = 0;
	let sockets = 0;
	for (const server of world.servers) {
		if (server.closed) continue;
		const count = server.addresses.filter((address) => address.startsWith('127.')).length;
		addresses += count;
		sockets += count * (server.noTcp ? 1 : 2);
	}
	return {addresses, sockets};
}

/**
 * One socket per address is the only way: a reply must come from the address asked (resolvers drop any other), and
 * Node cannot tell which address a wildcard socket's datagram was sent to. So a world of thousands of servers needs
 * thousands of files, and the process's limit (Node raises the soft limit to the hard one at start) is checked first:
 * past it, binding would fail half-way with EMFILE. Where the limit cannot be read (not Linux), binding tells.
 */
async function checkSocketLimit(world: LabWorld): Promise<void> {
	const room = await fileRoom();
	if (!room) return;
	const {limit, open} = room;
	const {addresses, sockets} = socketsNeeded(world);
	if (open + sockets > limit) {
		throw new SocketLimitError(
			`the lab's ${addresses} server addresses need ${sockets} sockets (UDP and TCP on each), and this process may have ${limit} files open (${open} already are): raise the limit (ulimit -n; its hard limit as root) or serve fewer TLDs`,
		);
	}
}

/**
 * How many files this process may have open and how many it has (Linux: /proc), for a server that opens a socket per
 * address to check before it binds any; undefined where the limit cannot be read (then binding tells).
 */
export async function fileRoom(): Promise<{limit: number; open: number} | undefined> {
	const limits = await readFile('/proc/self/limits', 'utf8').catch(() => undefined);
	const limit = Number(/^Max open files\s+(\d+)/mu.exec(limits ?? '')?.[1]);
	if (!Number.isFinite(limit)) return undefined;
	return {limit, open: (await readdir('/proc/self/fd').catch(() => [])).length};
}

/** The lab's root hints as loopback serving offers them: IPv4 only (the lab's IPv6 addresses are in process only). */
export function loopbackHints(world: LabWorld): RootHints {
	return {...world.hints, servers: world.hints.servers.map((server) => ({...server, addresses: server.addresses.filter((address) => address.startsWith('127.'))}))};
}
