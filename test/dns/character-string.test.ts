import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {characterStringBytes, characterStringText} from '../../source/dns/character-string.js';
import {decodeMessage, encodeRData} from '../../source/dns/codec.js';
import {presentRecord} from '../../source/dns/present.js';
import type {ResourceRecord} from '../../source/dns/record.js';
import {isUnsafeCharacter} from '../../source/dns/sanitize.js';
import {parseZoneText} from '../../source/dns/zone-text.js';
import {html} from '../../source/html/html-text.js';
import {characterStrings, wireRecord, wireResponse} from '../helpers/wire-writer.js';

const TXT = 16;
const CAA = 257;

/** The one record of a reply whose answer is a record of `type` with exactly these RDATA bytes. */
function decoded(type: number, rdata: Uint8Array): ResourceRecord {
	return decodeMessage(wireResponse(type, [wireRecord(type, rdata)])).answer[0]!;
}

const string = fc.uint8Array({maxLength: 255});
const txtRData = fc.array(string, {minLength: 1, maxLength: 4}).map((strings) => characterStrings(...strings));
const caaRData = fc
	.tuple(fc.integer({min: 0, max: 255}), fc.uint8Array({minLength: 1, maxLength: 255}), fc.uint8Array({maxLength: 300}))
	.map(([flags, tag, value]) => Buffer.concat([Buffer.from([flags, tag.length]), tag, value]));

describe('character-strings are bytes (RFC 1035 3.3), and come back byte for byte', () => {
	it('TXT RDATA decoded and encoded again is the same bytes, whatever they are', () => {
		fc.assert(
			fc.property(txtRData, (rdata) => {
				expect(encodeRData(decoded(TXT, rdata))).toEqual(rdata);
			}),
			{numRuns: 500},
		);
	});

	it('CAA RDATA decoded and encoded again is the same bytes: flags, tag and value', () => {
		fc.assert(
			fc.property(caaRData, (rdata) => {
				expect(encodeRData(decoded(CAA, rdata))).toEqual(rdata);
			}),
			{numRuns: 500},
		);
	});

	it('the text kept for them holds nothing the escaping rule would escape, and reads back as the same bytes', () => {
		fc.assert(
			fc.property(string, (bytes) => {
				const text = characterStringText(bytes);
				expect([...text].filter(isUnsafeCharacter)).toEqual([]);
				expect(characterStringBytes(text)).toEqual(Buffer.from(bytes));
			}),
			{numRuns: 1000},
		);
	});

	it('a TXT record shown is master-file text that reads back as the same bytes (what the lab exports for dnssec-verify)', () => {
		fc.assert(
			fc.property(txtRData, (rdata) => {
				const [read] = parseZoneText(presentRecord(decoded(TXT, rdata)), {source: 'shown'});
				expect(encodeRData(read!)).toEqual(rdata);
			}),
			{numRuns: 500},
		);
	});
});

describe('a TXT record shown as dig shows it', () => {
	const shown = (...strings: Buffer[]) => presentRecord(decoded(TXT, characterStrings(...strings))).split('\t').at(-1);

	it('control bytes as \\DDD', () => {
		expect(shown(Buffer.from([0x61, 0x00, 0x62, 0x07, 0x09, 0x0a, 0x0d, 0x7f]))).toBe('"a\\000b\\007\\009\\010\\013\\127"');
	});

	it('Latin-1 as \\DDD: its bytes are not UTF-8', () => {
		expect(shown(Buffer.from('caf\u00e9', 'latin1'), Buffer.from('Gr\u00fc\u00dfe', 'latin1'))).toBe('"caf\\233" "Gr\\252\\223e"');
	});

	it('readable UTF-8 as itself, with " and \\ escaped', () => {
		expect(shown(Buffer.from('v=spf1 include:_spf.example.com ~all'), Buffer.from('Grüße, 中文, پاکستان 🙂'), Buffer.from('say "hi" \\o/'))).toBe(
			'"v=spf1 include:_spf.example.com ~all" "Grüße, 中文, پاکستان 🙂" "say \\"hi\\" \\\\o/"',
		);
	});

	it('an escape sequence, a C1 control and a bidi override as their bytes, never as themselves', () => {
		const osc = Buffer.from('\u001b]0;pwned\u0007 \u001b[2J');
		const c1 = Buffer.from('\u009b31m');
		const rawCsi = Buffer.from([0x9b, 0x33, 0x31, 0x6d]);
		const bidi = Buffer.from('\u202eevil');
		const text = shown(osc, c1, rawCsi, bidi);
		// The C1 CSI sent as UTF-8 and sent as its one byte are different data, and shown so.
		expect(text).toBe('"\\027]0;pwned\\007 \\027[2J" "\\194\\15531m" "\\15531m" "\\226\\128\\174evil"');
		expect(html`<pre>${presentRecord(decoded(TXT, characterStrings(osc, c1, rawCsi, bidi)))}</pre>`.markup).toBe(`<pre>www.example.\t3600\tIN\tTXT\t${text!.replaceAll('"', '&quot;')}</pre>`);
	});

	it('a space other than the ASCII one as its bytes: a no-break space in an SPF record reads as the space that works', () => {
		expect(shown(Buffer.from('v=spf1\u00a0include:_spf.example.com ~all'), Buffer.from('a\u3000b\u2007c'))).toBe('"v=spf1\\194\\160include:_spf.example.com ~all" "a\\227\\128\\128b\\226\\128\\135c"');
	});

	it('a noncharacter as its bytes: a terminal draws nothing for it, and "x" would look like "x" and U+FFFE', () => {
		expect(shown(Buffer.from('x'), Buffer.from('x\ufffe'), Buffer.from('\u{10ffff}\ufdd0'))).toBe('"x" "x\\239\\191\\190" "\\244\\143\\191\\191\\239\\183\\144"');
	});
});

describe('a CAA record shown', () => {
	it('has its value quoted as a TXT string is, its bytes kept', () => {
		const value = Buffer.concat([Buffer.from('letsencrypt.org; x='), Buffer.from([0xe9, 0x1b])]);
		const record = decoded(CAA, Buffer.concat([Buffer.from([128, 5]), Buffer.from('issue'), value]));
		expect(record.data).toEqual({kind: 'caa', flags: 128, tag: 'issue', value: 'letsencrypt.org; x=\\233\\027'});
		expect(presentRecord(record)).toBe('www.example.\t3600\tIN\tCAA\t128 issue "letsencrypt.org; x=\\233\\027"');
	});
});
