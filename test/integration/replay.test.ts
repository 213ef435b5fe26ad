import {execFile, spawn} from 'node:child_process';
import {mkdtemp, readFile, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {describe, expect, it} from 'vitest';
import {withAnalysis, type AnalysedTrace} from '../../source/analysis/analyze.js';
import {createNetworkTransport} from '../../source/dns/network-transport.js';
import {serveReplay} from '../../source/replay/replay-sockets.js';
import {replayWorld} from '../../source/replay/replay-world.js';
import {serializeSnapshot} from '../../source/snapshot/write-snapshot.js';
import {walk} from '../../source/trace/walk.js';
import {CLI} from '../helpers/cli.js';
import {mappedBack, snapshotOf, tool} from '../helpers/replay.js';
import {missingTools, titled} from '../helpers/tools.js';

const run = promisify(execFile);
/** What a trace concludes, for comparing two: the outcome, the DNSSEC verdict and the finding codes by zone. */
const conclusion = ({trace, analysis}: AnalysedTrace) => ({
	outcome: trace.outcome.status,
	records: trace.outcome.records.map((record) => `${record.name} ${record.type}`),
	dnssec: analysis.dnssec.outcome.status,
	findings: analysis.findings.map((finding) => `${finding.code} ${finding.zone ?? ''}`).sort(),
});

describe('a snapshot served and traced again through its replay', () => {
	it.each([
		['www.example.com', 'A', 5411, 'secure', ['SINGLE_POINT_OF_FAILURE']],
		['big.example.org', 'TXT', 5412, 'insecure', ['SERVER_TIMEOUT']],
		['www.example.net', 'A', 5413, 'insecure', ['SERVER_REFUSED', 'UPWARD_REFERRAL', 'ANSWER_MISMATCH', 'SERIAL_MISMATCH']],
	])('%s %s: the same outcome, DNSSEC verdict and findings as the snapshot (addresses mapped back)', async (name, type, port, verdict, codes) => {
		const original = await snapshotOf(name, type);
		// The story as recorded: what the replay must reproduce.
		expect(original.analysis.dnssec.outcome.status).toBe(verdict);
		expect(original.analysis.findings.map((finding) => finding.code)).toEqual(expect.arrayContaining(codes));
		const world = replayWorld(original.trace);
		const served = await serveReplay(world, port);
		try {
			const replayed = await walk(
				{name: `${name}.`, type},
				{transport: createNetworkTransport(), hints: world.hints, port, families: [4], timeoutMs: 300, retries: 0, dnssec: true},
			);
			const back = mappedBack({...replayed, options: {...replayed.options, validateAt: original.trace.startedAt}}, world);
			const again = withAnalysis(back, {anchors: {source: 'lab root KSK', records: original.trace.options.trustAnchorRecords!}});
			expect(conclusion(again)).toEqual(conclusion(original));
			expect(served.queries.size).toBeGreaterThan(3);
		} finally {
			await served.close();
		}
	});
});

const missing = missingTools('drill', 'delv', 'dig');

describe.skipIf(missing !== undefined)(titled('digdeeper serve FILE, asked by drill, delv and dig', missing), () => {
	it('prints its mapping and commands; drill -T and dig reach the recorded answer, delv and drill -S validate it; SIGTERM stops it', async () => {
		const dir = await mkdtemp(path.join(tmpdir(), 'digdeeper-replay-'));
		const file = path.join(dir, 'www.example.com.json');
		await writeFile(file, serializeSnapshot(await snapshotOf('www.example.com', 'A'), tool));
		const port = 5414;
		const child = spawn('node', [CLI, 'serve', file, '--port', String(port), '--dir', dir], {stdio: ['ignore', 'pipe', 'pipe'], env: {...process.env, DIGDEEPER_LOOPBACK_ONLY: '1'}});
		let output = '';
		child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
		const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
		try {
			for (let attempt = 0; attempt < 100 && !output.includes('Recorded servers'); attempt++) await new Promise((resolve) => setTimeout(resolve, 50));
			const hints = path.join(dir, 'root.hints');
			expect(output).toContain(`  127.78.0.1     ← 127.77.0.1  a.root-servers.net.`);
			expect(output).toContain(`  drill -4 -T -p ${port} -r ${hints} www.example.com. A`);
			expect(await readFile(hints, 'utf8')).toBe('.\t3600000\tNS\ta.root-servers.net.\na.root-servers.net.\t3600000\tA\t127.78.0.1\n.\t3600000\tNS\tb.root-servers.net.\nb.root-servers.net.\t3600000\tA\t127.78.0.3\n.\t3600000\tNS\tc.root-servers.net.\nc.root-servers.net.\t3600000\tA\t127.78.0.5\n.\t3600000\tNS\td.root-servers.net.\nd.root-servers.net.\t3600000\tA\t127.78.0.7\n');

			// drill follows the served referrals from the hints down to the recorded answer.
			const drill = await run('drill', ['-4', '-T', '-p', String(port), '-r', hints, 'www.example.com.', 'A'], {timeout: 10_000});
			expect(drill.stdout).toMatch(/^example\.com\.\s+\d+\s+IN\s+NS\s+ns1\.example\.com\.$/mu);
			expect(drill.stdout).toMatch(/^www\.example\.com\.\s+\d+\s+IN\s+A\s+192\.0\.2\.10$/mu);

			// delv validates it from the recorded anchor, asking the replay's resolver.
			const delv = await run('delv', ['-p', String(port), '-a', path.join(dir, 'trust-anchor.bind-keys'), '+root=.', '@127.78.255.53', 'www.example.com.', 'A'], {timeout: 10_000});
			expect(delv.stdout).toContain('; fully validated');
			expect(delv.stdout).toMatch(/^www\.example\.com\.\s+\d+\s+IN\s+A\s+192\.0\.2\.10$/mu);
			const chase = await run('drill', ['-4', '-S', '-k', path.join(dir, 'trust-anchor.ds'), '-p', String(port), '@127.78.255.53', 'www.example.com.', 'A'], {timeout: 10_000});
			expect(chase.stdout).toContain(';; Chase successful');

			// The glue dig gets from the com. servers names only served addresses.
			const dig = await run('dig', ['-p', String(port), '@127.78.0.9', 'www.example.com.', 'A', '+norec', '+tries=1', '+time=2'], {timeout: 10_000});
			expect(dig.stdout).toMatch(/^ns1\.example\.com\.\s+\d+\s+IN\s+A\s+127\.78\.0\.13$/mu);
			expect(dig.stdout).not.toContain('127.77.');
		} finally {
			child.kill('SIGTERM');
		}
		expect(await exited).toBe(0);
		expect(output).toContain('Replay stopped.');
	}, 40_000);
});
