import {describe, expect, it} from 'vitest';
import {withAnalysis} from '../../source/analysis/analyze.js';
import type {Trace} from '../../source/trace/model.js';
import {labTrace, labWorld} from '../helpers/lab.js';

const anchors = () => ({source: 'lab', records: labWorld().trustAnchor});

/** The trace with every referral ns3.example.net. gave back pointing at `owner` instead of the root. */
function referringTo(trace: Trace, owner: string): Trace {
	const zones = trace.zones.map((zone) => ({
		...zone,
		servers: zone.servers.map((server) =>
			server.name !== 'ns3.example.net.'
				? server
				: {...server, probes: server.probes.map((probe) => (probe.kind !== 'upward-referral' || !probe.response ? probe : {...probe, response: {...probe.response, authority: probe.response.authority.map((record) => (record.type === 'NS' ? {...record, name: owner} : record))}}))},
		),
	}));
	return {...trace, zones};
}

describe('UPWARD_REFERRAL says where the referral pointed', () => {
	it('up the tree, for a server that refers the asker to the root', async () => {
		const {analysis} = withAnalysis(await labTrace('www.example.net.', 'A'), {anchors: anchors()});
		const finding = analysis.findings.find((entry) => entry.code === 'UPWARD_REFERRAL');
		expect(finding?.message).toMatch(/^example\.net\.: ns3\.example\.net\. \(127\.77\.113\.3\) refers back up the tree \(\d+ of \d+ queries\): it does not have the zone$/u);
		expect(finding?.explanation).toMatch(/refers back up the tree.*points to the root \(or a zone above\)/su);
	});

	it('back to the zone itself, for a server whose referral names the zone it was asked as: no step up the tree', async () => {
		const {analysis} = withAnalysis(referringTo(await labTrace('www.example.net.', 'A'), 'example.net.'), {anchors: anchors()});
		const message = analysis.findings.find((finding) => finding.code === 'UPWARD_REFERRAL')?.message;
		expect(message).toMatch(/^example\.net\.: ns3\.example\.net\. \(127\.77\.113\.3\) refers the question back to the zone itself, without authority \(\d+ of \d+ queries\): it does not have the zone$/u);
		expect(message).not.toContain('up the tree');
		const explanation = analysis.findings.find((finding) => finding.code === 'UPWARD_REFERRAL')?.explanation;
		expect(explanation).toMatch(/refers the question back to the zone itself/u);
		expect(explanation).toContain("points to the zone's own name servers, without authority");
		expect(explanation).not.toContain('up the tree');
	});
});
