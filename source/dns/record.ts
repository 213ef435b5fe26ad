import type {CharacterString} from './character-string.js';
import type {Name} from './name.js';

/** Record data as plain JSON-safe values; binary fields are hex or base64 strings, character-strings dig's text. */
export type RData =
	| {kind: 'address'; address: string}
	| {kind: 'name'; target: Name}
	| {kind: 'soa'; mname: Name; rname: Name; serial: number; refresh: number; retry: number; expire: number; minimum: number}
	| {kind: 'mx'; preference: number; exchange: Name}
	| {kind: 'srv'; priority: number; weight: number; port: number; target: Name}
	| {kind: 'txt'; strings: CharacterString[]}
	| {kind: 'caa'; flags: number; tag: CharacterString; value: CharacterString}
	| {kind: 'ds'; keyTag: number; algorithm: number; digestType: number; digest: string}
	| {kind: 'dnskey'; flags: number; protocol: number; algorithm: number; publicKey: string}
	| {
			kind: 'rrsig';
			typeCovered: string;
			algorithm: number;
			labels: number;
			originalTtl: number;
			expiration: number;
			inception: number;
			keyTag: number;
			signerName: Name;
			signature: string;
	  }
	| {kind: 'nsec'; next: Name; types: string[]}
	| {kind: 'nsec3'; hashAlgorithm: number; flags: number; iterations: number; salt: string; nextHashed: string; types: string[]}
	| {kind: 'opaque'; hex: string};

export interface ResourceRecord {
	name: Name;
	type: string;
	class: string;
	ttl: number;
	/** The TTL on the wire, only where it has the top bit set and `ttl` is the 0 it is read as (RFC 2181 8). */
	wireTtl?: number;
	data: RData;
}

export type SectionName = 'answer' | 'authority' | 'additional';

export interface Edns {
	version: number;
	udpSize: number;
	dnssecOk: boolean;
	extendedRcode: number;
	options: Array<{code: number; hex: string}>;
}

export interface MessageFlags {
	qr: boolean;
	aa: boolean;
	tc: boolean;
	rd: boolean;
	ra: boolean;
	ad: boolean;
	cd: boolean;
}

export interface Question {
	name: Name;
	type: string;
	class: string;
}

/** A decoded DNS message: what the walk, the analysis and the views read. */
export interface Message {
	id: number;
	opcode: string;
	rcode: string;
	flags: MessageFlags;
	question: Question[];
	answer: ResourceRecord[];
	authority: ResourceRecord[];
	additional: ResourceRecord[];
	edns?: Edns;
}

/**
 * The name a negative answer is about: the question's, or when the reply's CNAME chain led away from it, the chain's
 * last target (RFC 6604: the rcode and the SOA speak of the end of the chain). `records` is the chain, in its order.
 */
export function deniedName(question: string, records: readonly ResourceRecord[]): string {
	const last = records.filter((record) => record.type === 'CNAME').at(-1)?.data;
	return last?.kind === 'name' ? last.target : question;
}
