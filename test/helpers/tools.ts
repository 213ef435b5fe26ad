import {execFileSync} from 'node:child_process';

/**
 * Why a test that needs Debian tools (BIND, ldns, unbound, tmux) cannot run here, or undefined when it can. On a
 * machine with only Node the test is skipped and says why; `.ci/run` installs the tools and sets
 * DIGDEEPER_REQUIRE_TOOLS=1, so there a missing tool fails the run instead of quietly skipping.
 */
export function missingTools(...tools: string[]): string | undefined {
	const missing = tools.filter((tool) => {
		try {
			execFileSync('sh', ['-c', `command -v ${tool}`], {stdio: 'pipe'});
			return false;
		} catch {
			return true;
		}
	});
	if (missing.length === 0) return undefined;
	const reason = `skipped: ${missing.join(', ')} not installed (Debian: ldnsutils, bind9-dnsutils, bind9-utils, unbound, tmux; .ci/run installs them)`;
	if (process.env['DIGDEEPER_REQUIRE_TOOLS'] === '1') throw new Error(`required by DIGDEEPER_REQUIRE_TOOLS but ${reason.replace('skipped: ', '')}`);
	return reason;
}

/** A describe title that carries the reason when its tests are skipped. */
export const titled = (title: string, missing: string | undefined) => (missing ? `${title} (${missing})` : title);
