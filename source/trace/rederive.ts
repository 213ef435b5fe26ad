import {nsidOf} from '../dns/nsid.js';
import {classifyResponse} from './classify.js';
import type {PathStep, Probe, Resolution, Trace, Zone} from './model.js';
import {replayOutcome} from './outcome.js';
import {isTcpCheck, probesByIdIn, USABLE_KINDS} from './probe-facts.js';
import {backFromCut, cutOf} from './resolution-steps.js';
import {variantsOf} from './variants.js';

/**
 * A trace whose every judgement is made again from its responses: each probe's kind, each step's result and
 * variants, each resolution's outcome. A snapshot's reader uses it so that nothing the walk concluded is taken
 * from a file; only what was sent, when, and what came back (the raw bytes, decoded again) is.
 */
export function rederiveTrace(trace: Trace): Trace {
	const zones = trace.zones.map((zone): Zone => ({...zone, servers: zone.servers.map((server) => ({...server, probes: server.probes.map(reclassify)}))}));
	const byName = new Map(zones.map((zone) => [zone.name, zone]));
	const probes = probesByIdIn(zones);
	const judged = {...trace, zones};
	const resolutions = trace.resolutions.map((resolution): Resolution => {
		const steps: PathStep[] = [];
		for (const step of resolution.steps) {
			const followed = step.probe === undefined ? undefined : probes.get(step.probe);
			// Back from a child that gave no decision, the response is taken as it is: the cut it names was the one entered.
			const cut = followed?.response && !backFromCut(steps, step) ? cutOf(step.question, classifyResponse(followed.response, followed.zone, followed.question)) : undefined;
			const result = !followed?.kind || !USABLE_KINDS.has(followed.kind) ? 'failure' : cut ? 'cut' : followed.kind;
			const {next: _stored, ...rest} = step;
			const next = cut ?? nextOf(followed, step, result);
			steps.push({...rest, result, ...(next ? {next} : {}), variants: variantsOf(askedInZone(byName.get(step.zone), step))});
		}
		const {outcome: _stored, ...rest} = resolution;
		const outcome = replayOutcome(judged, {...rest, steps});
		return {...rest, steps, ...(outcome.status === 'pending' ? {} : {outcome})};
	});
	const main = resolutions[0];
	return {...judged, resolutions, outcome: main?.outcome ?? (main ? replayOutcome(judged, main) : {status: 'pending', records: [], atMs: 0})};
}

/** A probe's rcode, size, NSID, kind (and referral, and what it did not use) as its response says, relative to the zone it asked; none without one. */
function reclassify(probe: Probe): Probe {
	const {kind: _kind, referral: _referral, outOfBailiwick: _outOfBailiwick, rcode: _rcode, size: _size, nsid: _nsid, plainUdpAnswered: _plain, ...rest} = probe;
	if (probe.status !== 'answered' || !probe.response || probe.raw === undefined) return rest;
	const classification = classifyResponse(probe.response, probe.zone, probe.question);
	const nsid = nsidOf(probe.response);
	// What a file says of how the answer came is believed only where the bytes agree: an answer without EDNS (a
	// fallback, or a server that drops EDNS) carries no OPT record, and the EDNS-dropping try went over UDP (and
	// ended there, or was truncated and asked again over TCP without EDNS).
	const withEdns = probe.response.edns !== undefined;
	if (withEdns || !(probe.transport === 'udp' || (probe.transport === 'tcp' && probe.truncatedOverUdp))) delete rest.ednsDropped;
	if (withEdns) delete rest.ednsFallback;
	return {
		...rest,
		// The plain query's answer beside a TCP one is believed only of a TCP answer after UDP timed out, where it was asked.
		...(probe.plainUdpAnswered && probe.udpTimedOut && probe.transport === 'tcp' ? {plainUdpAnswered: true} : {}),
		rcode: probe.response.rcode,
		...(nsid !== undefined ? {nsid} : {}),
		size: Buffer.from(probe.raw, 'base64').byteLength,
		kind: classification.kind,
		...(classification.referral ? {referral: classification.referral.child} : {}),
		...(classification.outOfBailiwick.length > 0 ? {outOfBailiwick: classification.outOfBailiwick} : {}),
	};
}
/** Where a step led, as its response says: the child zone of a referral, the target of a CNAME or DNAME (a cut's child is `cutOf`'s). */
function nextOf(followed: Probe | undefined, step: PathStep, result: PathStep['result']): string | undefined {
	if (!followed?.response) return undefined;
	if (result === 'referral') return followed.referral;
	return result === 'cname' ? classifyResponse(followed.response, followed.zone, step.question).target : undefined;
}

/** Every probe that asked a zone a step's question, in the order they were sent (a TCP check is no step's). */
function askedInZone(zone: Zone | undefined, step: PathStep): Probe[] {
	return (zone?.servers ?? [])
		.flatMap((server) => server.probes)
		.filter((probe) => !isTcpCheck(probe) && probe.question.name === step.question.name && probe.question.type === step.question.type)
		.sort((a, b) => a.id - b.id);
}
