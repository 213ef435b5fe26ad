import type {Analysis} from '../../analysis/analyze.js';
import type {AddressOrigin, Nameserver, Trace, Zone} from '../../trace/model.js';
import {walkProbe} from '../../trace/probe-facts.js';
import {backFromCut} from '../../trace/resolution-steps.js';
import {isAtOrBelow, isStrictlyBelow} from '../../dns/name.js';
import {presentName} from '../../dns/present.js';
import {joinPresented, presentText, safe, type Presented} from '../../dns/sanitize.js';
import type {NodeRef} from '../tree-model.js';
import {heading, plain, type Line} from './lines.js';
import {symbol} from './symbols.js';
import {sharedProbeWords} from '../../text/probe-result-text.js';
import {KIND_MEANING, PURPOSE_MEANING} from '../../text/probe-meaning.js';

/** Plain words on what happened at this step, for a learner; also on a healthy trace. */
export function explainLines(trace: Trace, analysis: Analysis | undefined, ref: NodeRef | undefined): Line[] {
	if (!ref) return [plain(safe`Select something in the tree first.`)];
	const zone = trace.zones.find((candidate) => candidate.name === ref.zone);
	if (!zone) return [plain(safe`Nothing to explain here.`)];
	switch (ref.kind) {
		case 'zone':
			return zoneExplanation(trace, analysis, zone);
		case 'nameserver': {
			const ns = zone.nameservers.find((entry) => entry.name === ref.name);
			return ns ? nameserverExplanation(trace, zone, ns) : [plain(safe`${presentName(ref.name)} is not a name server of ${presentName(zone.name)} in this trace.`)];
		}
		case 'server': {
			const server = zone.servers.find((entry) => entry.address === ref.address);
			if (!server) return [plain(safe`${presentText(ref.address)} is not a server of ${presentName(zone.name)} in this trace.`)];
			const walk = walkProbe(server);
			const answered = server.probes.filter((probe) => probe.status === 'answered').length;
			const children = trace.zones.filter((candidate) => candidate.parent === zone.name && candidate.servers.some((other) => other.address === server.address));
			return [
				heading(safe`${presentName(ref.name)} at ${presentText(ref.address)}`),
				plain(safe``),
				plain(safe`digdeeper asks every server of ${presentName(zone.name)} at every address the same questions, because servers of one zone do not always agree: one may be down, lame, or serving an old copy.`),
				plain(safe``),
				plain(sentence(safe`This address was learned from ${originWords(server.origin, zone)}`)),
				plain(safe``),
				plain(walk ? safe`To ${presentName(walk.question.name)} ${presentText(walk.question.type)} it gave ${presentText(walk.status === 'answered' ? `${KIND_MEANING[walk.kind ?? ''] ?? walk.kind}` : `no answer (${walk.status})`)}.` : safe`It was not asked the walk's question.`),
				plain(answered === 0 && server.probes.length > 0 ? safe`It answered none of the ${server.probes.length} questions asked of it: to a resolver this server is unreachable.` : safe`It answered ${answered} of the ${server.probes.length} questions asked of it.`),
				...children.map((child) => plain(safe`${presentText(symbol('marked'))} It is also a server of ${presentName(child.name)} (co-hosted): asked as a server of ${presentName(zone.name)}, it may answer from ${presentName(child.name)}'s data instead of referring.`)),
			];
		}
		case 'probe': {
			const probe = zone.servers.flatMap((server) => server.probes).find((candidate) => candidate.id === ref.probe);
			if (!probe) return [plain(safe`Probe not found.`)];
			return [
				heading(safe`Probe #${probe.id}: ${presentName(probe.question.name)} ${presentText(probe.question.type)} to ${presentText(probe.address)}`),
				plain(safe``),
				plain(safe`Why: ${presentText(`${PURPOSE_MEANING[probe.purpose]}`)}.`),
				plain(safe``),
				plain(safe`What came back: ${probe.status === 'answered' ? presentText(`${KIND_MEANING[probe.kind ?? ''] ?? probe.kind}`) : safe`nothing usable (${presentText(probe.status)}${probe.error ? safe`: ${presentText(probe.error)}` : safe``})`}.`),
				...(probe.shared ? [plain(safe``), plain(safe`It was ${sharedProbeWords(probe)!}.`)] : []),
				...(probe.truncatedOverUdp ? [plain(safe``), plain(safe`The UDP answer had TC=1 (truncated: too big for the buffer), so digdeeper asked again over TCP, as every resolver must.`)] : []),
				...(probe.response?.answer.some((record) => record.type === 'RRSIG') ? [plain(safe``), plain(safe`RRSIG records are signatures: made with the zone's private key, checked with the DNSKEY it publishes, which the parent vouches for with a DS record.`)] : []),
			];
		}
		case 'subtrace': {
			const resolution = trace.resolutions[ref.resolution];
			return [
				heading(safe`How the address of ${presentName(ref.name)} was found`),
				plain(safe``),
				plain(safe`The referral to ${presentName(zone.name)} named ${presentName(ref.name)} but carried no usable glue for it, so digdeeper looked the name up itself, iteratively from the nearest zone it already knew, exactly as a resolver must (never asking the system's resolver).`),
				plain(safe``),
				// Only an address some answer gave makes a server of the zone: a look-up that failed (NXDOMAIN, time-outs, no AAAA) gave none.
				plain(
					zone.servers.some((server) => server.name === ref.name && server.family === (resolution?.question.type === 'AAAA' ? 6 : 4))
						? safe`${presentName(zone.name)} was asked at the first address an answer gave, without waiting for the look-up's other servers, and at every address any of them gave: servers that disagree on it show here, whichever answered first.`
						: resolution?.outcome
							? safe`No answer gave ${presentName(ref.name)} an address, so ${presentName(zone.name)} was never asked through it.`
							: safe`No answer has given ${presentName(ref.name)} an address yet: ${presentName(zone.name)} is asked at the first one that does.`,
				),
				plain(safe``),
				plain(safe`Path: ${presentText(resolution?.steps.map((step) => `${step.zone} (${step.result})`).join(' → ') ?? '?')}; outcome: ${resolution?.outcome ? safe`${presentText(resolution.outcome.status)}${resolution.outcome.reason ? safe` — ${presentText(resolution.outcome.reason)}` : safe``}` : safe`still running`}.`),
			];
		}
	}
}

/** The zone's servers that are servers of the child too (the same address): they answer from the child's data. */
function cohosts(trace: Trace, zone: Zone, child: string): Zone['servers'] {
	const addresses = new Set(trace.zones.find((candidate) => candidate.name === child)?.servers.map((server) => server.address));
	return zone.servers.filter((server) => addresses.has(server.address));
}

function zoneExplanation(trace: Trace, analysis: Analysis | undefined, zone: Zone): Line[] {
	const step = trace.resolutions[0]?.steps.find((candidate) => candidate.zone === zone.name);
	const lines: Line[] = [heading(zone.name === '.' ? safe`The root zone` : safe`The zone ${presentName(zone.name)}`), plain(safe``)];
	if (zone.name === '.') {
		lines.push(plain(safe`Every lookup starts at the root. Its servers are found from the root hints, a list every resolver ships with. They do not know ${presentName(trace.query.name)}, but they know who is responsible for its top-level domain.`));
	} else if (zone.nameservers.length > 0 && !zone.nameservers.some((ns) => ns.listedBy.includes('parent'))) {
		lines.push(plain(safe`The servers of ${presentName(zone.parent ?? '')} also serve ${presentName(zone.name)} and answered from its data instead of referring: the SOA they gave names the cut, as a resolver finds it, and ${presentName(zone.name)} lists its ${zone.nameservers.length} name server${zone.nameservers.length === 1 ? safe`` : safe`s`} in its own NS set. Its DS is still asked of ${presentName(zone.parent ?? '')}, the parent's side of the cut.`));
	} else {
		lines.push(plain(safe`${presentName(zone.parent ?? '')} delegated ${presentName(zone.name)} to ${zone.nameservers.length} name server${zone.nameservers.length === 1 ? safe`` : safe`s`}: the parent's servers answered with a referral, NS records naming them${glued(zone) > 0 ? safe`, and glue (the addresses) for ${glued(zone)} of them` : safe`, without glue: their addresses had to be looked up elsewhere`}.`));
	}
	if (step?.result === 'cut') {
		lines.push(plain(safe``));
		const steps = trace.resolutions[0]?.steps ?? [];
		const index = steps.indexOf(step);
		const back = steps[index + 2] !== undefined && backFromCut(steps.slice(0, index + 2), steps[index + 2]!);
		lines.push(plain(safe`For ${presentName(step.question.name)} ${presentText(step.question.type)}, no server referred: they answered from the data of ${presentName(step.next ?? '')}, the SOA they gave for the name says so. A parent server that also serves the child does that${back ? safe`. The walk asked ${presentName(step.next ?? '')}'s servers the question again; they gave no answer, so the walk came back: the answer these servers gave is the one resolvers get, as they never leave a zone's servers without a referral.` : safe`; nothing is wrong. The walk asked ${presentName(step.next ?? '')}'s servers the question again.`}`));
		for (const server of cohosts(trace, zone, step.next ?? '')) lines.push(plain(safe`${presentText(symbol('marked'))} ${presentName(server.name)} (${presentText(server.address)}) also serves ${presentName(step.next ?? '')} (co-hosted): it answered from the child's data.`));
	} else if (step) {
		lines.push(plain(safe``));
		lines.push(plain(step.result === 'referral' ? safe`For ${presentName(step.question.name)} ${presentText(step.question.type)}, its servers do not have the answer either: they refer us further down (to ${presentName(step.next ?? '')}). The walk waited for every server's answer (or failure) and followed the referral at ${presentText(step.atMs.toFixed(0))} ms; every server's answer is compared here.` : step.result === 'failure' ? safe`No server of ${presentName(zone.name)} gave a usable answer: this is where the chain breaks.` : safe`Here the walk ended: ${presentText(KIND_MEANING[step.result] ?? step.result)}.`));
	}
	lines.push(plain(safe``));
	lines.push(plain(safe`Besides the question itself, digdeeper asked every server for the zone's SOA (is everyone on the same serial?), its NS set (does it match the delegation?) and, for DNSSEC, its DNSKEY set, and asked the parent for the DS that vouches for those keys.`));
	const findings = (analysis?.findings ?? []).filter((finding) => finding.zone === zone.name && finding.severity !== 'info');
	if (findings.length > 0) {
		lines.push(plain(safe``), heading(safe`What is wrong here:`));
		for (const finding of findings) lines.push(plain(safe`${presentText(symbol('marked'))} ${presentText(finding.message)}`), plain(safe`  ${presentText(finding.explanation)}`));
	}
	return lines;
}

const glued = (zone: Zone) => zone.nameservers.filter((ns) => ns.addresses.some((address) => address.origins.includes('glue'))).length;

/** Text that ends a sentence: a full stop, unless it ends with a name's own dot ("its referral to im."). */
function sentence(text: Presented): Presented {
	return text.endsWith('.') ? text : safe`${text}.`;
}

/** Where an address came from, in words: what the trace recorded, nothing inferred. */
function originWords(origin: AddressOrigin, zone: Zone): Presented {
	switch (origin) {
		case 'hints':
			return safe`the root hints, the list built into every resolver`;
		case 'glue':
			return safe`glue: ${presentName(zone.parent ?? '.')} handed it out with its referral to ${presentName(zone.name)}`;
		case 'child':
			return safe`the servers of ${presentName(zone.name)} themselves, asked for the name's address`;
		case 'subtrace':
			return safe`a sub-trace: digdeeper looked the name up from the root, as a resolver must when a referral carries no glue for it`;
	}
}

/**
 * How a resolver finds a root server: nobody delegates the root, so no referral and no glue leads to it; its names
 * and addresses come from the root hints, and the root's own NS set (asked of it, RFC 8109 priming) says who serves it.
 */
function rootServerWords(ns: Nameserver): Presented {
	const confirmed = ns.listedBy.includes('child') ? safe` The root's own NS set, asked of its servers, lists it too.` : safe``;
	return safe`No zone delegates the root, so no referral or glue leads to it: a resolver finds it through the root hints, the list of root server names and addresses built into every resolver.${confirmed}`;
}

/** A name server: where its name lies, where each of its addresses came from (as recorded), and what that means. */
function nameserverExplanation(trace: Trace, zone: Zone, ns: Nameserver): Line[] {
	const [nsName, zoneName] = [presentName(ns.name), presentName(zone.name)];
	const inside = zone.name === '.' || isStrictlyBelow(ns.name, zone.name);
	const origins = new Set(ns.addresses.flatMap((address) => address.origins));
	const holder = trace.zones.map((candidate) => candidate.name).filter((name) => isAtOrBelow(ns.name, name) && !isAtOrBelow(name, zone.name) && !isAtOrBelow(zone.name, name)).sort((a, b) => b.length - a.length)[0];
	const lines: Line[] = [
		heading(safe`${nsName}, a name server of ${zoneName}`),
		plain(safe``),
		plain(safe`Zones are delegated to servers by name. To ask ${nsName} anything, a resolver first needs its address. ${zone.name === '.' ? rootServerWords(ns) : inside ? safe`The name lies inside ${zoneName} itself, so only glue (its address handed out with the referral) can lead a resolver to it.` : safe`The name lies outside ${zoneName}, so a resolver can also find its address in the name's own zone${holder ? safe` (${presentName(holder)})` : safe``}.`}`),
		plain(safe``),
	];
	if (ns.addresses.length === 0) lines.push(plain(safe`No address could be found for it: ${presentText(ns.unresolved ?? 'unresolved')}.`));
	else lines.push(plain(safe`It has ${ns.addresses.length} address${ns.addresses.length === 1 ? safe`` : safe`es`}:`), ...ns.addresses.map((address) => plain(safe`${presentText(symbol('marked'))} ${presentText(address.address)}, learned from ${joinPresented(address.origins.map((origin) => originWords(origin, zone)), safe`; and from `)}`)));
	if (origins.has('subtrace') && !origins.has('glue') && !origins.has('hints')) {
		lines.push(plain(safe``), plain(safe`So ${zoneName} depends on ${holder ? presentName(holder) : safe`the zone of ${nsName}`} too: if that zone fails, this server becomes unreachable, however well it runs.`));
	}
	return lines;
}
