import type * as Dnssec from '../../source/dns/dnssec.js';

/**
 * dns/dnssec.ts with every signature verification counted in `counter`, for a test's vi.mock of it: the one function
 * that verifies a signature, so a count of its calls is a count of the process's verifications.
 */
export async function countingVerifications(importOriginal: () => Promise<typeof Dnssec>, counter: {count: number}): Promise<typeof Dnssec> {
	const original = await importOriginal();
	return {
		...original,
		verifySignature: (...args: Parameters<typeof original.verifySignature>) => {
			counter.count++;
			return original.verifySignature(...args);
		},
	};
}
