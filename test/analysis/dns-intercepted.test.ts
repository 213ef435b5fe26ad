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

/** A network that answers every query itself, as a resolver; `refusing`: with REFUSED, as a DNS firewall does. */
function intercepting({refusing = false} = {}): Transport {
	let id = 0;
	return {
		async query(_server, question): Promise<QueryResult> {
			const message: Message = {
				id: ++id & 0xffff,
				opcode: 'QUERY',
				rcode: refusing ? 'REFUSED' : 'NOERROR',
				flags: {qr: true, aa: false, tc: false, rd: false, ra: !refusing, ad: false, cd: false},
				question: [{name: question.name, type: question.type, class: 'IN'}],
				answer: question.type === 'A' && !refusing ? [{name: question.name, type: 'A', class: 'IN', ttl: 300, data: {kind: 'address', address: '192.0.2.7'}}] : [],
				authority: [],
				additional: [],
			};
			return {ok: true, message, raw: encodeMessage(message), transport: 'udp', attempts: 1, rttMs: 1, elapsedMs: 1, ignored: 0, truncatedOverUdp: false, ednsFallback: false, ednsDropped: false, udpTimedOut: false};
		},
	};
}

const analysed = async (transport: Transport, hints?: string) => {
	const traced = await labTrace('www.example.com', 'A', {families: [4], transport});
	// The lab's hints stand for the root's (isRootHints); a file of the user's names servers of the user's choosing.
	const trace = hints ? {...traced, options: {...traced.options, hints}} : traced;
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

	it('every root server refusing: a DNS firewall on the way, not the root\'s operators', async () => {
		const findings = await analysed(intercepting({refusing: true}));
		expect(findings.map((finding) => `${finding.severity} ${finding.code} ${finding.zone}`)).toEqual(['error VANTAGE_DNS_INTERCEPTED .']);
		expect(findings[0]!.message).toMatch(/^every root server this host asked refused it, which the root's servers never do: \d+ replies from \d+ server addresses of the root; DNS to port 53 is answered on the way by something else \(a DNS firewall or filter\)$/u);
	});

	it('servers named by hand that refuse are their own: SERVER_REFUSED, as before', async () => {
		const findings = await analysed(intercepting({refusing: true}), '/tmp/my.hints');
		expect(findings.map((finding) => finding.code)).toContain('SERVER_REFUSED');
		expect(findings.map((finding) => finding.code)).not.toContain('VANTAGE_DNS_INTERCEPTED');
	});

	it('the real lab: no interception', async () => {
		const findings = await analysed(createLabTransport(world, {latencyScale: 0}));
		expect(findings.filter((finding) => finding.code === 'VANTAGE_DNS_INTERCEPTED')).toEqual([]);
	});
});
