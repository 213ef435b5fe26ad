/*
 * A domain moving between DNS providers lists the old provider's servers beside the new one's for a while, and each
 * serves its own copy: the old one keeps the serial it had when the move began, and its SOA names its own primary. A
 * break test was told SERIAL_MISMATCH with the stale secondary's words ("stopped receiving zone transfers … restore
 * transfers from the primary"): no transfer ever ran between the two. A secondary copies its primary's SOA whole, so
 * an older copy that names another primary is fed from another source.
 */
import {describe, expect, it} from 'vitest';
import {withAnalysis} from '../../source/analysis/analyze.js';
import {buildWorld} from '../../source/lab/world.js';
import {labTrace} from '../helpers/lab.js';

const NEW = '@ SOA ns1.x.one. hostmaster.x.one. 2024020712 3600 600 604800 300\n@ NS ns1.x.one.\n@ NS ns2.x.one.\nns1 A 127.77.219.3\nns2 A 127.77.220.3\nwww A 192.0.2.1';

/** x.one. served by ns1 (the zone as NEW) and by ns2 and ns3, each from its own copy when given one. */
function world(...copies: Array<string | undefined>) {
	const hosts = ['ns2', 'ns3'].slice(0, Math.max(1, copies.length));
	const glue = ['ns1', ...hosts].map((host, index) => `${host}.x A 127.77.${219 + index}.3`).join('\n');
	return buildWorld({
		roots: ['a.root.lab.'],
		stories: [],
		servers: [
			{name: 'a.root.lab.', ipv4: '127.77.219.1', zones: [{zone: '.'}]},
			{name: 'ns1.one.', ipv4: '127.77.219.2', zones: [{zone: 'one.'}]},
			{name: 'ns1.x.one.', ipv4: '127.77.219.3', zones: [{zone: 'x.one.'}]},
			...hosts.map((host, index) => ({name: `${host}.x.one.`, ipv4: `127.77.${220 + index}.3`, zones: [{zone: 'x.one.', ...(copies[index] ? {copy: {origin: 'x.one.', text: copies[index]!}} : {})}]})),
		],
		zones: [
			{origin: '.', text: '@ SOA a.root.lab. h.lab. 1 1 1 1 1\n@ NS a.root.lab.\na.root.lab. A 127.77.219.1\none. NS ns1.one.\nns1.one. A 127.77.219.2'},
			{origin: 'one.', text: `@ SOA ns1.one. h.one. 1 1 1 1 1\n@ NS ns1.one.\nns1 A 127.77.219.2\n${['ns1', ...hosts].map((host) => `x NS ${host}.x`).join('\n')}\n${glue}`},
			{origin: 'x.one.', text: NEW},
		],
	});
}

/** The zone as NEW with another SOA: its primary and contact, and its serial. */
const copyWith = (soa: string) => NEW.replace('@ SOA ns1.x.one. hostmaster.x.one. 2024020712', `@ SOA ${soa}`);

async function serialFinding(...copies: Array<string | undefined>) {
	const built = world(...copies);
	const trace = await labTrace('www.x.one', 'A', {world: built, families: [4], dnssec: false});
	const found = withAnalysis(trace, {anchors: {source: 'lab', records: built.trustAnchor}}).analysis.findings.filter((finding) => finding.code === 'SERIAL_MISMATCH');
	expect(found).toHaveLength(1);
	return found[0]!;
}

describe('an older copy of a zone that names another primary', () => {
	it("is another provider's copy: the zone owner decides which is current, no transfer to restore", async () => {
		const finding = await serialFinding(copyWith('ns.old-provider.example. dns.old-provider.example. 2023110101'));
		expect(finding.message).toBe('x.one.: ns2.x.one. (127.77.220.3) serves serial 2023110101 (910611 behind, about 3 months): ns1.x.one. (127.77.219.3) serves 2024020712; the older copy names another primary (SOA MNAME ns.old-provider.example.) than the newest (ns1.x.one.)');
		expect(finding.fixers).toEqual(['zone-owner', 'registrar', 'dns-operator']);
		expect(finding.explanation).toContain('a move between DNS providers that is not finished');
		expect(finding.explanation).not.toContain('must restore transfers');
		expect(finding.explanation).toContain('the higher serial need not be the current data');
	});

	it('beside a secondary of the same primary that stopped: each copy said for what it is, and the stopped one explained', async () => {
		const finding = await serialFinding(copyWith('ns1.x.one. hostmaster.x.one. 2024020312'), copyWith('ns.other.example. dns.other.example. 2023110101'));
		expect(finding.message).toMatch(/; ns3\.x\.one\. \(127\.77\.221\.3\)'s copy names another primary \(SOA MNAME ns\.other\.example\.\) than the newest \(ns1\.x\.one\.\)$/u);
		expect(finding.fixers).toEqual(['dns-operator']);
		expect(finding.explanation).toContain('must restore transfers');
	});

	it('the odd primary at the newest serial: the others are not told they are behind the current data', async () => {
		const finding = await serialFinding(copyWith('ns.rogue.example. dns.rogue.example. 2024020800'));
		expect(finding.message).toBe('x.one.: ns1.x.one. (127.77.219.3) serves serial 2024020712 (88 behind, about 24 hours): ns2.x.one. (127.77.220.3) serves 2024020800; the older copy names another primary (SOA MNAME ns1.x.one.) than the newest (ns.rogue.example.)');
		expect(finding.explanation).toContain('The zone owner must decide which copy is current');
	});

	it('with the same primary is a secondary that stopped transferring, as before', async () => {
		const finding = await serialFinding(NEW.replace('2024020712', '2024020312'));
		expect(finding.message).toBe('x.one.: ns2.x.one. (127.77.220.3) serves serial 2024020312 (400 behind, 4 days): ns1.x.one. (127.77.219.3) serves 2024020712');
		expect(finding.fixers).toEqual(['dns-operator']);
		expect(finding.explanation).toContain('The DNS operator of the lagging server must restore transfers (NOTIFY/IXFR/AXFR) from the primary.');
	});
});
