import {canonicalAddress, isAddress} from './address.js';

/** A recursive resolver to ask: who it is (for a person), where it listens. */
export interface ResolverTarget {
	/** "Google", "system", "lab resolver 1", or the address as typed: program words, or an address. */
	label: string;
	address: string;
	port: number;
}

/**
 * The well-known public resolvers `--resolvers public` asks, by operator: each one's documented anycast addresses,
 * IPv4 and IPv6 where it has both.
 */
export const PUBLIC_RESOLVERS: readonly ResolverTarget[] = [
	{label: 'Google', address: '8.8.8.8', port: 53},
	{label: 'Google', address: '2001:4860:4860::8888', port: 53},
	{label: 'Cloudflare', address: '1.1.1.1', port: 53},
	{label: 'Cloudflare', address: '2606:4700:4700::1111', port: 53},
	{label: 'Quad9', address: '9.9.9.9', port: 53},
	{label: 'Quad9', address: '2620:fe::fe', port: 53},
	{label: 'OpenDNS', address: '208.67.222.222', port: 53},
];

/** resolv.conf is a few lines; glibc uses its first three nameservers (MAXNS), and more than this is no resolv.conf. */
export const MAX_RESOLV_CONF_BYTES = 64 * 1024;
/** A list longer than this is a mistake, not a set of resolvers someone means to compare (each one is a query). */
export const MAX_RESOLVERS = 16;

/**
 * The nameserver lines of a resolv.conf (resolv.conf(5)): `nameserver ADDRESS`, comments after `#` or `;`. An IPv6
 * address with a zone (`fe80::1%eth0`) keeps only the address: the zone is the host's, not the resolver's.
 */
export function parseResolvConf(text: string): ResolverTarget[] {
	const targets: ResolverTarget[] = [];
	for (const line of text.split(/\r?\n/u)) {
		const words = line.replace(/[#;].*$/u, '').trim().split(/\s+/u);
		if (words[0] !== 'nameserver' || words[1] === undefined) continue;
		const address = words[1].replace(/%.*$/u, '');
		if (!isAddress(address)) continue;
		targets.push({label: 'system', address: canonicalAddress(address), port: 53});
	}
	return targets;
}

/** One entry of an address list: `192.0.2.1`, `192.0.2.1#5353`, `2001:db8::1#53` (dig's `#port`); undefined when it is none. */
function parseAddress(entry: string): ResolverTarget | undefined {
	const match = /^([0-9A-Fa-f:.]+)(?:#(\d{1,5}))?$/u.exec(entry);
	if (!match || !isAddress(match[1]!)) return undefined;
	const port = match[2] === undefined ? 53 : Number(match[2]);
	if (port < 1 || port > 65_535) return undefined;
	const address = canonicalAddress(match[1]!);
	return {label: address, address, port};
}

/** What a `--resolvers` list names: the system's, the public set, the lab's, and addresses, in the order given. */
export type ResolverListEntry = {kind: 'system'} | {kind: 'public'} | {kind: 'address'; target: ResolverTarget};

/**
 * `--resolvers LIST`: comma-separated `system`, `public` and addresses (with an optional `#port`). Throws with the
 * entry that is none of them.
 */
export function parseResolverList(list: string): ResolverListEntry[] {
	const entries = list.split(',').map((entry) => entry.trim());
	if (entries.length === 0 || entries.every((entry) => entry === '')) throw new Error('an empty list: give system, public, or addresses');
	return entries.map((entry): ResolverListEntry => {
		if (entry === 'system') return {kind: 'system'};
		if (entry === 'public') return {kind: 'public'};
		const target = parseAddress(entry);
		if (!target) throw new Error(`${JSON.stringify(entry.slice(0, 64))} is not system, public or an IP address (with an optional #port)`);
		return {kind: 'address', target};
	});
}

/**
 * The resolvers a parsed list names, each endpoint once, at most MAX_RESOLVERS; `system` is the given resolv.conf's
 * (or the lab's resolvers, where the lab is the system).
 */
export function resolverTargets(entries: readonly ResolverListEntry[], system: readonly ResolverTarget[]): ResolverTarget[] {
	const seen = new Set<string>();
	const targets: ResolverTarget[] = [];
	for (const entry of entries) {
		const named = entry.kind === 'system' ? system : entry.kind === 'public' ? PUBLIC_RESOLVERS : [entry.target];
		for (const target of named) {
			const key = `${target.address}#${target.port}`;
			if (seen.has(key)) continue;
			seen.add(key);
			targets.push(target);
		}
	}
	if (targets.length > MAX_RESOLVERS) throw new Error(`${targets.length} resolvers: at most ${MAX_RESOLVERS}`);
	return targets;
}
