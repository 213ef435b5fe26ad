import {ALGORITHMS, DIGESTS, dnskeyRData, dsDigest} from '../../dns/dnssec.js';
import {isAtOrBelow, isStrictlyBelow, labels, substituteSuffix, type Name} from '../../dns/name.js';
import type {ResourceRecord} from '../../dns/record.js';
import {DEFAULT_EXPIRY_WARNING_DAYS} from '../../trace/limits.js';
import type {PathStep, Probe, QuestionRef, ResponseKind, Server, Zone} from '../../trace/model.js';
import {SEVERITY_RANK} from '../finding-catalogue.js';
import {createFinding, describeCode, type FactsField, type Finding, type FindingCode, type FindingFacts, type SignatureStakes} from '../finding.js';
import {createView, listLabels, serverLabel, unique, type TraceView} from '../trace-view.js';
import {describeUnsupported, usableRecords} from './algorithm-support.js';
import {checkDenial, checkWildcardAnswer, createNsec3Hasher, type Nsec3Hasher} from './denial.js';
import {UNANCHORED_REASON, type DnssecStatus} from './dnssec-status.js';
import type {TrustAnchors} from './trust-anchors.js';
import {newBudget, tagOf, verifyRRset, type RRsetVerdict, type ValidationBudget} from './verify-rrset.js';
import {comparedWithUdp, isTcpCheck, isUsable, lookUpsRunning, servesPurpose} from '../../trace/probe-facts.js';
import {backFromCut} from '../../trace/resolution-steps.js';
import {denyingZone} from '../zone-not-delegated.js';

export type {DnssecStatus} from './dnssec-status.js';

export interface ServerDnssec {
	name: Name;
	address: string;
	status: DnssecStatus;
	reason: string;
}

export interface ZoneDnssec {
	zone: Name;
	status: DnssecStatus;
	reason: string;
	/** Key tags of the DNSKEYs the zone's servers serve, and of the DS records its parent publishes. */
	keyTags: number[];
	dsTags: number[];
	/**
	 * Where the zone's chain of trust starts: the zone of the closest trust anchor at or above it (RFC 4035 4.3), for a
	 * zone the chain reaches (secure, insecure or bogus by it); absent for a zone outside validation.
	 */
	chainStart?: Name;
	/** Earliest expiry of a valid signature seen in the zone (seconds since the epoch). */
	earliestExpiry?: number;
	servers: ServerDnssec[];
}

export interface DnssecReport {
	anchors: string;
	zones: ZoneDnssec[];
	outcome: {status: DnssecStatus; reason: string};
}

const DEPRECATED_ALGORITHMS = new Set([1, 3, 5, 6, 7, 12]);

/** One thing wrong at one server (or in the zone as a whole), with the facts its code reads. */
type Problem = {[C in FindingCode]: {code: C; server?: Server; probe?: Probe; what: string} & FactsField<C>}[FindingCode];

/**
 * Validates the trace from the trust anchors down, per zone and per server, as a resolver would (RFC 4035 5),
 * but without stopping at the first failure: every server's keys and every RRset the trace relied on is checked,
 * and what is wrong becomes a finding.
 */
export function validateDnssec(traced: TraceView, anchors: TrustAnchors, now: number, budget: ValidationBudget = newBudget()): {report: DnssecReport; findings: Finding[]} {
	const view = withoutPlainAnswers(traced);
	const {trace} = view;
	const hasher = createNsec3Hasher();
	const reports = new Map<Name, ZoneDnssec>();
	const trustedKeys = new Map<Name, ResourceRecord[]>();
	const problems = new Map<Name, Problem[]>();
	const note = (zone: Name, problem: Problem) => problems.set(zone, [...(problems.get(zone) ?? []), problem]);

	const zones = [...trace.zones].sort((a, b) => depth(a.name) - depth(b.name));
	for (const zone of zones) {
		const report = validateZone(view, zone, anchors, reports, trustedKeys, now, budget, hasher, (problem) => note(zone.name, problem));
		reports.set(zone.name, report);
	}
	// A signature that expires within this window is worth a warning: resolvers will fail once it passes. The window
	// travels in the trace's options, so a snapshot is judged again with the one it was taken with.
	const expiringWithin = (view.trace.options.expiryWarningDays ?? DEFAULT_EXPIRY_WARNING_DAYS) * 86_400;
	// The zones whose DS a what-if removed (trace.assumed): their parent's denial is assumed, never checked.
	const dsRemoved = new Set(trace.assumed?.flatMap((change) => (change.kind === 'ds-remove' ? [change.zone] : [])));
	for (const zone of zones) checkRRsets(zone, reports.get(zone.name)!, trustedKeys, now, budget, hasher, (problem) => note(zone.name, problem), reports, expiringWithin, view.classify, dsRemoved, view.running);
	const outcome = outcomeStatus(view, reports, trustedKeys, now, budget, hasher, anchors);

	const findings = [...problems.entries()].flatMap(([zone, list]) => summarise(zone, list));
	if (budget.exhausted || hasher.exhausted) {
		const spent = [budget.exhausted ? 'the signature-check budget (KeyTrap bound)' : '', hasher.exhausted ? 'the NSEC3 hashing budget' : ''].filter(Boolean).join(' and ');
		findings.push(createFinding({
			code: 'VALIDATION_LIMIT',
			zone: trace.query.name,
			servers: [],
			message: `DNSSEC validation stopped early: ${spent} ran out; what was not checked is reported as indeterminate`,
			evidence: [],
		}));
	}
	const report: DnssecReport = {anchors: anchors.source, zones: zones.map((zone) => reports.get(zone.name)!), outcome};
	return {report, findings};
}

/**
 * The trace as DNSSEC evidence: an answer to a query without EDNS after every query with it went unanswered (a
 * middlebox that drops OPT, or two datagrams lost in a row: the querier cannot tell) was asked without the DO bit, and a server sends RRSIG, NSEC
 * and NSEC3 records only to a query with it (RFC 3225 3, RFC 4035 3.2.1). It shows nothing of the zone's signatures:
 * judged as evidence, its DNSKEY set without signatures read as a key set no signature validates, and its answers as
 * RRsets served unsigned (RRSIG_MISSING, DENIAL_INVALID, a bogus verdict). It is set aside as a query not asked;
 * EDNS_UNSUPPORTED tells of the server.
 */
const PLAIN_ANSWER = 'answered only to a query without EDNS: asked without DNSSEC records';

function withoutPlainAnswers(view: TraceView): TraceView {
	// A server that rejected EDNS (FORMERR or NOTIMP without an OPT record) said so: it cannot serve DNSSEC, and its
	// answers are judged as what a validator gets from it. Only silence to the queries with EDNS, which lost datagrams
	// look like too, leaves the plain answer no evidence either way.
	const plain = (probe: Probe) => probe.status === 'answered' && probe.ednsDropped === true;
	if (!view.trace.zones.some((zone) => zone.servers.some((server) => server.probes.some(plain)))) return view;
	const setAside = (probe: Probe): Probe => {
		if (!plain(probe)) return probe;
		const {response: _response, kind: _kind, rcode: _rcode, ...rest} = probe;
		return {...rest, status: 'skipped', error: PLAIN_ANSWER};
	};
	return createView({...view.trace, zones: view.trace.zones.map((zone) => ({...zone, servers: zone.servers.map((server) => ({...server, probes: server.probes.map(setAside)}))}))});
}

/** The report of a trace taken without DNSSEC: no zone judged, no finding, the verdict "not checked". */
export function notChecked(anchors: TrustAnchors): {report: DnssecReport; findings: Finding[]} {
	return {report: {anchors: anchors.source, zones: [], outcome: {status: 'not-checked', reason: 'the trace was taken with --no-dnssec: no DNSKEY or DS was asked for'}}, findings: []};
}

/**
 * The labels of the wildcard an RRset at `name` was synthesised from: its RRSIGs' Labels field, when fewer than the
 * name's own labels (RFC 4035 5.3.4; the leading `*` of a wildcard's own name is not counted, RFC 4034 3.1.3);
 * undefined for an RRset not synthesised from a wildcard.
 */
function wildcardLabels(name: Name, signatureLabels: readonly number[]): number | undefined {
	const all = labels(name);
	const fewest = Math.min(...signatureLabels);
	return fewest < all.length - (all[0] === '*' ? 1 : 0) ? fewest : undefined;
}

function depth(name: Name): number {
	return labels(name).length;
}

/** The server's answer to the zone's DNSKEY question, if it was asked. */
const dnskeyProbeOf = (server: Server): Probe | undefined => server.probes.find((probe) => servesPurpose(probe, 'dnskey'));

function dnskeysOf(probe: Probe | undefined, zone: Name): {keys: ResourceRecord[]; signatures: ResourceRecord[]} {
	const answer = probe?.kind === 'answer' ? (probe.response?.answer ?? []) : [];
	return {
		keys: answer.filter((record) => record.type === 'DNSKEY' && record.name === zone),
		signatures: answer.filter((record) => record.type === 'RRSIG' && record.name === zone && record.data.kind === 'rrsig' && record.data.typeCovered === 'DNSKEY'),
	};
}

/** Whether a DS is the digest of this key for the zone (RFC 4034 §5.1.4), with its key tag and algorithm. */
export function matchesDs(ds: ResourceRecord, key: ResourceRecord, zone: Name): boolean {
	if (ds.data.kind !== 'ds' || key.data.kind !== 'dnskey') return false;
	if (ds.data.algorithm !== key.data.algorithm || ds.data.keyTag !== tagOf(key)) return false;
	const digest = dsDigest(zone, dnskeyRData({flags: key.data.flags, protocol: key.data.protocol, algorithm: key.data.algorithm, publicKey: Buffer.from(key.data.publicKey, 'base64')}), ds.data.digestType);
	return digest !== undefined && digest.toString('hex') === ds.data.digest.toLowerCase();
}

function validateZone(
	view: TraceView,
	zone: Zone,
	anchors: TrustAnchors,
	reports: Map<Name, ZoneDnssec>,
	trustedKeys: Map<Name, ResourceRecord[]>,
	now: number,
	budget: ValidationBudget,
	hasher: Nsec3Hasher,
	note: (problem: Problem) => void,
): ZoneDnssec {
	const anchorRecords = anchors.records.filter((record) => record.name === zone.name);
	const parent = zone.parent ? reports.get(zone.parent) : undefined;

	// The DS set that anchors this zone, and whether it is itself trusted. A trust anchor for the zone starts its
	// chain whatever its parent says (RFC 4035 4.3, 5); a zone with no anchor at or above it is outside validation.
	let ds: ResourceRecord[] = [];
	// Every DS record vouching for the zone, the ones no validator uses included (a SHA-1 digest is still worth a finding).
	let published: ResourceRecord[] = [];
	// Declared with `as`: startFrom sets these, and TypeScript does not see a closure's assignments.
	let publishedBy = 'parent' as 'anchor' | 'parent';
	let anchored = 'none' as 'anchor' | 'parent' | 'none';
	let chainReason = '';
	let chainStart: Name | undefined;
	// Neither proven secure nor insecure: the NSEC3 hashing budget ran out before the DS denial was checked, or the
	// parent itself is undetermined.
	let undetermined = false;
	let unanchored = false;
	const dsProbes = view.dsProbes(zone);
	const dnskeyProbes = zone.servers.flatMap((server) => server.probes.filter((probe) => servesPurpose(probe, 'dnskey')).map((probe) => ({server, probe})));
	// A finding about the zone as a whole is noted once per probe that shows it, so it names those servers and lists
	// their answers as evidence (summarise merges the copies).
	const noteShownBy = (problem: Problem, shownBy: Array<{server: Server; probe: Probe}>) => {
		if (shownBy.length === 0) note(problem);
		for (const {server, probe} of shownBy) note({...problem, server, probe});
	};
	// RFC 4035 5.2, RFC 6840 5.2: a DS set (or anchor) none of whose algorithms or digests a validator implements
	// leaves no authenticated path, so the zone is insecure, not bogus; the records it can use are the chain's start.
	const startFrom = (records: ResourceRecord[], from: 'anchor' | 'parent') => {
		published = records;
		publishedBy = from;
		const {usable, unsupported} = usableRecords(records);
		if (usable.length > 0) {
			ds = usable;
			anchored = from;
			return;
		}
		const whose = from === 'anchor' ? 'its trust anchor has' : `the DS set at ${zone.parent} has`;
		note({code: 'ALGORITHM_UNSUPPORTED', facts: {anchor: from === 'anchor'}, what: `${whose} only ${describeUnsupported(unsupported)}: not checked, so the zone is insecure (RFC 4035 §5.2)`});
		chainReason = `${whose} only records a validator does not check (${describeUnsupported(unsupported)}): insecure, not bogus (RFC 4035 §5.2)`;
	};
	// An anchor with nothing a validator can use is ignored where an anchor above it covers the zone (Unbound: "trust
	// anchor … has no supported algorithms, the anchor is ignored"): the chain from above decides.
	const anchorUsable = usableRecords(anchorRecords);
	const anchorIgnored = anchorRecords.length > 0 && anchorUsable.usable.length === 0 && parent !== undefined && parent.status !== 'unanchored';
	if (anchorIgnored) note({code: 'ALGORITHM_UNSUPPORTED', facts: {anchor: true}, what: `its trust anchor has only ${describeUnsupported(anchorUsable.unsupported)}: the anchor is ignored, and the chain from ${parent.chainStart ?? 'above'} decides (RFC 4035 §5.2)`});
	if (anchorRecords.length > 0 && !anchorIgnored) {
		chainStart = zone.name;
		startFrom(anchorRecords, 'anchor');
	} else if (!parent || parent.status === 'unanchored') {
		unanchored = true;
		chainReason = UNANCHORED_REASON;
	} else if (parent.status === 'secure') {
		if (parent.chainStart) chainStart = parent.chainStart;
		const answers = dsProbes.filter(({probe}) => probe.kind === 'answer' && probe.response);
		// A what-if that changes the DS set assumes the parent signs what it then serves: the trace holds no such
		// signature or denial, so the assumption stands in for it (and every view says the trace is not measured).
		const assumedDs = view.trace.assumed?.findLast((change) => (change.kind === 'ds-remove' || change.kind === 'ds-replace') && change.zone === zone.name);
		if (assumedDs?.kind === 'ds-replace') {
			startFrom([{name: zone.name, type: 'DS', class: 'IN', ttl: 0, data: {kind: 'ds', ...assumedDs.ds}}], 'parent');
		} else if (assumedDs) {
			chainReason = `no DS at ${parent.zone}: assumed removed, with the parent's signed denial (what-if, not measured)`;
		} else if (answers.length > 0) {
			// A resolver that gets a DS set whose signature fails asks another server of the parent (Unbound marks the
			// server and retries): the zone is bogus only when no server's DS set validates.
			const parentKeys = trustedKeys.get(parent.zone) ?? [];
			const judged = answers.map(({server, probe}) => {
				const records = probe.response!.answer;
				const rrset = records.filter((record) => record.type === 'DS' && record.name === zone.name);
				const signatures = records.filter((record) => record.type === 'RRSIG' && record.name === zone.name && record.data.kind === 'rrsig' && record.data.typeCovered === 'DS');
				return {server, rrset, verdict: verifyRRset(rrset, signatures, parentKeys, parent.zone, now, budget)};
			});
			const chosen = judged.find(({verdict}) => verdict.verdict === 'valid') ?? judged.find(({verdict}) => verdict.verdict === 'limit');
			if (!chosen) {
				const {verdict} = judged[0]!;
				return bogusZone(zone, `no server of ${parent.zone} gives a DS set that validates (${verdict.detail}): ${zone.name} DS from ${listLabels(uniqueServers(judged.map(({server}) => server)))} (${verdict.rule})`, chainStart);
			}
			startFrom(chosen.rrset, 'parent');
		} else {
			const denials = dsProbes.filter(({probe}) => probe.kind === 'nodata' || probe.kind === 'nxdomain');
			if (denials.length > 0) {
				// As with a DS set: one server's proof that holds is enough for a resolver that retries the others.
				const checks = denials.map(({probe}) => checkDenial(probe.response?.authority ?? [], parent.zone, zone.name, 'DS', 'nodata', hasher));
				const check = checks.find((candidate) => candidate.ok && candidate.cut) ?? checks.find((candidate) => candidate.ok) ?? checks.find((candidate) => candidate.unchecked) ?? checks[0]!;
				// A denial that shows no zone cut at the name proves no unsigned delegation (RFC 6840 4.4): a validator then
				// holds the name to the parent's keys, which sign nothing the zone's servers serve.
				if (check.ok && !check.cut) {
					return bogusZone(zone, `no DS at ${parent.zone}, and its proof shows no delegation at ${zone.name} (${check.detail}, and no NS there): a validator expects ${zone.name}'s records signed with ${parent.zone}'s keys, so the answers of its servers fail (RFC 6840 §4.4): ${zone.name} DS from ${listLabels(uniqueServers(denials.map(({server}) => server)))}`, chainStart);
				}
				if (check.ok) chainReason = `no DS at ${parent.zone}: proven unsigned delegation (${check.detail})`;
				else if (check.unchecked) chainReason = `no DS at ${parent.zone}, and the proof of it is ${check.detail}`;
				else return bogusZone(zone, `no DS at ${parent.zone}, and no valid proof of it (${check.detail}): ${zone.name} DS from ${listLabels(uniqueServers(denials.map(({server}) => server)))} (RFC 4035 §5.4)`, chainStart);
				undetermined = check.unchecked === 'limit';
			} else {
				chainReason = `no answer to the DS question from ${parent.zone}`;
			}
		}
	} else {
		if (parent.chainStart) chainStart = parent.chainStart;
		undetermined = parent.status === 'indeterminate';
		chainReason = parent.status === 'bogus' ? `the chain is broken above, at ${parent.zone}` : `${parent.zone} is ${parent.status}`;
	}

	const dsTags = unique(ds.filter((record) => record.data.kind === 'ds').map((record) => (record.data.kind === 'ds' ? record.data.keyTag : 0)));
	for (const record of published) {
		if (record.data.kind === 'ds' && (record.data.digestType === 1 || record.data.digestType === 3)) {
			const {keyTag, digestType, digest} = record.data;
			// An anchor's digest is the validator's configuration: no server of the parent is at fault for it.
			const serving = publishedBy === 'anchor' ? [] : dsProbes.filter(({probe}) => probe.response?.answer.some((served) => served.type === 'DS' && served.name === zone.name && served.data.kind === 'ds' && served.data.keyTag === keyTag && served.data.digestType === digestType && served.data.digest.toLowerCase() === digest.toLowerCase()));
			noteShownBy({code: 'DS_DIGEST_DEPRECATED', facts: {anchor: publishedBy === 'anchor'}, what: `${publishedBy === 'anchor' ? 'the trust anchor\'s ' : ''}DS ${keyTag} uses ${DIGESTS[digestType]?.mnemonic ?? 'GOST'} (digest type ${digestType})`}, serving);
		}
	}

	const servers: ServerDnssec[] = [];
	const keyTags = new Set<number>();
	const trusted: ResourceRecord[] = [];
	let servingKeys = 0;
	let answering = 0;
	// Judged once every server is: whether another server's DNSKEY set validates decides how bad each failure is.
	const failedKeySets: Array<{verdict: RRsetVerdict; server: Server; probe: Probe}> = [];
	for (const server of zone.servers) {
		const probe = dnskeyProbeOf(server);
		if (!probe || probe.status !== 'answered' || !['answer', 'nodata'].includes(probe.kind ?? '')) continue;
		answering++;
		const {keys, signatures} = dnskeysOf(probe, zone.name);
		for (const key of keys) {
			keyTags.add(tagOf(key));
			if (key.data.kind === 'dnskey' && DEPRECATED_ALGORITHMS.has(key.data.algorithm)) note({code: 'ALGORITHM_DEPRECATED', server, probe, what: `DNSKEY ${tagOf(key)} uses algorithm ${key.data.algorithm}`});
			if (key.data.kind === 'dnskey' && !ALGORITHMS[key.data.algorithm] && !DEPRECATED_ALGORITHMS.has(key.data.algorithm)) note({code: 'ALGORITHM_UNSUPPORTED', facts: {anchor: false}, server, probe, what: `DNSKEY ${tagOf(key)} uses algorithm ${key.data.algorithm}`});
		}
		if (keys.length > 0) servingKeys++;
		if (anchored === 'none') {
			servers.push({name: server.name, address: server.address, status: unanchored ? 'unanchored' : 'insecure', reason: keys.length > 0 ? `serves DNSKEY ${keys.map(tagOf).join(', ')}, but ${chainReason}` : 'serves no DNSKEY'});
			continue;
		}
		if (keys.length === 0) {
			servers.push({name: server.name, address: server.address, status: 'bogus', reason: `the ${anchored === 'anchor' ? 'trust anchor says' : 'DS set at the parent says'} the zone is signed, but this server serves no DNSKEY`});
			continue;
		}
		const anchorKeys = anchored === 'anchor' ? ds.filter((record) => record.type === 'DNSKEY') : [];
		const entry = keys.filter((key) => ds.some((record) => matchesDs(record, key, zone.name)) || anchorKeys.some((anchor) => anchor.data.kind === 'dnskey' && key.data.kind === 'dnskey' && anchor.data.publicKey === key.data.publicKey));
		if (entry.length === 0) {
			servers.push({name: server.name, address: server.address, status: 'bogus', reason: `no DNSKEY matches the DS (${dsTags.join(', ')})`});
			continue;
		}
		const verdict = verifyRRset(keys, signatures, entry, zone.name, now, budget);
		if (verdict.verdict !== 'valid') {
			failedKeySets.push({verdict, server, probe});
			servers.push({name: server.name, address: server.address, status: verdict.verdict === 'limit' ? 'indeterminate' : 'bogus', reason: `the DNSKEY RRset is not validly signed by the key the DS points to (${verdict.detail})`});
			continue;
		}
		trusted.push(...keys);
		servers.push({name: server.name, address: server.address, status: 'secure', reason: `DNSKEY RRset signed by key ${verdict.keyTags.join(', ')}, which the ${anchored === 'anchor' ? 'trust anchor' : 'parent DS'} vouches for`});
	}
	trustedKeys.set(zone.name, uniqueKeys(trusted));
	const validatesElsewhere = (server: Server) => servers.some((entry) => entry.status === 'secure' && entry.address !== server.address);
	for (const {verdict, server, probe} of failedKeySets) recordVerdict(verdict, `${zone.name} DNSKEY`, server, probe, {stakes: 'chain', chainOfTrust: true, anotherServerValidates: validatesElsewhere(server), besideAnswer: false}, note);

	// Findings about the zone as a whole. A DS set from a trust anchor is no parent's: the root has none, and an anchor
	// given for a zone below it overrides its parent's DS.
	const fromAnchor = anchored === 'anchor';
	const vouching = fromAnchor ? 'the trust anchor holds' : `${zone.parent} publishes`;
	// Every server of the zone answered its DNSKEY question, and none for the zone (REFUSED, an upward referral): no
	// validator can fetch the keys the DS vouches for, so it fails the zone, as Unbound does ("No DNSKEY record for key").
	let keysRefused = false;
	if (anchored !== 'none' && ds.length > 0) {
		const allKeys = zone.servers.flatMap((server) => dnskeysOf(dnskeyProbeOf(server), zone.name).keys);
		const unmatched = ds.filter((record) => record.data.kind === 'ds' && !allKeys.some((key) => matchesDs(record, key, zone.name)));
		if (unmatched.length > 0 && allKeys.length > 0) {
			const shownBy = [...dsProbes.filter(({probe}) => probe.kind === 'answer'), ...dnskeyProbes.filter(({probe}) => dnskeysOf(probe, zone.name).keys.length > 0)];
			noteShownBy({code: 'DS_NO_MATCHING_DNSKEY', facts: {anyDsMatches: unmatched.length < ds.length, anchor: fromAnchor}, what: `DS ${unmatched.map((record) => (record.data.kind === 'ds' ? `${record.data.keyTag}/${record.data.algorithm}/${record.data.digestType}` : '')).join(', ')} ${fromAnchor ? 'of the trust anchor' : `at ${zone.parent}`} match${unmatched.length === 1 ? 'es' : ''} no DNSKEY of the zone (keys served: ${[...keyTags].join(', ')})`}, shownBy);
		}
		// A trace saved while it ran: a DNSKEY answer still out, a server not asked yet (a zone's standing questions go
		// out a turn after its servers are learned) or one a running look-up will add may yet bring the keys.
		const keysOut = dnskeyProbes.some(({probe}) => probe.status === 'pending') || (view.running && (zone.servers.some((server) => !server.probes.some((probe) => servesPurpose(probe, 'dnskey'))) || lookUpsRunning(view.trace, zone)));
		if (servingKeys === 0 && answering > 0 && !keysOut) {
			// Servers not heard (time-outs, queries not sent) may hold the keys: said, with those that answered without them
			// named, so the finding reads as the server that lost its keys (an unsigned secondary), not a zone unsigned.
			const keyless = dnskeyProbes.filter(({probe}) => probe.status === 'answered' && ['answer', 'nodata'].includes(probe.kind ?? ''));
			const silent = zone.servers.filter((server) => dnskeyProbeOf(server)?.status !== 'answered').length;
			const otherwise = zone.servers.length - answering - silent;
			const others = [...(silent > 0 ? [`${silent} gave no answer to it`] : []), ...(otherwise > 0 ? [`${otherwise} ${otherwise === 1 ? 'answers' : 'answer'} it not as a server of the zone (a refusal, an error, a referral)`] : [])];
			const what = others.length === 0 ? 'no server of the zone serves a DNSKEY' : `${answering === 1 ? 'the one server address that answered the DNSKEY question serves none' : `the ${answering} server addresses that answered the DNSKEY question serve none`}; ${others.join(', and ')}`;
			noteShownBy({code: 'DNSKEY_MISSING', facts: {anyServerAnswers: true, anchor: fromAnchor}, what: `${vouching} DS ${dsTags.join(', ')}, but ${what}`}, others.length === 0 ? [] : keyless);
		}
		if (answering === 0 && zone.servers.length > 0 && !keysOut) {
			// Servers that answer, but not for the zone (NXDOMAIN, REFUSED, no authority at its apex), do not serve it either.
			const replied = dnskeyProbes.filter(({probe}) => probe.status === 'answered');
			const others = countBy(replied.map(({probe}) => NOT_THE_ZONE[probe.kind ?? 'error'] ?? 'an unusable answer'));
			const silent = dnskeyProbes.length - replied.length;
			const said = others.size === 0 ? 'no server of the zone answers' : `no server of the zone answers for it (${[...others].map(([how, count]) => `${count} ${count === 1 ? 'answers' : 'answer'} ${how}`).join(', ')} to its DNSKEY question${silent > 0 ? `; ${silent} gave no answer to it` : ''})`;
			keysRefused = zone.servers.every((server) => server.probes.some((probe) => servesPurpose(probe, 'dnskey') && probe.status === 'answered'));
			// Servers that answer other questions in the zone (the name asked) serve it, though not its keys: the zone is not
			// gone, and every validated answer from it fails (a break test: Unbound and delv SERVFAIL, the trace said warning).
			const servedOtherwise = zone.servers.filter((server) => server.probes.some(isUsable)).length;
			const why = servedOtherwise > 0 ? `, though ${servedOtherwise === 1 ? 'one of its server addresses answers' : `${servedOtherwise} of its server addresses answer`} other questions in it: validating resolvers fail every answer from it` : `: ${fromAnchor ? 'an anchor for a zone that is gone, or servers that are not its own' : 'a DS left behind for a zone that is gone'}`;
			// A DNSKEY question that timed out everywhere, at a zone that answers others, is no sign the keys are gone (a slow
			// or lossy path; the time-outs have findings of their own). Where some server answered it without them, it is
			// said, and the verdict stays indeterminate while another server was not heard.
			// Nor is a zone "gone" whose DNSKEY question did not leave for some server, or whose answers were set aside
			// (asked without EDNS: withoutPlainAnswers): nothing was heard of its keys there.
			const unasked = dnskeyProbes.some(({probe}) => probe.status === 'skipped');
			if (keysRefused || (servedOtherwise === 0 && !unasked) || replied.length > 0) note({code: 'DNSKEY_MISSING', facts: {anyServerAnswers: servedOtherwise > 0, anchor: fromAnchor}, what: `${vouching} DS ${dsTags.join(', ')}, but ${said}, so no DNSKEY could be fetched${why}`});
		}
	}
	if (anchored === 'none' && servingKeys > 0 && parent && parent.status !== 'bogus') {
		const denials = dsProbes.filter(({probe}) => probe.kind === 'nodata' || probe.kind === 'nxdomain');
		const serving = dnskeyProbes.filter(({probe}) => probe.status === 'answered' && dnskeysOf(probe, zone.name).keys.length > 0);
		// Every other server accounted for: those that answered without keys, and those that gave no answer.
		// A server whose DNSKEY answer is still out (a trace saved while it ran) has not failed to give one.
		const waited = zone.servers.filter((server) => server.probes.some((probe) => servesPurpose(probe, 'dnskey') && probe.status === 'pending')).length;
		const silent = zone.servers.length - answering - waited;
		const others = [...(answering > servingKeys ? [`${answering - servingKeys} answered with no DNSKEY`] : []), ...(silent > 0 ? [`${silent} gave no answer to the DNSKEY question`] : []), ...(waited > 0 ? [`${waited} not heard from yet`] : [])];
		if (denials.length > 0) {
			const problem = {code: 'DNSSEC_WITHOUT_DS' as const, what: `${servingKeys} of the zone's ${zone.servers.length} server addresses serve${servingKeys === 1 ? 's' : ''} DNSKEY ${[...keyTags].join(', ')}${others.length > 0 ? ` (${others.join(', ')})` : ''}, but ${zone.parent} has no DS for the zone`};
			noteShownBy(problem, serving);
			// The parent's servers that deny the DS are evidence, not at fault: the finding names only the zone's.
			for (const {probe} of denials) note({...problem, probe});
		}
	}

	const statuses = servers.map((server) => server.status);
	let status: DnssecStatus;
	let reason: string;
	if (anchored === 'none') {
		status = unanchored ? 'unanchored' : parent?.status === 'bogus' && (anchorRecords.length === 0 || anchorIgnored) ? 'bogus' : undetermined || chainReason.startsWith('no answer') ? 'indeterminate' : 'insecure';
		reason = chainReason;
	} else if (statuses.length === 0 && keysRefused) {
		status = 'bogus';
		reason = `the ${anchored === 'anchor' ? 'trust anchor says' : `DS set at ${zone.parent} says`} the zone is signed, but every server answers its DNSKEY question without the zone's keys: ${zone.name} DNSKEY from ${listLabels(zone.servers)} (RFC 4035 §5.2)`;
	} else if (statuses.length === 0) {
		status = 'indeterminate';
		// Set aside as asked without EDNS (withoutPlainAnswers): skipped, with that reason; never sent ones say "not sent".
		const withoutEdns = dnskeyProbes.some(({probe}) => probe.status === 'skipped' && probe.error === PLAIN_ANSWER);
		reason = withoutEdns ? 'no server answered the DNSKEY question with EDNS: its keys were not seen' : 'no server answered the DNSKEY question';
	} else if (statuses.every((entry) => entry === 'secure')) {
		status = 'secure';
		reason = `every server's DNSKEY RRset validates from the ${anchored === 'anchor' ? 'trust anchor' : `DS at ${zone.parent}`}`;
	} else if (statuses.includes('secure')) {
		// Validating resolvers retry another server on bogus data, so users get validated answers; the servers that
		// fail are one step from an outage (the next failure of the others), and slow every resolver that meets them.
		const atRisk = servers.filter((entry) => entry.status !== 'secure');
		status = 'secure';
		reason = `${statuses.length - atRisk.length} of ${statuses.length} servers' DNSKEY RRsets validate from the ${anchored === 'anchor' ? 'trust anchor' : `DS at ${zone.parent}`}; validating resolvers retry those on bogus data; servers at risk: ${atRisk.map(serverLabel).join(', ')}`;
	} else if (statuses.includes('indeterminate')) {
		status = 'indeterminate';
		reason = servers.find((entry) => entry.status === 'indeterminate')?.reason ?? 'validation stopped early';
	} else {
		status = 'bogus';
		reason = `no server's DNSKEY RRset validates (${servers[0]?.reason ?? 'no server validates'}): ${zone.name} DNSKEY from ${listLabels(servers)} (RFC 4035 §5.2)`;
	}
	if (servingKeys > 0 && servingKeys < answering) {
		const without = servers.filter((server) => server.reason === 'serves no DNSKEY' || server.reason.includes('serves no DNSKEY'));
		for (const server of without) {
			const entry = zone.servers.find((candidate) => candidate.address === server.address)!;
			note({code: 'DNSSEC_PARTIAL', facts: {stakes: signatureStakes(status), chainOfTrust: anchored !== 'none', anotherServerValidates: validatesElsewhere(entry)}, server: entry, what: 'serves no DNSSEC material'});
		}
	}
	return {zone: zone.name, status, reason, keyTags: [...keyTags], dsTags, ...(chainStart ? {chainStart} : {}), servers};
}

/**
 * What validators make of a zone's signatures, by its status: outside validation and proven unsigned are the two
 * ways no validator with these anchors checks them; any other status (secure, bogus, undecided) means a chain of
 * trust reaches the zone and validators reject what fails.
 */
function signatureStakes(status: DnssecStatus): SignatureStakes {
	return status === 'unanchored' || status === 'insecure' ? status : 'chain';
}

/** Whether a server of the zone answered with a referral to `child`: the zone delegates it. */
function refersTo(zone: Zone, child: Name): boolean {
	return zone.servers.some((server) => server.probes.some((probe) => probe.kind === 'referral' && probe.referral === child));
}

/** How a server that answers the DNSKEY question, but not from the zone, answered it. */
const NOT_THE_ZONE: Partial<Record<ResponseKind, string>> = {
	nxdomain: 'NXDOMAIN',
	refused: 'REFUSED',
	servfail: 'SERVFAIL',
	lame: 'without authority',
	referral: 'with a referral',
	'upward-referral': 'with an upward referral',
	cname: 'with a CNAME',
};

function countBy(values: string[]): Map<string, number> {
	const counts = new Map<string, number>();
	for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
	return counts;
}

function bogusZone(zone: Zone, reason: string, chainStart: Name | undefined): ZoneDnssec {
	return {zone: zone.name, status: 'bogus', reason, keyTags: [], dsTags: [], ...(chainStart ? {chainStart} : {}), servers: zone.servers.map((server) => ({name: server.name, address: server.address, status: 'bogus', reason}))};
}

function uniqueKeys(keys: ResourceRecord[]): ResourceRecord[] {
	return keys.filter((key, index) => keys.findIndex((other) => other.data.kind === 'dnskey' && key.data.kind === 'dnskey' && other.data.publicKey === key.data.publicKey) === index);
}

/** Every RRset the zone's servers returned that the trace relies on: answers, negative proofs, DS at referrals. */
function checkRRsets(
	zone: Zone,
	report: ZoneDnssec,
	trustedKeys: Map<Name, ResourceRecord[]>,
	now: number,
	budget: ValidationBudget,
	hasher: Nsec3Hasher,
	note: (problem: Problem) => void,
	reports: Map<Name, ZoneDnssec>,
	expiringWithin: number,
	classify: TraceView['classify'],
	dsRemoved: ReadonlySet<Name>,
	running: boolean,
) {
	const secure = report.status === 'secure' || report.servers.some((server) => server.status === 'secure');
	const ownKeys = (server: Server) => dnskeysOf(dnskeyProbeOf(server), zone.name).keys;
	let earliest: number | undefined;
	// Recorded once every server is judged: a failure where another server's copy of the RRset validates leaves the
	// zone at risk (resolvers retry), one where none does breaks it.
	const failures: Array<{verdict: RRsetVerdict; rrset: string; what: string; server: Server; probe: Probe; serverSecure: boolean; besideAnswer: boolean}> = [];
	const validatedAt = new Map<string, Set<string>>();
	for (const server of zone.servers) {
		const serverSecure = report.servers.find((entry) => entry.address === server.address)?.status === 'secure';
		// A server that gave no keys of its own (its DNSKEY answer lost, timed out, never sent: this host out of sockets; or
		// an answer without them) is judged by the keys the zone validated with, as a validator that fetched them elsewhere
		// judges it. Judged by its own keys, none, every signature it served was RRSIG_INVALID ("no DNSKEY with tag…").
		const own = ownKeys(server);
		const byZoneKeys = serverSecure || own.length === 0;
		const keys = byZoneKeys ? (trustedKeys.get(zone.name) ?? []) : own;
		// One that answered its DNSKEY question without keys and signs nothing is DNSSEC_PARTIAL's ("serves no DNSSEC
		// material"), not an RRSIG_MISSING per RRset; one whose answer never came is judged as any other.
		const servesNoDnssec = own.length === 0 && server.probes.some((probe) => servesPurpose(probe, 'dnskey') && probe.status === 'answered');
		if (keys.length === 0 && !secure) continue;
		// A trace saved while it runs: the server's keys are not in yet, so its signatures are judged once they come.
		if (!serverSecure && server.probes.some((probe) => servesPurpose(probe, 'dnskey') && probe.status === 'pending')) continue;
		// The walk's questions first, each kind in the order sent: what the messages list first never depends on whether
		// a zone question went out before the walk's next one (the walk asks `SOA name` once every server has answered).
		for (const probe of server.probes.toSorted((a, b) => Number(b.purpose === 'walk') - Number(a.purpose === 'walk') || a.id - b.id)) {
			// A TCP check's answer is checked too when its data is the server's UDP answer: a TCP backend can serve the
			// same records with other (expired, bad) signatures, which TCP_UDP_ANSWERS_DIFFER does not compare; an
			// identical copy costs nothing (the budget remembers each verification). One whose data differs (or that
			// has no UDP answer to set it beside) is TCP_UDP_ANSWERS_DIFFER's alone: a stale backend is reported once.
			if (probe.status !== 'answered' || !probe.response || servesPurpose(probe, 'dnskey')) continue;
			if (isTcpCheck(probe) && comparedWithUdp(server, probe)?.same !== true) continue;
			if (!['answer', 'cname', 'nodata', 'nxdomain', 'referral'].includes(probe.kind ?? '')) continue;
			// A response from a child's data (its SOA names a cut below this zone: the server serves the child too) is
			// the child's, judged with the child's keys when its servers are asked, never with this zone's.
			if (classify(probe)?.childApex) continue;
			// A trace saved while it ran: a positive answer below the zone may yet prove to be a child's data (the walk
			// asks the zone's servers `SOA name` to find a cut they also serve), so it is judged once they all said.
			if (running && cutSought(zone, probe)) continue;
			const message = probe.response;
			const sets = new Map<string, ResourceRecord[]>();
			const add = (record: ResourceRecord) => {
				if (record.type === 'RRSIG' || !isAtOrBelow(record.name, zone.name)) return;
				if (probe.kind === 'referral' && !['DS', 'NSEC', 'NSEC3'].includes(record.type)) return;
				const key = `${record.name}|${record.type}`;
				sets.set(key, [...(sets.get(key) ?? []), record]);
			};
			if (probe.kind !== 'referral') message.answer.filter((record) => isOwnData(record, zone, reports)).forEach(add);
			message.authority.forEach(add);
			const asked = askedRRsets(message.answer, probe.question);
			// The RRSIGs of the answer and authority sections by what they cover, in the order they came: found once per
			// message, not searched for each RRset.
			const signaturesOf = new Map<string, ResourceRecord[]>();
			for (const record of [...message.answer, ...message.authority]) {
				if (record.type !== 'RRSIG' || record.data.kind !== 'rrsig') continue;
				const covered = `${record.name}|${record.data.typeCovered}`;
				signaturesOf.set(covered, [...(signaturesOf.get(covered) ?? []), record]);
			}
			for (const [key, rrset] of sets) {
				const [owner, type] = ownerAndType(key);
				if (type === 'CNAME' && synthesisedFromDname(rrset, message.answer)) continue;
				const verdict = verifyRRset(rrset, signaturesOf.get(key) ?? [], keys, zone.name, now, budget);
				if (verdict.verdict === 'valid') {
					if (byZoneKeys) validatedAt.set(key, (validatedAt.get(key) ?? new Set()).add(server.address));
					if (verdict.expiration !== undefined) earliest = Math.min(earliest ?? Number.POSITIVE_INFINITY, verdict.expiration);
					if (verdict.expiration !== undefined && verdict.expiration - now < expiringWithin) {
						note({code: 'RRSIG_EXPIRING_SOON', facts: {stakes: signatureStakes(report.status)}, server, probe, what: `${owner} ${type} (expires ${new Date(verdict.expiration * 1000).toISOString()})`});
					}
					continue;
				}
				if (verdict.verdict === 'missing' && !serverSecure && servesNoDnssec) continue;
				// An RRset of a positive answer the question did not ask for (in the answer section, or the zone's NS in the
				// authority section, which no answer relies on): validators strip it, and the answer stands. In a denial every
				// record beside it is one more reason to distrust it: judged as before.
				const positive = probe.kind === 'answer' || probe.kind === 'cname';
				const besideAnswer = positive && !asked.has(key) && (rrset.every((record) => message.answer.includes(record)) || (type === 'NS' && rrset.every((record) => message.authority.includes(record))));
				failures.push({verdict, rrset: key, what: `${owner} ${type}${besideAnswer ? ', beside the answer (not asked for)' : ''}`, server, probe, serverSecure: byZoneKeys, besideAnswer});
			}
			for (const record of message.authority) {
				if (record.data.kind === 'nsec3' && record.data.iterations > 0) {
					note({code: 'NSEC3_ITERATIONS', facts: {iterations: record.data.iterations, stakes: signatureStakes(report.status)}, server, probe, what: `NSEC3 with ${record.data.iterations} extra iterations${record.data.salt ? ' and a salt' : ''}`});
					break;
				}
			}
			// An answer or CNAME synthesised from a wildcard (its RRSIG has fewer labels than its owner) stands only with the
			// proof that no closer name exists (RFC 4035 5.3.4, RFC 5155 8.8): without one the outcome is bogus
			// (wildcardExpansion), and this is the record why. Bad signatures over the proof are the RRSIG checks' above.
			if ((probe.kind === 'answer' || probe.kind === 'cname') && serverSecure) {
				for (const [key, rrset] of sets) {
					const [owner, type] = ownerAndType(key);
					if (!message.answer.includes(rrset[0]!)) continue;
					const signatureLabels = wildcardLabels(owner, message.answer.flatMap((record) => (record.name === owner && record.data.kind === 'rrsig' && record.data.typeCovered === type ? [record.data.labels] : [])));
					if (signatureLabels === undefined) continue;
					const check = checkWildcardAnswer(zoneProof(message.authority, zone.name), zone.name, owner, signatureLabels, hasher);
					if (!check.ok && !check.unchecked) note({code: 'DENIAL_INVALID', server, probe, what: `${owner} ${type}, synthesised from a wildcard: ${check.detail}`});
				}
			}
			// A DS a what-if removed is denied with a proof the trace never saw: assumed, as validateZone assumes it.
			const assumedDenial = probe.question.type === 'DS' && dsRemoved.has(probe.question.name);
			if ((probe.kind === 'nxdomain' || probe.kind === 'nodata') && serverSecure && !assumedDenial) {
				const denied = lastName(message.answer, probe.question.name);
				const check = checkDenial(message.authority, zone.name, denied, probe.question.type, probe.kind, hasher);
				if (!check.ok && !check.unchecked) note({code: 'DENIAL_INVALID', server, probe, what: `${probe.kind.toUpperCase()} for ${denied} ${probe.question.type}: ${check.detail}`});
				// The NSEC or NSEC3 at a name this zone refers resolvers to, that shows no NS: the zone's signed data
				// contradicts its own referral (a chain not re-made when the delegation was added), and no server's proof
				// showing the cut, validators fail the child (RFC 6840 4.4; validateZone). A child found only because the
				// servers serve it too is no delegation as far as its proof says (an NSEC with no type of its own may as well
				// be a compact denial, RFC 9824): ZONE_NOT_DELEGATED says so. A stale server beside one whose proof holds
				// breaks nothing: SERIAL_MISMATCH and REFERRAL_INCONSISTENT say what it is.
				else if (check.ok && check.atName && !check.cut && probe.kind === 'nodata' && probe.question.type === 'DS' && reports.get(denied)?.status === 'bogus' && refersTo(zone, denied)) {
					note({code: 'DENIAL_INVALID', server, probe, what: `NODATA for ${denied} DS: ${check.detail}, and no NS, though ${zone.name} refers resolvers to ${denied}: validators take the signed NSEC's word, that no zone starts there, and fail ${denied}'s answers (RFC 6840 §4.4)`});
				}
			}
		}
	}
	for (const {verdict, rrset, what, server, probe, serverSecure, besideAnswer} of failures) {
		const anotherServerValidates = [...(validatedAt.get(rrset) ?? [])].some((address) => address !== server.address);
		recordVerdict(verdict, what, server, probe, {stakes: signatureStakes(report.status), chainOfTrust: serverSecure, anotherServerValidates, besideAnswer}, note);
	}
	if (earliest !== undefined) report.earliestExpiry = earliest;
}

/**
 * Whether a positive answer below the zone may be a child's data the walk has not opened yet (`seekCut`): the zone's
 * servers not all asked `SOA name` yet, or one's SOA names a cut between the zone and the name.
 */
function cutSought(zone: Zone, probe: Probe): boolean {
	const {name, type} = probe.question;
	if (probe.purpose !== 'walk' || probe.kind !== 'answer' || type === 'SOA' || !isStrictlyBelow(name, zone.name)) return false;
	const soas = zone.servers.map((server) => server.probes.find((candidate) => candidate.question.name === name && candidate.question.type === 'SOA' && candidate.status !== 'pending'));
	const namesCut = (soa: Probe) => [...(soa.response?.answer ?? []), ...(soa.response?.authority ?? [])].some((record) => record.type === 'SOA' && isStrictlyBelow(record.name, zone.name) && isAtOrBelow(name, record.name));
	return soas.some((soa) => !soa || namesCut(soa));
}

/**
 * The answer-section RRsets (`owner|type`) a validator relies on for the question, as judgeReply follows them: each
 * DNAME and CNAME of the chain from the question name, and the RRset of the asked type where the chain ends (every
 * type there for ANY). A validator validates these, and a failure among them makes the answer bogus; any other RRset of
 * the answer section was not asked for, and is stripped unvalidated (RFC 4035 5; Unbound's scrubber removes RRsets
 * that are not part of the answer before validating, BIND neither validates nor caches them).
 */
function askedRRsets(answer: readonly ResourceRecord[], question: QuestionRef): Set<string> {
	const asked = new Set<string>();
	let current = question.name;
	const followed = new Set<Name>();
	while (!followed.has(current)) {
		followed.add(current);
		const here = answer.filter((record) => record.name === current && record.type !== 'RRSIG');
		// A DNAME above the name is what the CNAME synthesised at it stands on (RFC 6672 5.3.1), the CNAME asked for
		// included: a validator checks the DNAME's signature, not the unsigned CNAME's.
		const dname = answer.find((record) => record.type === 'DNAME' && isStrictlyBelow(current, record.name));
		if (dname) asked.add(`${dname.name}|DNAME`);
		const data = here.filter((record) => record.type === question.type || question.type === 'ANY');
		if (data.length > 0) {
			for (const record of data) asked.add(`${record.name}|${record.type}`);
			break;
		}
		const cname = here.find((record) => record.type === 'CNAME');
		if (cname) asked.add(`${current}|CNAME`);
		if (dname?.data.kind === 'name') {
			current = substituteSuffix(current, dname.name, dname.data.target);
		} else if (cname?.data.kind === 'name') {
			current = cname.data.target;
		} else {
			break;
		}
	}
	return asked;
}

/**
 * An RRset's key (`owner|type`) read back: at its last `|`, as a name may hold one (`a|b.example.`, shown unescaped)
 * and a type never does. Split at the first, such a name's RRset had no signature found and a wrong name in its finding.
 */
function ownerAndType(key: string): [Name, string] {
	const cut = key.lastIndexOf('|');
	return [key.slice(0, cut) as Name, key.slice(cut + 1)];
}

/** Answer records that belong to this zone (not to a child zone the trace also knows). */
function isOwnData(record: ResourceRecord, zone: Zone, reports: Map<Name, ZoneDnssec>): boolean {
	if (!isAtOrBelow(record.name, zone.name)) return false;
	return ![...reports.keys()].some((other) => other !== zone.name && isAtOrBelow(other, zone.name) && isAtOrBelow(record.name, other) && !(record.type === 'DS' && record.name === other));
}

/** RFC 6672 5.3.1: a CNAME the server synthesised from a DNAME in the same answer carries no signature of its own. */
function synthesisedFromDname(rrset: ResourceRecord[], answer: ResourceRecord[]): boolean {
	const [cname] = rrset;
	if (rrset.length !== 1 || cname?.data.kind !== 'name') return false;
	const target = cname.data.target;
	return answer.some((record) => record.type === 'DNAME' && record.data.kind === 'name' && isStrictlyBelow(cname.name, record.name) && substituteSuffix(cname.name, record.name, record.data.target) === target);
}

/** The name a CNAME chain in the answer section ends at (the name actually denied). */
function lastName(answer: ResourceRecord[], name: Name): Name {
	let current = name;
	for (let step = 0; step < 16; step++) {
		const cname = answer.find((record) => record.name === current && record.type === 'CNAME' && record.data.kind === 'name');
		if (!cname || cname.data.kind !== 'name') break;
		current = cname.data.target;
	}
	return current;
}

function recordVerdict(verdict: RRsetVerdict, what: string, server: Server, probe: Probe, facts: FindingFacts['RRSIG_EXPIRED'], note: (problem: Problem) => void) {
	switch (verdict.verdict) {
		case 'expired':
			note({code: 'RRSIG_EXPIRED', facts, server, probe, what: `${what} (${verdict.detail})`});
			break;
		case 'not-yet-valid':
			note({code: 'RRSIG_NOT_YET_VALID', facts, server, probe, what: `${what} (${verdict.detail})`});
			break;
		case 'invalid':
		case 'no-key':
			note({code: 'RRSIG_INVALID', facts, server, probe, what: `${what} (${verdict.detail})`});
			break;
		case 'missing':
			note({code: 'RRSIG_MISSING', facts, server, probe, what});
			break;
		case 'unsupported':
			note({code: 'ALGORITHM_UNSUPPORTED', facts: {anchor: false}, server, probe, what: `${what} (${verdict.detail})`});
			break;
		case 'limit':
		case 'valid':
			break;
	}
}

/**
 * The outcome's status as a validating resolver gets it. The main resolution is a chain of links (one per CNAME or
 * DNAME it followed, then the final answer or denial), each answered by one zone; a link is as good as its zone's
 * chain of trust (which already carries everything above it, from its closest trust anchor) and, in a secure zone,
 * its own RRsets from any server whose reply validates (a resolver retries another server on bogus data, so a link
 * is bogus only when no server's reply validates). The outcome is its weakest link; the servers whose data fails
 * are named: at risk.
 */
function outcomeStatus(view: TraceView, reports: Map<Name, ZoneDnssec>, trustedKeys: Map<Name, ResourceRecord[]>, now: number, budget: ValidationBudget, hasher: Nsec3Hasher, anchors: TrustAnchors): DnssecReport['outcome'] {
	const {trace} = view;
	const main = trace.resolutions[0];
	// A CNAME chain that loops ends in no RRset, but every link of it was answered and is judged as any link is.
	const loop = trace.loops.find((entry) => entry.kind === 'cname');
	const looped = main !== undefined && trace.outcome.status === 'failure' && loop !== undefined && main.steps.at(-1)?.result === 'cname';
	if (!main || (trace.outcome.status === 'failure' && !looped) || trace.outcome.status === 'pending') return {status: 'indeterminate', reason: 'the trace found no answer to validate'};
	// Only a looped chain gets here without an answer: its last link is a CNAME like the others.
	const ending = trace.outcome.status === 'failure' ? 'cname' : trace.outcome.status;
	const atRisk: ServerDnssec[] = [];
	const links: Array<{status: DnssecStatus; reason: string}> = [];
	let from = 0;
	main.steps.forEach((step, index) => {
		const last = index === main.steps.length - 1;
		if (step.result !== 'cname' && !last) return;
		const steps = main.steps.slice(from, index + 1);
		from = index + 1;
		links.push(unprimedAnchor(steps.at(-1)!, anchors) ?? judgeLink(view, steps, step.result === 'cname' && !last ? 'cname' : ending, reports, trustedKeys, now, budget, hasher, atRisk, anchors));
	});
	if (links.length === 0) return {status: 'indeterminate', reason: 'no final response to validate'};
	// The weakest link decides: bogus, then undecided, then a link no anchor covers, then an unsigned one; among
	// equals, the first in the chain.
	const weakness: Record<DnssecStatus, number> = {bogus: 0, indeterminate: 1, 'not-checked': 1, unanchored: 2, insecure: 3, secure: 4};
	const weakest = links.reduce((worst, link) => (weakness[link.status] < weakness[worst.status] ? link : worst));
	const named = atRisk.filter((server, index) => atRisk.findIndex((other) => other.address === server.address) === index);
	const reason = weakest.status !== 'secure' ? weakest.reason : `${links.map((link) => link.reason).join('; ')}${named.length > 0 ? `; servers at risk (their data does not validate; resolvers retry the others): ${named.map(serverLabel).join(', ')}` : ''}`;
	// What a validator says of the links, and that it still has no answer: the loop fails every resolver alike.
	if (looped) return {status: weakest.status, reason: `${reason}; but the CNAME chain loops (${loop.names.join(' → ')}): there is no final RRset to validate, and every resolver answers SERVFAIL, validating or not`};
	return {status: weakest.status, reason};
}

/**
 * A usable trust anchor at a name between the zone that answered and the name asked is the closest one, so a
 * validator starts there (RFC 4035 4.3) — but that name is no zone cut: there is no DNSKEY set to prime the anchor
 * with, and validators answer SERVFAIL (Unbound: "failed to prime trust anchor"). Undefined when no such anchor.
 */
function unprimedAnchor(end: PathStep, anchors: TrustAnchors): {status: DnssecStatus; reason: string} | undefined {
	const name = end.question.name;
	const closest = anchors.records
		.filter((record) => isAtOrBelow(name, record.name) && isStrictlyBelow(record.name, end.zone))
		.toSorted((a, b) => depth(b.name) - depth(a.name))
		.find((record) => usableRecords([record]).usable.length > 0);
	if (!closest) return undefined;
	return {status: 'bogus', reason: `the trust anchor for ${closest.name} cannot be primed: ${closest.name} is no zone cut (${end.zone} answers for it), so there is no DNSKEY set there to check it against (RFC 4035 §4.3; validators answer SERVFAIL)`};
}

/** One link of the chain: the steps that led to the zone that answered it, and how it ended. */
function judgeLink(
	view: TraceView,
	steps: PathStep[],
	kind: 'cname' | 'answer' | 'nxdomain' | 'nodata',
	reports: Map<Name, ZoneDnssec>,
	trustedKeys: Map<Name, ResourceRecord[]>,
	now: number,
	budget: ValidationBudget,
	hasher: Nsec3Hasher,
	atRisk: ServerDnssec[],
	anchors: TrustAnchors,
): {status: DnssecStatus; reason: string} {
	const end = steps.at(-1)!;
	// Taken back from the servers whose cut led to a child (`backFromCut`): the response is the child's data, signed
	// with the child's keys, and a validator follows the signer, not the servers it asked.
	const child = backFromCut(steps.slice(0, -1), end) ? steps.at(-3)?.next : undefined;
	const signer = child === undefined ? {report: reports.get(end.zone), keys: trustedKeys.get(end.zone) ?? []} : childAsServedBy(view, child, end.zone, anchors, reports, trustedKeys, now, budget, hasher);
	const {report} = signer;
	if (!report) return {status: 'indeterminate', reason: `${child ?? end.zone}: not judged`};
	if (report.status !== 'secure') {
		// The zone's status carries its chain: the first zone of the link with the same status says why.
		const cause = child === undefined ? (steps.map((step) => reports.get(step.zone)).find((entry) => entry?.status === report.status) ?? report) : report;
		return {status: report.status, reason: `${cause.zone}: ${cause.reason}`};
	}
	// Only the zones of the chain count: those above its trust anchor are outside validation, not at risk.
	for (const step of steps) {
		const passed = reports.get(step.zone);
		if (passed?.status === 'secure') atRisk.push(...passed.servers.filter((server) => server.status !== 'secure'));
	}
	const zone = view.zone(end.zone);
	const taken = zone && end.probe !== undefined ? zone.servers.flatMap((server) => server.probes).find((candidate) => candidate.id === end.probe) : undefined;
	if (!zone || !taken) return {status: 'indeterminate', reason: 'no final response to validate'};
	const {keys} = signer;
	const signerName = child ?? zone.name;
	// The same reply from every other server of the zone, after the one the walk took. One the walk took that came
	// only to a query without EDNS is no evidence (withoutPlainAnswers): the others' replies of the link's kind are.
	const wanted = taken.response ? taken.kind : kind;
	const replies = zone.servers.flatMap((server) =>
		server.probes
			.filter((probe) => probe.status === 'answered' && probe.response && (probe.id === taken.id || (probe.kind === wanted && probe.question.name === taken.question.name && probe.question.type === taken.question.type)))
			.map((probe) => ({server, probe, judged: judgeReply(probe, kind, signerName, keys, now, budget, hasher)})),
	);
	if (replies.length === 0) return {status: 'indeterminate', reason: taken.response ? 'no final response to validate' : 'the final response came only to queries without EDNS, which carry no DNSSEC records'};
	replies.sort((a, b) => Number(b.probe.id === taken.id) - Number(a.probe.id === taken.id));
	const secure = replies.find(({judged}) => judged.status === 'secure');
	if (secure) {
		atRisk.push(...replies.filter(({judged}) => judged.status === 'bogus').map(({server, judged}) => ({name: server.name, address: server.address, status: judged.status, reason: judged.reason})));
		return secure.judged;
	}
	const first = replies[0]!.judged;
	if (first.status === 'insecure') return first;
	const undecided = replies.find(({judged}) => judged.status === 'indeterminate');
	if (undecided) return undecided.judged;
	// What a resolver answering SERVFAIL would log: the RRset, the servers that sent it, and the rule it breaks.
	return {status: 'bogus', reason: `no server of ${zone.name} gives a reply that validates: ${first.reason}, from ${listLabels(uniqueServers(replies.map(({server}) => server)))}`};
}

/**
 * A child a cut led to, as the servers of the zone above it serve it: its DS from that zone and its DNSKEY set as those
 * servers give it (the walk asks them `CHILD DNSKEY` when it goes back), judged as a validator that stays with them
 * judges the child (RFC 4035 5). The child's own servers gave no answer, so its report (from them) says nothing of it.
 * A parent whose servers deny the child's name (NXDOMAIN for its DS) does not delegate it: no chain of trust reaches
 * the child's keys, and validators reject its data (Unbound: SERVFAIL), signed or not.
 */
function childAsServedBy(
	view: TraceView,
	child: Name,
	parent: Name,
	anchors: TrustAnchors,
	reports: Map<Name, ZoneDnssec>,
	trustedKeys: Map<Name, ResourceRecord[]>,
	now: number,
	budget: ValidationBudget,
	hasher: Nsec3Hasher,
): {report: ZoneDnssec | undefined; keys: ResourceRecord[]} {
	const zone = view.zone(child);
	const servers = view.zone(parent)?.servers;
	if (!zone || zone.parent !== parent || !servers) return {report: undefined, keys: []};
	const above = reports.get(parent);
	const dsAnswers = view.dsProbes(zone).filter(({probe}) => probe.status === 'answered');
	const denied = dsAnswers.filter(({probe}) => probe.kind === 'nxdomain');
	if (above?.status === 'secure' && denied.length > 0 && denied.length === dsAnswers.length && !anchors.records.some((record) => record.name === child)) {
		const delegator = denied.map(({probe}) => denyingZone(probe, parent, child)).find((zone) => zone !== undefined) ?? parent;
		const reason = `${delegator} does not delegate ${child}: its servers deny the name (NXDOMAIN for ${child} DS from ${listLabels(uniqueServers(denied.map(({server}) => server)))}), so no chain of trust reaches the keys of ${child}, whose data the answer is, and validators reject it (Unbound: SERVFAIL)`;
		return {report: bogusZone(zone, reason, above.chainStart), keys: []};
	}
	// The parent's servers' `CHILD DNSKEY` answers, read as the child's servers' DNSKEY answers.
	const asChild = servers.map((server) => ({...server, probes: server.probes.filter((probe) => probe.question.name === child && probe.question.type === 'DNSKEY').map((probe) => ({...probe, zone: child, purpose: 'dnskey' as const}))}));
	const keys = new Map(trustedKeys);
	const report = validateZone(view, {...zone, servers: asChild}, anchors, reports, keys, now, budget, hasher, () => undefined);
	return {report, keys: keys.get(child) ?? []};
}

/**
 * One server's reply for one link, judged on its own: each CNAME and DNAME of the chain the zone answered for
 * (a CNAME synthesised from a validated DNAME needs no signature: RFC 6672 5.3.1), then the answer's RRset or the
 * denial's proof, unless the link ends in a CNAME whose target another zone answers for.
 */
function judgeReply(probe: Probe, kind: 'cname' | 'answer' | 'nxdomain' | 'nodata', zone: Name, keys: ResourceRecord[], now: number, budget: ValidationBudget, hasher: Nsec3Hasher): {status: DnssecStatus; reason: string} {
	const message = probe.response!;
	const rrsetOf = (owner: Name, type: string) => message.answer.filter((record) => record.name === owner && record.type === type);
	const signaturesOf = (owner: Name, type: string) => message.answer.filter((record) => record.type === 'RRSIG' && record.name === owner && record.data.kind === 'rrsig' && record.data.typeCovered === type);
	const judge = (owner: Name, type: string) => verifyRRset(rrsetOf(owner, type), signaturesOf(owner, type), keys, zone, now, budget);
	const validated: string[] = [];
	// The proofs that the chain's wildcard-synthesised CNAMEs stand for names that do not exist.
	const expansions: string[] = [];
	let current = probe.question.name;
	const followed = new Set<Name>();
	// A chain that comes back to a name it followed (a loop in one answer) has nothing more to validate.
	for (let link = 0; link <= message.answer.length && isAtOrBelow(current, zone) && !followed.has(current); link++) {
		followed.add(current);
		const dname = message.answer.find((record) => record.type === 'DNAME' && record.data.kind === 'name' && isStrictlyBelow(current, record.name) && isAtOrBelow(record.name, zone));
		if (dname && dname.data.kind === 'name' && probe.question.type !== 'DNAME') {
			const verdict = judge(dname.name, 'DNAME');
			if (verdict.verdict !== 'valid') return failedRRset(dname.name, 'DNAME', verdict);
			const synthesised = substituteSuffix(current, dname.name, dname.data.target);
			// Every CNAME at the name must be the one the DNAME synthesizes: it carries no signature of its own, so another
			// beside it (a forged one) is vouched for by nothing.
			const cnames = rrsetOf(current, 'CNAME');
			const cname = cnames[0];
			const stray = cnames.find((record) => !(record.data.kind === 'name' && record.data.target === synthesised));
			if (stray) {
				return {status: 'bogus', reason: `${current} CNAME: points to ${stray.data.kind === 'name' ? stray.data.target : '?'}, not ${synthesised} as the DNAME at ${dname.name} says (RFC 6672 §5.3.1)`};
			}
			validated.push(`${dname.name} DNAME`);
			// Asked for the CNAME itself: the one synthesised at the name is the answer, and the DNAME it comes from has just
			// validated (RFC 6672 §5.3.1). As for a CNAME asked for, the chain is not followed: judged at the target, where
			// no CNAME is, the answer was bogus for "no RRSIG" (delv: fully validated; Unbound answers SERVFAIL:
			// test/analysis/dname-cname-question.test.ts).
			if (probe.question.type === 'CNAME' && (kind === 'answer' || kind === 'cname') && cname) {
				return {status: 'secure', reason: `${dname.name} DNAME validates (${verdict.detail}); ${current} CNAME is synthesised from it`};
			}
			current = synthesised;
			continue;
		}
		const cname = rrsetOf(current, 'CNAME')[0];
		if (!cname || cname.data.kind !== 'name' || probe.question.type === 'CNAME') break;
		const verdict = judge(current, 'CNAME');
		if (verdict.verdict !== 'valid') return failedRRset(current, 'CNAME', verdict);
		// A CNAME synthesised from a wildcard needs the same proof as a final answer would (RFC 4035 5.3.4).
		const expanded = wildcardExpansion(message.authority, zone, current, signaturesOf(current, 'CNAME'), keys, now, budget, hasher);
		if (expanded && expanded.status !== 'secure') return expanded;
		validated.push(`${current} CNAME`);
		if (expanded) expansions.push(expanded.reason);
		current = cname.data.target;
	}
	const chain = validated.length > 0 ? `${validated.join(', ')} and ` : '';
	const proven = expansions.map((reason) => `; ${reason}`).join('');
	if (kind === 'cname') return {status: 'secure', reason: `${validated.join(', ')} validate${validated.length === 1 ? 's' : ''}${proven}`};
	if (kind === 'answer') {
		const verdict = judge(current, probe.question.type);
		if (verdict.verdict !== 'valid') return failedRRset(current, probe.question.type, verdict);
		// An answer expanded from a wildcard also needs the proof that no closer name exists.
		const expanded = wildcardExpansion(message.authority, zone, current, signaturesOf(current, probe.question.type), keys, now, budget, hasher);
		if (expanded && expanded.status !== 'secure') return expanded;
		return {status: 'secure', reason: `${chain}${current} ${probe.question.type} validate${chain ? '' : 's'} (${verdict.detail})${proven}${expanded ? `; ${expanded.reason}` : ''}`};
	}
	const unsigned = proofSignatures(message.authority, keys, zone, now, budget);
	if (unsigned) return failedRRset(unsigned.owner, unsigned.type, unsigned.verdict);
	const check = checkDenial(message.authority, zone, current, probe.question.type, kind, hasher);
	// RFC 5155 9.2: an NSEC3 opt-out span covering the next closer name cannot rule out an unsigned delegation there,
	// so the NXDOMAIN is not authenticated (Unbound sets no AD bit).
	if (check.ok && check.optOut && kind === 'nxdomain') return {status: 'insecure', reason: `${chain}the NXDOMAIN rests on an NSEC3 opt-out span (${check.detail}), which cannot rule out an unsigned delegation (RFC 5155 §9.2)`};
	// And a NODATA whose name has no NSEC3 of its own, under an opt-out span: an empty name above unsigned delegations
	// (RFC 5155 7.1), not authenticated. (A DS question's opt-out proof is the delegation's, judged with the chain.)
	if (check.ok && check.optOut && kind === 'nodata' && probe.question.type !== 'DS') return {status: 'insecure', reason: `${chain}the NODATA rests on an NSEC3 opt-out span (${check.detail}), which proves nothing about the name (RFC 5155 §7.1, §9.2)`};
	if (check.ok) return {status: 'secure', reason: `${chain}the denial is proven: ${check.detail}${proven}`};
	if (check.unchecked) return {status: check.unchecked === 'insecure' ? 'insecure' : 'indeterminate', reason: `the denial is ${check.detail}`};
	const nsec3 = message.authority.some((record) => record.type === 'NSEC3');
	return {status: 'bogus', reason: `${kind.toUpperCase()} for ${current} ${probe.question.type}: the denial is not proven: ${check.detail} (${nsec3 ? 'RFC 5155 §8' : 'RFC 4035 §5.4'})`};
}

/** A reply's verdict where one of its RRsets does not validate: bogus, or undecided where the budget ran out. */
function failedRRset(owner: Name, type: string, verdict: RRsetVerdict): {status: DnssecStatus; reason: string} {
	return {status: verdict.verdict === 'limit' ? 'indeterminate' : 'bogus', reason: `${owner} ${type}: ${verdict.detail} (${verdict.rule})`};
}

/**
 * The authority section as one zone's wildcard proof reads it: without the NSEC and NSEC3 RRsets (and their RRSIGs)
 * signed by another zone only. A server that follows a CNAME into another zone it serves (BIND does) adds that zone's
 * proof for its own wildcard step, signed by its keys: judged with this zone's keys, it failed, and a correctly signed
 * chain was bogus here and secure for Unbound (which reads, for each step, the authority RRsets its signer signed).
 * Left out, such records cannot prove anything for this zone either; unsigned ones stay, and fail, as before.
 */
function zoneProof(authority: ResourceRecord[], zone: Name): ResourceRecord[] {
	const signersOf = (owner: Name, type: string) => authority.flatMap((record) => (record.type === 'RRSIG' && record.name === owner && record.data.kind === 'rrsig' && record.data.typeCovered === type ? [record.data.signerName] : []));
	const foreign = (owner: Name, type: string) => {
		const signers = signersOf(owner, type);
		return signers.length > 0 && signers.every((signer) => signer !== zone);
	};
	return authority.filter((record) => {
		if (record.type === 'NSEC' || record.type === 'NSEC3') return !foreign(record.name, record.type);
		if (record.type === 'RRSIG' && record.data.kind === 'rrsig' && (record.data.typeCovered === 'NSEC' || record.data.typeCovered === 'NSEC3')) return !foreign(record.name, record.data.typeCovered);
		return true;
	});
}

/**
 * A proof is only as good as its records' signatures, by the zone's keys: a validator checks each NSEC and NSEC3
 * RRset of the authority section before reading it (RFC 4035 5.4; a wildcard answer's proof too, 5.3.4). Records of
 * another zone (a child's, from a server that serves both) fail. The first RRset that does not validate, if any.
 */
function proofSignatures(authority: ResourceRecord[], keys: ResourceRecord[], zone: Name, now: number, budget: ValidationBudget): {owner: Name; type: string; verdict: RRsetVerdict} | undefined {
	for (const type of ['NSEC', 'NSEC3']) {
		for (const owner of unique(authority.filter((record) => record.type === type).map((record) => record.name))) {
			const rrset = authority.filter((record) => record.name === owner && record.type === type);
			const signatures = authority.filter((record) => record.type === 'RRSIG' && record.name === owner && record.data.kind === 'rrsig' && record.data.typeCovered === type);
			const verdict = verifyRRset(rrset, signatures, keys, zone, now, budget);
			if (verdict.verdict !== 'valid') return {owner, type, verdict};
		}
	}
	return undefined;
}

/**
 * A final answer expanded from a wildcard (its RRSIG has fewer labels than its owner) needs the proof that the name
 * itself does not exist (RFC 4035 5.3.4, RFC 5155 8.8), from this zone's own NSEC or NSEC3 records (`zoneProof`),
 * whose signatures hold; undefined when the answer was not expanded.
 */
function wildcardExpansion(authority: ResourceRecord[], zone: Name, name: Name, signatures: ResourceRecord[], keys: ResourceRecord[], now: number, budget: ValidationBudget, hasher: Nsec3Hasher): {status: DnssecStatus; reason: string} | undefined {
	const signatureLabels = wildcardLabels(name, signatures.flatMap((signature) => (signature.data.kind === 'rrsig' ? [signature.data.labels] : [])));
	if (signatureLabels === undefined) return undefined;
	const proof = zoneProof(authority, zone);
	const check = checkWildcardAnswer(proof, zone, name, signatureLabels, hasher);
	if (check.ok) {
		const unsigned = proofSignatures(proof, keys, zone, now, budget);
		if (unsigned) return failedRRset(unsigned.owner, unsigned.type, unsigned.verdict);
		return check.optOut ? {status: 'insecure', reason: `${name}'s wildcard answer is insecure: ${check.detail} (RFC 5155 §9.2)`} : {status: 'secure', reason: `${name} validates: ${check.detail}`};
	}
	if (check.unchecked) return {status: check.unchecked === 'insecure' ? 'insecure' : 'indeterminate', reason: `the wildcard answer's proof is ${check.detail}`};
	return {status: 'bogus', reason: `the wildcard answer is not proven: ${check.detail}`};
}

/** Groups a zone's problems into one finding per code, naming every server involved; the worst problem's facts decide. */
function summarise(zone: Name, problems: Problem[]): Finding[] {
	const byCode = new Map<FindingCode, Problem[]>();
	for (const problem of problems) byCode.set(problem.code, [...(byCode.get(problem.code) ?? []), problem]);
	return [...byCode.values()].map((list) => {
		const servers = uniqueServers(list.map((problem) => problem.server).filter((server): server is Server => Boolean(server)));
		const whats = unique(list.map((problem) => problem.what));
		const shown = whats.slice(0, 4).join('; ') + (whats.length > 4 ? `; and ${whats.length - 4} more` : '');
		const rank = (problem: Problem) => SEVERITY_RANK[describeCode(problem.code, problem.facts).severity];
		const worst = list.reduce((best, candidate) => (rank(candidate) < rank(best) ? candidate : best));
		return createFinding({
			...worst, // its code and facts; createFinding keeps only what a finding holds
			zone,
			servers: servers.map((server) => server.address),
			message: `${zone}: ${servers.length > 0 ? `${listLabels(servers)}: ` : ''}${shown}`,
			evidence: unique(list.map((problem) => problem.probe?.id).filter((id): id is number => id !== undefined)),
		});
	});
}

function uniqueServers(servers: Server[]): Server[] {
	return servers.filter((server, index) => servers.findIndex((other) => other.address === server.address) === index);
}

