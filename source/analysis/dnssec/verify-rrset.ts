import {createHash} from 'node:crypto';
import {signedData} from '../../dns/canonical.js';
import {ALGORITHMS, dnskeyRData, keyProblem, keyTag, verifySignature} from '../../dns/dnssec.js';
import {labels, type Name} from '../../dns/name.js';
import type {ResourceRecord} from '../../dns/record.js';

export type SignatureVerdict = 'valid' | 'expired' | 'not-yet-valid' | 'invalid' | 'missing' | 'no-key' | 'unsupported' | 'limit';

export interface RRsetVerdict {
	verdict: SignatureVerdict;
	/** The expiration of the signature that validated (or of the first one tried), seconds since the epoch. */
	expiration?: number;
	/** Key tags of the DNSKEYs that validated the RRset. */
	keyTags: number[];
	detail: string;
	/** The rule the verdict rests on, as a person cites it ("RFC 4035 §5.3.1"). */
	rule: string;
}

/** The rule each verdict rests on: what a resolver that answers SERVFAIL would cite. */
const RULES: Record<SignatureVerdict, string> = {
	valid: 'RFC 4035 §5.3',
	expired: 'RFC 4035 §5.3.1',
	'not-yet-valid': 'RFC 4035 §5.3.1',
	'no-key': 'RFC 4035 §5.3.1',
	invalid: 'RFC 4035 §5.3.3',
	missing: 'RFC 4035 §4.3',
	unsupported: 'RFC 4035 §5.2',
	limit: 'the KeyTrap bound, CVE-2023-50387',
};

/**
 * Caps the signature checks one trace may spend: KeyTrap (CVE-2023-50387) showed that a zone with many keys
 * sharing a tag and many signatures can make a validator do millions of verifications. Like BIND and Unbound after
 * the fix, each RRset gets a few attempts and the whole analysis a budget.
 */
export interface ValidationBudget {
	perRRset: number;
	remaining: number;
	exhausted: boolean;
	/**
	 * Every verification made, by algorithm, key, signature and signed data: whoever asks for one again (the
	 * validator for another server's copy of an RRset, the DNSSEC view for its links) gets its result without
	 * spending the budget twice.
	 */
	verified: Map<string, true | false | 'unsupported'>;
}

export const VALIDATION_LIMITS = {
	/** Signature/key pairs tried per RRset; an honest zone needs 1, a rollover 2-3. */
	perRRset: 8,
	/** Verifications for the whole trace; a deep signed trace with every server needs a few hundred. */
	total: 4000,
};

export function newBudget(): ValidationBudget {
	return {perRRset: VALIDATION_LIMITS.perRRset, remaining: VALIDATION_LIMITS.total, exhausted: false, verified: new Map()};
}

/**
 * Key tags already worked out, by the key's fields: every server's copy of a DNSKEY set is a new record, and a trace
 * asks the tag of the same few keys hundreds of times (518 decodes of base64 for www.example.com's 144 probes).
 * Bounded, as a watch or a survey runs for hours. By the record itself first: one analysis asks of each server's key
 * for every signature that server sent, and the fields' text of a 2048-bit key is 350 characters to make each time.
 */
const tags = new Map<string, number>();
const TAGS_KEPT = 4096;
const tagsByRecord = new WeakMap<ResourceRecord, number>();

export function tagOf(key: ResourceRecord): number {
	if (key.data.kind !== 'dnskey') return -1;
	let tag = tagsByRecord.get(key);
	if (tag !== undefined) return tag;
	const {flags, protocol, algorithm, publicKey} = key.data;
	const fields = `${flags} ${protocol} ${algorithm} ${publicKey}`;
	tag = tags.get(fields);
	if (tag === undefined) {
		tag = keyTag(dnskeyRData({flags, protocol, algorithm, publicKey: Buffer.from(publicKey, 'base64')}));
		if (tags.size >= TAGS_KEPT) tags.clear();
		tags.set(fields, tag);
	}
	tagsByRecord.set(key, tag);
	return tag;
}

/** Why a DNSKEY can verify nothing (keyProblem), by the record: asked of each candidate key for every signature. */
const keyProblems = new WeakMap<ResourceRecord, {problem: string | undefined}>();

function unusableKey(key: ResourceRecord): string | undefined {
	if (key.data.kind !== 'dnskey') return undefined;
	let known = keyProblems.get(key);
	if (!known) {
		known = {problem: keyProblem(key.data.algorithm, Buffer.from(key.data.publicKey, 'base64'))};
		keyProblems.set(key, known);
	}
	return known.problem;
}

/**
 * What one verification rests on, as text: the signature's fields, the key, and each record's owner, type and data,
 * which are all that the signed data is made of (RFC 4034 3.1.8.1: the TTLs signed are the RRSIG's original TTL). The
 * same text always means the same verification, so the budget's record is looked up without building the signed
 * data in its canonical form (every server's copy of every RRset did: 200 builds for 20 verifications). Each part is
 * JSON, which never holds a bare newline, so the parts joined by newlines say one verification only. A record's part
 * is kept by the record: servers that sent the same bytes share decoded records (the prober's `shared`).
 */
function verificationKey(sig: Rrsig, publicKey: string, rrset: ResourceRecord[]): string {
	return [JSON.stringify(sig), JSON.stringify(publicKey), ...rrset.map(recordText)].join('\n');
}

const recordTexts = new WeakMap<ResourceRecord, string>();

function recordText(record: ResourceRecord): string {
	let text = recordTexts.get(record);
	if (text === undefined) {
		text = JSON.stringify([record.name, record.type, record.data]);
		recordTexts.set(record, text);
	}
	return text;
}

type Rrsig = Extract<ResourceRecord['data'], {kind: 'rrsig'}>;

/**
 * What one verification checks, canonically: the data signed (RFC 4034 3.1.8.1) and, as text, the algorithm, key,
 * signature and a digest of that data. Copies of an RRset in another order or case give the same text.
 */
function signedCheck(sig: Rrsig, publicKey: string, rrset: ResourceRecord[]): {data: Buffer; canonical: string} {
	const data = signedData(sig, rrset);
	return {data, canonical: `${sig.algorithm} ${publicKey} ${sig.signature} ${createHash('sha256').update(data).digest('base64')}`};
}

/**
 * Every signature this process has verified, by its canonical text: the same signature over the same data by the same
 * key verifies the same way whenever it is checked (the explorer's next frame of a running trace, a watch's next
 * round, the same trace judged at another --at, a check made ahead of the analysis while the walk waited). Only the
 * cryptography is saved: the analysis charges its budget as if it verified each anew, so no verdict depends on what
 * was checked before. Bounded.
 */
const settled = new Map<string, boolean | 'unsupported'>();
const SETTLED_KEPT = 4096;

/**
 * The canonical text of checks made ahead (checkAhead), by their exact text (verificationKey): the analysis finds
 * what the cryptography said without building the signed data again. Bounded by count and by the size of its texts
 * (each holds its RRset's records: servers that rotate or shuffle a large RRset give a new text each round of a watch).
 */
const canonicalTexts = new Map<string, string>();
let canonicalTextBytes = 0;
const CANONICAL_TEXT_BYTES = 8 * 1024 * 1024;

function keepCanonical(made: string, canonical: string): void {
	if (canonicalTexts.size >= SETTLED_KEPT || canonicalTextBytes + made.length > CANONICAL_TEXT_BYTES) {
		canonicalTexts.clear();
		canonicalTextBytes = 0;
	}
	canonicalTexts.set(made, canonical);
	canonicalTextBytes += made.length;
}

/** Verifies one signature over the data `signed` gives, or says what the same check said before. */
function checkSignature(sig: Rrsig, publicKey: string, canonical: string, signed: () => Buffer): boolean | 'unsupported' {
	let ok = settled.get(canonical);
	if (ok === undefined) {
		ok = verifySignature(sig.algorithm, Buffer.from(publicKey, 'base64'), signed(), Buffer.from(sig.signature, 'base64'));
		if (settled.size >= SETTLED_KEPT) settled.clear();
		settled.set(canonical, ok);
	}
	return ok;
}

/** The DNSKEYs that may have made a signature: the signer's zone keys of its algorithm and key tag (RFC 4035 5.3.1). */
function candidateKeys(sig: Rrsig, keys: readonly ResourceRecord[]): ResourceRecord[] {
	return keys.filter((key) => key.data.kind === 'dnskey' && key.data.algorithm === sig.algorithm && (key.data.flags & 0x0100) !== 0 && tagOf(key) === sig.keyTag);
}

/**
 * The keys a check ahead tries an RRSIG with (checks-ahead.ts): those that may have made it, as many as the analysis
 * tries for one RRset (VALIDATION_LIMITS.perRRset), usable, by an algorithm this build verifies.
 */
export function keysToTry(signature: ResourceRecord, keys: readonly ResourceRecord[]): ResourceRecord[] {
	if (signature.data.kind !== 'rrsig' || !ALGORITHMS[signature.data.algorithm]) return [];
	return candidateKeys(signature.data, keys)
		.slice(0, VALIDATION_LIMITS.perRRset)
		.filter((key) => unusableKey(key) === undefined);
}

/**
 * One RRSIG checked with one key, ahead of the analysis: the cryptography's answer kept for the analysis to find. No
 * verdict: the signature's times, labels and signer are the analysis's to judge. True when a verification ran (not
 * when the process had made it before).
 */
export function checkAhead(rrset: ResourceRecord[], signature: ResourceRecord, key: ResourceRecord): boolean {
	if (signature.data.kind !== 'rrsig' || key.data.kind !== 'dnskey') return false;
	const sig = signature.data;
	const {publicKey} = key.data;
	const made = verificationKey(sig, publicKey, rrset);
	if (canonicalTexts.has(made)) return false;
	const {data, canonical} = signedCheck(sig, publicKey, rrset);
	const verifies = !settled.has(canonical);
	checkSignature(sig, publicKey, canonical, () => data);
	keepCanonical(made, canonical);
	return verifies;
}

/** RFC 4035 5.3: checks the RRSIGs over one RRset against the zone's DNSKEYs, at time `now` (seconds). */
export function verifyRRset(rrset: ResourceRecord[], signatures: ResourceRecord[], keys: ResourceRecord[], signer: Name, now: number, budget: ValidationBudget): RRsetVerdict {
	const judged = judgeRRset(rrset, signatures, keys, signer, now, budget);
	return {...judged, rule: judged.rule ?? RULES[judged.verdict]};
}

function judgeRRset(rrset: ResourceRecord[], signatures: ResourceRecord[], keys: ResourceRecord[], signer: Name, now: number, budget: ValidationBudget): Omit<RRsetVerdict, 'rule'> & {rule?: string} {
	if (signatures.length === 0) return {verdict: 'missing', keyTags: [], detail: 'no RRSIG'};
	// RFC 6840 5.11: signatures by algorithms the validator does not implement are ignored, not failures; an RRset
	// with only those has no signature the validator can use.
	const skipped = [...new Set(signatures.flatMap((signature) => (signature.data.kind === 'rrsig' && !ALGORITHMS[signature.data.algorithm] ? [signature.data.algorithm] : [])))];
	const checkable = signatures.filter((signature) => !(signature.data.kind === 'rrsig' && skipped.includes(signature.data.algorithm)));
	if (checkable.length === 0) return {verdict: 'missing', keyTags: [], detail: `no RRSIG by an algorithm a validator checks (only algorithm ${skipped.join(', ')})`};
	let attempts = 0;
	let best: Omit<RRsetVerdict, 'rule'> & {rule?: string} | undefined;
	const rank: Record<SignatureVerdict, number> = {valid: 0, expired: 1, 'not-yet-valid': 2, invalid: 3, unsupported: 4, 'no-key': 5, limit: 6, missing: 7};
	const consider = (verdict: Omit<RRsetVerdict, 'rule'> & {rule?: string}) => {
		if (!best || rank[verdict.verdict] < rank[best.verdict]) best = verdict;
	};
	for (const signature of checkable) {
		if (signature.data.kind !== 'rrsig') continue;
		const sig = signature.data;
		if (sig.signerName !== signer) {
			consider({verdict: 'no-key', keyTags: [], detail: `signed by ${sig.signerName}, not ${signer}`});
			continue;
		}
		// RFC 4035 5.3.1: no RRset can be signed with more labels than its owner has (a leading `*` counted, as BIND
		// counts it). BIND makes it a bogus signature, not a FORMERR; judged before any key, it costs no verification.
		const ownerLabels = labels(signature.name).length;
		if (sig.labels > ownerLabels) {
			consider({verdict: 'invalid', expiration: sig.expiration, keyTags: [sig.keyTag], detail: `the RRSIG by key ${sig.keyTag} has a labels field (${sig.labels}) larger than the owner's ${ownerLabels} (${signature.name}): it can never verify`, rule: 'RFC 4035 §5.3.1'});
			continue;
		}
		const candidates = candidateKeys(sig, keys);
		if (candidates.length === 0) {
			consider({verdict: 'no-key', expiration: sig.expiration, keyTags: [], detail: `no DNSKEY with tag ${sig.keyTag} and algorithm ${sig.algorithm}`});
			continue;
		}
		for (const key of candidates) {
			const unusable = unusableKey(key);
			if (unusable) {
				consider({verdict: 'invalid', expiration: sig.expiration, keyTags: [sig.keyTag], detail: `DNSKEY ${sig.keyTag} can verify no signature: ${unusable}`});
				continue;
			}
			const publicKey = key.data.kind === 'dnskey' ? key.data.publicKey : '';
			const made = verificationKey(sig, publicKey, rrset);
			let ok = budget.verified.get(made);
			// The text is exact, not canonical: a copy in another order (servers rotate RRsets) or with names in RDATA in
			// another case signs the same data. Such a copy is looked up by its signed data, as every copy was before, so
			// it costs the budget nothing either and the verdict stays the one the first copy got.
			let data: Buffer | undefined;
			let canonical: string | undefined;
			if (ok === undefined) {
				canonical = canonicalTexts.get(made);
				if (canonical === undefined) ({data, canonical} = signedCheck(sig, publicKey, rrset));
				ok = budget.verified.get(canonical);
				if (ok !== undefined) budget.verified.set(made, ok);
			}
			// One made before counts among the RRset's attempts (the verdict does not depend on who asked first), but
			// costs the trace's budget nothing.
			if (attempts >= budget.perRRset || (ok === undefined && budget.remaining <= 0)) {
				// Nothing validated within the bound: the honest verdict is "not checked", whatever failed before.
				budget.exhausted = true;
				return {verdict: 'limit', keyTags: [], detail: `stopped after ${attempts} signature checks (KeyTrap bound)`};
			}
			attempts++;
			if (ok === undefined) {
				budget.remaining--;
				ok = checkSignature(sig, publicKey, canonical!, () => data ?? signedCheck(sig, publicKey, rrset).data);
				budget.verified.set(made, ok);
				budget.verified.set(canonical!, ok);
			}
			if (ok !== true) {
				consider({verdict: ok === 'unsupported' ? 'unsupported' : 'invalid', expiration: sig.expiration, keyTags: [sig.keyTag], detail: `the signature by key ${sig.keyTag} does not verify`});
				continue;
			}
			// RFC 4034 3.1.5: serial-number arithmetic on 32-bit times; fine until 2106 with plain comparison.
			if (now > sig.expiration) {
				consider({verdict: 'expired', expiration: sig.expiration, keyTags: [sig.keyTag], detail: `expired ${new Date(sig.expiration * 1000).toISOString()}`});
			} else if (now < sig.inception) {
				consider({verdict: 'not-yet-valid', expiration: sig.expiration, keyTags: [sig.keyTag], detail: `valid only from ${new Date(sig.inception * 1000).toISOString()}`});
			} else {
				consider({verdict: 'valid', expiration: sig.expiration, keyTags: [sig.keyTag], detail: `valid, signed by key ${sig.keyTag}`});
				return best!;
			}
		}
	}
	return best ?? {verdict: 'missing', keyTags: [], detail: 'no RRSIG'};
}
