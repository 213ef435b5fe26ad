import {describe, expect, it} from 'vitest';
import {withAnalysis} from '../../source/analysis/analyze.js';
import {HOSTILE, HOSTILE_VARIANTS} from '../../source/lab/hostile-world.js';
import type {HostileVariant} from '../../source/lab/hostile-variants.js';
import {buildWorld, type WorldSpec} from '../../source/lab/world.js';
import type {Trace} from '../../source/trace/model.js';
import {labTrace} from '../helpers/lab.js';

const world = buildWorld(HOSTILE);

async function traced(variant: HostileVariant) {
	const trace = await labTrace(variant.name, variant.type, {world, families: [4, 6], timeoutMs: 100});
	return withAnalysis(trace, {anchors: {source: 'hostile lab', records: world.trustAnchor}});
}

/** Every address the walk asked, and every address it made a server of. */
const askedAddresses = (trace: Trace) => new Set(trace.zones.flatMap((zone) => zone.servers.flatMap((server) => [server.address, ...server.probes.map((probe) => probe.address)])));

const answerAddresses = (trace: Trace) => trace.outcome.records.flatMap((record) => (record.data.kind === 'address' ? [record.data.address] : []));

describe('the generated families hold many variants each', () => {
	it('at least 20 of each', () => {
		expect(HOSTILE_VARIANTS.filter((variant) => variant.family === 'out-of-bailiwick').length).toBeGreaterThanOrEqual(20);
		expect(HOSTILE_VARIANTS.filter((variant) => variant.family === 'unusable-address').length).toBeGreaterThanOrEqual(20);
	});
});

for (const family of ['out-of-bailiwick', 'unusable-address'] as const) {
	describe(`${family}: nothing forged is used or asked, the finding names the server, and the true answer is reached`, () => {
		for (const variant of HOSTILE_VARIANTS.filter((candidate) => candidate.family === family)) {
			it(`${variant.name}: ${variant.title}`, async () => {
				const {trace, analysis} = await traced(variant);
				expect(trace.outcome.status).toBe('answer');
				expect(answerAddresses(trace)).toEqual(variant.answer);
				const asked = askedAddresses(trace);
				for (const address of variant.forgedAddresses) expect(asked.has(address), `${address} was asked`).toBe(false);
				for (const name of variant.forgedNames) {
					expect(trace.zones.map((zone) => zone.name)).not.toContain(name);
					expect(trace.zones.flatMap((zone) => zone.nameservers.map((ns) => ns.name))).not.toContain(name);
				}
				expect(trace.zones.find((zone) => zone.name === 'evil.')?.nameservers.map((ns) => ns.name)).toEqual(['a.nic.evil.']);
				const reported = analysis.findings.filter((finding) => finding.code === variant.finding.code && finding.zone === variant.finding.zone);
				expect(reported.map((finding) => finding.servers)).toContainEqual(expect.arrayContaining([variant.finding.server]));
				expect(reported.map((finding) => finding.message).join('\n')).toContain(variant.finding.mentions);
			});
		}
	});
}

/*
 * Loopback is the lab's own network, so it is tested in a world whose root is elsewhere (in process only, as the
 * lab's 2001:db8 addresses are): each zone's ns1 has loopback glue and would answer with poison; ns2 is honest.
 */
const LOOPBACK = ['127.0.0.1', '127.77.0.1', '127.255.255.254', '::1', '::ffff:7f00:1'];
const elsewhere: WorldSpec = {
	roots: ['a.root.test.'],
	stories: [],
	servers: [
		{name: 'a.root.test.', ipv4: '192.0.2.53', zones: [{zone: '.'}]},
		{name: 'ns2.honest.test.', ipv4: '192.0.2.54', zones: LOOPBACK.map((_, index) => ({zone: `lo${index}.`}))},
		{name: 'ns1.self.test.', ipv4: '127.0.0.1', ipv6: '::1', zones: LOOPBACK.map((_, index) => ({zone: `lo${index}.`, copy: {origin: `lo${index}.`, text: `@ SOA ns1 h 1 1 1 1 1\n@ NS ns1\nwww A 198.51.100.66`}}))},
	],
	zones: [
		{
			origin: '.',
			text: [
				'$TTL 86400',
				'@ SOA a.root.test. h.root.test. 1 1800 900 604800 86400',
				'@ NS a.root.test.',
				'a.root.test. A 192.0.2.53',
				...LOOPBACK.flatMap((address, index) => [`lo${index}. NS ns1.lo${index}.`, `lo${index}. NS ns2.lo${index}.`, `ns1.lo${index}. ${address.includes(':') ? 'AAAA' : 'A'} ${address}`, `ns2.lo${index}. A 192.0.2.54`]),
			].join('\n'),
		},
		...LOOPBACK.map((address, index) => ({
			origin: `lo${index}.`,
			text: `$TTL 3600\n@ SOA ns2 h 1 7200 3600 1209600 3600\n@ NS ns1\n@ NS ns2\nns1 ${address.includes(':') ? 'AAAA' : 'A'} ${address}\nns2 A 192.0.2.54\nwww A 192.0.2.1`,
		})),
	],
};

describe('loopback: never a name server\'s address, unless the root hints are there', () => {
	const away = buildWorld(elsewhere);
	LOOPBACK.forEach((address, index) => {
		it(`${address} in glue and in the zone is not asked; the honest server answers`, async () => {
			const {trace, analysis} = withAnalysis(await labTrace(`www.lo${index}.`, 'A', {world: away, families: [4, 6], timeoutMs: 100}), {anchors: {source: 'none', records: []}});
			expect(answerAddresses(trace)).toEqual(['192.0.2.1']);
			expect(askedAddresses(trace).has(address)).toBe(false);
			const found = analysis.findings.find((finding) => finding.code === 'ADDRESS_UNUSABLE' && finding.zone === `lo${index}.`);
			expect(found?.message).toContain(`ns1.lo${index}. is given ${address} by the glue at . and lo${index}. itself`);
			expect(found?.servers).toEqual(['192.0.2.53', '192.0.2.54']);
		});
	});
});
