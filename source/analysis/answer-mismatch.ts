import {presentRData} from '../dns/present.js';
import type {ResourceRecord} from '../dns/record.js';
import type {PathStep, ReferralVariant, Zone} from '../trace/model.js';
import {isTcpCheck} from '../trace/probe-facts.js';
import {byNameThenAddress} from '../trace/server-order.js';
import {createFinding, type Finding} from './finding.js';
import {listLabels, type TraceView} from './trace-view.js';

/**
 * A zone's servers answer one question with different data (the question type's records, or a CNAME): which
 * servers give which data, once per zone and question. `serialFindings` tells whether the servers that differ are
 * the ones serving an older serial (a stale secondary).
 */
export function checkAnswers(view: TraceView, serialFindings: Finding[]): Finding[] {
	const findings: Finding[] = [];
	const seen = new Set<string>();
	for (const step of view.trace.resolutions.flatMap((resolution) => resolution.steps)) {
		const key = `${step.zone}|${step.question.name}|${step.question.type}`;
		const zone = view.zone(step.zone);
		const answers = step.variants.filter((variant) => variant.answer);
		if (seen.has(key) || !zone || answers.length < 2 || differOnlyInSerial(answers)) continue;
		seen.add(key);
		const followed = followedVariant(zone, step, answers);
		const others = answers.filter((variant) => variant !== followed);
		const otherAddresses = new Set(others.flatMap((variant) => variant.addresses));
		const lagging = new Set(serialFindings.filter((finding) => finding.code === 'SERIAL_MISMATCH' && finding.zone === zone.name).flatMap((finding) => finding.servers));
		const addresses = answers.flatMap((variant) => variant.addresses);
		findings.push(createFinding({
			code: 'ANSWER_MISMATCH',
			zone: zone.name,
			servers: addresses,
			message: `${zone.name}: the servers give different answers to ${step.question.name} ${step.question.type}: ${answers.map((variant) => `${listLabels(serversAt(zone, variant.addresses))} answer${variant.addresses.length === 1 ? 's' : ''} ${describeData(variant.answer!, step.question.name)}${variant === followed ? ' (the answer followed)' : ''}`).join('; ')}`,
			evidence: zone.servers
				.filter((server) => addresses.includes(server.address))
				.flatMap((server) => server.probes)
				.filter((probe) => probe.question.name === step.question.name && probe.question.type === step.question.type && !isTcpCheck(probe))
				.map((probe) => probe.id),
			facts: {otherAddresses: otherAddresses.size, zoneAddresses: new Set(zone.servers.map((server) => server.address)).size, answeringAddresses: new Set(addresses).size, lagging: [...otherAddresses].every((address) => lagging.has(address))},
		}));
	}
	return findings;
}

/** SOA answers that differ in their serial alone: SERIAL_MISMATCH says it (with the lag); saying it twice is noise. */
function differOnlyInSerial(answers: ReferralVariant[]): boolean {
	const withoutSerial = (variant: ReferralVariant) =>
		JSON.stringify(variant.answer!.map((record) => (record.data.kind === 'soa' ? {...record, data: {...record.data, serial: 0}} : record)));
	return new Set(answers.map(withoutSerial)).size === 1 && answers.every((variant) => variant.answer!.every((record) => record.type === 'SOA'));
}

/** The variant the walk followed (the one its chosen reply belongs to), else the one most servers give. */
function followedVariant(zone: Zone, step: PathStep, answers: ReferralVariant[]): ReferralVariant {
	const address = zone.servers.flatMap((server) => server.probes).find((probe) => probe.id === step.probe)?.address;
	return answers.find((variant) => address !== undefined && variant.addresses.includes(address)) ?? answers.reduce((best, variant) => (variant.addresses.length > best.addresses.length ? variant : best));
}

/** The servers at these addresses (each name it serves under), for naming them. */
function serversAt(zone: Zone, addresses: string[]) {
	return zone.servers.filter((server) => addresses.includes(server.address)).sort(byNameThenAddress);
}

/** The data as dig shows it, the owner left out where it is the name asked: "A 192.0.2.30, A 192.0.2.31". */
function describeData(records: ResourceRecord[], asked: string): string {
	return records.map((record) => `${record.name === asked ? '' : `${record.name} `}${record.type} ${presentRData(record.data)}`).join(', ');
}
