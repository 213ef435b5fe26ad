import {execFileSync} from 'node:child_process';
import {mkdtempSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {beforeAll, describe, expect, it} from 'vitest';
import {combineTrustAnchors, parseTrustAnchors} from '../../source/analysis/dnssec/trust-anchors.js';
import {dnskeyRData, dsDigest, keyTag} from '../../source/dns/dnssec.js';
import type {ResourceRecord} from '../../source/dns/record.js';
import {missingTools, titled} from '../helpers/tools.js';

/** Owner, type, and the fields a validator matches on: tag, algorithm, digest type and digest (or flags for a key). */
function summary(record: ResourceRecord): string {
	const {data} = record;
	if (data.kind === 'ds') return `${record.name} DS ${data.keyTag} ${data.algorithm} ${data.digestType} ${data.digest}`;
	if (data.kind === 'dnskey') return `${record.name} DNSKEY ${data.flags} ${data.algorithm} tag ${tagOf(record)}`;
	return `${record.name} ${record.type} ?`;
}

function tagOf(record: ResourceRecord): number {
	if (record.data.kind !== 'dnskey') throw new Error('not a DNSKEY');
	return keyTag(dnskeyRData({...record.data, publicKey: Buffer.from(record.data.publicKey, 'base64')}));
}

const ROOT_DS = 'E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D';
const ROOT_DS_2024 = '683D2D0ACB8C9B712A1948B27F741219298D0A450D612C483AF444A4C0FB2B16';
// The root's KSK-2017 (20326), as IANA publishes it.
const ROOT_KEY = `AwEAAaz/tAm8yTn4Mfeh5eyI96WSVexTBAvkMgJzkKTOiW1vkIbzxeF3+/4RgWOq7HrxRixHlFlExOLAJr5emLvN7SWXgnLh4+B5xQlNVz8Og8kvArMtNROxVQuCaSnIDdD5LKyWbRd2n9WGe2R8PzgCmr3EgVLrjyBxWezF0jLHwVN8efS3rCj/EWgvIWgb9tarpVUDK/b58Da+sqqls3eNbuv7pr+eoZG+SrDK6nWeL3c6H5Apxz7LjVc1uTIdsIXxuOLYA4/ilBmSVIzuDWfdRUfhHdY6+cn8HFRm+2hM8AnXGXws9555KrUB5qihylGa8subX2Nn6UwNR1AkUTV74bU=`;
const digest = (text: string) => text.toLowerCase();

describe('trust-anchor files in presentation format', () => {
	it('reads algorithm mnemonics in DNSKEY and DS records, and digest names', () => {
		const anchors = parseTrustAnchors(
			`. IN DNSKEY 257 3 RSASHA256 ${ROOT_KEY}
. IN DS 20326 RSASHA256 SHA-256 ${ROOT_DS}
. IN DS 38696 rsasha256 sha256 ${ROOT_DS_2024}
`,
			'root.anchor',
		);
		expect(anchors.records.map(summary)).toEqual(['. DNSKEY 257 8 tag 20326', `. DS 20326 8 2 ${digest(ROOT_DS)}`, `. DS 38696 8 2 ${digest(ROOT_DS_2024)}`]);
	});

	it('knows every IANA algorithm mnemonic, the ones it cannot validate included', () => {
		const mnemonics = {RSAMD5: 1, DH: 2, DSA: 3, RSASHA1: 5, 'DSA-NSEC3-SHA1': 6, 'RSASHA1-NSEC3-SHA1': 7, RSASHA256: 8, RSASHA512: 10, 'ECC-GOST': 12, ECDSAP256SHA256: 13, ECDSAP384SHA384: 14, ED25519: 15, ED448: 16, PRIVATEDNS: 253, PRIVATEOID: 254};
		const text = Object.keys(mnemonics)
			.map((mnemonic, index) => `example. IN DS ${index + 1} ${mnemonic} 2 ${ROOT_DS}`)
			.join('\n');
		expect(parseTrustAnchors(text, 'all.ds').records.map((record) => (record.data.kind === 'ds' ? record.data.algorithm : 0))).toEqual(Object.values(mnemonics));
	});

	it('reads $TTL, $ORIGIN, @, relative owners, omitted TTL and class, comments and records over several lines', () => {
		const anchors = parseTrustAnchors(
			`; islands of trust for the lab
$TTL 1d
$ORIGIN example.
@ DS 12345 ECDSAP256SHA256 2 ( 4961AC38D2E56A756A6C499A6035A853   ; first half
                              F473CD38CFF9A07D6812082AC64C4A0C ) ; second half
internal 3600 IN DNSKEY 257 3 8 (
    ${ROOT_KEY.slice(0, 100)}
    ${ROOT_KEY.slice(100)} ) ; the root's key, re-used
`,
			'islands.anchor',
		);
		expect(anchors.records.map(summary)).toEqual(['example. DS 12345 13 2 4961ac38d2e56a756a6c499a6035a853f473cd38cff9a07d6812082ac64c4a0c', 'internal.example. DNSKEY 257 8 tag 20326']);
		expect(anchors.records.map((record) => record.ttl)).toEqual([86_400, 3600]);
	});

	it('refuses, naming the file and the line, what anchors nothing', () => {
		const refused = (text: string) => {
			try {
				parseTrustAnchors(text, 'my.anchor');
			} catch (error) {
				return (error as Error).message;
			}
			return 'accepted';
		};
		expect(refused(`. IN DS 20326 8 2 ${ROOT_DS}\nexample. IN NS ns1.example.\n`)).toBe('my.anchor line 2: an NS record is not a trust anchor (give DS or DNSKEY records)');
		expect(refused(`. IN DS 20326 8 2 ${ROOT_DS.slice(2)}`)).toBe('my.anchor line 1: a DS digest of type 2 (SHA-256) is 32 bytes; this one is 31');
		expect(refused(`. IN DS 20326 8 1 ${ROOT_DS}`)).toBe('my.anchor line 1: a DS digest of type 1 (SHA-1) is 20 bytes; this one is 32');
		expect(refused(`. IN DS 20326 8 2 ${ROOT_DS.slice(1)}Z`)).toBe('my.anchor line 1: the DS digest is not hexadecimal bytes');
		expect(refused(`\n\n. IN DNSKEY 1 3 8 ${ROOT_KEY}`)).toBe('my.anchor line 3: a DNSKEY with flags 1 is no zone key (the Zone Key bit, 256, is not set)');
		expect(refused(`. IN DNSKEY 385 3 8 ${ROOT_KEY}`)).toBe('my.anchor line 1: a DNSKEY with flags 385 is revoked (bit 128, RFC 5011): it anchors nothing');
		expect(refused(`. IN DNSKEY 257 2 8 ${ROOT_KEY}`)).toBe('my.anchor line 1: a DNSKEY with protocol 2: DNSSEC keys are protocol 3');
		expect(refused(`. IN DNSKEY 257 3 8 not*base64`)).toBe('my.anchor line 1: the DNSKEY public key is not base64');
		expect(refused(`. IN DS 20326 RSASHA9 2 ${ROOT_DS}`)).toBe('my.anchor line 1: "RSASHA9" is not a DNSSEC algorithm (a number to 255 or a mnemonic such as RSASHA256)');
		expect(refused(`. IN DS 20326 8 0x2 ${ROOT_DS}`)).toBe('my.anchor line 1: "0x2" is not a DS digest type (a number to 255 or a name such as SHA-256)');
		expect(refused('; nothing but a comment\n')).toBe('my.anchor: no DS or DNSKEY records');
	});

	it('combines several files, each named in the source', () => {
		const root = parseTrustAnchors(`. IN DS 20326 8 2 ${ROOT_DS}`, 'root.ds');
		const island = parseTrustAnchors(`example. IN DNSKEY 257 3 8 ${ROOT_KEY}`, 'example.key');
		expect(combineTrustAnchors([root, island])).toMatchObject({source: 'root.ds, example.key', records: [{name: '.', type: 'DS'}, {name: 'example.', type: 'DNSKEY'}]});
	});
});

describe("BIND's trust-anchor blocks", () => {
	it('reads trust-anchors with every kind, names quoted or not, keys split over lines, and all three comment styles', () => {
		const anchors = parseTrustAnchors(
			`/* As bind.keys writes it,
   with a comment over lines. */
trust-anchors {
	# KSK-2017
	. initial-key 257 3 8 "${ROOT_KEY.slice(0, 60)}
		${ROOT_KEY.slice(60, 200)}
		${ROOT_KEY.slice(200)}";
	"." initial-ds 20326 8 2 "E06D44B80B8F1D39A95C0B0D7C65D084 58E880409BBC683457104237C7F8EC8D";  // split digest
	"example.com" static-ds 12345 ECDSAP256SHA256 2 "4961AC38D2E56A756A6C499A6035A853F473CD38CFF9A07D6812082AC64C4A0C";
	internal.example static-key 257 3 RSASHA256 "${ROOT_KEY}";
};
`,
			'named.conf',
		);
		expect(anchors.records.map(summary)).toEqual([
			'. DNSKEY 257 8 tag 20326',
			`. DS 20326 8 2 ${digest(ROOT_DS)}`,
			'example.com. DS 12345 13 2 4961ac38d2e56a756a6c499a6035a853f473cd38cff9a07d6812082ac64c4a0c',
			'internal.example. DNSKEY 257 8 tag 20326',
		]);
	});

	it('reads the older managed-keys and trusted-keys blocks, several in one file', () => {
		const anchors = parseTrustAnchors(
			`managed-keys {
	"." initial-key 257 3 8 "${ROOT_KEY}";
};
trusted-keys {
	"example." 257 3 8 "${ROOT_KEY}";
	"other.example." 257 3 8 "${ROOT_KEY}";
};
`,
			'named.conf',
		);
		expect(anchors.records.map(summary)).toEqual(['. DNSKEY 257 8 tag 20326', 'example. DNSKEY 257 8 tag 20326', 'other.example. DNSKEY 257 8 tag 20326']);
	});

	it('names the line of what it cannot read', () => {
		const refused = (text: string) => {
			try {
				parseTrustAnchors(text, 'named.conf');
			} catch (error) {
				return (error as Error).message;
			}
			return 'accepted';
		};
		expect(refused(`trust-anchors {\n\t"." initial-ds 20326 8 2 "${ROOT_DS}";\n};\noptions { directory "/var"; };\n`)).toBe('named.conf line 4: "options" is not a trust-anchors, managed-keys or trusted-keys block');
		expect(refused(`trust-anchors {\n\t"." 20326 8 2 "${ROOT_DS}";\n};\n`)).toBe('named.conf line 2: expected initial-key, static-key, initial-ds or static-ds after ".", found "20326"');
		expect(refused(`trust-anchors {\n\t"." initial-ds 20326 8 2 "${ROOT_DS}"\n};\n`)).toBe('named.conf line 3: expected ";" after the "." entry, found "}"');
		expect(refused(`trust-anchors {\n\n\t"." static-ds 20326 8 2 "${ROOT_DS.slice(4)}";\n};\n`)).toBe('named.conf line 3: a DS digest of type 2 (SHA-256) is 32 bytes; this one is 30');
		expect(refused(`trust-anchors {\n\t"." initial-key 257 3 8 "${ROOT_KEY};\n};\n`)).toBe('named.conf line 2: a quoted string that never ends');
		expect(refused(`/* never closed\ntrust-anchors { };`)).toBe('named.conf line 1: a "/*" comment that never ends');
		expect(refused('trust-anchors { };\n')).toBe('named.conf: no DS or DNSKEY records');
	});
});

const missing = missingTools('dnssec-keygen', 'dnssec-dsfromkey');

describe.skipIf(missing)(titled('the files dnssec-keygen and dnssec-dsfromkey write', missing), () => {
	// The algorithms BIND here can make keys for; each .key file's name carries the key's algorithm and tag.
	const algorithms = ['RSASHA1', 'NSEC3RSASHA1', 'RSASHA256', 'RSASHA512', 'ECDSAP256SHA256', 'ECDSAP384SHA384', 'ED25519', 'ED448'];
	let keys: Array<{file: string; algorithm: number; tag: number}> = [];
	beforeAll(() => {
		const dir = mkdtempSync(path.join(tmpdir(), 'digdeeper-keygen-'));
		keys = algorithms.map((algorithm) => {
			const base = execFileSync('dnssec-keygen', ['-q', '-K', dir, '-a', algorithm, '-f', 'KSK', 'example.com'], {encoding: 'utf8'}).trim();
			const [, alg, tag] = /\+(\d{3})\+(\d{5})$/u.exec(base)!;
			return {file: path.join(dir, `${base}.key`), algorithm: Number(alg), tag: Number(tag)};
		});
	});

	it('reads each .key file as the key its name says, comments and all', () => {
		expect(keys.map((key) => key.algorithm)).toEqual([5, 7, 8, 10, 13, 14, 15, 16]);
		for (const key of keys) {
			const text = readFileSync(key.file, 'utf8');
			expect(text).toMatch(/^; This is a key-signing key/u);
			const [record] = parseTrustAnchors(text, key.file).records;
			expect(summary(record!)).toBe(`example.com. DNSKEY 257 ${key.algorithm} tag ${key.tag}`);
		}
	});

	it('reads the .ds files dnssec-dsfromkey writes, their digests those of the keys (SHA-256 and SHA-384)', () => {
		for (const key of keys) {
			const [dnskey] = parseTrustAnchors(readFileSync(key.file, 'utf8'), key.file).records;
			const rdata = dnskey!.data.kind === 'dnskey' ? dnskeyRData({...dnskey!.data, publicKey: Buffer.from(dnskey!.data.publicKey, 'base64')}) : Buffer.alloc(0);
			// One file with both digests, as `dnssec-dsfromkey -a SHA-256 -a SHA-384` prints it.
			const ds = execFileSync('dnssec-dsfromkey', ['-a', 'SHA-256', '-a', 'SHA-384', key.file], {encoding: 'utf8'});
			expect(parseTrustAnchors(ds, `${key.file}.ds`).records.map(summary)).toEqual(
				[2, 4].map((digestType) => `example.com. DS ${key.tag} ${key.algorithm} ${digestType} ${dsDigest('example.com.', rdata, digestType)!.toString('hex')}`),
			);
		}
	});
});
