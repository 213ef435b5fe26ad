import {describe, expect, it} from 'vitest';
import {withAnalysis} from '../../source/analysis/analyze.js';
import type {ResourceRecord} from '../../source/dns/record.js';
import type {Transport} from '../../source/dns/transport.js';
import {createLabTransport} from '../../source/lab/lab-transport.js';
import {buildWorld, type SigningSpec} from '../../source/lab/world.js';
import {labTrace} from '../helpers/lab.js';

/*
 * DELEGATION_MISSING says a registry denies a domain. An NXDOMAIN for a name below the domain says so only when the
 * domain itself does not exist: a registry that serves nic.TLD in its own zone denies nosuch.nic.TLD, not nic.TLD, and
 * its signed NSEC or NSEC3 shows nic.TLD holds data. An empty name is no such proof: a suspended domain whose name
 * servers' addresses the registry keeps, because other domains use those hosts, is an empty non-terminal, and still
 * missing. An unsigned record added to the proof, which anyone on the path could add, is not read, nor one whose
 * signature the validator finds wanting. (Left as they were: an unsigned TLD proves nothing either way, so
 * nosuch.nic.TLD there still reads as DELEGATION_MISSING; a suspended domain asked at its own name, an empty name
 * above kept glue, gets a NODATA and no finding.)
 */
const TLDS: Array<[string, SigningSpec, number]> = [
	['sm', {algorithm: 13}, 2],
	['bw', {algorithm: 13, nsec3: {}}, 3],
	['com', {algorithm: 13, nsec3: {optOut: true}}, 4],
];
const tldText = (tld: string, octet: number) =>
	[
		`@ SOA ns.${tld}. h.${tld}. 1 3600 600 86400 300`,
		`@ NS ns.${tld}.`,
		`ns A 127.77.208.${octet}`,
		// puri.TLD: suspended, its NS pulled, its name servers' addresses kept (pureos.TLD uses them).
		'ns1.puri A 127.77.209.1',
		'ns2.puri A 127.77.209.2',
		'pureos NS ns1.puri',
		'pureos NS ns2.puri',
		// nic.TLD: served by the registry in its own zone.
		'nic A 192.0.2.7',
		'www.nic A 192.0.2.7',
	].join('\n');
const world = buildWorld({
	roots: ['a.root.lab.'],
	stories: [],
	servers: [
		{name: 'a.root.lab.', ipv4: '127.77.208.1', zones: [{zone: '.'}]},
		...TLDS.map(([tld, , octet]) => ({name: `ns.${tld}.`, ipv4: `127.77.208.${octet}`, zones: [{zone: `${tld}.`}]})),
		{name: 'ns1.puri.sm.', ipv4: '127.77.209.1', zones: TLDS.map(([tld]) => ({zone: `pureos.${tld}.`}))},
		{name: 'ns2.puri.sm.', ipv4: '127.77.209.2', zones: TLDS.map(([tld]) => ({zone: `pureos.${tld}.`}))},
	],
	zones: [
		{origin: '.', signing: {algorithm: 13}, text: ['@ SOA a.root.lab. h.lab. 1 3600 600 86400 300', '@ NS a.root.lab.', 'a.root.lab. A 127.77.208.1', ...TLDS.flatMap(([tld, , octet]) => [`${tld}. NS ns.${tld}.`, `ns.${tld}. A 127.77.208.${octet}`])].join('\n')},
		...TLDS.map(([tld, signing, octet]) => ({origin: `${tld}.`, text: tldText(tld, octet), signing})),
		...TLDS.map(([tld]) => ({origin: `pureos.${tld}.`, text: `@ SOA ns1.puri.${tld}. h.pureos 1 3600 600 86400 300\n@ NS ns1.puri.${tld}.\n@ NS ns2.puri.${tld}.\nwww A 192.0.2.3`})),
	],
});
const analyse = async (name: string, transport?: Transport) => withAnalysis(await labTrace(name, 'A', {world, families: [4], ...(transport ? {transport} : {})}), {anchors: {source: 'lab', records: world.trustAnchor}});
const missing = async (name: string, transport?: Transport) => (await analyse(name, transport)).analysis.findings.filter((finding) => finding.code === 'DELEGATION_MISSING').map((finding) => finding.zone);

describe('DELEGATION_MISSING, from a name below the domain', () => {
	for (const [tld, signing] of TLDS) {
		const how = signing.nsec3 ? (signing.nsec3.optOut ? 'NSEC3 opt-out' : 'NSEC3') : 'NSEC';
		it(`is said for a suspended domain whose name servers' addresses stay in the zone (puri.${tld}., ${how})`, async () => {
			expect(await missing(`www.puri.${tld}`)).toEqual([`puri.${tld}.`]);
		});
		it(`is not said for a domain the registry serves in its own zone (nosuch.nic.${tld}, ${how})`, async () => {
			expect(await missing(`nosuch.nic.${tld}`)).toEqual([]);
		});
	}

	it('is not said when the registry\'s NSEC signatures are about to expire: valid now, they prove nic.sm. holds data', async () => {
		// Two days before the lab's signatures expire (three weeks after they were made): RRSIG_EXPIRING_SOON, not proof wanting.
		const now = Math.floor(world.signedAt.getTime() / 1000) + 19 * 86_400;
		const {analysis} = withAnalysis(await labTrace('nosuch.nic.sm', 'A', {world, families: [4]}), {anchors: {source: 'lab', records: world.trustAnchor}, now});
		expect(analysis.findings.map((finding) => `${finding.code} ${finding.zone}`)).toContain('RRSIG_EXPIRING_SOON sm.');
		expect(analysis.findings.map((finding) => finding.code)).not.toContain('DELEGATION_MISSING');
	});

	it('is still said when a server adds an unsigned NSEC claiming the domain holds data', async () => {
		const forged: ResourceRecord = {name: 'puri.sm.', type: 'NSEC', class: 'IN', ttl: 300, data: {kind: 'nsec', next: 'pureos.sm.', types: ['TXT', 'RRSIG', 'NSEC']}};
		const lab = createLabTransport(world, {latencyScale: 0});
		const forging: Transport = {
			async query(server, question, options) {
				const result = await lab.query(server, question, options);
				if (result.ok && result.message.rcode === 'NXDOMAIN') result.message.authority.unshift(forged);
				return result;
			},
		};
		expect(await missing('www.puri.sm', forging)).toEqual(['puri.sm.']);
	});

	it('is still said when the forged NSEC comes with an RRSIG copied from a real one (the validator finds it does not verify)', async () => {
		const forged: ResourceRecord = {name: 'puri.sm.', type: 'NSEC', class: 'IN', ttl: 300, data: {kind: 'nsec', next: 'pureos.sm.', types: ['TXT', 'RRSIG', 'NSEC']}};
		const lab = createLabTransport(world, {latencyScale: 0});
		const forging: Transport = {
			async query(server, question, options) {
				const result = await lab.query(server, question, options);
				const real = result.ok ? result.message.authority.find((record) => record.data.kind === 'rrsig' && record.data.typeCovered === 'NSEC') : undefined;
				if (result.ok && result.message.rcode === 'NXDOMAIN' && real?.data.kind === 'rrsig') result.message.authority.unshift(forged, {...real, name: 'puri.sm.', data: {...real.data, labels: 2}});
				return result;
			},
		};
		expect(await missing('www.puri.sm', forging)).toEqual(['puri.sm.']);
	});
});
