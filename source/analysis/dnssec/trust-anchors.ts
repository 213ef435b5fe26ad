import {fqdn} from '../../dns/name.js';
import type {ResourceRecord} from '../../dns/record.js';
import {parseZoneText, ZoneTextError} from '../../dns/zone-text.js';

export interface TrustAnchors {
	/** Where they came from: "IANA root (built in)", a file name, "lab". */
	source: string;
	/** DS or DNSKEY records; their owner names are the zones they anchor. */
	records: ResourceRecord[];
}

/**
 * IANA's root KSKs as DS records (data.iana.org/root-anchors): KSK-2017 (20326) and KSK-2024 (38696), both
 * RSASHA256 with SHA-256 digests.
 */
export const IANA_ROOT_ANCHORS: TrustAnchors = {
	source: 'IANA root KSK-2017 (20326) and KSK-2024 (38696), built in',
	records: parseZoneText(
		`. 172800 IN DS 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D
. 172800 IN DS 38696 8 2 683D2D0ACB8C9B712A1948B27F741219298D0A450D612C483AF444A4C0FB2B16`,
		{source: 'built-in root anchors'},
	),
};

/**
 * Reads trust anchors as `dnssec-dsfromkey` prints them (DS or DNSKEY records in presentation format), or in
 * BIND's `trust-anchors { "name" initial-ds|static-ds|initial-key|static-key … ; };` form.
 */
export function parseTrustAnchors(text: string, source: string): TrustAnchors {
	const bind = /trust-anchors\s*\{([\s\S]*)\}\s*;/u.exec(text) ?? /(?:managed|trusted)-keys\s*\{([\s\S]*)\}\s*;/u.exec(text);
	let records: ResourceRecord[];
	if (bind) {
		const lines: string[] = [];
		const entry = /"([^"]+)"\s+(initial-ds|static-ds|initial-key|static-key)?\s*(\d+)\s+(\d+)\s+(\d+)\s+"([^"]+)"\s*;/gu;
		for (const match of bind[1]!.matchAll(entry)) {
			const [, owner, kind, a, b, c, data] = match;
			const type = kind?.endsWith('-ds') ? 'DS' : 'DNSKEY';
			lines.push(`${fqdn(owner!)} 0 IN ${type} ${a} ${b} ${c} ${data!.replace(/\s+/gu, '')}`);
		}
		if (lines.length === 0) throw new ZoneTextError(`${source}: a trust-anchors block with no "name" initial-ds/initial-key entries`);
		records = parseZoneText(lines.join('\n'), {source});
	} else {
		records = parseZoneText(text, {source});
	}
	const anchors = records.filter((record) => record.type === 'DS' || record.type === 'DNSKEY');
	if (anchors.length === 0) throw new ZoneTextError(`${source}: no DS or DNSKEY records`);
	return {source, records: anchors};
}
