import {describe, expect, it} from 'vitest';
import type {Message} from '../../source/dns/record.js';
import {answerQuery, encodeForTransport, loadZone} from '../../source/lab/authoritative.js';
import {parseZoneText} from '../../source/dns/zone-text.js';

const zone = loadZone(
	'example.com.',
	parseZoneText(
		`@ SOA ns1 hostmaster 1 2 3 4 300
@ NS ns1
ns1 A 127.77.10.1
www A 192.0.2.1
alias CNAME www
*.wild TXT "wildcard"
*.star CNAME www
a.ent.wild NS ns.elsewhere.example.
a.b.deep A 192.0.2.9
sub NS ns.sub
ns.sub A 127.77.10.9
old DNAME example.net.`,
		{origin: 'example.com.'},
	),
);
const ask = (name: string, type: string): Message =>
	answerQuery(
		{id: 1, opcode: 'QUERY', rcode: 'NOERROR', flags: {qr: false, aa: false, tc: false, rd: false, ra: false, ad: false, cd: false}, question: [{name, type, class: 'IN'}], answer: [], authority: [], additional: []},
		[{copy: zone, mode: 'serve'}],
		{records: []},
	);

describe('the lab authoritative server', () => {
	it('answers an empty non-terminal above delegations only with NODATA, never from the wildcard beside it (RFC 4592 2.2.1)', () => {
		const ent = ask('ent.wild.example.com.', 'TXT');
		expect({rcode: ent.rcode, answer: ent.answer, authority: ent.authority.map((record) => `${record.name} ${record.type}`)}).toEqual({rcode: 'NOERROR', answer: [], authority: ['example.com. SOA']});
		expect(ask('other.wild.example.com.', 'TXT').answer.map((record) => `${record.name} ${record.type}`)).toEqual(['other.wild.example.com. TXT']);
	});

	it('answers with AA from its zone', () => {
		const response = ask('www.example.com.', 'A');
		expect(response.flags.aa).toBe(true);
		expect(response.answer.map((record) => record.data)).toEqual([{kind: 'address', address: '192.0.2.1'}]);
	});

	it('refers below a cut without AA, with glue', () => {
		const response = ask('www.sub.example.com.', 'A');
		expect(response.flags.aa).toBe(false);
		expect(response.authority.map((record) => `${record.name} ${record.type}`)).toEqual(['sub.example.com. NS']);
		expect(response.additional.map((record) => record.name)).toEqual(['ns.sub.example.com.']);
	});

	it('chases a CNAME inside the zone', () => {
		expect(ask('alias.example.com.', 'A').answer.map((record) => record.type)).toEqual(['CNAME', 'A']);
	});

	it('denies with NXDOMAIN, or NODATA for an empty non-terminal, with the SOA', () => {
		const missing = ask('nope.example.com.', 'A');
		expect(missing.rcode).toBe('NXDOMAIN');
		expect(missing.authority[0]?.type).toBe('SOA');
		expect(ask('b.deep.example.com.', 'A').rcode).toBe('NOERROR');
		expect(ask('www.example.com.', 'AAAA')).toMatchObject({rcode: 'NOERROR', answer: []});
	});

	it('synthesises a CNAME from a wildcard CNAME and follows it, as from any CNAME (RFC 4592 4.3)', () => {
		const response = ask('x.star.example.com.', 'A');
		expect(response.rcode).toBe('NOERROR');
		expect(response.answer.map((record) => `${record.name} ${record.type}`)).toEqual(['x.star.example.com. CNAME', 'www.example.com. A']);
		expect(ask('x.star.example.com.', 'CNAME').answer.map((record) => `${record.name} ${record.type}`)).toEqual(['x.star.example.com. CNAME']);
	});

	it('synthesises from a wildcard and a DNAME', () => {
		expect(ask('anything.wild.example.com.', 'TXT').answer[0]).toMatchObject({name: 'anything.wild.example.com.', type: 'TXT'});
		expect(ask('www.old.example.com.', 'A').answer.map((record) => record.type)).toEqual(['DNAME', 'CNAME']);
	});

	it('refuses names outside its zones', () => {
		expect(ask('www.example.org.', 'A').rcode).toBe('REFUSED');
	});

	it('truncates a UDP answer larger than the asker accepts', () => {
		const response = ask('www.example.com.', 'A');
		expect(encodeForTransport(response, 'udp', 20, false).byteLength).toBeLessThan(64);
		expect(encodeForTransport(response, 'tcp', 20, false).byteLength).toBeGreaterThan(40);
	});
});
