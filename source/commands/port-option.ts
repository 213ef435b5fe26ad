import {UsageError} from './usage-error.js';

/**
 * The one check of a port typed on the command line, the trace's `--port`/`-p` and `lab serve --port` alike: a
 * port out of range is what the user typed wrong (exit status 2), never a socket error once the lab starts.
 */
export function checkPort(port: number): void {
	if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new UsageError(`invalid --port ${port}: use 1 to 65535`);
}
