/*
 * When every query with EDNS to a server goes unanswered (a middlebox that drops OPT, or two datagrams lost in a row),
 * the querier asks once more without EDNS, and takes that answer. Asked without EDNS, there is no DO bit, and a signed
 * zone's server rightly sends no RRSIG, NSEC or NSEC3. A break test on a lossy network saw those answers judged as
 * DNSSEC evidence: RRSIG_MISSING for every RRset of a server that signs them all, DENIAL_INVALID, and once a "bogus"
 * verdict for com. (its DNSKEY set, fetched without signatures, "validated by no signature").
 */
import {describe, expect, it} from 'vitest';
import {withAnalysis} from '../../source/analysis/analyze.js';
import {buildWorld, type ServerSpec} from '../../source/lab/world.js';
import {labTrace} from '../helpers/lab.js';

/**
 * A signed root, TLD one. and zone x.one.: x.one.'s second server drops queries with EDNS (`x`), or its first, the
 * one whose answer the walk follows (`x-first`), or both (`both-x`), or one.'s second (`tld`); or both of x.one.'s
 * reject EDNS with FORMERR (`reject-x`).
 */
function world(dropping: 'x' | 'x-first' | 'tld' | 'both-x' | 'reject-x') {
	const drops = (which: boolean): Partial<ServerSpec> => (which ? (dropping === 'reject-x' ? {noEdns: true} : {dropEdns: true}) : {});
	return buildWorld({
		roots: ['a.root.lab.'],
		stories: [],
		servers: [
			{name: 'a.root.lab.', ipv4: '127.77.214.1', zones: [{zone: '.'}]},
			{name: 'ns1.one.', ipv4: '127.77.214.2', zones: [{zone: 'one.'}]},
			{name: 'ns2.one.', ipv4: '127.77.215.2', ...drops(dropping === 'tld'), zones: [{zone: 'one.'}]},
			{name: 'ns1.x.one.', ipv4: '127.77.214.3', ...drops(dropping === 'both-x' || dropping === 'x-first' || dropping === 'reject-x'), zones: [{zone: 'x.one.'}]},
			{name: 'ns2.x.one.', ipv4: '127.77.215.3', ...drops(dropping === 'x' || dropping === 'both-x' || dropping === 'reject-x'), zones: [{zone: 'x.one.'}]},
		],
		zones: [
			{origin: '.', signing: {algorithm: 13}, text: '@ SOA a.root.lab. h.lab. 1 1 1 1 1\n@ NS a.root.lab.\na.root.lab. A 127.77.214.1\none. NS ns1.one.\none. NS ns2.one.\nns1.one. A 127.77.214.2\nns2.one. A 127.77.215.2'},
			{origin: 'one.', signing: {algorithm: 13}, text: '@ SOA ns1.one. h.one. 1 1 1 1 1\n@ NS ns1.one.\n@ NS ns2.one.\nns1 A 127.77.214.2\nns2 A 127.77.215.2\nx NS ns1.x\nx NS ns2.x\nns1.x A 127.77.214.3\nns2.x A 127.77.215.3'},
			{origin: 'x.one.', signing: {algorithm: 13}, text: '@ SOA ns1.x.one. h.x.one. 1 1 1 1 1\n@ NS ns1.x.one.\n@ NS ns2.x.one.\nns1 A 127.77.214.3\nns2 A 127.77.215.3\nwww A 192.0.2.1'},
		],
	});
}

async function analysed(built: ReturnType<typeof world>, type = 'A') {
	const trace = await labTrace('www.x.one', type, {world: built, families: [4], timeoutMs: 100});
	const {analysis} = withAnalysis(trace, {anchors: {source: 'lab', records: built.trustAnchor}});
	return {dnssec: analysis.dnssec.outcome.status, codes: analysis.findings.map((finding) => `${finding.severity} ${finding.code} ${finding.zone}`)};
}

describe('answers to queries without EDNS are no DNSSEC evidence', () => {
	it('a server of the zone that answers only without EDNS: EDNS_UNSUPPORTED, and the answer validates by the other', async () => {
		const {dnssec, codes} = await analysed(world('x'));
		expect(dnssec).toBe('secure');
		expect(codes).toEqual(['warning EDNS_UNSUPPORTED x.one.', 'info SINGLE_POINT_OF_FAILURE x.one.']);
	});

	it('the same when that server is the one whose answer the walk follows: the other server\'s answer is validated', async () => {
		const {dnssec, codes} = await analysed(world('x-first'));
		expect(dnssec).toBe('secure');
		expect(codes).toEqual(['warning EDNS_UNSUPPORTED x.one.', 'info SINGLE_POINT_OF_FAILURE x.one.']);
	});

	it('servers that reject EDNS (FORMERR) said so: they cannot serve DNSSEC, and a zone served only by them is bogus', async () => {
		const {dnssec, codes} = await analysed(world('reject-x'));
		expect(dnssec).toBe('bogus');
		expect(codes).toContain('warning EDNS_UNSUPPORTED x.one.');
		expect(codes.filter((code) => code.startsWith('error'))).not.toEqual([]);
	});

	it('the same for a denial: no DENIAL_INVALID from the server that was asked without EDNS', async () => {
		const {dnssec, codes} = await analysed(world('x'), 'TXT');
		expect(dnssec).toBe('secure');
		expect(codes).toEqual(['warning EDNS_UNSUPPORTED x.one.', 'info SINGLE_POINT_OF_FAILURE x.one.']);
	});

	it("a TLD server that answers only without EDNS: its key set, fetched without signatures, does not make the TLD bogus", async () => {
		const {dnssec, codes} = await analysed(world('tld'));
		expect(dnssec).toBe('secure');
		expect(codes).toEqual(['warning EDNS_UNSUPPORTED one.', 'info SINGLE_POINT_OF_FAILURE x.one.']);
	});

	it('every server of the zone answers only without EDNS: nothing shows its signatures, and nothing claims they are missing', async () => {
		const {dnssec, codes} = await analysed(world('both-x'));
		expect(dnssec).not.toBe('bogus');
		expect(codes.filter((code) => /RRSIG|DENIAL|DNSKEY|PARTIAL/u.test(code))).toEqual([]);
		expect(codes).toContain('warning EDNS_UNSUPPORTED x.one.');
	});
});

/*
 * The same break test: a signed zone whose two signed servers were down and whose third, an unsigned secondary,
 * answered, read "no server of the zone serves a DNSKEY", and named no server: the advice (re-sign the zone, or remove
 * the DS) was the zone's, where the fault is the one server heard and the two were never heard at all.
 */
describe('a signed zone heard only through its unsigned secondary', () => {
	it('DNSKEY_MISSING names the server that answered without keys and counts those not heard', async () => {
		const built = buildWorld({
			roots: ['a.root.lab.'],
			stories: [],
			servers: [
				{name: 'a.root.lab.', ipv4: '127.77.216.1', zones: [{zone: '.'}]},
				{name: 'ns1.one.', ipv4: '127.77.216.2', zones: [{zone: 'one.'}]},
				{name: 'ns1.x.one.', ipv4: '127.77.216.3', down: true, zones: [{zone: 'x.one.'}]},
				{name: 'ns2.x.one.', ipv4: '127.77.217.3', down: true, zones: [{zone: 'x.one.'}]},
				{name: 'ns3.x.one.', ipv4: '127.77.218.3', zones: [{zone: 'x.one.', unsigned: true}]},
			],
			zones: [
				{origin: '.', signing: {algorithm: 13}, text: '@ SOA a.root.lab. h.lab. 1 1 1 1 1\n@ NS a.root.lab.\na.root.lab. A 127.77.216.1\none. NS ns1.one.\nns1.one. A 127.77.216.2'},
				{origin: 'one.', signing: {algorithm: 13}, text: '@ SOA ns1.one. h.one. 1 1 1 1 1\n@ NS ns1.one.\nns1 A 127.77.216.2\nx NS ns1.x\nx NS ns2.x\nx NS ns3.x\nns1.x A 127.77.216.3\nns2.x A 127.77.217.3\nns3.x A 127.77.218.3'},
				{origin: 'x.one.', signing: {algorithm: 13}, text: '@ SOA ns1.x.one. h.x.one. 1 1 1 1 1\n@ NS ns1.x.one.\n@ NS ns2.x.one.\n@ NS ns3.x.one.\nns1 A 127.77.216.3\nns2 A 127.77.217.3\nns3 A 127.77.218.3\nwww A 192.0.2.1'},
			],
		});
		const trace = await labTrace('www.x.one', 'A', {world: built, families: [4], timeoutMs: 100});
		const missing = withAnalysis(trace, {anchors: {source: 'lab', records: built.trustAnchor}}).analysis.findings.filter((finding) => finding.code === 'DNSKEY_MISSING');
		expect(missing.map((finding) => [finding.severity, finding.servers, finding.message])).toEqual([
			['error', ['127.77.218.3'], expect.stringMatching(/^x\.one\.: ns3\.x\.one\. \(127\.77\.218\.3\): one\. publishes DS \d+, but the one server address that answered the DNSKEY question serves none; 2 gave no answer to it$/u)],
		]);
	});
});
