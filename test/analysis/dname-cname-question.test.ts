import {describe, expect, it} from 'vitest';
import {withAnalysis} from '../../source/analysis/analyze.js';
import {buildConformanceWorld} from '../helpers/conformance-cases.js';
import {labTrace} from '../helpers/lab.js';

/*
 * Asked `www.old.dname. CNAME` in a signed zone with `old DNAME new`, the server answers the DNAME with its RRSIG and the
 * CNAME it synthesizes (unsigned, RFC 6672 §5.3.1), then, finding no CNAME at www.new.dname., a NODATA proof for it. The
 * synthesized CNAME is what was asked, and the DNAME that makes it validates. digdeeper followed the chain to
 * www.new.dname. as for an A question, judged a CNAME RRset there that does not exist, and said bogus ("no RRSIG").
 * The referees split on it (tried in the conformance world, session 30): BIND's delv "fully validated", Unbound
 * SERVFAIL. digdeeper now says secure, as the RFC and delv do; with no agreement there is no conformance case.
 */
const world = buildConformanceWorld('rooted');
const judged = async (name: string, type: string) => {
	const {trace, analysis} = withAnalysis(await labTrace(name, type, {world: world.lab, families: [4]}), {anchors: {source: 'conformance', records: world.anchors}});
	return {outcome: trace.outcome.status, records: trace.outcome.records.map((record) => `${record.name} ${record.type}`), dnssec: analysis.dnssec.outcome.status, reason: analysis.dnssec.outcome.reason, errors: analysis.findings.filter((finding) => finding.severity === 'error').map((finding) => finding.code)};
};

describe('a CNAME question answered by the CNAME a DNAME synthesizes', () => {
	it('is secure: the DNAME validates, and the CNAME asked for is the one it synthesizes', async () => {
		expect(await judged('www.old.dname.', 'CNAME')).toEqual({
			outcome: 'answer',
			records: ['www.old.dname. CNAME'],
			dnssec: 'secure',
			reason: expect.stringMatching(/^old\.dname\. DNAME validates \(valid, signed by key \d+\); www\.old\.dname\. CNAME is synthesised from it$/u),
			errors: [],
		});
	});

	it('is bogus when a CNAME the DNAME does not synthesize stands beside the synthesized one (unsigned, vouched for by nothing)', async () => {
		const trace = await labTrace('www.old.dname.', 'CNAME', {world: world.lab, families: [4]});
		// A forged CNAME added to every reply of dname.'s server, as a man in the middle could.
		for (const probe of trace.zones.find((zone) => zone.name === 'dname.')!.servers.flatMap((server) => server.probes)) {
			if (probe.response && probe.question.name === 'www.old.dname.') {
				probe.response = {...probe.response, answer: [...probe.response.answer, {name: 'www.old.dname.', type: 'CNAME', class: 'IN', ttl: 3600, data: {kind: 'name', target: 'evil.example.'}}]};
			}
		}
		const {analysis} = withAnalysis(trace, {anchors: {source: 'conformance', records: world.anchors}});
		expect(analysis.dnssec.outcome).toMatchObject({status: 'bogus', reason: expect.stringContaining('www.old.dname. CNAME: points to evil.example., not www.new.dname. as the DNAME at old.dname. says')});
	});

	it('leaves the A question through the same DNAME as it was: the DNAME and the target\'s A validate', async () => {
		expect(await judged('www.old.dname.', 'A')).toMatchObject({outcome: 'answer', dnssec: 'secure', reason: expect.stringMatching(/^old\.dname\. DNAME and www\.new\.dname\. A validate/u), errors: []});
	});
});
