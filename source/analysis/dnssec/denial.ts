import {compareCanonical} from '../../dns/canonical.js';
import {base32hex} from '../../dns/codec.js';
import {nsec3Hash} from '../../dns/dnssec.js';
import {isAtOrBelow, isStrictlyBelow, labels, nameFromLabels, parentName, type Name, wireLabels} from '../../dns/name.js';
import type {ResourceRecord} from '../../dns/record.js';
import {NSEC3_ITERATIONS_INSECURE} from '../finding-catalogue.js';

export interface DenialCheck {
	ok: boolean;
	detail: string;
	/** True when an NSEC3 opt-out span is what proves it (the delegation is insecure, not absent). */
	optOut?: boolean;
	/**
	 * Why the proof was not checked at all (`ok` is false): NSEC3 with more iterations than validators accept, which
	 * makes the answer insecure rather than bogus (RFC 9276 3.2), or the analysis's hashing budget spent.
	 */
	unchecked?: 'insecure' | 'limit';
	/**
	 * For a DS denial that holds: whether the proof shows a zone cut at the name, as a proof of an unsigned delegation
	 * must (RFC 6840 4.4): an NSEC or NSEC3 at the name with NS in its type bitmap, or an opt-out span. Absent when it
	 * shows none: the name is no delegation point of the zone (no NS at it, an empty non-terminal, or a wildcard's).
	 */
	cut?: true;
	/** The proof rests on an NSEC or NSEC3 at the name itself (not an empty non-terminal's, a wildcard's or a cover). */
	atName?: true;
}

/** RFC 6840 4.1: an NSEC or NSEC3 with NS and without SOA is the parent's, at a zone cut: below it, it proves nothing. */
const atParentSide = (types: readonly string[]) => types.includes('NS') && !types.includes('SOA');

/**
 * Why an NSEC or NSEC3 at an ancestor of a name proves nothing about the name (RFC 6840 4.1): the ancestor is a zone
 * cut, whose names below belong to the child, or has a DNAME, which redirects every name below it. Undefined if neither.
 */
function blindBelow(what: string, owner: Name, name: Name, types: readonly string[]): string | undefined {
	if (atParentSide(types)) return `the ${what} ${owner} is the parent's side of a delegation (NS, no SOA): it proves nothing about ${name}, below the cut (RFC 6840 §4.1)`;
	if (types.includes('DNAME')) return `the ${what} ${owner} has a DNAME, which redirects every name below it: it proves nothing about ${name} (RFC 6840 §4.1)`;
	return undefined;
}

/**
 * SHA-1 rounds one analysis may spend on NSEC3 hashes (each hash costs its iterations plus one): about a quarter
 * of a second here. An honest trace needs a few hundred (RFC 9276 asks for 0 extra iterations); a crafted snapshot with
 * thousands of denials of long names at 150 iterations would otherwise cost minutes.
 */
export const NSEC3_HASH_BUDGET = 40_000;

/** RFC 5155 11: SHA-1, the one NSEC3 hash algorithm. */
const NSEC3_SHA1 = 1;

/**
 * The NSEC3 hashes of one analysis: each (name, salt, iterations) is computed once, and the rounds spent are
 * counted against a budget; undefined once the budget cannot pay for a hash. Made per analysis, never shared
 * between traces.
 */
export interface Nsec3Hasher {
	hash(name: Name, saltHex: string, iterations: number): string | undefined;
	readonly exhausted: boolean;
}

export function createNsec3Hasher(budget = NSEC3_HASH_BUDGET): Nsec3Hasher {
	const known = new Map<string, string>();
	let remaining = budget;
	let exhausted = false;
	return {
		hash(name, saltHex, iterations) {
			const key = `${iterations} ${saltHex} ${name}`;
			const cached = known.get(key);
			if (cached !== undefined) return cached;
			if (iterations + 1 > remaining) {
				exhausted = true;
				return undefined;
			}
			remaining -= iterations + 1;
			const hashed = base32hex(nsec3Hash(name, Buffer.from(saltHex, 'hex'), iterations));
			known.set(key, hashed);
			return hashed;
		},
		get exhausted() {
			return exhausted;
		},
	};
}

/** Ends a proof as soon as a hash cannot be paid for. */
class HashBudgetSpent extends Error {}

/**
 * RFC 4035 5.4 (NSEC) and RFC 5155 8 (NSEC3): does the authority section prove that `name` does not exist
 * (NXDOMAIN) or has no `type` (NODATA)? Signatures are checked separately; this checks the logic.
 */
export function checkDenial(authority: ResourceRecord[], zone: Name, name: Name, type: string, kind: 'nxdomain' | 'nodata', hasher: Nsec3Hasher): DenialCheck {
	const nsec = authority.filter((record) => record.type === 'NSEC' && record.data.kind === 'nsec');
	const nsec3Any = authority.filter((record) => record.type === 'NSEC3' && record.data.kind === 'nsec3');
	// RFC 5155 8.1: NSEC3 records of a hash algorithm we do not know are ignored; with only those, nothing is proven.
	const nsec3 = nsec3Any.filter((record) => record.data.kind === 'nsec3' && record.data.hashAlgorithm === NSEC3_SHA1);
	if (nsec.length > 0) return kind === 'nodata' ? nsecNodata(nsec, name, type) : nsecNxdomain(nsec, name);
	if (nsec3.length === 0 && nsec3Any.length > 0) {
		const algorithms = [...new Set(nsec3Any.map((record) => (record.data.kind === 'nsec3' ? record.data.hashAlgorithm : 0)))];
		return {ok: false, detail: `its NSEC3 records use only unknown hash algorithm${algorithms.length > 1 ? 's' : ''} ${algorithms.join(', ')}, which validators ignore (RFC 5155 8.1)`};
	}
	if (nsec3.length > 0) {
		try {
			return nsec3Proof(nsec3, zone, name, type, kind, hasher);
		} catch (error) {
			if (!(error instanceof HashBudgetSpent)) throw error;
			return {ok: false, unchecked: 'limit', detail: `not checked: the analysis spent its NSEC3 hashing budget (${NSEC3_HASH_BUDGET} SHA-1 rounds)`};
		}
	}
	return {ok: false, detail: 'no NSEC or NSEC3 records'};
}

function covers(owner: Name, next: Name, name: Name): boolean {
	if (compareCanonical(owner, next) < 0) return compareCanonical(owner, name) < 0 && compareCanonical(name, next) < 0;
	return compareCanonical(owner, name) < 0 || compareCanonical(name, next) < 0;
}

function nextOf(record: ResourceRecord): Name {
	return record.data.kind === 'nsec' ? record.data.next : '.';
}

function typesOf(record: ResourceRecord): string[] {
	return record.data.kind === 'nsec' || record.data.kind === 'nsec3' ? record.data.types : [];
}

function nsecNodata(records: ResourceRecord[], name: Name, type: string): DenialCheck {
	const matching = records.find((record) => record.name === name);
	if (matching) {
		const types = typesOf(matching);
		if (types.includes(type) || types.includes('CNAME')) return {ok: false, detail: `the NSEC at ${name} lists ${type}`};
		const sides = zoneSide('NSEC at', name, type, types);
		if (sides) return sides;
		return {ok: true, atName: true, detail: `the NSEC at ${name} shows no ${type}`, ...(type === 'DS' && types.includes('NS') ? {cut: true as const} : {})};
	}
	const blind = records.flatMap((record) => (isStrictlyBelow(name, record.name) ? [blindBelow('NSEC at', record.name, name, typesOf(record))] : [])).find((reason) => reason !== undefined);
	if (blind) return {ok: false, detail: blind};
	// An empty non-terminal: the covering NSEC's next name is below the name.
	const covering = records.find((record) => covers(record.name, nextOf(record), name) && isStrictlyBelow(nextOf(record), name));
	if (covering) return {ok: true, detail: `${name} is an empty non-terminal (NSEC ${covering.name} → ${nextOf(covering)})`};
	// Wildcard NODATA (RFC 4035 3.1.3.4): the name does not exist, and the wildcard at its closest encloser lacks the type.
	const absent = records.find((record) => covers(record.name, nextOf(record), name));
	if (absent) {
		const wildcard = wildcardAt(closestEncloserOf(name, absent));
		const source = records.find((record) => record.name === wildcard);
		if (!source) return {ok: false, detail: `no NSEC at ${name}`};
		if (typesOf(source).includes(type) || typesOf(source).includes('CNAME')) return {ok: false, detail: `the NSEC at ${wildcard} lists ${type}`};
		return {ok: true, detail: `wildcard NODATA: NSEC ${absent.name} → ${nextOf(absent)} covers ${name}, and the NSEC at ${wildcard} shows no ${type}`};
	}
	return {ok: false, detail: `no NSEC at ${name}`};
}

/**
 * Whether the NSEC or NSEC3 at `name` is the wrong side of a zone cut for a NODATA of `type` (RFC 6840 4.1, 4.4): the
 * child's apex (SOA) cannot deny the DS its parent holds, and the parent's side of a delegation (NS, no SOA) cannot
 * deny any type but DS, which only the parent has. The root has no parent side.
 */
function zoneSide(what: string, name: Name, type: string, types: readonly string[]): DenialCheck | undefined {
	if (type === 'DS' && name !== '.' && types.includes('SOA')) return {ok: false, detail: `the ${what} ${name} lists SOA: it is the child zone's own, which cannot deny the DS its parent holds (RFC 6840 §4.4)`};
	if (type !== 'DS' && atParentSide(types)) return {ok: false, detail: `the ${what} ${name} is the parent's side of a delegation (NS, no SOA): it cannot deny ${type} there, which the child zone holds (RFC 6840 §4.1)`};
	return undefined;
}

const wildcardAt = (encloser: Name): Name => (encloser === '.' ? '*.' : `*.${encloser}`);

/** RFC 4035 5.4: the closest encloser an NSEC that covers `name` implies: the longer of its ends' common ancestors. */
function closestEncloserOf(name: Name, covering: ResourceRecord): Name {
	const a = commonAncestor(name, covering.name);
	const b = commonAncestor(name, nextOf(covering));
	return a.length >= b.length ? a : b;
}

function commonAncestor(a: Name, b: Name): Name {
	let candidate = a;
	while (!isAtOrBelow(b, candidate)) candidate = parentName(candidate);
	return candidate;
}

function nsecNxdomain(records: ResourceRecord[], name: Name): DenialCheck {
	const covering = records.find((record) => covers(record.name, nextOf(record), name));
	if (!covering) return {ok: false, detail: `no NSEC covers ${name}`};
	const blind = isStrictlyBelow(name, covering.name) ? blindBelow('NSEC at', covering.name, name, typesOf(covering)) : undefined;
	if (blind) return {ok: false, detail: blind};
	const wildcard = wildcardAt(closestEncloserOf(name, covering));
	const wildcardDenied = records.some((record) => covers(record.name, nextOf(record), wildcard));
	if (!wildcardDenied) return {ok: false, detail: `nothing denies the wildcard ${wildcard}`};
	return {ok: true, detail: `NSEC ${covering.name} → ${nextOf(covering)} covers ${name}, and ${wildcard} is denied`};
}

function nsec3Proof(records: ResourceRecord[], zone: Name, name: Name, type: string, kind: 'nxdomain' | 'nodata', hasher: Nsec3Hasher): DenialCheck {
	const first = records[0]!.data;
	if (first.kind !== 'nsec3') return {ok: false, detail: 'no NSEC3'};
	// RFC 9276 3.2: validators treat more iterations as insecure, and so never pay for the hashes.
	if (first.iterations > NSEC3_ITERATIONS_INSECURE) {
		return {ok: false, unchecked: 'insecure', detail: `not checked: its NSEC3 has ${first.iterations} iterations (more than ${NSEC3_ITERATIONS_INSECURE}), which validators treat as insecure (RFC 9276)`};
	}
	const hash = (candidate: Name) => {
		const hashed = hasher.hash(candidate, first.salt, first.iterations);
		if (hashed === undefined) throw new HashBudgetSpent();
		return hashed;
	};
	const ownerHash = (record: ResourceRecord) => labels(record.name)[0]!;
	const nextHash = (record: ResourceRecord) => (record.data.kind === 'nsec3' ? record.data.nextHashed : '');
	const matching = (candidate: Name) => {
		const h = hash(candidate);
		return records.find((record) => ownerHash(record) === h);
	};
	const covering = (candidate: Name) => {
		const h = hash(candidate);
		return records.find((record) => {
			const owner = ownerHash(record);
			const next = nextHash(record);
			return owner < next ? owner < h && h < next : h > owner || h < next;
		});
	};

	if (kind === 'nodata') {
		const match = matching(name);
		if (match) {
			const types = typesOf(match);
			if (types.includes(type) || types.includes('CNAME')) return {ok: false, detail: `the NSEC3 for ${name} lists ${type}`};
			const sides = zoneSide('NSEC3 for', name, type, types);
			if (sides) return sides;
			return {ok: true, atName: true, detail: `the NSEC3 for ${name} shows no ${type}`, ...(type === 'DS' && types.includes('NS') ? {cut: true as const} : {})};
		}
	}
	// Closest provable encloser (RFC 5155 7.2.1): the nearest ancestor with a matching NSEC3, and a covered next closer.
	let nextCloser = name;
	let encloser = parentName(name);
	let enclosing: ResourceRecord | undefined;
	while (!(enclosing = matching(encloser))) {
		if (encloser === zone || !isAtOrBelow(encloser, zone)) return {ok: false, detail: `no NSEC3 matches an encloser of ${name}`};
		nextCloser = encloser;
		encloser = parentName(encloser);
	}
	const blind = blindBelow('NSEC3 for the closest encloser', encloser, name, typesOf(enclosing));
	if (blind) return {ok: false, detail: blind};
	const cover = covering(nextCloser);
	if (!cover) return {ok: false, detail: `no NSEC3 covers the next closer name ${nextCloser}`};
	const optOut = cover.data.kind === 'nsec3' && (cover.data.flags & 1) === 1;
	if (kind === 'nodata') {
		// Only DS questions at an opt-out delegation are proven this way (RFC 5155 7.2.4).
		if (type === 'DS' && optOut) return {ok: true, optOut: true, cut: true, detail: `opt-out NSEC3 covers ${nextCloser}: an unsigned delegation`};
		// Wildcard NODATA (RFC 5155 7.2.5, 8.7): the wildcard at the closest encloser exists and lacks the type.
		const source = matching(wildcardAt(encloser));
		// No NSEC3 for the name, and an opt-out span over the next closer: opt-out leaves out the NSEC3 of an empty name
		// whose only names below are unsigned delegations (RFC 5155 7.1), so the name may be such a one, which nothing
		// proves empty or absent. Not bogus: Unbound answers insecure, BIND's delv secure; digdeeper, as Unbound, says
		// the NODATA is not authenticated.
		if (!source && optOut) return {ok: true, optOut: true, detail: `no NSEC3 matches ${name}, and an opt-out NSEC3 covers the next closer name ${nextCloser} (closest encloser ${encloser}): an empty name above unsigned delegations, which opt-out leaves without an NSEC3`};
		if (!source) return {ok: false, detail: `no NSEC3 matches ${name}, nor the wildcard ${wildcardAt(encloser)}`};
		if (typesOf(source).includes(type) || typesOf(source).includes('CNAME')) return {ok: false, detail: `the NSEC3 for ${wildcardAt(encloser)} lists ${type}`};
		return {ok: true, detail: `wildcard NODATA: closest encloser ${encloser}, ${nextCloser} covered, and the NSEC3 for ${wildcardAt(encloser)} shows no ${type}`};
	}
	const wildcard = wildcardAt(encloser);
	if (!covering(wildcard)) return {ok: false, detail: `nothing denies the wildcard ${wildcard}`};
	return {ok: true, optOut, detail: `closest encloser ${encloser}, ${nextCloser} and ${wildcard} covered`};
}

/**
 * RFC 4035 5.3.4 and RFC 5155 8.8: an answer expanded from a wildcard (its RRSIG has `signatureLabels` labels, fewer
 * than the name's) is secure only with a proof that no closer match exists: an NSEC covering the name, or an NSEC3
 * covering the next closer name of the wildcard's encloser. Without it, the answer could be replayed over a name
 * that exists.
 */
export function checkWildcardAnswer(authority: ResourceRecord[], zone: Name, name: Name, signatureLabels: number, hasher: Nsec3Hasher): DenialCheck {
	const all = wireLabels(name);
	const encloser = nameFromLabels(all.slice(all.length - signatureLabels));
	const nextCloser = nameFromLabels(all.slice(all.length - signatureLabels - 1));
	const wildcard = wildcardAt(encloser);
	const nsec = authority.filter((record) => record.type === 'NSEC' && record.data.kind === 'nsec' && isAtOrBelow(record.name, zone));
	const covering = nsec.find((record) => covers(record.name, nextOf(record), name));
	if (covering) return {ok: true, detail: `expanded from ${wildcard}; NSEC ${covering.name} → ${nextOf(covering)} proves ${name} does not exist`};
	const nsec3 = authority.filter((record) => record.type === 'NSEC3' && record.data.kind === 'nsec3' && record.data.hashAlgorithm === NSEC3_SHA1);
	const first = nsec3[0]?.data;
	if (!first || first.kind !== 'nsec3') return {ok: false, detail: `expanded from ${wildcard}, with no NSEC or NSEC3 proving that ${name} does not exist`};
	if (first.iterations > NSEC3_ITERATIONS_INSECURE) {
		return {ok: false, unchecked: 'insecure', detail: `not checked: its NSEC3 has ${first.iterations} iterations (more than ${NSEC3_ITERATIONS_INSECURE}), which validators treat as insecure (RFC 9276)`};
	}
	const hash = hasher.hash(nextCloser, first.salt, first.iterations);
	if (hash === undefined) return {ok: false, unchecked: 'limit', detail: `not checked: the analysis spent its NSEC3 hashing budget (${NSEC3_HASH_BUDGET} SHA-1 rounds)`};
	const cover = nsec3.find((record) => {
		const owner = labels(record.name)[0]!;
		const next = record.data.kind === 'nsec3' ? record.data.nextHashed : '';
		return owner < next ? owner < hash && hash < next : hash > owner || hash < next;
	});
	if (!cover) return {ok: false, detail: `expanded from ${wildcard}, but no NSEC3 covers the next closer name ${nextCloser}`};
	// An opt-out span may hide an unsigned delegation at the next closer name, whose data would win over the wildcard's
	// (RFC 5155 9.2): validators (Unbound, delv) call such an answer insecure.
	if (cover.data.kind === 'nsec3' && (cover.data.flags & 1) === 1) return {ok: true, optOut: true, detail: `expanded from ${wildcard}; an opt-out NSEC3 covers the next closer name ${nextCloser}, which may be an unsigned delegation`};
	return {ok: true, detail: `expanded from ${wildcard}; an NSEC3 covers the next closer name ${nextCloser}`};
}

/**
 * A reply's NSEC and NSEC3 records that carry an RRSIG (unsigned ones, which anyone on the path could add, are never
 * read), those within `zone` when it is given, and how to hash names against the NSEC3s: undefined past the
 * iterations validators accept (RFC 9276), or with no SHA-1 NSEC3. The signatures themselves are not verified here.
 */
function signedDenials(authority: ResourceRecord[], zone?: Name): {nsec: ResourceRecord[]; nsec3: ResourceRecord[]; hashing?: {salt: string; iterations: number}} {
	const signed = (record: ResourceRecord) => (zone === undefined || isAtOrBelow(record.name, zone)) && authority.some((signature) => signature.name === record.name && signature.data.kind === 'rrsig' && signature.data.typeCovered === record.type);
	const nsec = authority.filter((record) => record.type === 'NSEC' && record.data.kind === 'nsec' && signed(record));
	const nsec3 = authority.filter((record) => record.type === 'NSEC3' && record.data.kind === 'nsec3' && record.data.hashAlgorithm === NSEC3_SHA1 && signed(record));
	const first = nsec3[0]?.data;
	return first?.kind === 'nsec3' && first.iterations <= NSEC3_ITERATIONS_INSECURE ? {nsec, nsec3, hashing: {salt: first.salt, iterations: first.iterations}} : {nsec, nsec3};
}

/**
 * The closest encloser an NXDOMAIN's signed NSEC or NSEC3 records show for `name` (RFC 4035 5.4, RFC 5155 8.3), and
 * whether they show it holds data of its own (the NSEC3 that matches it, or an NSEC at it, lists a type) or is only an
 * empty non-terminal, as a suspended domain is when the registry keeps its name servers' addresses for other domains.
 * Undefined when no record that carries an RRSIG shows one. (The signatures are not verified here: like the RCODE
 * beside them, they are what the server says; unsigned records, which anyone on the path could add, are not read.)
 */
export function signedEncloser(authority: ResourceRecord[], zone: Name, name: Name, hasher: Nsec3Hasher): {encloser: Name; holdsData: boolean} | undefined {
	const holdsData = (types: readonly string[]) => types.some((type) => type !== 'RRSIG' && type !== 'NSEC' && type !== 'NSEC3');
	const {nsec, nsec3, hashing} = signedDenials(authority);
	const covering = nsec.find((record) => covers(record.name, nextOf(record), name));
	if (covering) {
		const encloser = closestEncloserOf(name, covering);
		// The NSEC at the encloser is in the reply when it denies the wildcard there (`*.` sorts right after its parent).
		return {encloser, holdsData: nsec.some((record) => record.name === encloser && holdsData(typesOf(record)))};
	}
	if (!hashing) return undefined;
	for (let encloser = parentName(name); isAtOrBelow(encloser, zone); encloser = parentName(encloser)) {
		const hashed = hasher.hash(encloser, hashing.salt, hashing.iterations);
		if (hashed === undefined) return undefined;
		const matching = nsec3.find((record) => labels(record.name)[0] === hashed);
		if (matching) return {encloser, holdsData: holdsData(typesOf(matching))};
		if (encloser === zone || encloser === '.') return undefined;
	}
	return undefined;
}

/** The types an NSEC or NSEC3 lists for the denial itself, not for data at its name: RFC 9824's NXNAME is type 128. */
const DENIAL_ONLY_TYPES: readonly string[] = ['RRSIG', 'NSEC', 'NSEC3', 'NXNAME', 'TYPE128'];

/**
 * What a NODATA's signed NSEC or NSEC3 records show `name` holds in `zone` (RFC 4035 3.1.3.1-2, RFC 5155 7.2.3): the
 * types at it (an NSEC at the name, or the NSEC3 that matches it), or that it is an empty non-terminal (an NSEC that
 * covers it and whose next name is below it, or a matching NSEC3 with no types), as a suspended domain is when the
 * registry keeps its name servers' addresses for other domains. `records`: whether it holds any data of its own (a type
 * other than the denial's own RRSIG, NSEC, NSEC3, and RFC 9824's NXNAME: NS, for a DS question at a delegation, is one);
 * `delegated`: NS among them, the parent's cut at the name.
 * Undefined when no record that carries an RRSIG shows either. (Signatures are not verified here, as in
 * `signedEncloser`; unsigned records, which anyone on the path could add, are not read.)
 */
export function signedContentAt(authority: ResourceRecord[], zone: Name, name: Name, hasher: Nsec3Hasher): {records: boolean; delegated: boolean; emptyNonTerminal: boolean} | undefined {
	const shown = (types: readonly string[], emptyNonTerminal = false) => ({
		records: types.some((type) => !DENIAL_ONLY_TYPES.includes(type)),
		delegated: types.includes('NS'),
		emptyNonTerminal,
	});
	const {nsec, nsec3, hashing} = signedDenials(authority, zone);
	const at = nsec.find((record) => record.name === name);
	if (at) return shown(typesOf(at));
	if (nsec.some((record) => covers(record.name, nextOf(record), name) && isStrictlyBelow(nextOf(record), name))) return shown([], true);
	if (!hashing) return undefined;
	const hashed = hasher.hash(name, hashing.salt, hashing.iterations);
	const matching = hashed === undefined ? undefined : nsec3.find((record) => labels(record.name)[0] === hashed);
	if (!matching) return undefined;
	const types = typesOf(matching);
	return shown(types, types.length === 0);
}
