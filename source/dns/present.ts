import {sanitize} from './sanitize.js';
import type {RData, ResourceRecord} from './record.js';

/** A name in presentation form, with anything unprintable escaped as RFC 1035 `\DDD`. */
export function presentName(name: string): string {
	return sanitize(name).replace(/[ ();"]/gu, (char) => `\\${char}`);
}

/** A character-string in presentation form: quoted, with `"` and `\` escaped and unprintables as `\DDD`. */
export function presentString(text: string): string {
	return `"${sanitize(text.replace(/\\/gu, '\\\\').replace(/"/gu, '\\"'))}"`;
}

export function presentRData(data: RData): string {
	switch (data.kind) {
		case 'address':
			return data.address;
		case 'name':
			return presentName(data.target);
		case 'soa':
			return `${presentName(data.mname)} ${presentName(data.rname)} ${data.serial} ${data.refresh} ${data.retry} ${data.expire} ${data.minimum}`;
		case 'mx':
			return `${data.preference} ${presentName(data.exchange)}`;
		case 'srv':
			return `${data.priority} ${data.weight} ${data.port} ${presentName(data.target)}`;
		case 'txt':
			return data.strings.map(presentString).join(' ');
		case 'caa':
			return `${data.flags} ${sanitize(data.tag)} ${presentString(data.value)}`;
		case 'ds':
			return `${data.keyTag} ${data.algorithm} ${data.digestType} ${data.digest.toUpperCase()}`;
		case 'dnskey':
			return `${data.flags} ${data.protocol} ${data.algorithm} ${data.publicKey}`;
		case 'rrsig':
			return `${data.typeCovered} ${data.algorithm} ${data.labels} ${data.originalTtl} ${timestamp(data.expiration)} ${timestamp(data.inception)} ${data.keyTag} ${presentName(data.signerName)} ${data.signature}`;
		case 'nsec':
			return `${presentName(data.next)} ${data.types.join(' ')}`;
		case 'nsec3':
			return `${data.hashAlgorithm} ${data.flags} ${data.iterations} ${data.salt === '' ? '-' : data.salt.toUpperCase()} ${data.nextHashed.toUpperCase()} ${data.types.join(' ')}`;
		case 'opaque':
			return `\\# ${data.hex.length / 2} ${data.hex.toUpperCase()}`;
	}
}

/** RFC 4034 3.2: RRSIG times as YYYYMMDDHHmmSS. */
export function timestamp(seconds: number): string {
	return new Date(seconds * 1000).toISOString().replace(/[-:T]/gu, '').slice(0, 14);
}

export function presentRecord(record: ResourceRecord): string {
	return `${presentName(record.name)}\t${record.ttl}\t${record.class}\t${record.type}\t${presentRData(record.data)}`;
}
