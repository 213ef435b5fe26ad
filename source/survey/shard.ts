import {createHash} from 'node:crypto';
import type {Name} from '../dns/name.js';
import type {Shard} from './survey-record.js';

/** The most parts a list may be cut into: far beyond any batch engine's parallelism, small enough to say in a line. */
export const MAX_SHARDS = 100_000;

/** A shard as typed (`--shard 2/4`), or why it is none. K counts from 1, as Jest's and Playwright's --shard do. */
export function parseShard(text: string): Shard | string {
	const match = /^(\d{1,6})\/(\d{1,6})$/u.exec(text);
	if (!match) return `invalid --shard ${text}: give K/N, the Kth of N parts (1/4 … 4/4)`;
	const index = Number(match[1]);
	const count = Number(match[2]);
	if (count < 1 || count > MAX_SHARDS) return `invalid --shard ${text}: N is 1 to ${MAX_SHARDS}`;
	if (index < 1 || index > count) return `invalid --shard ${text}: K is 1 to N (${count})`;
	return {index, count};
}

/**
 * The part of N a zone belongs to, 1 to N: the first 48 bits of the SHA-256 of its canonical name (lower-case,
 * absolute: the only form a list holds), modulo N. Stable across machines, versions and the list's order, so every
 * job of a batch computes the same partition on its own.
 */
export function shardOf(zone: Name, count: number): number {
	return (createHash('sha256').update(zone).digest().readUIntBE(0, 6) % count) + 1;
}

/** The zones of `zones` in shard K/N, in the list's order. */
export const zonesOfShard = (zones: readonly Name[], shard: Shard): Name[] => zones.filter((zone) => shardOf(zone, shard.count) === shard.index);

/** A digest of the whole list (sorted, one per line), so the parts of one list can be told from those of another. */
export function listDigest(zones: readonly Name[]): string {
	const hash = createHash('sha256');
	for (const zone of [...zones].sort()) hash.update(`${zone}\n`);
	return `sha256:${hash.digest('hex')}`;
}

export const shardText = (shard: Shard) => `${shard.index}/${shard.count}`;
