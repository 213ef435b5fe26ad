import {describe, expect, it} from 'vitest';
import {withAnalysis} from '../../source/analysis/analyze.js';
import {summarizeZone} from '../../source/survey/zone-summary.js';
import {surveyZoneLine} from '../../source/text/survey-text.js';
import {columnHeads, zoneRowParts} from '../../source/ui/survey/survey-rows.js';
import {buildTree} from '../../source/ui/tree-model.js';
import {labTrace, labWorld} from '../helpers/lab.js';

const anchors = () => ({source: 'lab', records: labWorld().trustAnchor.filter((record) => record.type === 'DS')});

describe("a zone's servers answering: the survey counts what the tree counts", () => {
	it('a lame server that echoes the SOA without authority is not one: 2/4 in the tree, the list and --text', async () => {
		// .creditunion: c.pch refuses, d.pch answers without authority (no AA); a.nic and b.nic answer.
		const analysed = withAnalysis(await labTrace('creditunion.', 'SOA'), {anchors: anchors()});
		const summary = summarizeZone('creditunion.', analysed);
		const tree = buildTree(analysed.trace, analysed.analysis);
		const zone = tree.flatMap((root) => [root, ...root.children]).find((node) => node.ref.kind === 'zone' && node.ref.zone === 'creditunion.')!;

		expect(summary.servers).toEqual({answering: 2, total: 4});
		expect(zone.state).toMatch(/^2\/4 answering/u);
		expect(zone.least).toBe('2/4 ok');
		expect(zoneRowParts(summary, 118).lead).toMatch(/^creditunion\. +2\/4 /u);
		expect(columnHeads(118)).toMatch(/^zone +ok +serial/u);
		expect(surveyZoneLine(summary)).toMatch(/^creditunion\. +2\/4 answering /u);
	});

	it('a name server with no address is a server that does not answer: td. (two of four names NXDOMAIN) is 2/4, not 2/2', async () => {
		const analysed = withAnalysis(await labTrace('td.', 'SOA'), {anchors: anchors()});
		const summary = summarizeZone('td.', analysed);
		const zone = buildTree(analysed.trace, analysed.analysis).flatMap((root) => [root, ...root.children]).find((node) => node.ref.kind === 'zone' && node.ref.zone === 'td.')!;
		expect(analysed.analysis.findings.find((finding) => finding.code === 'NS_NAME_UNRESOLVABLE')?.zone).toBe('td.');
		expect(summary.servers).toEqual({answering: 2, total: 4});
		expect(zone.state).toMatch(/^2\/4 answering · 2 with no address/u);
		expect(zone.least).toBe('2/4 ok');
		expect(zone.tone).toBe('warn');
		expect(surveyZoneLine(summary)).toMatch(/^td\. +2\/4 answering /u);
	});
});
