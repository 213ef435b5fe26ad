/*
 * The HTML report in a real browser: Debian's chromium, headless, opens the page from a file:// URL with every
 * other request refused (and recorded). No console error (a blocked inline style or script would be one: the
 * Content-Security-Policy's hashes must match), no request but the file, the findings listed, the hostile TXT record
 * shown as text and never run, the script's conveniences working; a screenshot is saved. A survey's page too.
 */
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {chromium} from 'playwright-core';
import {describe, expect, it} from 'vitest';
import {runReport} from '../../source/commands/report-command.js';
import {runSurvey} from '../../source/commands/survey-command.js';
import {characterStringText} from '../../source/dns/character-string.js';
import {presentCharacterString} from '../../source/dns/present.js';
import {delegationGraph} from '../../source/graph/delegation-graph.js';
import {HOSTILE_TXT, hostilePageTrace} from '../helpers/hostile-page.js';
import {guarded} from '../helpers/browser.js';
import {missingTools, titled} from '../helpers/tools.js';

const missing = missingTools('chromium');

describe.skipIf(missing)(titled('the HTML report in headless Chromium', missing), () => {
	it('opens offline with no error and no request, lists the findings, and shows the hostile TXT record as text', {timeout: 60_000}, async () => {
		const directory = mkdtempSync(path.join(tmpdir(), 'digdeeper-browser-'));
		const {analysed, snapshot} = await hostilePageTrace();
		writeFileSync(path.join(directory, 'trace.json'), snapshot);
		const file = path.join(directory, 'report.html');
		await runReport(path.join(directory, 'trace.json'), {format: 'html', output: file}, {stdout: () => {}});
		const url = pathToFileURL(file).href;

		const browser = await chromium.launch({executablePath: '/usr/bin/chromium'});
		try {
			const context = await browser.newContext({offline: true});
			// The pages themselves are the only files the browser may read.
			const pages = new Set([url]);
			const {requests, page: guardedPage} = await guarded(context, pages);
			const {page, errors} = await guardedPage();
			await page.goto(url, {waitUntil: 'load'});

			// The delegation graph, drawn inline: a box for every zone of the trace, a node for every name server.
			const graph = delegationGraph(analysed.trace, analysed.analysis);
			expect(await page.locator('figure.graph svg g.cluster.zone').count()).toBe(analysed.trace.zones.length);
			expect(await page.locator('figure.graph svg g.node.server').count()).toBe(graph.zones.flatMap((zone) => zone.servers).length);
			expect(await page.locator('figure.graph svg g.node.server').count()).toBeGreaterThan(0);

			const findings = await page.locator('li.finding h3').allInnerTexts();
			expect(findings.map((text) => text.split(' ')[1])).toEqual(analysed.analysis.findings.map((finding) => finding.code));
			expect(findings.length).toBeGreaterThan(0);
			// The record's strings as the page shows them: text, as dig shows a TXT string's bytes (character-string.ts).
			// Expressions as text: the tests are compiled without the DOM's types.
			await page.evaluate(`document.querySelector('details.responses').open = true`);
			const body = await page.locator('body').innerText();
			for (const text of HOSTILE_TXT) expect(body).toContain(presentCharacterString(characterStringText(Buffer.from(text))));
			expect(await page.evaluate('typeof window.pwned')).toBe('undefined');
			expect(await page.locator('img').count()).toBe(0);
			// Expand all: the script ran under the policy and opens every folded response.
			await page.getByRole('button', {name: 'Expand all'}).click();
			expect(await page.locator('details:not([open])').count()).toBe(0);
			// Hovering a server's evidence row marks that server's responses too.
			const row = page.locator('table.evidence tbody tr').first();
			const server = await row.getAttribute('data-server');
			await row.hover();
			expect(await page.locator(`details.probe[data-server="${server}"].highlighted`).count()).toBe(await page.locator(`details.probe[data-server="${server}"]`).count());
			await page.screenshot({path: path.join(directory, 'report.png'), fullPage: false});
			expect(readFileSync(path.join(directory, 'report.png')).subarray(1, 4).toString()).toBe('PNG');

			expect(errors).toEqual([]);
			expect(requests).toEqual([url]);

			// With JavaScript off the page reads the same: the findings listed, a response opened by its own summary.
			const still = await (await browser.newContext({offline: true, javaScriptEnabled: false})).newPage();
			await still.goto(url, {waitUntil: 'load'});
			expect(await still.locator('li.finding h3').allInnerTexts()).toEqual(findings);
			expect(await still.getByRole('button').count()).toBe(0);
			await still.locator('details.responses > summary').first().click();
			await still.locator('details.probe > summary').first().click();
			expect(await still.locator('details.probe[open] pre.lines').first().innerText()).toMatch(/^.+\n(?:;; ->>HEADER<<- opcode: QUERY|TIMEOUT)/u);

			// A survey's morning mail as a page (-o DIR): its style applied under the policy (a rejected hash would be a
			// console error and leave the default look), nothing loaded but the file, the zone linked to its snapshot.
			const surveyDir = path.join(directory, 'survey');
			expect(await runSurvey({zones: ['xn--wgbh1c.'], report: 'html', outputDir: surveyDir, lab: true, json: false, force: false, port: 53, families: [4, 6], timeoutMs: 1500, retries: 1, dnssec: true, latencyScale: 0, rate: 1000}, {stdout: () => {}})).toBe(1);
			const surveyUrl = pathToFileURL(path.join(surveyDir, 'report.html')).href;
			pages.add(surveyUrl);
			const {page: mail, errors: mailErrors} = await guardedPage();
			await mail.goto(surveyUrl, {waitUntil: 'load'});
			expect(await mail.locator('li.finding.error h3').allInnerTexts()).toEqual([expect.stringMatching(/^xn--wgbh1c\.: 3\/4 servers answering/u)]);
			expect(await mail.evaluate(`getComputedStyle(document.querySelector('li.finding.error')).borderLeftWidth`)).toBe('4px');
			expect(await mail.evaluate(`document.querySelector('li.finding.error a').href`)).toBe(pathToFileURL(path.join(surveyDir, 'xn--wgbh1c.json')).href);
			expect([...errors, ...mailErrors]).toEqual([]);
			expect(requests).toEqual([url, surveyUrl]);
		} finally {
			await browser.close();
		}
	});
});
