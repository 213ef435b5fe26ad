import {describe, expect, it} from 'vitest';
import {withAnalysis} from '../../source/analysis/analyze.js';
import {buildWorld} from '../../source/lab/world.js';
import {labTrace} from '../helpers/lab.js';

/*
 * An NSEC3 opt-out zone leaves out the NSEC3 of an unsigned delegation, and of an empty name whose only names below
 * are unsigned delegations (RFC 5155 7.1): co.oo. above shop.co.oo. has none. Asked for co.oo. A, the server can only
 * give the closest encloser (oo.) and the opt-out span over the next closer name (co.oo.). Neither referee calls that
 * bogus: Unbound answers insecure (no AD), BIND's delv "fully validated" (tried in the conformance world, session 29).
 * digdeeper says insecure, as Unbound does, and raises no DENIAL_INVALID. The same proof without opt-out still proves
 * nothing, and the zone's other answers are as they were.
 */
const zone = (origin: string, optOut: boolean) => ({
	origin,
	signing: {algorithm: 13, nsec3: {optOut}},
	text: [`@ SOA ns.${origin} h.${origin} 1 3600 600 86400 300`, `@ NS ns.${origin}`, 'ns A 127.77.214.2', 'www A 192.0.2.1', `shop.co NS ns.shop.co.${origin}`, 'ns.shop.co A 127.77.214.3'].join('\n'),
});
const world = buildWorld({
	roots: ['a.root.lab.'],
	stories: [],
	servers: [
		{name: 'a.root.lab.', ipv4: '127.77.214.1', zones: [{zone: '.'}]},
		{name: 'ns.oo.', ipv4: '127.77.214.2', zones: [{zone: 'oo.'}, {zone: 'n3.'}]},
		{name: 'ns.shop.co.oo.', ipv4: '127.77.214.3', zones: [{zone: 'shop.co.oo.'}, {zone: 'shop.co.n3.'}]},
	],
	zones: [
		{origin: '.', signing: {algorithm: 13}, text: ['@ SOA a.root.lab. h.lab. 1 3600 600 86400 300', '@ NS a.root.lab.', 'a.root.lab. A 127.77.214.1', 'oo. NS ns.oo.', 'n3. NS ns.oo.', 'ns.oo. A 127.77.214.2'].join('\n')},
		zone('oo.', true),
		zone('n3.', false),
		{origin: 'shop.co.oo.', text: '@ SOA ns.shop.co.oo. h.shop 1 3600 600 86400 300\n@ NS ns.shop.co.oo.\nwww A 192.0.2.9'},
		{origin: 'shop.co.n3.', text: '@ SOA ns.shop.co.n3. h.shop 1 3600 600 86400 300\n@ NS ns.shop.co.n3.\nwww A 192.0.2.9'},
	],
});

const judged = async (name: string) => {
	const {trace, analysis} = withAnalysis(await labTrace(name, 'A', {world, families: [4]}), {anchors: {source: 'lab', records: world.trustAnchor}});
	return {outcome: trace.outcome.status, dnssec: analysis.dnssec.outcome.status, denialInvalid: analysis.findings.filter((finding) => finding.code === 'DENIAL_INVALID').map((finding) => finding.message)};
};

describe('a NODATA for an empty name above unsigned delegations, in an NSEC3 opt-out zone', () => {
	it('is insecure, with no DENIAL_INVALID: no NSEC3 matches co.oo., and an opt-out span covers it', async () => {
		const result = await judged('co.oo');
		expect(result).toEqual({outcome: 'nodata', dnssec: 'insecure', denialInvalid: []});
		const {analysis} = withAnalysis(await labTrace('co.oo', 'A', {world, families: [4]}), {anchors: {source: 'lab', records: world.trustAnchor}});
		expect(analysis.dnssec.outcome.reason).toContain('the NODATA rests on an NSEC3 opt-out span (no NSEC3 matches co.oo., and an opt-out NSEC3 covers the next closer name co.oo.');
	});

	it('leaves the zone\'s other answers as they were: www.oo. secure, the unsigned child insecure', async () => {
		expect(await judged('www.oo')).toMatchObject({outcome: 'answer', dnssec: 'secure', denialInvalid: []});
		expect(await judged('www.shop.co.oo')).toMatchObject({outcome: 'answer', dnssec: 'insecure', denialInvalid: []});
	});

	it('without opt-out the zone has an NSEC3 for co.n3., which proves the NODATA: secure', async () => {
		expect(await judged('co.n3')).toEqual({outcome: 'nodata', dnssec: 'secure', denialInvalid: []});
	});
});
