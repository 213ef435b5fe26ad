/**
 * Interactive only when both ends are terminals, CI is unset and no plain output was asked for. Decided once:
 * Ink's raw mode must never be requested on a pipe (isTTY is undefined there, so compare with true). Standard input
 * is looked at last: Node makes its stream when it is first read (2-3 ms of modules and a handle for a pipe), which
 * --json, --text and a redirected output never need.
 */
export function isInteractive(options: {text: boolean; json: boolean}): boolean {
	return !options.text && !options.json && !process.env['CI'] && process.stdout.isTTY === true && process.stdin.isTTY === true;
}
