import type {CharacterString} from './character-string.js';
import type {RData, ResourceRecord} from './record.js';
import {joinPresented, presentText, safe, type Presented} from './sanitize.js';

/** Presenting is done once: a presented text given again would have its escapes escaped. */
type Unpresented<T extends string> = T extends Presented ? never : T;

/**
 * A name as dig shows it. A Name already is that form (name.ts: specials after a backslash, anything unprintable as
 * RFC 1035 `\DDD`, printable ASCII only), so it is shown as it is: escaping it again would show `\\.` for `\.`.
 */
export function presentName<T extends string>(name: T & Unpresented<T>): Presented {
	return presentText(name);
}

/**
 * A character-string as dig shows it, quoted. The model's text already is the form between the quotes
 * (character-string.ts: `\"`, `\\`, and `\DDD` for any byte that is not readable text), so it is quoted as it is,
 * and presented as any text is.
 */
export function presentCharacterString<T extends CharacterString>(text: T & Unpresented<T>): Presented {
	return safe`"${presentText(text)}"`;
}

/** Record data the way dig shows it; every string field is presented, numbers are printed as they are. */
export function presentRData(data: RData): Presented {
	switch (data.kind) {
		case 'address':
			return presentText(data.address);
		case 'name':
			return presentName(data.target);
		case 'soa':
			return safe`${presentName(data.mname)} ${presentName(data.rname)} ${data.serial} ${data.refresh} ${data.retry} ${data.expire} ${data.minimum}`;
		case 'mx':
			return safe`${data.preference} ${presentName(data.exchange)}`;
		case 'srv':
			return safe`${data.priority} ${data.weight} ${data.port} ${presentName(data.target)}`;
		case 'txt':
			return joinPresented(data.strings.map((text) => presentCharacterString(text)), safe` `);
		case 'caa':
			return safe`${data.flags} ${presentText(data.tag)} ${presentCharacterString(data.value)}`;
		case 'ds':
			return safe`${data.keyTag} ${data.algorithm} ${data.digestType} ${presentText(data.digest.toUpperCase())}`;
		case 'dnskey':
			return safe`${data.flags} ${data.protocol} ${data.algorithm} ${presentText(data.publicKey)}`;
		case 'rrsig':
			return safe`${presentText(data.typeCovered)} ${data.algorithm} ${data.labels} ${data.originalTtl} ${timestamp(data.expiration)} ${timestamp(data.inception)} ${data.keyTag} ${presentName(data.signerName)} ${presentText(data.signature)}`;
		case 'nsec':
			return safe`${presentName(data.next)} ${presentText(data.types.join(' '))}`;
		case 'nsec3':
			return safe`${data.hashAlgorithm} ${data.flags} ${data.iterations} ${data.salt === '' ? safe`-` : presentText(data.salt.toUpperCase())} ${presentText(data.nextHashed.toUpperCase())} ${presentText(data.types.join(' '))}`;
		case 'opaque':
			return safe`\\# ${data.hex.length / 2} ${presentText(data.hex.toUpperCase())}`;
	}
}

/** RFC 4034 3.2: RRSIG times as YYYYMMDDHHmmSS. */
export function timestamp(seconds: number): Presented {
	return presentText(new Date(seconds * 1000).toISOString().replace(/[-:T]/gu, '').slice(0, 14));
}

export function presentRecord(record: ResourceRecord): Presented {
	return safe`${presentName(record.name)}\t${record.ttl}\t${presentText(record.class)}\t${presentText(record.type)}\t${presentRData(record.data)}`;
}

/**
 * An NSID (RFC 5001), given as hex of its bytes, the way dig decodes one: as text when every byte is printable ASCII
 * (a host name, an instance id), otherwise as hex, so a hostile NSID can never carry an escape sequence or look like
 * something else.
 */
export function presentNsid(hex: string): Presented {
	const bytes = Buffer.from(hex, 'hex');
	if (bytes.byteLength === 0) return safe`(empty)`;
	const printable = bytes.every((byte) => byte >= 0x20 && byte <= 0x7e);
	return printable ? presentText(bytes.toString('latin1')) : safe`0x${presentText(bytes.toString('hex'))}`;
}
