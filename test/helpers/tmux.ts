import {execFile} from 'node:child_process';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';

const run = promisify(execFile);

/** The room for a socket's path on every platform tmux runs on: macOS's sun_path, 104 bytes with its NUL. */
const SOCKET_PATH_MAX = 104;

/**
 * A tmux server of the calling test file's own. Two test files on the default server raced: when one killed the
 * server's last session the server exited, and the other's `new-session` reached it while it did ("server exited
 * unexpectedly", a CI failure at 5e98bf7). Its own server, on a socket in a temporary folder, kept up with no session
 * left (exit-empty off) and without the user's ~/.tmux.conf, shares nothing; `stop` ends it and removes the folder
 * (tmux 3.3 leaves its socket file behind), and the folders `folder` made.
 */
export function tmuxServer() {
	let started: Promise<{folder: string; socket: string}> | undefined;
	const start = async () => {
		// A socket's path must fit sun_path: under a long TMPDIR (a CI's work folder, a nested sandbox) tmux fails with
		// 'File name too long', so the folder goes in /tmp.
		const base = Buffer.byteLength(path.join(tmpdir(), 'digdeeper-tmux-XXXXXX', 'socket')) < SOCKET_PATH_MAX ? tmpdir() : '/tmp';
		const folder = await mkdtemp(path.join(base, 'digdeeper-tmux-'));
		const config = path.join(folder, 'tmux.conf');
		const socket = path.join(folder, 'socket');
		try {
			await writeFile(config, 'set -g exit-empty off\n');
			await run('tmux', ['-S', socket, '-f', config, 'start-server']);
		} catch (error) {
			// `stop` knows the folder only from a server that started: one that did not is cleaned up here.
			await rm(folder, {recursive: true, force: true});
			throw error;
		}
		return {folder, socket};
	};
	// What the panes were given to work in (a cwd, a TMPDIR): removed with the server, once nothing runs in them.
	const folders: string[] = [];
	return {
		/** A new temporary folder for a pane, removed by `stop`. */
		async folder(prefix: string) {
			const made = await mkdtemp(path.join(tmpdir(), prefix));
			folders.push(made);
			return made;
		},
		/** Runs `tmux ARGS` on this server, starting the server first. */
		async tmux(...args: string[]) {
			started ??= start();
			const {socket} = await started;
			return run('tmux', ['-S', socket, ...args]);
		},
		async stop() {
			const server = await started?.catch(() => undefined);
			started = undefined;
			if (server) {
				await run('tmux', ['-S', server.socket, 'kill-server']).catch(() => {});
				await rm(server.folder, {recursive: true, force: true});
			}
			for (const made of folders.splice(0)) await rm(made, {recursive: true, force: true});
		},
	};
}
