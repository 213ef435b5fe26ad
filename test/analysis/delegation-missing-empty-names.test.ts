import {describe, expect, it} from 'vitest';
import {withAnalysis} from '../../source/analysis/analyze.js';
import {buildWorld} from '../../source/lab/world.js';
import {labTrace} from '../helpers/lab.js';

/*
 * Asked at its own name, a registrable domain the parent answers NODATA for (its own SOA, no NS) is DELEGATION_MISSING.
 * Two empty names of a signed parent's zone that are no suspended domain's:
 * - dns.sm., above the TLD's own name servers a.dns.sm. and b.dns.sm.: the finding may stand (nothing tells it from a
 *   suspended domain), but the names below an empty name exist, so it takes down no zone served by them;
 * - 2.ip6.arpa., above the delegation of 0.1.0.0.2.ip6.arpa.: the Public Suffix List lists ip6.arpa. as a suffix, so
 *   2.ip6.arpa. reads as a registrable domain, but no registrar sells reverse names: nothing is said;
 * - stale.sm., whose delegation one of the TLD's servers still holds (an older copy of the zone): the other's denial
 *   shows an empty name, but the first's shows NS at it. A stale server, not a registry that pulled the domain.
 */
/** sm.: its own name servers' names below dns.sm., and ns1.stale.sm.'s address, which other domains' delegations use. */
const SM = ['@ SOA a.dns.sm. h.sm. 1 3600 600 86400 300', '@ NS a.dns.sm.', '@ NS b.dns.sm.', 'a.dns A 127.77.212.2', 'b.dns A 127.77.212.3', 'ns1.stale A 127.77.212.6'].join('\n');
const world = buildWorld({
	roots: ['a.root.lab.'],
	stories: [],
	servers: [
		{name: 'a.root.lab.', ipv4: '127.77.212.1', zones: [{zone: '.'}]},
		// a.dns.sm. serves an older copy of sm., with stale.sm.'s delegation, which b.dns.sm.'s copy has pulled.
		{name: 'a.dns.sm.', ipv4: '127.77.212.2', zones: [{zone: 'sm.', copy: {origin: 'sm.', text: [SM, 'stale NS ns1.stale', '@ SOA a.dns.sm. h.sm. 0 3600 600 86400 300'].join('\n').replace('@ SOA a.dns.sm. h.sm. 1 3600 600 86400 300\n', '')}}]},
		{name: 'b.dns.sm.', ipv4: '127.77.212.3', zones: [{zone: 'sm.'}]},
		{name: 'ns.arpa.', ipv4: '127.77.212.4', zones: [{zone: 'arpa.'}]},
		{name: 'ns.ip6.arpa.', ipv4: '127.77.212.5', zones: [{zone: 'ip6.arpa.'}]},
	],
	zones: [
		{origin: '.', signing: {algorithm: 13}, text: ['@ SOA a.root.lab. h.lab. 1 3600 600 86400 300', '@ NS a.root.lab.', 'a.root.lab. A 127.77.212.1', 'sm. NS a.dns.sm.', 'sm. NS b.dns.sm.', 'a.dns.sm. A 127.77.212.2', 'b.dns.sm. A 127.77.212.3', 'arpa. NS ns.arpa.', 'ns.arpa. A 127.77.212.4'].join('\n')},
		{origin: 'sm.', signing: {algorithm: 13}, text: SM},
		{origin: 'arpa.', signing: {algorithm: 13}, text: ['@ SOA ns.arpa. h.arpa. 1 3600 600 86400 300', '@ NS ns.arpa.', 'ns A 127.77.212.4', 'ip6 NS ns.ip6', 'ns.ip6 A 127.77.212.5'].join('\n')},
		{origin: 'ip6.arpa.', signing: {algorithm: 13}, text: ['@ SOA ns.ip6.arpa. h.arpa. 1 3600 600 86400 300', '@ NS ns.ip6.arpa.', '0.1.0.0.2 NS ns.sm-reverse.example.'].join('\n')},
	],
});

const missing = async (name: string, type: string) => {
	const {trace, analysis} = withAnalysis(await labTrace(name, type, {world, families: [4]}), {anchors: {source: 'lab', records: world.trustAnchor}});
	return {outcome: trace.outcome.status, findings: analysis.findings.filter((finding) => finding.code === 'DELEGATION_MISSING').map(({severity, message}) => `${severity}: ${message}`)};
};

describe('DELEGATION_MISSING at an empty name of a signed parent that is no suspended domain', () => {
	it('dns.sm. A, above the TLD\'s own name servers: said, but not that it takes down sm., whose servers\' names below it resolve', async () => {
		expect(await missing('dns.sm', 'A')).toEqual({
			outcome: 'nodata',
			findings: ["error: dns.sm.: the sm. servers answer for it themselves (NODATA for dns.sm. A, with the sm. SOA) and their signed denial shows an empty name in their zone: names exist below it, but it holds no records and no NS (as when a suspended domain's name-server addresses are kept); the registry does not delegate it"],
		});
	});

	it('stale.sm. DS, delegated by one TLD server (its signed NSEC lists NS) and an empty name on the other: nothing is said', async () => {
		expect(await missing('stale.sm', 'DS')).toEqual({outcome: 'nodata', findings: []});
	});

	it('2.ip6.arpa. PTR, above a delegation in the reverse tree: nothing is said', async () => {
		expect(await missing('2.ip6.arpa', 'PTR')).toEqual({outcome: 'nodata', findings: []});
	});
});
