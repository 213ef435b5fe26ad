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

function world(oldCopy: string) {
	return buildWorld({
		roots: ['a.root.lab.'],
		stories: [],
		servers: [
			{name: 'a.root.lab.', ipv4: '127.77.219.1', zones: [{zone: '.'}]},
			{name: 'ns1.one.', ipv4: '127.77.219.2', zones: [{zone: 'one.'}]},
			{name: 'ns1.x.one.', ipv4: '127.77.219.3', zones: [{zone: 'x.one.'}]},
			{name: 'ns2.x.one.', ipv4: '127.77.220.3', zones: [{zone: 'x.one.', copy: {origin: 'x.one.', text: oldCopy}}]},
		],
		zones: [
			{origin: '.', text: '@ SOA a.root.lab. h.lab. 1 1 1 1 1\n@ NS a.root.lab.\na.root.lab. A 127.77.219.1\none. NS ns1.one.\nns1.one. A 127.77.219.2'},
			{origin: 'one.', text: '@ SOA ns1.one. h.one. 1 1 1 1 1\n@ NS ns1.one.\nns1 A 127.77.219.2\nx NS ns1.x\nx NS ns2.x\nns1.x A 127.77.219.3\nns2.x A 127.77.220.3'},
			{origin: 'x.one.', text: NEW},
		],
	});
}

async function serialFinding(oldCopy: string) {
	const built = world(oldCopy);
	const trace = await labTrace('www.x.one', 'A', {world: built, families: [4], dnssec: false});
	const found = withAnalysis(trace, {anchors: {source: 'lab', records: built.trustAnchor}}).analysis.findings.filter((finding) => finding.code === 'SERIAL_MISMATCH');
	expect(found).toHaveLength(1);
	return found[0]!;
}

describe('an older copy of a zone that names another primary', () => {
	it("is another provider's copy: the zone owner finishes the move, no transfer to restore", async () => {
		const finding = await serialFinding(NEW.replace('@ SOA ns1.x.one. hostmaster.x.one. 2024020712', '@ SOA ns.old-provider.example. dns.old-provider.example. 2023110101'));
		expect(finding.message).toBe('x.one.: ns2.x.one. (127.77.220.3) serves serial 2023110101 (910611 behind, about 3 months): ns1.x.one. (127.77.219.3) serves 2024020712; the older copy names another primary (SOA MNAME ns.old-provider.example.) than the newest (ns1.x.one.)');
		expect(finding.fixers).toEqual(['zone-owner', 'registrar', 'dns-operator']);
		expect(finding.explanation).toContain('a move between DNS providers that is not finished');
		expect(finding.explanation).not.toContain('must restore transfers');
	});

	it('with the same primary is a secondary that stopped transferring, as before', async () => {
		const finding = await serialFinding(NEW.replace('2024020712', '2024020312'));
		expect(finding.message).toBe('x.one.: ns2.x.one. (127.77.220.3) serves serial 2024020312 (400 behind, 4 days): ns1.x.one. (127.77.219.3) serves 2024020712');
		expect(finding.fixers).toEqual(['dns-operator']);
		expect(finding.explanation).toContain('The DNS operator of the lagging server must restore transfers (NOTIFY/IXFR/AXFR) from the primary.');
	});
});
