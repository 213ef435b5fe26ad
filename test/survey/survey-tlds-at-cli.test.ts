import {mkdtemp, readFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {cli} from '../helpers/cli.js';

const FAST = ['--lab', '--latency-scale', '0', '--timeout', '250', '--retries', '0', '--rate', '1000'];

/** The stories lab's TLDs, in the root's canonical order. */
const STORY_TLDS = ['bw.', 'com.', 'creditunion.', 'gm.', 'im.', 'ls.', 'mw.', 'net.', 'org.', 'sm.', 'td.', 'xn--mgbai9azgqp6j.', 'xn--wgbh1c.'];

describe('digdeeper survey --tlds', () => {
	it('surveys every TLD the root\'s validated NSEC chain lists', async () => {
		const {code, stdout} = await cli('survey', ...FAST, '--text', '--tlds');
		expect(code).toBe(1);
		const lines = stdout.trim().split('\n');
		expect(lines[0]).toBe(';; 13 TLDs from the root\'s NSEC chain, 14 NSEC records each validated');
		expect(lines.filter((line) => !line.startsWith(';;')).map((line) => line.split(/\s+/u)[0]).sort()).toEqual(STORY_TLDS);
		expect(lines.at(-2)).toMatch(/^;; SURVEY: 13 zones in /u);
	});

	it('is refused with zones or a file, and outside a survey', async () => {
		expect(await cli('survey', '--lab', '--tlds', 'com.')).toMatchObject({code: 2, stderr: 'digdeeper: --tlds lists the zones itself: give no zone (com.)\n'});
		expect(await cli('survey', '--lab', '--tlds', '--file', 'zones.txt')).toMatchObject({code: 2, stderr: 'digdeeper: --tlds and --file cannot be given together: --tlds lists the zones itself (every TLD in the root)\n'});
		expect((await cli('--lab', '--tlds', 'com.')).code).toBe(2);
	});

	it('fails, with the reason, when the chain cannot be validated at the survey\'s time', async () => {
		const {code, stdout, stderr} = await cli('survey', ...FAST, '--text', '--tlds', '--at', '2040-01-01');
		expect(code).toBe(1);
		expect(stdout).toBe('');
		expect(stderr).toMatch(/^digdeeper: cannot list the root's TLDs: the root's DNSKEY set does not validate \(expired: expired \d{4}-\d\d-\d\dT[\d:.]+Z\): its NSEC chain cannot be validated\n$/u);
	});
});

describe('digdeeper survey --at', () => {
	it('judges every zone\'s signatures at that time, and each snapshot keeps it', async () => {
		const dir = await mkdtemp(path.join(tmpdir(), 'digdeeper-survey-at-'));
		const {code, stdout} = await cli('survey', ...FAST, '--json', '--at', '2040-01-01', '-o', dir, 'com.');
		expect(code).toBe(1);
		const line = JSON.parse(stdout.split('\n')[0]!) as {findings: Array<{code: string; zone: string}>; summary: {dnssec: string}};
		expect(line.summary.dnssec).toBe('bogus');
		expect(line.findings[0]).toMatchObject({code: 'RRSIG_EXPIRED', zone: '.'});
		const saved = JSON.parse(await readFile(path.join(dir, 'com.json'), 'utf8')) as {options: {validateAt?: string}};
		expect(saved.options.validateAt).toBe('2040-01-01T00:00:00.000Z');
		// Opened later, the snapshot is judged at the same moment.
		const opened = await cli('open', path.join(dir, 'com.json'), '--text');
		expect(opened.stdout).toContain('RRSIG_EXPIRED');
	});

	it('is refused with --no-dnssec', async () => {
		expect(await cli('survey', '--lab', '--no-dnssec', '--at', '+1d', 'com.')).toMatchObject({code: 2, stderr: 'digdeeper: --at does not apply with --no-dnssec: nothing is validated\n'});
	});
});
