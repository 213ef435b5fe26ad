import {describe, expect, it} from 'vitest';
import {withAnalysis} from '../../source/analysis/analyze.js';
import {partiesInWords} from '../../source/analysis/finding-catalogue.js';
import {INTERNET} from '../../source/lab/internet.js';
import {buildWorld, type WorldSpec} from '../../source/lab/world.js';
import {labTrace} from '../helpers/lab.js';

describe('a name-server dependency loop between two zones', () => {
	it('names both zones and the names each waits on, in its message and its zone owners', async () => {
		// alpha.com.'s servers are named under beta.com., beta.com.'s under alpha.com., and com. gives no glue for either.
		const records = ['alpha 172800 NS ns1.beta.com.', 'alpha 172800 NS ns2.beta.com.', 'beta 172800 NS ns1.alpha.com.', 'beta 172800 NS ns2.alpha.com.'].join('\n');
		const spec: WorldSpec = {...INTERNET, zones: INTERNET.zones.map((zone) => (zone.origin === 'com.' ? {...zone, text: `${zone.text}\n${records}\n`} : zone))};
		const world = buildWorld(spec);
		const trace = await labTrace('www.alpha.com', 'A', {world, families: [4], timeoutMs: 100});
		const {findings} = withAnalysis(trace, {anchors: {source: 'lab', records: world.trustAnchor}}).analysis;
		const loops = findings.filter((finding) => finding.code === 'LOOP_DETECTED');
		expect(loops).toHaveLength(1);
		// The walk gives up at beta.com. (the look-ups of alpha.com.'s servers reach it first); the finding tells alpha.com. too.
		expect(loops[0]!.message).toBe(
			'name-server dependency loop: beta.com. and alpha.com. wait on each other: reaching beta.com. needs the address of ns1.alpha.com., ns2.alpha.com., named under alpha.com.; reaching alpha.com. needs the address of ns1.beta.com., ns2.beta.com., named under beta.com.; no glue breaks the circle',
		);
		expect(loops[0]!.parties.find((party) => party.role === 'zone-owner')!.names).toEqual(['beta.com.', 'alpha.com.']);
		expect(partiesInWords(loops[0]!.parties)).toContain('beta.com');
		expect(partiesInWords(loops[0]!.parties)).toContain('alpha.com');
	});
});
