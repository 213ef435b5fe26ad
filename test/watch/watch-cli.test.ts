import {copyFile, mkdir, mkdtemp, readdir, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {beforeAll, describe, expect, it} from 'vitest';
import {cli} from '../helpers/cli.js';

describe('watch on the command line', () => {
	it('logs one line per change as the lab story plays out: the registry restores puri.sm', async () => {
		const {code, stdout} = await cli('--lab', 'www.puri.sm', '--latency-scale', '0', '--watch', '1s', '--count', '4', '--text');
		expect(code).toBe(0);
		const lines = stdout.trimEnd().split('\n');
		expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z {2}round 1 {4}insecure {6}watching www\.puri\.sm\. A: nxdomain from sm\.: — · 1 error, 0 warnings$/u);
		expect(lines).toContainEqual(expect.stringMatching(/round 3 {4}insecure {6}lab: the registrar pays; the \.sm registry restores the delegation and its glue$/u));
		expect(lines).toContainEqual(expect.stringMatching(/round 3 {4}insecure {6}- +outcome +nxdomain from sm\.: — → answer from puri\.sm\.: www\.puri\.sm\. 3600 IN A 192\.0\.2\.50$/u));
		expect(lines).toContainEqual(expect.stringMatching(/round 3 {4}insecure {6}puri\.sm\. +zone +not reached → reached$/u));
		expect(lines).toContainEqual(expect.stringMatching(/round 3 {4}insecure {6}puri\.sm\. +finding-resolved +error DELEGATION_MISSING/u));
		// Nothing changed on rounds 2 and 4, so they print nothing.
		expect(lines.filter((line) => / round [24] /u.test(line))).toEqual([]);
		expect(lines.at(-1)).toMatch(/^; watch ended after 4 traces: \d+ changes$/u);
	});

	it('keeps every snapshot with --output DIR, each one openable', async () => {
		const dir = path.join(await mkdtemp(path.join(tmpdir(), 'digdeeper-watch-')), 'snapshots');
		const {code} = await cli('--lab', 'www.example.com', '--latency-scale', '0', '--watch', '1s', '--count', '3', '--text', '-o', dir);
		expect(code).toBe(0);
		const files = (await readdir(dir)).sort();
		expect(files).toHaveLength(3);
		for (const file of files) expect(file).toMatch(/^digdeeper-www\.example\.com-\d{4}-\d\d-\d\dT[\d-]+Z\.json$/u);
		const opened = await cli('open', path.join(dir, files[2]!), '--text');
		expect(opened.code).toBe(0);
		expect(opened.stdout).toContain(';; ANSWER from example.com.');
	});

	it('opens its -o DIR as its newest round, named on stderr, with --text, --json, --at and --what-if alike; the others one open DIR/FILE away', async () => {
		const dir = path.join(await mkdtemp(path.join(tmpdir(), 'digdeeper-watch-')), 'snapshots');
		expect((await cli('--lab', 'www.example.com', '--latency-scale', '0', '--watch', '1s', '--count', '3', '--text', '-o', dir)).code).toBe(0);
		const newest = path.join(dir, (await readdir(dir)).sort().at(-1)!);
		const said = `digdeeper: ${dir} is a watch's -o DIR of 3 rounds: opening the newest, ${newest}\n`;
		for (const flags of [['--text'], ['--json'], ['--text', '--at', '+7d'], ['--text', '--what-if', 'down ns1.example.com']]) {
			const [whole, file] = [await cli('open', dir, ...flags), await cli('open', newest, ...flags)];
			expect(whole).toEqual({...file, stderr: said});
		}
		// Round 3 is the one where ns2.example.com stops answering: the newest, not the first.
		expect((await cli('open', dir, '--text')).stdout).toContain('ns2.example.com.');
		// A what-if saved beside the rounds is none of them, nor is a directory named like one.
		await copyFile(newest, path.join(dir, 'digdeeper-www.example.com-2999-01-01T00-00-00-000Z-what-if-0123abcd.json'));
		await mkdir(path.join(dir, 'digdeeper-www.example.com-2999-01-01T00-00-00-000Z.json'));
		expect((await cli('open', dir, '--json')).stderr).toBe(said);
	});

	it('says what open reads when a directory is neither a survey\'s nor a watch\'s', async () => {
		const dir = await mkdtemp(path.join(tmpdir(), 'digdeeper-watch-'));
		expect(await cli('open', dir, '--text')).toEqual({code: 2, stdout: '', stderr: `digdeeper: ${dir}: neither a survey's -o DIR (no survey.ndjson in it: an interrupted survey writes none) nor a watch's (no digdeeper-NAME-TIME.json round in it)\n`});
	});

	it('prints one JSON object per line with --json', async () => {
		const {stdout} = await cli('--lab', 'www.example.com', '--latency-scale', '0', '--watch=1s', '--count', '3', '--json');
		const events = stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as {round: number; kind: string; server?: string; before?: string; after: string});
		expect(events[0]).toMatchObject({round: 1, kind: 'baseline'});
		expect(events).toContainEqual(expect.objectContaining({round: 3, kind: 'note', after: 'lab: ns2.example.com stops answering'}));
		expect(events).toContainEqual(expect.objectContaining({round: 3, kind: 'reachability', server: 'ns2.example.com. 127.77.110.2', before: 'answer', after: 'timeout'}));
	});

	// The verdict of each round is on each of its lines: the DS the registrar fixes turns bogus into secure.
	it('carries each round\'s DNSSEC verdict on its lines, in text and in JSON', async () => {
		const text = await cli('--lab', 'www.rollover.net', '--latency-scale', '0', '--watch', '1s', '--count', '3', '--text');
		const lines = text.stdout.trimEnd().split('\n');
		expect(lines[0]).toMatch(/round 1 {4}bogus {9}watching www\.rollover\.net\. A: answer from rollover\.net\./u);
		expect(lines).toContainEqual(expect.stringMatching(/round 3 {4}secure {8}- +dnssec +bogus → secure$/u));
		const events = (await cli('--lab', 'www.rollover.net', '--latency-scale', '0', '--watch', '1s', '--count', '3', '--json')).stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as {round: number; kind: string; dnssec: string; validateAt?: string});
		expect(events[0]).toMatchObject({round: 1, kind: 'baseline', dnssec: 'bogus'});
		expect(events).toContainEqual(expect.objectContaining({round: 3, kind: 'dnssec', dnssec: 'secure', before: 'bogus', after: 'secure'}));
		expect(events.every((event) => event.validateAt === undefined)).toBe(true);
	});

	// A fixed --at is the same for every round: said once. One relative to the trace moves with each round: every line.
	it('says a fixed --at once, on the first line, and a relative one on every line', async () => {
		const fixed = (await cli('--lab', 'www.rollover.net', '--latency-scale', '0', '--watch', '1s', '--count', '3', '--text', '--at', '2026-12-01')).stdout.trimEnd().split('\n');
		expect(fixed[0]).toMatch(/ · signatures judged as of 2026-12-01T00:00:00\.000Z$/u);
		expect(fixed.slice(1).filter((line) => line.includes('2026-12-01T00:00'))).toEqual([]);
		const relative = (await cli('--lab', 'www.rollover.net', '--latency-scale', '0', '--watch', '1s', '--count', '3', '--text', '--at', '+7d')).stdout.trimEnd().split('\n');
		for (const line of relative.slice(0, -1)) {
			const [, traced, judged] = /^(\S+)  round \d +\w+ +as of (\S+) /u.exec(line) ?? [];
			expect(Date.parse(judged!) - Date.parse(traced!)).toBe(7 * 86_400_000);
		}
		const events = (await cli('--lab', 'www.rollover.net', '--latency-scale', '0', '--watch', '1s', '--count', '3', '--json', '--at', '-1d')).stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as {at: string; validateAt: string});
		for (const event of events) expect(Date.parse(event.validateAt) - Date.parse(event.at)).toBe(-86_400_000);
	});

	it('refuses an interval under a second, and --count without --watch, with exit status 2', async () => {
		const fast = await cli('--lab', 'www.example.com', '--watch', '200ms', '--text');
		expect(fast.code).toBe(2);
		expect(fast.stderr).toBe('digdeeper: --watch 0.2 s: the interval must be at least 1 s\n');
		const count = await cli('--lab', 'www.example.com', '--count', '3', '--text');
		expect(count.code).toBe(2);
		expect(count.stderr).toBe('digdeeper: --count only applies to --watch\n');
	});
});

// Damaged copies of one real watch's -o DIR, three rounds of www.example.com (round 3: ns2.example.com stops answering).
describe('open DIR on a watch\'s -o DIR that holds more than its rounds', () => {
	let rounds: string[] = [];
	let watched = '';
	beforeAll(async () => {
		watched = path.join(await mkdtemp(path.join(tmpdir(), 'digdeeper-watch-')), 'snapshots');
		expect((await cli('--lab', 'www.example.com', '--latency-scale', '0', '--watch', '1s', '--count', '3', '--text', '-o', watched)).code).toBe(0);
		rounds = (await readdir(watched)).sort();
	}, 30_000);
	async function copyOfRounds(): Promise<string> {
		const dir = await mkdtemp(path.join(tmpdir(), 'digdeeper-watch-copy-'));
		for (const round of rounds) await copyFile(path.join(watched, round), path.join(dir, round));
		return dir;
	}

	it('counts only files named with a real date and time: 9999-99-99 or 24:00 is no round a watch wrote', async () => {
		const dir = await copyOfRounds();
		const newest = path.join(dir, rounds[2]!);
		// The first round, under names no clock writes, each of which would otherwise sort after every real round.
		for (const start of ['9999-99-99T99-99-99-999Z', '2026-02-30T00-00-00-000Z', '2026-12-31T24-00-00-000Z', '2026-12-31T23-59-60-000Z']) await copyFile(path.join(dir, rounds[0]!), path.join(dir, `digdeeper-www.example.com-${start}.json`));
		expect(await cli('open', dir, '--text')).toEqual({...(await cli('open', newest, '--text')), stderr: `digdeeper: ${dir} is a watch's -o DIR of 3 rounds: opening the newest, ${newest}\n`});
	});

	it('refuses a directory two watches wrote into, naming each watched name with its rounds and its newest file', async () => {
		const dir = await copyOfRounds();
		expect((await cli('--lab', 'www.puri.sm', '--latency-scale', '0', '--watch', '1s', '--count', '1', '--text', '-o', dir)).code).toBe(0);
		const puri = (await readdir(dir)).find((name) => name.startsWith('digdeeper-www.puri.sm-'))!;
		expect(await cli('open', dir, '--json')).toEqual({
			code: 2,
			stdout: '',
			stderr: `digdeeper: ${dir} keeps the rounds of 2 watched names, not one watch's: www.puri.sm (1 round, the newest ${path.join(dir, puri)}), www.example.com (3 rounds, the newest ${path.join(dir, rounds[2]!)}); open one watch's round by its file (digdeeper open FILE)\n`,
		});
	});

	it('opens the newest round that reads as a snapshot, and says in one short line which newer ones it skipped and why (the whole error is one open DIR/FILE away)', async () => {
		const dir = await copyOfRounds();
		const newest = path.join(dir, rounds[2]!);
		await writeFile(path.join(dir, 'digdeeper-www.example.com-2999-01-01T00-00-00-000Z.json'), 'garbage');
		const said = `digdeeper: ${dir} is a watch's -o DIR of 4 rounds: opening the newest that reads as a snapshot, ${newest}\n`;
		const skipped = 'digdeeper: skipped a newer round: digdeeper-www.example.com-2999-01-01T00-00-00-000Z.json (not valid JSON)\n';
		expect(await cli('open', dir, '--text')).toEqual({...(await cli('open', newest, '--text')), stderr: said + skipped});
		// Two of them: both named, newest first, still one line.
		await writeFile(path.join(dir, 'digdeeper-www.example.com-2998-01-01T00-00-00-000Z.json'), '{}');
		const two = 'digdeeper: skipped 2 newer rounds: digdeeper-www.example.com-2999-01-01T00-00-00-000Z.json (not valid JSON), digdeeper-www.example.com-2998-01-01T00-00-00-000Z.json (not a digdeeper snapshot)\n';
		expect((await cli('open', dir, '--json')).stderr).toBe(said.replace('4 rounds', '5 rounds') + two);
	});

	it('says a failed open in its one error line, naming the file, with no line that it was opening it', async () => {
		const dir = await copyOfRounds();
		// A --what-if the round cannot take is the user's mistake, on every round alike: said of the newest.
		expect(await cli('open', dir, '--text', '--what-if', 'down ns9.example.com')).toEqual({code: 2, stdout: '', stderr: `digdeeper: ${path.join(dir, rounds[2]!)}: invalid --what-if "down ns9.example.com": ns9.example.com is neither an address nor a name server asked in this trace\n`});
		for (const round of rounds) await writeFile(path.join(dir, round), '{}');
		const failed = await cli('open', dir, '--text');
		expect(failed.stdout).toBe('');
		expect(failed.stderr).toBe(`digdeeper: ${dir}: none of its 3 rounds opens as a snapshot; the newest, ${path.join(dir, rounds[2]!)}: not a digdeeper snapshot: no "schema": "digdeeper/snapshot@N" field\n`);
		expect(failed.code).toBe((await cli('open', path.join(dir, rounds[2]!), '--text')).code);
	});
});
