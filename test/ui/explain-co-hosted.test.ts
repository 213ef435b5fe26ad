import {describe, expect, it} from 'vitest';
import {withAnalysis} from '../../source/analysis/analyze.js';
import {explainLines} from '../../source/ui/views/explain-view.js';
import {zoneGridLines, type Line} from '../../source/ui/views/lines.js';
import {labTrace, labWorld} from '../helpers/lab.js';

const text = (lines: Line[]) => lines.map((line) => line.map((segment) => segment.text).join('')).join('\n');

describe("the explain pane on a zone whose servers also serve the child (co-hosted): information, not a fault", () => {
	it('says each parent server that also serves the child answered from its data, and that nothing is wrong', async () => {
		const {trace, analysis} = withAnalysis(await labTrace('www.nic.gm.', 'A', {timeoutMs: 250}), {anchors: {source: 'lab', records: labWorld().trustAnchor}});
		const parent = text(explainLines(trace, analysis, {kind: 'zone', zone: 'gm.'}));
		expect(parent).toContain('no server referred: they answered from the data of nic.gm.');
		expect(parent).toContain("ns1.dns.gm. (127.77.57.1) also serves nic.gm. (co-hosted): it answered from the child's data.");
		expect(parent).toContain("ns2.dns.gm. (127.77.157.2) also serves nic.gm. (co-hosted): it answered from the child's data.");
		expect(parent).not.toContain('What is wrong here');
		const child = text(explainLines(trace, analysis, {kind: 'zone', zone: 'nic.gm.'}));
		expect(child).toContain('The servers of gm. also serve nic.gm. and answered from its data instead of referring');
		expect(child).toContain('Here the walk ended: an authoritative answer');
	});

	it("the child's grid counts its NS set, with no parent list to call it different from", async () => {
		const {trace, analysis} = withAnalysis(await labTrace('www.nic.gm.', 'A', {timeoutMs: 250}), {anchors: {source: 'lab', records: labWorld().trustAnchor}});
		const grid = text(zoneGridLines(trace, analysis, trace.zones.find((zone) => zone.name === 'nic.gm.')!));
		expect(grid).toContain('parent (gm.) gave no referral: it answered from this zone\'s data');
		expect(grid).toMatch(/127\.77\.57\.1 .* 2 names /u);
		expect(grid).not.toContain('differs');
	});
});
