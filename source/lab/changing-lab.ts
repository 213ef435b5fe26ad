import {createTransport, type QuerierDeps} from '../dns/querier.js';
import {systemDeps} from '../dns/network-transport.js';
import type {Link, Transport} from '../dns/transport.js';
import {createLabLink} from './lab-link.js';
import {createLabResolvers, withLabResolvers, type LabResolver} from './lab-resolver.js';
import {applyWorldChange, type WorldChange} from './world-change.js';
import {buildWorld, keysOf, type LabKeys, type LabWorld, type WorldSpec} from './world.js';

export interface ChangingLab {
	/** One transport for the whole life of the lab: packets go to whichever world is current when they are sent. */
	transport: Transport;
	world: () => LabWorld;
	/** Changes the world; probes already in flight are answered by the world they were sent to. */
	apply: (change: WorldChange) => void;
	/** The lab's recursive resolvers by address: their caches outlive every change, as a real resolver's outlive a fix. */
	resolvers: ReadonlyMap<string, LabResolver>;
}

/** The lab as a world that changes over time, for watching an outage develop. Keys survive every change. */
export function createChangingLab(spec: WorldSpec, options: {latencyScale?: number; deps?: QuerierDeps; keys?: LabKeys; lazySigning?: boolean; clock?: () => number} = {}): ChangingLab {
	const latencyScale = options.latencyScale ?? 1;
	const lazySigning = options.lazySigning ? {lazySigning: true} : {};
	let world = buildWorld(spec, {...(options.keys ? {keys: options.keys} : {}), ...lazySigning});
	let link = createLabLink(world, {latencyScale});
	const resolvers = createLabResolvers(() => world, options.clock);
	const current: Link = withLabResolvers(
		{
			udp: (to, payload, handlers) => link.udp(to, payload, handlers),
			tcp: (to, payload, handlers) => link.tcp(to, payload, handlers),
		},
		resolvers,
		latencyScale,
	);
	return {
		transport: createTransport(current, options.deps ?? systemDeps),
		world: () => world,
		resolvers,
		apply(change) {
			world = buildWorld(applyWorldChange(world.spec, change), {keys: keysOf(world), ...lazySigning});
			link = createLabLink(world, {latencyScale});
		},
	};
}
