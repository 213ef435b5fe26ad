import {fqdn, isAtOrBelow, labels, type Name} from '../../source/dns/name.js';
import type {ResourceRecord} from '../../source/dns/record.js';
import {dsRecord} from '../../source/lab/signer.js';
import {buildWorld, type LabWorld, type ServedZoneSpec, type ServerSpec, type SigningSpec, type WorldSpec, type ZoneSpec} from '../../source/lab/world.js';

/*
 * The DNSSEC conformance suite's worlds and cases (issue #21): signed worlds built by the lab's signer, each case a
 * question with the verdict a validator must reach. test/integration/conformance.test.ts serves the worlds on
 * 127.79.0.0/16 and asks validating Unbound and BIND's delv; test/analysis/conformance-verdicts.test.ts asks
 * digdeeper in process. docs/conformance.md is the table of the three verdicts side by side.
 */

/**
 * What a validator must conclude. `outside`: no trust anchor at or above the name: not validated (no AD).
 * `failure`: no answer for any resolver, validating or not (SERVFAIL without validation too), whatever its links.
 */
export type DesignedVerdict = 'secure' | 'insecure' | 'bogus' | 'outside' | 'failure';

export type Rule = 'chain' | 'anchors' | 'algorithms' | 'denial' | 'chains';

export interface ConformanceCase {
	rule: Rule;
	/** What the case shows, one line. */
	title: string;
	world: WorldName;
	name: Name;
	type: string;
	verdict: DesignedVerdict;
}

/** A zone of a conformance world: its own records (delegations and glue are added), its signing, its damage. */
interface CaseZone {
	origin: string;
	signing?: SigningSpec;
	/** Records relative to the origin, beyond the SOA, NS and the name server's address. */
	body?: string;
	/** What is wrong with the one copy served. */
	damage?: Omit<ServedZoneSpec, 'zone'>;
}

export type WorldName = 'rooted' | 'island';

/** Each world's third octet in 127.79.0.0/16: a server per zone depth at .1, .2, … (the root's at .1). */
const WORLD_OCTET: Record<WorldName, number> = {rooted: 1, island: 2};

const ECDSA = 13;

/** Under a signed root, anchored at the root: every rule but anchors below the root. */
const ROOTED: CaseZone[] = [
	{origin: '.', signing: {algorithm: ECDSA}},
	{origin: 'secure.', signing: {algorithm: ECDSA}, body: 'www A 192.0.2.1\nalias CNAME www\ntoinsecure CNAME www.unsigned.\ntobogus CNAME www.expired.\ntonx CNAME nosuch'},
	{origin: 'dsnokey.', signing: {algorithm: ECDSA, dsDigests: [], danglingDs: true}, body: 'www A 192.0.2.1'},
	{origin: 'kskunused.', signing: {algorithm: ECDSA, dnskeyByZskOnly: true}, body: 'www A 192.0.2.1'},
	{origin: 'expired.', signing: {algorithm: ECDSA}, body: 'www A 192.0.2.1', damage: {expiredSignaturesAt: ['www.expired.']}},
	{origin: 'future.', signing: {algorithm: ECDSA}, body: 'www A 192.0.2.1', damage: {notYetValidSignaturesAt: ['www.future.']}},
	{origin: 'unsigned.', body: 'www A 192.0.2.1'},
	{origin: 'n3.', signing: {algorithm: ECDSA, nsec3: {}}, body: 'www A 192.0.2.1'},
	{origin: 'plain.n3.', body: 'www A 192.0.2.1'},
	{origin: 'optout.', signing: {algorithm: ECDSA, nsec3: {optOut: true}}, body: 'www A 192.0.2.1'},
	{origin: 'plain.optout.', body: 'www A 192.0.2.1'},
	{origin: 'noproof.', signing: {algorithm: ECDSA}, body: 'www A 192.0.2.1', damage: {withoutDenial: true}},
	{origin: 'plain.noproof.', body: 'www A 192.0.2.1'},
	{origin: 'noproof3.', signing: {algorithm: ECDSA, nsec3: {}}, body: 'www A 192.0.2.1', damage: {withoutDenial: true}},
	{origin: 'plain.noproof3.', body: 'www A 192.0.2.1'},
	// The parent's signed chain leaves NS out at the delegation: its denial of the DS says no zone cut is there.
	{origin: 'nonsbit.', signing: {algorithm: ECDSA, nsecWithoutNsAt: ['plain.nonsbit.']}, body: 'www A 192.0.2.1'},
	{origin: 'plain.nonsbit.', body: 'www A 192.0.2.1'},
	{origin: 'nonsbit3.', signing: {algorithm: ECDSA, nsec3: {}, nsecWithoutNsAt: ['plain.nonsbit3.']}, body: 'www A 192.0.2.1'},
	{origin: 'plain.nonsbit3.', body: 'www A 192.0.2.1'},
	{origin: 'alg253.', signing: {algorithm: ECDSA, publishedAs: 253}, body: 'www A 192.0.2.1'},
	{origin: 'alg1.', signing: {algorithm: 8, publishedAs: 1}, body: 'www A 192.0.2.1'},
	{origin: 'alg3.', signing: {algorithm: ECDSA, publishedAs: 3}, body: 'www A 192.0.2.1'},
	{origin: 'mixed.', signing: {algorithm: ECDSA, moreAlgorithms: [{algorithm: ECDSA, publishedAs: 253}]}, body: 'www A 192.0.2.1'},
	{origin: 'mixed1.', signing: {algorithm: ECDSA, moreAlgorithms: [{algorithm: 8, publishedAs: 1}]}, body: 'www A 192.0.2.1'},
	{origin: 'alg100.', signing: {algorithm: ECDSA, publishedAs: 100}, body: 'www A 192.0.2.1'},
	{origin: 'twoalgs.', signing: {algorithm: 8, moreAlgorithms: [{algorithm: 15}]}, body: 'www A 192.0.2.1'},
	{origin: 'digest200.', signing: {algorithm: ECDSA, dsDigests: [200]}, body: 'www A 192.0.2.1'},
	{origin: 'digestmix.', signing: {algorithm: ECDSA, dsDigests: [200, 2]}, body: 'www A 192.0.2.1'},
	{origin: 'sha1sha256.', signing: {algorithm: ECDSA, dsDigests: [1, 2]}, body: 'www A 192.0.2.1'},
	{origin: 'wild.', signing: {algorithm: ECDSA}, body: '* A 192.0.2.1\nwww A 192.0.2.2'},
	{origin: 'wild3.', signing: {algorithm: ECDSA, nsec3: {}}, body: '* A 192.0.2.1\nwww A 192.0.2.2'},
	{origin: 'wildopt.', signing: {algorithm: ECDSA, nsec3: {optOut: true}}, body: '* A 192.0.2.1\nwww A 192.0.2.2'},
	{origin: 'wildbad.', signing: {algorithm: ECDSA}, body: '* A 192.0.2.1\nwww A 192.0.2.2', damage: {withoutWildcardProofs: true}},
	{origin: 'wildbad3.', signing: {algorithm: ECDSA, nsec3: {}}, body: '* A 192.0.2.1\nwww A 192.0.2.2', damage: {withoutWildcardProofs: true}},
	// The wildcard's own signatures are good; those over the NSEC and NSEC3 records that prove no closer match expired.
	{origin: 'wildstale.', signing: {algorithm: ECDSA}, body: '* A 192.0.2.1\nwww A 192.0.2.2', damage: {expiredDenialSignatures: true}},
	{origin: 'wildstale3.', signing: {algorithm: ECDSA, nsec3: {}}, body: '* A 192.0.2.1\nwww A 192.0.2.2', damage: {expiredDenialSignatures: true}},
	// `*.nowild.` sorts right after the apex, so the NSEC that covers it is not the one that covers `m.nowild.`.
	{origin: 'nowild.', signing: {algorithm: ECDSA}, body: 'a A 192.0.2.1\nz A 192.0.2.2', damage: {withoutWildcardProofs: true}},
	{origin: 'nowild3.', signing: {algorithm: ECDSA, nsec3: {}}, body: 'a A 192.0.2.1\nz A 192.0.2.2', damage: {withoutWildcardProofs: true}},
	{origin: 'ent.', signing: {algorithm: ECDSA}, body: 'a.b A 192.0.2.1'},
	{origin: 'ent3.', signing: {algorithm: ECDSA, nsec3: {}}, body: 'a.b A 192.0.2.1'},
	{origin: 'iter.', signing: {algorithm: ECDSA, nsec3: {iterations: 200}}, body: 'www A 192.0.2.1'},
	{origin: 'nodenial.', signing: {algorithm: ECDSA}, body: 'www A 192.0.2.1', damage: {withoutDenial: true}},
	{origin: 'nodenial3.', signing: {algorithm: ECDSA, nsec3: {}}, body: 'www A 192.0.2.1', damage: {withoutDenial: true}},
	{origin: 'dname.', signing: {algorithm: ECDSA}, body: 'old DNAME new\nwww.new A 192.0.2.1'},
	{origin: 'dname3.', signing: {algorithm: ECDSA, nsec3: {}}, body: 'old DNAME new\nwww.new A 192.0.2.1'},
	{origin: 'loop.', signing: {algorithm: ECDSA}, body: 'a CNAME b\nb CNAME a'},
	// A wildcard CNAME as the middle link of a chain: to a name in the same zone (one answer), or in another zone.
	{origin: 'wcname.', signing: {algorithm: ECDSA}, body: '* CNAME www\nwww A 192.0.2.2'},
	{origin: 'wcnamebad.', signing: {algorithm: ECDSA}, body: '* CNAME www\nwww A 192.0.2.2', damage: {withoutWildcardProofs: true}},
	{origin: 'wcname3.', signing: {algorithm: ECDSA, nsec3: {}}, body: '* CNAME www.secure.'},
	{origin: 'wcnamebad3.', signing: {algorithm: ECDSA, nsec3: {}}, body: '* CNAME www.secure.', damage: {withoutWildcardProofs: true}},
];

/** An unsigned root with signed islands, each anchored on its own. */
const ISLAND: CaseZone[] = [
	{origin: '.'},
	{origin: 'com.'},
	{origin: 'org.'},
	{origin: 'example.com.', signing: {algorithm: ECDSA}, body: 'www A 192.0.2.1'},
	{origin: 'other.com.', body: 'www A 192.0.2.1'},
	{origin: 'example.org.', body: 'www A 192.0.2.1'},
	{origin: 'deep.example.org.', signing: {algorithm: 8}, body: 'www A 192.0.2.1'},
];

/** The zones whose keys are trust anchors in each world. */
const ANCHORED: Record<WorldName, Name[]> = {rooted: ['.'], island: ['example.com.', 'deep.example.org.']};

export const CONFORMANCE_CASES: ConformanceCase[] = [
	{rule: 'chain', title: 'a signed chain from the root', world: 'rooted', name: 'www.secure.', type: 'A', verdict: 'secure'},
	{rule: 'chain', title: 'the DS matches no DNSKEY', world: 'rooted', name: 'www.dsnokey.', type: 'A', verdict: 'bogus'},
	{rule: 'chain', title: 'the DNSKEY RRset is not signed by the key the DS names', world: 'rooted', name: 'www.kskunused.', type: 'A', verdict: 'bogus'},
	{rule: 'chain', title: 'the answer\'s RRSIG expired', world: 'rooted', name: 'www.expired.', type: 'A', verdict: 'bogus'},
	{rule: 'chain', title: 'the answer\'s RRSIG is not valid yet', world: 'rooted', name: 'www.future.', type: 'A', verdict: 'bogus'},
	{rule: 'chain', title: 'an unsigned delegation proven by NSEC', world: 'rooted', name: 'www.unsigned.', type: 'A', verdict: 'insecure'},
	{rule: 'chain', title: 'an unsigned delegation proven by NSEC3', world: 'rooted', name: 'www.plain.n3.', type: 'A', verdict: 'insecure'},
	{rule: 'chain', title: 'an unsigned delegation in an NSEC3 opt-out span', world: 'rooted', name: 'www.plain.optout.', type: 'A', verdict: 'insecure'},
	{rule: 'chain', title: 'no DS and no NSEC proof of its absence', world: 'rooted', name: 'www.plain.noproof.', type: 'A', verdict: 'bogus'},
	{rule: 'chain', title: 'no DS and no NSEC3 proof of its absence', world: 'rooted', name: 'www.plain.noproof3.', type: 'A', verdict: 'bogus'},
	{rule: 'chain', title: 'no DS, and the NSEC at the delegation shows no NS: no zone cut, yet the zone is unsigned', world: 'rooted', name: 'www.plain.nonsbit.', type: 'A', verdict: 'bogus'},
	{rule: 'chain', title: 'no DS, and the NSEC3 at the delegation shows no NS: no zone cut, yet the zone is unsigned', world: 'rooted', name: 'www.plain.nonsbit3.', type: 'A', verdict: 'bogus'},

	{rule: 'anchors', title: 'the anchor at the root', world: 'rooted', name: 'secure.', type: 'SOA', verdict: 'secure'},
	{rule: 'anchors', title: 'an island: example.com. anchored, the root unsigned', world: 'island', name: 'www.example.com.', type: 'A', verdict: 'secure'},
	{rule: 'anchors', title: 'a denial inside the island', world: 'island', name: 'nosuch.example.com.', type: 'A', verdict: 'secure'},
	{rule: 'anchors', title: 'a second anchor, deep.example.org., at another point', world: 'island', name: 'www.deep.example.org.', type: 'A', verdict: 'secure'},
	{rule: 'anchors', title: 'a name beside the anchor (other.com.)', world: 'island', name: 'www.other.com.', type: 'A', verdict: 'outside'},
	{rule: 'anchors', title: 'a name above an anchor (example.org.)', world: 'island', name: 'www.example.org.', type: 'A', verdict: 'outside'},

	{rule: 'algorithms', title: 'DS and keys only of PRIVATEDNS (253)', world: 'rooted', name: 'www.alg253.', type: 'A', verdict: 'insecure'},
	{rule: 'algorithms', title: 'DS and keys only of RSAMD5 (1), which validators must not validate', world: 'rooted', name: 'www.alg1.', type: 'A', verdict: 'insecure'},
	{rule: 'algorithms', title: 'DS and keys only of DSA (3), which validators must not validate', world: 'rooted', name: 'www.alg3.', type: 'A', verdict: 'insecure'},
	{rule: 'algorithms', title: 'ECDSAP256SHA256 beside 253: secure by the supported one', world: 'rooted', name: 'www.mixed.', type: 'A', verdict: 'secure'},
	{rule: 'algorithms', title: 'RSAMD5 (1) beside ECDSAP256SHA256: secure by the supported one', world: 'rooted', name: 'www.mixed1.', type: 'A', verdict: 'secure'},
	{rule: 'algorithms', title: 'DS and keys only of an unassigned algorithm (100)', world: 'rooted', name: 'www.alg100.', type: 'A', verdict: 'insecure'},
	{rule: 'algorithms', title: 'RSASHA256 and ED25519 both signing', world: 'rooted', name: 'www.twoalgs.', type: 'A', verdict: 'secure'},
	{rule: 'algorithms', title: 'a DS of an unknown digest type (200) only', world: 'rooted', name: 'www.digest200.', type: 'A', verdict: 'insecure'},
	{rule: 'algorithms', title: 'an unknown digest type beside SHA-256', world: 'rooted', name: 'www.digestmix.', type: 'A', verdict: 'secure'},
	{rule: 'algorithms', title: 'SHA-1 and SHA-256 DS', world: 'rooted', name: 'www.sha1sha256.', type: 'A', verdict: 'secure'},

	{rule: 'denial', title: 'NXDOMAIN by NSEC', world: 'rooted', name: 'nosuch.secure.', type: 'A', verdict: 'secure'},
	{rule: 'denial', title: 'NODATA by NSEC', world: 'rooted', name: 'www.secure.', type: 'AAAA', verdict: 'secure'},
	{rule: 'denial', title: 'NXDOMAIN by NSEC3', world: 'rooted', name: 'nosuch.n3.', type: 'A', verdict: 'secure'},
	{rule: 'denial', title: 'NODATA by NSEC3', world: 'rooted', name: 'www.n3.', type: 'AAAA', verdict: 'secure'},
	{rule: 'denial', title: 'NXDOMAIN without NSEC', world: 'rooted', name: 'nosuch.nodenial.', type: 'A', verdict: 'bogus'},
	{rule: 'denial', title: 'NODATA without NSEC', world: 'rooted', name: 'www.nodenial.', type: 'AAAA', verdict: 'bogus'},
	{rule: 'denial', title: 'NXDOMAIN without NSEC3', world: 'rooted', name: 'nosuch.nodenial3.', type: 'A', verdict: 'bogus'},
	{rule: 'denial', title: 'NODATA without NSEC3', world: 'rooted', name: 'www.nodenial3.', type: 'AAAA', verdict: 'bogus'},
	{rule: 'denial', title: 'a wildcard answer with the NSEC proof of no closer match', world: 'rooted', name: 'x.wild.', type: 'A', verdict: 'secure'},
	{rule: 'denial', title: 'a wildcard answer with the NSEC3 proof of no closer match', world: 'rooted', name: 'x.wild3.', type: 'A', verdict: 'secure'},
	{rule: 'denial', title: 'a wildcard answer two labels below the wildcard (NSEC3)', world: 'rooted', name: 'y.x.wild3.', type: 'A', verdict: 'secure'},
	{rule: 'denial', title: 'a wildcard answer without the NSEC proof', world: 'rooted', name: 'x.wildbad.', type: 'A', verdict: 'bogus'},
	{rule: 'denial', title: 'a wildcard answer without the NSEC3 proof', world: 'rooted', name: 'x.wildbad3.', type: 'A', verdict: 'bogus'},
	{rule: 'denial', title: 'the wildcard\'s own name, asked as it is (its RRSIG counts no `*`: no expansion)', world: 'rooted', name: '*.wild.', type: 'A', verdict: 'secure'},
	{rule: 'denial', title: 'the wildcard\'s own name under NSEC3, asked as it is', world: 'rooted', name: '*.wild3.', type: 'A', verdict: 'secure'},
	{rule: 'denial', title: 'a wildcard answer whose next closer name an opt-out NSEC3 covers (it may be an unsigned delegation)', world: 'rooted', name: 'x.wildopt.', type: 'A', verdict: 'insecure'},
	{rule: 'denial', title: 'a wildcard answer whose NSEC proof\'s signatures expired', world: 'rooted', name: 'x.wildstale.', type: 'A', verdict: 'bogus'},
	{rule: 'denial', title: 'a wildcard answer whose NSEC3 proof\'s signatures expired', world: 'rooted', name: 'x.wildstale3.', type: 'A', verdict: 'bogus'},
	{rule: 'denial', title: 'wildcard NODATA by NSEC', world: 'rooted', name: 'x.wild.', type: 'AAAA', verdict: 'secure'},
	{rule: 'denial', title: 'wildcard NODATA by NSEC3', world: 'rooted', name: 'x.wild3.', type: 'AAAA', verdict: 'secure'},
	{rule: 'denial', title: 'wildcard NODATA without the wildcard\'s NSEC', world: 'rooted', name: 'x.wildbad.', type: 'AAAA', verdict: 'bogus'},
	{rule: 'denial', title: 'an empty non-terminal NODATA by NSEC', world: 'rooted', name: 'b.ent.', type: 'A', verdict: 'secure'},
	{rule: 'denial', title: 'an empty non-terminal NODATA by NSEC3', world: 'rooted', name: 'b.ent3.', type: 'A', verdict: 'secure'},
	{rule: 'denial', title: 'NXDOMAIN by NSEC3 of 200 iterations, over the validators\' limit', world: 'rooted', name: 'nosuch.iter.', type: 'A', verdict: 'insecure'},
	{rule: 'denial', title: 'NODATA by NSEC3 of 200 iterations', world: 'rooted', name: 'www.iter.', type: 'AAAA', verdict: 'insecure'},
	{rule: 'denial', title: 'NXDOMAIN by NSEC with the wildcard not denied', world: 'rooted', name: 'm.nowild.', type: 'A', verdict: 'bogus'},
	{rule: 'denial', title: 'NXDOMAIN by NSEC3 with the wildcard not denied', world: 'rooted', name: 'm.nowild3.', type: 'A', verdict: 'bogus'},

	{rule: 'chains', title: 'a CNAME within one secure zone', world: 'rooted', name: 'alias.secure.', type: 'A', verdict: 'secure'},
	{rule: 'chains', title: 'a CNAME to a name that does not exist', world: 'rooted', name: 'tonx.secure.', type: 'A', verdict: 'secure'},
	{rule: 'chains', title: 'a CNAME from a secure zone to an insecure one', world: 'rooted', name: 'toinsecure.secure.', type: 'A', verdict: 'insecure'},
	{rule: 'chains', title: 'a CNAME from a secure zone to a bogus answer', world: 'rooted', name: 'tobogus.secure.', type: 'A', verdict: 'bogus'},
	{rule: 'chains', title: 'a DNAME and its synthesized CNAME in an NSEC zone', world: 'rooted', name: 'www.old.dname.', type: 'A', verdict: 'secure'},
	{rule: 'chains', title: 'a DNAME and its synthesized CNAME in an NSEC3 zone', world: 'rooted', name: 'www.old.dname3.', type: 'A', verdict: 'secure'},
	{rule: 'chains', title: 'a CNAME loop in a secure zone: every link validates, and there is no answer', world: 'rooted', name: 'a.loop.', type: 'A', verdict: 'failure'},
	{rule: 'chains', title: 'a wildcard CNAME to a name in its zone, with the NSEC proof of no closer match', world: 'rooted', name: 'x.wcname.', type: 'A', verdict: 'secure'},
	{rule: 'chains', title: 'a wildcard CNAME to a name in its zone, without the NSEC proof', world: 'rooted', name: 'x.wcnamebad.', type: 'A', verdict: 'bogus'},
	{rule: 'chains', title: 'a wildcard CNAME to another zone, with the NSEC3 proof of no closer match', world: 'rooted', name: 'x.wcname3.', type: 'A', verdict: 'secure'},
	{rule: 'chains', title: 'a wildcard CNAME to another zone, without the NSEC3 proof', world: 'rooted', name: 'x.wcnamebad3.', type: 'A', verdict: 'bogus'},
];

const ZONES: Record<WorldName, CaseZone[]> = {rooted: ROOTED, island: ISLAND};

/** The address of the server for zones `depth` labels deep (the root is 0) in a world. */
export function serverAddress(world: WorldName, depth: number): string {
	return `127.79.${WORLD_OCTET[world]}.${depth + 1}`;
}

/** The name server name of a zone: `ns.` inside it, with glue in the parent (the root's is `root-ns.`). */
const nsName = (origin: Name) => (origin === '.' ? 'root-ns.' : `ns.${origin}`);

/** A conformance world as the lab takes it: one server per zone depth, each serving every zone at that depth. */
export function conformanceWorldSpec(world: WorldName): WorldSpec {
	const zones = ZONES[world].map((zone) => ({...zone, origin: fqdn(zone.origin)}));
	const depthOf = (origin: Name) => labels(origin).length;
	const parentOf = (origin: Name) =>
		zones
			.map((zone) => zone.origin)
			.filter((candidate) => candidate !== origin && isAtOrBelow(origin, candidate))
			.sort((a, b) => b.length - a.length)[0];
	const specs: ZoneSpec[] = zones.map((zone) => {
		const children = zones.filter((child) => child.origin !== zone.origin && parentOf(child.origin) === zone.origin);
		const text = [
			'$TTL 3600',
			`@ SOA ${nsName(zone.origin)} hostmaster.${zone.origin === '.' ? 'root.' : zone.origin} 1 7200 3600 1209600 300`,
			`@ NS ${nsName(zone.origin)}`,
			`${nsName(zone.origin)} A ${serverAddress(world, depthOf(zone.origin))}`,
			...(zone.body ?? '').split('\n').filter(Boolean),
			...children.flatMap((child) => [`${child.origin} NS ${nsName(child.origin)}`, `${nsName(child.origin)} A ${serverAddress(world, depthOf(child.origin))}`]),
		].join('\n');
		return {origin: zone.origin, text, ...(zone.signing ? {signing: zone.signing} : {})};
	});
	const depths = [...new Set(zones.map((zone) => depthOf(zone.origin)))].sort((a, b) => a - b);
	const servers: ServerSpec[] = depths.map((depth) => ({
		name: `depth${depth}.servers.${world}.`,
		ipv4: serverAddress(world, depth),
		zones: zones.filter((zone) => depthOf(zone.origin) === depth).map((zone) => ({zone: zone.origin, ...zone.damage})),
	}));
	return {zones: specs, servers, roots: [servers[0]!.name], stories: []};
}

/** The built world and its trust anchors (a DS per anchored zone's KSK). */
export interface ConformanceWorld {
	name: WorldName;
	lab: LabWorld;
	anchors: ResourceRecord[];
}

export function buildConformanceWorld(world: WorldName, now?: Date): ConformanceWorld {
	const lab = buildWorld(conformanceWorldSpec(world), now ? {now} : {});
	const anchors = ANCHORED[world].map((origin) => dsRecord(origin, lab.keys.get(origin)!.ksk, 2));
	return {name: world, lab, anchors};
}

/** The closest anchor at or above the name (for delv's `+root`), or the world's first when there is none. */
export function closestAnchor(world: WorldName, name: Name): Name {
	const enclosing = ANCHORED[world].filter((anchor) => isAtOrBelow(name, anchor)).sort((a, b) => b.length - a.length);
	return enclosing[0] ?? ANCHORED[world][0]!;
}

export const WORLDS: WorldName[] = ['rooted', 'island'];
