import {mkdtemp, readFile, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {cli} from '../helpers/cli.js';

const FAST = ['--lab', '--latency-scale', '0', '--timeout', '250', '--retries', '0'];

describe('digdeeper survey', () => {
	it('writes one NDJSON object per zone and a final summary, each zone snapshot openable, exit 1 when a zone has an error', async () => {
		const dir = await mkdtemp(path.join(tmpdir(), 'digdeeper-survey-'));
		const {code, stdout} = await cli('survey', ...FAST, '--json', '-o', dir, 'com.', 'bw.', 'xn--mgbai9azgqp6j.');
		expect(code).toBe(1);
		const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
		expect(lines).toHaveLength(4);
		const zones = lines.slice(0, 3) as Array<{zone: string; servers: {answering: number; total: number}; findings: Array<{code: string}>; summary: {worst: string; dnssec: string}; snapshot: string}>;
		expect(zones.map((line) => line.zone).sort()).toEqual(['bw.', 'com.', 'xn--mgbai9azgqp6j.']);
		const bw = zones.find((line) => line.zone === 'bw.')!;
		expect(bw.servers).toEqual({answering: 3, total: 4});
		expect(bw.findings.map((finding) => finding.code)).toContain('SERIAL_MISMATCH');
		expect(zones.find((line) => line.zone === 'xn--mgbai9azgqp6j.')!.summary.worst).toBe('error');
		expect(lines[3]).toMatchObject({summary: {zones: 3, worst: {error: 1, warning: 1, info: 0, clean: 1}}});
		expect(bw.snapshot).toBe(path.join(dir, 'bw.json'));
		// The snapshot holds the root's answers the survey shared between zones, marked, and opens like any other.
		const saved = await readFile(path.join(dir, 'bw.json'), 'utf8');
		expect(saved).toMatch(/"shared":\{"measuredAt":"\d{4}-/u);
		const opened = await cli('open', path.join(dir, 'bw.json'), '--text');
		expect(opened.code).toBe(0);
		expect(opened.stdout).toContain('SERIAL_MISMATCH');
	});

	it('asks every server of the zone at every address its SOA, NS and DNSKEY over TCP too (the TCP checks); a trace asks the SOA alone', async () => {
		const dir = await mkdtemp(path.join(tmpdir(), 'digdeeper-survey-'));
		await cli('survey', ...FAST, '--json', '-o', dir, 'com.');
		const surveyed = JSON.parse(await readFile(path.join(dir, 'com.json'), 'utf8')) as {zones: Array<{name: string; servers: Array<{address: string; probes: Array<{purpose: string; question: {type: string}}>}>}>};
		// Every server address of every zone on the way: the root's and com.'s.
		const checks = (file: typeof surveyed) =>
			file.zones.flatMap((zone) => zone.servers.map((server) => [`${zone.name} ${server.address}`, server.probes.filter((probe) => probe.purpose.endsWith('-tcp')).map((probe) => `${probe.purpose} ${probe.question.type}`)]));
		const servers = checks(surveyed);
		expect(servers.map(([server]) => server)).toEqual(expect.arrayContaining(['com. 127.77.1.1', '. 127.77.0.1']));
		expect(servers.filter(([server]) => String(server).startsWith('com. '))).toHaveLength(4);
		for (const [, asked] of servers) expect(asked).toEqual(['soa-tcp SOA', 'ns-tcp NS', 'dnskey-tcp DNSKEY']);
		const traced = await cli(...FAST, 'com.', 'SOA', '--json');
		for (const [, asked] of checks(JSON.parse(traced.stdout))) expect(asked).toEqual(['soa-tcp SOA']);
	});

	it('reads zones from a file, one per line, with comments and blank lines; exit 0 when no zone has an error', async () => {
		const dir = await mkdtemp(path.join(tmpdir(), 'digdeeper-survey-'));
		const list = path.join(dir, 'zones.txt');
		await writeFile(list, '# healthy zones\ncom.\n\nnet  # no final dot\ncom.\n');
		const {code, stdout} = await cli('survey', ...FAST, '--text', '--file', list);
		expect(code).toBe(0);
		const lines = stdout.trim().split('\n');
		expect(lines.filter((line) => !line.startsWith(';;')).map((line) => line.split(/\s+/u)[0]).sort()).toEqual(['com.', 'net.']);
		expect(lines.find((line) => line.startsWith('com.'))).toMatch(/^com\.\s+4\/4 answering\s+serial 1707000000\s+secure\s+no findings$/u);
		expect(lines.at(-2)).toMatch(/^;; SURVEY: 2 zones in .*: 0 with errors, 0 with warnings at worst, 0 with notes at worst, 2 clean$/u);
		expect(lines.at(-1)).toMatch(/^;; \d+ queries sent, \d+ answered from the survey's share, at most \d+ in flight$/u);
	});

	it('refuses what it cannot use with one line and exit status 2', async () => {
		const dir = await mkdtemp(path.join(tmpdir(), 'digdeeper-survey-'));
		const list = path.join(dir, 'zones.txt');
		await writeFile(list, 'com.\nbad..name\n');
		expect(await cli('survey', '--lab', '--file', list)).toMatchObject({code: 2, stderr: `digdeeper: invalid zone (${list} line 2): "bad..name" has an empty label\n`});
		expect((await cli('survey', '--lab')).code).toBe(2);
		expect(await cli('survey', '--lab', '--rate', '0', 'com.')).toMatchObject({code: 2, stderr: 'digdeeper: invalid --rate 0: use a positive number of queries per second, at most 1000\n'});
		expect(await cli('survey', '--lab', '--concurrency', '0', 'com.')).toMatchObject({code: 2, stderr: 'digdeeper: invalid --concurrency 0: use 1 to 4096\n'});
		expect((await cli('survey', '--lab', '--json', '--text', 'com.')).code).toBe(2);
		expect((await cli('survey', '--lab', '--watch', '5s', 'com.')).code).toBe(2);
		expect((await cli('--lab', 'com.', '--rate', '5')).code).toBe(2);
	});
});
