import {fqdn} from '../dns/name.js';
import type {ServerSpec, SigningSpec, WorldSpec} from './world.js';

/**
 * Something that happens to the lab between two traces, as data: a server goes down or catches up, a registry
 * restores a delegation, a registrar removes a stale DS. Applied to a world's spec, it gives the next spec.
 */
export interface WorldChange {
	/** What happened, as the watch announces it ("the registry restores the delegation"). */
	title: string;
	/** Server name → the fields that change (down, zones served, latency, …). */
	servers?: Record<string, Partial<Omit<ServerSpec, 'name'>>>;
	/** Zone origin → master-file lines added to the zone (relative to the origin). */
	append?: Record<string, string>;
	/** Zone origin → exact text replacements in its master file (a serial bumped, a record removed). */
	replace?: Record<string, Array<[from: string, to: string]>>;
	/** Zone origin → signing fields that change. */
	signing?: Record<string, Partial<SigningSpec>>;
}

export function applyWorldChange(spec: WorldSpec, change: WorldChange): WorldSpec {
	const servers = new Map(Object.entries(change.servers ?? {}).map(([name, patch]) => [fqdn(name), patch]));
	const known = new Set(spec.servers.map((server) => fqdn(server.name)));
	for (const name of servers.keys()) if (!known.has(name)) throw new Error(`the change "${change.title}" names server ${name}, which the lab does not define`);
	const origins = new Set([...Object.keys(change.append ?? {}), ...Object.keys(change.replace ?? {}), ...Object.keys(change.signing ?? {})].map(fqdn));
	for (const origin of origins) if (!spec.zones.some((zone) => fqdn(zone.origin) === origin)) throw new Error(`the change "${change.title}" names zone ${origin}, which the lab does not define`);

	const entry = <T>(record: Record<string, T> | undefined, origin: string): T | undefined => Object.entries(record ?? {}).find(([key]) => fqdn(key) === fqdn(origin))?.[1];
	return {
		...spec,
		servers: spec.servers.map((server) => ({...server, ...servers.get(fqdn(server.name))})),
		zones: spec.zones.map((zone) => {
			let text = zone.text;
			for (const [from, to] of entry(change.replace, zone.origin) ?? []) {
				if (!text.includes(from)) throw new Error(`the change "${change.title}" replaces "${from}" in ${zone.origin}, which does not contain it`);
				text = text.replaceAll(from, to);
			}
			const append = entry(change.append, zone.origin);
			if (append) text = `${text}\n${append}\n`;
			const signing = entry(change.signing, zone.origin);
			if (signing && !zone.signing) throw new Error(`the change "${change.title}" changes the signing of ${zone.origin}, which is not signed`);
			return {...zone, text, ...(signing && zone.signing ? {signing: {...zone.signing, ...signing}} : {})};
		}),
	};
}
