import {compareCanonical} from '../dns/canonical.js';
import {presentRecord} from '../dns/present.js';
import type {ZoneCopy} from './authoritative.js';

/** A server's copy of a zone as a master file, DNSSEC records included, for dnssec-verify and named. */
export function exportZoneFile(copy: ZoneCopy): string {
	// RRSIGs live in `signatures` (NSEC3's included); the rest of the data in `records` and `nsec3`.
	const unique = [...new Set([...copy.records.filter((record) => record.type !== 'RRSIG'), ...copy.nsec3, ...[...copy.signatures.values()].flat()])];
	const soa = unique.filter((record) => record.type === 'SOA');
	const rest = unique.filter((record) => record.type !== 'SOA').sort((a, b) => compareCanonical(a.name, b.name) || a.type.localeCompare(b.type));
	return `$ORIGIN ${copy.origin}\n${[...soa, ...rest].map(presentRecord).join('\n')}\n`;
}
