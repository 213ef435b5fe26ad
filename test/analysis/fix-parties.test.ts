import {describe, expect, it} from 'vitest';
import {withAnalysis, type Analysis} from '../../source/analysis/analyze.js';
import {partiesInWords} from '../../source/analysis/finding-catalogue.js';
import {createFinding} from '../../source/analysis/finding.js';
import {operatorDomains, partiesOf, rnameMailbox} from '../../source/analysis/fix-parties.js';
import {createView} from '../../source/analysis/trace-view.js';
import {fqdn, parseUserName} from '../../source/dns/name.js';
import {presentText} from '../../source/dns/sanitize.js';
import {labTrace, labWorld} from '../helpers/lab.js';

async function analysed(name: string): Promise<Analysis> {
	const trace = await labTrace(parseUserName(name).name, 'A', {timeoutMs: 250});
	return withAnalysis(trace, {anchors: {source: 'lab', records: labWorld().trustAnchor}}).analysis;
}

const finding = (analysis: Analysis, code: string, zone: string) => {
	const found = analysis.findings.find((candidate) => candidate.code === code && candidate.zone === zone);
	if (!found) throw new Error(`no ${code} on ${zone}: ${analysis.findings.map((each) => `${each.code} ${each.zone}`).join(', ')}`);
	return found;
};

describe('a zone\'s SOA RNAME as a mailbox', () => {
	it('the first unescaped dot is the @', () => {
		expect(rnameMailbox(fqdn('hostmaster.telecomitalia.sm.'))).toBe('hostmaster@telecomitalia.sm');
	});

	it('an escaped dot is a literal dot in the local part', () => {
		expect(rnameMailbox(fqdn('john\\.doe.example.com.'))).toBe('john.doe@example.com');
	});

	it('the root, or a lone label, is no mailbox', () => {
		expect(rnameMailbox('.')).toBeUndefined();
		expect(rnameMailbox(fqdn('hostmaster.'))).toBeUndefined();
	});

	it('hostile bytes stay escaped as the name shows them, and present without a control character', () => {
		const mailbox = rnameMailbox(fqdn('evil\\027[31m\\007.example.com.'));
		expect(mailbox).toBe('evil\\027[31m\\007@example.com');
		expect(presentText(mailbox!)).not.toMatch(/[\u0000-\u001f\u007f]/u);
	});
});

describe('DNS operators by the registrable domain of their servers\' names (PSL)', () => {
	it('two servers of one provider: one operator', () => {
		expect(operatorDomains(['ns1.p16.dynect.net.', 'ns2.p16.dynect.net.'])).toEqual(['dynect.net.']);
	});

	it('several operators, each listed once, in the order of the servers', () => {
		expect(operatorDomains(['dns.omniway.sm.', 'dns.intelcom.sm.', 'ns2.omniway.sm.'])).toEqual(['omniway.sm.', 'intelcom.sm.']);
	});

	it('an IDN TLD, in A-labels as names are kept', () => {
		expect(operatorDomains(['ns.pch.xn--wgbh1c.', 'ns1.nic.xn--wgbh1c.'])).toEqual(['pch.xn--wgbh1c.', 'nic.xn--wgbh1c.']);
	});

	it('a name that is itself a public suffix names no operator', () => {
		expect(operatorDomains(['co.uk.', 'ns1.example.co.uk.'])).toEqual(['example.co.uk.']);
	});
});

describe('who can fix it, by name, on the lab\'s stories', () => {
	it('puri.sm: the registry of .sm by its SOA contact (hostmaster@telecomitalia.sm); the registrar unnamed (the trace does not know it)', async () => {
		const missing = finding(await analysed('www.puri.sm'), 'DELEGATION_MISSING', 'puri.sm.');
		expect(missing.parties).toEqual([
			{role: 'registrar', names: []},
			{role: 'registry', names: ['sm.'], contact: 'hostmaster@telecomitalia.sm'},
		]);
		expect(partiesInWords(missing.parties)).toBe('the registrar; the registry (TLD operator): .sm, hostmaster@telecomitalia.sm');
	});

	it('Dyn: the DNS operator of the dead servers is dynect.net, and so is that of the zones named under it', async () => {
		const analysis = await analysed('www.twitter.com');
		expect(partiesInWords(finding(analysis, 'SERVER_TIMEOUT', 'dynect.net.').parties)).toBe('the DNS operator: dynect.net; the registrar');
		expect(partiesInWords(finding(analysis, 'NS_DEPENDENCY_FAILED', 'twitter.com.').parties)).toBe('the zone owner; the DNS operator: dynect.net');
	});

	it('pureos.net, whose servers are named under puri.sm., which sm. no longer delegates: its owner, and puri.sm.\'s own finding for the rest; never puri.sm.\'s DNS operator', async () => {
		// A break test: NS_DEPENDENCY_FAILED named "the DNS operator: puri.sm" beside DELEGATION_MISSING's "Your DNS
		// operator cannot fix this".
		const analysis = await analysed('www.pureos.net');
		const dependency = finding(analysis, 'NS_DEPENDENCY_FAILED', 'pureos.net.');
		expect(dependency.fixers).toEqual(['zone-owner']);
		expect(dependency.explanation).toContain('the owner of that domain must have it delegated again, as its DELEGATION_MISSING finding says; no DNS operator can');
		// ZONE_UNREACHABLE, of the same cause, names no DNS operator either.
		expect(finding(analysis, 'ZONE_UNREACHABLE', 'pureos.net.').fixers).toEqual(['zone-owner', 'registrar']);
		expect(partiesInWords(finding(analysis, 'DELEGATION_MISSING', 'puri.sm.').parties)).toMatch(/^the registrar; the registry \(TLD operator\): \.sm/u);
	});

	it('six.example.com., delegated by example.com.: the owner of the parent zone by its SOA contact, never the registrar', async () => {
		// A break test: SINGLE_NAMESERVER said "the zone owner; the registrar" and "register it at the registrar".
		const trace = await labTrace('www.six.example.com.', 'AAAA', {timeoutMs: 250, families: [4]});
		const {analysis} = withAnalysis(trace, {anchors: {source: 'lab', records: labWorld().trustAnchor}});
		const single = finding(analysis, 'SINGLE_NAMESERVER', 'six.example.com.');
		expect(single.fixers).toEqual(['zone-owner', 'parent-zone-owner']);
		expect(partiesInWords(single.parties)).toMatch(/^the zone owner(: [^;]+)?; the owner of the parent zone: example\.com, \S+@example\.com$/u);
		expect(single.explanation).not.toMatch(/\bat the registrar\b/u);
		for (const found of analysis.findings.filter((each) => each.zone === 'six.example.com.')) expect(found.fixers, found.code).not.toContain('registrar');
	});

	it('.bw, a TLD: the TLD manager, through IANA root zone management, never the registrar', async () => {
		const timeout = finding(await analysed('www.nic.bw'), 'SERVER_TIMEOUT', 'bw.');
		expect(timeout.fixers).toEqual(['dns-operator', 'tld-manager']);
		expect(partiesInWords(timeout.parties)).toBe('the DNS operator: btc.bw; the TLD manager, through IANA root zone management: .bw, hostmaster@btc.bw');
		expect(timeout.explanation).toContain('(and from the delegation at the parent, via IANA root zone management)');
		expect(timeout.explanation).toContain('This zone is a TLD, so it has no registrar: the TLD manager asks IANA root zone management');
		expect(timeout.explanation).not.toContain('the registrar');
	});

	it('a vantage finding names no server, least of all the root\'s: only you or your network', async () => {
		const trace = await labTrace('www.example.com.', 'A');
		const root = trace.zones.find((zone) => zone.name === '.')!;
		const blocked = createFinding({code: 'VANTAGE_DNS_BLOCKED', facts: {port: 53, hints: 'built-in', asked: 13}, zone: '.', servers: root.servers.map((server) => server.address), message: 'this host reached no name server', evidence: []});
		expect(partiesOf(createView(trace), blocked)).toEqual([{role: 'your-network', names: []}]);
	});
});
