/*
 * The HTML report: one page per trace that a browser opens offline. For every lab story: the findings are on it,
 * its Content-Security-Policy allows exactly its own inline style and script (by their hashes), nothing on it points
 * at the network, and `open` reads the trace back from it as from the JSON snapshot. Hostile record data stays text.
 */
import {createHash} from 'node:crypto';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {htmlUnescape} from 'escape-goat';
import {describe, expect, it} from 'vitest';
import {parseUserName} from '../../source/dns/name.js';
import {analyseSnapshot} from '../../source/commands/open-command.js';
import {runReport} from '../../source/commands/report-command.js';
import {snapshotElement} from '../../source/html/embedded-snapshot.js';
import {renderHtmlReport} from '../../source/html/html-report.js';
import {INTERNET} from '../../source/lab/internet.js';
import {renderTraceText} from '../../source/text/trace-text.js';
import {HOSTILE_TXT, hostilePageTrace} from '../helpers/hostile-page.js';
import {labTrace} from '../helpers/lab.js';
import {ESCAPES, saved} from '../helpers/snapshots.js';

const directory = mkdtempSync(path.join(tmpdir(), 'digdeeper-html-'));

/** A snapshot file's text made into a page as `digdeeper report FILE --format html` makes it. */
async function pageOf(snapshot: string, name = 'trace'): Promise<string> {
	const file = path.join(directory, `${name}.json`);
	writeFileSync(file, snapshot);
	let page = '';
	await runReport(file, {format: 'html'}, {stdout: (text) => (page += text)});
	return page;
}

const DATA_BLOCK = /<script type="application\/json" id="digdeeper-snapshot">[^<]*<\/script>/u;

/** The page without its embedded snapshot: what a browser shows and runs. */
const shown = (page: string) => page.replace(DATA_BLOCK, '');

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

function expectSealed(page: string): void {
	const policy = htmlUnescape(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/u.exec(page)?.[1] ?? '');
	const style = /<style>([\s\S]*?)<\/style>/u.exec(page)![1]!;
	const script = /<script>([\s\S]*?)<\/script>/u.exec(page)![1]!;
	expect(policy).toBe(`default-src 'none'; style-src ${sha256(style)}; script-src ${sha256(script)}; base-uri 'none'; form-action 'none'`);
	// One style sheet, one script, one data block: nothing else the policy would have to allow.
	expect(page.match(/<style\b/gu)).toHaveLength(1);
	expect(page.match(/<script\b/gu)).toHaveLength(2);
	expect(page.match(DATA_BLOCK)).toHaveLength(1);
	// Nothing points at the network: no tag holds an address or a source, a link only leads within the page, and
	// neither the style nor the script names an address.
	for (const tag of shown(page).match(/<[^>]*>/gu)!) expect(tag).not.toMatch(/https?:|\bsrc=|\bhref="(?!#)|\burl\(/iu);
	expect(`${style}${script}`).not.toMatch(/https?:|\/\/[a-z]|url\(|@import|fetch\(|XMLHttpRequest|innerHTML/iu);
}

describe('the page of every lab story', () => {
	for (const story of INTERNET.stories) {
		it(`${story.name} ${story.type ?? 'A'}: findings, a sealed page, and the trace read back`, async () => {
			const snapshot = saved(await labTrace(parseUserName(story.name).name, story.type ?? 'A', {timeoutMs: 40}));
			const page = await pageOf(snapshot);
			const fromJson = analyseSnapshot('trace.json', snapshot);
			const findings = fromJson.analysis.findings;
			expect(page.match(/<li class="finding /gu) ?? []).toHaveLength(findings.length);
			for (const finding of findings) expect(page).toContain(`<code>${finding.code}</code>`);
			expectSealed(page);
			// `open report.html` is `open trace.json`: the same trace, judged the same.
			const fromPage = analyseSnapshot('report.html', page);
			expect(fromPage.trace).toEqual(fromJson.trace);
			expect(fromPage.analysis.findings).toEqual(fromJson.analysis.findings);
			expect(renderTraceText(fromPage, {toolVersion: 'test'})).toBe(renderTraceText(fromJson, {toolVersion: 'test'}));
		});
	}
});

describe('the delegation graph on the page', () => {
	it('is said not to be drawn when none is given, and inlined as an element naming no address when one is', async () => {
		const snapshot = saved(await labTrace('www.example.com.', 'A', {timeoutMs: 40}));
		const opened = analyseSnapshot('trace.json', snapshot);
		const options = {toolVersion: 'test', takenWith: opened.takenWith, snapshot};
		expect(renderHtmlReport(opened, options)).toContain('<p class="graph-missing">The delegation graph was not drawn for this report.</p>');
		// A Graphviz SVG as @viz-js/viz writes it: an XML prolog, a DOCTYPE naming the W3C's DTD, namespaces on the root.
		const {instance} = await import('@viz-js/viz');
		const svg = (await instance()).renderString('digraph { "com." -> "example.com." }', {format: 'svg'});
		expect(svg).toMatch(/^<\?xml[\s\S]*http:\/\/www\.w3\.org/u);
		const page = renderHtmlReport(opened, {...options, graphSvg: svg});
		expect(page).toMatch(/<figure class="graph"><svg width="\d+pt" height="\d+pt"\n viewBox="[^"]*">\n<g id="graph0"/u);
		expect(page).toContain('<title>com.&#45;&gt;example.com.</title>');
		expect(page).not.toContain('graph-missing"');
		expectSealed(page);
	});
});

describe('a TXT record of markup and script', () => {
	it('is shown as text, escaped as the terminal views escape it, and stays text in the embedded snapshot', async () => {
		const {snapshot} = await hostilePageTrace();
		const page = await pageOf(snapshot, 'hostile');
		expectSealed(page);
		const visible = shown(page);
		expect(visible).toContain('&quot;&lt;script&gt;window.pwned=1&lt;/script&gt;&quot;');
		expect(visible).toContain('&quot;&lt;/script&gt;&lt;img src=x onerror=\\&quot;window.pwned=2\\&quot;&gt;&quot;');
		expect(visible).not.toMatch(/<img|<script>window|<[^>]*onerror/u);
		// The bidi override and ESC as the terminal views show a TXT string's bytes: visibly, never the characters themselves.
		expect(visible).toContain('bidi \\226\\128\\174evil\\226\\128\\172 and \\027[2J');
		expect(visible).not.toMatch(ESCAPES);
		expect(visible).not.toContain('\u202e');
		// In the data block no `<` is left to close it: the first </script> after it opens is its own.
		const block = page.match(DATA_BLOCK)![0];
		const json = block.replace(/^<[^>]*>/u, '').replace(/<\/script>$/u, '');
		expect(json).not.toContain('<');
		expect(JSON.parse(json)).toMatchObject({query: {name: 'www.page.evil.', type: 'TXT'}});
		// The decoded strings as the model keeps them, dig's text between the quotes: `"` after a backslash.
		for (const text of HOSTILE_TXT.slice(0, 2)) expect(block).toContain(JSON.stringify(text.replaceAll('"', '\\"')).slice(1, -1).replaceAll('<', '\\u003c'));
		expect(analyseSnapshot('hostile.html', page).trace.outcome.status).toBe('answer');
	});
});

describe('an HTML file that is not a report digdeeper wrote', () => {
	const refusal = (text: string) => {
		try {
			analyseSnapshot('report.html', text);
		} catch (error) {
			return (error as Error).message;
		}
		throw new Error('opened');
	};
	const head = '<!DOCTYPE html><html><body>';
	const element = (json: string) => `<script type="application/json" id="digdeeper-snapshot">${json}</script>`;

	it('is refused in one line when it carries no snapshot', () => {
		expect(refusal(`${head}<p>hello</p></body></html>`)).toBe('report.html: an HTML page with no embedded snapshot (no element with id="digdeeper-snapshot"): not a digdeeper report');
	});

	it('is read when only text or another attribute names the id, and after comments before its doctype', async () => {
		const {snapshot: json} = await hostilePageTrace();
		const page = `<!-- saved by hand -->\n${head}<p>id=digdeeper-snapshot</p><div data-id="digdeeper-snapshot"></div>${snapshotElement(json)}</body></html>`;
		expect(analyseSnapshot('report.html', page).trace.query.name).toBe('www.page.evil.');
	});

	it("is refused as a survey's page, which carries no trace, with where to look instead", () => {
		expect(refusal(`${head.replace('<body>', '<body class="survey">')}<p>hello</p></body></html>`)).toBe("report.html: a survey's page, which carries no trace of its own: open a zone's snapshot beside it, or the survey's directory (digdeeper open DIR)");
	});

	it('is refused when two elements claim the id, whatever they are', () => {
		expect(refusal(`${head}${element('{}')}${element('{}')}`)).toBe('report.html: an HTML page with 2 elements named digdeeper-snapshot: a report has one');
		expect(refusal(`${head}<div id='digdeeper-snapshot'></div>${element('{}')}`)).toBe('report.html: an HTML page with 2 elements named digdeeper-snapshot: a report has one');
	});

	it('is refused when its element is not the one a report writes, or is never closed', () => {
		expect(refusal(`${head}<script id="digdeeper-snapshot" type="application/json">{}</script>`)).toMatch(/^report\.html: its digdeeper-snapshot element is not the one a report writes/u);
		expect(refusal(`${head}<script type="application/json" id="digdeeper-snapshot">{"a":1}`)).toBe('report.html: its digdeeper-snapshot element is never closed');
	});

	it('is refused when its snapshot is broken JSON, or no snapshot', () => {
		expect(refusal(`${head}${element('{"schema": ')}`)).toMatch(/^report\.html: not valid JSON: /u);
		expect(refusal(`${head}${element('{"schema":"something else"}')}`)).toMatch(/^report\.html: /u);
	});

	it('is refused when its snapshot is over the limit, before any of it is parsed', () => {
		const huge = `"${'x'.repeat(64 * 1024 * 1024)}"`;
		expect(refusal(`${head}${element(huge)}`)).toBe(`report.html: its embedded snapshot is too large (${huge.length} characters; the limit is ${64 * 1024 * 1024})`);
	});
});
