import {deniedName} from '../dns/record.js';
import type {AnalysedTrace} from '../analysis/analyze.js';
import {BOGUS_HEADLINE, dnssecStatusWords} from '../analysis/dnssec/dnssec-status.js';
import type {DnssecReport} from '../analysis/dnssec/validate.js';
import {cachedFailureInWords, partiesInWords} from '../analysis/finding-catalogue.js';
import {failureUsersWaitOn} from '../analysis/failure-cause.js';
import type {AnalysedFinding, Finding} from '../analysis/finding.js';
import {byLimitHit} from '../analysis/loops-and-limits.js';
import {wholeVantage} from '../analysis/vantage.js';
import {presentName, presentRData, presentRecord} from '../dns/present.js';
import type {Name} from '../dns/name.js';
import {joinPresented, presentText, safe, trimPresented, type Presented} from '../dns/sanitize.js';
import {wrapPresented} from '../dns/wrap-presented.js';
import {padToColumns, presentedWidth} from '../dns/presented-width.js';
import {fitLines, hanging, MIN_WIDTH} from './fit-lines.js';
import type {Nameserver, PathStep, Probe, Resolution, Server, Trace, Zone} from '../trace/model.js';
import {listInWords, withoutName} from '../trace/bounded-list.js';
import {failedStatusWords, isZoneSoaProbe, savedWhileRunning, servedSerial, servesPurpose, truncatedThenFailed} from '../trace/probe-facts.js';
import {backFromCut} from '../trace/resolution-steps.js';
import {formatMs, outcomeTimes} from './format-ms.js';
import {registrationLines} from './registration-text.js';
import {byNameThenAddress, byText} from '../trace/server-order.js';
import {meaningBeyondRcode, waited} from './probe-result-text.js';
import {resolverLines} from './resolvers-text.js';
import {savedAt, traceOrigin, type TakenWith} from './trace-origin.js';
import {whatIfHeadline} from '../what-if/describe-change.js';
import {outcomeZoneWord} from '../trace/outcome.js';

export interface TextOptions {
	toolVersion: string;
	/** The program that took the trace (a snapshot's own record); when absent, this one. */
	takenWith?: TakenWith;
	/**
	 * The terminal's width, when the text goes to one: every line but a record's is wrapped to it, each continuation
	 * indented under the text it continues. Absent (a pipe, a file, a ticket), lines are as long as they need to be,
	 * as dig's are, and only the findings' explanations wrap, at a reading width.
	 */
	width?: number;
}

/**
 * The plain-text view: `dig +trace` grown up. Per zone cut, one line per server and address with what it said to
 * the walk's question (rtt, rcode, flags, size, what it meant) and the zone serial it serves; then the outcome.
 */
export function renderTraceText({trace, analysis}: AnalysedTrace, options: TextOptions): Presented {
	const lines: Presented[] = [];
	const zones = new Map(trace.zones.map((zone) => [zone.name, zone]));
	const families = joinPresented(trace.options.families.map((family) => safe`IPv${family}`), safe`+`);
	if (trace.assumed && trace.assumed.length > 0) lines.push(safe`; ${whatIfHeadline(trace)}`);
	lines.push(safe`; digdeeper ${presentText(options.toolVersion)}: ${presentName(trace.query.name)} ${presentText(trace.query.type)}${trace.query.unicode !== trace.query.name ? safe` (${presentText(trace.query.unicode)})` : safe``}, every server at every address`);
	lines.push(
		safe`; hints: ${presentText(trace.options.hints)} · port ${trace.options.port} · ${families} · DNSSEC ${trace.options.dnssec ? safe`on` : safe`off`} · timeout ${trace.options.timeoutMs} ms, ${trace.options.retries} ${trace.options.retries === 1 ? safe`retry` : safe`retries`}`,
	);
	const origin = traceOrigin(trace, options.takenWith ?? {version: options.toolVersion});
	lines.push(safe`; taken ${origin.when}, from ${origin.where}`);
	if (trace.options.validateAt) lines.push(safe`; DNSSEC judged as of ${presentText(trace.options.validateAt)} (--at), not when the trace was taken (${presentText(trace.startedAt)})`);
	for (const {family, reason} of trace.vantage.unavailableFamilies) {
		lines.push(safe`; this host has no IPv${family} connectivity (${presentText(reason)}): IPv${family} probes were skipped, not blamed on servers`);
	}

	const width = options.width === undefined ? undefined : Math.max(MIN_WIDTH, options.width);
	const main = trace.resolutions[0];
	if (main) renderSteps(lines, main, zones, width);

	lines.push(safe``);
	lines.push(...renderOutcome(trace, wholeVantage(analysis.findings)), ...outcomeFixLine(trace, analysis.findings));
	lines.push(dnssecLine(analysis.dnssec));
	lines.push(...registrationLines(trace.registration, safe`;; `));
	lines.push(safe``, ...renderFindings(analysis.findings, width));
	const resolvers = resolverLines(trace, analysis.dnssec.outcome.status, safe`;; `);
	if (resolvers.length > 0) lines.push(safe``, ...resolvers);

	const subtraces = trace.resolutions.filter((resolution) => resolution.purpose !== 'query');
	if (subtraces.length > 0) {
		lines.push(safe``);
		lines.push(safe`;; SUB-TRACES (name server addresses that had no glue, and differing delegations):`);
		for (const resolution of subtraces) {
			const why = resolution.for ? safe` for ${presentName(resolution.for.zone)}` : resolution.purpose === 'variant' ? safe` (a differing delegation, followed too)` : safe``;
			const outcome = resolution.outcome;
			const result = outcome
				? outcome.status === 'answer'
					? presentText(outcome.records.filter((record) => record.type === resolution.question.type).map((record) => (record.data.kind === 'address' ? record.data.address : record.type)).join(', ') || 'answer')
					: outcome.status === 'failure'
						? safe`FAILED: ${presentText(outcome.reason ?? '')}`
						: presentText(outcome.status.toUpperCase())
				: safe`unfinished`;
			lines.push(safe`;   ${presentName(resolution.question.name)} ${presentText(resolution.question.type)}${why}: ${result}${othersGave(trace, resolution)}  [${joinPresented(resolution.steps.map((step) => presentName(step.zone)), safe` → `)}]`);
		}
	}

	for (const loop of trace.loops) lines.push(safe`;; LOOP (${presentText(loop.kind)}): ${presentText(loop.detail)}`);
	for (const hit of [...trace.limits].sort(byLimitHit)) lines.push(safe`;; LIMIT ${presentText(hit.limit)} (${hit.value}): ${presentText(hit.detail)}`);

	const {stats} = trace;
	lines.push(safe``);
	lines.push(
		safe`;; ${stats.queries} quer${stats.queries === 1 ? safe`y` : safe`ies`} to ${countServers(trace)} server address${countServers(trace) === 1 ? safe`` : safe`es`} in ${trace.zones.length} zone${trace.zones.length === 1 ? safe`` : safe`s`}: ${stats.answered} answered, ${stats.failed} failed${stats.skipped ? safe`, ${stats.skipped} skipped` : safe``}${stats.ignoredResponses ? safe`, ${stats.ignoredResponses} stray responses ignored` : safe``}`,
	);
	const saved = savedAt(trace);
	if (trace.outcome.status === 'pending') lines.push(safe`;; ${saved}`);
	// Decided, but the zones' checks were still out when it was saved: the decision holds, the trace was not done.
	else if (savedWhileRunning(trace)) lines.push(safe`;; outcome decided at ${formatMs(trace.outcome.atMs)} (each zone waits for all its servers); ${saved}`);
	else lines.push(safe`;; outcome decided at ${formatMs(trace.outcome.atMs)} (each zone waits for all its servers), last probe finished at ${formatMs(trace.durationMs)}`);
	const fitted = width === undefined ? lines : fitLines(lines, width, traceHang);
	return safe`${joinPresented(fitted, safe`\n`)}\n`;
}

/**
 * Where a wrapped line of the trace goes on: a comment's (`;; `, `  ;; `) two columns past its semicolons, a finding's
 * headline under its explanation, anything else four columns in.
 */
function traceHang(line: Presented, indent: string): string {
	const comment = /^ *;+ */u.exec(line)?.[0];
	if (comment !== undefined) return `${' '.repeat(comment.trimEnd().length)}   `;
	return /^(?:ERROR|WARNING|INFO) /u.test(line) ? EXPLANATION_INDENT : `${indent}    `;
}

/**
 * The first reply of the kind a step followed (a resolver, which takes the first, had it then): the walk decides only
 * once every server replied or was given up on, so that the decision does not hang on arrival order.
 */
function firstAlike(zone: Zone, followed: Probe, step: PathStep): Probe | undefined {
	// Where servers gave different data, a reply of the same kind with other data is not the one followed.
	const variant = step.variants.find((candidate) => candidate.kind === followed.kind && candidate.addresses.includes(followed.address));
	let first: Probe | undefined;
	for (const probe of zone.servers.flatMap((server) => server.probes)) {
		if (probe.kind !== followed.kind || probe.question.name !== followed.question.name || probe.question.type !== followed.question.type || probe.finishedMs === undefined) continue;
		if (variant && !variant.addresses.includes(probe.address)) continue;
		if (!first || probe.finishedMs < first.finishedMs!) first = probe;
	}
	return first;
}

function renderSteps(lines: Presented[], resolution: Resolution, zones: Map<Name, Zone>, width: number | undefined) {
	for (const [index, step] of resolution.steps.entries()) {
		const zone = zones.get(step.zone);
		if (!zone) continue;
		lines.push(safe``);
		lines.push(zoneHeading(zone, step));
		lines.push(...serverRows([...zone.servers].sort(byNameThenAddress).map((server) => serverRow(server, step)), width));
		lines.push(...addresslessLines(zone));
		const followed = step.probe !== undefined ? findProbe(zone, step.probe) : undefined;
		const back = backFromCut(resolution.steps.slice(0, index), step) ? safe`, back from ${presentName(resolution.steps[index - 2]!.next!)}, whose own servers gave none: what resolvers get` : safe``;
		const tail = step.result === 'failure' ? safe`no usable answer from any server` : step.next ? safe`${presentText(step.result)} → ${presentName(step.next)}` : safe`${presentText(step.result)}${back}`;
		const first = followed ? firstAlike(zone, followed, step) : undefined;
		// Whose reply came first is said when it is not the followed server's: the decision goes by server order, not speed.
		const firstFrom = first && first !== followed ? safe` from ${presentName(first.server)} ${presentText(first.address)}` : safe``;
		const timing = first === undefined ? safe`` : safe`; the first such reply at ${formatMs(first.finishedMs!)}${firstFrom}; decided at ${formatMs(step.atMs)}, once every server had replied or was given up on`;
		lines.push(safe`  ;; ${presentName(step.question.name)} ${presentText(step.question.type)}: ${tail}${followed ? safe` (followed ${presentName(followed.server)} ${presentText(followed.address)}${timing})` : safe``}`);
		if (step.variants.length > 1) {
			for (const variant of step.variants) {
				const data = variant.answer ? safe` ${joinPresented(variant.answer.map((record) => safe`${presentName(record.name)} ${presentText(record.type)} ${presentRData(record.data)}`), safe`, `)}` : safe``;
				lines.push(safe`  ;;   variant: ${presentText(variant.kind)}${variant.child ? safe` → ${presentName(variant.child)}` : safe``}${variant.ns ? safe` NS ${joinPresented(variant.ns.map((name) => presentName(name)), safe` `)}` : safe``}${data} from ${variantServers(zone, variant.addresses)}`);
			}
		}
	}
}

/**
 * The zone's name servers with no address, a line per reason: one name's line says its reason whole; the names that
 * share a reason (300 glueless names the walk could not look up) are named once, bounded, before it.
 */
function addresslessLines(zone: Zone): Presented[] {
	const byReason = new Map<string, Nameserver[]>();
	for (const ns of [...zone.nameservers].sort((a, b) => byText(a.name, b.name))) {
		if (ns.addresses.length > 0 && !ns.unresolved) continue;
		const reason = ns.unresolved ? withoutName(ns.name, ns.unresolved) : 'not resolved';
		byReason.set(reason, [...(byReason.get(reason) ?? []), ns]);
	}
	return [...byReason].map(([reason, names]) =>
		names.length === 1 ? safe`  ${presentName(names[0]!.name)}  no address: ${presentText(names[0]!.unresolved ?? 'not resolved')}` : safe`  ${presentText(listInWords(names.map((ns) => ns.name)))}  no address: ${presentText(reason)}`,
	);
}

/** The servers that gave a variant, by name and address. */
function variantServers(zone: Zone, addresses: string[]): Presented {
	const servers = zone.servers.filter((server) => addresses.includes(server.address)).sort(byNameThenAddress);
	return joinPresented(servers.map((server) => safe`${presentName(server.name)} ${presentText(server.address)}`), safe`, `);
}

function zoneHeading(zone: Zone, step: PathStep): Presented {
	const names = zone.nameservers.length;
	// A cut found in the child's own data (co-hosted: no server of the parent referred) has no parent NS set to compare.
	const referred = zone.nameservers.some((ns) => ns.listedBy.includes('parent'));
	const from = !zone.parent ? safe`root hints` : referred ? safe`delegated by ${presentName(zone.parent)}` : safe`below ${presentName(zone.parent)}, whose servers serve it too`;
	// Parent and child NS sets can only be compared once some server of the zone has told us its own.
	const childSeen = referred && zone.servers.some((server) => server.probes.some((probe) => servesPurpose(probe, 'ns') && probe.kind === 'answer'));
	const marker = (listedBy: string[]) => (!childSeen ? safe`` : !listedBy.includes('child') ? safe` (parent only)` : !listedBy.includes('parent') ? safe` (child only)` : safe``);
	const listed = joinPresented([...zone.nameservers].sort((a, b) => byText(a.name, b.name)).map((ns) => safe`${presentName(ns.name)}${marker(ns.listedBy)}`), safe` `);
	return safe`${presentName(step.zone)}  (${from}; ${names} name server${names === 1 ? safe`` : safe`s`}: ${listed})`;
}

/**
 * A server's row: who it is (name, address, where the walk learnt it), the serial of the zone it serves, its reply to
 * the step's question (round trip, rcode, flags, size) and what the reply meant, or why there was none.
 */
interface ServerRow {
	who: Presented[];
	serial: Presented;
	reply: Presented[];
	said: Presented;
}

function serverRow(server: Server, step: PathStep): ServerRow {
	const probe = server.probes.find((candidate) => candidate.question.name === step.question.name && candidate.question.type === step.question.type);
	const soa = server.probes.find(isZoneSoaProbe);
	const serial = servedSerial(server);
	const serialText = serial !== undefined ? safe`serial ${serial}` : soa && soa.status !== 'answered' ? safe`serial ?` : safe``;
	const origin = server.origin === 'hints' ? safe`` : safe`[${presentText(server.origin)}]`;
	const address = presentText(server.address);
	const who = [presentName(server.name), address, origin];
	if (!probe) return {who, serial: serialText, reply: [safe``, safe`not asked`, safe``, safe``], said: safe``};
	if (probe.status !== 'answered') {
		// No response, no round trip: the column stays empty and the error says what the walk waited for.
		const wait = waited(probe);
		const truncated = truncatedThenFailed(probe);
		const said = safe`${truncated ? safe`TC=1 over UDP; over TCP: ` : safe``}${presentText(probe.error ?? '')}${wait ? safe` (${wait})` : safe``}`;
		return {who, serial: serialText, reply: [safe``, presentText(failedStatusWords(probe).toUpperCase()), truncated ? safe`tc→tcp` : safe``, safe``], said};
	}
	const flags = joinPresented([probe.response?.flags.aa ? safe`aa` : safe``, probe.truncatedOverUdp ? safe`tc→tcp` : probe.udpTimedOut ? safe`udp-timeout→tcp` : probe.transport === 'tcp' ? safe`tcp` : safe``, probe.ednsFallback ? safe`no-edns` : safe``].filter(Boolean), safe`,`);
	// The rcode column already says REFUSED or NXDOMAIN: the meaning is written only where it says more. A file may
	// hold an answer without its round trip (one written by hand, or a build that timed none): "?", as the explorer
	// says, never a made-up 0.00 ms.
	const meaning = probe.kind === 'referral' && probe.referral ? safe`referral → ${presentName(probe.referral)}` : meaningBeyondRcode(probe) ? presentText(probe.kind ?? '') : safe``;
	return {who, serial: serialText, reply: [probe.rttMs === undefined ? safe`?` : formatMs(probe.rttMs), presentText(probe.rcode ?? ''), flags, safe`${probe.size ?? 0} B`], said: meaning};
}

/**
 * A zone's server rows as a table: each column as wide as its widest cell, a column empty in every row left out, the
 * last (what the reply meant, or why there was none) unpadded, beside the status it explains. The serial comes before
 * the reply's figures, in a column of its own: a stale copy stands out down the zone's rows. On a terminal too
 * narrow for a zone's rows, each row keeps the server and its reply's figures on its line and gives the serial and
 * what the reply meant a line of their own below; narrower still, the server's line is the server alone, and the
 * rest goes below. Every row of the zone alike, so what is on the server's line still lines up.
 */
function serverRows(rows: ServerRow[], width: number | undefined): Presented[] {
	const wide = rows.map((row) => [...row.who, row.serial, ...row.reply, row.said]);
	const widths: number[] = [];
	for (const cells of wide) cells.forEach((cell, index) => (widths[index] = Math.max(widths[index] ?? 0, presentedWidth(cell))));
	// Each cell padded to the widest of its column; a column no row fills left out, as are those `shown` leaves out.
	const table = (cells: Presented[], shown: (column: number) => boolean = () => true) =>
		trimPresented(joinPresented(cells.flatMap((cell, column) => (widths[column]! > 0 && shown(column) ? [padToColumns(cell, widths[column]!)] : [])), safe`  `), 'end');
	const whole = wide.map((cells) => safe`  ${table(cells)}`);
	if (width === undefined || whole.every((line) => presentedWidth(line) <= width)) return whole;
	const serial = rows[0]!.who.length;
	const said = widths.length - 1;
	const firsts = wide.map((cells) => table(cells, (column) => column !== serial && column !== said));
	// The reply's figures stay on the server's line when every row's fit; else the server's line is the server alone.
	const figuresFit = firsts.every((line) => presentedWidth(line) + 2 <= width);
	return rows.flatMap((row, index) => {
		const below = joinPresented([...(figuresFit ? [] : row.reply), row.serial, row.said].filter((cell) => cell !== ''), safe`  `);
		const first = figuresFit ? firsts[index]! : table(wide[index]!, (column) => column < serial);
		return [...hanging(first, width, '  ', ROW_HANG), ...(below === '' ? [] : hanging(below, width, ROW_HANG, ROW_HANG))];
	});
}

const ROW_HANG = '      ';

/** The DNSSEC verdict: a bogus one says first what users get (SERVFAIL), one not checked says only why. */
function dnssecLine(report: DnssecReport): Presented {
	const {status, reason} = report.outcome;
	if (status === 'not-checked') return safe`;; DNSSEC: ${presentText(dnssecStatusWords(status))} — ${presentText(reason)}`;
	const meaning = status === 'bogus' ? safe` — ${presentText(BOGUS_HEADLINE)} —` : safe` —`;
	return safe`;; DNSSEC: ${presentText(dnssecStatusWords(status))}${meaning} ${presentText(reason)} (trust anchor: ${presentText(report.anchors)})`;
}

/** "www.x. " or, when a CNAME chain led elsewhere, "www.x. is an alias of gone.y., which ": the denial is the target's. */
function aliasOf(trace: Trace, outcome: Trace['outcome']): Presented {
	const denied = deniedName(trace.query.name, outcome.records);
	return denied === trace.query.name ? safe`${presentName(trace.query.name)} ` : safe`${presentName(trace.query.name)} is an alias of ${presentName(denied)}, which `;
}

/** `vantage`: the finding that says this host reached no server, which is then the headline, not the walk's reason. */
function renderOutcome(trace: Trace, vantage: Finding | undefined): Presented[] {
	const {outcome} = trace;
	const where = outcome.zone ? safe` ${presentText(outcomeZoneWord(outcome))} ${presentName(outcome.zone)}` : safe``;
	const when = outcomeTimes(trace);
	switch (outcome.status) {
		case 'answer':
			return [safe`;; ANSWER${where}, ${when}:`, ...outcome.records.filter((record) => record.type !== 'RRSIG').map(presentRecord)];
		case 'nxdomain':
			return [safe`;; NXDOMAIN${where}, ${when}: ${aliasOf(trace, outcome)}does not exist`, ...outcome.records.map(presentRecord)];
		case 'nodata':
			return [safe`;; NODATA${where}, ${when}: ${aliasOf(trace, outcome)}exists but has no ${presentText(trace.query.type)} records`, ...outcome.records.map(presentRecord)];
		case 'failure':
			if (vantage) return [safe`;; FAILURE, ${when}, not the DNS: ${presentText(vantage.message)}`, safe`;;   the walk: ${presentText(outcome.reason ?? 'the trace failed')}; no server is blamed for it`];
			return [safe`;; FAILURE, ${when}: ${presentText(outcome.reason ?? 'the trace failed')}`];
		case 'pending':
			return [safe`;; UNFINISHED: the trace was saved before the walk reached an outcome`];
	}
}

/**
 * For a trace that ended without an answer: when users will see the fix of its first cause (the first error about a
 * zone the outcome rests on that a resolver caches; failure-cause.ts), as `;;   DELEGATION_MISSING (puri.sm.): Once
 * it is fixed, …`. No line when no such error was found: another zone's wait would name a wrong cause.
 */
function outcomeFixLine(trace: Trace, findings: readonly AnalysedFinding[]): Presented[] {
	const cause = failureUsersWaitOn(trace, findings);
	const words = cause && cachedFailureInWords(cause.cached);
	return cause && words ? [safe`;;   ${presentText(cause.code)} (${presentName(cause.zone)}): ${presentText(words)}`] : [];
}

const SEVERITY_LABEL: Record<Finding['severity'], Presented> = {error: safe`ERROR  `, warning: safe`WARNING`, info: safe`INFO   `};
/** Explanations wrap here: a comfortable reading width, narrower on a terminal that has less room after the indent. */
const TEXT_WIDTH = 88;
const EXPLANATION_INDENT = '         ';

/** Findings worst first: the one-line message, then the explanation for a learner and who can act. */
export function renderFindings(findings: AnalysedFinding[], width?: number): Presented[] {
	const textWidth = Math.min(TEXT_WIDTH, (width ?? Infinity) - EXPLANATION_INDENT.length);
	if (findings.length === 0) return [safe`;; FINDINGS: none`];
	const count = (severity: Finding['severity']) => findings.filter((finding) => finding.severity === severity).length;
	const plural = (n: number, word: Presented) => safe`${n} ${word}${n === 1 ? safe`` : safe`s`}`;
	const lines = [safe`;; FINDINGS: ${plural(count('error'), safe`error`)}, ${plural(count('warning'), safe`warning`)}, ${plural(count('info'), safe`note`)}`];
	for (const finding of findings) {
		lines.push(safe``, safe`${SEVERITY_LABEL[finding.severity]}  ${presentText(finding.code)}  ${presentText(finding.message)}`);
		const wrapped = wrapPresented(presentText(finding.explanation), textWidth, {hard: true});
		lines.push(...wrapped.map((line) => safe`         ${line}`));
		const cached = cachedFailureInWords(finding.cached);
		const after = [safe`Who can fix it: ${presentText(partiesInWords(finding.parties))}.`, ...(cached === undefined ? [] : [presentText(cached)])];
		lines.push(...after.flatMap((text) => wrapPresented(text, textWidth, {hard: true})).map((line) => safe`         ${line}`));
	}
	return lines;
}

function findProbe(zone: Zone, id: number): Probe | undefined {
	for (const server of zone.servers) {
		const probe = server.probes.find((candidate) => candidate.id === id);
		if (probe) return probe;
	}
	return undefined;
}

function countServers(trace: Trace): number {
	return new Set(trace.zones.flatMap((zone) => zone.servers.map((server) => server.address))).size;
}

/**
 * The addresses a look-up gave its zone beyond the answer it followed: the walk asks the name at every address any
 * server of the name's zone gave (walk.ts, `learnLookedUp`), so where those servers disagree the zone has more.
 */
function othersGave(trace: Trace, resolution: Resolution): Presented {
	const zone = resolution.for ? trace.zones.find((candidate) => candidate.name === resolution.for!.zone) : undefined;
	const family = resolution.question.type === 'A' ? 4 : resolution.question.type === 'AAAA' ? 6 : undefined;
	if (!zone || family === undefined) return safe``;
	const followed = new Set((resolution.outcome?.records ?? []).flatMap((record) => (record.data.kind === 'address' ? [record.data.address] : [])));
	const others = zone.servers.filter((server) => server.origin === 'subtrace' && server.name === resolution.question.name && server.family === family && !followed.has(server.address));
	if (others.length === 0) return safe``;
	return safe`; other servers' answers gave ${joinPresented(others.map((server) => presentText(server.address)), safe`, `)} too`;
}
