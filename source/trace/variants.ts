import {presentRData} from '../dns/present.js';
import type {ResourceRecord} from '../dns/record.js';
import type {Probe, ReferralVariant} from './model.js';

/**
 * Groups the answers a zone's servers gave to one question into distinct variants: kind, child and NS set of a
 * referral, and the data of an answer (so a server that answers with other data than the rest is a variant of its own).
 */
export function variantsOf(probes: Probe[]): ReferralVariant[] {
	const groups = new Map<string, ReferralVariant>();
	for (const probe of probes) {
		if (probe.status !== 'answered' || !probe.kind) continue;
		const ns =
			probe.kind === 'referral' && probe.response
				? [...new Set(probe.response.authority.filter((record) => record.type === 'NS' && record.name === probe.referral).map((record) => (record.data.kind === 'name' ? record.data.target : '')))].sort()
				: undefined;
		const answer = answerData(probe);
		const key = `${probe.kind}|${probe.referral ?? ''}|${ns?.join(',') ?? ''}|${answer?.map(recordKey).join('\n') ?? ''}`;
		const group = groups.get(key);
		if (group) {
			if (!group.addresses.includes(probe.address)) group.addresses.push(probe.address);
		} else {
			groups.set(key, {kind: probe.kind, ...(probe.referral ? {child: probe.referral} : {}), ...(ns ? {ns} : {}), ...(answer ? {answer} : {}), addresses: [probe.address]});
		}
	}
	return [...groups.values()];
}

/**
 * What an answer (or CNAME) says: its records of the question's type and any CNAME or DNAME, in one order. TTLs are
 * no part of the comparison (they differ between servers without the data differing): a variant keeps the records
 * of the first server that gave it.
 */
function answerData(probe: Probe): ResourceRecord[] | undefined {
	if ((probe.kind !== 'answer' && probe.kind !== 'cname') || !probe.response) return undefined;
	const records = probe.response.answer.filter((record) => record.type === probe.question.type || record.type === 'CNAME' || record.type === 'DNAME');
	const unique = new Map(records.map((record) => [recordKey(record), record] as const));
	return [...unique.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, record]) => record);
}

function recordKey(record: ResourceRecord): string {
	return `${record.name} ${record.class} ${record.type} ${presentRData(record.data)}`;
}
