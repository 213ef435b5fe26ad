import {ALGORITHMS, DIGESTS} from '../../dns/dnssec.js';
import type {ResourceRecord} from '../../dns/record.js';
import {tagOf} from './verify-rrset.js';

/**
 * Why a validator leaves an algorithm unchecked: RFC 8624 3.1 says validators must not validate RSAMD5, DSA and
 * DSA-NSEC3-SHA1, and may skip GOST; private and unassigned numbers no public validator implements.
 */
const NOT_VALIDATED: Record<number, string> = {
	1: 'RSAMD5, which validators must not validate (RFC 8624 §3.1)',
	3: 'DSA, which validators must not validate (RFC 8624 §3.1)',
	6: 'DSA-NSEC3-SHA1, which validators must not validate (RFC 8624 §3.1)',
	12: 'ECC-GOST, which validators may skip and digdeeper does not implement (RFC 8624 §3.1)',
	253: 'PRIVATEDNS, a private algorithm no public validator implements',
	254: 'PRIVATEOID, a private algorithm no public validator implements',
};

/** RFC 8624 3.3: GOST R 34.11-94 digests may be skipped; other numbers are unassigned. */
const DIGEST_NOT_VALIDATED: Record<number, string> = {
	3: 'GOST R 34.11-94, which validators may skip and digdeeper does not implement (RFC 8624 §3.3)',
};

/** Why signatures of this algorithm are not checked; undefined when they are. */
export function unsupportedAlgorithm(algorithm: number): string | undefined {
	if (ALGORITHMS[algorithm]) return undefined;
	return `algorithm ${algorithm}: ${NOT_VALIDATED[algorithm] ?? 'not an algorithm digdeeper implements'}`;
}

/** Why DS records of this digest type are not checked; undefined when they are. */
export function unsupportedDigest(digestType: number): string | undefined {
	if (DIGESTS[digestType]) return undefined;
	return `digest type ${digestType}: ${DIGEST_NOT_VALIDATED[digestType] ?? 'not a digest type digdeeper implements'}`;
}

/** Why one DS or DNSKEY record (of a trust anchor, or a parent's DS set) cannot start a chain; undefined when it can. */
function unusable(record: ResourceRecord): string | undefined {
	if (record.data.kind === 'ds') return unsupportedAlgorithm(record.data.algorithm) ?? unsupportedDigest(record.data.digestType);
	if (record.data.kind === 'dnskey') return unsupportedAlgorithm(record.data.algorithm);
	return 'not a DS or DNSKEY record';
}

export interface UsableRecords {
	/** What a validator uses to authenticate the zone's DNSKEY set. */
	usable: ResourceRecord[];
	/** What it leaves unchecked, each with why (a SHA-1 DS beside a stronger one is dropped silently: RFC 4509 3). */
	unsupported: Array<{record: ResourceRecord; why: string}>;
}

/**
 * The DS or DNSKEY records a validator can start a zone's chain from (RFC 4035 5.2, RFC 6840 5.2): those of
 * algorithms and digests it implements; and, as RFC 4509 3 asks, never a SHA-1 DS of a key that also has a DS with a
 * stronger digest (which stops a downgrade to the weaker digest). With none left the zone is insecure, not bogus.
 */
export function usableRecords(records: ResourceRecord[]): UsableRecords {
	const unsupported: UsableRecords['unsupported'] = [];
	const supported: ResourceRecord[] = [];
	for (const record of records) {
		const why = unusable(record);
		if (why) unsupported.push({record, why});
		else supported.push(record);
	}
	const strongerDigestFor = (record: ResourceRecord) =>
		supported.some((other) => other.data.kind === 'ds' && record.data.kind === 'ds' && other.data.keyTag === record.data.keyTag && other.data.algorithm === record.data.algorithm && other.data.digestType !== 1);
	const usable = supported.filter((record) => !(record.data.kind === 'ds' && record.data.digestType === 1 && strongerDigestFor(record)));
	return {usable, unsupported};
}

/** The unsupported records in a line: "DS 12345 (algorithm 3: DSA, …)". */
export function describeUnsupported(unsupported: UsableRecords['unsupported']): string {
	const described = unsupported.map(({record, why}) => `${record.type} ${record.data.kind === 'ds' ? record.data.keyTag : record.data.kind === 'dnskey' ? tagOf(record) : ''} (${why})`);
	return [...new Set(described)].join(', ');
}
