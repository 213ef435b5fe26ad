import {describe, expect, it} from 'vitest';
import {buildWorld, type WorldSpec} from '../../source/lab/world.js';
import {labTrace} from '../helpers/lab.js';

const ROOT = '@ SOA a.root.lab. h.lab. 1 1 1 1 1\n@ NS a.root.lab.\na.root.lab. A 127.77.205.1\nevil. NS ns.evil.lab.\nns.evil.lab. A 127.77.205.2';
/*
 * A DNAME whose target is long enough that the name it rewrites comes out over 255 octets (RFC 6672 2.2: a server
 * answers YXDOMAIN). This server sends the DNAME alone, without the CNAME it should synthesise, beside a NODATA:
 * the walk rewrites the name itself, and the name it gets cannot be put in a query.
 */
const LONG = Array.from({length: 3}, () => 'a'.repeat(63)).join('.');
const EVIL = '@ SOA ns.evil.lab. h.lab. 1 1 1 1 1\n@ NS ns.evil.lab.\n*.d A 192.0.2.1';
const world: WorldSpec = {
	roots: ['a.root.lab.'],
	stories: [],
	servers: [
		{name: 'a.root.lab.', ipv4: '127.77.205.1', zones: [{zone: '.'}]},
		{name: 'ns.evil.lab.', ipv4: '127.77.205.2', zones: [{zone: 'evil.'}], extraAnswer: `d.evil. 3600 IN DNAME ${LONG}.evil.`},
	],
	zones: [
		{origin: '.', text: ROOT},
		{origin: 'evil.', text: EVIL},
	],
};

describe('a question no message can carry', () => {
	it('a name a DNAME rewrites past 255 octets: the walk ends, the query not sent and why, and nothing waits forever', async () => {
		const prefix = `${'b'.repeat(40)}.${'c'.repeat(20)}`;
		const trace = await labTrace(`${prefix}.d.evil.`, 'TXT', {world: buildWorld(world), families: [4], dnssec: false});
		expect(trace.outcome.status).toBe('failure');
		const unsent = trace.zones.flatMap((zone) => zone.servers.flatMap((server) => server.probes)).filter((probe) => probe.status === 'skipped');
		expect(unsent.length).toBeGreaterThan(0);
		expect(unsent[0]!.error).toMatch(/^not sent: .*(255|long)/u);
		expect(unsent[0]!.question.name).toBe(`${prefix}.${LONG}.evil.`);
	});

	it('a DNAME whose target is below its owner (each name it makes, it rewrites again): the walk ends at its chain limit', async () => {
		const below: WorldSpec = {...world, servers: [world.servers[0]!, {name: 'ns.evil.lab.', ipv4: '127.77.205.2', zones: [{zone: 'evil.'}]}], zones: [world.zones[0]!, {origin: 'evil.', text: `${EVIL}\nd DNAME a.d.evil.`}]};
		const trace = await labTrace('x.d.evil.', 'A', {world: buildWorld(below), families: [4], dnssec: false});
		expect(trace.outcome.status).toBe('failure');
		expect(trace.limits).toEqual([expect.objectContaining({limit: 'cname-chain'})]);
	});

	it('a name that is not ASCII, from a caller that did not convert it: the walk ends, nothing sent', async () => {
		const trace = await labTrace('nic.پاکستان.', 'A', {world: buildWorld(world), families: [4], dnssec: false});
		expect(trace.outcome).toMatchObject({status: 'failure'});
		const root = trace.zones[0]!.servers[0]!.probes;
		// The root's own checks (SOA, NS) go out; the question itself never does.
		expect(root.filter((probe) => probe.purpose === 'walk')).toHaveLength(1);
		expect(root.find((probe) => probe.purpose === 'walk')).toMatchObject({status: 'skipped', error: expect.stringContaining('not sent: "nic.پاکستان." has a character that is not ASCII')});
	});
});
