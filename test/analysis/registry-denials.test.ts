import {describe, expect, it} from 'vitest';
import {withAnalysis} from '../../source/analysis/analyze.js';
import type {ResourceRecord} from '../../source/dns/record.js';
import type {Transport} from '../../source/dns/transport.js';
import {createLabTransport} from '../../source/lab/lab-transport.js';
import {buildWorld, type SigningSpec} from '../../source/lab/world.js';
import {registrationResult} from '../../source/rdap/parse-domain.js';
import type {RegistrationLookup} from '../../source/rdap/registration.js';
import {labTrace} from '../helpers/lab.js';

/*
 * DELEGATION_MISSING says a registry denies a domain. An NXDOMAIN for a name below the domain says so only when the
 * domain itself does not exist: a registry that serves nic.TLD in its own zone denies nosuch.nic.TLD, not nic.TLD, and
 * its signed NSEC or NSEC3 shows nic.TLD holds data. An empty name is no such proof: a suspended domain whose name
 * servers' addresses the registry keeps, because other domains use those hosts, is an empty non-terminal, and still
 * missing. An unsigned record added to the proof, which anyone on the path could add, is not read, nor one whose
 * signature the validator finds wanting. (Left as it was: an unsigned TLD proves nothing either way, so
 * nosuch.nic.TLD there still reads as DELEGATION_MISSING.)
 *
 * Asked at its own name, the suspended domain gets no NXDOMAIN: the TLD's servers answer NODATA from their own zone,
 * with the TLD's SOA, and users read "no data" as the domain's own answer. A signed TLD's NSEC or NSEC3 shows the name
 * is empty (an error); an unsigned TLD's NODATA shows only that it holds no NS there (a warning that says so).
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
/** An unsigned TLD, beside the signed ones: the same names, and nothing to prove what each holds. */
const UNSIGNED: [string, number] = ['st', 5];
const ALL: Array<[string, number]> = [...TLDS.map(([tld, , octet]): [string, number] => [tld, octet]), UNSIGNED];
const world = buildWorld({
	roots: ['a.root.lab.'],
	stories: [],
	servers: [
		{name: 'a.root.lab.', ipv4: '127.77.208.1', zones: [{zone: '.'}]},
		...ALL.map(([tld, octet]) => ({name: `ns.${tld}.`, ipv4: `127.77.208.${octet}`, zones: [{zone: `${tld}.`}]})),
		{name: 'ns1.puri.sm.', ipv4: '127.77.209.1', zones: ALL.map(([tld]) => ({zone: `pureos.${tld}.`}))},
		{name: 'ns2.puri.sm.', ipv4: '127.77.209.2', zones: ALL.map(([tld]) => ({zone: `pureos.${tld}.`}))},
	],
	zones: [
		{origin: '.', signing: {algorithm: 13}, text: ['@ SOA a.root.lab. h.lab. 1 3600 600 86400 300', '@ NS a.root.lab.', 'a.root.lab. A 127.77.208.1', ...ALL.flatMap(([tld, octet]) => [`${tld}. NS ns.${tld}.`, `ns.${tld}. A 127.77.208.${octet}`])].join('\n')},
		...TLDS.map(([tld, signing, octet]) => ({origin: `${tld}.`, text: tldText(tld, octet), signing})),
		{origin: `${UNSIGNED[0]}.`, text: tldText(...UNSIGNED)},
		// pureos.TLD: delegated, served by the name servers named under puri.TLD; sub.pureos.TLD is an empty name in it.
		...ALL.map(([tld]) => ({origin: `pureos.${tld}.`, text: `@ SOA ns1.puri.${tld}. h.pureos 1 3600 600 86400 300\n@ NS ns1.puri.${tld}.\n@ NS ns2.puri.${tld}.\nwww A 192.0.2.3\nhost.sub A 192.0.2.4`})),
	],
});
const analyse = async (name: string, transport?: Transport, type = 'A') => withAnalysis(await labTrace(name, type, {world, families: [4], ...(transport ? {transport} : {})}), {anchors: {source: 'lab', records: world.trustAnchor}});
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

describe('DELEGATION_MISSING, asked at the domain\'s own name', () => {
	/** The DELEGATION_MISSING findings of a trace of `name type`, with the trace's outcome. */
	const atName = async (name: string, type = 'A', transport?: Transport) => {
		const {trace, analysis} = await analyse(name, transport, type);
		return {outcome: trace.outcome.status, findings: analysis.findings.filter((finding) => finding.code === 'DELEGATION_MISSING').map(({severity, zone, servers, message}) => ({severity, zone, servers, message}))};
	};

	for (const [tld, signing, octet] of TLDS) {
		const how = signing.nsec3 ? (signing.nsec3.optOut ? 'NSEC3 opt-out' : 'NSEC3') : 'NSEC';
		it(`is an error when the signed TLD's denial shows the suspended domain is an empty name above its name servers' addresses (puri.${tld}. A, ${how})`, async () => {
			expect(await atName(`puri.${tld}`)).toEqual({
				outcome: 'nodata',
				findings: [{
					severity: 'error',
					zone: `puri.${tld}.`,
					servers: [`127.77.208.${octet}`],
					message: `puri.${tld}.: the ${tld}. servers answer for it themselves (NODATA for puri.${tld}. A, with the ${tld}. SOA) and their signed denial shows an empty name in their zone: names exist below it, but it holds no records and no NS (as when a suspended domain's name-server addresses are kept); the registry does not delegate it`,
				}],
			});
		});
		it(`is said for any type asked, and for its DS, which the TLD would hold beside a delegation (puri.${tld}. MX and DS, ${how})`, async () => {
			expect((await atName(`puri.${tld}`, 'MX')).findings.map((finding) => finding.zone)).toEqual([`puri.${tld}.`]);
			expect((await atName(`puri.${tld}`, 'DS')).findings.map((finding) => finding.zone)).toEqual([`puri.${tld}.`]);
		});
		it(`is not said for a name the registry keeps records at in its own zone, asked for a type it lacks (nic.${tld}. MX, ${how})`, async () => {
			expect(await atName(`nic.${tld}`, 'MX')).toEqual({outcome: 'nodata', findings: []});
		});
		it(`is not said for a delegated domain whose own servers answer NODATA, nor for its DS the TLD denies beside the delegation (pureos.${tld}. MX and DS, ${how})`, async () => {
			expect(await atName(`pureos.${tld}`, 'MX')).toEqual({outcome: 'nodata', findings: []});
			expect(await atName(`pureos.${tld}`, 'DS')).toEqual({outcome: 'nodata', findings: []});
		});
	}

	it('is a warning from an unsigned TLD, which shows only that it holds no NS at the name, and says it cannot tell more', async () => {
		expect(await atName('puri.st')).toEqual({
			outcome: 'nodata',
			findings: [{
				severity: 'warning',
				zone: 'puri.st.',
				servers: ['127.77.208.5'],
				message: "puri.st.: the st. servers answer for it themselves (NODATA for puri.st. A, with the st. SOA) and hold no NS for it; st. is unsigned, so nothing shows whether the name is empty there (a suspended domain whose name servers' addresses stay) or holds records the registry keeps in its own zone: if puri.st. is a registered domain, the registry does not delegate it",
			}],
		});
	});

	it('does not call a signed TLD unsigned when the trace asked for no DNSSEC (--no-dnssec: no RRSIG is sent without the DO bit)', async () => {
		const {analysis} = withAnalysis(await labTrace('puri.sm', 'A', {world, families: [4], dnssec: false}), {anchors: {source: 'lab', records: world.trustAnchor}});
		expect(analysis.findings.filter((finding) => finding.code === 'DELEGATION_MISSING').map(({severity, message}) => `${severity}: ${message}`)).toEqual([
			"warning: puri.sm.: the sm. servers answer for it themselves (NODATA for puri.sm. A, with the sm. SOA) and hold no NS for it; no DNSSEC was asked for (--no-dnssec), so nothing shows whether the name is empty there (a suspended domain whose name servers' addresses stay) or holds records the registry keeps in its own zone: if puri.sm. is a registered domain, the registry does not delegate it",
		]);
	});

	it("from an unsigned TLD, words what the registry's RDAP said: a registered domain it does not delegate (an error), or none registered (a deleted domain's kept addresses, or the registry's own name)", async () => {
		const {trace} = await analyse('puri.st');
		const exchange = (status: number, body: string) => ({url: 'https://rdap.example/domain/puri.st', status, body, ms: 3});
		const found = exchange(200, JSON.stringify({objectClassName: 'domain', ldhName: 'puri.st', status: ['server hold'], events: [], nameservers: [], entities: []}));
		const judged = (lookup: RegistrationLookup) => withAnalysis({...trace, registration: {bootstrap: 'test', lookups: [lookup]}}, {anchors: {source: 'lab', records: world.trustAnchor}}).analysis.findings.filter((finding) => finding.code === 'DELEGATION_MISSING').map(({severity, message}) => `${severity}: ${message}`);
		expect(judged({domain: 'puri.st.', reason: 'query', exchange: found, result: registrationResult(found, 'puri.st.')})).toEqual([
			"error: puri.st.: the registry has it on server hold; the st. servers answer for it themselves (NODATA for puri.st. A, with the st. SOA) and hold no NS for it; st. is unsigned, so nothing shows whether the name is empty there or holds records in the registry's zone, but RDAP knows puri.st. as a registered domain: the registry does not delegate it",
		]);
		const gone = exchange(404, '{}');
		expect(judged({domain: 'puri.st.', reason: 'query', exchange: gone, result: {kind: 'not-found'}})).toEqual([
			"warning: puri.st.: the registry has no such domain registered (RDAP: not found); the st. servers answer for it themselves (NODATA for puri.st. A, with the st. SOA) and hold no NS for it; st. is unsigned, so nothing shows whether the name is empty there (a deleted domain whose name servers' addresses stay) or holds records the registry keeps in its own zone",
		]);
	});

	it('an unsigned TLD cannot tell a name the registry keeps records at from an empty one: asked for a type it lacks, the same warning; asked for one it has, an answer and nothing', async () => {
		expect((await atName('nic.st', 'MX')).findings.map(({severity, zone}) => `${severity} ${zone}`)).toEqual(['warning nic.st.']);
		expect(await atName('nic.st', 'A')).toEqual({outcome: 'answer', findings: []});
	});

	it('is not said by an unsigned TLD for a DS it denies, as it denies that of every unsigned delegation (puri.st. DS, pureos.st. DS)', async () => {
		expect(await atName('puri.st', 'DS')).toEqual({outcome: 'nodata', findings: []});
		expect(await atName('pureos.st', 'DS')).toEqual({outcome: 'nodata', findings: []});
	});

	it('is not said for a name below a registrable domain, empty in the TLD\'s zone or in the domain\'s own (ns1.puri.st. MX, sub.pureos.sm. A)', async () => {
		expect(await atName('ns1.puri.st', 'MX')).toEqual({outcome: 'nodata', findings: []});
		expect(await atName('ns1.puri.sm', 'MX')).toEqual({outcome: 'nodata', findings: []});
		expect(await atName('sub.pureos.sm')).toEqual({outcome: 'nodata', findings: []});
		expect(await atName('sub.pureos.st')).toEqual({outcome: 'nodata', findings: []});
	});

	it('is still said when a server adds an unsigned NSEC claiming the empty name holds data: a warning, as the denial is bogus and proves nothing', async () => {
		const forged: ResourceRecord = {name: 'puri.sm.', type: 'NSEC', class: 'IN', ttl: 300, data: {kind: 'nsec', next: 'pureos.sm.', types: ['TXT', 'RRSIG', 'NSEC']}};
		const lab = createLabTransport(world, {latencyScale: 0});
		const forging: Transport = {
			async query(server, question, options) {
				const result = await lab.query(server, question, options);
				if (result.ok && question.name === 'puri.sm.' && result.message.answer.length === 0) result.message.authority.unshift(forged);
				return result;
			},
		};
		const [finding, ...others] = (await atName('puri.sm', 'A', forging)).findings;
		expect(others).toEqual([]);
		expect(finding).toMatchObject({severity: 'warning', zone: 'puri.sm.'});
		expect(finding?.message).toContain('and hold no NS for it; their denial proves nothing about the name, so nothing shows whether the name is empty there');
	});
});
