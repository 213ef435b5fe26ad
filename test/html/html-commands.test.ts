/*
 * The commands that make and read the page, as a user runs them (the built CLI): `report FILE --format html`,
 * `NAME --report --format html -o FILE`, and `open` on the page.
 */
import {mkdtemp, readFile, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {beforeAll, describe, expect, it} from 'vitest';
import {cli} from '../helpers/cli.js';

let dir: string;
let json: string;

beforeAll(async () => {
	dir = await mkdtemp(path.join(tmpdir(), 'digdeeper-html-cli-'));
	json = path.join(dir, 'trace.json');
	expect((await cli('--lab', 'www.example.net', '--latency-scale', '0', '--no-rdap', '--json', '-o', json)).code).toBe(0);
}, 60_000);

describe('digdeeper report FILE --format html', () => {
	it('writes the page with -o (nothing on stdout), refuses to replace it without --force, and open reads the trace back', async () => {
		const page = path.join(dir, 'report.html');
		expect(await cli('report', json, '--format', 'html', '-o', page)).toEqual({code: 0, stdout: '', stderr: ''});
		expect(await readFile(page, 'utf8')).toMatch(/^<!DOCTYPE html>\n[\s\S]*<li class="finding warning">[\s\S]*<\/html>\n$/u);
		const again = await cli('report', json, '--format', 'html', '-o', page);
		expect(again.code).toBe(2);
		expect(again.stderr).toContain('already exists (use --force');
		expect((await cli('report', json, '--format', 'html', '-o', page, '--force')).code).toBe(0);
		const [fromPage, fromJson] = [await cli('open', page, '--text'), await cli('open', json, '--text')];
		expect(fromPage.stdout).toBe(fromJson.stdout);
		expect(fromPage.code).toBe(fromJson.code);
		// A page is a saved trace like any: reported again, as Markdown.
		expect((await cli('report', page)).stdout).toBe((await cli('report', json)).stdout.replace(`Full data (every response, raw bytes included): \`${json}\``, `Full data (every response, raw bytes included): \`${page}\``).replace(`digdeeper open ${json}`, `digdeeper open ${page}`));
	}, 60_000);

	it('writes the other formats with -o too: the same text it would print', async () => {
		const markdown = path.join(dir, 'report.md');
		expect(await cli('report', json, '-o', markdown)).toEqual({code: 0, stdout: '', stderr: ''});
		expect(await readFile(markdown, 'utf8')).toBe((await cli('report', json)).stdout);
	});

	it('prints the page on stdout without -o', async () => {
		const {code, stdout} = await cli('report', json, '--format', 'html');
		expect(code).toBe(0);
		expect(stdout).toMatch(/^<!DOCTYPE html>/u);
	});

	it('refuses a format it does not know, and --force without -o', async () => {
		expect(await cli('report', json, '--format', 'pdf')).toEqual({code: 2, stdout: '', stderr: 'digdeeper: --format pdf: use markdown, text or html\n'});
		expect(await cli('report', json, '--force')).toEqual({code: 2, stdout: '', stderr: 'digdeeper: --force only applies with --output: it lets the report replace a file\n'});
	});

	it('refuses an HTML file that carries no snapshot in one line', async () => {
		const page = path.join(dir, 'other.html');
		await writeFile(page, '<!DOCTYPE html><html><body><p>hello</p></body></html>');
		expect(await cli('open', page, '--text')).toEqual({code: 2, stdout: '', stderr: `digdeeper: ${page}: an HTML page with no embedded snapshot (no element with id="digdeeper-snapshot"): not a digdeeper report\n`});
	});
});

describe('digdeeper NAME --report --format html -o FILE', () => {
	it('traces, writes the page (which carries the snapshot), and exits as the trace does', async () => {
		const page = path.join(dir, 'live.html');
		const {code, stdout} = await cli('--lab', 'www.example.net', '--latency-scale', '0', '--no-rdap', '--report', '--format', 'html', '-o', page);
		expect({code, stdout}).toEqual({code: 0, stdout: ''});
		const opened = await cli('open', page, '--json');
		expect(JSON.parse(opened.stdout)).toMatchObject({query: {name: 'www.example.net.', type: 'A'}});
	}, 60_000);

	it('takes html for a survey\'s report too (test/html/survey-page.test.ts), and refuses a format it does not know', async () => {
		expect(await cli('survey', '--lab', 'example.net.', '--report', '--format', 'pdf')).toEqual({code: 2, stdout: '', stderr: 'digdeeper: --format pdf: use markdown, text or html\n'});
	});
});
