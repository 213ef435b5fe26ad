import {ALGORITHMS, rsaModulusBits} from '../../dns/dnssec.js';
import type {ResourceRecord} from '../../dns/record.js';
import type {Server} from '../../trace/model.js';
import {createFinding, type Finding} from '../finding.js';
import {listLabels, unique, type TraceView} from '../trace-view.js';
import {tagOf} from './verify-rrset.js';

/** NIST SP 800-57 and RFC 8624 3.1: RSA keys below 2048 bits no longer resist factoring for a key's lifetime. */
export const MIN_RSA_BITS = 2048;

interface ShortKey {
	tag: number;
	algorithm: number;
	bits: number;
	servers: Server[];
	probes: number[];
}

/** Zonemaster DNSSEC14: every RSA key of a zone's DNSKEY set, by size; the short ones name the servers serving them. */
export function checkRsaKeySizes(view: TraceView): Finding[] {
	const findings: Finding[] = [];
	for (const zone of view.trace.zones) {
		const short = new Map<string, ShortKey>();
		for (const {server, probe} of view.probes(zone, 'dnskey')) {
			if (probe.kind !== 'answer') continue;
			for (const key of probe.response?.answer ?? []) {
				const bits = shortRsaKey(key);
				if (bits === undefined || key.data.kind !== 'dnskey') continue;
				const entry = short.get(key.data.publicKey) ?? {tag: tagOf(key), algorithm: key.data.algorithm, bits, servers: [], probes: []};
				entry.servers.push(server);
				entry.probes.push(probe.id);
				short.set(key.data.publicKey, entry);
			}
		}
		if (short.size === 0) continue;
		const keys = [...short.values()].sort((a, b) => a.tag - b.tag);
		findings.push(createFinding({
			code: 'DNSKEY_RSA_SHORT',
			zone: zone.name,
			servers: unique(keys.flatMap((key) => key.servers.map((server) => server.address))),
			message: `${zone.name}: ${keys.map((key) => `DNSKEY ${key.tag} (${ALGORITHMS[key.algorithm]?.mnemonic ?? `algorithm ${key.algorithm}`}) has a ${key.bits}-bit modulus, served by ${listLabels(unique(key.servers))}`).join('; ')}: below ${MIN_RSA_BITS} bits`,
			evidence: unique(keys.flatMap((key) => key.probes)),
		}));
	}
	return findings;
}

/** The modulus size of an RSA DNSKEY shorter than MIN_RSA_BITS; undefined for any other key. */
function shortRsaKey(key: ResourceRecord): number | undefined {
	if (key.data.kind !== 'dnskey' || ALGORITHMS[key.data.algorithm]?.family.kind !== 'rsa') return undefined;
	const bits = rsaModulusBits(Buffer.from(key.data.publicKey, 'base64'));
	return bits !== undefined && bits < MIN_RSA_BITS ? bits : undefined;
}
