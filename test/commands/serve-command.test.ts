import dgram from 'node:dgram';
import {mkdtemp, readdir, readFile, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {runLabServe} from '../../source/commands/lab-command.js';
import {replayLines, runServe, writeReplayFiles} from '../../source/commands/serve-command.js';
import {replayWorld} from '../../source/replay/replay-world.js';
import {cli} from '../helpers/cli.js';
import {labTrace, labWorld} from '../helpers/lab.js';
import {saved} from '../helpers/snapshots.js';

describe('digdeeper serve: what is typed', () => {
	it.each([
		[['serve'], 'serve takes one snapshot file: digdeeper serve FILE [--port N] [--dir DIR]'],
		[['serve', 'a.json', 'b.json'], 'serve takes one snapshot file'],
		[['serve', 'a.json', '--lab'], '--lab does not apply to digdeeper serve (it takes --port, --dir)'],
		[['serve', 'a.json', '--port', '70000'], 'invalid --port 70000: use 1 to 65535'],
		[['serve', '/nonexistent/replay.json'], 'cannot read snapshot: /nonexistent/replay.json: ENOENT'],
	])('%j is a usage error (exit 2): %s', async (args, message) => {
		const {code, stderr} = await cli(...args);
		expect(code).toBe(2);
		expect(stderr).toContain(message);
	});
});

describe('the files and commands of a replay', () => {
	it('writes the served root hints and the recorded anchor, and prints commands a shell reads as one word each', async () => {
		const traced = await labTrace('www.example.com', 'A', {families: [4]});
		const trace = {...traced, query: {...traced.query, name: 'www.ex$(id)ample.com.'}, options: {...traced.options, trustAnchorRecords: labWorld().trustAnchor}};
		const world = replayWorld(trace);
		const dir = await mkdtemp(path.join(tmpdir(), 'digdeeper replay '));
		const files = await writeReplayFiles(dir, trace, world);
		expect(await readFile(files.hintsFile, 'utf8')).toMatch(/^\.\t3600000\tNS\ta\.root-servers\.net\.\na\.root-servers\.net\.\t3600000\tA\t127\.78\.0\.1\n/u);
		expect(await readFile(files.anchorFile, 'utf8')).toMatch(/^\.\t\d+\tIN\tDS\t\d+ 8 2 [0-9A-F]{64}\n$/u);
		expect(await readFile(files.bindAnchorFile, 'utf8')).toMatch(/^trust-anchors \{\n\t"\." initial-ds \d+ 8 2 "[0-9A-F]{64}";\n\};\n$/u);
		// unbound judges the recorded signatures at the snapshot's moment (RRSIG time form), as --at does for digdeeper.
		expect(await readFile(files.unboundFile, 'utf8')).toContain(`\tval-override-date: "${trace.startedAt.replace(/[-:T]/gu, '').slice(0, 14)}"\n`);
		const lines = replayLines(trace, world, files, {port: 5410, dir, servedCount: 8});
		expect(lines).toContain(`  drill -4 -T -p 5410 -r '${files.hintsFile}' 'www.ex$(id)ample.com.' A`);
		expect(lines).toContain(`  delv -p 5410 -a '${files.bindAnchorFile}' +root=. @127.78.255.53 'www.ex$(id)ample.com.' A`);
		// On port 53, dig +trace through the replay's resolver: the inner command quoted once more, whole.
		expect(replayLines(trace, world, files, {port: 53, dir, servedCount: 8})).toContain(
			`  unshare --mount sh -c 'mount --bind '\\''${files.resolvFile}'\\'' /etc/resolv.conf && dig -4 +trace @127.78.0.1 '\\''www.ex$(id)ample.com.'\\'' A'`,
		);
	});
});

describe('a folder serve or lab serve made for its files goes when it stops', () => {
	const outer = process.env['TMPDIR'];
	afterEach(() => {
		if (outer === undefined) delete process.env['TMPDIR'];
		else process.env['TMPDIR'] = outer;
	});

	/** A folder of the test's own as TMPDIR, where serve and lab serve make theirs. */
	async function ownTemporary(): Promise<string> {
		const dir = await mkdtemp(path.join(tmpdir(), 'digdeeper-serve-folder-'));
		process.env['TMPDIR'] = dir;
		return dir;
	}

	/** A UDP socket held on address:port, as another program's would be. */
	async function held(address: string, port: number): Promise<dgram.Socket> {
		const socket = dgram.createSocket('udp4');
		await new Promise<void>((resolve, reject) => {
			socket.once('error', reject);
			socket.bind(port, address, resolve);
		});
		return socket;
	}

	const PORT = 5437;

	it('serve: stopped, and refused its address (another replay on it)', async () => {
		const file = path.join(await mkdtemp(path.join(tmpdir(), 'digdeeper-serve-file-')), 'trace.json');
		await writeFile(file, saved(await labTrace('www.example.com', 'A', {families: [4]})));
		const temporary = await ownTemporary();
		let printed = '';
		await runServe({file, port: PORT}, {stdout: (text) => (printed += text), signal: AbortSignal.abort()});
		expect(printed).toMatch(new RegExp(`Files in '?${temporary}/digdeeper-replay-\\w+'?:`, 'u'));
		expect(printed).toContain('Replay stopped.');
		expect(await readdir(temporary)).toEqual([]);

		const other = await held('127.78.0.1', PORT);
		try {
			await expect(runServe({file, port: PORT}, {stdout: () => {}, signal: AbortSignal.abort()})).rejects.toThrow(`cannot listen on 127.78.x.y port ${PORT}: EADDRINUSE (is another replay running?)`);
		} finally {
			other.close();
		}
		expect(await readdir(temporary)).toEqual([]);
	});

	it('says in one line that it cannot make its folder where TMPDIR is not a folder to write in', async () => {
		const file = path.join(await mkdtemp(path.join(tmpdir(), 'digdeeper-serve-file-')), 'trace.json');
		await writeFile(file, saved(await labTrace('www.example.com', 'A', {families: [4]})));
		process.env['TMPDIR'] = file;
		// Node's stack, before: the folder was made outside the command's errors.
		await expect(runServe({file, port: PORT}, {stdout: () => {}, signal: AbortSignal.abort()})).rejects.toThrow(`cannot make a temporary folder in ${file}: ENOTDIR (set TMPDIR to a folder you can write to, or give --dir DIR)`);
		await expect(runLabServe({port: PORT, latencyScale: 0}, {stdout: () => {}, signal: AbortSignal.abort()})).rejects.toMatchObject({name: 'RunFailure', message: expect.stringContaining('ENOTDIR')});
	});

	it('lab serve: stopped, and refused its address (another lab on it)', async () => {
		const temporary = await ownTemporary();
		let printed = '';
		await runLabServe({port: PORT, latencyScale: 0}, {stdout: (text) => (printed += text), signal: AbortSignal.abort()});
		expect(printed).toMatch(new RegExp(`Root hints: ${temporary}/digdeeper-lab-\\w+/`, 'u'));
		expect(await readdir(temporary)).toEqual([]);

		const other = await held('127.77.0.1', PORT);
		try {
			await expect(runLabServe({port: PORT, latencyScale: 0}, {stdout: () => {}, signal: AbortSignal.abort()})).rejects.toThrow(`cannot listen on 127.77.x.y port ${PORT}: EADDRINUSE (is another lab running?)`);
		} finally {
			other.close();
		}
		expect(await readdir(temporary)).toEqual([]);
	});
});
