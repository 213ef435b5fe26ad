import {isAtOrBelow, labels, type Name} from '../../dns/name.js';
import {presentName} from '../../dns/present.js';
import {presentText, safe} from '../../dns/sanitize.js';
import {lookupInWords, RDAP_UNREACHABLE, rdapUnreachable} from '../../text/registration-text.js';
import type {Trace} from '../../trace/model.js';
import {heading, paragraph, plain, type Line} from './lines.js';

/** The zone of the trace a domain is in: itself when the walk reached it, else the closest enclosing one (the parent that denies it). */
function zoneHolding(trace: Trace, domain: Name): Name | undefined {
	return trace.zones
		.map((zone) => zone.name)
		.filter((zone) => isAtOrBelow(domain, zone))
		.sort((a, b) => labels(b).length - labels(a).length)[0];
}

/**
 * A zone's registration, under its grid: what the registry says of the domains this zone is (or, for a domain its
 * parent denies, holds): status, registrar and contact, expiry, name servers on file. Empty while RDAP has not answered.
 */
export function registrationDetail(trace: Trace, zone: Name, width: number): Line[] {
	const {registration} = trace;
	if (!registration) return [];
	const here = registration.lookups.filter((lookup) => zoneHolding(trace, lookup.domain) === zone);
	if (here.length === 0) return [];
	if (rdapUnreachable(registration)) return [plain(safe``), plain(presentText(RDAP_UNREACHABLE))];
	return [plain(safe``), heading(safe`Registration (RDAP):`), ...here.flatMap((lookup) => paragraph(safe`${presentName(lookup.domain)}: ${lookupInWords(lookup)}`, width))];
}
