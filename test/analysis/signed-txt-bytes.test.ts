import {describe, expect, it} from 'vitest';
import {newBudget, verifyRRset} from '../../source/analysis/dnssec/verify-rrset.js';
import {decodeMessage} from '../../source/dns/codec.js';
import {generateSigningKey} from '../../source/dns/dnssec.js';
import {presentRecord} from '../../source/dns/present.js';
import {dnskeyRecord} from '../../source/lab/signer.js';
import {characterStrings, u16, u32, wireName, wireRecord, wireResponse} from '../helpers/wire-writer.js';

/*
 * RFC 1035 3.3: a character-string is bytes. A TXT RRset whose strings are Latin-1, or not text at all, signed as
 * any signer signs it: the message and the signed data (RFC 4034 3.1.8.1) are written here byte by byte, sharing
 * no code with the codec, so the signature is over the bytes the server sent.
 */

const key = generateSigningKey(13, 257);
const window = {inception: 1_000, expiration: 4_000_000_000};
const NOW = 2_000_000;
const TXT = 16;
const RRSIG = 46;

/** "café" in Latin-1; every byte from 0x80 to 0xff; UTF-8 that is not (an overlong slash, a surrogate, a cut sequence). */
const LATIN_1 = Buffer.from('caf\u00e9', 'latin1');
const HIGH_BYTES = Buffer.from(Array.from({length: 128}, (_, index) => 0x80 + index));
const INVALID_UTF8 = Buffer.from([0x61, 0xc0, 0xaf, 0x62, 0xed, 0xa0, 0x80, 0x63, 0xe2, 0x82]);
const TXT_RDATAS = [characterStrings(LATIN_1, HIGH_BYTES), characterStrings(INVALID_UTF8), characterStrings(Buffer.from('v=spf1 -all'))];

/** The RRset and its RRSIG by `key` (algorithm 13, labels 2, signer example.), over the RDATA in canonical order. */
function signedResponse(rdatas: Buffer[]): Uint8Array {
	const fields = Buffer.concat([u16(TXT), Buffer.from([13, 2]), u32(3600), u32(window.expiration), u32(window.inception), u16(key.tag), wireName('example')]);
	const signed = Buffer.concat([fields, ...[...rdatas].sort(Buffer.compare).map((rdata) => wireRecord(TXT, rdata))]);
	return wireResponse(TXT, [...rdatas.map((rdata) => wireRecord(TXT, rdata)), wireRecord(RRSIG, Buffer.concat([fields, key.sign(signed)]))]);
}

describe('a signed TXT RRset whose strings are bytes that are not UTF-8', () => {
	const {answer} = decodeMessage(signedResponse(TXT_RDATAS));
	const txt = answer.filter((each) => each.type === 'TXT');
	const signatures = answer.filter((each) => each.type === 'RRSIG');

	it('validates: the signed data is made again from the bytes the server sent', () => {
		expect(verifyRRset(txt, signatures, [dnskeyRecord('example.', key)], 'example.', NOW, newBudget()).verdict).toBe('valid');
	});

	it('is still judged invalid when one byte of one string differs from what was signed', () => {
		const tampered = signedResponse(TXT_RDATAS);
		const at = Buffer.from(tampered).indexOf(HIGH_BYTES) + 5;
		tampered[at] = tampered[at]! ^ 1;
		const decoded = decodeMessage(tampered).answer;
		expect(verifyRRset(decoded.filter((each) => each.type === 'TXT'), signatures, [dnskeyRecord('example.', key)], 'example.', NOW, newBudget()).verdict).toBe('invalid');
	});

	it('is shown as dig shows it: each byte that is not readable text as \\DDD', () => {
		expect(txt.map(presentRecord)).toEqual([
			`www.example.\t3600\tIN\tTXT\t"caf\\233" "${Array.from(HIGH_BYTES, (byte) => `\\${byte}`).join('')}"`,
			'www.example.\t3600\tIN\tTXT\t"a\\192\\175b\\237\\160\\128c\\226\\130"',
			'www.example.\t3600\tIN\tTXT\t"v=spf1 -all"',
		]);
	});
});
