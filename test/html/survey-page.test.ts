/*
 * The survey's morning mail as a page (`survey … --report --format html`): the same words as the Markdown and text
 * report, a Content-Security-Policy that allows its one style sheet by hash and nothing else, no address but the
 * relative links to the snapshots -o DIR kept, and every zone name, server and message from the record as text.
 */
import {createHash} from 'node:crypto';
import {access, mkdtemp, readFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {htmlUnescape} from 'escape-goat';
import {describe, expect, it} from 'vitest';
import {runSurvey, type SurveyRequest} from '../../source/commands/survey-command.js';
import {renderSurveyPage} from '../../source/html/survey-page.js';
import {listDigest} from '../../source/survey/shard.js';
import {compareSurveys, surveyProblems} from '../../source/survey/survey-compare.js';
import type {SurveySummaryRecord, SurveyZoneRecord} from '../../source/survey/survey-record.js';
import {renderSurveyReport} from '../../source/text/survey-report.js';

const MORNING = '2026-11-30T06:00:00.000Z';
const YESTERDAY = '2026-11-29T06:00:00.000Z';

function zone(name: string, findings: Array<Partial<SurveyZoneRecord['findings'][number]> & {code: string}>, extra: Partial<SurveyZoneRecord> = {}): SurveyZoneRecord {
	const full = findings.map((finding) => ({severity: 'warning' as const, zone: name, servers: ['127.80.1.1'], message: `${name}: ${finding.code.toLowerCase()}`, since: MORNING, ...finding}));
	return {zone: name, surveyedAt: MORNING, servers: {answering: 3, total: 4}, findings: full, summary: {serials: [2024101501], dnssec: 'secure', probes: {total: 120, shared: 60}, worst: full[0]?.severity ?? 'clean'}, ...extra};
}

function summary(zones: readonly SurveyZoneRecord[]): SurveySummaryRecord {
	const worst = {error: 0, warning: 0, info: 0, clean: 0};
	for (const record of zones) worst[record.summary.worst]++;
	return {zones: zones.length, worst, queriesSent: 100, queriesShared: 50, peakInFlight: 12, durationMs: 900, startedAt: MORNING, endedAt: '2026-11-30T06:00:01.000Z', list: {zones: zones.length, digest: listDigest(zones.map((record) => record.zone))}, dnssec: true, tool: {name: 'digdeeper', version: '0.1.0'}};
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** What a reader sees: the page's text (code and links within a line, other elements apart), entities read back, each run of white space one space. */
const visible = (page: string) =>
	htmlUnescape(
		page
			.replace(/<head>[\s\S]*?<\/head>/u, '')
			.replace(/<\/?(?:code|a)\b[^>]*>/gu, '')
			.replace(/<[^>]*>/gu, ' '),
	).replace(/\s+/gu, ' ');

/** Sealed: the policy allows the one style sheet by its hash and no script; no tag names an address or a source but the snapshots' relative links. */
function expectSealed(page: string, links: readonly string[]): void {
	const policy = htmlUnescape(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/u.exec(page)?.[1] ?? '');
	const style = /<style>([\s\S]*?)<\/style>/u.exec(page)![1]!;
	expect(policy).toBe(`default-src 'none'; style-src ${sha256(style)}; base-uri 'none'; form-action 'none'`);
	expect(page.match(/<style\b/gu)).toHaveLength(1);
	expect(page).not.toMatch(/<script|<img|<iframe|<object|<link\b/iu);
	expect(page).not.toMatch(/https?:/iu);
	expect([...page.matchAll(/\bhref="([^"]*)"/gu)].map((match) => match[1])).toEqual(links);
	for (const tag of page.match(/<[^>]*>/gu)!) expect(tag).not.toMatch(/\bsrc=|\burl\(|\bon[a-z]+=/iu);
}

describe('the morning mail as a page', () => {
	const hostile = '<script>alert(1)</script> & "quoted" \u001b[2J \u202e https://evil.example/';
	const bw = zone('bw.', [{code: 'SERIAL_MISMATCH', severity: 'error', message: `stale ${hostile}`, servers: ['ns<b>1</b>.bw.', '127.77.50.2'], since: YESTERDAY}], {snapshot: '/var/surveys/today/bw.json'});
	const ls = zone('ls.', [{code: 'DNSSEC_PARTIAL', message: 'half-signed'}]);
	const odd = zone('x<i>y.', [{code: 'LAME_DELEGATION', severity: 'error'}]);
	const zones = [bw, ls, odd];
	const before = [zone('bw.', [{code: 'SERIAL_MISMATCH', severity: 'error', since: YESTERDAY}]), zone('ls.', [{code: 'SERVER_TIMEOUT', message: 'ls. timed out', since: YESTERDAY}]), zone('td.', [{code: 'LAME_DELEGATION'}])];
	const since = {comparison: compareSurveys(surveyProblems(YESTERDAY, before), surveyProblems(MORNING, zones)), file: 'yesterday/<dir>'};
	const input = {summary: summary(zones), problemZones: zones, since};
	const page = renderSurveyPage(input, {toolVersion: '0.1.0'});

	it('says what the text report says, line for line: counts, errors with their servers, warnings, new, resolved, still broken and since when', () => {
		const text = renderSurveyReport(input, 'text');
		const shown = visible(page);
		for (const line of text.split('\n').filter((line) => line.trim() !== '' && !/^[=-]+$/u.test(line))) expect(shown).toContain(line.trim().replace(/\s+/gu, ' '));
		expect(shown).toContain('ERROR SERIAL_MISMATCH, since 2026-11-29 06:00 UTC (1 day): stale');
		expect(shown).toContain('(servers: ns<b>1</b>.bw., 127.77.50.2)');
		expect(shown).toContain('Resolved since the previous survey: 1');
		expect(shown).toContain('ls. WARNING SERVER_TIMEOUT (there since 2026-11-29 06:00 UTC): ls. timed out');
		expect(shown).toContain('Surveyed for the first time: x<i>y. No longer surveyed: td.');
		// Errors first, then warnings.
		expect(page.indexOf('Errors: 2 zones')).toBeLessThan(page.indexOf('Warnings: 1 zone'));
	});

	it('shows hostile names and messages as text, escaped, never as markup or raw control characters', () => {
		expect(page).not.toMatch(/[\u001b\u202e]/u);
		expect(page).toContain('stale &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot; \\027[2J \\u{202e}');
		expect(page).toContain('<code>ns&lt;b&gt;1&lt;/b&gt;.bw.</code>');
		expect(page).toContain('<code>x&lt;i&gt;y.</code>');
		expect(page).toContain('<code>yesterday/&lt;dir&gt;</code>');
	});

	it('links a zone to its snapshot by file name alone, and is sealed: one style by hash, no script, no address', () => {
		expect(page).toContain('<h3><a href="bw.json"><code>bw.</code></a>: 3/4 servers answering, serial 2024101501, DNSSEC secure</h3>');
		expectSealed(page.replace('https://evil.example/', ''), ['bw.json']);
		// The one address on the page is the hostile message's, as text in a list item, in no tag.
		expect(page.match(/https?:/gu)).toHaveLength(1);
		expect(page).toMatch(/<li>ERROR SERIAL_MISMATCH[^<]*https:\/\/evil\.example\/[^<]*\(servers: <code>/u);
	});
});

describe('digdeeper survey --report --format html', () => {
	const request = (extra: Partial<SurveyRequest>): SurveyRequest => ({zones: ['xn--wgbh1c.', 'com.'], report: 'html', lab: true, json: false, force: false, port: 53, families: [4, 6], timeoutMs: 1500, retries: 1, dnssec: true, latencyScale: 0, rate: 1000, ...extra});

	it('with -o DIR writes the page beside the snapshots it links to, prints nothing, and exits 1 for the zone with an error', async () => {
		const dir = await mkdtemp(path.join(tmpdir(), 'digdeeper-survey-page-'));
		let stdout = '';
		expect(await runSurvey(request({outputDir: dir}), {stdout: (text) => (stdout += text)})).toBe(1);
		expect(stdout).toBe('');
		const page = await readFile(path.join(dir, 'report.html'), 'utf8');
		expect(visible(page)).toMatch(/Errors: 1 zone xn--wgbh1c\.: 3\/4 servers answering, serial 1707300000, DNSSEC secure ERROR RRSIG_EXPIRED, first seen now: xn--wgbh1c\.: ns1\.nic\.xn--wgbh1c\. \(127\.77\.52\.1\).*? \(servers: 127\.77\.52\.1, 127\.77\.52\.2, 127\.77\.52\.3\)/u);
		expectSealed(page, ['xn--wgbh1c.json']);
		await access(path.join(dir, 'xn--wgbh1c.json'));
		// A page already there is replaced only with --force, refused before any query.
		await expect(runSurvey(request({outputDir: dir, zones: ['net.']}), {stdout: () => {}})).rejects.toThrow(`${path.join(dir, 'report.html')} already exists (use --force`);
	}, 30_000);

	it('without -o prints the page, as a trace\'s report does, with no link', async () => {
		let stdout = '';
		expect(await runSurvey(request({zones: ['com.']}), {stdout: (text) => (stdout += text)})).toBe(0);
		expect(stdout).toMatch(/^<!DOCTYPE html>\n[\s\S]*<h2>Errors: 0 zones<\/h2>\n<p>None\.<\/p>[\s\S]*<\/html>\n$/u);
		expectSealed(stdout, []);
	}, 30_000);
});
