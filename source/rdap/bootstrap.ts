import {labels, type Name} from '../dns/name.js';

/** Which RDAP server speaks for which domains: RFC 9224's registry, read into entries. */
export interface Bootstrap {
	/** Where it came from, for the record: "IANA, published 2026-03-23T19:00:02Z", or the file given. */
	source: string;
	publication: string;
	/** Each entry (a TLD, or a longer suffix) with its servers' base URLs, HTTPS first. */
	services: ReadonlyMap<string, readonly string[]>;
}

/** A bootstrap file is a few hundred entries (IANA's is about 70 kB): more than this is not one. */
export const MAX_BOOTSTRAP_BYTES = 1024 * 1024;
const MAX_SERVICES = 10_000;
const MAX_URLS = 16;

export class BootstrapError extends Error {}

/** The copy built in: loaded when RDAP goes to the network, so a trace with --lab or --no-rdap never reads its 25 kB. */
export async function builtInBootstrap(): Promise<Bootstrap> {
	const {IANA_DNS_BOOTSTRAP_PUBLICATION, IANA_DNS_BOOTSTRAP_SERVICES} = await import('./iana-dns-bootstrap.js');
	return fromServices(IANA_DNS_BOOTSTRAP_SERVICES, IANA_DNS_BOOTSTRAP_PUBLICATION, `IANA, published ${IANA_DNS_BOOTSTRAP_PUBLICATION}`);
}

/**
 * A bootstrap file's text (RFC 9224 3): {"publication": "…", "services": [[[entries], [urls]], …]}. Anything else is
 * refused with what is wrong, so a bad --rdap-bootstrap says why; URLs that are not http(s) are dropped.
 */
export function parseBootstrap(text: string, source: string): Bootstrap {
	if (text.length > MAX_BOOTSTRAP_BYTES) throw new BootstrapError(`${source}: larger than ${MAX_BOOTSTRAP_BYTES} bytes`);
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch {
		throw new BootstrapError(`${source}: not JSON`);
	}
	if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new BootstrapError(`${source}: not an RDAP bootstrap file (the top level is not an object)`);
	const {publication, services} = data as {publication?: unknown; services?: unknown};
	if (typeof publication !== 'string' || Number.isNaN(Date.parse(publication)) || publication.length > 64) throw new BootstrapError(`${source}: no "publication" date`);
	if (!Array.isArray(services) || services.length > MAX_SERVICES) throw new BootstrapError(`${source}: "services" is not a list of at most ${MAX_SERVICES} services`);
	const checked = services.map((service, index): [string[], string[]] => {
		const [entries, urls] = Array.isArray(service) ? (service as unknown[]) : [];
		const strings = (value: unknown, limit: number) => Array.isArray(value) && value.length <= limit && value.every((item) => typeof item === 'string' && item.length <= 2048);
		if (!strings(entries, MAX_SERVICES) || !strings(urls, MAX_URLS)) throw new BootstrapError(`${source}: services[${index}] is not [[entries], [URLs]]`);
		for (const [urlIndex, url] of (urls as string[]).entries()) {
			const wrong = baseUrlProblem(url);
			if (wrong) throw new BootstrapError(`${source}: services[${index}][1][${urlIndex}] ${wrong}`);
		}
		return [entries as string[], urls as string[]];
	});
	return fromServices(checked, publication, `${source}, published ${publication}`);
}

/**
 * Why a base URL cannot be one, or undefined. RFC 9224 gives bare bases that RFC 9082's path is appended to: a
 * query or fragment would swallow that path, and a user:password@ would be sent to the server as credentials. Only
 * http(s) URLs are checked (the others are dropped unused).
 */
function baseUrlProblem(text: string): string | undefined {
	if (!/^https?:\/\//iu.test(text)) return undefined;
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		return 'is not a URL';
	}
	if (url.username !== '' || url.password !== '') return 'carries a user name or password (user:password@), which would be sent to the server';
	if (url.search !== '' || text.includes('?')) return 'has a query (?…), which RDAP\'s /domain/NAME cannot follow';
	if (url.hash !== '' || text.includes('#')) return 'has a fragment (#…), which RDAP\'s /domain/NAME cannot follow';
	return undefined;
}

function fromServices(services: ReadonlyArray<readonly [readonly string[], readonly string[]]>, publication: string, source: string): Bootstrap {
	const map = new Map<string, string[]>();
	for (const [entries, urls] of services) {
		const usable = urls.filter((url) => /^https?:\/\//iu.test(url));
		// RFC 9224 5: a client should prefer HTTPS where both are given.
		const ordered = [...usable.filter((url) => /^https:/iu.test(url)), ...usable.filter((url) => !/^https:/iu.test(url))];
		if (ordered.length === 0) continue;
		for (const entry of entries) map.set(entry.toLowerCase().replace(/^\.|\.$/gu, ''), ordered);
	}
	return {source, publication, services: map};
}

/**
 * The base URL for a domain (RFC 9224 4): the entry that matches the most labels at the end of the name; undefined
 * when none does.
 */
export function rdapBaseFor(bootstrap: Bootstrap, domain: Name): string | undefined {
	const parts = labels(domain);
	for (let start = 0; start < parts.length; start++) {
		const urls = bootstrap.services.get(parts.slice(start).join('.'));
		if (urls) return urls[0];
	}
	return undefined;
}

/**
 * RFC 9082 3.1.3: BASE/domain/NAME, the name without its trailing dot, the base's path with exactly one slash before
 * it. Built as a URL, so nothing in a base (a query, a fragment, credentials; parseBootstrap refuses them) can move
 * the path or travel with the request.
 */
export function domainUrl(base: string, domain: Name): string {
	const url = new URL(base);
	url.pathname = `${url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`}domain/${encodeURIComponent(domain.replace(/\.$/u, ''))}`;
	url.search = '';
	url.hash = '';
	url.username = '';
	url.password = '';
	return url.href;
}
