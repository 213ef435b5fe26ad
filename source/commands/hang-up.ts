import {fstatSync} from 'node:fs';

/*
 * A terminal that goes away (its window closed, a tmux session killed, an SSH connection lost) sends SIGHUP, and
 * every write to it fails with EIO from then on. Node's default for SIGHUP ends the process on the spot: a server
 * command (lab serve, serve) then left its temporary folder behind. Told to stop instead, it ran on into writes that
 * failed (its "stopped" line), said so on a standard error that failed too, and ended in Node's own abort as it put
 * the gone terminal back (ResetStdio, Node 20: a core dump's status). So a hang-up is remembered, writes after it are
 * dropped, and the process ends as the hang-up would have ended it, by SIGHUP (status 129), once it has cleaned up.
 */

let hungUp = false;

/** The terminal is gone: what is written to it from now on is dropped. */
export function markHungUp(): void {
	hungUp = true;
}

export function terminalHungUp(): boolean {
	return hungUp;
}

/**
 * Whether a standard stream's write error is its terminal gone: after a hang-up, any; else EIO on a terminal (a
 * character device: node:tty is not loaded for this), which is how Linux says its terminal went away unsaid.
 */
export function isGoneTerminal(error: NodeJS.ErrnoException, descriptor: number): boolean {
	if (hungUp) return true;
	try {
		if (error.code === 'EIO' && fstatSync(descriptor).isCharacterDevice()) hungUp = true;
	} catch {
		// A descriptor that cannot be read is no terminal this can tell.
	}
	return hungUp;
}

/** Ends the process by SIGHUP's default action, as the hang-up would have: no exit handlers, no terminal to reset. */
export function endAsHungUp(): void {
	process.removeAllListeners('SIGHUP');
	process.kill(process.pid, 'SIGHUP');
}
