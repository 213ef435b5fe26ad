import {describe, expect, it} from 'vitest';
import {withAnalysis, type AnalysedTrace} from '../../source/analysis/analyze.js';
import {partiesInWords} from '../../source/analysis/finding-catalogue.js';
import {createView} from '../../source/analysis/trace-view.js';
import {buildWorld, type WorldSpec} from '../../source/lab/world.js';
import {labTrace, labWorld} from '../helpers/lab.js';

/*
 * A root of its own, as a company's private root or a test world has: two servers under root.lab., one of them dead,
 * and one TLD with a single name server. IANA edits only the real root zone, so nothing here is its to fix.
 */
const PRIVATE_SPEC = {
	roots: ['a.root.lab.', 'b.root.lab.'],
	stories: [],
	servers: [
		{name: 'a.root.lab.', ipv4: '127.77.210.1', zones: [{zone: '.'}]},
		{name: 'b.root.lab.', ipv4: '127.77.210.2', down: true, zones: [{zone: '.'}]},
		{name: 'ns1.one.', ipv4: '127.77.210.3', zones: [{zone: 'one.'}]},
	],
	zones: [
		{origin: '.', text: '@ SOA a.root.lab. hostmaster.root.lab. 1 1 1 1 1\n@ NS a.root.lab.\n@ NS b.root.lab.\na.root.lab. A 127.77.210.1\nb.root.lab. A 127.77.210.2\none. NS ns1.one.\nns1.one. A 127.77.210.3'},
		{origin: 'one.', text: '@ SOA ns1.one. h.one. 1 1 1 1 1\n@ NS ns1.one.\nns1.one. A 127.77.210.3\nwww A 192.0.2.1'},
	],
} satisfies WorldSpec;
const PRIVATE = buildWorld(PRIVATE_SPEC);

/** A root named as IANA's is: root-servers.net servers at the lab's addresses, one TLD with a dead server. */
function ianaNamed(options: {hints?: string; copyAdds?: string} = {}) {
	const ns = '@ NS a.root-servers.net.\n@ NS b.root-servers.net.\na.root-servers.net. A 127.77.211.1\nb.root-servers.net. A 127.77.211.2\n';
	const rest = 'one. NS ns1.one.\none. NS ns2.one.\nns1.one. A 127.77.211.3\nns2.one. A 127.77.211.4';
	const root = `@ SOA a.root-servers.net. nstld.verisign-grs.com. 1 1 1 1 1\n${ns}${rest}`;
	const hints = options.hints ?? 'a.root-servers.net.';
	return buildWorld({
		roots: [hints, 'b.root-servers.net.'],
		stories: [],
		servers: [
			{name: hints, ipv4: '127.77.211.1', zones: [{zone: '.'}]},
			// b. serves a copy of the root whose NS set names one more server, as a stale or tampered instance would.
			{name: 'b.root-servers.net.', ipv4: '127.77.211.2', zones: [options.copyAdds ? {zone: '.', copy: {origin: '.', text: `${root}\n@ NS ${options.copyAdds}`}} : {zone: '.'}]},
			{name: 'ns1.one.', ipv4: '127.77.211.3', zones: [{zone: 'one.'}]},
			{name: 'ns2.one.', ipv4: '127.77.211.4', down: true, zones: [{zone: 'one.'}]},
		],
		zones: [
			{origin: '.', text: root},
			{origin: 'one.', text: '@ SOA ns1.one. h.one. 1 1 1 1 1\n@ NS ns1.one.\n@ NS ns2.one.\nns1.one. A 127.77.211.3\nns2.one. A 127.77.211.4\nwww A 192.0.2.1'},
		],
	});
}

async function traced(world: ReturnType<typeof buildWorld>, name: string): Promise<AnalysedTrace> {
	const trace = await labTrace(name, 'A', {world, families: [4], dnssec: false, timeoutMs: 250});
	return withAnalysis(trace, {anchors: {source: 'lab', records: world.trustAnchor}});
}

const at = ({analysis}: AnalysedTrace, code: string, zone: string) => {
	const found = analysis.findings.find((finding) => finding.code === code && finding.zone === zone);
	if (!found) throw new Error(`no ${code} at ${zone}: ${analysis.findings.map((each) => `${each.code} ${each.zone}`).join(', ')}`);
	return found;
};

describe('a root that is not IANA\'s', () => {
	it('a dead root server: its operator, or whoever runs this root, with the root\'s SOA mailbox; never IANA', async () => {
		const analysed = await traced(PRIVATE, 'www.one');
		const timeout = at(analysed, 'SERVER_TIMEOUT', '.');
		expect(timeout.fixers).toEqual(['dns-operator', 'private-root']);
		expect(timeout.explanation).toContain("the DNS operator running this root server (each root server has its own) must bring it back, or whoever runs this root must take it out of the root's NS set");
		expect(timeout.parties.find((party) => party.role === 'private-root')).toEqual({role: 'private-root', names: [], contact: 'hostmaster@root.lab'});
		expect(partiesInWords(timeout.parties)).toContain("whoever runs this root (not IANA's: its NS set names no root-servers.net server)");
		for (const finding of analysed.analysis.findings) {
			expect(finding.explanation, finding.code).not.toMatch(/IANA root zone management/u);
			expect(finding.fixers, finding.code).not.toContain('root-zone-manager');
			expect(finding.fixers, finding.code).not.toContain('tld-manager');
		}
	});

	it('a TLD\'s delegation changes through whoever runs this root, not through IANA, at its owner\'s request', async () => {
		const single = at(await traced(PRIVATE, 'www.one'), 'SINGLE_NAMESERVER', 'one.');
		expect(single.explanation).toContain('and register it at the root, through whoever runs this root. This zone is a TLD, so it has no registrar: the zone owner asks whoever runs this root for every change');
		expect(single.explanation).not.toContain('TLD manager');
		expect(single.fixers).toEqual(['zone-owner', 'private-root']);
		expect(partiesInWords(single.parties)).toBe("the zone owner: h@one; whoever runs this root (not IANA's: its NS set names no root-servers.net server): hostmaster@root.lab");
	});

	it('one root server whose NS set names another server does not make the root another\'s (a break test\'s hijack.test)', async () => {
		const analysed = await traced(ianaNamed({copyAdds: 'ns.hijack.test.'}), 'www.one');
		expect(analysed.trace.zones[0]!.nameservers.map((server) => server.name)).toContain('ns.hijack.test.');
		expect(at(analysed, 'SERVER_TIMEOUT', 'one.').fixers).toEqual(['dns-operator', 'tld-manager']);
		expect(analysed.analysis.findings.flatMap((finding) => finding.fixers)).not.toContain('private-root');
	});

	it('hints that name IANA\'s root by another name (an RFC 8806 local copy) keep it IANA\'s: its NS set says whose it is', async () => {
		const analysed = await traced(ianaNamed({hints: 'localroot.test.'}), 'www.one');
		expect(analysed.trace.zones[0]!.nameservers.map((server) => [server.name, server.listedBy])).toEqual(expect.arrayContaining([['localroot.test.', ['hints']]]));
		expect(at(analysed, 'SERVER_TIMEOUT', 'one.').explanation).toContain('the TLD manager asks IANA root zone management');
	});

	it('a private root none of whose servers served its NS set: the hints\' names say whose it is', async () => {
		// Both root servers refuse (they serve no zone): no NS set comes back, only the hints name them.
		const refusing = buildWorld({...PRIVATE_SPEC, servers: PRIVATE_SPEC.servers.map((server) => (server.zones.some((zone) => zone.zone === '.') ? {...server, down: false, zones: []} : server))});
		const analysed = await traced(refusing, 'www.one');
		expect(analysed.trace.zones[0]!.nameservers.every((server) => server.listedBy.join() === 'hints')).toBe(true);
		const unreachable = at(analysed, 'ZONE_UNREACHABLE', '.');
		expect(unreachable.fixers).toContain('private-root');
		expect(unreachable.explanation).not.toMatch(/IANA/u);
	});

	it('the lab\'s root, named as IANA\'s servers are, is still IANA\'s', async () => {
		const analysed = await traced(labWorld(), 'www.nic.bw');
		expect(createView(analysed.trace).trace.zones[0]!.nameservers.every((server) => server.name.endsWith('.root-servers.net.'))).toBe(true);
		expect(at(analysed, 'SERVER_TIMEOUT', 'bw.').explanation).not.toContain('whoever runs this root');
		expect(analysed.analysis.findings.flatMap((finding) => finding.fixers)).not.toContain('private-root');
	});
});
