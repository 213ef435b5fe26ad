import {describe, expect, it} from 'vitest';
import {withAnalysis, type AnalysedTrace} from '../../source/analysis/analyze.js';
import {dnssecLines} from '../../source/ui/views/dnssec-view.js';
import {dependencyLines} from '../../source/ui/views/dependency-view.js';
import type {Line} from '../../source/ui/views/lines.js';
import {labTrace, labWorld} from '../helpers/lab.js';

const text = (lines: Line[]) => lines.map((line) => line.map((segment) => segment.text).join('')).join('\n');
const analysed = async (name: string): Promise<AnalysedTrace> => withAnalysis(await labTrace(name, 'A', {timeoutMs: 250}), {anchors: {source: 'lab', records: labWorld().trustAnchor}});

describe('the DNSSEC view, link by link', () => {
	it('follows DS → DNSKEY → RRSIG → verdict per zone, and names the server whose signatures expired', async () => {
		const {trace, analysis} = await analysed('www.secondary.org.');
		const view = text(dnssecLines(trace, analysis));
		expect(view).toMatch(/ {3}✓ DS \d+ RSASHA256 SHA-256 \(trust anchor\)/u);
		expect(view).toContain('served alike by a.root-servers.net. (127.77.0.1, 2001:db8::1), b.root-servers.net. (127.77.0.2, 2001:db8::2)');
		expect(view).toMatch(/ {5}→ DNSKEY \d+ KSK RSASHA256 2048 bits, a DS points at it/u);
		expect(view).toMatch(/ {5}→ DNSKEY \d+ ZSK RSASHA256 2048 bits\n/u);
		expect(view).toMatch(/✓ DS \d+ ECDSAP256SHA256 SHA-256 \(at org\.\)/u);
		expect(view).toContain('✓ served by ns1.secondary.org. 127.77.15.1, ns2.secondary.org. 127.77.115.2:');
		expect(view).toContain('✗ served by ns3.secondary.org. 127.77.115.3:');
		expect(view).toMatch(/→ RRSIG DNSKEY secondary\.org\. by secondary\.org\. key \d+, 2020-01-01 to 2020-02-01: expired\n/u);
		expect(view).toMatch(/→ RRSIG A www\.secondary\.org\. by secondary\.org\. key \d+, \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d: valid/u);
		expect(view).toContain('✗ ns3.secondary.org. 127.77.115.3: bogus');
		expect(view).toContain('verdict: secure — 2 of 3 servers');
	});

	it('marks the DS no served key matches, with the keys actually served and the bogus verdict', async () => {
		const {trace, analysis} = await analysed('www.rollover.net.');
		const view = text(dnssecLines(trace, analysis));
		expect(view).toMatch(/✗ DS \d+ ECDSAP256SHA256 SHA-256 \(at net\.\): no server serves a key with this digest/u);
		expect(view).toContain('✗ served by ns1.rollover.net. 127.77.14.1, ns2.rollover.net. 127.77.114.2:');
		expect(view).toMatch(/→ DNSKEY \d+ KSK ECDSAP256SHA256 256 bits\n/u);
		expect(view).toContain('verdict: bogus — no server\'s DNSKEY RRset validates');
		expect(view).toContain('answer  bogus — validating resolvers return SERVFAIL for this name');
	});

	it('shows a server that gave no DNSKEY answer by name, with why', async () => {
		const {trace, analysis} = await analysed('www.nic.bw.');
		expect(text(dnssecLines(trace, analysis))).toContain('✗ served by dns1.btc.bw. 127.77.50.1: no answer to the DNSKEY question (timeout)');
		// The server with an unsigned copy (DNSSEC_PARTIAL) is marked and said, where it had a ✓ over an empty list.
		expect(text(dnssecLines(trace, analysis))).toContain('! served by dns2.btc.bw. 127.77.50.2: no DNSKEY (an unsigned copy of the zone)');
		expect(text(dnssecLines(trace, analysis))).not.toMatch(/✓ served by dns2\.btc\.bw\./u);
	});
});

describe('the dependencies view, as edges', () => {
	it('draws tox.im. → servicex-dns.com. → servicey.net., with the failure at each', async () => {
		const {trace, analysis} = await analysed('tox.im.');
		const view = text(dependencyLines(trace, analysis));
		expect(view).toContain([
			'tox.im.  ✗ no server address',
			'└─ servers named under servicex-dns.com.: ✗ ns1.servicex-dns.com. could not be resolved (servicex-dns.com. failed), ✗ ns2.servicex-dns.com. could not be resolved (servicex-dns.com. failed)',
			'   servicex-dns.com.  ✗ no server address',
			'   └─ servers named under servicey.net.: ✗ ns1.servicey.net. could not be resolved (servicey.net. failed), ✗ ns2.servicey.net. could not be resolved (servicey.net. failed)',
			'      servicey.net.  ✗ 0 of 2 servers answer (timeout)',
		].join('\n'));
		expect(view).toContain('im.  ✓ 2 of 2 servers answer');
	});

	it('draws a zone whose name servers do not exist under a zone that answers (www.pureos.net.)', async () => {
		const {trace, analysis} = await analysed('www.pureos.net.');
		const view = text(dependencyLines(trace, analysis));
		expect(view).toContain('└─ servers named under sm.: ✗ ns1.puri.sm. does not exist (NXDOMAIN from sm.)');
		expect(view).toContain('   sm.  ✓ 2 of 2 servers answer');
	});
});
