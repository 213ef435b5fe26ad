import type {Analysis} from '../../analysis/analyze.js';
import {BOGUS_HEADLINE, dnssecStatusWords, type DnssecStatus} from '../../analysis/dnssec/dnssec-status.js';
import type {Probe, Trace, Zone} from '../../trace/model.js';
import {walkProbe} from '../../trace/probe-facts.js';
import {isStrictlyBelow} from '../../dns/name.js';
import {presentName} from '../../dns/present.js';
import {joinPresented, padPresented, presentText, safe, slicePresented} from '../../dns/sanitize.js';
import {KEYMAP} from '../keymap.js';
import type {NodeRef} from '../tree-model.js';
import {heading, plain, responseLines, type Line, type Segment} from './lines.js';

/** The help overlay: generated from the keymap, so it cannot drift from what the keys do; two columns if too tall. */
export function helpLines(height = Number.POSITIVE_INFINITY): Line[] {
	const labelWidth = Math.max(...KEYMAP.map((binding) => binding.label.length)) + 2;
	const entry = (index: number): Line => {
		const binding = KEYMAP[index];
		return binding ? [{text: presentText(binding.label.padEnd(labelWidth)), bold: true}, {text: presentText(binding.description.padEnd(22))}] : [];
	};
	const footer = [plain(safe``), plain(safe`Overlays take keys first; Esc closes them. Ctrl-C always quits.`)];
	const single = KEYMAP.length + 2 + footer.length <= height;
	const rows = single ? KEYMAP.length : Math.ceil(KEYMAP.length / 2);
	const body = Array.from({length: rows}, (_, index): Line => (single ? entry(index) : [...entry(index), {text: safe`   `}, ...entry(index + rows)]));
	return [heading(safe`Keys`), plain(safe``), ...body, ...footer];
}

const STATUS_COLOUR: Record<DnssecStatus, Segment['color']> = {secure: 'green', insecure: 'yellow', bogus: 'red', indeterminate: 'gray', 'not-checked': 'gray'};

/** Root → … → answer: per zone, the DS that vouches for it, the keys it serves, and the verdict with its reason. */
export function dnssecLines(trace: Trace, analysis: Analysis | undefined): Line[] {
	const report = analysis?.dnssec;
	if (!report) return [plain(safe`DNSSEC has not been analysed yet (the trace is still running).`)];
	const at = trace.options.validateAt ? safe` · as of ${presentText(trace.options.validateAt)} (--at)` : safe``;
	const lines: Line[] = [heading(safe`DNSSEC chain of trust — anchored in ${presentText(report.anchors)}${at}`), plain(safe``)];
	const path = trace.resolutions[0]?.steps.map((step) => step.zone) ?? [];
	for (const name of [...new Set(path)]) {
		const zone = report.zones.find((entry) => entry.zone === name);
		if (!zone) continue;
		lines.push([{text: safe`${presentName(name)}  `, bold: true}, {text: presentText(zone.status), color: STATUS_COLOUR[zone.status], bold: true}]);
		lines.push(plain(safe`   DS ${presentText(zone.dsTags.length > 0 ? zone.dsTags.join(', ') : 'none')} → DNSKEY ${presentText(zone.keyTags.length > 0 ? zone.keyTags.join(', ') : 'none')}`));
		lines.push(plain(safe`   ${presentText(zone.reason)}`));
		const odd = zone.servers.filter((server) => server.status !== zone.status);
		for (const server of odd) lines.push([{text: safe`   ${presentName(server.name)} ${presentText(server.address)}: `}, {text: presentText(server.status), color: STATUS_COLOUR[server.status]}, {text: safe` — ${presentText(server.reason)}`}]);
		lines.push([{text: safe`   ↓`, dim: true}]);
	}
	lines.push([{text: safe`answer  `, bold: true}, {text: presentText(dnssecStatusWords(report.outcome.status)), color: STATUS_COLOUR[report.outcome.status], bold: true}, ...(report.outcome.status === 'bogus' ? [{text: safe` — ${presentText(BOGUS_HEADLINE)}`, color: 'red' as const}] : [])]);
	lines.push(plain(safe`   ${presentText(report.outcome.reason)}`));
	return lines;
}

/** Every zone and server the name depends on, transitively, with the single points of failure marked. */
export function dependencyLines(trace: Trace, analysis: Analysis | undefined): Line[] {
	if (!analysis) return [plain(safe`Dependencies are mapped once the trace has finished.`)];
	const {dependencies} = analysis;
	const single = analysis.findings.filter((finding) => finding.code === 'SINGLE_POINT_OF_FAILURE');
	const lines: Line[] = [
		heading(safe`${presentName(trace.query.name)} depends on ${dependencies.counts.zones} zones, ${dependencies.counts.servers} server addresses, ${dependencies.counts.domains} operator domains`),
		plain(safe``),
	];
	for (const name of dependencies.zones) {
		const zone = trace.zones.find((candidate) => candidate.name === name);
		const marks = single.filter((finding) => finding.zone === name);
		lines.push([{text: safe`${presentName(name)}  `, bold: true}, {text: safe`${zone?.servers.length ?? 0} addresses, NS: ${presentText(zone?.nameservers.map((ns) => ns.name).join(' ') ?? '')}`}]);
		for (const mark of marks) lines.push([{text: safe`   single point of failure: `, color: mark.severity === 'warning' ? 'yellow' : 'gray', bold: true}, {text: presentText(mark.message.replace(`${name}: `, ''))}]);
	}
	lines.push(plain(safe``), heading(safe`Operators (registrable domains of the name servers):`), plain(safe`   ${presentText(dependencies.domains.join('  '))}`));
	return lines;
}

/** Marked probes (or servers' main probes) side by side; lines that differ between them are highlighted. */
export function compareLines(probes: Probe[], width: number): Line[] {
	if (probes.length < 2) return [plain(safe`Mark two or more servers or probes with space, then press c.`)];
	const columns = probes.map((probe) => responseLines(probe).map((line) => joinPresented(line.map((segment) => segment.text), safe``)));
	const columnWidth = Math.max(20, Math.floor((width - 3 * (probes.length - 1)) / probes.length));
	const height = Math.max(...columns.map((column) => column.length));
	const lines: Line[] = [heading(safe`Comparing ${probes.length} responses (differing lines highlighted)`), plain(safe``)];
	for (let index = 0; index < height; index++) {
		const cells = columns.map((column) => column[index] ?? safe``);
		// IDs and times differ by nature; compare what the servers said.
		const comparable = cells.map((cell) => cell.replace(/id: \d+/u, '').replace(/Query time: .*/u, '').replace(/SERVER: .*/u, '').replace(/→ .* \(.*\), asked/u, ''));
		const differs = new Set(comparable).size > 1;
		const line: Line = [];
		cells.forEach((cell, column) => {
			const text = padPresented(slicePresented(cell, 0, columnWidth), columnWidth);
			line.push({text, ...(differs ? {inverse: true} : {})});
			if (column < cells.length - 1) line.push({text: safe` │ `, dim: true});
		});
		lines.push(line);
	}
	return lines;
}

const KIND_MEANING: Record<string, string> = {
	referral: 'a referral: "I am not the one who knows; ask these servers of the child zone" (the NS records are in the authority section, with their addresses as glue in the additional section when the names lie inside the parent)',
	answer: 'an authoritative answer: the AA bit says this server is responsible for the name and the records are its own data',
	cname: 'an alias: the name is a CNAME for another name, which must be looked up in its turn',
	nxdomain: 'NXDOMAIN: the name does not exist (an authoritative denial, with the zone SOA to say how long to remember it)',
	nodata: 'NODATA: the name exists but has no records of the asked type',
	'upward-referral': 'an upward referral: instead of answering, the server pointed back at the root. It does not have the zone; resolvers call that lame',
	lame: 'an answer without the AA bit from a server that should be authoritative: a lame server',
	refused: 'REFUSED: the server will not answer for this zone; it is not configured there',
	servfail: 'SERVFAIL: the server has the zone but cannot serve it',
};

const PURPOSE_MEANING: Record<string, string> = {
	walk: 'the question of the walk itself: the user\'s question (or the look-up of a name server\'s address), asked of every server of the zone',
	soa: 'the zone\'s SOA: its serial shows whether every server serves the same version of the zone',
	ns: 'the zone\'s own NS set, to compare with the delegation the parent gave',
	dnskey: 'the zone\'s DNSKEY set: the keys its signatures are checked with, vouched for by the DS at the parent',
	cds: 'the zone\'s CDS or CDNSKEY set: the DS the zone asks its parent to publish (RFC 7344), checked against its keys and the parent\'s DS',
	ds: 'the DS of a child zone, which only the parent knows: the hash of the child\'s key that links the chain of trust',
	'ns-address': 'the address of one of the zone\'s own servers, to compare with the glue at the parent',
	'soa-tcp': 'the zone\'s SOA asked again over TCP only: every authoritative server must answer over TCP (RFC 7766), or answers too large for UDP can never be fetched from it',
};

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
			const inside = isStrictlyBelow(ref.name, zone.name) || zone.name === '.';
			const [nsName, zoneName] = [presentName(ref.name), presentName(zone.name)];
			return [
				heading(safe`${nsName}, a name server of ${zoneName}`),
				plain(safe``),
				plain(safe`Zones are delegated to servers by name. To ask ${nsName} anything, a resolver first needs its address. ${inside ? safe`The name lies inside ${zoneName} itself, so the parent must hand out its address with the referral (glue): there would be no other way to find it.` : safe`The name lies outside ${zoneName}, so its address comes from another zone, looked up from the root like any other name (digdeeper shows that look-up as a sub-trace). If that other zone fails, this server becomes unreachable, however well it runs.`}`),
				plain(safe``),
				plain(ns && ns.addresses.length > 0 ? safe`It has ${ns.addresses.length} address${ns.addresses.length === 1 ? safe`` : safe`es`}: ${presentText(ns.addresses.map((address) => `${address.address} (from ${address.origins.join(', ')})`).join('; '))}.` : safe`No address could be found for it: ${presentText(ns?.unresolved ?? 'unresolved')}.`),
			];
		}
		case 'server': {
			const server = zone.servers.find((entry) => entry.address === ref.address);
			const walk = walkProbe(server);
			return [
				heading(safe`${presentName(ref.name)} at ${presentText(ref.address)}`),
				plain(safe``),
				plain(safe`digdeeper asks every server of ${presentName(zone.name)} at every address the same questions, because servers of one zone do not always agree: one may be down, lame, or serving an old copy.`),
				plain(safe``),
				plain(walk ? safe`To ${presentName(walk.question.name)} ${presentText(walk.question.type)} it gave ${presentText(walk.status === 'answered' ? `${KIND_MEANING[walk.kind ?? ''] ?? walk.kind}` : `no answer (${walk.status})`)}.` : safe`It was not asked the walk's question.`),
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
		lines.push(plain(safe`${presentName(zone.parent ?? '')} delegated ${presentName(zone.name)} to ${zone.nameservers.length} name server${zone.nameservers.length === 1 ? safe`` : safe`s`}: the parent's servers answered with a referral, NS records naming them${zone.nameservers.some((ns) => ns.addresses.some((address) => address.origins.includes('glue'))) ? safe`, and glue (their addresses), because those names lie in a zone the parent can vouch for` : safe``}.`));
	}
	if (step?.result === 'cut') {
		lines.push(plain(safe``));
		lines.push(plain(safe`For ${presentName(step.question.name)} ${presentText(step.question.type)}, no server referred: they answered from the data of ${presentName(step.next ?? '')}, the SOA they gave for the name says so. A parent server that also serves the child does that; nothing is wrong. The walk asked ${presentName(step.next ?? '')}'s servers the question again.`));
		for (const server of cohosts(trace, zone, step.next ?? '')) lines.push(plain(safe`• ${presentName(server.name)} (${presentText(server.address)}) also serves ${presentName(step.next ?? '')} (co-hosted): it answered from the child's data.`));
	} else if (step) {
		lines.push(plain(safe``));
		lines.push(plain(step.result === 'referral' ? safe`For ${presentName(step.question.name)} ${presentText(step.question.type)}, its servers do not have the answer either: they refer us further down (to ${presentName(step.next ?? '')}). The first useful referral moved the walk on (at ${presentText(step.atMs.toFixed(0))} ms); the other servers' answers still came in and are compared here.` : step.result === 'failure' ? safe`No server of ${presentName(zone.name)} gave a usable answer: this is where the chain breaks.` : safe`Here the walk ended: ${presentText(KIND_MEANING[step.result] ?? step.result)}.`));
	}
	lines.push(plain(safe``));
	lines.push(plain(safe`Besides the question itself, digdeeper asked every server for the zone's SOA (is everyone on the same serial?), its NS set (does it match the delegation?) and, for DNSSEC, its DNSKEY set, and asked the parent for the DS that vouches for those keys.`));
	const findings = (analysis?.findings ?? []).filter((finding) => finding.zone === zone.name && finding.severity !== 'info');
	if (findings.length > 0) {
		lines.push(plain(safe``), heading(safe`What is wrong here:`));
		for (const finding of findings) lines.push(plain(safe`• ${presentText(finding.message)}`), plain(safe`  ${presentText(finding.explanation)}`));
	}
	return lines;
}
