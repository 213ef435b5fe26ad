/**
 * Interactive only when both ends are terminals, CI is unset and no plain output was asked for. Decided once:
 * Ink's raw mode must never be requested on a pipe (isTTY is undefined there, so compare with true).
 */
export function isInteractive(options: {text: boolean; json: boolean}): boolean {
	return process.stdin.isTTY === true && process.stdout.isTTY === true && !process.env['CI'] && !options.text && !options.json;
}
