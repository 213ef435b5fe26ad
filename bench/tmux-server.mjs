// The bench's UI figures run on a tmux server of their own (its socket named by the process, no user configuration):
// on the default one, a session killed as the last of another run's made the server exit as the bench's new-session
// reached it ("server exited unexpectedly", session 24), as it did in the tests (test/helpers/tmux.ts).
import {execFileSync} from 'node:child_process';

const SOCKET = `digdeeper-bench-${process.pid}`;

/** The arguments that name this bench's server, for a tmux run some other way than `tmux()`. */
export const TMUX_ARGS = ['-L', SOCKET, '-f', '/dev/null'];

export const tmux = (...args) => execFileSync('tmux', [...TMUX_ARGS, ...args], {encoding: 'utf8'});

/** The server kept up between sessions (killing the last one ends it) by a session that ends with this process. */
export const keepServer = () => tmux('new-session', '-d', '-s', 'keeper', `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done`);

export function stopServer() {
	try {
		tmux('kill-server');
	} catch {
		// Already gone.
	}
}
