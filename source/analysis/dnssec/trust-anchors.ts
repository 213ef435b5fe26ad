import {digestName, digestOctets} from '../../dns/dnssec-mnemonics.js';
import {MAX_LABEL_OCTETS, MAX_NAME_OCTETS, wireLabels, wireLength} from '../../dns/name.js';
import type {ResourceRecord} from '../../dns/record.js';
import {parseZoneEntries, parseZoneText, ZoneTextError} from '../../dns/zone-text.js';
import {OPTION_LIMITS} from '../../trace/limits.js';
import {isBindTrustAnchors, parseBindTrustAnchors} from './bind-trust-anchors.js';

export interface TrustAnchors {
	/** Where they came from: "IANA root (built in)", a file name, "lab". */
	source: string;
	/** DS or DNSKEY records; their owner names are the zones they anchor. */
	records: ResourceRecord[];
}

/**
 * IANA's root KSKs as DS records (data.iana.org/root-anchors): KSK-2017 (20326) and KSK-2024 (38696), both
 * RSASHA256 with SHA-256 digests. Parsed when first asked for: a trace given its own anchors (--trust-anchor, the lab)
 * never needs them.
 */
export function ianaRootAnchors(): TrustAnchors {
	return (ianaAnchors ??= {
		source: 'IANA root KSK-2017 (20326) and KSK-2024 (38696), built in',
		records: parseZoneText(
			`. 172800 IN DS 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D
. 172800 IN DS 38696 8 2 683D2D0ACB8C9B712A1948B27F741219298D0A450D612C483AF444A4C0FB2B16`,
			{source: 'built-in root anchors'},
		),
	});
}

let ianaAnchors: TrustAnchors | undefined;

/**
 * Reads a trust-anchor file as people write them: DS or DNSKEY records in presentation format (`dnssec-dsfromkey`'s
 * `.ds` and `dnssec-keygen`'s `.key` files, a zone file's lines with `$TTL`, `$ORIGIN`, relative names, comments,
 * parentheses and algorithm mnemonics), or BIND's `trust-anchors`, `managed-keys` and `trusted-keys` blocks. Anything
 * else in it is refused, in one line that names the file and the line: a file that says more than we read is not
 * silently half-read.
 */
export function parseTrustAnchors(text: string, source: string): TrustAnchors {
	const entries = isBindTrustAnchors(text) ? parseBindTrustAnchors(text, source) : parseZoneEntries(text, {source});
	for (const {record, line} of entries) {
		const problem = anchorProblem(record);
		if (problem) throw new ZoneTextError(`${source} line ${line}: ${problem}`);
	}
	if (entries.length === 0) throw new ZoneTextError(`${source}: no DS or DNSKEY records`);
	if (entries.length > OPTION_LIMITS.maxTrustAnchors) throw new ZoneTextError(`${source}: ${entries.length} trust anchors; at most ${OPTION_LIMITS.maxTrustAnchors} are read`);
	return {source, records: entries.map((entry) => entry.record)};
}

/** Several files' anchors as one set, each file named in the source ("a.ds, b.key"). */
export function combineTrustAnchors(sets: TrustAnchors[]): TrustAnchors {
	const records = sets.flatMap((set) => set.records);
	if (records.length > OPTION_LIMITS.maxTrustAnchors) throw new ZoneTextError(`${sets.map((set) => set.source).join(', ')}: ${records.length} trust anchors together; at most ${OPTION_LIMITS.maxTrustAnchors} are read`);
	return {source: sets.map((set) => set.source).join(', '), records};
}

/** Why a record can anchor nothing, or undefined when it can (RFC 4034 2.1.1, 2.1.2, 5.1; RFC 5011 2.1). */
function anchorProblem(record: ResourceRecord): string | undefined {
	if (record.type !== 'DS' && record.type !== 'DNSKEY') return `${article(record.type)} ${record.type} record is not a trust anchor (give DS or DNSKEY records)`;
	if (record.class !== 'IN') return `${article(record.type)} ${record.type} record of class ${record.class}: trust anchors are IN`;
	if (wireLength(record.name) > MAX_NAME_OCTETS || wireLabels(record.name).some((label) => label.length > MAX_LABEL_OCTETS)) return `the owner name is no DNS name (over ${MAX_LABEL_OCTETS} octets in a label or ${MAX_NAME_OCTETS} in all)`;
	const {data} = record;
	if (data.kind === 'ds') {
		if (data.keyTag > 65_535) return `key tag ${data.keyTag} is more than 16 bits`;
		if (!/^(?:[0-9a-f]{2})+$/u.test(data.digest)) return 'the DS digest is not hexadecimal bytes';
		const octets = digestOctets(data.digestType);
		const length = data.digest.length / 2;
		if (octets !== undefined && length !== octets) return `a DS digest of type ${data.digestType} (${digestName(data.digestType)}) is ${octets} bytes; this one is ${length}`;
		if (data.digest.length > MAX_DIGEST_HEX) return `a DS digest of ${length} bytes is longer than any digest type's`;
		return undefined;
	}
	if (data.kind === 'dnskey') {
		if (data.flags > 65_535) return `DNSKEY flags ${data.flags} are more than 16 bits`;
		if ((data.flags & ZONE_KEY) === 0) return `a DNSKEY with flags ${data.flags} is no zone key (the Zone Key bit, 256, is not set)`;
		if ((data.flags & REVOKED) !== 0) return `a DNSKEY with flags ${data.flags} is revoked (bit 128, RFC 5011): it anchors nothing`;
		if (data.protocol !== 3) return `a DNSKEY with protocol ${data.protocol}: DNSSEC keys are protocol 3`;
		if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/u.test(data.publicKey) || data.publicKey === '') return 'the DNSKEY public key is not base64';
		if (data.publicKey.length > MAX_KEY_BASE64) return `a DNSKEY public key of ${data.publicKey.length} base64 characters is longer than any algorithm's`;
		return undefined;
	}
	return `${article(record.type)} ${record.type} record in RFC 3597 form (\\# length hex): write it as ${record.type} fields`;
}

/** "an NS record", "a DS record": a type is read letter by letter. */
const article = (type: string) => (/^[AEFHILMNORSX]/u.test(type) ? 'an' : 'a');

const ZONE_KEY = 0x0100;
const REVOKED = 0x0080;
/** The snapshot keeps anchors whole and reads no longer fields (schema.ts): a 16,384-bit RSA key's base64 fits. */
const MAX_KEY_BASE64 = 16_384;
const MAX_DIGEST_HEX = 4096;
