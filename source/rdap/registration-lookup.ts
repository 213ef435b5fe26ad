import type {Name} from '../dns/name.js';
import {fetchDomain, type ClientDeps} from './rdap-client.js';
import type {RegistrationLookup, RegistrationReason} from './registration.js';

/**
 * One domain's registration: the exchange, and what it came to. The parser (and zod with it) is imported as the
 * request goes out, so a trace pays for it only when RDAP runs, and never waits for it.
 */
export async function lookUpRegistration(domain: Name, reason: RegistrationReason, deps: ClientDeps): Promise<RegistrationLookup> {
	const [exchange, {registrationResult}] = await Promise.all([fetchDomain(domain, deps), import('./parse-domain.js')]);
	return {domain, reason, exchange, result: registrationResult(exchange, domain)};
}
