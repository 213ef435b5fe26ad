import {describe, expect, it} from 'vitest';
import {withAnalysis} from '../../source/analysis/analyze.js';
import {buildWorld} from '../../source/lab/world.js';
import {labTrace} from '../helpers/lab.js';

/*
 * The mirror of a stale secondary from before a delegation (delegation-denials.test.ts): here the delegation was
 * removed from one. (serial 2, current, on ns1, which still serves child.one.), and a stale secondary ns2 (serial 1)
 * still has `child NS`; both serve child.one. too, so neither refers and the walk finds the child from its SOA. The
 * serials say which copy is current: the newest copy denies the child, so it is not delegated.
 */
const one = (serial: number, extra: string) => `@ SOA ns1.one. h.one. ${serial} 1 1 1 1\n@ NS ns1.one.\n@ NS ns2.one.\nns1 A 127.83.2.2\nns2 A 127.83.2.3\n${extra}`;
for (const [how, signing] of [['NSEC', {algorithm: 13}], ['NSEC3', {algorithm: 13, nsec3: {}}], ['unsigned', undefined]] as const) {
	describe(`a delegation removed from one. (${how}), a stale secondary still carrying it`, () => {
		const world = buildWorld({
			roots: ['a.root.lab.'],
			stories: [],
			servers: [
				{name: 'a.root.lab.', ipv4: '127.83.2.1', zones: [{zone: '.'}]},
				{name: 'ns1.one.', ipv4: '127.83.2.2', zones: [{zone: 'one.'}, {zone: 'child.one.'}]},
				{name: 'ns2.one.', ipv4: '127.83.2.3', zones: [{zone: 'one.', copy: {origin: 'one.', text: one(1, 'child NS ns1.one.\n')}}, {zone: 'child.one.'}]},
			],
			zones: [
				{origin: '.', signing: {algorithm: 13}, text: '@ SOA a.root.lab. h.lab. 1 1 1 1 1\n@ NS a.root.lab.\na.root.lab. A 127.83.2.1\none. NS ns1.one.\none. NS ns2.one.\nns1.one. A 127.83.2.2\nns2.one. A 127.83.2.3'},
				{origin: 'one.', text: one(2, ''), ...(signing ? {signing} : {})},
				{origin: 'child.one.', text: '@ SOA ns1.one. h.child.one. 1 1 1 1 1\n@ NS ns1.one.\nwww A 192.0.2.1'},
			],
		});
		it('still says ZONE_NOT_DELEGATED (the current parent, serial 2, does not delegate child.one.)', async () => {
			const {analysis} = withAnalysis(await labTrace('www.child.one', 'A', {world, families: [4]}), {anchors: {source: 'lab', records: world.trustAnchor}});
			expect(analysis.findings.map((finding) => finding.code)).toContain('ZONE_NOT_DELEGATED');
		});
	});
}
