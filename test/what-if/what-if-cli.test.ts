import {mkdtemp, readFile, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {cli} from '../helpers/cli.js';

/* `--what-if` as a user types it (the built command, the lab in process): the assumption is the first thing said. */

const LAB = ['--lab', '--latency-scale', '0', '--no-rdap'] as const;
const HEADLINE = 'WHAT-IF, not measured: assuming the DS of example.com. removed (the parent\'s signed denial assumed); a.gtld-servers.net. down (every address)';

describe('digdeeper NAME --what-if', () => {
	it('--text says what is assumed on its first line, and judges the changed trace', async () => {
		const {code, stdout} = await cli(...LAB, 'www.example.com', '--text', '--what-if', 'ds-remove example.com.', '--what-if', 'down a.gtld-servers.net');
		expect(code).toBe(0);
		expect(stdout.split('\n')[0]).toBe(`; ${HEADLINE}`);
		expect(stdout).toContain(';; DNSSEC: insecure');
		expect(stdout).toMatch(/a\.gtld-servers\.net\.\s+127\.77\.1\.1\s.*TIMEOUT\s+assumed down \(what-if, not measured\)/u);
	});

	it('--json keeps the changes assumed, as a format an older reader refuses', async () => {
		const {stdout} = await cli(...LAB, 'www.example.com', '--json', '--what-if', 'ds-remove example.com.');
		const snapshot = JSON.parse(stdout) as {schema: string; assumed: unknown; outcome: {dnssec: string}};
		expect(snapshot.schema).toBe('digdeeper/snapshot@5');
		expect(snapshot.assumed).toEqual([{kind: 'ds-remove', zone: 'example.com.'}]);
		expect(snapshot.outcome.dnssec).toBe('insecure');
	});

	it('--report puts it under the title, and the command that takes the trace again assumes the same', async () => {
		const {stdout} = await cli(...LAB, 'www.example.com', '--report', '--what-if', 'ds-remove example.com.', '--what-if', 'down a.gtld-servers.net');
		expect(stdout.split('\n').slice(0, 3)).toEqual(['# DNS trace: www\\.example.com. A', '', `**${HEADLINE}**`]);
		expect(stdout).toContain("digdeeper www.example.com A --lab --what-if 'ds-remove example.com.' --what-if 'down a.gtld-servers.net.' --no-rdap --text");
	});

	it('a what-if is said as such in every view of it: the step-through, a diff against the measured trace, the graph; serve refuses it', async () => {
		const directory = await mkdtemp(path.join(tmpdir(), 'digdeeper-what-if-'));
		const [measured, assumed] = [path.join(directory, 'measured.json'), path.join(directory, 'assumed.json')];
		expect((await cli(...LAB, 'www.example.com', '--json', '-o', measured)).code).toBe(0);
		expect((await cli(...LAB, 'www.example.com', '--json', '-o', assumed, '--what-if', 'zone-down example.com.')).code).toBe(1);
		const said = 'WHAT-IF, not measured: assuming every server of example.com. down';
		expect((await cli('open', assumed, '--step', '--text')).stdout.split('\n')[0]).toBe(said);
		expect((await cli('diff', measured, assumed, '--text')).stdout).toContain(`; after: ${said}`);
		expect((await cli('graph', assumed, '--format', 'dot')).stdout).toContain(`fontcolor="#c62828", label="${said}"`);
		expect(await cli('serve', assumed, '--port', '5429')).toEqual({code: 2, stdout: '', stderr: `digdeeper: ${assumed} is a what-if (${said}), not a recording: serve the measured snapshot it was made from\n`});
	});

	it('a saved what-if, opened, still says so; open FILE --what-if adds to it', async () => {
		const file = path.join(await mkdtemp(path.join(tmpdir(), 'digdeeper-what-if-')), 'trace.json');
		expect((await cli(...LAB, 'www.example.com', '--json', '-o', file, '--what-if', 'ds-remove example.com.')).code).toBe(0);
		const opened = await cli('open', file, '--text');
		expect(opened.stdout.split('\n')[0]).toBe("; WHAT-IF, not measured: assuming the DS of example.com. removed (the parent's signed denial assumed)");
		const more = await cli('open', file, '--text', '--what-if', 'clock 2036-01-01');
		expect(more.stdout.split('\n')[0]).toBe("; WHAT-IF, not measured: assuming the DS of example.com. removed (the parent's signed denial assumed); signatures judged at 2036-01-01T00:00:00.000Z");
		expect(more.stdout).toContain('RRSIG_EXPIRED');
		expect(more.code).toBe(1);
	});

	it('a saved zone-down whose servers also serve the parent opens, and says what the live trace said', async () => {
		// nic.gm.'s servers are gm.'s: down, they take gm. down, and nic.gm. is never learnt. Their time-outs at gm. end
		// after the measured walk did, which the reader took for a damaged file ("a probe finished … after the trace ended").
		const file = path.join(await mkdtemp(path.join(tmpdir(), 'digdeeper-what-if-')), 'trace.json');
		const live = await cli(...LAB, 'www.nic.gm', '--json', '-o', file, '--what-if', 'zone-down nic.gm.');
		expect(live.code).toBe(1);
		const opened = await cli('open', file, '--json');
		expect(opened.stderr).toBe('');
		expect(opened.code).toBe(1);
		const said = (stdout: string) => (({findings, dnssec}: {findings: Array<{code: string; zone: string}>; dnssec: unknown}) => ({findings: findings.map(({code, zone}) => `${code} ${zone}`), dnssec}))(JSON.parse(stdout));
		expect(said(opened.stdout)).toEqual(said(live.stdout));
		expect(said(opened.stdout).findings).toContain('ZONE_UNREACHABLE gm.');
		// nic.gm. is not in the file, but the addresses its servers' change took down are: gm.'s servers read assumed down
		// as they did live, not as measured time-outs.
		const messages = (stdout: string) => (JSON.parse(stdout) as {findings: Array<{message: string}>}).findings.map(({message}) => message);
		expect(messages(opened.stdout)).toEqual(messages(live.stdout));
		expect(messages(opened.stdout)).toContain('gm.: none of its 2 server addresses gave a usable answer (30 assumed down (what-if))');
		// Not any wait, though: a time-out of an hour in a trace of 1.5 s time-outs is no dead server's, but a damaged file.
		const snapshot = JSON.parse(await readFile(file, 'utf8')) as {zones: Array<{servers: Array<{probes: Array<{status: string; startedMs: number; finishedMs: number}>}>}>};
		const waited = snapshot.zones.flatMap((zone) => zone.servers.flatMap((server) => server.probes)).find((probe) => probe.status === 'timeout')!;
		waited.finishedMs = waited.startedMs + 3_600_000;
		await writeFile(file, JSON.stringify(snapshot));
		const damaged = await cli('open', file, '--text');
		expect(damaged.code).toBe(2);
		expect(damaged.stderr).toMatch(/damaged snapshot: a probe finished at [\d.]+ ms, after the trace ended at/u);
	});

	it('ns-add asks the new server on a live trace; open FILE, with nothing to ask through, states it unknown', async () => {
		const down = ['--what-if', 'down afrinic.nic.bw.', '--what-if', 'down pch.nic.bw.', '--what-if', 'down dns2.btc.bw.'];
		const live = await cli(...LAB, '--timeout', '250', '--retries', '0', 'www.nic.bw', '--text', ...down, '--what-if', 'ns-add bw. ns9.nic.bw. 127.77.150.1');
		expect(live.code).toBe(0);
		expect(live.stdout.split('\n')[0]).toMatch(/; ns9\.nic\.bw\. \(127\.77\.150\.1\) added to bw\.'s delegation, and asked: 16 of 16 questions answered$/u);
		expect(live.stdout).toMatch(/ns9\.nic\.bw\.\s+127\.77\.150\.1\s+\[glue\].*NOERROR\s+aa.*answer/u);
		const file = path.join(await mkdtemp(path.join(tmpdir(), 'digdeeper-what-if-')), 'trace.json');
		expect((await cli(...LAB, '--timeout', '250', '--retries', '0', 'www.nic.bw', '--json', '-o', file, ...down)).code).toBe(1);
		const opened = await cli('open', file, '--text', '--what-if', 'ns-add bw. ns9.nic.bw. 127.77.150.1');
		expect(opened.stdout.split('\n')[0]).toMatch(/ns9\.nic\.bw\. \(127\.77\.150\.1\) added to bw\.'s delegation: its answers are unknown, never asked$/u);
		expect(opened.code).toBe(1);
	});

	it.each([
		[['up', 'ns1.example.com.'], 'digdeeper: invalid --what-if "up ns1.example.com.": no such change "up": use down, zone-down, ds-remove, ds-replace, ns-remove, ns-add, clock'],
		[['down', 'ns9.nowhere.example.'], 'digdeeper: invalid --what-if "down ns9.nowhere.example.": ns9.nowhere.example. is neither an address nor a name server asked in this trace'],
		[['down', '192.0.2.1'], 'digdeeper: invalid --what-if "down 192.0.2.1": no server of this trace has the address 192.0.2.1'],
		[['zone-down', 'ex..ample.com.'], 'digdeeper: invalid --what-if "zone-down ex..ample.com.": ex..ample.com. is not a name'],
	])('refuses %j with exit status 2 and one line', async (words, line) => {
		const {code, stdout, stderr} = await cli(...LAB, 'www.example.com', '--text', '--what-if', words.join(' '));
		expect(code).toBe(2);
		expect(stdout).toBe('');
		expect(stderr).toBe(`${line}\n`);
	});
});
