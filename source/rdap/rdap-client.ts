import type {Name} from '../dns/name.js';
import {domainUrl, MAX_BOOTSTRAP_BYTES, parseBootstrap, rdapBaseFor, type Bootstrap} from './bootstrap.js';
import {refusal, type RdapLink} from './rdap-link.js';
import type {RdapExchange} from './registration.js';

/** Bounds on one look-up, each with why. */
export const RDAP_LIMITS = {
	/**
	 * The whole look-up, redirects included. Registries answer in well under a second; a few seconds spares a slow one
	 * and still ends before a typical walk does, so RDAP never keeps a trace waiting.
	 */
	timeoutMs: 5000,
	/** A domain object is a few kilobytes; the largest registries' with every notice and remark stay far below this. */
	maxBodyBytes: 256 * 1024,
	/** RFC 7480 5.2 lets a server redirect; a chain longer than a bootstrap redirector plus one move is a loop. */
	maxRedirects: 3,
} as const;

/** A time-out to wait on: a clock that tests replace, so none waits for a real one. */
export interface Deadline {
	expired: Promise<void>;
	cancel(): void;
}

export interface ClientDeps {
	link: RdapLink;
	bootstrap: Bootstrap;
	deadline?: (ms: number) => Deadline;
	/** Milliseconds, for the exchange's duration. */
	now?: () => number;
	timeoutMs?: number;
}

export function realDeadline(ms: number): Deadline {
	let timer: NodeJS.Timeout | undefined;
	const expired = new Promise<void>((resolve) => {
		timer = setTimeout(resolve, ms);
		timer.unref();
	});
	return {expired, cancel: () => clearTimeout(timer)};
}

/**
 * Asks the registry's RDAP server for a domain (RFC 9082: BASE/domain/NAME), following at most a few redirects, each
 * checked as the first URL is. Never throws: every failure is kept, in words, in the exchange; the exchange has no
 * URL when the bootstrap names no server for the domain.
 */
export async function fetchDomain(domain: Name, deps: ClientDeps): Promise<RdapExchange> {
	const now = deps.now ?? (() => performance.now());
	const started = now();
	const elapsed = () => Math.round(now() - started);
	const base = rdapBaseFor(deps.bootstrap, domain);
	if (base === undefined) return {error: `the RDAP bootstrap (${deps.bootstrap.source}) names no RDAP server for ${domain}`, ms: 0};
	const timeoutMs = deps.timeoutMs ?? RDAP_LIMITS.timeoutMs;
	const deadline = (deps.deadline ?? realDeadline)(timeoutMs);
	const abort = new AbortController();
	const timedOut = deadline.expired.then(() => {
		abort.abort();
		return 'timeout' as const;
	});
	let url: URL;
	try {
		url = new URL(domainUrl(base, domain));
	} catch {
		deadline.cancel();
		return {error: `the RDAP bootstrap gives ${base}, which is not a URL`, ms: 0};
	}
	// The status of the last response, kept with a failure after it: a refused redirect is the server's doing.
	let status: {status: number} | Record<string, never> = {};
	try {
		for (let redirects = 0; ; redirects++) {
			const refused = refusal(url);
			// "a file: URL refused …" names no host: after a redirect, say that the server redirected there.
			if (refused) return {url: url.href, ...status, error: redirects > 0 && refused.startsWith('a ') ? `redirect to ${refused}` : refused, ms: elapsed()};
			const reply = await Promise.race([deps.link.get(url, {maxBytes: RDAP_LIMITS.maxBodyBytes, signal: abort.signal}), timedOut]);
			if (reply === 'timeout') return {url: url.href, error: `no answer within ${timeoutMs} ms`, ms: elapsed()};
			status = {status: reply.status};
			if (reply.status >= 300 && reply.status < 400 && reply.location !== undefined) {
				if (redirects >= RDAP_LIMITS.maxRedirects) return {url: url.href, status: reply.status, error: `more than ${RDAP_LIMITS.maxRedirects} redirects`, ms: elapsed()};
				try {
					url = new URL(reply.location, url);
				} catch {
					return {url: url.href, status: reply.status, error: 'a redirect to something that is not a URL', ms: elapsed()};
				}
				continue;
			}
			if (reply.tooLarge) return {url: url.href, status: reply.status, error: `the response is larger than ${RDAP_LIMITS.maxBodyBytes} bytes`, ms: elapsed()};
			return {url: url.href, status: reply.status, body: reply.body, ms: elapsed()};
		}
	} catch (error) {
		return {url: url.href, ...status, error: (error as Error).message || 'the request failed', ms: elapsed()};
	} finally {
		deadline.cancel();
	}
}

/**
 * A bootstrap file's text from `url` (IANA's, for the cache), when it came whole with status 200 and reads as a
 * bootstrap file; undefined for anything else (offline, refused, too large, not one). Never throws.
 */
export async function fetchBootstrapText(link: RdapLink, url: string): Promise<string | undefined> {
	const abort = new AbortController();
	const timer = setTimeout(() => abort.abort(), RDAP_LIMITS.timeoutMs);
	try {
		const reply = await link.get(new URL(url), {maxBytes: MAX_BOOTSTRAP_BYTES, signal: abort.signal});
		if (reply.status !== 200 || reply.tooLarge) return undefined;
		parseBootstrap(reply.body, url);
		return reply.body;
	} catch {
		return undefined;
	} finally {
		clearTimeout(timer);
	}
}
