/*
 * Some networks answer every DNS query themselves (a transparent proxy: some ISPs, hotels, corporate DNS filters),
 * whatever address it was sent to, as a recursive resolver does: recursion available, no authority, the final answer
 * at once. A break test on such a network was told the root's servers were lame (SERVER_NOT_AUTHORITATIVE, an error
 * for the root's operators) and the root unreachable. No authoritative server offers recursion, and the root's
 * servers are run by a dozen unrelated operators: every reply looking like a resolver's is the network's.
 */
import {describe, expect, it} from 'vitest';
import {withAnalysis} from '../../source/analysis/analyze.js';
import {encodeMessage} from '../../source/dns/codec.js';
import type {Message} from '../../source/dns/record.js';
import type {QueryResult, Transport} from '../../source/dns/transport.js';
import {createLabTransport} from '../../source/lab/lab-transport.js';
import {labTrace, labWorld} from '../helpers/lab.js';

const world = labWorld();

/** A network that answers every query itself, as a resolver; `authority`: it also claims authority (AA). */
function intercepting({authority = false} = {}): Transport {
	let id = 0;
	return {
		async query(_server, question): Promise<QueryResult> {
			const message: Message = {
				id: ++id & 0xffff,
				opcode: 'QUERY',
				rcode: 'NOERROR',
				flags: {qr: true, aa: authority, tc: false, rd: false, ra: true, ad: false, cd: false},
				question: [{name: question.name, type: question.type, class: 'IN'}],
				answer: question.type === 'A' ? [{name: question.name, type: 'A', class: 'IN', ttl: 300, data: {kind: 'address', address: '192.0.2.7'}}] : [],
				authority: [],
				additional: [],
			};
			return {ok: true, message, raw: encodeMessage(message), transport: 'udp', attempts: 1, rttMs: 1, elapsedMs: 1, ignored: 0, truncatedOverUdp: false, ednsFallback: false, ednsDropped: false, udpTimedOut: false};
		},
	};
}

const analysed = async (transport: Transport) => {
	const trace = await labTrace('www.example.com', 'A', {families: [4], transport});
	return withAnalysis(trace, {anchors: {source: 'lab', records: world.trustAnchor}}).analysis.findings;
};

describe('DNS intercepted on the way', () => {
	it('every server answering as a recursive resolver: one VANTAGE_DNS_INTERCEPTED, and no server blamed', async () => {
		const findings = await analysed(intercepting());
		expect(findings.map((finding) => `${finding.severity} ${finding.code} ${finding.zone}`)).toEqual(['error VANTAGE_DNS_INTERCEPTED .']);
		expect(findings[0]!.servers).toEqual([]);
		expect(findings[0]!.fixers).toEqual(['your-network']);
		expect(findings[0]!.message).toMatch(/^every server this host asked answered as a recursive resolver does \(recursion available, no authority\): \d+ replies from \d+ server addresses of the root; DNS to port 53 is answered on the way by something else \(a transparent DNS proxy\), or the hints name resolvers, not root servers/u);
	});

	it('the real lab: no interception', async () => {
		const findings = await analysed(createLabTransport(world, {latencyScale: 0}));
		expect(findings.filter((finding) => finding.code === 'VANTAGE_DNS_INTERCEPTED')).toEqual([]);
	});
});
