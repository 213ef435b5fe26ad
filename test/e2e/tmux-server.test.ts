import {execFile} from 'node:child_process';
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
const restore = {TMPDIR: process.env['TMPDIR']};

afterEach(() => {
	if (restore.TMPDIR === undefined) delete process.env['TMPDIR'];
	else process.env['TMPDIR'] = restore.TMPDIR;
});

describe.skipIf(missing !== undefined)(titled("the e2e tests' own tmux server", missing), () => {
	it('starts under a TMPDIR too long for a socket path (sun_path: 108 bytes), and stop leaves no server and no folder', async () => {
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
});
