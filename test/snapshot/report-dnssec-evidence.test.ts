import {describe, expect, it} from 'vitest';
import {openText, savedLabTrace} from '../helpers/snapshots.js';

/** The report's section for one finding: from its heading to the next one. */
function section(report: string, code: string): string {
	const start = report.indexOf(` ${code} — `);
	expect(start, `no ${code} in the report`).toBeGreaterThan(-1);
	const end = report.indexOf('\n### ', start);
	return report.slice(start, end === -1 ? undefined : end);
}

async function reportOf(name: string): Promise<string> {
	const opened = openText(await savedLabTrace(name), `${name}.json`);
	if (!('report' in opened)) throw new Error(opened.line);
	return opened.report;
}

describe('a zone-wide DNSSEC finding in the report names the servers that show it, with their answers and dig lines', () => {
	it('DS_NO_MATCHING_DNSKEY at www.rollover.net: the parent servers\' DS answers and the zone servers\' DNSKEY answers', async () => {
		const shown = section(await reportOf('www.rollover.net'), 'DS_NO_MATCHING_DNSKEY');
		expect(shown).toContain('| a.gtld-servers.net. | 127.77.1.1 | rollover.net. DS | NOERROR answer |');
		expect(shown).toContain('| b.gtld-servers.net. | 127.77.101.2 | rollover.net. DS | NOERROR answer |');
		expect(shown).toContain('| ns1.rollover.net. | 127.77.14.1 | rollover.net. DNSKEY | NOERROR answer |');
		expect(shown).toContain('| ns2.rollover.net. | 127.77.114.2 | rollover.net. DNSKEY | NOERROR answer |');
		expect(shown).toContain('`dig @127.77.1.1 +norec +dnssec rollover.net. DS`');
		expect(shown).toContain('`dig @127.77.14.1 +norec +dnssec rollover.net. DNSKEY`');
	});

	it('DNSSEC_WITHOUT_DS at www.nic.bw: which servers serve DNSKEY, and the root servers that deny the DS', async () => {
		const shown = section(await reportOf('www.nic.bw'), 'DNSSEC_WITHOUT_DS');
		// The lab's keys are made afresh for each run: their tags differ, the servers do not.
		// The finding names the zone's servers that serve keys, not the root servers that deny the DS (they are evidence).
		expect(shown).toMatch(/bw\.: pch\.nic\.bw\. \(127\.77\.150\.1\) and afrinic\.nic\.bw\. \(127\.77\.151\.1\): 2 of the zone's 4 server addresses serve DNSKEY \d+, \d+ \(1 answered with no DNSKEY, 1 gave no answer to the DNSKEY question\), but \. has no DS/u);
		expect(shown).toContain('| a.root-servers.net. | 127.77.0.1 | bw. DS | NOERROR nodata |');
		expect(shown).toContain('| pch.nic.bw. | 127.77.150.1 | bw. DNSKEY | NOERROR answer |');
		expect(shown).toContain('| afrinic.nic.bw. | 127.77.151.1 | bw. DNSKEY | NOERROR answer |');
		expect(shown).toContain('`dig @127.77.0.1 +norec +dnssec bw. DS`');
		expect(shown).toContain('`dig @127.77.150.1 +norec +dnssec bw. DNSKEY`');
	});

	it('DS_DIGEST_DEPRECATED at nic.xn--wgbh1c: the parent servers whose DS answers carry the SHA-1 digest', async () => {
		const shown = section(await reportOf('nic.xn--wgbh1c'), 'DS_DIGEST_DEPRECATED');
		expect(shown).toContain('| a.root-servers.net. | 127.77.0.1 | xn--wgbh1c. DS | NOERROR answer |');
		expect(shown).toContain('`dig @127.77.0.1 +norec +dnssec xn--wgbh1c. DS`');
	});
});
