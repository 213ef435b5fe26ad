import {describe, expect, it} from 'vitest';
import {withAnalysis} from '../../source/analysis/analyze.js';
import {familyOf} from '../../source/dns/address.js';
import type {QueryFailure, Transport} from '../../source/dns/transport.js';
import {createLabTransport} from '../../source/lab/lab-transport.js';
import {summarizeZone} from '../../source/survey/zone-summary.js';
import {renderReport} from '../../source/text/report.js';
import {buildTree, type TreeNode} from '../../source/ui/tree-model.js';
import {labTrace, labWorld} from '../helpers/lab.js';

/** The lab, from a host with no IPv6 route: every IPv6 query fails at once, before it leaves. */
function withoutIpv6(): Transport {
	const lab = createLabTransport(labWorld(), {latencyScale: 0});
	const noRoute: QueryFailure = {ok: false, error: 'network', code: 'ENETUNREACH', detail: 'ENETUNREACH: connect ENETUNREACH', transport: 'udp', attempts: 1, rttMs: 0, elapsedMs: 0, ignored: 0, truncatedOverUdp: false, ednsFallback: false, ednsDropped: false, udpTimedOut: false};
	return {query: async (server, question, options) => (familyOf(server.address) === 6 ? noRoute : lab.query(server, question, options))};
}

const rows = (nodes: TreeNode[]): TreeNode[] => nodes.flatMap((node) => [node, ...rows(node.children)]);

describe('the views of a trace from a host that could not ask every address', () => {
	it('counts only the asked addresses: a zone whose asked servers all answer is ok, and says how many were not asked', async () => {
		const world = labWorld();
		const trace = await labTrace('www.example.com', 'A', {transport: withoutIpv6()});
		const tree = rows(buildTree(trace, withAnalysis(trace, {anchors: {source: 'lab', records: world.trustAnchor}}).analysis));
		const zone = (name: string) => tree.find((node) => node.ref.kind === 'zone' && node.ref.zone === name)!;
		expect(zone('.')).toMatchObject({state: '4/4 answering · 4 not asked · secure', shorter: ['4/4 ok · secure'], tone: 'ok'});
		expect(zone('example.com.')).toMatchObject({state: '2/2 answering · 2 not asked · secure', tone: 'ok'});
		const ns1 = tree.find((node) => node.ref.kind === 'nameserver' && node.ref.zone === 'example.com.' && node.ref.name === 'ns1.example.com.')!;
		expect(ns1).toMatchObject({state: 'ok, skipped', shorter: ['1/1 ok'], tone: 'ok'});
	});

	it('the report\'s delegation path and the survey\'s zone line count the asked addresses too', async () => {
		const world = labWorld();
		const analysed = withAnalysis(await labTrace('www.example.com', 'A', {transport: withoutIpv6()}), {anchors: {source: 'lab', records: world.trustAnchor}});
		const report = String(renderReport(analysed, {format: 'markdown', toolVersion: 'test'}));
		expect(report).toContain('1. `.`: 4/4 server addresses answering (4 not asked); referral to com.');
		expect(report).toContain('1. `example.com.`: 2/2 server addresses answering (2 not asked); answer');
		expect(summarizeZone('example.com.', analysed).servers).toEqual({answering: 2, total: 2});
	});
});
