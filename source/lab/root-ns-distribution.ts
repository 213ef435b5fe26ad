import type {SeededRandom} from './seeded-random.js';

/**
 * How many name servers the TLDs of the real root zone have: the NS records per TLD counted in the IANA root zone
 * of 13 September 2020 (serial 2020091201, 1,508 TLDs), as archived in github.com/ris-public/root-zone-watch
 * (root.zone at commit 60d1769d). The 2018 zone (github.com/rootzone/zone) has the same shape: 4 for 920 of 1,544,
 * 6 for 292. Nobody has 11; .com and .net have 13.
 */
export const ROOT_NS_COUNTS: ReadonlyArray<{servers: number; tlds: number}> = [
	{servers: 2, tlds: 28},
	{servers: 3, tlds: 74},
	{servers: 4, tlds: 902},
	{servers: 5, tlds: 102},
	{servers: 6, tlds: 243},
	{servers: 7, tlds: 27},
	{servers: 8, tlds: 119},
	{servers: 9, tlds: 5},
	{servers: 10, tlds: 4},
	{servers: 12, tlds: 1},
	{servers: 13, tlds: 3},
];

const TOTAL = ROOT_NS_COUNTS.reduce((sum, entry) => sum + entry.tlds, 0);

/** A TLD's number of name servers, drawn as often as the real root zone has it. */
export function drawNameserverCount(random: SeededRandom): number {
	let rest = random.next() * TOTAL;
	for (const entry of ROOT_NS_COUNTS) {
		rest -= entry.tlds;
		if (rest < 0) return entry.servers;
	}
	return ROOT_NS_COUNTS.at(-1)!.servers;
}
