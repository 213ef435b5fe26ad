import stringWidth from 'string-width';
import {afterEach, beforeAll, describe, expect, it} from 'vitest';
import {withAnalysis, type AnalysedTrace} from '../../source/analysis/analyze.js';
import {Explorer} from '../../source/ui/explorer.js';
import {outcomeRows} from '../../source/ui/views/outcome.js';
import {presentText} from '../../source/dns/sanitize.js';
import type {CharacterString} from '../../source/dns/character-string.js';
import {frameWhere} from '../helpers/frames.js';
import {labTrace, labWorld} from '../helpers/lab.js';
import {failedAtTheRoot} from '../helpers/misplaced-cause.js';
import {renderSized} from '../helpers/terminal.js';

const traces = new Map<string, AnalysedTrace>();

beforeAll(async () => {
	const world = labWorld();
	for (const name of ['www.rollover.net.', 'www.nic.bw.', 'www.shop.com.', 'tox.im.', 'www.puri.sm.', 'www.example.com.']) traces.set(name, withAnalysis(await labTrace(name, 'A', {world}), {anchors: {source: 'lab', records: world.trustAnchor}}));
}, 120_000);

let unmount: (() => void) | undefined;
afterEach(() => unmount?.());

/** The header: the rows above the tree's first row. */
async function headerAt(name: string, size: {columns: number; rows: number}): Promise<string[]> {
	const app = renderSized(<Explorer {...traces.get(name)!} running={false} onExport={async () => ''} onQuit={() => {}} />, size);
	unmount = app.unmount;
	const rows = (await frameWhere(app.lastFrame, (text) => text.includes('done') && text.includes(' ▾ . 8/8 answering'))).split('\n');
	const header = rows.slice(0, rows.findIndex((row) => row.includes(' ▾ . 8/8 answering')));
	for (const row of rows) expect([...row].length).toBeLessThanOrEqual(size.columns);
	return header;
}

describe('the header at 80×24', () => {
	it('keeps a bogus answer\'s consequence and the counts, the answer on its own row', async () => {
		const [line1, answer, verdict] = await headerAt('www.rollover.net.', {columns: 80, rows: 24});
		// The separators narrow and, if that is not enough, the times take fewer words: the counts stay.
		expect(line1).toMatch(/^digdeeper www\.rollover\.net\. A · known (?:at \S+ m?s, all done at|\S+ m?s, done) \S+ m?s · \d+ queries, 3 zones$/u);
		expect(answer).toBe('ANSWER from rollover.net.: www.rollover.net. A 192.0.2.140');
		expect(verdict).toBe('DNSSEC bogus: SERVFAIL for validating resolvers · 1 error, 0 warnings (f)');
	});

	it('says when users see a failure\'s fix where the row has room, after the counts (f has the sentence)', async () => {
		const header = await headerAt('www.puri.sm.', {columns: 80, rows: 24});
		expect(header[1]).toBe('NXDOMAIN from sm. · DNSSEC insecure · 1 error, 0 warnings (f) · fix seen ≤ 1 h');
		// An answer has no fix to wait for: nothing is added.
		expect((await headerAt('www.nic.bw.', {columns: 80, rows: 24}))[1]).not.toMatch(/fix seen/u);
	});

	it('gives no wait when no error found can be the failure\'s cause, not another zone\'s', async () => {
		// Failed at the root, beside an error about example.com. (a dead server, its NS set cached 2 days) that the walk
		// never reached: the row read "fix seen ≤ 2 d".
		traces.set('failed at the root', failedAtTheRoot(traces.get('www.example.com.')!));
		const header = await headerAt('failed at the root', {columns: 120, rows: 32});
		// (The DNSSEC verdict is the healthy trace's the failure was made from.)
		expect(header[1]).toBe('FAILURE at .  ·  DNSSEC secure  ·  1 error, 0 warnings (f)  —  no server of . gave a usable answer');
	});

	it('keeps the DNSSEC state and both counts on one row when they fit beside the answer', async () => {
		const header = await headerAt('www.nic.bw.', {columns: 80, rows: 24});
		expect(header).toHaveLength(2);
		expect(header[1]).toBe('ANSWER from bw.: A 192.0.2.101  ·  DNSSEC insecure  ·  0 errors, 4 warnings (f)');
	});

	it('shortens a CNAME chain\'s answer to its address before the DNSSEC state or the counts give way', async () => {
		const header = await headerAt('www.shop.com.', {columns: 80, rows: 24});
		expect(header[1]).toBe('ANSWER from cdnhost.net.: A 198.51.100.7 · DNSSEC secure · 0 errors, 0 warnings');
	});

	it('gives a failure\'s reason the first row and keeps the verdict and counts on the second', async () => {
		const [, failure, verdict] = await headerAt('tox.im.', {columns: 80, rows: 24});
		expect(failure).toMatch(/^FAILURE at tox\.im\. — \S/u);
		expect(verdict).toBe('DNSSEC indeterminate  ·  8 errors, 1 warning (f)');
	});

	it('cuts a reason too long for its row in its middle, between words, its cause kept whole', async () => {
		// The reason: "no server of tox.im. could be reached: ns1.servicex-dns.com. and ns2.servicex-dns.com. could not be
		// resolved (servicex-dns.com. failed)". Cut at the edge, "(servicex-dns.com. failed)" went first.
		const failureRow = async (columns: number) => {
			const app = renderSized(<Explorer {...traces.get('tox.im.')!} running={false} onExport={async () => ''} onQuit={() => {}} />, {columns, rows: 24});
			unmount = app.unmount;
			const row = (await frameWhere(app.lastFrame, (text) => /done/u.test(text) && text.includes('FAILURE at tox.im.'))).split('\n')[1]!;
			app.unmount();
			return row;
		};
		expect(await failureRow(80)).toBe('FAILURE at tox.im. — no server of tox.im. could … (servicex-dns.com. failed)');
		expect(await failureRow(60)).toBe('FAILURE at tox.im. — no server … (servicex-dns.com. failed)');
		expect(await failureRow(50)).toBe('FAILURE at tox.im. — … (servicex-dns.com. failed)');
		// Where even the cause does not fit, the reason is cut at its end.
		expect(await failureRow(44)).toBe('FAILURE at tox.im. — no server of tox.im.…');
	});

	it('at 120×32 says it all on one row, the answer without its owner before the verdict gets shorter', async () => {
		const header = await headerAt('www.rollover.net.', {columns: 120, rows: 32});
		expect(header).toEqual([
			expect.stringMatching(/^digdeeper www\.rollover\.net\. A {2}· {2}known at/u),
			'ANSWER from rollover.net.: A 192.0.2.140 · DNSSEC bogus: SERVFAIL for validating resolvers · 1 error, 0 warnings (f)',
		]);
	});
});

describe('the outcome on two rows of a narrow terminal', () => {
	it('gives the second row the counts\' fewest words before it is cut', () => {
		const rows = (columns: number) => outcomeRows({verdict: presentText('FAILURE at twitter.com.'), records: [], dnssec: 'indeterminate', counts: {error: 5, warning: 1}, reason: presentText('no server of twitter.com. could be reached (dynect.net. failed)')}, columns, 2).map((row) => row.map((part) => part.text).join(''));
		// Before: "DNSSEC indeterminate · 5 errors, 1 warning", cut at the edge.
		expect(rows(40)).toEqual(['FAILURE at twitter.com. — no server of…', 'DNSSEC indeterminate · 5 err, 1 warn']);
		expect(rows(44)[1]).toBe('DNSSEC indeterminate · 5 errors, 1 warning');
	});

	it('never cuts an address: the answer takes a row of its own instead', () => {
		const records = [{name: 'www.example.com.', type: 'A', class: 'IN', ttl: 300, data: {kind: 'address' as const, address: '192.0.2.10'}}];
		const rows = (columns: number) => outcomeRows({verdict: presentText('ANSWER from example.com.'), records, dnssec: 'secure', counts: {error: 0, warning: 0}}, columns, 2).map((row) => row.map((part) => part.text).join(''));
		// Before, at 75 columns: "ANSWER from example.com.: A 192.0.2.… · DNSSEC secure · 0 errors, 0 warnings".
		expect(rows(75)).toEqual(['ANSWER from example.com.: www.example.com. A 192.0.2.10', 'DNSSEC secure  ·  0 errors, 0 warnings (f)']);
		expect(rows(80)).toEqual(['ANSWER from example.com.: A 192.0.2.10 · DNSSEC secure · 0 errors, 0 warnings']);
	});

	it('measures an answer in columns: a TXT string in CJK takes two a character, and the DNSSEC state and counts stay', () => {
		const txt = (text: string) => ({name: 'example.com.', type: 'TXT', class: 'IN', ttl: 300, data: {kind: 'txt' as const, strings: [text as CharacterString]}});
		const records = [txt('お問い合わせは営業時間内にお願いします'), txt('v=spf1 -all')];
		const rows = (columns: number, count: 1 | 2 = 2) => outcomeRows({verdict: presentText('ANSWER from example.com.'), records, dnssec: 'secure', counts: {error: 0, warning: 0}}, columns, count).map((row) => row.map((part) => part.text).join(''));
		for (const columns of [60, 80, 100, 120]) {
			for (const count of [1, 2] as const) {
				for (const row of rows(columns, count)) expect(stringWidth(row)).toBeLessThanOrEqual(columns);
			}
		}
		// 21 characters, 40 columns: counted by its length, the answer was given the row at 80 columns, and the terminal's
		// edge cut the counts off ("… DNSSEC secure · 0 errors, 0 warn").
		expect(rows(80)).toEqual(['ANSWER from example.com.: TXT "お問い合わせは営業時間内にお願いします" +1 more', 'DNSSEC secure  ·  0 errors, 0 warnings (f)']);
		expect(rows(120)).toEqual(['ANSWER from example.com.: TXT "お問い合わせは営業時間内にお願いします" +1 more · DNSSEC secure · 0 errors, 0 warnings']);
		// On a terminal's one row, the record is cut between characters, never through one: 12 columns for it hold
		// `TXT "お問い` (11), as half of the next would not do.
		expect(rows(85, 1)).toEqual(['ANSWER from example.com.: TXT "お問い… +1 more · DNSSEC secure · 0 errors, 0 warnings']);
	});

	it('on the one row of a short terminal, keeps the zone before the counts take their fewest words, and a reason only with its cause', () => {
		const reason = presentText('no server of twitter.com. could be reached: ns1.p16.dynect.net. and ns2.p16.dynect.net. could not be resolved (dynect.net. failed)');
		const row = (columns: number) => outcomeRows({verdict: presentText('FAILURE at twitter.com.'), records: [], dnssec: 'indeterminate', counts: {error: 5, warning: 1}, reason}, columns, 1)[0]!.map((part) => part.text).join('');
		// Before, at 50: "FAILURE at … · indeterminate · 5 errors, 1 warning"; at 100, "— no server of twitter.com. co…".
		expect(row(50)).toBe('FAILURE at twitter.com. · 5 err, 1 warn');
		expect(row(60)).toBe('FAILURE at twitter.com. · indeterminate · 5 err, 1 warn');
		expect(row(100)).toBe('FAILURE at twitter.com. · DNSSEC indeterminate · 5 errors, 1 warning — no … (dynect.net. failed)');
		expect(row(80)).toBe('FAILURE at twitter.com. · DNSSEC indeterminate · 5 errors, 1 warning');
	});
});

