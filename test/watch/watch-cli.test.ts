import {mkdtemp, readdir} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {cli} from '../helpers/cli.js';

describe('watch on the command line', () => {
	it('logs one line per change as the lab story plays out: the registry restores puri.sm', async () => {
		const {code, stdout} = await cli('--lab', 'www.puri.sm', '--latency-scale', '0', '--watch', '1s', '--count', '4', '--text');
		expect(code).toBe(0);
		const lines = stdout.trimEnd().split('\n');
		expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z {2}round 1 {4}watching www\.puri\.sm\. A: nxdomain from sm\.: — · 1 error, 0 warnings$/u);
		expect(lines).toContainEqual(expect.stringMatching(/round 3 {4}lab: the registrar pays; the \.sm registry restores the delegation and its glue$/u));
		expect(lines).toContainEqual(expect.stringMatching(/round 3 {4}- +outcome +nxdomain from sm\.: — → answer from puri\.sm\.: www\.puri\.sm\. 3600 IN A 192\.0\.2\.50$/u));
		expect(lines).toContainEqual(expect.stringMatching(/round 3 {4}puri\.sm\. +zone +not reached → reached$/u));
		expect(lines).toContainEqual(expect.stringMatching(/round 3 {4}puri\.sm\. +finding-resolved +error DELEGATION_MISSING/u));
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

	it('prints one JSON object per line with --json', async () => {
		const {stdout} = await cli('--lab', 'www.example.com', '--latency-scale', '0', '--watch=1s', '--count', '3', '--json');
		const events = stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as {round: number; kind: string; server?: string; before?: string; after: string});
		expect(events[0]).toMatchObject({round: 1, kind: 'baseline'});
		expect(events).toContainEqual(expect.objectContaining({round: 3, kind: 'note', after: 'lab: ns2.example.com stops answering'}));
		expect(events).toContainEqual(expect.objectContaining({round: 3, kind: 'reachability', server: 'ns2.example.com. 127.77.110.2', before: 'answer', after: 'timeout'}));
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
