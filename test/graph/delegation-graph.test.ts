import {describe, expect, it} from 'vitest';
import {withAnalysis, type AnalysedTrace} from '../../source/analysis/analyze.js';
import {delegationGraph, type DelegationGraph, type GraphZone} from '../../source/graph/delegation-graph.js';
import {graphDot} from '../../source/graph/graph-dot.js';
import {labTrace, labWorld} from '../helpers/lab.js';

async function graphOf(name: string): Promise<DelegationGraph> {
	return delegationGraph(...analysed(await labTrace(name)));
}

function analysed(trace: AnalysedTrace['trace']): [AnalysedTrace['trace'], AnalysedTrace['analysis']] {
	const {analysis} = withAnalysis(trace, {anchors: {source: 'lab', records: labWorld().trustAnchor}});
	return [trace, analysis];
}

/** The key tags the analysis saw a zone's servers serve: the lab's keys are made afresh for each key cache. */
function servedTags(analysis: AnalysedTrace['analysis'], zone: string): number[] {
	return [...analysis.dnssec.zones.find((entry) => entry.zone === zone)!.keyTags].sort((a, b) => a - b);
}

function zone(graph: DelegationGraph, name: string): GraphZone {
	const found = graph.zones.find((candidate) => candidate.name === name);
	if (!found) throw new Error(`no zone ${name} in the graph (${graph.zones.map((candidate) => candidate.name).join(' ')})`);
	return found;
}

/** Each name server of a zone with what its addresses did. */
const activities = (graphZone: GraphZone) => Object.fromEntries(graphZone.servers.map((server) => [server.name, server.addresses.map((entry) => `${entry.address} ${entry.activity}${entry.said ? ` ${entry.said}` : ''}`)]));

describe('the delegation graph of the lab stories', () => {
	it('www.puri.sm: the path ends at sm., whose servers deny the name; no puri.sm zone is drawn', async () => {
		const graph = await graphOf('www.puri.sm');
		expect(graph.zones.map((entry) => entry.name)).toEqual(['.', 'sm.']);
		expect(activities(zone(graph, 'sm.'))).toEqual({'dns.intelcom.sm.': ['127.77.102.2 answered nxdomain'], 'dns.omniway.sm.': ['127.77.2.1 answered nxdomain']});
		expect(graph.outcome).toMatchObject({name: 'www.puri.sm.', type: 'A', status: 'nxdomain'});
		expect(graph.edges.filter((edge) => edge.kind === 'answer')).toEqual([{kind: 'answer', from: 'zone:sm.', to: 'outcome'}]);
		// The root's servers all referred to sm.; the walk followed one of them.
		const delegations = graph.edges.filter((edge) => edge.kind === 'delegation');
		expect(delegations).toHaveLength(4);
		expect(delegations.every((edge) => edge.to === 'zone:sm.')).toBe(true);
		expect(delegations.filter((edge) => edge.onPath)).toHaveLength(1);
		expect(zone(graph, 'sm.')).toMatchObject({onPath: true, dnssec: 'insecure', parent: 'zone:.'});
	});

	it('www.nic.bw: the dead server is shown timed out, the lagging one stale, and the name server node as its worst address', async () => {
		const [trace, analysis] = analysed(await labTrace('www.nic.bw'));
		const graph = delegationGraph(trace, analysis);
		const bw = zone(graph, 'bw.');
		expect(activities(bw)).toEqual({
			'afrinic.nic.bw.': ['127.77.151.1 answered answer'],
			'dns1.btc.bw.': ['127.77.50.1 timed-out'],
			'dns2.btc.bw.': ['127.77.50.2 stale answer'],
			'pch.nic.bw.': ['127.77.150.1 answered answer'],
		});
		expect(bw.servers.find((server) => server.name === 'dns1.btc.bw.')?.activity).toBe('timed-out');
		// bw. has no DS at the root: no DS node, and its keys are vouched for by nothing.
		expect(bw.ds).toEqual([]);
		expect(bw.keys.map((key) => key.tag)).toEqual(servedTags(analysis, 'bw.'));
		expect(bw.keys.map((key) => `${key.role} vouched=${key.vouched}`).sort()).toEqual(['KSK vouched=false', 'ZSK vouched=false']);
		expect(graph.edges.filter((edge) => edge.kind === 'signature' && edge.to.startsWith('rrset:bw.')).map((edge) => edge.kind === 'signature' && edge.status)).toEqual(['insecure', 'insecure']);
	});

	it("nic.xn--wgbh1c: the zone's trouble no node shows (expired signatures on its name servers' addresses) is on the zone, in DOT too", async () => {
		const [trace, analysis] = analysed(await labTrace('nic.xn--wgbh1c'));
		const graph = delegationGraph(trace, analysis);
		const worst = analysis.findings.find((finding) => finding.zone === 'xn--wgbh1c.' && finding.severity === 'error')!;
		expect(worst.code).toBe('RRSIG_EXPIRED');
		expect(zone(graph, 'xn--wgbh1c.').findings).toMatchObject({worst: 'RRSIG_EXPIRED'});
		expect(zone(graph, 'xn--wgbh1c.').findings!.errors).toBeGreaterThan(0);
		const dot = graphDot(graph);
		expect(dot).toMatch(/fontcolor="#c62828", label="xn--wgbh1c\.\\nDNSSEC: [^"]*\\n\d+ errors?(?:, \d+ warnings?)?: RRSIG_EXPIRED/u);
		// A zone with nothing wrong says nothing more than its name and verdict.
		expect(zone(graph, '.').findings).toBeUndefined();
	});

	it('www.nic.bw: the keys of an insecure zone are drawn grey, as its border, not in the blue of a secure one', async () => {
		const [trace, analysis] = analysed(await labTrace('www.nic.bw'));
		const dot = graphDot(delegationGraph(trace, analysis));
		const keys = dot.split('\n').filter((line) => /class="dnskey"/u.test(line));
		expect(keys.length).toBeGreaterThan(0);
		const bwKeys = keys.filter((line) => line.includes('z2k') || line.includes('z1k'));
		expect(bwKeys.some((line) => line.includes('color="#424242"'))).toBe(true);
		expect(keys.filter((line) => line.includes('color="#1565c0"')).length).toBeGreaterThan(0);
	});

	it('www.rollover.net: the DS at net. names a key no server serves, and that link is bogus', async () => {
		const [trace, analysis] = analysed(await labTrace('www.rollover.net'));
		const graph = delegationGraph(trace, analysis);
		const rollover = zone(graph, 'rollover.net.');
		expect(rollover.dnssec).toBe('bogus');
		expect(rollover.ds).toHaveLength(1);
		const [ds] = rollover.ds;
		expect(ds).toMatchObject({algorithmName: 'ECDSAP256SHA256', digestName: 'SHA-256', anchor: false, matched: false});
		// The DS's tag is none of the keys served: the key it names is drawn as served by no server.
		expect(servedTags(analysis, 'rollover.net.')).not.toContain(ds!.keyTag);
		expect(rollover.keys.filter((key) => key.served).map((key) => key.tag)).toEqual(servedTags(analysis, 'rollover.net.'));
		expect(rollover.keys.filter((key) => !key.served)).toEqual([{id: `key:rollover.net.|${ds!.keyTag}|ECDSAP256SHA256`, tag: ds!.keyTag, role: 'not served', algorithmName: 'ECDSAP256SHA256', revoked: false, vouched: false, served: false}]);
		expect(graph.edges.filter((edge) => edge.kind === 'ds' && edge.from === ds!.id)).toEqual([{kind: 'ds', from: ds!.id, to: `key:rollover.net.|${ds!.keyTag}|ECDSAP256SHA256`, status: 'bogus'}]);
		// Above it the chain holds: net.'s DS matches its KSK, which signs its DNSKEY set.
		const [netDs] = zone(graph, 'net.').ds;
		expect(netDs).toMatchObject({matched: true});
		expect(graph.edges.filter((edge) => (edge.kind === 'ds' || edge.kind === 'signature') && edge.from.includes(':net.|')).map((edge) => `${edge.kind} ${edge.from} → ${edge.to} ${'status' in edge ? edge.status : ''}`)).toEqual([
			`ds ${netDs!.id} → key:net.|${netDs!.keyTag}|ECDSAP256SHA256 secure`,
			`signature key:net.|${netDs!.keyTag}|ECDSAP256SHA256 → rrset:net.|net.|DNSKEY secure`,
		]);
		// The answer's signature verifies, but by a key the chain does not reach: as bogus as the zone.
		const answerSignatures = graph.edges.filter((edge) => edge.kind === 'signature' && edge.to === 'rrset:rollover.net.|www.rollover.net.|A');
		expect(answerSignatures).toHaveLength(1);
		expect(answerSignatures[0]).toMatchObject({status: 'bogus', verdict: 'valid'});
	});

	it('tox.im: its glueless name servers point at servicex-dns.com., whose own servers point at servicey.net.', async () => {
		const graph = await graphOf('tox.im');
		expect(activities(zone(graph, 'tox.im.'))).toEqual({'ns1.servicex-dns.com.': [], 'ns2.servicex-dns.com.': []});
		expect(zone(graph, 'tox.im.').servers.map((server) => server.activity)).toEqual(['no-address', 'no-address']);
		expect(activities(zone(graph, 'servicey.net.'))).toEqual({'ns1.servicey.net.': ['127.77.31.1 timed-out'], 'ns2.servicey.net.': ['127.77.31.2 timed-out']});
		expect(graph.edges.filter((edge) => edge.kind === 'dependency')).toEqual([
			{kind: 'dependency', from: 'server:tox.im.|ns1.servicex-dns.com.', to: 'zone:servicex-dns.com.'},
			{kind: 'dependency', from: 'server:tox.im.|ns2.servicex-dns.com.', to: 'zone:servicex-dns.com.'},
			{kind: 'dependency', from: 'server:servicex-dns.com.|ns1.servicey.net.', to: 'zone:servicey.net.'},
			{kind: 'dependency', from: 'server:servicex-dns.com.|ns2.servicey.net.', to: 'zone:servicey.net.'},
		]);
		expect(graph.outcome.status).toBe('failure');
		// The path: the root, im., tox.im.; the zones reached only for the name servers' addresses are off it.
		expect(graph.zones.filter((entry) => entry.onPath).map((entry) => entry.name)).toEqual(['.', 'im.', 'tox.im.']);
	});
});
