import {beforeAll, describe, expect, it} from 'vitest';
import {withAnalysis, type AnalysedTrace} from '../../source/analysis/analyze.js';
import {fqdn} from '../../source/dns/name.js';
import {presentName} from '../../source/dns/present.js';
import {presentText} from '../../source/dns/sanitize.js';
import {HOSTILE} from '../../source/lab/hostile-world.js';
import {buildWorld} from '../../source/lab/world.js';
import {markdownCode, markdownParagraph, presentMarkdown} from '../../source/text/markdown.js';
import {renderReport} from '../../source/text/report.js';
import type {Trace} from '../../source/trace/model.js';
import {MARKDOWN_HOSTILE} from '../helpers/hostile-text.js';
import {labTrace} from '../helpers/lab.js';
import {markdownShown, outsideCodeSpans, unescapedPipes} from '../helpers/markdown.js';

/** Markdown syntax a hostile string could carry into a report, looked for where Markdown acts (outside code spans). */
function expectInert(markdown: string) {
	// Escaped characters are text; so are the catalogue's codes (an underscore inside a word is no emphasis).
	const acting = outsideCodeSpans(markdown).replace(/\\[\s\S]/gu, '..').replace(/\b[A-Z\d]+(?:_[A-Z\d]+)+\b/gu, 'CODE');
	expect(acting).not.toMatch(/\]\(|!\[|[<>`*_|~&]|\[.*\]|https?:\/\/|www\./u);
}

describe('Markdown escaping', () => {
	it(`has at least twenty hostile strings to try (${MARKDOWN_HOSTILE.length})`, () => {
		expect(MARKDOWN_HOSTILE.length).toBeGreaterThanOrEqual(20);
	});

	for (const hostile of MARKDOWN_HOSTILE) {
		it(`makes ${JSON.stringify(hostile)} inert text that reads the same`, () => {
			const markdown = presentMarkdown(hostile);
			expectInert(markdown);
			expect(unescapedPipes(markdown)).toBe(0);
			expect(markdownShown(markdown)).toBe(presentText(hostile));
		});

		it(`puts ${JSON.stringify(hostile)} in a code span no backtick inside can close`, () => {
			const code = markdownCode(presentText(hostile));
			expect(outsideCodeSpans(code)).toBe('«code»');
			expect(markdownShown(code)).toBe(presentText(hostile));
		});
	}

	it('escapes a list number only where a line starts', () => {
		expect(presentMarkdown('1. item')).toBe('1. item');
		expect(markdownShown(presentMarkdown('127.0.0.1'))).toBe('127.0.0.1');
	});

	it('leaves punctuation that means nothing where it stands as it is: the raw mail reads without stray backslashes', () => {
		expect(presentMarkdown('ns1.example. (127.0.0.1) refers back up the tree - a time-out! a+b=c #1')).toBe('ns1.example. (127.0.0.1) refers back up the tree - a time-out! a+b=c #1');
		// A backslash is escaped only where it would escape what follows it (or, at the end, the next text's first character).
		expect(presentMarkdown('C:\\dns\\zones')).toBe('C:\\dns\\zones');
		expect(presentMarkdown('a\\[b\\')).toBe('a\\\\\\[b\\\\');
		expect(markdownShown(presentMarkdown('a\\[b\\'))).toBe('a\\[b\\');
	});

	it('still opens no link, HTML, mail link or table column inside a line', () => {
		const markdown = presentMarkdown('[x](javascript:alert(1)) <b>bold</b> ops@evil.example a|b');
		expect(markdown).toBe('\\[x\\](javascript:alert(1)) \\<b\\>bold\\</b\\> ops\\@evil.example a\\|b');
		expectInert(markdown);
	});

	it('escapes what would start a heading, a list, a quote or an underline where a paragraph starts, and only there', () => {
		for (const [text, escaped] of [
			['# heading', '\\# heading'],
			['- item - more', '\\- item - more'],
			['+ item', '\\+ item'],
			['=== underline', '\\=== underline'],
			['> quoted', '\\> quoted'],
			['1. item', '1\\. item'],
			['2) item', '2\\) item'],
		] as const) {
			expect(markdownParagraph(presentText(text))).toBe(escaped);
			expect(markdownShown(markdownParagraph(presentText(text)))).toBe(text);
		}
	});
});

describe('a report about hostile names and errors', () => {
	const world = buildWorld(HOSTILE);
	let base: string;

	beforeAll(async () => {
		base = JSON.stringify(await labTrace('www2.tty.evil.', 'A', {world, families: [4]}));
	}, 60_000);

	/**
	 * The trace with the zone renamed (its decoded responses too) and one probe's error set to the hostile text. Edited
	 * in the model, not in a snapshot: a file so edited names a zone no referral names, and is refused before any view.
	 */
	function hostileReport(hostile: string): string {
		// The hostile text read as a name's text, as a file's names are: the model holds names in their one form.
		const zone = fqdn(`${hostile}.evil.`);
		const trace = JSON.parse(base, (_key, value: unknown) => (value === 'tty.evil.' ? zone : value)) as Trace;
		const probe = trace.zones.find((candidate) => candidate.name === 'evil.')!.servers[0]!.probes.find((candidate) => candidate.purpose === 'soa')!;
		for (const key of ['kind', 'rcode', 'size', 'response', 'raw', 'referral'] as const) delete probe[key];
		Object.assign(probe, {status: 'timeout', error: hostile});
		// The header's words from the file: why a family had no route, and the program that took the trace.
		trace.options.families = [4, 6];
		trace.vantage = {unavailableFamilies: [{family: 6, reason: hostile}]};
		const analysed: AnalysedTrace = withAnalysis(trace, {anchors: {source: 'lab', records: world.trustAnchor}});
		return renderReport(analysed, {format: 'markdown', toolVersion: 'test', takenWith: {version: hostile, node: hostile}, snapshot: `${hostile}.json`});
	}

	for (const hostile of MARKDOWN_HOSTILE) {
		it(`keeps ${JSON.stringify(hostile)} from opening a link, an image, HTML or a table column`, () => {
			const report = hostileReport(hostile);
			// A name in a file is read as dig reads a name's text, and shown in its one form (\( \032 \010 …).
			const shown = presentName(fqdn(`${hostile}.evil.`));
			expect(markdownShown(report)).toContain(shown);
			expect(report.split('\n').filter((line) => line.startsWith('| ')).length).toBeGreaterThan(1);
			// Each server's dig line is a list item holding one code span.
			expect(report.split('\n').filter((line) => line.startsWith('- `dig @') || line.startsWith('- `` dig @')).length).toBeGreaterThan(0);
			for (const line of report.split('\n')) {
				// Table rows keep their nine column bars (eight columns); everything else is inert outside its code spans.
				if (line.startsWith('|')) expect(unescapedPipes(line)).toBe(9);
				else if (!line.startsWith('```')) expectInert(line.replace(/^(?:#+ |- |\d+\. |\*\*Notes:\*\*$)/u, ''));
			}
		});
	}
});
