import {describe, expect, it} from 'vitest';
import {withAnalysis} from '../../source/analysis/analyze.js';
import {buildWorld} from '../../source/lab/world.js';
import {labTrace} from '../helpers/lab.js';

/*
 * Who is told what when a signed parent's denial of a child's DS shows no zone cut (RFC 6840 4.4). Validators then
 * hold the child to the parent's keys and fail it; what is wrong, and who fixes it, depends on how the walk got there:
 * - the parent does not delegate the child at all, but its server serves the child too (the walk found the cut by the
 *   child's SOA): ZONE_NOT_DELEGATED, whoever denies the DS (NXDOMAIN, or an NSEC at the name without NS, an empty
 *   non-terminal, a wildcard), never DENIAL_INVALID's "re-sign the zone";
 * - a stale secondary of the parent, from before the delegation, beside a server whose proof shows the cut: the child
 *   is insecure and works, and the stale copy is the warnings it always was, whether or not a server of the parent
 *   serves the child too;
 * - a delegation removed from the newest copy of the parent, a stale one still carrying it: removed-delegation.test.ts.
 * (A parent that refers to the child while its own NSEC there shows no NS: test/analysis/ds-denial-without-cut.test.ts.)
 */
const SIGNED = {algorithm: 13};

async function analyse(world: ReturnType<typeof buildWorld>, name: string) {
	return withAnalysis(await labTrace(name, 'A', {world, families: [4]}), {anchors: {source: 'lab', records: world.trustAnchor}});
}

describe('a child the parent does not delegate, served by the parent\'s server', () => {
	const world = (inParent: string) =>
		buildWorld({
			roots: ['a.root.lab.'],
			stories: [],
			servers: [
				{name: 'a.root.lab.', ipv4: '127.77.203.1', zones: [{zone: '.'}]},
				{name: 'ns1.one.', ipv4: '127.77.203.2', zones: [{zone: 'one.'}, {zone: 'child.one.'}]},
			],
			zones: [
				{origin: '.', text: '@ SOA a.root.lab. h.lab. 1 1 1 1 1\n@ NS a.root.lab.\na.root.lab. A 127.77.203.1\none. NS ns1.one.\nns1.one. A 127.77.203.2', signing: SIGNED},
				{origin: 'one.', text: `@ SOA ns1.one. h.one. 1 1 1 1 1\n@ NS ns1.one.\nns1.one. A 127.77.203.2\n${inParent}`, signing: SIGNED},
				{origin: 'child.one.', text: '@ SOA ns1.one. h.child.one. 1 1 1 1 1\n@ NS ns1.one.\nwww A 192.0.2.1'},
			],
		});

	for (const [what, inParent, denial] of [
		['nothing at child.one. in one.', '', 'NXDOMAIN for child.one. DS'],
		['a wildcard in one.', '* TXT "w"', 'its signed denial of child.one. DS shows no NS at child.one.'],
		['a TXT at child.one. in one. (its NSEC shows no NS)', 'child TXT "x"', 'its signed denial of child.one. DS shows no NS at child.one.'],
		['an empty non-terminal at child.one. in one.', 'x.child TXT "x"', 'its signed denial of child.one. DS shows no NS at child.one.'],
	] as const) {
		it(`is ZONE_NOT_DELEGATED, and bogus for validators, with ${what}`, async () => {
			const {analysis} = await analyse(world(inParent), 'www.child.one.');
			expect(analysis.dnssec.outcome.status).toBe('bogus');
			expect(analysis.findings.filter((finding) => finding.severity === 'error').map((finding) => [finding.code, finding.message])).toEqual([
				[
					'ZONE_NOT_DELEGATED',
					`child.one.: the one. servers answer www.child.one. A from their own copy of child.one., but one. does not delegate it (${denial}), and one. is signed: validating resolvers answer SERVFAIL for every name in child.one.: only servers that serve both zones give its data`,
				],
			]);
		});
	}
});

describe('a stale secondary of the parent, from before the delegation, beside one that has it', () => {
	const one = (serial: number, extra: string) => `@ SOA ns1.one. h.one. ${serial} 1 1 1 1\n@ NS ns1.one.\n@ NS ns2.one.\nns1 A 127.77.204.2\nns2 A 127.77.204.3\nns3 A 127.77.204.4\n${extra}`;
	for (const wildcard of ['', '* TXT "w"\n']) {
		it(`leaves the child insecure, and the stale copy its warnings, with no error${wildcard ? ' (a wildcard in one.: the stale copy answers NODATA)' : ''}`, async () => {
			const world = buildWorld({
				roots: ['a.root.lab.'],
				stories: [],
				servers: [
					{name: 'a.root.lab.', ipv4: '127.77.204.1', zones: [{zone: '.'}]},
					{name: 'ns1.one.', ipv4: '127.77.204.2', zones: [{zone: 'one.'}]},
					{name: 'ns2.one.', ipv4: '127.77.204.3', zones: [{zone: 'one.', copy: {origin: 'one.', text: one(1, wildcard)}}]},
					{name: 'ns3.one.', ipv4: '127.77.204.4', zones: [{zone: 'child.one.'}]},
				],
				zones: [
					{origin: '.', text: '@ SOA a.root.lab. h.lab. 1 1 1 1 1\n@ NS a.root.lab.\na.root.lab. A 127.77.204.1\none. NS ns1.one.\none. NS ns2.one.\nns1.one. A 127.77.204.2\nns2.one. A 127.77.204.3', signing: SIGNED},
					{origin: 'one.', text: one(2, `${wildcard}child NS ns3.one.\n`), signing: SIGNED},
					{origin: 'child.one.', text: '@ SOA ns3.one. h.child.one. 1 1 1 1 1\n@ NS ns3.one.\nwww A 192.0.2.1'},
				],
			});
			const {analysis} = await analyse(world, 'www.child.one.');
			expect(analysis.dnssec.outcome.status).toBe('insecure');
			expect(analysis.findings.filter((finding) => finding.severity === 'error')).toEqual([]);
			expect(analysis.findings.filter((finding) => finding.severity === 'warning').map((finding) => finding.code)).toEqual(expect.arrayContaining(['SERIAL_MISMATCH', 'REFERRAL_INCONSISTENT']));
		});
	}
});

describe('a stale secondary of the parent beside a current one that serves the child too', () => {
	const one = (serial: number, extra: string) => `@ SOA ns1.one. h.one. ${serial} 1 1 1 1\n@ NS ns1.one.\n@ NS ns2.one.\nns1 A 127.77.206.2\nns2 A 127.77.206.3\n${extra}`;
	for (const [what, stale, nsec3] of [['nothing at child.one.', '', false], ['a wildcard', '* TXT "w"\n', false], ['an empty non-terminal at child.one.', 'x.child TXT "x"\n', false], ['nothing at child.one., NSEC3', '', true], ['a wildcard, NSEC3', '* TXT "w"\n', true]] as const) {
		it(`is no ZONE_NOT_DELEGATED, the child insecure (the stale copy has ${what})`, async () => {
			const world = buildWorld({
				roots: ['a.root.lab.'],
				stories: [],
				servers: [
					{name: 'a.root.lab.', ipv4: '127.77.206.1', zones: [{zone: '.'}]},
					{name: 'ns1.one.', ipv4: '127.77.206.2', zones: [{zone: 'one.'}, {zone: 'child.one.'}]},
					{name: 'ns2.one.', ipv4: '127.77.206.3', zones: [{zone: 'one.', copy: {origin: 'one.', text: one(1, stale)}}]},
				],
				zones: [
					{origin: '.', text: '@ SOA a.root.lab. h.lab. 1 1 1 1 1\n@ NS a.root.lab.\na.root.lab. A 127.77.206.1\none. NS ns1.one.\none. NS ns2.one.\nns1.one. A 127.77.206.2\nns2.one. A 127.77.206.3', signing: SIGNED},
					{origin: 'one.', text: one(2, `${stale}child NS ns1.one.\n`), signing: nsec3 ? {algorithm: 13, nsec3: {}} : SIGNED},
					{origin: 'child.one.', text: '@ SOA ns1.one. h.child.one. 1 1 1 1 1\n@ NS ns1.one.\nwww A 192.0.2.1'},
				],
			});
			const {analysis} = await analyse(world, 'www.child.one.');
			expect(analysis.dnssec.outcome.status).toBe('insecure');
			expect(analysis.findings.map((finding) => finding.code)).not.toContain('ZONE_NOT_DELEGATED');
		});
	}
});

describe('a parent whose NSEC chain left out the delegation\'s NS, every server of it serving the child too', () => {
	it('is ZONE_NOT_DELEGATED, and bogus: with no referral, the signed NSEC at the name is all there is, and it says no zone starts there', async () => {
		// An NSEC at the name with no type of its own cannot tell a chain that lost the NS from compact denial (RFC 9824:
		// test/analysis/compact-denial.test.ts), whose parent indeed has no delegation: the proof's word is taken.
		const world = buildWorld({
			roots: ['a.root.lab.'],
			stories: [],
			servers: [
				{name: 'a.root.lab.', ipv4: '127.77.207.1', zones: [{zone: '.'}]},
				{name: 'ns1.one.', ipv4: '127.77.207.2', zones: [{zone: 'one.'}, {zone: 'child.one.'}]},
				{name: 'ns2.one.', ipv4: '127.77.207.3', zones: [{zone: 'one.'}, {zone: 'child.one.'}]},
			],
			zones: [
				{origin: '.', text: '@ SOA a.root.lab. h.lab. 1 1 1 1 1\n@ NS a.root.lab.\na.root.lab. A 127.77.207.1\none. NS ns1.one.\none. NS ns2.one.\nns1.one. A 127.77.207.2\nns2.one. A 127.77.207.3', signing: SIGNED},
				{origin: 'one.', text: '@ SOA ns1.one. h.one. 1 1 1 1 1\n@ NS ns1.one.\n@ NS ns2.one.\nns1 A 127.77.207.2\nns2 A 127.77.207.3\nchild NS ns1.one.\nchild NS ns2.one.', signing: {algorithm: 13, nsecWithoutNsAt: ['child.one.']}},
				{origin: 'child.one.', text: '@ SOA ns1.one. h.child.one. 1 1 1 1 1\n@ NS ns1.one.\n@ NS ns2.one.\nwww A 192.0.2.1'},
			],
		});
		const {analysis} = await analyse(world, 'www.child.one.');
		expect(analysis.dnssec.outcome.status).toBe('bogus');
		expect(analysis.findings.filter((finding) => finding.severity === 'error').map((finding) => finding.code)).toEqual(['ZONE_NOT_DELEGATED']);
	});
});
