/*
 * Every lab story's page, as `digdeeper report FILE --format html` writes it, opened in headless Chromium from a
 * file:// URL with everything but the page refused: no console error (the policy's hashes match), no request, a
 * graph box for every zone and a node for every name server of the trace, the findings of the analysis listed; and
 * the page read back by `open` judges the trace as its JSON snapshot does.
 */
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {chromium} from 'playwright-core';
import {describe, expect, it} from 'vitest';
import {openSnapshot} from '../../source/commands/open-command.js';
import {runReport} from '../../source/commands/report-command.js';
import {parseUserName} from '../../source/dns/name.js';
import {delegationGraph} from '../../source/graph/delegation-graph.js';
import {INTERNET} from '../../source/lab/internet.js';
import {labTrace} from '../helpers/lab.js';
import {saved} from '../helpers/snapshots.js';
import {guarded} from '../helpers/browser.js';
import {missingTools, titled} from '../helpers/tools.js';

const missing = missingTools('chromium');

describe.skipIf(missing)(titled('every lab story as a page in headless Chromium', missing), () => {
	it(`opens each of the ${INTERNET.stories.length} stories' pages with no error and no request, every zone and name server drawn`, {timeout: 120_000}, async () => {
		const directory = mkdtempSync(path.join(tmpdir(), 'digdeeper-stories-'));
		const pages = await Promise.all(
			INTERNET.stories.map(async (story, index) => {
				const json = path.join(directory, `${index}.json`);
				writeFileSync(json, saved(await labTrace(parseUserName(story.name).name, story.type ?? 'A', {timeoutMs: 100})));
				const file = path.join(directory, `${index}.html`);
				await runReport(json, {format: 'html', output: file}, {stdout: () => {}});
				return {story: `${story.name} ${story.type ?? 'A'}`, json, file, url: pathToFileURL(file).href};
			}),
		);

		const browser = await chromium.launch({executablePath: '/usr/bin/chromium'});
		try {
			const context = await browser.newContext({offline: true});
			const {requests, page: guardedPage} = await guarded(context, new Set(pages.map((page) => page.url)));
			const seen = [];
			for (const {story, json, file, url} of pages) {
				const {page, errors} = await guardedPage();
				await page.goto(url, {waitUntil: 'load'});
				const fromJson = await openSnapshot(json);
				const graph = delegationGraph(fromJson.trace, fromJson.analysis);
				const fromPage = await openSnapshot(file);
				seen.push({
					story,
					errors,
					// A long answer (big.example.org's TXT) scrolls in its own box; the page itself never scrolls sideways.
					sideways: await page.evaluate('document.documentElement.scrollWidth > document.documentElement.clientWidth'),
					zones: await page.locator('figure.graph svg g.cluster.zone').count(),
					servers: await page.locator('figure.graph svg g.node.server').count(),
					findings: (await page.locator('li.finding h3').allInnerTexts()).map((text) => text.split(' ')[1]),
					readBack: {outcome: fromPage.trace.outcome.status, dnssec: fromPage.analysis.dnssec.outcome.status, findings: fromPage.analysis.findings.map((finding) => finding.code)},
				});
				expect(seen.at(-1)).toEqual({
					story,
					errors: [],
					sideways: false,
					zones: fromJson.trace.zones.length,
					servers: graph.zones.flatMap((zone) => zone.servers).length,
					findings: fromJson.analysis.findings.map((finding) => finding.code),
					readBack: {outcome: fromJson.trace.outcome.status, dnssec: fromJson.analysis.dnssec.outcome.status, findings: fromJson.analysis.findings.map((finding) => finding.code)},
				});
				await page.close();
			}
			expect(requests).toEqual(pages.map((page) => page.url));
			// The stories are not all alike: some pages list findings, and every page draws servers.
			expect(seen.filter((page) => page.findings.length > 0).length).toBeGreaterThan(10);
			expect(seen.every((page) => page.servers > 0)).toBe(true);
		} finally {
			await browser.close();
		}
	});
});
