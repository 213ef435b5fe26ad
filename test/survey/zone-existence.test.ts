import {describe, expect, it} from 'vitest';
import {withAnalysis} from '../../source/analysis/analyze.js';
import {summarizeZone, type ZoneSummary} from '../../source/survey/zone-summary.js';
import {surveyZoneLine} from '../../source/text/survey-text.js';
import {cli} from '../helpers/cli.js';
import {labTrace, labWorld} from '../helpers/lab.js';

const anchors = () => ({source: 'lab', records: labWorld().trustAnchor.filter((record) => record.type === 'DS')});

/** A listed name surveyed as the survey does: its trace of `NAME SOA`, analysed, then summarised. */
async function surveyed(zone: string): Promise<ZoneSummary> {
	return summarizeZone(zone, withAnalysis(await labTrace(zone, 'SOA'), {anchors: anchors()}));
}

const worst = (summary: ZoneSummary) => {
	const {code, severity, zone, servers, message} = summary.findings[0]!;
	return {code, severity, zone, servers, message};
};

const EXAMPLE_COM = ['127.77.10.1', '2001:db8:10::1', '127.77.110.2', '2001:db8:110::2'];
const ROOTS = ['127.77.0.1', '2001:db8::1', '127.77.0.2', '2001:db8::2', '127.77.0.3', '2001:db8::3', '127.77.0.4', '2001:db8::4'];

describe('a listed name that is no zone', () => {
	it('a TLD the root denies: DELEGATION_MISSING from the root, and not a secure zone', async () => {
		const summary = await surveyed('nosuchtld.');
		expect(worst(summary)).toEqual({code: 'DELEGATION_MISSING', severity: 'error', zone: 'nosuchtld.', servers: ROOTS, message: 'nosuchtld.: the root servers say it does not exist (NXDOMAIN for nosuchtld. SOA); the root does not delegate it'});
		// The root's signed denial validates, but a denial is not a zone: nothing is secure about a zone that is not there.
		expect(summary.dnssec).toBe('no-zone');
		expect(summary.servers).toEqual({answering: 0, total: 0});
		expect(surveyZoneLine(summary)).toMatch(/^nosuchtld\.\s+0\/0 answering\s+no serial\s+no zone\s+ERROR DELEGATION_MISSING: nosuchtld\.: the root servers say it does not exist/u);
	});

	it('a registrable domain its registry denies: the trace\'s own DELEGATION_MISSING, said once', async () => {
		const summary = await surveyed('puri.sm.');
		expect(summary.findings.filter((finding) => finding.code === 'DELEGATION_MISSING').map((finding) => finding.zone)).toEqual(['puri.sm.']);
		expect(summary.findings.map((finding) => finding.code)).not.toContain('NOT_A_ZONE');
		expect(summary.dnssec).toBe('no-zone');
	});

	it('a registrable domain inside an unsigned TLD\'s zone (omniway.sm., above its name server dns.omniway.sm.): the trace\'s warning, and NOT_A_ZONE as an error all the same', async () => {
		const summary = await surveyed('omniway.sm.');
		expect(summary.findings.map(({severity, code, zone}) => `${severity} ${code} ${zone}`)).toEqual(['error NOT_A_ZONE omniway.sm.', 'warning DELEGATION_MISSING omniway.sm.']);
		expect(worst(summary).message).toBe('omniway.sm.: a name inside sm., not a zone of its own: the sm. servers answer for it (NODATA for its SOA) instead of delegating it');
	});

	it('a name its parent zone denies below a registrable domain: NOT_A_ZONE, from the parent\'s servers', async () => {
		expect(worst(await surveyed('nosuch.example.com.'))).toEqual({code: 'NOT_A_ZONE', severity: 'error', zone: 'nosuch.example.com.', servers: EXAMPLE_COM, message: 'nosuch.example.com.: the example.com. servers say it does not exist (NXDOMAIN); no zone nosuch.example.com. is delegated'});
	});

	it('a name that exists inside its parent\'s zone: NOT_A_ZONE, the parent answering NODATA for its SOA', async () => {
		const summary = await surveyed('www.example.com.');
		expect(worst(summary)).toEqual({code: 'NOT_A_ZONE', severity: 'error', zone: 'www.example.com.', servers: EXAMPLE_COM, message: 'www.example.com.: a name inside example.com., not a zone of its own: the example.com. servers answer for it (NODATA for its SOA) instead of delegating it'});
		expect(summary.dnssec).toBe('no-zone');
	});

	it('an alias: NOT_A_ZONE naming its target, said by the zone the alias is in', async () => {
		expect(worst(await surveyed('ftp.example.com.'))).toEqual({code: 'NOT_A_ZONE', severity: 'error', zone: 'ftp.example.com.', servers: EXAMPLE_COM, message: 'ftp.example.com.: an alias (CNAME to www.example.com.) in example.com., not a zone: an alias cannot own an SOA or NS set'});
		// Into another zone: still the zone that holds the alias, not the one that answered for its target.
		expect(worst(await surveyed('www.shop.com.'))).toMatchObject({code: 'NOT_A_ZONE', message: 'www.shop.com.: an alias (CNAME to shop.cdnhost.net.) in shop.com., not a zone: an alias cannot own an SOA or NS set'});
	});

	it('a zone, even one co-hosted with its parent, is a zone: no such finding and its own DNSSEC status', async () => {
		for (const zone of ['example.com.', 'six.example.com.', 'com.']) {
			const summary = await surveyed(zone);
			expect(summary.findings.map((finding) => finding.code), zone).not.toContain('NOT_A_ZONE');
			expect(summary.findings.map((finding) => finding.code), zone).not.toContain('DELEGATION_MISSING');
			expect(summary.dnssec, zone).not.toBe('no-zone');
		}
	});

	it('a zone that cannot be reached is not judged: whether it is a zone is unknown', async () => {
		const summary = await surveyed('xn--mgbai9azgqp6j.');
		expect(summary.findings.map((finding) => finding.code)).not.toContain('NOT_A_ZONE');
		expect(summary.dnssec).not.toBe('no-zone');
	});

	it('the command says it and exits 1, in the generated root as in the stories lab', async () => {
		const generated = await cli('survey', '--lab', '--lab-tlds', '50', '--latency-scale', '0', '--text', 'nosuchtld.');
		expect(generated.code).toBe(1);
		expect(generated.stdout).toMatch(/^nosuchtld\.\s+0\/0 answering\s+no serial\s+no zone\s+ERROR DELEGATION_MISSING: nosuchtld\.: the root servers say it does not exist \(NXDOMAIN for nosuchtld\. SOA\); the root does not delegate it\n/u);
		const stories = await cli('survey', '--lab', '--latency-scale', '0', '--json', 'www.example.com.');
		expect(stories.code).toBe(1);
		const line = JSON.parse(stories.stdout.split('\n')[0]!) as {findings: Array<{code: string}>; summary: {worst: string; dnssec: string}};
		expect(line.findings[0]!.code).toBe('NOT_A_ZONE');
		expect(line.summary).toMatchObject({worst: 'error', dnssec: 'no-zone'});
	});
});
