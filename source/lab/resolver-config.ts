import path from 'node:path';

/** Where `lab serve` suggests running unbound: a loopback address no lab server uses. */
export const LAB_RESOLVER = '127.77.255.53';

/**
 * An unbound configuration that iterates from the lab's root hints (and validates from its trust anchor when
 * `anchorFile` is given). dig +trace and delv 9.18 need such a resolver: they look NS names up recursively, and
 * on port 53, so the lab must be served on port 53 for it.
 */
export function unboundConfig(options: {dir: string; address: string; hintsFile: string; anchorFile?: string; name: string; validateAt?: string}): string {
	return [
		'server:',
		`\tinterface: ${options.address}`,
		'\tport: 53',
		'\tdo-not-query-localhost: no',
		`\troot-hints: "${options.hintsFile}"`,
		'\tdo-ip6: no',
		options.anchorFile ? '\tmodule-config: "validator iterator"' : '\tmodule-config: "iterator"',
		...(options.anchorFile ? [`\ttrust-anchor-file: "${options.anchorFile}"`] : []),
		// A replay's signatures are judged at the snapshot's moment, not today's, when they may long have expired.
		...(options.validateAt ? [`\tval-override-date: "${rrsigTime(options.validateAt)}"`] : []),
		'\taccess-control: 127.0.0.0/8 allow',
		'\tchroot: ""',
		'\tusername: ""',
		`\tdirectory: "${options.dir}"`,
		`\tpidfile: "${path.join(options.dir, `${options.name}.pid`)}"`,
		'\tuse-syslog: no',
		'\tqname-minimisation: no',
		'\tnum-threads: 1',
		'\tso-reuseport: no',
		'',
	].join('\n');
}

/** An ISO time as RRSIG's presentation form, YYYYMMDDHHmmSS in UTC (RFC 4034 3.2), which unbound's override date takes. */
function rrsigTime(iso: string): string {
	return new Date(iso).toISOString().replace(/[-:T]/gu, '').slice(0, 14);
}
