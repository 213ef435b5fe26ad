import {describe, expect, it} from 'vitest';
import {MAX_NAME_OCTETS, wireLength} from '../../source/dns/name.js';
import type {Message, ResourceRecord} from '../../source/dns/record.js';
import {classifyResponse} from '../../source/trace/classify.js';

const rr = (name: string, type: string, data: ResourceRecord['data']): ResourceRecord => ({name, type, class: 'IN', ttl: 60, data});
const message = (patch: Partial<Message> & {aa?: boolean}): Message => ({
	id: 1,
	opcode: 'QUERY',
	rcode: 'NOERROR',
	flags: {qr: true, aa: patch.aa ?? false, tc: false, rd: false, ra: false, ad: false, cd: false},
	question: [],
	answer: [],
	authority: [],
	additional: [],
	...patch,
});
const question = {name: 'www.example.com.', type: 'A'};

describe('classifying a response', () => {
	it('sees a referral to a zone below the one asked, and believes only glue within its authority', () => {
		const result = classifyResponse(
			message({
				authority: [rr('example.com.', 'NS', {kind: 'name', target: 'ns1.example.com.'}), rr('example.com.', 'NS', {kind: 'name', target: 'ns.other.net.'})],
				additional: [rr('ns1.example.com.', 'A', {kind: 'address', address: '127.77.10.1'}), rr('ns.other.net.', 'A', {kind: 'address', address: '127.77.66.6'})],
			}),
			'com.',
			question,
		);
		expect(result.kind).toBe('referral');
		expect(result.referral).toMatchObject({child: 'example.com.', ns: ['ns1.example.com.', 'ns.other.net.'], glue: [{name: 'ns1.example.com.', address: '127.77.10.1'}], ignoredGlue: [{name: 'ns.other.net.', address: '127.77.66.6'}]});
	});

	it('calls a referral to the root or the zone itself an upward referral', () => {
		expect(classifyResponse(message({authority: [rr('.', 'NS', {kind: 'name', target: 'a.root-servers.net.'})]}), 'example.com.', question).kind).toBe('upward-referral');
	});

	it('requires AA for an answer, NXDOMAIN and NODATA; without it the server is lame', () => {
		const data = [rr('www.example.com.', 'A', {kind: 'address', address: '192.0.2.1'})];
		expect(classifyResponse(message({aa: true, answer: data}), 'example.com.', question).kind).toBe('answer');
		expect(classifyResponse(message({answer: data}), 'example.com.', question).kind).toBe('lame');
		expect(classifyResponse(message({aa: true, rcode: 'NXDOMAIN'}), 'example.com.', question).kind).toBe('nxdomain');
		expect(classifyResponse(message({aa: true}), 'example.com.', question).kind).toBe('nodata');
		expect(classifyResponse(message({}), 'example.com.', question).kind).toBe('lame');
	});

	it("names the child zone whose data a parent's server answered from, by the SOA it gave", () => {
		const soa = (owner: string) => rr(owner, 'SOA', {kind: 'soa', mname: 'ns1.dns.gm.', rname: 'hostmaster.nic.gm.', serial: 1, refresh: 3600, retry: 600, expire: 86400, minimum: 300});
		// NODATA and NXDOMAIN carry the SOA of the zone they came from.
		expect(classifyResponse(message({aa: true, authority: [soa('nic.gm.')]}), 'gm.', {name: 'www.nic.gm.', type: 'SOA'}).childApex).toBe('nic.gm.');
		expect(classifyResponse(message({aa: true, rcode: 'NXDOMAIN', authority: [soa('nic.gm.')]}), 'gm.', {name: 'no.nic.gm.', type: 'A'})).toMatchObject({kind: 'nxdomain', childApex: 'nic.gm.'});
		// The SOA asked at the child's apex is the answer.
		expect(classifyResponse(message({aa: true, answer: [soa('nic.gm.')]}), 'gm.', {name: 'nic.gm.', type: 'SOA'})).toMatchObject({kind: 'answer', childApex: 'nic.gm.'});
		// The zone's own SOA, or one above the name asked, names no cut.
		expect(classifyResponse(message({aa: true, authority: [soa('gm.')]}), 'gm.', {name: 'www.nic.gm.', type: 'SOA'}).childApex).toBeUndefined();
		expect(classifyResponse(message({aa: true, authority: [soa('shop.gm.')]}), 'gm.', {name: 'www.nic.gm.', type: 'SOA'}).childApex).toBeUndefined();
		// Without AA it is no one's data.
		expect(classifyResponse(message({authority: [soa('nic.gm.')]}), 'gm.', {name: 'www.nic.gm.', type: 'SOA'})).toMatchObject({kind: 'lame'});
		expect(classifyResponse(message({authority: [soa('nic.gm.')]}), 'gm.', {name: 'www.nic.gm.', type: 'SOA'}).childApex).toBeUndefined();
	});

	it('follows a CNAME chain in the answer and says where it leaves the zone', () => {
		const result = classifyResponse(message({aa: true, answer: [rr('www.example.com.', 'CNAME', {kind: 'name', target: 'edge.cdn.net.'})]}), 'example.com.', question);
		expect(result).toMatchObject({kind: 'cname', target: 'edge.cdn.net.'});
	});

	it('synthesises through a DNAME', () => {
		const result = classifyResponse(message({aa: true, answer: [rr('example.com.', 'DNAME', {kind: 'name', target: 'example.net.'})]}), 'example.com.', question);
		expect(result).toMatchObject({kind: 'cname', target: 'www.example.net.'});
	});

	it('stops rewriting through a DNAME whose target is below its owner once the name is past 255 octets (RFC 6672 2.2)', () => {
		// d.example.com. DNAME a.d.example.com.: each rewrite is a new name that the same DNAME rewrites again.
		const result = classifyResponse(message({aa: true, answer: [rr('d.example.com.', 'DNAME', {kind: 'name', target: 'a.d.example.com.'})]}), 'example.com.', {name: 'x.d.example.com.', type: 'A'});
		expect(result.kind).toBe('cname');
		expect(wireLength(result.target!)).toBeGreaterThan(MAX_NAME_OCTETS);
		expect(wireLength(result.target!)).toBeLessThanOrEqual(MAX_NAME_OCTETS + 2);
	});

	it('stops a CNAME chain where it leaves the zone asked, and does not take the rest from the same response', () => {
		const result = classifyResponse(
			message({
				aa: true,
				answer: [
					rr('www.example.com.', 'CNAME', {kind: 'name', target: 'edge.cdn.net.'}),
					rr('edge.cdn.net.', 'CNAME', {kind: 'name', target: 'back.example.com.'}),
					rr('back.example.com.', 'A', {kind: 'address', address: '198.51.100.66'}),
				],
			}),
			'example.com.',
			question,
		);
		expect(result).toMatchObject({kind: 'cname', target: 'edge.cdn.net.', records: [rr('www.example.com.', 'CNAME', {kind: 'name', target: 'edge.cdn.net.'})]});
		expect(result.outOfBailiwick).toEqual([{section: 'answer', name: 'edge.cdn.net.', type: 'CNAME'}]);
	});

	it('takes no NXDOMAIN for a name the chain reached outside the zone: that name is asked of its own zone', () => {
		const result = classifyResponse(message({aa: true, rcode: 'NXDOMAIN', answer: [rr('www.example.com.', 'CNAME', {kind: 'name', target: 'gone.cdn.net.'})]}), 'example.com.', question);
		expect(result).toMatchObject({kind: 'cname', target: 'gone.cdn.net.'});
		const inZone = classifyResponse(message({aa: true, rcode: 'NXDOMAIN', answer: [rr('www.example.com.', 'CNAME', {kind: 'name', target: 'gone.example.com.'})]}), 'example.com.', question);
		expect(inZone.kind).toBe('nxdomain');
	});

	it('lists what a usable response carried outside the zone, in every section, and glue for no NS name of the referral', () => {
		const answer = classifyResponse(
			message({
				aa: true,
				answer: [rr('www.example.com.', 'A', {kind: 'address', address: '192.0.2.1'}), rr('www.bank.example.', 'A', {kind: 'address', address: '198.51.100.66'})],
				authority: [rr('com.', 'NS', {kind: 'name', target: 'ns.evil.example.'}), rr('example.com.', 'NS', {kind: 'name', target: 'ns1.example.com.'})],
				additional: [rr('ns.evil.example.', 'A', {kind: 'address', address: '198.51.100.66'}), rr('ns1.example.com.', 'A', {kind: 'address', address: '127.77.10.1'})],
			}),
			'example.com.',
			question,
		);
		expect(answer).toMatchObject({kind: 'answer', records: [rr('www.example.com.', 'A', {kind: 'address', address: '192.0.2.1'})]});
		expect(answer.outOfBailiwick).toEqual([
			{section: 'answer', name: 'www.bank.example.', type: 'A', address: '198.51.100.66'},
			{section: 'authority', name: 'com.', type: 'NS'},
			{section: 'additional', name: 'ns.evil.example.', type: 'A', address: '198.51.100.66'},
		]);
		const referral = classifyResponse(
			message({
				authority: [rr('example.com.', 'NS', {kind: 'name', target: 'ns1.example.com.'})],
				additional: [rr('ns1.example.com.', 'A', {kind: 'address', address: '127.77.10.1'}), rr('mail.other.com.', 'A', {kind: 'address', address: '198.51.100.66'})],
			}),
			'com.',
			question,
		);
		expect(referral.outOfBailiwick).toEqual([{section: 'additional', name: 'mail.other.com.', type: 'A', address: '198.51.100.66'}]);
	});

	it('lists nothing for a response the walk does not use', () => {
		const lame = message({answer: [rr('www.bank.example.', 'A', {kind: 'address', address: '198.51.100.66'})], authority: [rr('.', 'NS', {kind: 'name', target: 'a.root-servers.net.'})]});
		expect(classifyResponse(lame, 'example.com.', question)).toMatchObject({kind: 'upward-referral', outOfBailiwick: []});
	});

	it('never follows a DNAME owned above the zone asked: a server cannot rewrite names of its parent or the root', () => {
		for (const owner of ['com.', '.']) {
			const forged = message({aa: true, answer: [rr(owner, 'DNAME', {kind: 'name', target: 'attacker.test.'})]});
			const judged = classifyResponse(forged, 'example.com.', question);
			expect(judged.records).toEqual([]);
			expect(judged.target).toBeUndefined();
			expect(judged.kind).toBe('nodata');
		}
	});

	it('reports REFUSED and SERVFAIL as such', () => {
		expect(classifyResponse(message({rcode: 'REFUSED'}), 'example.com.', question).kind).toBe('refused');
		expect(classifyResponse(message({rcode: 'SERVFAIL'}), 'example.com.', question).kind).toBe('servfail');
	});
});
