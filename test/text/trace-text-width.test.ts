import {beforeAll, describe, expect, it} from 'vitest';
import {withAnalysis, type AnalysedTrace} from '../../source/analysis/analyze.js';
import {presentedWidth} from '../../source/dns/presented-width.js';
import type {Presented} from '../../source/dns/sanitize.js';
import {fitLines, hanging} from '../../source/text/fit-lines.js';
import {renderStepText} from '../../source/text/step-text.js';
import {renderTraceText} from '../../source/text/trace-text.js';
import {labTrace, labWorld} from '../helpers/lab.js';

/** www.nic.bw.: one of bw.'s servers never answers, so its row carries the longest text of the trace. */
let analysed: AnalysedTrace;
beforeAll(async () => {
	const world = labWorld();
	const trace = await labTrace('www.nic.bw', 'A', {world, families: [4], timeoutMs: 100});
	analysed = withAnalysis(trace, {anchors: {source: 'lab', records: world.trustAnchor}});
});

const text = (width?: number) => String(renderTraceText(analysed, {toolVersion: 'test', ...(width === undefined ? {} : {width})})).split('\n');
const rowsOf = (lines: string[], address: string) => lines.slice(lines.findIndex((line) => line.includes(address)));
const isRecord = (line: string) => line.includes('\t');

describe('--text for a pipe or a file (no width)', () => {
	it('gives the serial a column before the reply, and what the reply meant last, so a long error pads no other row', () => {
		const lines = text();
		expect(lines.find((line) => line.includes('127.77.50.1'))).toMatch(/^ {2}dns1\.btc\.bw\. +127\.77\.50\.1 +\[glue\] +serial \? +TIMEOUT +every UDP attempt timed out/u);
		// The answering server's row ends with its meaning: no padding after it for the timed-out row's text.
		expect(lines.find((line) => line.includes('127.77.50.2'))).toMatch(/^ {2}dns2\.btc\.bw\. +127\.77\.50\.2 +\[glue\] +serial 2024020312 +[\d.]+ ms +NOERROR +aa +80 B +answer$/u);
	});

	it('leaves out a column no row of the zone fills: the root servers come from the hints, with no [glue]', () => {
		expect(text().find((line) => line.includes('127.77.0.1 '))).toMatch(/^ {2}a\.root-servers\.net\. {2}127\.77\.0\.1 {2}serial \d+ {2}[\d.]+ ms {2}NOERROR {2}\d+ B {2}referral → bw\.$/u);
	});

	it('does not wrap the headings: a pipe gets each line whole, as dig gives it', () => {
		expect(text().some((line) => line.startsWith('  ;; www.nic.bw. A: answer (followed') && line.length > 100)).toBe(true);
	});
});

describe('--text on a terminal (the width given)', () => {
	for (const width of [80, 100]) {
		it(`fits every line but a record in ${width} columns`, () => {
			const over = text(width).filter((line) => !isRecord(line) && presentedWidth(line as Presented) > width);
			expect(over).toEqual([]);
		});
	}

	it('keeps a record whole, tabs and all, to be copied', () => {
		expect(text(80)).toContain('www.nic.bw.\t86400\tIN\tA\t192.0.2.101');
	});

	it('gives a zone whose rows do not fit each server two lines: its figures, then its serial and what it said', () => {
		const [row, rest, more] = rowsOf(text(80), '127.77.50.1');
		expect(row).toMatch(/^ {2}dns1\.btc\.bw\. +127\.77\.50\.1 +\[glue\] +TIMEOUT$/u);
		expect(rest).toMatch(/^ {6}serial \? {2}every UDP attempt timed out; then over TCP:/u);
		expect(more).toMatch(/^ {6}\S/u);
		const [answered, said] = rowsOf(text(80), '127.77.50.2');
		expect(answered).toMatch(/^ {2}dns2\.btc\.bw\. +127\.77\.50\.2 +\[glue\] +[\d.]+ ms +NOERROR +aa +80 B$/u);
		expect(said).toBe('      serial 2024020312  answer');
	});

	it('indents a wrapped comment under its text, after its semicolons', () => {
		const lines = text(80);
		const step = lines.findIndex((line) => line.startsWith('  ;; www.nic.bw. A: answer (followed'));
		expect(lines[step + 1]).toMatch(/^ {7}\S/u);
		const dnssec = lines.findIndex((line) => line.startsWith(';; DNSSEC: '));
		expect(lines[dnssec + 1]).toMatch(/^ {5}\S/u);
	});

	it('wraps a finding\'s headline under its explanation', () => {
		const lines = text(80);
		const headline = lines.findIndex((line) => line.startsWith('WARNING  SERVER_TIMEOUT  bw.: dns1.btc.bw. (127.77.50.1)'));
		expect(lines[headline + 1]).toMatch(/^ {9}\S/u);
	});

	it('says the same words at any width: only where the lines break changes (and where a row puts its serial)', () => {
		const words = (lines: string[]) => lines.join(' ').split(/\s+/u).filter(Boolean).sort();
		expect(words(text(80))).toEqual(words(text(200)));
	});

	it('is never narrower than 60 columns: a row\'s figures alone take about that', () => {
		expect(text(20)).toEqual(text(60));
	});

	it('at 60 columns, where no reply fits beside its server, gives the server a line and the reply, serial and meaning the next', () => {
		const [row, rest] = rowsOf(text(60), '127.77.50.2');
		expect(row).toBe('  dns2.btc.bw.     127.77.50.2   [glue]');
		expect(rest).toMatch(/^ {6}[\d.]+ ms {2}NOERROR {2}aa {2}80 B {2}serial 2024020312 {2}answer$/u);
	});
});

describe('--step --text on a terminal', () => {
	it('fits the transcript too, each step\'s continuation under its text, past its number', () => {
		const whole = renderStepText(analysed.trace).split('\n');
		const lines = renderStepText(analysed.trace, 80).split('\n');
		expect(whole.some((line) => line.length > 80)).toBe(true);
		expect(lines.filter((line) => presentedWidth(line as Presented) > 80)).toEqual([]);
		const first = lines.findIndex((line) => line.startsWith('1. [path] asking a.root-servers.net.'));
		expect(lines[first + 1]).toMatch(/^ {3}\S/u);
		expect(lines.join(' ').split(/\s+/u).filter(Boolean)).toEqual(whole.join(' ').split(/\s+/u).filter(Boolean));
	});
});

describe('wrapping a line (fit-lines.ts)', () => {
	const unwrap = (rows: Presented[], hang: string) => rows.map((row, index) => (index === 0 ? row : row.slice(hang.length))).join('');

	it('cuts a word wider than the row between its characters, adding nothing: a name reads whole when the rows are put together', () => {
		const label = 'a'.repeat(63);
		const name = `${label}.${label}.${label}.example.com.` as Presented;
		const rows = hanging(name, 60, '', '    ');
		expect(rows.every((row) => presentedWidth(row) <= 60)).toBe(true);
		expect(rows.slice(1).every((row) => row.startsWith('    ') && !row.slice(4).includes(' '))).toBe(true);
		expect(unwrap(rows, '    ')).toBe(name);
	});

	it('never cuts an escape: each row ends after a whole \\027 or \\u{202e}', () => {
		for (const escape of ['\\027', '\\u{202e}']) {
			const text = `x${escape}`.repeat(40) as Presented;
			const rows = hanging(text, 61, '  ', '      ');
			expect(rows.every((row) => row.endsWith(escape) || row.endsWith('x'))).toBe(true);
			expect(unwrap(rows, '      ').slice(2)).toBe(text);
		}
	});

	it('keeps the words and their spacing: a row break takes only the spaces where it falls', () => {
		const text = 'one  two   three four five six seven eight nine ten eleven twelve thirteen fourteen' as Presented;
		const rows = fitLines([text], 60, () => '  ');
		expect(rows).toEqual(['one  two   three four five six seven eight nine ten eleven', '  twelve thirteen fourteen']);
	});
});
