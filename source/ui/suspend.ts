/** The streams a suspension hands back to the shell and takes again: Ink's, a TTY's in practice. */
export interface SuspendStreams {
	stdin: NodeJS.ReadStream & {setRawMode?: (mode: boolean) => unknown; isTTY?: boolean};
	stdout: NodeJS.WriteStream;
}

const SHOW_CURSOR = '\u001B[?25h';
const HIDE_CURSOR = '\u001B[?25l';
/** The whole screen cleared and the cursor home: the frame is drawn again from the top (the shell wrote below it). */
const CLEAR_SCREEN = '\u001B[2J\u001B[H';

/**
 * Ctrl-Z: the terminal as the shell left it (line mode, echo, the cursor shown), then the process stops as the
 * terminal would have stopped it (SIGTSTP, whose default action Node keeps); `fg` continues it here, and the screen is
 * taken again. Raw mode is set on the stream itself, not through Ink's count of the components that asked for it,
 * which stays as it was. False where nothing can be suspended (not a TTY, or Windows, which has no job control).
 *
 * A process that no shell controls (its process group orphaned) is not stopped by SIGTSTP: it goes on at once.
 */
export function suspendToShell({stdin, stdout}: SuspendStreams, stop: () => void = () => process.kill(process.pid, 'SIGTSTP')): boolean {
	if (process.platform === 'win32' || !stdin.isTTY || typeof stdin.setRawMode !== 'function') return false;
	stdin.setRawMode(false);
	stdout.write(SHOW_CURSOR);
	// The stop is taken as this call returns: the lines after it run once the shell continues the process.
	stop();
	stdin.setRawMode(true);
	stdout.write(`${HIDE_CURSOR}${CLEAR_SCREEN}`);
	return true;
}
