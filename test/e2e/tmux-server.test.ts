import {execFile, spawn} from 'node:child_process';
import {mkdir, mkdtemp, readdir, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {afterEach, describe, expect, it} from 'vitest';
import {tmuxServer} from '../helpers/tmux.js';
import {missingTools, titled} from '../helpers/tools.js';

const missing = missingTools('tmux');
const run = promisify(execFile);
const outerTmpdir = tmpdir();
const restore = {TMPDIR: process.env['TMPDIR'], PATH: process.env['PATH']};

afterEach(() => {
	if (restore.TMPDIR === undefined) delete process.env['TMPDIR'];
	else process.env['TMPDIR'] = restore.TMPDIR;
	process.env['PATH'] = restore.PATH;
});

describe.skipIf(missing !== undefined)(titled("the e2e tests' own tmux server", missing), () => {
	it('starts under a TMPDIR too long for a socket path (sun_path: 104 bytes on macOS, 108 on Linux), and stop leaves no server and no folder', async () => {
		const parent = await mkdtemp(path.join(outerTmpdir, 'digdeeper-long-'));
		const long = path.join(parent, 'x'.repeat(100));
		await mkdir(long);
		process.env['TMPDIR'] = long;
		try {
			const {tmux, stop} = tmuxServer();
			await tmux('new-session', '-d', '-s', 'probe', 'sleep 30');
			const socket = (await tmux('display-message', '-p', '-t', 'probe', '#{socket_path}')).stdout.trim();
			expect(Buffer.byteLength(socket)).toBeLessThan(104);
			await stop();
			await expect(run('tmux', ['-S', socket, 'list-sessions'])).rejects.toThrow();
			await expect(readdir(path.dirname(socket))).rejects.toMatchObject({code: 'ENOENT'});
			expect(await readdir(long)).toEqual([]);
		} finally {
			await rm(parent, {recursive: true, force: true});
		}
	});

	it('leaves no folder when its server cannot start (here: no tmux on the PATH)', async () => {
		const folder = await mkdtemp(path.join(outerTmpdir, 'digdeeper-tmux-start-'));
		process.env['TMPDIR'] = folder;
		process.env['PATH'] = folder;
		try {
			const {tmux, stop} = tmuxServer();
			await expect(tmux('list-sessions')).rejects.toMatchObject({code: 'ENOENT'});
			await stop();
			expect(await readdir(folder)).toEqual([]);
		} finally {
			await rm(folder, {recursive: true, force: true});
		}
	});

	it("removes the folders it made for its panes when it stops, with what the panes left in them", async () => {
		const {tmux, stop, folder} = tmuxServer();
		const made = await folder('digdeeper-tmux-pane-');
		await tmux('new-session', '-d', '-s', 'writer', '-c', made, 'touch left-behind; sleep 30');
		for (let attempt = 0; attempt < 50 && !(await readdir(made)).includes('left-behind'); attempt++) await new Promise((resolve) => setTimeout(resolve, 50));
		expect(await readdir(made)).toEqual(['left-behind']);
		await stop();
		await expect(readdir(made)).rejects.toMatchObject({code: 'ENOENT'});
	});

	it('ends, and leaves no folder, when the test process dies without calling stop (a worker killed at its time-out, Ctrl-C)', async () => {
		const owner = spawn('sleep', ['60']);
		const {tmux} = tmuxServer(owner.pid);
		await tmux('new-session', '-d', '-s', 'orphan', 'sleep 1');
		const socket = (await tmux('display-message', '-p', '-t', 'orphan', '#{socket_path}')).stdout.trim();
		owner.kill('SIGKILL');
		const gone = async () => (await run('tmux', ['-S', socket, 'list-sessions']).then(() => false, () => true)) && (await readdir(path.dirname(socket)).then(() => false, () => true));
		for (let attempt = 0; attempt < 80 && !(await gone()); attempt++) await new Promise((resolve) => setTimeout(resolve, 100));
		expect(await gone()).toBe(true);
	}, 20_000);
});
