import {execFile, spawn} from 'node:child_process';
import {access, mkdtemp, readdir, readFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {describe, expect, it} from 'vitest';
import {CLI} from '../helpers/cli.js';
import {missingTools, titled} from '../helpers/tools.js';

const missing = missingTools('dig');

const run = promisify(execFile);
const PORT = 5394;

describe.skipIf(missing !== undefined)(titled('digdeeper lab serve', missing), () => {
	it('serves the lab to dig, writes its hints and trust anchor, and stops cleanly on Ctrl-C', async () => {
		const dir = await mkdtemp(path.join(tmpdir(), 'digdeeper-serve-'));
		const child = spawn('node', [CLI, 'lab', 'serve', '--port', String(PORT), '--latency-scale', '0', '--dir', dir], {stdio: ['ignore', 'pipe', 'pipe']});
		let output = '';
		child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
		const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
		try {
			for (let attempt = 0; attempt < 100 && !output.includes('Servers:'); attempt++) await new Promise((resolve) => setTimeout(resolve, 50));
			expect(output).toContain(`on loopback UDP and TCP port ${PORT}`);
			expect(output).toContain(`drill -T -p ${PORT} -r ${path.join(dir, 'lab.hints')} www.puri.sm`);

			const {stdout} = await run('dig', ['-p', String(PORT), '@127.77.2.1', 'www.puri.sm', 'A', '+norec', '+tries=1', '+time=2']);
			expect(stdout).toContain('status: NXDOMAIN');
			expect(stdout).toMatch(/flags: qr aa;/u);
			expect(await readFile(path.join(dir, 'lab.hints'), 'utf8')).toContain('a.root-servers.net.\t3600000\tA\t127.77.0.1');
			expect(await readFile(path.join(dir, 'lab.anchor'), 'utf8')).toMatch(/^\.\t86400\tIN\tDS\t\d+ 8 2 [0-9A-F]{64}$/mu);

		} finally {
			child.kill('SIGINT');
		}
		expect(await exited).toBe(0);
		expect(output).toContain('Lab stopped.');
	});
});

describe('digdeeper lab serve without --dir', () => {
	it('removes the folder of files it made when it stops (SIGTERM): they name servers that are gone', async () => {
		const child = spawn('node', [CLI, 'lab', 'serve', '--port', String(PORT + 1), '--latency-scale', '0'], {stdio: ['ignore', 'pipe', 'pipe']});
		let output = '';
		child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
		const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
		try {
			for (let attempt = 0; attempt < 100 && !output.includes('Servers:'); attempt++) await new Promise((resolve) => setTimeout(resolve, 50));
			// The digdeeper line it prints, run as printed: with the lab's root key, the lab's root is secure (without
			// --trust-anchor it was judged against IANA's key, and every name came out bogus).
			const printed = /^ {2}digdeeper (www\.puri\.sm --hints \S+ --trust-anchor \S+ --port \d+ -4 --rdap-bootstrap \S+)$/mu.exec(output)?.[1];
			expect(printed, output).toBeDefined();
			const {stdout} = await run('node', [CLI, ...printed!.split(' '), '--json'], {env: {...process.env, DIGDEEPER_LOOPBACK_ONLY: '1'}}).catch((error: {stdout: string}) => error);
			const snapshot = JSON.parse(stdout) as {findings: Array<{code: string}>};
			expect(snapshot.findings.map((finding) => finding.code)).toContain('DELEGATION_MISSING');
			expect(stdout).not.toMatch(/"status":"bogus"/u);
		} finally {
			child.kill('SIGTERM');
		}
		expect(await exited).toBe(0);
		const folder = path.dirname(/^Root hints: (\S+)$/mu.exec(output)![1]!);
		expect(folder).toMatch(/digdeeper-lab-/u);
		expect(output).toContain(`Lab stopped. Its files in ${folder} are removed.`);
		await expect(access(folder)).rejects.toThrow(/ENOENT/u);
	});
});

describe('lab serve and serve closed with their terminal (SIGHUP)', () => {
	/** Starts a server command and waits for the line that says it serves; its output and its exit. */
	async function started(args: string[], ready: string, env: NodeJS.ProcessEnv) {
		const child = spawn('node', [CLI, ...args], {stdio: ['ignore', 'pipe', 'pipe'], env: {...process.env, DIGDEEPER_LOOPBACK_ONLY: '1', ...env}});
		let output = '';
		child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
		const exited = new Promise<{code: number | null; signal: NodeJS.Signals | null}>((resolve) => child.on('exit', (code, signal) => resolve({code, signal})));
		for (let attempt = 0; attempt < 200 && !output.includes(ready); attempt++) await new Promise((resolve) => setTimeout(resolve, 50));
		expect(output).toContain(ready);
		return {child, exited, output: () => output};
	}

	it('removes the folder it made, then ends as the hang-up would have: the default ended it on the spot and left the folder', async () => {
		const temporary = await mkdtemp(path.join(tmpdir(), 'digdeeper-hangup-'));
		const snapshot = path.join(temporary, 'example.json');
		await run('node', [CLI, '--lab', 'www.example.com', '-4', '-o', snapshot], {env: {...process.env, DIGDEEPER_LOOPBACK_ONLY: '1'}}).catch(() => undefined);
		const own = await mkdtemp(path.join(tmpdir(), 'digdeeper-hangup-tmp-'));
		for (const [args, ready, prefix] of [
			[['lab', 'serve', '--port', '5393', '--latency-scale', '0'], 'Servers:', 'digdeeper-lab-'],
			[['serve', snapshot, '--port', '5393'], 'Files in', 'digdeeper-replay-'],
		] as const) {
			const server = await started([...args], ready, {TMPDIR: own});
			expect(await readdir(own)).toEqual([expect.stringMatching(new RegExp(`^${prefix}`, 'u'))]);
			// Twice, as a closed terminal's shell passes its SIGHUP on beside the kernel's: the second came back to the
			// default and ended it half-way through.
			server.child.kill('SIGHUP');
			server.child.kill('SIGHUP');
			// By SIGHUP itself (a shell's 129), not an exit: Node 20 aborts putting back a terminal that is gone.
			expect(await server.exited).toEqual({code: null, signal: 'SIGHUP'});
			expect(await readdir(own)).toEqual([]);
		}
	});
});

