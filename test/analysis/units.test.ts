import {describe, expect, it} from 'vitest';
import {serialDistance} from '../../source/analysis/compare-serials.js';
import {describeLag} from '../../source/analysis/serial-age.js';
import {ianaRootAnchors, parseTrustAnchors} from '../../source/analysis/dnssec/trust-anchors.js';
import {newBudget, verifyRRset} from '../../source/analysis/dnssec/verify-rrset.js';
import {generateSigningKey} from '../../source/dns/dnssec.js';
import type {ResourceRecord} from '../../source/dns/record.js';
import {dnskeyRecord, signRRset} from '../../source/lab/signer.js';

describe('serial arithmetic (RFC 1982)', () => {
	it('measures how far one serial is behind another', () => {
		expect(serialDistance(2024020712, 2024020312)).toBe(400);
		expect(serialDistance(2024020312, 2024020712)).toBe(-400);
	});

	it('treats a serial that wrapped past 2^32 as newer', () => {
		expect(serialDistance(5, 4_294_967_290)).toBe(11);
		expect(serialDistance(4_294_967_290, 5)).toBe(-11);
	});
});

describe('how far behind a serial is', () => {
	it('says the age where the serials are dates or timestamps, and only the count where they are counters', () => {
		expect(describeLag(2024010100, 2024020100, 10_000)).toBe('10000 behind, about a month');
		expect(describeLag(2024020312, 2024020712, 400)).toBe('400 behind, 4 days');
		expect(describeLag(2024020703, 2024020712, 9)).toBe('9 behind, the same day');
		expect(describeLag(1707301200, 1707301500, 300)).toBe('300 behind, about 5 minutes');
		expect(describeLag(17, 42, 25)).toBe('25 behind');
	});
});

describe('trust anchors', () => {
	it('carries both IANA root KSKs', () => {
		expect(ianaRootAnchors().records.map((record) => (record.data.kind === 'ds' ? record.data.keyTag : 0))).toEqual([20_326, 38_696]);
	});

	it('reads DS records as dnssec-dsfromkey prints them', () => {
		const anchors = parseTrustAnchors('. IN DS 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D\n', 'ds.txt');
		expect(anchors.records[0]).toMatchObject({name: '.', type: 'DS', data: {keyTag: 20_326, algorithm: 8, digestType: 2}});
	});

	it('reads DNSKEY records', () => {
		const anchors = parseTrustAnchors('example. 3600 IN DNSKEY 257 3 13 hLG2BTCfIdVmeXIQnuY7gXyvN7k6ZMgJmNW1lDH+xlHmW7Ho3CMVH+yz8bdmowkwSPi2UuZ90k+jDF7RE6NOuA==', 'key.txt');
		expect(anchors.records[0]).toMatchObject({name: 'example.', type: 'DNSKEY', data: {flags: 257, algorithm: 13}});
	});

	it("reads BIND's trust-anchors block", () => {
		const anchors = parseTrustAnchors(
			'trust-anchors {\n\t"." initial-ds 20326 8 2 "E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D";\n\t"example." static-key 257 3 13 "hLG2BTCfIdVmeXIQnuY7gXyvN7k6ZMgJmNW1 lDH+xlHmW7Ho3CMVH+yz8bdmowkwSPi2UuZ90k+jDF7RE6NOuA==";\n};\n',
			'named.conf',
		);
		expect(anchors.records.map((record) => `${record.name} ${record.type}`)).toEqual(['. DS', 'example. DNSKEY']);
	});

	it('rejects a file with no anchors', () => {
		expect(() => parseTrustAnchors('example. 60 IN A 192.0.2.1', 'bad')).toThrow('bad line 1: an A record is not a trust anchor (give DS or DNSKEY records)');
	});
});

describe('the KeyTrap bound', () => {
	it('stops after a few signature checks per RRset however many signatures claim one key, and says so', () => {
		const key = generateSigningKey(13, 257);
		const rrset: ResourceRecord[] = [{name: 'example.', type: 'A', class: 'IN', ttl: 60, data: {kind: 'address', address: '192.0.2.1'}}];
		const window = {inception: 1_000, expiration: 4_000_000_000};
		const good = signRRset(rrset, 'example.', key, window);
		const forged = Array.from({length: 500}, (_, index): ResourceRecord => ({...good, data: {...(good.data as Extract<ResourceRecord['data'], {kind: 'rrsig'}>), signature: Buffer.alloc(64, index % 256).toString('base64')}}));
		const budget = newBudget();
		const started = performance.now();
		const verdict = verifyRRset(rrset, [...forged, good], [dnskeyRecord('example.', key)], 'example.', 2_000_000, budget);
		expect(verdict.verdict).toBe('limit');
		expect(budget.exhausted).toBe(true);
		expect(budget.remaining).toBe(4000 - 8);
		expect(performance.now() - started).toBeLessThan(500);
	});

	it("verifies another server's copy of an RRset once, and a copy with other data again", () => {
		const key = generateSigningKey(13, 257);
		const record = (address: string): ResourceRecord => ({name: 'example.', type: 'A', class: 'IN', ttl: 60, data: {kind: 'address', address}});
		const signature = signRRset([record('192.0.2.1')], 'example.', key, {inception: 1_000, expiration: 4_000_000_000});
		const keys = [dnskeyRecord('example.', key)];
		const budget = newBudget();
		// Each server's reply is decoded into records of its own: equal, not the same objects.
		const copies = [0, 1, 2].map(() => verifyRRset([record('192.0.2.1')], [structuredClone(signature)], structuredClone(keys), 'example.', 2_000_000, budget));
		expect(copies.map((verdict) => verdict.verdict)).toEqual(['valid', 'valid', 'valid']);
		expect(budget.remaining).toBe(4000 - 1);
		// A server that sends the same signature over other data is checked, and fails.
		expect(verifyRRset([record('192.0.2.66')], [signature], keys, 'example.', 2_000_000, budget).verdict).toBe('invalid');
		expect(budget.remaining).toBe(4000 - 2);
	});

	it('spends the budget on a copy in another order or case as on the same copy: the signed data is the same', () => {
		const key = generateSigningKey(13, 257);
		const ns = (target: string): ResourceRecord => ({name: 'example.', type: 'NS', class: 'IN', ttl: 60, data: {kind: 'name', target}});
		const signature = signRRset([ns('a.example.'), ns('b.example.')], 'example.', key, {inception: 1_000, expiration: 4_000_000_000});
		const keys = [dnskeyRecord('example.', key)];
		const budget = newBudget();
		expect(verifyRRset([ns('a.example.'), ns('b.example.')], [signature], keys, 'example.', 2_000_000, budget).verdict).toBe('valid');
		expect(budget.remaining).toBe(4000 - 1);
		// Servers rotate an RRset (BIND's default order is random) and may send names in RDATA in another case: the
		// canonical form (RFC 4034 6.3) is the same, so is the verification, and so is the verdict once the budget is spent.
		budget.remaining = 0;
		expect(verifyRRset([ns('b.example.'), ns('a.example.')], [signature], keys, 'example.', 2_000_000, budget).verdict).toBe('valid');
		expect(verifyRRset([ns('A.Example.'), ns('b.example.')], [signature], keys, 'example.', 2_000_000, budget).verdict).toBe('valid');
		expect(budget.exhausted).toBe(false);
	});
});
