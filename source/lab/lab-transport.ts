import {createTransport, type QuerierDeps} from '../dns/querier.js';
import {systemDeps} from '../dns/network-transport.js';
import type {Transport} from '../dns/transport.js';
import {createLabLink} from './lab-link.js';
import type {LabWorld} from './world.js';

/** A Transport whose every packet is answered inside this process by the lab's servers. */
export function createLabTransport(world: LabWorld, options: {latencyScale?: number; deps?: QuerierDeps} = {}): Transport {
	return createTransport(createLabLink(world, {latencyScale: options.latencyScale ?? 1}), options.deps ?? systemDeps);
}
