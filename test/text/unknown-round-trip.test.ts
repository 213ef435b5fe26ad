import {describe, expect, it} from 'vitest';
import {withAnalysis} from '../../source/analysis/analyze.js';
import {parseSnapshot} from '../../source/snapshot/snapshot.js';
import {serializeSnapshot} from '../../source/snapshot/write-snapshot.js';
import {renderTraceText} from '../../source/text/trace-text.js';
import {labTrace, labWorld} from '../helpers/lab.js';

describe('an answer whose round trip a file does not give', () => {
	it('reads "?" in --text, as in the explorer, not a made-up 0.00 ms', async () => {
		const world = labWorld();
		const trace = await labTrace('www.example.com', 'A', {world, families: [4]});
		const file = JSON.parse(serializeSnapshot(withAnalysis(trace, {anchors: {source: 'lab', records: world.trustAnchor}}), {name: 'digdeeper', version: 'test'}));
		const root = file.zones.find((zone: {name: string}) => zone.name === '.');
		const walk = root.servers[0].probes.find((probe: {purpose: string}) => probe.purpose === 'walk');
		expect(walk.status).toBe('answered');
		delete walk.rttMs;
		const opened = parseSnapshot(JSON.stringify(file));
		const rows = String(renderTraceText(withAnalysis(opened.trace, {anchors: {source: 'lab', records: world.trustAnchor}}), {toolVersion: 'test'})).split('\n');
		const row = rows.find((line) => line.includes(root.servers[0].address) && line.includes('referral'))!;
		expect(row).toMatch(/ \? +NOERROR/u);
		expect(row).not.toContain('0.00 ms');
		// The other root servers keep theirs.
		expect(rows.find((line) => line.includes(root.servers[1].address) && line.includes('referral'))).toMatch(/ \d+\.\d\d ms +NOERROR/u);
	});
});
