import type {DnssecStatus} from '../../source/analysis/dnssec/dnssec-status.js';
import type {DesignedVerdict} from './conformance-cases.js';

/**
 * digdeeper's status in the suite's words. A name with no trust anchor at or above it is outside validation: the
 * referees only say "no AD" there, and digdeeper's status for it is neither secure, bogus nor indeterminate.
 */
export function digdeeperVerdict(status: DnssecStatus): DesignedVerdict | DnssecStatus {
	if (status === 'secure' || status === 'insecure' || status === 'bogus') return status;
	if (status === 'indeterminate' || status === 'not-checked') return status;
	return 'outside';
}
