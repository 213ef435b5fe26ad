import {isStrictlyBelow, type Name} from '../dns/name.js';
import {presentName, presentRData} from '../dns/present.js';
import {joinPresented, presentText, safe, type Presented} from '../dns/sanitize.js';
import {classifyResponse} from '../trace/classify.js';
import type {PathStep, Probe, ProbePurpose, Resolution, Trace} from '../trace/model.js';
import {isTcpCheck, USABLE_KINDS} from '../trace/probe-facts.js';
import {backFromCut} from '../trace/resolution-steps.js';
import {byText} from '../trace/server-order.js';
import {KIND_MEANING, PURPOSE_MEANING} from './probe-meaning.js';
import {probeResult, waited} from './probe-result-text.js';

/**
 * What a step of the step-through shows. `path`: the query whose response the walk followed, the step a resolver
 * takes; `beside`: the same question to the zone's other servers (or a question no resolver needs, such as the SOA
 * that looks for a cut below an answer), which digdeeper adds to compare them; `checks`: the zone's SOA, NS set,
 * CDS and name server addresses asked of every server, over UDP and TCP; `dnssec`: the DNSKEY and DS a validating
 * resolver fetches too.
 */
export type StepRole = 'path' | 'beside' | 'checks' | 'dnssec';

export interface Step {
	/** From 1, as the transcript and the explorer number them. */
	number: number;
	role: StepRole;
	/** The resolution it belongs to (an index into `trace.resolutions`): 0 is the user's question, the others side trips. */
	resolution: number;
	/** The zone whose servers were asked. */
	zone: Name;
	/**
	 * Every probe the step shows, the one it is about first; the tree of step N holds the probes of steps 1 to N. Each
	 * query is told once, where it went out, except the response a resolution goes back to (`back`), shown again.
	 */
	probes: number[];
	/** What was asked of whom and what it meant, in one sentence. */
	title: Presented;
	/** What it means for a learner, a sentence each. */
	words: Presented[];
	/** With this step a side trip begins (a sub-trace for a name server's address, or a branch beside the walk). */
	enters?: Presented;
	/** With this step the side trip ends, and what it found. */
	leaves?: Presented;
}

/** The purposes whose probes form a zone's `checks` step; `dnskey` and `ds` form its `dnssec` step. */
const CHECKS: ReadonlySet<ProbePurpose> = new Set<ProbePurpose>(['soa', 'ns', 'cds', 'ns-address', 'soa-tcp', 'ns-tcp', 'dnskey-tcp']);

/** How many names a list shows before "and N more": a referral to 13 servers reads as the first few. */
const LISTED = 3;

interface Group {
	role: StepRole;
	resolution: number;
	zone: Name;
	probes: Probe[];
	/** The order steps are told in: when its first query went out (a beside step right after its path step), then id. */
	key: [number, number, number];
	/** The step that failed in a child a cut led to, after which the resolution goes back to the cut's zone. */
	back?: Back;
}

/**
 * A resolution's return from a cut (`backFromCut`): `zone`'s servers answered from `child`'s data, the child's own
 * servers gave no decision, and the response `step` takes from `zone`'s servers is what resolvers get.
 */
interface Back {
	resolution: number;
	zone: Name;
	child: Name;
	step: PathStep;
}

/** Every return from a cut in the trace's resolutions, by the failed step in the child that leads to it. */
function returnsFromCuts(resolutions: readonly Resolution[]): Map<PathStep, Back> {
	const backs = new Map<PathStep, Back>();
	for (const resolution of resolutions) {
		resolution.steps.forEach((step, index) => {
			if (index < 2 || !backFromCut(resolution.steps.slice(0, index), step)) return;
			backs.set(resolution.steps[index - 1]!, {resolution: resolution.id, zone: step.zone, child: resolution.steps[index - 2]!.next!, step});
		});
	}
	return backs;
}

/**
 * A finished trace (live or a snapshot) told one step at a time, in the order its queries went out (by `startedMs`,
 * then id): each query the walk followed is a step of its own, and the queries digdeeper adds beside it are grouped
 * per zone and kind, so the resolver's path stays in view — the same question to the zone's other servers right after
 * the one followed, a zone's checks and DNSSEC queries right after the first question asked of it. Sub-traces for
 * glueless name servers are entered and left visibly. Pure: the same trace gives the same steps.
 */
export function stepsOf(trace: Trace): Step[] {
	const probes = trace.zones.flatMap((zone) => zone.servers.flatMap((server) => server.probes)).filter((probe) => probe.status !== 'skipped');
	const followed = new Map<number, number>();
	const asked = new Map<string, number>();
	const backs = returnsFromCuts(trace.resolutions);
	// An answer first followed by a return from a cut is the child's data: its step says so before the cut is found.
	const childData = new Map<number, Name>();
	for (const resolution of trace.resolutions) {
		for (const step of resolution.steps) {
			const back = [...backs.values()].find((some) => some.step === step);
			if (step.probe !== undefined && !followed.has(step.probe)) {
				followed.set(step.probe, resolution.id);
				if (back) childData.set(step.probe, back.child);
			}
			const key = questionKey(step.zone, step.question.name, step.question.type);
			if (!asked.has(key)) asked.set(key, resolution.id);
		}
	}
	// The resolution that first reached a zone: its checks and DNSSEC queries are told as part of it.
	const reachedBy = new Map<Name, number>();
	const firstSteps = trace.resolutions.flatMap((resolution) => resolution.steps.map((step) => ({zone: step.zone, at: step.atMs, resolution: resolution.id}))).sort((a, b) => a.at - b.at);
	for (const step of firstSteps) if (!reachedBy.has(step.zone)) reachedBy.set(step.zone, step.resolution);

	const groups = new Map<string, Group>();
	const add = (id: string, make: () => Omit<Group, 'probes' | 'key'>, probe: Probe) => {
		const group = groups.get(id) ?? {...make(), probes: [], key: [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, 0]};
		group.probes.push(probe);
		groups.set(id, group);
	};
	for (const probe of probes) {
		const resolution = followed.get(probe.id);
		if (resolution !== undefined) {
			add(`path ${probe.id}`, () => ({role: 'path', resolution, zone: probe.zone}), probe);
			continue;
		}
		// A server is asked a question once, under the purpose that asked it first: a resolution's question that a
		// check happened to ask first (a name server's address) is still the resolution's, whichever won the race.
		const key = questionKey(probe.zone, probe.question.name, probe.question.type);
		if (probe.purpose === 'walk' || asked.has(key)) {
			const owner = asked.get(key) ?? resolutionAsking(trace.resolutions, probe.question.name) ?? 0;
			add(`beside ${key}`, () => ({role: 'beside', resolution: owner, zone: probe.zone}), probe);
			continue;
		}
		const role: StepRole = CHECKS.has(probe.purpose) ? 'checks' : 'dnssec';
		add(`${role} ${probe.zone}`, () => ({role, resolution: reachedBy.get(probe.zone) ?? 0, zone: probe.zone}), probe);
	}
	// A resolution step that failed followed no probe: its zone's answers to the question are the step itself, and
	// where there was no server left to ask, the step is that nothing could be asked.
	const stranded: Group[] = [];
	for (const resolution of trace.resolutions) {
		for (const step of resolution.steps) {
			if (step.probe !== undefined || step.result !== 'failure') continue;
			const beside = groups.get(`beside ${questionKey(step.zone, step.question.name, step.question.type)}`);
			const back = backs.get(step);
			if (beside) Object.assign(beside, {role: 'path', ...(back ? {back} : {})});
			else stranded.push({role: 'path', resolution: resolution.id, zone: step.zone, probes: [], key: [step.atMs, Number.POSITIVE_INFINITY, 0], ...(back ? {back} : {})});
		}
	}
	for (const group of groups.values()) group.probes.sort((a, b) => a.startedMs - b.startedMs || a.id - b.id);
	// The walk's questions in the order they went out, each zone's first one (path or beside) the zone's anchor.
	const anchors = new Map<Name, Probe>();
	for (const group of groups.values()) {
		const first = group.probes[0]!;
		if (group.role !== 'path' && group.role !== 'beside') continue;
		const anchor = anchors.get(group.zone);
		if (!anchor || first.startedMs < anchor.startedMs || (first.startedMs === anchor.startedMs && first.id < anchor.id)) anchors.set(group.zone, first);
	}
	for (const group of groups.values()) {
		const first = group.probes[0]!;
		const lead = group.role === 'beside' ? followedFor(groups.values(), first) : undefined;
		// A zone's checks and DNSSEC queries go out as soon as the zone is known, racing the walk's question: told right
		// after the first question asked of the zone, they come in the same place on every run.
		const anchor = group.role === 'checks' || group.role === 'dnssec' ? anchors.get(group.zone) : undefined;
		group.key = lead ? [lead.startedMs, lead.id, 1] : anchor ? [anchor.startedMs, anchor.id, group.role === 'checks' ? 2 : 3] : [first.startedMs, first.id, 0];
	}
	const ordered = [...groups.values(), ...stranded].sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1] || a.key[2] - b.key[2]);
	// A return from a cut is a step of its own, right after the child's failure: no query goes out, the zone's response
	// already in hand is taken.
	const told = ordered.flatMap((group) => (group.back ? [group, group.back] : [group]));
	const steps: Step[] = [];
	for (const item of told) {
		steps.push('role' in item ? describe(trace, item, steps.length + 1, groups, childData) : backStep(trace, item, steps));
	}
	return withSideTrips(trace, steps);
}

function questionKey(zone: Name, name: Name, type: string): string {
	return `${zone} ${name} ${type}`;
}

/** The resolution asking about this name (the SOA that looks for a cut below an answer is the walk's own question). */
function resolutionAsking(resolutions: readonly Resolution[], name: Name): number | undefined {
	return resolutions.find((resolution) => resolution.question.name === name)?.id;
}

/** The probe the walk followed for the question the probe asked at its zone, when it followed one. */
function followedFor(groups: Iterable<Group>, probe: Probe): Probe | undefined {
	for (const group of groups) {
		const lead = group.probes[0];
		if (lead && group.role === 'path' && group.probes.length === 1 && lead.zone === probe.zone && lead.question.name === probe.question.name && lead.question.type === probe.question.type) return lead;
	}
	return undefined;
}

/** A name server and its address, as the steps name them: "a.root-servers.net. (198.41.0.4)". */
function whom(probe: Probe): Presented {
	return safe`${presentName(probe.server)} (${presentText(probe.address)})`;
}

function question(probe: Probe): Presented {
	return safe`${presentName(probe.question.name)} ${presentText(probe.question.type)}`;
}

/** "a., b. and c.", or the first few and how many more. */
function listed(names: readonly Presented[]): Presented {
	const shown = names.slice(0, LISTED);
	const more = names.length - shown.length;
	if (more > 0) return safe`${joinPresented(shown, safe`, `)} and ${more} more`;
	return shown.length <= 1 ? (shown[0] ?? safe``) : safe`${joinPresented(shown.slice(0, -1), safe`, `)} and ${shown.at(-1)!}`;
}

const plural = (count: number, one: Presented, many: Presented) => (count === 1 ? one : many);

/** Who speaks for a zone in a sentence: "the root", or the zone's name. */
function zoneWho(zone: Name): Presented {
	return zone === '.' ? safe`the root` : presentName(zone);
}

/**
 * What one response meant, for a learner: the words after "asking X for Q:". `child`: the zone whose data the answer
 * is, when the resolution came back to it from a cut (the server serves that zone too).
 */
export function responseMeaning(probe: Probe, child?: Name): Presented {
	if (probe.status !== 'answered') {
		const wait = waited(probe);
		return safe`no answer (${presentText(probe.status)}${probe.error ? safe`: ${presentText(probe.error)}` : safe``}${wait ? safe`, ${wait}` : safe``}); a resolver gives up on this server and tries another`;
	}
	const classified = probe.response ? classifyResponse(probe.response, probe.zone, probe.question) : undefined;
	switch (probe.kind) {
		case 'referral': {
			const referral = classified?.referral;
			const child = referral?.child ?? probe.referral ?? '';
			const ns = referral?.ns ?? [];
			const glued = new Set(referral?.glue.map((glue) => glue.name));
			const names = ns.map((name) => presentName(name));
			const glue =
				ns.length > 0 && ns.every((name) => glued.has(name))
					? safe` and gives their addresses (glue)`
					: glued.size > 0
						? safe`, with addresses (glue) for ${glued.size} of them; the others must be looked up first`
						: safe`, without their addresses (no glue): a resolver must look them up first`;
			return safe`${zoneWho(probe.zone)} does not know the name, but knows who serves ${presentName(child)}${names.length > 0 ? safe` (${listed(names)})` : safe``}${glue}`;
		}
		case 'answer': {
			const records = (classified?.records ?? []).filter((record) => record.type !== 'RRSIG');
			const shown = records.slice(0, LISTED).map((record) => safe`${presentText(record.type)} ${presentRData(record.data)}`);
			const whose = child ? safe`this server serves ${presentName(probe.zone)}, but the data is ${presentName(child)}'s, a zone it serves too` : safe`this server serves ${presentName(probe.zone)} and the data is its own`;
			return safe`the answer${shown.length > 0 ? safe`, ${listed(shown)}` : safe``}, with authority (the AA bit): ${whose}${child ? safe`` : cutNamed(classified?.childApex)}`;
		}
		case 'cname': {
			const target = classified?.target;
			return target ? safe`an alias: ${presentName(probe.question.name)} is a CNAME for ${presentName(target)}, so the resolver follows it and asks for ${presentName(target)} ${presentText(probe.question.type)}, from the closest zone it knows` : presentText(KIND_MEANING['cname']!);
		}
		case 'nxdomain': {
			const apex = classified?.childApex;
			return apex
				? safe`NXDOMAIN: ${presentName(probe.question.name)} does not exist, says ${presentName(probe.zone)}'s server with authority${cutNamed(apex)}`
				: safe`NXDOMAIN: ${presentName(probe.question.name)} does not exist, says ${presentName(probe.zone)} with authority (its SOA says how long to remember that)`;
		}
		case 'nodata':
			return safe`NODATA: ${presentName(probe.question.name)} exists but has no ${presentText(probe.question.type)} records${cutNamed(classified?.childApex)}`;
		default:
			return presentText(KIND_MEANING[probe.kind ?? ''] ?? probeResult(probe));
	}
}

/** What a response's SOA owned below the zone asked says: the cut a resolver descends, though nothing referred to it. */
function cutNamed(apex: Name | undefined): Presented {
	return apex ? safe`; its SOA names ${presentName(apex)}: a zone begins there, served by the same server, so the resolver asks ${presentName(apex)}'s servers again` : safe``;
}

/** A response in a word or two, to count alike ones: "referral to com.", "NOERROR answer", "timeout". */
function resultWord(probe: Probe): Presented {
	if (probe.status === 'answered' && probe.kind === 'referral') return safe`referral to ${presentName(probe.referral ?? '')}`;
	return probe.status === 'answered' ? probeResult(probe) : safe`no answer (${probeResult(probe)})`;
}

/** How the probes' results split: "all 7 gave referral to com.", or each result with who gave it. */
function tally(probes: readonly Probe[]): Presented {
	const by = new Map<Presented, Probe[]>();
	for (const probe of probes) by.set(resultWord(probe), [...(by.get(resultWord(probe)) ?? []), probe]);
	if (by.size === 1) {
		const [word] = [...by.keys()];
		return probes.length === 1 ? safe`it gave ${word!}` : safe`all ${probes.length} gave ${word!}`;
	}
	return joinPresented(
		[...by.entries()].map(([word, some]) => safe`${word}: ${some.length > LISTED ? safe`${some.length} of them` : listed(some.map(whom))}`),
		safe`; `,
	);
}

/** What each response no resolver could move on with means (lame, refused, an upward referral, SERVFAIL), once per kind. */
function oddOnes(probes: readonly Probe[]): Presented[] {
	const kinds = [...new Set(probes.filter((probe) => probe.status === 'answered' && probe.kind !== undefined && !USABLE_KINDS.has(probe.kind)).map((probe) => probe.kind!))];
	const sentence = (words: string) => `${words.charAt(0).toUpperCase()}${words.slice(1)}.`;
	return kinds.filter((kind) => KIND_MEANING[kind]).map((kind) => presentText(sentence(KIND_MEANING[kind]!)));
}

/** The distinct servers (by address) of the probes. */
function addresses(probes: readonly Probe[]): number {
	return new Set(probes.map((probe) => probe.address)).size;
}

function describe(trace: Trace, group: Group, number: number, groups: ReadonlyMap<string, Group>, childData: ReadonlyMap<number, Name>): Step {
	const lead = group.probes[0];
	const base = {number, role: group.role, resolution: group.resolution, zone: group.zone, probes: group.probes.map((probe) => probe.id)};
	if (!lead) {
		// Only a failed step with no server left to ask has no query.
		const outcome = trace.resolutions[group.resolution]?.outcome;
		const known = trace.zones.find((zone) => zone.name === group.zone)?.nameservers.length ?? 0;
		const why = outcome?.reason ? presentText(outcome.reason) : known === 0 ? safe`no name server of it is known` : safe`none of its name servers has an address a resolver could reach`;
		return {
			...base,
			title: safe`nothing to ask at ${presentName(group.zone)}: ${why}`,
			words: [group.back ? wentBack(group.back) : safe`This is where the resolution breaks: a resolver has no server of ${presentName(group.zone)} to ask.`],
		};
	}
	switch (group.role) {
		case 'path': {
			if (group.probes.length > 1 || !trace.resolutions.some((resolution) => resolution.steps.some((step) => step.probe === lead.id))) {
				return {
					...base,
					title: safe`asking every server of ${presentName(group.zone)} for ${question(lead)}: none gave an answer the walk could use`,
					words: [safe`${tally(group.probes)}.`, group.back ? wentBack(group.back) : safe`This is where the resolution breaks: a resolver that asks these servers gets no answer from any of them.`],
				};
			}
			const child = childData.get(lead.id);
			return {
				...base,
				title: safe`asking ${whom(lead)} for ${question(lead)}: ${responseMeaning(lead, child)}`,
				words: [
					child
						? safe`On the resolver's path: a resolver asks one server of ${zoneWho(group.zone)} and takes this answer; digdeeper first looks for the zone the data belongs to (its SOA), and comes back to it.`
						: safe`On the resolver's path: a resolver asks one server of ${zoneWho(group.zone)} and moves on with its answer; digdeeper follows this one's.`,
				],
			};
		}
		case 'beside': {
			const led = followedFor(groups.values(), lead);
			const cutSearch = lead.question.type === 'SOA' && isStrictlyBelow(lead.question.name, group.zone);
			const why = led
				? safe`A resolver asks one; digdeeper asks them all, because the servers of one zone do not always agree: one may be down, lame or serving an old copy.`
				: cutSearch
					? safe`Below an answer a zone may begin that no server referred to: its SOA would say so, as a resolver that minimises its questions finds it.`
					: safe`digdeeper asks every server of a zone the same question, to compare their answers.`;
			return {
				...base,
				title: led
					? safe`also asked, to compare: ${question(lead)} of the ${plural(addresses(group.probes), safe`other address`, safe`${addresses(group.probes)} other addresses`)} of ${zoneWho(group.zone)}'s servers: ${tally(group.probes)}`
					: safe`also asked, to compare: ${question(lead)} of every server of ${presentName(group.zone)}${cutSearch ? safe`, to see whether a zone begins at ${presentName(lead.question.name)}` : safe``}: ${tally(group.probes)}`,
				words: [why, ...oddOnes(group.probes)],
			};
		}
		case 'checks': {
			const kinds = checkWords(group.probes);
			const failed = group.probes.filter((probe) => probe.status !== 'answered');
			const serials = [...new Set(group.probes.filter((probe) => probe.purpose === 'soa' && probe.question.name === group.zone).flatMap((probe) => probe.response?.answer.filter((record) => record.type === 'SOA' && record.data.kind === 'soa').map((record) => (record.data.kind === 'soa' ? record.data.serial : 0)) ?? []))];
			return {
				...base,
				title: safe`also asked, to compare: ${addresses(group.probes) === 1 ? safe`${zoneWho(group.zone)}'s one server address` : safe`each of ${zoneWho(group.zone)}'s ${addresses(group.probes)} server addresses`}, for its ${kinds}: ${failed.length === 0 ? safe`all ${group.probes.length} answered` : safe`${failed.length} of ${group.probes.length} got no answer (${listed([...new Set(failed.map(whom))])})`}`,
				words: [
					safe`These are digdeeper's checks, not a resolver's: ${joinPresented([...new Set(group.probes.map((probe) => probe.purpose))].map((purpose) => presentText(PURPOSE_MEANING[purpose])), safe`; `)}.`,
					...(serials.length > 0 ? [serials.length === 1 ? safe`Every server that answered gives serial ${serials[0]!}: they serve the same copy of the zone.` : safe`The servers give ${serials.length} different serials (${presentText(serials.join(', '))}): not all serve the same copy.`] : []),
				],
			};
		}
		case 'dnssec': {
			const keys = group.probes.filter((probe) => probe.purpose === 'dnskey');
			const ds = group.probes.filter((probe) => probe.purpose === 'ds');
			const children = [...new Set(ds.map((probe) => probe.question.name))].sort(byText);
			const parts = [
				...(keys.length > 0 ? [safe`the DNSKEY set of ${zoneWho(group.zone)} from its ${plural(addresses(keys), safe`server`, safe`${addresses(keys)} server addresses`)} (${keyCount(keys)})`] : []),
				...children.map((child) => safe`the DS of ${presentName(child)} from ${zoneWho(group.zone)}'s servers (${dsCount(ds.filter((probe) => probe.question.name === child))})`),
			];
			return {
				...base,
				title: safe`for DNSSEC: ${joinPresented(parts, safe`, and `)}`,
				words: [
					...(keys.length > 0 ? [safe`DNSKEY: ${presentText(PURPOSE_MEANING.dnskey)}.`] : []),
					...(ds.length > 0 ? [safe`DS: ${presentText(PURPOSE_MEANING.ds)}.`] : []),
					safe`A validating resolver fetches these too (from one server); digdeeper asks every server.`,
				],
			};
		}
	}
}

/** Why a failure in a child a cut led to does not end the resolution. */
function wentBack(back: Back): Presented {
	return safe`Nothing referred a resolver to ${presentName(back.child)}: ${zoneWho(back.zone)}'s servers answered from its data themselves. With no answer from ${presentName(back.child)}'s own servers, the walk goes back to ${zoneWho(back.zone)}'s servers' response.`;
}

/** The return from a cut: no query goes out, the response of the cut's zone already in hand is taken as it is. */
function backStep(trace: Trace, back: Back, before: readonly Step[]): Step {
	const probe = back.step.probe === undefined ? undefined : trace.zones.flatMap((zone) => zone.servers.flatMap((server) => server.probes)).find((some) => some.id === back.step.probe);
	const told = before.find((step) => back.step.probe !== undefined && step.probes[0] === back.step.probe);
	const response = probe ? safe`${resultWord(probe)} ${whom(probe)} gave for ${question(probe)}${told ? safe` (step ${told.number})` : safe``}` : safe`response`;
	return {
		number: before.length + 1,
		role: 'path',
		resolution: back.resolution,
		zone: back.zone,
		probes: probe ? [probe.id] : [],
		title: safe`back to ${zoneWho(back.zone)}: ${presentName(back.child)}'s own servers gave no answer, so the walk takes the ${response}`,
		words: [
			safe`${zoneWho(back.zone)}'s servers serve ${presentName(back.child)} too and answer from its data instead of referring to it: a resolver (BIND, Unbound) takes their response and never asks ${presentName(back.child)}'s own servers. This is what resolvers get.`,
		],
	};
}

/** The questions of a checks step, in words: "SOA, NS set, and SOA over TCP". */
function checkWords(probes: readonly Probe[]): Presented {
	const words: Presented[] = [];
	const say = (word: Presented) => {
		if (!words.includes(word)) words.push(word);
	};
	for (const probe of probes) {
		if (isTcpCheck(probe)) say(safe`${presentText(probe.question.type)} over TCP`);
		else if (probe.purpose === 'soa') say(safe`SOA`);
		else if (probe.purpose === 'ns') say(safe`NS set`);
		else if (probe.purpose === 'cds') say(safe`CDS and CDNSKEY`);
		else if (probe.purpose === 'ns-address') say(safe`name servers' addresses`);
	}
	return words.length > 0 ? joinList(words) : safe`data`;
}

/** Every item, "a, b, and c" (an item may hold an "and" of its own: "CDS and CDNSKEY"): a checks step names all its questions. */
function joinList(words: readonly Presented[]): Presented {
	if (words.length <= 2) return joinPresented(words, safe` and `);
	return safe`${joinPresented(words.slice(0, -1), safe`, `)}, and ${words.at(-1)!}`;
}

function keyCount(probes: readonly Probe[]): Presented {
	const answered = probes.find((probe) => probe.status === 'answered' && probe.kind === 'answer');
	const count = answered?.response?.answer.filter((record) => record.type === 'DNSKEY').length ?? 0;
	if (answered) return safe`${count} ${plural(count, safe`key`, safe`keys`)}`;
	return probes.some((probe) => probe.status === 'answered' && probe.kind === 'nodata') ? safe`none: the zone is not signed` : safe`no keys: ${probes[0] ? resultWord(probes[0]) : safe`not asked`}`;
}

function dsCount(probes: readonly Probe[]): Presented {
	const answered = probes.find((probe) => probe.status === 'answered' && probe.kind === 'answer');
	if (answered) {
		const count = answered.response?.answer.filter((record) => record.type === 'DS').length ?? 0;
		return safe`${count} DS ${plural(count, safe`record`, safe`records`)}: the chain of trust goes on`;
	}
	const denied = probes.find((probe) => probe.status === 'answered' && (probe.kind === 'nodata' || probe.kind === 'nxdomain'));
	return denied ? safe`none: the parent vouches for no key of it, so it is insecure` : safe`no answer`;
}

/** A side trip's name for a person: the address of a name server, or a branch beside the walk. */
function tripName(resolution: Resolution): Presented {
	if (resolution.purpose === 'ns-address' && resolution.for) return safe`side trip: the ${presentText(resolution.question.type)} of ${presentName(resolution.for.nameserver)}`;
	return safe`branch: ${question({question: resolution.question} as Probe)}`;
}

/** Marks the first and last steps of each side trip (sub-traces and branches), and names the trip on each of its steps. */
function withSideTrips(trace: Trace, steps: Step[]): Step[] {
	const told = steps.filter((step) => step.role === 'path' || step.role === 'beside');
	return steps.map((step) => {
		const resolution = trace.resolutions[step.resolution];
		if (!resolution || resolution.id === 0 || (step.role !== 'path' && step.role !== 'beside')) return step;
		const mine = told.filter((other) => other.resolution === step.resolution);
		const first = mine[0] === step;
		// Left after its last step, the queries beside its last answer included: no step of a trip comes after its end.
		const last = mine.at(-1) === step;
		const titled = {...step, title: safe`[${tripName(resolution)}] ${step.title}`};
		return {
			...titled,
			...(first ? {enters: enterWords(trace, resolution)} : {}),
			...(last ? {leaves: leaveWords(resolution)} : {}),
		};
	});
}

function enterWords(trace: Trace, resolution: Resolution): Presented {
	if (resolution.purpose === 'ns-address' && resolution.for) {
		const {zone, nameserver} = resolution.for;
		// A zone found from its SOA (a cut) came with no referral: its name servers are the NS set its parent's servers gave.
		const referred = trace.zones.some((some) => some.servers.some((server) => server.probes.some((probe) => probe.kind === 'referral' && probe.referral === zone)));
		const parent = trace.zones.find((some) => some.name === zone)?.parent;
		const why = referred || !parent ? safe`The referral carried no glue for it, so it` : safe`No referral led to ${presentName(zone)}, so no glue came with the NS set ${zoneWho(parent)}'s servers gave for it: the resolver`;
		return safe`A side trip begins: to reach ${presentName(nameserver)}, a name server of ${presentName(zone)}, the resolver first needs its address (${presentText(resolution.question.type)}). ${why} looks the name up itself, starting at the closest zone it knows.`;
	}
	return safe`A branch begins: some servers gave another answer than the one the walk followed; digdeeper follows it too, to see where it leads.`;
}

function leaveWords(resolution: Resolution): Presented {
	const outcome = resolution.outcome;
	const found = (outcome?.records ?? []).filter((record) => record.type === resolution.question.type).map((record) => presentRData(record.data));
	if (resolution.purpose === 'ns-address' && resolution.for) {
		const back = safe`The side trip ends, back to ${presentName(resolution.for.zone)}`;
		return outcome?.status === 'answer' && found.length > 0
			? safe`${back}: ${presentName(resolution.for.nameserver)} is at ${listed(found)}, and can be asked now.`
			: safe`${back}: no ${presentText(resolution.question.type)} address for ${presentName(resolution.for.nameserver)} (${presentText(outcome?.status ?? 'unfinished')}${outcome?.reason ? safe`: ${presentText(outcome.reason)}` : safe``}).`;
	}
	return safe`The branch ends: ${presentText(outcome?.status ?? 'unfinished')}${found.length > 0 ? safe`, ${listed(found)}` : safe``}.`;
}

/**
 * The trace as the resolver knew it after `count` steps: only the probes of those steps, the zones they asked or were
 * referred to, and the servers asked so far (or given in a referral seen so far). What the explorer's tree grows from.
 */
export function traceUpTo(trace: Trace, steps: readonly Step[], count: number): Trace {
	const shown = new Set(steps.slice(0, count).flatMap((step) => step.probes));
	const all = trace.zones.flatMap((zone) => zone.servers.flatMap((server) => server.probes));
	const referredTo = new Set(all.filter((probe) => shown.has(probe.id) && probe.referral).map((probe) => probe.referral!));
	const resolutionsShown = new Set(steps.slice(0, count).map((step) => step.resolution));
	const zones = trace.zones
		.filter((zone) => zone.parent === undefined || referredTo.has(zone.name) || zone.servers.some((server) => server.probes.some((probe) => shown.has(probe.id))))
		.map((zone) => ({
			...zone,
			nameservers: zone.nameservers.map((ns) => ({...ns, subtraces: ns.subtraces.filter((id) => resolutionsShown.has(id))})),
			servers: zone.servers
				.map((server) => ({...server, probes: server.probes.filter((probe) => shown.has(probe.id))}))
				.filter((server) => server.probes.length > 0 || server.origin === 'hints' || server.origin === 'glue'),
		}));
	return {
		...trace,
		zones,
		resolutions: trace.resolutions.map((resolution) => ({...resolution, steps: resolution.steps.filter((step) => step.probe === undefined || shown.has(step.probe))})),
	};
}
