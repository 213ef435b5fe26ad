import {isAtOrBelow, isStrictlyBelow, type Name} from '../dns/name.js';
import type {PathStep, Probe, Resolution, Server} from '../trace/model.js';
import {servedSerial} from '../trace/probe-facts.js';
import {backFromCut} from '../trace/resolution-steps.js';
import {newestSerial, serialDistance} from './compare-serials.js';
import {checkDenial, createNsec3Hasher} from './dnssec/denial.js';
import type {DnssecReport} from './dnssec/validate.js';
import {createFinding, type Finding} from './finding.js';
import {unique, type TraceView} from './trace-view.js';

/**
 * A cut found from a child's SOA rather than a referral (`cut` steps): the parent's servers answer from the child's
 * data because they serve it too. That is a delegation only if the parent has one. It plainly has none when its
 * servers deny the child on the parent's side (NXDOMAIN for `CHILD DS`, which a server of both answers from the
 * parent: RFC 4035 3.1.4.1, or a NODATA whose signed NSEC or NSEC3 shows no NS there: RFC 6840 4.4); and none could
 * be followed when the child's own name servers gave no decision, so the walk went back to the parent's answer (`back` in resolution-steps.ts), the one resolvers get, unless the parent's
 * side holds the name (a delegation whose servers fail: their own findings say so). Either way, users get the data
 * only from servers that happen to serve both zones.
 */
export function checkZonesNotDelegated(view: TraceView, dnssec: DnssecReport): Finding[] {
	const seen = new Set<string>();
	const findings: Finding[] = [];
	for (const resolution of view.trace.resolutions) {
		for (const [index, step] of resolution.steps.entries()) {
			const child = step.result === 'cut' ? step.next : undefined;
			if (child === undefined || seen.has(`${step.zone} ${child}`)) continue;
			const finding = notDelegated(view, dnssec, resolution, index, step, child);
			if (!finding) continue;
			seen.add(`${step.zone} ${child}`);
			findings.push(finding);
		}
	}
	return findings;
}

function notDelegated(view: TraceView, dnssec: DnssecReport, resolution: Resolution, index: number, cut: PathStep, child: Name): Finding | undefined {
	const parent = view.zone(cut.zone);
	if (!parent) return undefined;
	const answering = answeringFromChild(view, parent.servers, cut, child);
	const parentSide = parent.servers.flatMap((server) => server.probes.filter((probe) => probe.question.name === child && probe.question.type === 'DS').map((probe) => ({server, probe})));
	// A NODATA whose signed proof shows no cut at the child (no NS in the NSEC at it, an empty non-terminal, a wildcard):
	// the parent has the name, but no delegation there. An unsigned NODATA cannot tell, and counts as a delegation.
	const hasher = createNsec3Hasher();
	const showsNoCut = (probe: Probe) => {
		if (probe.kind !== 'nodata') return false;
		const check = checkDenial(probe.response?.authority ?? [], denyingZone(probe, parent.name, child) ?? parent.name, child, 'DS', 'nodata', hasher);
		return check.ok && !check.cut;
	};
	const deniers = parentSide.filter(({probe}) => probe.kind === 'nxdomain' || showsNoCut(probe));
	// The parent holds the name (a DS, or none at a name it has): a delegation whose servers fail, which their own findings say.
	const delegators = parentSide.filter(({probe}) => probe.kind === 'answer' || (probe.kind === 'nodata' && !deniers.some((denier) => denier.probe === probe)));
	const back = resolution.steps[index + 2];
	const returned = back !== undefined && backFromCut(resolution.steps.slice(0, index + 2), back);
	// A delegation the newest copy of the parent shows is one: a server that denies it from an older copy is stale, which
	// SERIAL_MISMATCH and REFERRAL_INCONSISTENT report. Denied by the newest copy, the delegation is what is stale.
	const current = newerCopy(delegators.map(({server}) => servedSerial(server)), deniers.map(({server}) => servedSerial(server)));
	if ((delegators.length > 0 && current !== 'second') || (deniers.length === 0 && !returned)) return undefined;
	const denied = deniers.length > 0;
	// The zone that should delegate the child: the one its servers deny the DS from (the SOA of their NXDOMAIN), which
	// for a grandchild is the zone between (a server of one. that also serves child.one. and g.child.one. answers
	// `g.child.one. DS` from child.one.), else the zone whose servers answered.
	const delegator = deniers.map(({probe}) => denyingZone(probe, parent.name, child)).find((zone) => zone !== undefined) ?? parent.name;
	// A signed delegator whose chain of trust validators reach proves the child does not exist: they reject its data.
	const validatorsReject = denied && dnssec.zones.some((zone) => zone.zone === delegator && zone.status === 'secure');
	const question = `${cut.question.name} ${cut.question.type}`;
	const how = deniers.some(({probe}) => probe.kind === 'nxdomain') ? `NXDOMAIN for ${child} DS` : `its signed denial of ${child} DS shows no NS at ${child}`;
	const why = denied ? `, but ${delegator} does not delegate it (${how})${validatorsReject ? `, and ${delegator} is signed: validating resolvers answer SERVFAIL for every name in ${child}` : ''}` : ` and refer no resolver to it`;
	const then = returned ? `; its own name servers give no answer, so users get the ${parent.name} servers' ${back.result === 'answer' ? 'answer' : back.result.toUpperCase()}` : `: only servers that serve both zones give its data`;
	return createFinding({
		code: 'ZONE_NOT_DELEGATED',
		zone: child,
		servers: unique([...answering, ...deniers].map(({server}) => server.address)),
		message: `${child}: the ${parent.name} servers answer ${question} from their own copy of ${child}${why}${then}`,
		evidence: unique([...answering, ...deniers].map(({probe}) => probe.id)),
		facts: {parent: delegator, servedBy: parent.name, denied, ownServersAnswer: !returned, validatorsReject},
	});
}

/** Which of two groups of servers serves the newer copy (RFC 1982): undefined when neither is known newer. */
function newerCopy(first: Array<number | undefined>, second: Array<number | undefined>): 'first' | 'second' | undefined {
	const newest = (serials: Array<number | undefined>) => newestSerial(serials.filter((serial): serial is number => serial !== undefined));
	const [a, b] = [newest(first), newest(second)];
	if (a === undefined || b === undefined || a === b) return undefined;
	return serialDistance(a, b) > 0 ? 'first' : 'second';
}

/** The zone a denial of the child's DS came from: its SOA's owner, between the servers' zone and the child. */
export function denyingZone(probe: Probe, servedBy: Name, child: Name): Name | undefined {
	const soa = probe.response?.authority.find((record) => record.type === 'SOA' && isAtOrBelow(record.name, servedBy) && isStrictlyBelow(child, record.name));
	return soa?.name;
}

/** The parent's servers whose response to the cut's question (the question, or `SOA name` below an answer) came from the child's data. */
function answeringFromChild(view: TraceView, servers: Server[], cut: PathStep, child: Name): Array<{server: Server; probe: Probe}> {
	const followed = servers.flatMap((server) => server.probes).find((probe) => probe.id === cut.probe);
	if (!followed) return [];
	return servers.flatMap((server) =>
		server.probes.filter((probe) => probe.question.name === followed.question.name && probe.question.type === followed.question.type && view.classify(probe)?.childApex === child).map((probe) => ({server, probe})),
	);
}
