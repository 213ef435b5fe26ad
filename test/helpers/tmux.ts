import {execFile} from 'node:child_process';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';

const run = promisify(execFile);

/** The room for a socket's path on every platform tmux runs on: macOS's sun_path, 104 bytes with its NUL. */
const SOCKET_PATH_MAX = 104;

/**
 * A tmux server of the calling test file's own. Two test files on the default server raced: when one killed the
 * server's last session the server exited, and the other's `new-session` reached it while it did ("server exited
 * unexpectedly", a CI failure at 5e98bf7). Its own server, on a socket in a temporary folder, kept up by a session of
 * its own while `owner` (the test file's process) lives and without the user's ~/.tmux.conf, shares nothing; `stop`
 * ends it and removes the folder (tmux 3.3 leaves its socket file behind), and the folders `folder` made. An owner that
 * dies without `stop` (a worker killed at its time-out) takes the server and its folder with it.
 */
export function tmuxServer(owner = process.pid) {
	let started: Promise<{folder: string; socket: string}> | undefined;
	const start = async () => {
		// A socket's path must fit sun_path: under a long TMPDIR (a CI's work folder, a nested sandbox) tmux fails with
		// 'File name too long', so the folder goes in /tmp.
		const base = Buffer.byteLength(path.join(tmpdir(), 'digdeeper-tmux-XXXXXX', 'socket')) < SOCKET_PATH_MAX ? tmpdir() : '/tmp';
		const folder = await mkdtemp(path.join(base, 'digdeeper-tmux-'));
		const socket = path.join(folder, 'socket');
		// The keeper session watches the owner; once it is gone, the folder goes, and the server ends with its last session
		// (a server kept up by exit-empty off outlived an owner that never called stop).
		const keeper = 'while kill -0 "$OWNER" 2>/dev/null; do sleep 0.5; done; rm -rf "$FOLDER"';
		try {
			await run('tmux', ['-S', socket, '-f', '/dev/null', 'new-session', '-d', '-s', 'keeper', '-e', `OWNER=${owner}`, '-e', `FOLDER=${folder}`, keeper]);
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
