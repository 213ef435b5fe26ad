import {getDomain} from 'tldts';
import {isStrictlyBelow, type Name} from '../dns/name.js';

/** The registrable domain of a name per the Public Suffix List (ICANN section), absolute; undefined for a suffix. */
export function registrableDomain(name: Name): Name | undefined {
	const domain = getDomain(name === '.' ? '' : name.slice(0, -1), {allowPrivateDomains: false});
	return domain ? `${domain.toLowerCase()}.` : undefined;
}

/**
 * The registered domain a zone is delegated within (six.example.com. within example.com.), where its delegation is a
 * record its parent zone's owner edits, with no registrar or registry between; undefined for a registrable domain, a
 * public suffix and the root.
 */
export function registeredAbove(zone: Name): Name | undefined {
	const domain = registrableDomain(zone);
	return domain !== undefined && isStrictlyBelow(zone, domain) ? domain : undefined;
}
