import {describe, expect, it} from 'vitest';
import {withAnalysis} from '../../source/analysis/analyze.js';
import type {ResourceRecord} from '../../source/dns/record.js';
import type {Transport} from '../../source/dns/transport.js';
import {createLabTransport} from '../../source/lab/lab-transport.js';
import {buildWorld} from '../../source/lab/world.js';
import {labTrace} from '../helpers/lab.js';

/*
 * A signed zone's server sends, beside the signed RRset asked for, an RRset without an RRSIG. A validator checks only
 * what the answer relies on (RFC 4035 5: the RRset asked for and the CNAME or DNAME chain to it): Unbound's scrubber
 * removes the answer section's other RRsets before validating and strips unsigned additional data, BIND neither
 * validates nor caches them. So the answer stays secure, and the unsigned RRset beside it is a warning (asked for
 * itself, it would fail), never an error beside a secure verdict. The RRset asked for, unsigned, is bogus and an error.
 */
const world = buildWorld({
	roots: ['a.root.lab.'],
	stories: [],
	servers: [
		{name: 'a.root.lab.', ipv4: '127.86.1.1', zones: [{zone: '.'}]},
		{name: 'ns.signed.', ipv4: '127.86.1.2', zones: [{zone: 'signed.'}]},
	],
	zones: [
		{origin: '.', signing: {algorithm: 13}, text: '@ SOA a.root.lab. h.lab. 1 3600 600 86400 300\n@ NS a.root.lab.\na.root.lab. A 127.86.1.1\nsigned. NS ns.signed.\nns.signed. A 127.86.1.2'},
		{origin: 'signed.', signing: {algorithm: 13}, text: '@ SOA ns.signed. h.signed. 1 3600 600 86400 300\n@ NS ns.signed.\nns A 127.86.1.2\nwww A 192.0.2.7\nalias CNAME www\ndn DNAME tree.signed.\nwww.tree A 192.0.2.8'},
	],
});

const unsignedTxt = (name: string): ResourceRecord => ({name, type: 'TXT', class: 'IN', ttl: 300, data: {kind: 'txt', strings: ['added after signing']}});

/** The zone's server, for `name type`, with the reply changed by `edit`. */
function editing(name: string, type: string, edit: (message: {answer: ResourceRecord[]; authority: ResourceRecord[]; additional: ResourceRecord[]}) => void): Transport {
	const lab = createLabTransport(world, {latencyScale: 0});
	return {
		async query(server, question, options) {
			const result = await lab.query(server, question, options);
			if (result.ok && server.address === '127.86.1.2' && question.name === name && question.type === type) edit(result.message);
			return result;
		},
	};
}

/** The verdict on the answer, and every signature finding as `severity code: message`. */
async function judged(name: string, type: string, transport: Transport) {
	const {trace, analysis} = withAnalysis(await labTrace(name, type, {world, families: [4], transport}), {anchors: {source: 'lab', records: world.trustAnchor}});
	const signatures = analysis.findings.filter((finding) => finding.code.startsWith('RRSIG_'));
	return {outcome: trace.outcome.status, verdict: analysis.dnssec.outcome.status, findings: signatures.map((finding) => `${finding.severity} ${finding.code}: ${finding.message}`), signatures};
}

describe('an unsigned RRset beside a signed answer', () => {
	it('in the answer section, another type at the name asked: the answer is secure, the unsigned TXT a warning that says validators strip it', async () => {
		const result = await judged('www.signed', 'A', editing('www.signed.', 'A', (message) => message.answer.push(unsignedTxt('www.signed.'))));
		expect(result).toMatchObject({outcome: 'answer', verdict: 'secure', findings: ['warning RRSIG_MISSING: signed.: ns.signed. (127.86.1.2): www.signed. TXT, beside the answer (not asked for)']});
		const [finding] = result.signatures;
		expect(finding?.explanation).toContain('so the answer itself still validates and users see nothing wrong. Asked for itself, this RRset would be rejected (SERVFAIL).');
		expect(finding?.cached).toEqual({change: 'none'});
	});

	it('in the authority section of a positive answer, an unsigned NS for the zone: the answer is secure, the NS a warning', async () => {
		const unsignedNs: ResourceRecord = {name: 'signed.', type: 'NS', class: 'IN', ttl: 300, data: {kind: 'name', target: 'ns.signed.'}};
		const result = await judged('www.signed', 'A', editing('www.signed.', 'A', (message) => message.authority.push(unsignedNs)));
		expect(result).toMatchObject({outcome: 'answer', verdict: 'secure', findings: ['warning RRSIG_MISSING: signed.: ns.signed. (127.86.1.2): signed. NS, beside the answer (not asked for)']});
	});

	it('in a reply that holds no answer to the question (a TXT alone for an A question): bogus, and the TXT an error beside the bad denial', async () => {
		const result = await judged('www.signed', 'A', editing('www.signed.', 'A', (message) => message.answer.splice(0, message.answer.length, unsignedTxt('www.signed.'))));
		expect(result).toMatchObject({verdict: 'bogus', findings: ['error RRSIG_MISSING: signed.: ns.signed. (127.86.1.2): www.signed. TXT']});
	});

	it('in the answer section, at another name: the same', async () => {
		const result = await judged('www.signed', 'A', editing('www.signed.', 'A', (message) => message.answer.push(unsignedTxt('other.signed.'))));
		expect(result).toMatchObject({outcome: 'answer', verdict: 'secure', findings: ['warning RRSIG_MISSING: signed.: ns.signed. (127.86.1.2): other.signed. TXT, beside the answer (not asked for)']});
	});

	it('in the additional section: the answer is secure and nothing is said (as glue, additional data is often unsigned)', async () => {
		const result = await judged('www.signed', 'A', editing('www.signed.', 'A', (message) => message.additional.push(unsignedTxt('www.signed.'))));
		expect(result).toMatchObject({outcome: 'answer', verdict: 'secure', findings: []});
	});

	it('the RRset asked for, unsigned: the answer is bogus and the missing signature an error', async () => {
		const result = await judged('www.signed', 'TXT', editing('www.signed.', 'TXT', (message) => message.answer.push(unsignedTxt('www.signed.'))));
		expect(result).toMatchObject({outcome: 'answer', verdict: 'bogus', findings: ['error RRSIG_MISSING: signed.: ns.signed. (127.86.1.2): www.signed. TXT']});
		expect(result.signatures[0]?.cached.change).toBe('signature');
	});

	it('a CNAME of the chain to the answer, its RRSIG removed, is what the answer relies on: bogus and an error', async () => {
		const stripCname = (message: {answer: ResourceRecord[]}) => {
			message.answer = message.answer.filter((record) => !(record.data.kind === 'rrsig' && record.data.typeCovered === 'CNAME'));
		};
		const result = await judged('alias.signed', 'A', editing('alias.signed.', 'A', stripCname));
		expect(result).toMatchObject({outcome: 'answer', verdict: 'bogus', findings: ['error RRSIG_MISSING: signed.: ns.signed. (127.86.1.2): alias.signed. CNAME']});
	});

	it('asked for the CNAME a DNAME synthesises, the DNAME its RRSIG removed is what that CNAME stands on: an error, never "beside the answer"', async () => {
		const stripDname = (message: {answer: ResourceRecord[]}) => {
			message.answer = message.answer.filter((record) => !(record.data.kind === 'rrsig' && record.data.typeCovered === 'DNAME'));
		};
		const result = await judged('www.dn.signed', 'CNAME', editing('www.dn.signed.', 'CNAME', stripDname));
		expect(result).toMatchObject({outcome: 'answer', verdict: 'bogus', findings: ['error RRSIG_MISSING: signed.: ns.signed. (127.86.1.2): dn.signed. DNAME']});
	});
});
