import {describe, expect, it} from 'vitest';
import {withAnalysis, type AnalysedTrace} from '../../source/analysis/analyze.js';
import type {ProbePurpose, Trace} from '../../source/trace/model.js';
import {buildWorld} from '../../source/lab/world.js';
import {CATALOGUE} from '../helpers/catalogue.js';
import {labTrace, labWorld} from '../helpers/lab.js';

const catalogue = buildWorld(CATALOGUE);

/**
 * The same trace as if the walk's own question had reached the zone's servers before the check asking the same (a
 * server is asked each question once, under the purpose that asked it first; which goes first is a matter of timing
 * for a trace of `ZONE NS`, `ZONE DNSKEY`, `ZONE SOA`, and a survey's load decides it).
 */
function walkWentFirst(trace: Trace, zone: string, purpose: ProbePurpose, type: string, name = zone): Trace {
	const copy = structuredClone(trace);
	for (const server of copy.zones.find((candidate) => candidate.name === zone)!.servers)
		for (const probe of server.probes) if (probe.purpose === purpose && probe.question.type === type && probe.question.name === name) probe.purpose = 'walk';
	return copy;
}

describe("a trace whose own question is one of the zone's checks, asked by the walk first", () => {
	it('still compares the NS sets (nsset.cat. NS)', async () => {
		const anchors = {source: 'catalogue', records: catalogue.trustAnchor};
		const trace = await labTrace('nsset.cat.', 'NS', {world: catalogue, families: [4], timeoutMs: 250});
		const message = (analysed: AnalysedTrace) => analysed.analysis.findings.find((finding) => finding.code === 'NS_SET_MISMATCH')?.message;
		const expected = "nsset.cat.: the delegation at cat. and the zone's own NS set differ; only the parent lists ns2.nsset.cat.; only the zone lists ns3.nsset.cat.";
		expect(message(withAnalysis(trace, {anchors}))).toBe(expected);
		expect(message(withAnalysis(walkWentFirst(trace, 'nsset.cat.', 'ns', 'NS'), {anchors}))).toBe(expected);
	});

	it("still reads each server's keys (example.com. DNSKEY)", async () => {
		const anchors = {source: 'lab', records: labWorld().trustAnchor.filter((record) => record.type === 'DS')};
		const trace = await labTrace('example.com.', 'DNSKEY', {families: [4], timeoutMs: 250});
		const zoneOf = (analysed: AnalysedTrace) => analysed.analysis.dnssec.zones.find((zone) => zone.zone === 'example.com.')!;
		const judged = (analysed: AnalysedTrace) => [analysed.analysis.dnssec.outcome.status, zoneOf(analysed).status, zoneOf(analysed).keyTags, zoneOf(analysed).servers.map((server) => server.status)];
		const asTraced = withAnalysis(trace, {anchors});
		expect(zoneOf(asTraced).keyTags).toHaveLength(2);
		expect(judged(asTraced).slice(0, 2)).toEqual(['secure', 'secure']);
		expect(judged(withAnalysis(walkWentFirst(trace, 'example.com.', 'dnskey', 'DNSKEY'), {anchors}))).toEqual(judged(asTraced));
	});

	// The walk asks a referral's child its question at once (askAhead), before the zone's own address checks go out a
	// turn later: a trace of a server's own name, or an NS-name look-up passing through that server's zone, asks it.
	it("still compares the glue with the zone's own addresses (ns2.glue.cat. A)", async () => {
		const anchors = {source: 'catalogue', records: catalogue.trustAnchor};
		const message = (analysed: AnalysedTrace) => analysed.analysis.findings.find((finding) => finding.code === 'GLUE_MISMATCH')?.message;
		const expected = 'glue.cat.: glue for ns2.glue.cat. at cat. says 127.77.243.1, the zone itself says 127.77.226.9';
		const trace = await labTrace('ns2.glue.cat.', 'A', {world: catalogue, families: [4], timeoutMs: 250});
		expect(message(withAnalysis(trace, {anchors}))).toBe(expected);
		const other = await labTrace('www.glue.cat.', 'A', {world: catalogue, families: [4], timeoutMs: 250});
		expect(message(withAnalysis(walkWentFirst(other, 'glue.cat.', 'ns-address', 'A', 'ns2.glue.cat.'), {anchors}))).toBe(expected);
	});
});
