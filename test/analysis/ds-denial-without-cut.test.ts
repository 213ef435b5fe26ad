import {describe, expect, it} from 'vitest';
import {withAnalysis} from '../../source/analysis/analyze.js';
import {buildConformanceWorld} from '../helpers/conformance-cases.js';
import {labTrace} from '../helpers/lab.js';

/*
 * RFC 6840 4.4: a proof of an unsigned delegation must show the delegation, NS in the type bitmap of the NSEC or NSEC3
 * at the name (or an opt-out span). nonsbit.'s chain leaves NS out at plain.nonsbit.: its signed denial of the DS is
 * sound, but says no zone cut is there, so Unbound and delv hold plain.nonsbit. to nonsbit.'s keys and fail its
 * unsigned answers (docs/conformance.md). Read as "no DS, so insecure", the zone looked healthy.
 */
const world = buildConformanceWorld('rooted');
const analyse = async (name: string) => withAnalysis(await labTrace(name, 'A', {world: world.lab, families: [4]}), {anchors: {source: 'conformance', records: world.anchors}}).analysis;

describe('a DS denial that shows no zone cut at a delegation', () => {
	for (const [parent, record] of [['nonsbit.', 'NSEC at'], ['nonsbit3.', 'NSEC3 for']] as const) {
		const child = `plain.${parent}`;
		it(`makes ${child} bogus, not insecure, with a finding at ${parent} that says why (${record.split(' ')[0]})`, async () => {
			const analysis = await analyse(`www.${child}`);
			expect(analysis.dnssec.outcome.status).toBe('bogus');
			expect(analysis.dnssec.zones.find((zone) => zone.zone === child)?.reason).toBe(
				`no DS at ${parent}, and its proof shows no delegation at ${child} (the ${record} ${child} shows no DS, and no NS there): a validator expects ${child}'s records signed with ${parent}'s keys, so the answers of its servers fail (RFC 6840 §4.4): ${child} DS from ns.${parent} (127.79.1.2)`,
			);
			const errors = analysis.findings.filter((finding) => finding.severity === 'error');
			expect(errors.map((finding) => [finding.code, finding.zone, finding.message])).toEqual([
				['DENIAL_INVALID', parent, `${parent}: ns.${parent} (127.79.1.2): NODATA for ${child} DS: the ${record} ${child} shows no DS, and no NS, though ${parent} refers resolvers to ${child}: validators take the signed NSEC's word, that no zone starts there, and fail ${child}'s answers (RFC 6840 §4.4)`],
			]);
		});
	}

	it('leaves an unsigned delegation whose NSEC shows NS insecure, with no error', async () => {
		const analysis = await analyse('www.unsigned.');
		expect(analysis.dnssec.outcome.status).toBe('insecure');
		expect(analysis.findings.filter((finding) => finding.severity === 'error')).toEqual([]);
	});
});
