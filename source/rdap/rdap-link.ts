import type {LookupFunction} from 'node:net';
import {isAddress, isLoopback} from '../dns/address.js';
import {loopbackOnly} from '../dns/loopback-guard.js';

/** One HTTP response, no redirect followed: its status, where it redirects to, and its body up to the limit. */
export interface HttpReply {
	status: number;
	location?: string;
	body: string;
	/** The body was longer than the limit: `body` is empty and the rest was never read. */
	tooLarge: boolean;
}

/** One GET. Rejects with an Error in words (refused, no connection, aborted); never follows a redirect. */
export interface RdapLink {
	get(url: URL, options: {maxBytes: number; signal: AbortSignal}): Promise<HttpReply>;
}

/** A URL's host as an address, without the brackets of an IPv6 literal; undefined for a host name. */
export function literalAddress(url: URL): string | undefined {
	const host = url.hostname.replace(/^\[(.*)\]$/u, '$1');
	return isAddress(host) ? host : undefined;
}

/**
 * Why a URL may not be asked, or undefined: RDAP over HTTPS only (RFC 7481 3), except plain HTTP to a loopback
 * address (the lab, tests); never with a user name or password, which node would send as credentials. Under
 * DIGDEEPER_LOOPBACK_ONLY only a loopback address literal: a host name would be resolved first, and that look-up is
 * itself a DNS query to the system's resolver.
 */
export function refusal(url: URL, onlyLoopback = loopbackOnly()): string | undefined {
	// Checked first: a file: or data: URL has no host for the words below to name.
	if (url.protocol !== 'https:' && url.protocol !== 'http:') return `a ${url.protocol} URL refused (RDAP is asked over HTTPS only)`;
	if (url.username !== '' || url.password !== '') return `a URL with a user name or password (user:password@${url.host}) refused: they would be sent as credentials`;
	const address = literalAddress(url);
	const loopback = address !== undefined && isLoopback(address);
	if (onlyLoopback && !loopback) return `${url.host} is not a loopback address and DIGDEEPER_LOOPBACK_ONLY is set`;
	if (url.protocol === 'https:' || (url.protocol === 'http:' && loopback)) return undefined;
	return `${url.protocol.replace(/:$/u, '')} to ${url.host}: RDAP is asked over HTTPS only (plain HTTP only on loopback)`;
}

/**
 * The real link, on node:http(s). The refusal is checked here again, before anything is resolved or connected: the
 * one place a host name could reach getaddrinfo. `lookup` is node's, unless a test watches it.
 */
export function createHttpLink(deps: {lookup?: LookupFunction} = {}): RdapLink {
	return {
		async get(url, {maxBytes, signal}) {
			const refused = refusal(url);
			if (refused) throw new Error(refused);
			// Loaded when a registry is asked, not when digdeeper starts: TLS costs start-up time a trace may not need.
			const client = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
			return new Promise<HttpReply>((resolve, reject) => {
				const request = client.request(url, {method: 'GET', headers: {accept: 'application/rdap+json, application/json'}, signal, ...(deps.lookup ? {lookup: deps.lookup} : {})}, (response) => {
					const chunks: Buffer[] = [];
					let size = 0;
					response.on('data', (chunk: Buffer) => {
						size += chunk.byteLength;
						if (size > maxBytes) {
							response.destroy();
							resolve({status: response.statusCode ?? 0, body: '', tooLarge: true});
							return;
						}
						chunks.push(chunk);
					});
					response.on('end', () => {
						const location = response.headers.location;
						resolve({status: response.statusCode ?? 0, ...(location ? {location} : {}), body: Buffer.concat(chunks).toString('utf8'), tooLarge: false});
					});
					response.on('error', (error) => reject(new Error(error.message)));
				});
				request.on('error', (error: NodeJS.ErrnoException) => reject(new Error(error.code ? `${error.code} ${url.host}` : error.message)));
				request.end();
			});
		},
	};
}
