import type {DnssecStatus} from '../analysis/dnssec/dnssec-status.js';
import {readResolvers, resolverHead, resolverInWords} from '../analysis/resolver-answers.js';
import {safe, type Presented} from '../dns/sanitize.js';
import type {Trace} from '../trace/model.js';

/**
 * What the resolvers `--resolvers` asked see now, one line each beside what the authoritative servers say: the
 * section of the text view and of a plain-text report; none when no resolver was asked.
 */
export function resolverLines(trace: Trace, dnssec: DnssecStatus, prefix: Presented): Presented[] {
	const readings = readResolvers(trace, dnssec);
	if (readings.length === 0) return [];
	return [
		safe`${prefix}RESOLVERS (the question asked of recursive resolvers after the trace, RD=1 DO=1):`,
		...readings.map((reading) => safe`${prefix}  ${resolverHead(reading)}: ${resolverInWords(reading, trace, dnssec)}`),
	];
}
