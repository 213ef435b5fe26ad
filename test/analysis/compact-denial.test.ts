import {describe, expect, it} from 'vitest';
import {withAnalysis} from '../../source/analysis/analyze.js';
import type {ResourceRecord} from '../../source/dns/record.js';
import type {Transport} from '../../source/dns/transport.js';
import {createLabTransport} from '../../source/lab/lab-transport.js';
import {signRRset} from '../../source/lab/signer.js';
import {buildWorld} from '../../source/lab/world.js';
import {labTrace} from '../helpers/lab.js';

/*
 * A parent that does NOT delegate child.one. (no NS there at all), its servers serving child.one. too, and its
 * servers using compact denial of existence ("black lies", RFC 9824; Cloudflare, NS1, Route 53 before NXNAME): for
 * a name that does not exist they answer NOERROR/NODATA with an NSEC at the name itself whose bitmap is RRSIG NSEC
 * (newer ones add NXNAME). That NSEC is correctly signed: there is no broken chain, only no delegation.
 * So an NSEC at the name with no type of its own is no sign of a chain that lost a delegation's NS: like a plain
 * NXDOMAIN (the control), it is ZONE_NOT_DELEGATED, never "re-sign the zone".
 */
const world = buildWorld({
	roots: ['a.root.lab.'],
	stories: [],
	servers: [
		{name: 'a.root.lab.', ipv4: '127.83.1.1', zones: [{zone: '.'}]},
		{name: 'ns1.one.', ipv4: '127.83.1.2', zones: [{zone: 'one.'}, {zone: 'child.one.'}]},
		{name: 'ns2.one.', ipv4: '127.83.1.3', zones: [{zone: 'one.'}, {zone: 'child.one.'}]},
	],
	zones: [
		{origin: '.', signing: {algorithm: 13}, text: '@ SOA a.root.lab. h.lab. 1 1 1 1 1\n@ NS a.root.lab.\na.root.lab. A 127.83.1.1\none. NS ns1.one.\none. NS ns2.one.\nns1.one. A 127.83.1.2\nns2.one. A 127.83.1.3'},
		{origin: 'one.', signing: {algorithm: 13}, text: '@ SOA ns1.one. h.one. 1 1 1 1 1\n@ NS ns1.one.\n@ NS ns2.one.\nns1 A 127.83.1.2\nns2 A 127.83.1.3'},
		{origin: 'child.one.', text: '@ SOA ns1.one. h.child.one. 1 1 1 1 1\n@ NS ns1.one.\n@ NS ns2.one.\nwww A 192.0.2.1'},
	],
});
const window = {inception: Math.floor(world.signedAt.getTime() / 1000) - 3600, expiration: Math.floor(world.signedAt.getTime() / 1000) + 86_400};

/** The parent's servers give a compact (black-lie) NODATA for `denied` (child.one. DS), signed with one.'s ZSK. */
function compact(types: string[], denied = 'child.one.'): Transport {
	const lab = createLabTransport(world, {latencyScale: 0});
	const zsk = world.keys.get('one.')!.zsk;
	return {
		async query(server, question, options) {
			const result = await lab.query(server, question, options);
			if (!result.ok || result.message.rcode !== 'NXDOMAIN' || question.name !== denied) return result;
			const keep = result.message.authority.filter((record) => record.type === 'SOA' || (record.type === 'RRSIG' && record.data.kind === 'rrsig' && record.data.typeCovered === 'SOA'));
			const nsec: ResourceRecord = {name: denied, type: 'NSEC', class: 'IN', ttl: 1, data: {kind: 'nsec', next: `\\000.${denied}`, types}};
			result.message.rcode = 'NOERROR';
			result.message.authority = [...keep, nsec, signRRset([nsec], 'one.', zsk, window)];
			return result;
		},
	};
}

const analyse = async (transport?: Transport) => withAnalysis(await labTrace('www.child.one', 'A', {world, families: [4], ...(transport ? {transport} : {})}), {anchors: {source: 'lab', records: world.trustAnchor}});
const errors = async (transport?: Transport) => (await analyse(transport)).analysis.findings.filter((f) => f.severity === 'error').map((f) => `${f.code} ${f.message}`);

describe('a child the parent does not delegate, the parent using compact denial of existence', () => {
	it('control: plain NXDOMAIN for child.one. DS is ZONE_NOT_DELEGATED', async () => {
		const found = await errors();
		expect(found.map((f) => f.split(' ')[0])).toEqual(['ZONE_NOT_DELEGATED']);
	});
	for (const types of [['RRSIG', 'NSEC'], ['RRSIG', 'NSEC', 'TYPE128']]) {
		it(`black-lie NODATA (NSEC at child.one. listing ${types.join(' ')}) is still ZONE_NOT_DELEGATED, not a broken chain`, async () => {
			const {analysis} = await analyse(compact(types));
			expect(analysis.findings.filter((finding) => finding.severity === 'error').map((finding) => finding.code)).toEqual(['ZONE_NOT_DELEGATED']);
		});
	}
});

describe('asked at the name of a domain the parent does not delegate', () => {
	const missing = async (name: string, transport?: Transport) => {
		const {analysis} = withAnalysis(await labTrace(name, 'A', {world, families: [4], ...(transport ? {transport} : {})}), {anchors: {source: 'lab', records: world.trustAnchor}});
		return analysis.findings.filter((finding) => finding.code === 'DELEGATION_MISSING' || finding.code === 'ZONE_NOT_DELEGATED').map((finding) => `${finding.severity} ${finding.code} ${finding.zone}`);
	};

	it('co-hosted by the parent\'s servers, which answer from its own data (its SOA): ZONE_NOT_DELEGATED (an error: the signed parent denies it), not a missing delegation, with or without compact denial', async () => {
		expect(await missing('child.one')).toEqual(['error ZONE_NOT_DELEGATED child.one.']);
		expect(await missing('child.one', compact(['RRSIG', 'NSEC', 'TYPE128']))).toEqual(['error ZONE_NOT_DELEGATED child.one.']);
	});

	it('a name the parent denies with compact denial (NODATA, an NSEC at the name listing only RRSIG NSEC NXNAME): DELEGATION_MISSING, as the NXDOMAIN it stands for', async () => {
		expect(await missing('gone.one')).toEqual(['error DELEGATION_MISSING gone.one.']);
		const {analysis} = withAnalysis(await labTrace('gone.one', 'A', {world, families: [4], transport: compact(['RRSIG', 'NSEC', 'TYPE128'], 'gone.one.')}), {anchors: {source: 'lab', records: world.trustAnchor}});
		expect(analysis.findings.filter((finding) => finding.code === 'DELEGATION_MISSING').map(({severity, message}) => `${severity} ${message}`)).toEqual([
			'error gone.one.: the one. servers answer for it themselves (NODATA for gone.one. A, with the one. SOA) and their signed denial shows no records at it and no NS; the registry does not delegate it',
		]);
	});
});
