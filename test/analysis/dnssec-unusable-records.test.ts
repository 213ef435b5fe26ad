import {describe, expect, it} from 'vitest';
import {checkDenial, createNsec3Hasher} from '../../source/analysis/dnssec/denial.js';
import {newBudget, tagOf, verifyRRset} from '../../source/analysis/dnssec/verify-rrset.js';
import {signedData} from '../../source/dns/canonical.js';
import {decodeMessage, encodeMessage} from '../../source/dns/codec.js';
import {generateSigningKey, keyProblem} from '../../source/dns/dnssec.js';
import type {Message, ResourceRecord} from '../../source/dns/record.js';
import {dnskeyRecord, signRRset} from '../../source/lab/signer.js';

/*
 * Records the wire keeps (they are well formed) but that can never prove anything: each is judged by the validator
 * with a reason that says why, and none crashes it, costs it a verification, or passes for a proof.
 */

const key = generateSigningKey(13, 257);
const window = {inception: 1_000, expiration: 4_000_000_000};
const NOW = 2_000_000;
const www: ResourceRecord[] = [{name: 'www.example.', type: 'A', class: 'IN', ttl: 3600, data: {kind: 'address', address: '192.0.2.1'}}];
type RRSIG = Extract<ResourceRecord['data'], {kind: 'rrsig'}>;

describe('an RRSIG whose labels field is larger than its owner\'s label count (RFC 4035 5.3.1)', () => {
	// A signature made over exactly those fields: the signer signed labels 3 for a name of 2.
	const fields = {typeCovered: 'A', algorithm: 13, labels: 3, originalTtl: 3600, expiration: window.expiration, inception: window.inception, keyTag: key.tag, signerName: 'example.'};
	const overLabelled: ResourceRecord = {name: 'www.example.', type: 'RRSIG', class: 'IN', ttl: 3600, data: {kind: 'rrsig', ...fields, signature: key.sign(signedData(fields, www)).toString('base64')}};

	it('is a bogus signature with that reason, although its bytes verify, and costs no verification', () => {
		const budget = newBudget();
		const verdict = verifyRRset(www, [overLabelled], [dnskeyRecord('example.', key)], 'example.', NOW, budget);
		expect(verdict).toEqual({verdict: 'invalid', expiration: window.expiration, keyTags: [key.tag], detail: `the RRSIG by key ${key.tag} has a labels field (3) larger than the owner's 2 (www.example.): it can never verify`, rule: 'RFC 4035 §5.3.1'});
		expect(budget.remaining).toBe(newBudget().remaining);
	});

	it('does not hide a good signature beside it', () => {
		const verdict = verifyRRset(www, [overLabelled, signRRset(www, 'example.', key, window)], [dnskeyRecord('example.', key)], 'example.', NOW, newBudget());
		expect(verdict.verdict).toBe('valid');
	});
});

describe('a DNSKEY whose key no key of its algorithm can be', () => {
	it('says why, per algorithm and per RSA layout (RFC 6605, RFC 8080, RFC 3110)', () => {
		const problems = [
			[13, 63, 'its key is 63 bytes; algorithm 13 keys are 64'],
			[14, 64, 'its key is 64 bytes; algorithm 14 keys are 96'],
			[15, 33, 'its key is 33 bytes; algorithm 15 keys are 32'],
			[16, 32, 'its key is 32 bytes; algorithm 16 keys are 57'],
		] as const;
		for (const [algorithm, size, problem] of problems) expect(keyProblem(algorithm, new Uint8Array(size))).toBe(problem);
		expect(keyProblem(8, Uint8Array.of(200, 1, 2, 3))).toBe('its RSA exponent length, 200, runs 197 bytes past the key');
		expect(keyProblem(8, Uint8Array.of(0, 1))).toBe('its key of 2 bytes is cut short in the exponent length');
		expect(keyProblem(8, Uint8Array.of(0, 0, 3, 1, 0, 1))).toBe('its RSA modulus is empty');
		expect(keyProblem(8, Uint8Array.of(0, 0, 0, 9))).toBe('its RSA exponent is empty');
		expect(keyProblem(8, Uint8Array.of(3, 1, 0, 1, 0xc5))).toBeUndefined();
		// Keys a validator refuses because one check by them costs as much as a hundred (BIND: over 35 exponent bits;
		// RFC 5702: over 4096 modulus bits). A leading zero byte counts for nothing; 65537 and 35 bits still pass.
		const rsa = (exponent: Uint8Array, modulus: Uint8Array) => Uint8Array.from([0, exponent.length >> 8, exponent.length & 0xff, ...exponent, ...modulus]);
		const modulus = (bits: number) => Uint8Array.from({length: Math.ceil(bits / 8)}, (_, index) => (index === 0 ? 1 << ((bits - 1) % 8) : 0xab));
		expect(keyProblem(8, rsa(Uint8Array.of(1, 0, 1), modulus(2048)))).toBeUndefined();
		expect(keyProblem(8, rsa(Uint8Array.of(0, 4, 0, 0, 1), modulus(2048)))).toBeUndefined();
		expect(keyProblem(8, rsa(Uint8Array.of(8, 0, 0, 0, 1), modulus(2048)))).toBe('its RSA exponent is 36 bits; validators refuse over 35 (BIND)');
		expect(keyProblem(10, rsa(Uint8Array.from({length: 383}, () => 0xff), modulus(3072)))).toBe('its RSA exponent is 3064 bits; validators refuse over 35 (BIND)');
		expect(keyProblem(8, rsa(Uint8Array.of(1, 0, 1), modulus(4096)))).toBeUndefined();
		expect(keyProblem(8, rsa(Uint8Array.of(1, 0, 1), modulus(4097)))).toBe('its RSA modulus is 4097 bits; RFC 5702 allows 4096 at most');
		expect(keyProblem(13, key.publicKey)).toBeUndefined();
		// An algorithm we do not know has no rule: its key is never tried anyway.
		expect(keyProblem(253, new Uint8Array(1))).toBeUndefined();
	});

	it('fails a signature that names it with that reason, not as a signature that does not verify', () => {
		const broken: ResourceRecord = {...dnskeyRecord('example.', key), data: {kind: 'dnskey', flags: 257, protocol: 3, algorithm: 13, publicKey: key.publicKey.subarray(0, 63).toString('base64')}};
		const signature = signRRset(www, 'example.', key, window);
		const naming: ResourceRecord = {...signature, data: {...(signature.data as RRSIG), keyTag: tagOf(broken)}};
		const budget = newBudget();
		expect(verifyRRset(www, [naming], [broken], 'example.', NOW, budget)).toEqual({
			verdict: 'invalid',
			expiration: window.expiration,
			keyTags: [tagOf(broken)],
			detail: `DNSKEY ${tagOf(broken)} can verify no signature: its key is 63 bytes; algorithm 13 keys are 64`,
			rule: 'RFC 4035 §5.3.3',
		});
		expect(budget.remaining).toBe(newBudget().remaining);
	});
});

describe('a TTL with its top bit set, read as 0, leaves the signature over the original TTL intact', () => {
	it('validates, and no record keeps the 2^31 + 3600 it was sent with', () => {
		const signature = signRRset(www, 'example.', key, window);
		const sent: Message = {
			id: 1,
			opcode: 'QUERY',
			rcode: 'NOERROR',
			flags: {qr: true, aa: true, tc: false, rd: false, ra: false, ad: false, cd: false},
			question: [{name: 'www.example.', type: 'A', class: 'IN'}],
			answer: [{...www[0]!, ttl: 0x8000_0e10}, {...signature, ttl: 0x8000_0e10}],
			authority: [],
			additional: [],
		};
		const {answer} = decodeMessage(encodeMessage(sent));
		expect(answer.map((record) => record.ttl)).toEqual([0, 0]);
		expect((answer[1]!.data as RRSIG).originalTtl).toBe(3600);
		expect(verifyRRset([answer[0]!], [answer[1]!], [dnskeyRecord('example.', key)], 'example.', NOW, newBudget()).verdict).toBe('valid');
	});
});

describe('denial proofs from records that cannot prove', () => {
	const hasher = createNsec3Hasher();
	const nsec3At = (name: string, hashAlgorithm: number, types: string[]): ResourceRecord => ({
		name: `${hasher.hash(name, '', 0)}.example.`,
		type: 'NSEC3',
		class: 'IN',
		ttl: 3600,
		data: {kind: 'nsec3', hashAlgorithm, flags: 0, iterations: 0, salt: '', nextHashed: 'v'.repeat(32), types},
	});

	it('NSEC3 of an unknown hash algorithm is ignored (RFC 5155 8.1): alone it proves nothing, and says why', () => {
		const check = checkDenial([nsec3At('www.example.', 2, ['A', 'RRSIG'])], 'example.', 'www.example.', 'AAAA', 'nodata', hasher);
		expect(check).toEqual({ok: false, detail: 'its NSEC3 records use only unknown hash algorithm 2, which validators ignore (RFC 5155 8.1)'});
	});

	it('NSEC3 of an unknown hash algorithm does not spoil the SHA-1 proof beside it, nor count against it', () => {
		const authority = [nsec3At('www.example.', 2, ['AAAA']), nsec3At('www.example.', 1, ['A', 'RRSIG'])];
		expect(checkDenial(authority, 'example.', 'www.example.', 'AAAA', 'nodata', hasher)).toEqual({ok: true, atName: true, detail: 'the NSEC3 for www.example. shows no AAAA'});
	});

	const nsec = (owner: string, next: string): ResourceRecord => ({name: owner, type: 'NSEC', class: 'IN', ttl: 3600, data: {kind: 'nsec', next, types: []}});

	it('NSEC with an empty type bit map: at the name it denies every type, as BIND and Unbound read it (its signature vouches for it)', () => {
		expect(checkDenial([nsec('b.example.', 'c.example.')], 'example.', 'b.example.', 'A', 'nodata', hasher)).toEqual({ok: true, atName: true, detail: 'the NSEC at b.example. shows no A'});
	});

	it('NSEC with an empty type bit map proves nothing about another name, nor that its own name does not exist', () => {
		expect(checkDenial([nsec('a.example.', 'c.example.')], 'example.', 'b.example.', 'A', 'nodata', hasher)).toEqual({ok: false, detail: 'no NSEC at b.example.'});
		expect(checkDenial([nsec('b.example.', 'c.example.')], 'example.', 'b.example.', 'A', 'nxdomain', hasher)).toEqual({ok: false, detail: 'no NSEC covers b.example.'});
		// Covering is read from the owner and next names only: empty bit maps still deny a name and its wildcard.
		expect(checkDenial([nsec('a.example.', 'c.example.'), nsec('example.', 'a.example.')], 'example.', 'b.example.', 'A', 'nxdomain', hasher)).toEqual({ok: true, detail: 'NSEC a.example. → c.example. covers b.example., and *.example. is denied'});
	});
});
