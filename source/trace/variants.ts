import type {Probe, ReferralVariant} from './model.js';

/** Groups the answers a zone's servers gave to one question into distinct variants (kind, child, NS set). */
export function variantsOf(probes: Probe[]): ReferralVariant[] {
	const groups = new Map<string, ReferralVariant>();
	for (const probe of probes) {
		if (probe.status !== 'answered' || !probe.kind) continue;
		const ns =
			probe.kind === 'referral' && probe.response
				? [...new Set(probe.response.authority.filter((record) => record.type === 'NS' && record.name === probe.referral).map((record) => (record.data.kind === 'name' ? record.data.target : '')))].sort()
				: undefined;
		const key = `${probe.kind}|${probe.referral ?? ''}|${ns?.join(',') ?? ''}`;
		const group = groups.get(key);
		if (group) {
			if (!group.addresses.includes(probe.address)) group.addresses.push(probe.address);
		} else {
			groups.set(key, {kind: probe.kind, ...(probe.referral ? {child: probe.referral} : {}), ...(ns ? {ns} : {}), addresses: [probe.address]});
		}
	}
	return [...groups.values()];
}
