import type {LabServer, LabWorld} from '../../source/lab/world.js';

/** Mulberry32: a small seeded generator, so a failing run can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d_2b_79_f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
}

/**
 * The same world with every server's latency drawn again (0 to `maxMs`, seeded): the servers answer in another
 * order, and nothing else changes. Zones, keys and signatures are shared with the original.
 */
export function withShuffledLatencies(world: LabWorld, seed: number, maxMs = 40): LabWorld {
	const random = seededRandom(seed);
	const shuffled = new Map<LabServer, LabServer>(world.servers.map((server) => [server, {...server, latencyMs: Math.floor(random() * maxMs)}]));
	return {
		...world,
		servers: [...shuffled.values()],
		byAddress: new Map([...world.byAddress].map(([address, server]) => [address, shuffled.get(server)!])),
	};
}
