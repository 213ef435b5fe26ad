import {presentName} from '../dns/present.js';
import {joinPresented, presentText, safe, type Presented} from '../dns/sanitize.js';
import {expiryInWords, type Registration, type RegistrationLookup} from '../rdap/registration.js';

/*
 * What the registries said (RDAP), in every view's words: one line per domain asked. Every string in it came from a
 * registry's server and is presented here, escape sequences and all.
 */

/** What the statuses that take a domain out of the DNS mean, beside the status RDAP gives (RFC 8056). */
const STATUS_MEANING: Readonly<Record<string, string>> = {
	'server hold': 'the registry took it out of the DNS',
	'client hold': 'the registrar took it out of the DNS',
	inactive: 'no name servers on file, so not in the DNS',
	'pending delete': 'being deleted',
	'redemption period': 'deleted unless the registrar restores it',
	'auto renew period': 'renewed automatically after it expired',
};

/** When RDAP could not be asked at all: said once, blaming no one. */
export const RDAP_UNREACHABLE = 'registration status: not available (RDAP not reachable)';

/** Whether no lookup reached a registry because RDAP could not be reached (loopback only, no network, time-out). */
export function rdapUnreachable(registration: Registration): boolean {
	return registration.lookups.length > 0 && registration.lookups.every((lookup) => lookup.result.kind === 'unreachable');
}

/** One domain's registration in a line (without the domain). */
export function lookupInWords(lookup: RegistrationLookup): Presented {
	const {result} = lookup;
	switch (result.kind) {
		case 'not-found':
			return safe`not registered: the registry has no such domain (RDAP 404)`;
		case 'unreachable':
			return safe`not available (RDAP not reachable: ${presentText(result.reason)})`;
		case 'unusable':
		case 'no-server':
			return safe`not available (${presentText(result.reason)})`;
		case 'found': {
			const {statuses, registrar, expires, nameservers, unreadable} = result.facts;
			const status = statuses.length === 0 ? safe`no status given` : joinPresented(statuses.map((value) => (Object.hasOwn(STATUS_MEANING, value) ? safe`${presentText(value)} (${presentText(STATUS_MEANING[value]!)})` : presentText(value))), safe`, `);
			const parts = [safe`status ${status}`];
			if (registrar) {
				const who = registrar.name === undefined ? safe`unnamed` : presentText(registrar.name);
				const id = registrar.ianaId === undefined ? safe`` : safe` (IANA ID ${presentText(registrar.ianaId)})`;
				const contact = [registrar.abuseEmail, registrar.abusePhone].filter((value): value is string => value !== undefined);
				parts.push(safe`registrar ${who}${id}${contact.length > 0 ? safe`, abuse contact ${joinPresented(contact.map((value) => presentText(value)), safe`, `)}` : safe``}`);
			}
			if (expires !== undefined) parts.push(safe`expires ${presentText(expiryInWords(expires))}`);
			if (nameservers.length > 0) parts.push(safe`name servers on file ${joinPresented(nameservers.map((name) => presentName(name)), safe` `)}`);
			// The member names are the parser's own words, never the registry's.
			if (unreadable) parts.push(safe`some fields unreadable (${presentText(unreadable.join(', '))})`);
			return joinPresented(parts, safe`; `);
		}
	}
}

/** The registration section of a text view: a heading and a line per domain, or the one line saying RDAP was not reached. */
export function registrationLines(registration: Registration | undefined, prefix: Presented): Presented[] {
	if (!registration || registration.lookups.length === 0) return [];
	if (rdapUnreachable(registration)) return [safe`${prefix}${presentText(RDAP_UNREACHABLE)}`];
	return [
		safe`${prefix}REGISTRATION (RDAP; registries found with ${presentText(registration.bootstrap)}):`,
		...registration.lookups.map((lookup) => safe`${prefix}  ${presentName(lookup.domain)}${lookup.reason === 'nameserver' ? safe` (name servers' domain)` : safe``}: ${lookupInWords(lookup)}`),
	];
}
