import {encodeName, encodeRData} from './codec.js';
import {labels as labelsOf, nameFromLabels, type Name, wireLabels} from './name.js';
import type {ResourceRecord} from './record.js';
import {typeNumber} from './types.js';

/**
 * RFC 4034 6.1: names ordered label by label from the right, each label compared as lower-case octets (the wire
 * bytes, so `a\.b` sorts by its dot byte, 0x2e, and `\000` before anything).
 */
export function compareCanonical(a: Name, b: Name): number {
	const left = wireLabels(a).reverse();
	const right = wireLabels(b).reverse();
	for (let index = 0; index < Math.min(left.length, right.length); index++) {
		const order = Buffer.compare(left[index]!, right[index]!);
		if (order !== 0) return order;
	}
	return left.length - right.length;
}

/**
 * RFC 4034 3.1.8.1: the data an RRSIG signs, given its RDATA fields (without the signature) and the RRset. Owner
 * names are already canonical (lower case) in the model; a wildcard-expanded owner is replaced by `*.` + the last
 * `labels` labels; RRs are sorted by their canonical RDATA.
 */
export function signedData(signature: {typeCovered: string; algorithm: number; labels: number; originalTtl: number; expiration: number; inception: number; keyTag: number; signerName: Name}, rrset: ResourceRecord[]): Buffer {
	const header = Buffer.alloc(18);
	header.writeUInt16BE(typeNumber(signature.typeCovered), 0);
	header.writeUInt8(signature.algorithm, 2);
	header.writeUInt8(signature.labels, 3);
	header.writeUInt32BE(signature.originalTtl, 4);
	header.writeUInt32BE(signature.expiration >>> 0, 8);
	header.writeUInt32BE(signature.inception >>> 0, 12);
	header.writeUInt16BE(signature.keyTag, 16);
	const parts: Buffer[] = [header, encodeName(signature.signerName.toLowerCase())];

	const rdatas = rrset.map((record) => encodeRData({...record, data: lowerCaseNames(record.data)}));
	const unique = [...new Map(rdatas.map((rdata) => [rdata.toString('hex'), rdata])).values()].sort(Buffer.compare);
	const first = rrset[0];
	if (!first) return Buffer.concat(parts);
	const owner = signingOwner(first.name, signature.labels);
	const fixed = Buffer.alloc(8);
	fixed.writeUInt16BE(typeNumber(first.type), 0);
	fixed.writeUInt16BE(1, 2);
	fixed.writeUInt32BE(signature.originalTtl, 4);
	for (const rdata of unique) {
		const length = Buffer.alloc(2);
		length.writeUInt16BE(rdata.byteLength, 0);
		parts.push(encodeName(owner), fixed, length, rdata);
	}
	return Buffer.concat(parts);
}

/** RFC 4035 5.3.2: an owner with more labels than the RRSIG's Labels field was synthesised from a wildcard. */
export function signingOwner(owner: Name, labels: number): Name {
	const parts = wireLabels(owner);
	if (parts.length <= labels) return owner;
	return nameFromLabels([Buffer.from('*'), ...parts.slice(parts.length - labels)]);
}

/** RFC 4034 6.2 (as amended by RFC 6840 5.1, which exempts NSEC's next name): names in RDATA in lower case. */
function lowerCaseNames(data: ResourceRecord['data']): ResourceRecord['data'] {
	switch (data.kind) {
		case 'name':
			return {...data, target: data.target.toLowerCase()};
		case 'soa':
			return {...data, mname: data.mname.toLowerCase(), rname: data.rname.toLowerCase()};
		case 'mx':
			return {...data, exchange: data.exchange.toLowerCase()};
		case 'srv':
			return {...data, target: data.target.toLowerCase()};
		case 'rrsig':
			return {...data, signerName: data.signerName.toLowerCase()};
		default:
			return data;
	}
}

/** Number of labels in a name, not counting a leading wildcard (the RRSIG Labels field); `a\.b.example.` has 2. */
export function rrsigLabels(owner: Name): number {
	const parts = labelsOf(owner);
	return parts[0] === '*' ? parts.length - 1 : parts.length;
}
