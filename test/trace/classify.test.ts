import {describe, expect, it} from 'vitest';
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

	it('follows a CNAME chain in the answer and says where it leaves the zone', () => {
		const result = classifyResponse(message({aa: true, answer: [rr('www.example.com.', 'CNAME', {kind: 'name', target: 'edge.cdn.net.'})]}), 'example.com.', question);
		expect(result).toMatchObject({kind: 'cname', target: 'edge.cdn.net.'});
	});

	it('synthesises through a DNAME', () => {
		const result = classifyResponse(message({aa: true, answer: [rr('example.com.', 'DNAME', {kind: 'name', target: 'example.net.'})]}), 'example.com.', question);
		expect(result).toMatchObject({kind: 'cname', target: 'www.example.net.'});
	});

	it('reports REFUSED and SERVFAIL as such', () => {
		expect(classifyResponse(message({rcode: 'REFUSED'}), 'example.com.', question).kind).toBe('refused');
		expect(classifyResponse(message({rcode: 'SERVFAIL'}), 'example.com.', question).kind).toBe('servfail');
	});
});
