import type {Analysis} from '../../analysis/analyze.js';
import {serialDistance} from '../../analysis/compare-serials.js';
import {cachedFailureInWords, partiesInWords} from '../../analysis/finding-catalogue.js';
import {describeAge} from '../../analysis/serial-age.js';
import type {AnalysedFinding} from '../../analysis/finding.js';
import {dnssecStatusWords} from '../../analysis/dnssec/dnssec-status.js';
import type {ZoneDnssec} from '../../analysis/dnssec/validate.js';
import {tagOf} from '../../analysis/dnssec/verify-rrset.js';
import {presentName, presentNsid, presentRData, timestamp} from '../../dns/present.js';
import type {Message, ResourceRecord} from '../../dns/record.js';
import {joinPresented, padPresented, PRESENTED_ESCAPE, presentText, safe, slicePresented, trimPresented, type Presented} from '../../dns/sanitize.js';
import {wrapPresented} from '../../dns/wrap-presented.js';
import {countedAsDrawn, headWithin, presentedWidth, tailWithin} from '../../dns/presented-width.js';
import type {Probe, Server, Trace, Zone} from '../../trace/model.js';
import {failedStatusWords, isTcpCheck, nsidsOf, servedSerial, servesPurpose, serversByAddress, transportsOf, truncatedThenFailed, type TransportState, walkProbe} from '../../trace/probe-facts.js';
import {bindingOf, keyLabel, type Command} from '../keymap.js';
import {meaningBeyondRcode, probeResult, roundTripMs, sharedProbeWords, tcpCheckWords, waited} from '../../text/probe-result-text.js';
import {byNameThenAddress} from '../../trace/server-order.js';
import {formatRtt} from '../tree-model.js';
import {symbol} from './symbols.js';

/**
 * A run of text with one style; a line is a list of them. Views build lines; one component draws any of them.
 * The text is presented: whatever came from the wire or a file was escaped on its way in.
 */
export interface Segment {
	text: Presented;
	color?: 'green' | 'red' | 'yellow' | 'cyan' | 'magenta' | 'blue' | 'gray';
	bold?: boolean;
	dim?: boolean;
	inverse?: boolean;
}

export type Line = Segment[];

export const plain = (text: Presented): Line => [{text}];

/** A paragraph wrapped to the pane's width (by display width, so wide characters count right). */
export function paragraph(text: Presented, width: number, indent = safe``): Line[] {
	if (!Number.isFinite(width)) return [plain(safe`${indent}${text}`)];
	// A narrow pane (a 40-column terminal) gets narrow rows: a wider row would be cut at the pane's edge.
	const room = Math.max(1, width - indent.length);
	return wrapPresented(groupLongWords(text, room), room, {hard: true, trim: true}).map((line) => plain(safe`${indent}${line}`));
}

/** Characters of a long word (hex, base64) kept together where it must break: a DS digest reads in groups of eight. */
const GROUP = 8;

/**
 * Words longer than the width (a DS digest, a key, an NSID in hex) broken into pieces at group boundaries, each of
 * which fits, and the last never a lone character; names after their dots (atDots); the wrapper then breaks between
 * the pieces, never at random.
 * A word with escapes is cut for `escapedWidth` instead, where that differs (`escapedPieces`).
 */
export function groupLongWords(text: Presented, width: number, escapedWidth = width): Presented {
	if (text.length <= Math.min(width, escapedWidth)) return text;
	const parts: Presented[] = [];
	let end = 0;
	for (const match of text.matchAll(/[^ ]+/gu)) {
		parts.push(slicePresented(text, end, match.index));
		const word = slicePresented(text, match.index, match.index + match[0].length);
		const escaped = word.includes('\\');
		const within = escaped ? escapedWidth : width;
		// A word of characters made of several code points (conjuncts, skin tones) is left whole: the wrapper cuts it
		// between characters (wrapInColumns), where groups of code units would split them.
		parts.push(word.length <= within || !countedAsDrawn(word) ? word : joinPresented(escaped ? escapedPieces(word, within) : word.includes('.') ? atDots(word, within) : groupsOf(word, within), safe` `));
		end = match.index + match[0].length;
	}
	parts.push(slicePresented(text, end));
	return joinPresented(parts, safe``);
}

/**
 * A name (or an address) in pieces that each fill a row, cut after the last dot that fits: `ns2.example.` then
 * `com.;`. Each piece is the most that fits, so no two share a row and the space between them is never seen; in groups
 * of eight, `ple.com` and `.;` shared one, and the name read `ns2.exam` / `ple.com .;`.
 */
function atDots(word: Presented, width: number): Presented[] {
	const pieces: Presented[] = [];
	let rest = word;
	while (rest.length > width) {
		const dot = rest.lastIndexOf('.', width - 1);
		const cut = dot >= 0 ? dot + 1 : width;
		pieces.push(slicePresented(rest, 0, cut));
		rest = slicePresented(rest, cut);
	}
	return [...pieces, rest];
}

function groupsOf(word: Presented, width: number): Presented[] {
	const size = width >= GROUP ? Math.floor(width / GROUP) * GROUP : Math.max(1, width);
	const cuts: number[] = [];
	for (let at = size; at < word.length; at += size) cuts.push(at);
	// A last piece of one character takes a group (or, in a pane narrower than a group, one character) from the one before;
	// in a pane one column wide every piece is one character.
	if (size > 1 && cuts.length > 0 && word.length - cuts.at(-1)! === 1) cuts[cuts.length - 1] = cuts.at(-1)! - (size > GROUP ? GROUP : 1);
	return [0, ...cuts].map((start, index) => slicePresented(word, start, cuts[index] ?? word.length));
}

/**
 * A word with escapes (a TXT string's `\DDD`, `\"`, `\\`; a name's `\.`) in pieces that each fill a row: an escape is
 * never cut (`\2` and `55` on two rows read as other bytes than `\255`), so a cut that would fall inside one comes
 * before it (after it only where the pane is narrower than it). Not in groups of eight: pieces shortened so would share
 * rows, and the space between two on one row would read as a character of the string. Cut only while what is left is
 * longer than the width, two pieces never fit on one row together (in a pane of six columns or more).
 */
function escapedPieces(word: Presented, width: number): Presented[] {
	const room = Math.max(1, width);
	const escapes = [...word.matchAll(PRESENTED_ESCAPE)].map((match) => ({start: match.index, end: match.index + match[0].length}));
	const pieces: Presented[] = [];
	let start = 0;
	while (word.length - start > room) {
		let end = start + room;
		const inside = escapes.find((escape) => escape.start < end && end < escape.end);
		if (inside) end = inside.start > start ? inside.start : inside.end;
		pieces.push(slicePresented(word, start, end));
		start = end;
	}
	if (start < word.length) pieces.push(slicePresented(word, start));
	return pieces;
}
export const heading = (text: Presented): Line => [{text, bold: true}];

const TYPE_COLOURS: Record<string, Segment['color']> = {
	A: 'green',
	AAAA: 'green',
	NS: 'cyan',
	SOA: 'magenta',
	CNAME: 'yellow',
	DNAME: 'yellow',
	DS: 'blue',
	DNSKEY: 'blue',
	RRSIG: 'gray',
	NSEC: 'gray',
	NSEC3: 'gray',
};

function recordLine(record: ResourceRecord): Line {
	return [
		{text: safe`${presentName(record.name)} ${record.ttl} ${presentText(record.class)} `},
		{text: presentText(record.type), color: TYPE_COLOURS[record.type] ?? 'cyan', bold: true},
		{text: safe` ${presentRData(record.data)}`, ...(record.type === 'RRSIG' || record.type.startsWith('NSEC') ? {dim: true} : {})},
	];
}

/**
 * Lines longer than the pane wrap onto continuation lines, indented past the line's own indent: a styled line (a record
 * with its coloured type) keeps its styles on the first row and continues in plain text.
 */
export function wrapLines(lines: Line[], width: number): Line[] {
	return lines.flatMap((line): Line[] => {
		const text = joinPresented(line.map((segment) => segment.text), safe``);
		if (text.length <= width || line.some((segment) => segment.inverse)) return [line];
		// The same records come back from every server of a zone: each long line is measured and wrapped once.
		const key = `${width}\u0000${line.map((segment) => `${segment.color ?? ''}${segment.bold ? 'b' : ''}${segment.dim ? 'd' : ''}\u0001${segment.text}`).join('\u0002')}`;
		let wrapped = WRAPPED.get(key);
		if (!wrapped) {
			if (WRAPPED.size >= WRAP_CACHE_SIZE) WRAPPED.clear();
			wrapped = wrapLine(line, text, width);
			WRAPPED.set(key, wrapped);
		}
		return wrapped;
	});
}

/** Wrapped long lines by width and content; cleared when full, so it never grows past a few megabytes. */
const WRAPPED = new Map<string, Line[]>();
const WRAP_CACHE_SIZE = 20_000;

function wrapLine(line: Line, text: Presented, width: number): Line[] {
	// Continuation rows start right of the line's own indent and its mark (`→ `, `└─ `, `✓ `), so a wrapped line never
	// reaches left of where its text began; in a narrow pane at most half the width.
	const lead = LEAD.exec(text)?.[0].length ?? 0;
	const continuation = presentText(' '.repeat(Math.min(Math.max(CONTINUATION.length, lead + 2), Math.floor(width / 2))));
	// Long words are grouped for the continuation's width, inside their own segments so the styles still line up.
	// A word with escapes in pieces of the continuation's own width: pieces of 20 cut again for a narrower one would
	// leave short ones that share a row, a space between them that is not in the data (escapedPieces).
	const room = width - continuation.length;
	const grouped: Line = line.map((segment) => ({...segment, text: groupLongWords(segment.text, Math.max(20, room), room)}));
	const whole = joinPresented(grouped.map((segment) => segment.text), safe``);
	// Without trimming, the first row is the start of the text as it is: what follows it is the rest, spaces single.
	const head = wrapPresented(whole, width, {hard: true, trim: false})[0] ?? safe``;
	const first: Line = [];
	let used = 0;
	for (const segment of grouped) {
		if (used >= head.length) break;
		first.push({...segment, text: slicePresented(segment.text, 0, head.length - used)});
		used += segment.text.length;
	}
	return [first, ...paragraph(trimPresented(slicePresented(whole, head.length)), width, continuation)];
}

/** How a wrapped line's continuation rows are indented, at the least. */
const CONTINUATION = safe`    `;

/** A line's indent and the mark its text follows: `   → `, `   ✓ `, `└─ `. */
const LEAD = /^ *(?:(?:[→✓✗!•]|└─)(?: +|$))?/u;

/** A probe's response the way dig prints one: header, flags, EDNS, the four sections, size, time and transport. */
/** `port`: the port the trace asked every server on (--port), as dig's SERVER line gives it. */
export function responseLines(probe: Probe, port = 53): Line[] {
	return responseParts(probe, port).flatMap((part) => part.lines);
}

/** The parts of a response as dig prints them, in its order: compare lines its columns up part by part. */
export const RESPONSE_PARTS = ['header', 'question', 'answer', 'authority', 'additional', 'footer'] as const;
export type ResponsePart = (typeof RESPONSE_PARTS)[number];

/**
 * A response's lines, part by part: the header (the heading, then the status or the failure), each section with its
 * blank line and title, the footer (query time, server, size). A part the response does not have is not there: a
 * time-out has a header only, an answer no authority section.
 */
export function responseParts(probe: Probe, port = 53): {part: ResponsePart; lines: Line[]}[] {
	const header: Line[] = [heading(safe`${presentName(probe.question.name)} ${presentText(probe.question.type)} → ${presentName(probe.server)} (${presentText(probe.address)}), asked as a server of ${presentName(probe.zone)}`)];
	const shared = sharedProbeWords(probe);
	if (shared) header.push([{text: safe`;; `}, {text: shared, color: 'yellow'}]);
	if (probe.status !== 'answered' || !probe.response) {
		header.push([{text: presentText(failedStatusWords(probe).toUpperCase()), color: probe.status === 'skipped' ? 'gray' : 'red', bold: true}, {text: truncatedThenFailed(probe) ? safe` (the UDP answer had TC=1)` : safe``}, {text: probe.error ? safe`: ${presentText(probe.error)}` : safe``}]);
		const wait = waited(probe);
		if (probe.attempts) header.push(plain(safe`;; ${probe.attempts} attempt${probe.attempts === 1 ? safe`` : safe`s`}${probe.udpTimedOut ? safe`: UDP timed out, then TCP` : isTcpCheck(probe) ? safe`: ${tcpCheckWords(probe)}` : safe` over ${presentText(probe.transport?.toUpperCase() ?? 'UDP')}`}${wait ? safe`; ${wait}` : safe``}`));
		if (probe.raw) header.push(plain(safe`;; ${Buffer.from(probe.raw, 'base64').byteLength} bytes received, kept in the snapshot`));
		return [{part: 'header', lines: header}];
	}
	const message: Message = probe.response;
	const flags = presentText(Object.entries(message.flags).filter(([, on]) => on).map(([flag]) => flag).join(' '));
	header.push([{text: safe`;; ->>HEADER<<- opcode: `}, {text: presentText(message.opcode)}, {text: safe`, status: `}, {text: presentText(message.rcode), color: message.rcode === 'NOERROR' ? 'green' : 'red', bold: true}, {text: safe`, id: ${message.id}`}]);
	header.push(plain(safe`;; flags: ${flags}; QUERY: ${message.question.length}, ANSWER: ${message.answer.length}, AUTHORITY: ${message.authority.length}, ADDITIONAL: ${message.additional.length + (message.edns ? 1 : 0)}`));
	// The status says it all when the meaning is the same word (REFUSED, NXDOMAIN).
	if (meaningBeyondRcode(probe)) header.push([{text: safe`;; meaning: `}, {text: probe.kind === 'referral' ? safe`referral to ${presentName(probe.referral ?? '')}` : presentText(probe.kind ?? '?'), bold: true}]);
	if (message.edns) header.push(plain(safe`;; EDNS: version ${message.edns.version}, flags:${message.edns.dnssecOk ? safe` do` : safe``}; udp: ${message.edns.udpSize}`));
	const parts: {part: ResponsePart; lines: Line[]}[] = [{part: 'header', lines: header}];
	// The question section is always there, as in dig; the others only when they hold records.
	const section = (part: ResponsePart, title: Presented, lines: Line[]) => {
		if (lines.length > 0 || part === 'question') parts.push({part, lines: [plain(safe``), heading(safe`;; ${title} SECTION:`), ...lines]});
	};
	section('question', safe`QUESTION`, message.question.map((question) => plain(safe`;${presentName(question.name)} ${presentText(question.class)} ${presentText(question.type)}`)));
	section('answer', safe`ANSWER`, message.answer.map(recordLine));
	section('authority', safe`AUTHORITY`, message.authority.map(recordLine));
	section('additional', safe`ADDITIONAL`, message.additional.map(recordLine));
	const footer = [
		plain(safe``),
		plain(safe`;; Query time: ${probe.rttMs !== undefined ? formatRtt(probe.rttMs) : safe`?`}${probe.attempts && probe.attempts > 1 ? safe` (${probe.attempts} attempts)` : safe``}`),
		plain(safe`;; SERVER: ${presentText(probe.address)}#${port} (${isTcpCheck(probe) ? tcpCheckWords(probe) : presentText(probe.transport?.toUpperCase() ?? 'UDP')}${probe.truncatedOverUdp ? safe`, after TC=1 over UDP` : safe``}${probe.udpTimedOut ? safe`, after UDP timed out` : safe``}${probe.ednsFallback ? safe`, without EDNS` : safe``})`),
		plain(safe`;; MSG SIZE rcvd: ${probe.size ?? 0}${probe.ignored ? safe` (${probe.ignored} forged or stray replies ignored)` : safe``}`),
	];
	// Beside the server's address: which instance behind it answered (RFC 5001).
	if (probe.nsid !== undefined) footer.push(plain(safe`;; NSID: ${presentNsid(probe.nsid)}`));
	parts.push({part: 'footer', lines: footer});
	return parts;
}

export function serverLines(analysis: Analysis | undefined, zone: Zone, server: Server, port = 53): Line[] {
	const lines: Line[] = [heading(safe`${presentName(server.name)} at ${presentText(server.address)}, a server of ${presentName(zone.name)}`), plain(safe`address learned from: ${presentText(server.origin)}`), plain(safe``)];
	const findings = (analysis?.findings ?? []).filter((finding) => finding.zone === zone.name && finding.servers.includes(server.address));
	for (const finding of findings) lines.push([{text: safe`${presentText(finding.severity.toUpperCase())} `, color: finding.severity === 'error' ? 'red' : finding.severity === 'warning' ? 'yellow' : 'gray', bold: true}, {text: safe`${presentText(finding.code)}: ${presentText(finding.message)}`}]);
	if (findings.length > 0) lines.push(plain(safe``));
	const walk = walkProbe(server);
	if (walk) lines.push(...responseLines(walk, port));
	return lines;
}

/** Between two columns of the zone grid: two spaces, so a name never runs into the address beside it. */
const GAP = safe`  `;

/** The fewest characters of a server's name the grid keeps. */
const MIN_GRID_NAME = 8;

/** How a zone grid row's second line, with the columns too wide to stand beside the server, is indented. */
const UNDER = safe`    `;

/** A line cut at `width` characters, segment by segment, so its styles stay where they were. */
function clipped(line: Line, width: number): Line {
	const cut: Line = [];
	let used = 0;
	for (const segment of line) {
		if (used >= width) break;
		const text = segment.text.length > width - used ? slicePresented(segment.text, 0, width - used) : segment.text;
		cut.push({...segment, text});
		used += text.length;
	}
	return cut;
}

/** Columns where the servers differ come first (each keeps its place among its kind): what the on-call needs to see. */
function prioritised<T extends {key: string; compare: boolean}>(columns: T[], differs: (key: T['key']) => boolean): T[] {
	const first = columns.filter((column) => column.compare && differs(column.key));
	return [...first, ...columns.filter((column) => !first.includes(column))];
}

/** The columns cut into pages that each fit the room left beside the server and address; a column wider than that gets a page of its own. */
function columnPages<T>(columns: T[], widthOf: (column: T) => number, room: number): T[][] {
	const pages: T[][] = [];
	let used = 0;
	for (const column of columns) {
		const needed = widthOf(column);
		if (pages.length === 0 || used + needed > room) {
			pages.push([]);
			used = 0;
		}
		pages.at(-1)!.push(column);
		used += needed;
	}
	return pages;
}

/**
 * A name cut in its middle to `width` columns, so both its first label and its zone stay readable:
 * `ns1.p05…dynect.net.`. Measured in columns (a name in Unicode takes two a CJK character) and cut between characters
 * and escapes, never inside one.
 */
export function middleTruncated(text: Presented, width: number): Presented {
	if (presentedWidth(text) <= width) return text;
	if (width <= 1) return headWithin(text, width);
	// What the head leaves of its half (a wide character that would not fit) goes to the tail.
	const head = headWithin(text, Math.ceil((width - 1) / 2));
	return safe`${head}…${tailWithin(text, width - 1 - presentedWidth(head))}`;
}

/** A command's first key, as the grid's hints name it. */
function keyLabelOf(command: Command): Presented {
	return presentText(keyLabel(bindingOf(command).keys[0]!));
}

/** A transport's state as a grid cell. */
const TRANSPORT_MARK: Record<TransportState, string> = {answers: 'ok', fails: 'fails', pending: symbol('pending'), untried: symbol('nothing')};

/** A grid cell with no value: the server gave none (`—`); a column that does not apply to the zone says so (`n/a`). */
const NONE = symbol('nothing');

/** When users will see the fix (the longest a resolver keeps the failure cached), for a finding any resolver caches. */
function whenSeen(finding: AnalysedFinding, width: number): Line[] {
	const words = cachedFailureInWords(finding.cached);
	return words === undefined ? [] : paragraph(presentText(words), width);
}

export function findingLines(finding: AnalysedFinding, trace: Trace, width = Number.POSITIVE_INFINITY): Line[] {
	// A set: a finding on a large trace names hundreds of probes, and every probe of the trace is looked up.
	const named = new Set(finding.evidence);
	const evidence = trace.zones.flatMap((zone) => zone.servers.flatMap((server) => server.probes.filter((probe) => named.has(probe.id)).map((probe) => ({server, probe}))));
	return [
		[{text: safe`${presentText(finding.severity.toUpperCase())} `, color: finding.severity === 'error' ? 'red' : finding.severity === 'warning' ? 'yellow' : 'gray', bold: true}, {text: presentText(finding.code), bold: true}],
		...paragraph(presentText(finding.message), width),
		...paragraph(safe`Who can fix it: ${presentText(partiesInWords(finding.parties))}`, width),
		...whenSeen(finding, width),
		plain(safe``),
		...paragraph(presentText(finding.explanation), width),
		...(evidence.length > 0 ? [plain(safe``), heading(safe`Evidence:`), ...evidence.slice(0, 40).map(({server, probe}) => plain(safe`  #${probe.id} ${presentName(server.name)} ${presentText(server.address)}: ${presentName(probe.question.name)} ${presentText(probe.question.type)} → ${probeResult(probe)}${probe.transport ? safe` over ${presentText(probe.transport.toUpperCase())}` : safe``}${probe.nsid !== undefined ? safe`, NSID ${presentNsid(probe.nsid)}` : safe``}`))] : []),
	];
}

/**
 * One table, one row per server and address (by name, then address), the parent's view above it; cells unlike the
 * majority stand out. The server's name and address always stay; the other columns come in priority order (those
 * where the servers differ first) as many as the width takes, and `page` (the `<` and `>` keys) shows the rest.
 */
export function zoneGridLines(trace: Trace, analysis: Analysis | undefined, zone: Zone, width = Number.POSITIVE_INFINITY, page = 0): Line[] {
	return zoneGrid(trace, analysis, zone, width, page).lines;
}

/** The zone grid's lines, and how many pages of columns it has at this width. */
export function zoneGrid(trace: Trace, analysis: Analysis | undefined, zone: Zone, width = Number.POSITIVE_INFINITY, page = 0): {lines: Line[]; pages: number} {
	const dnssec: ZoneDnssec | undefined = analysis?.dnssec.zones.find((entry) => entry.zone === zone.name);
	const parent = zone.parent ? trace.zones.find((candidate) => candidate.name === zone.parent) : undefined;
	const referral = parent?.servers.flatMap((server) => server.probes.filter((probe) => probe.kind === 'referral' && probe.referral === zone.name)) ?? [];
	const parentNs = [...new Set(referral.flatMap((probe) => (probe.response?.authority ?? []).filter((record) => record.type === 'NS' && record.name === zone.name).map((record) => (record.data.kind === 'name' ? record.data.target : ''))))].sort();
	const glue = new Map<string, string[]>();
	for (const probe of referral) for (const record of probe.response?.additional ?? []) if (record.data.kind === 'address') glue.set(record.name, [...new Set([...(glue.get(record.name) ?? []), record.data.address])]);
	const dsTags = [...(dnssec?.dsTags ?? [])].sort((a, b) => a - b).join(',');
	// A trace taken with --no-dnssec judged nothing: every verdict reads "not checked", never a status.
	const unchecked = analysis?.dnssec.outcome.status === 'not-checked' ? dnssecStatusWords('not-checked') : undefined;

	const rows = [...zone.servers].sort(byNameThenAddress).map((server) => {
		const served = servedSerial(server);
		const ns = server.probes.find((probe) => servesPurpose(probe, 'ns') && probe.kind === 'answer');
		const nsSet = ns ? [...new Set(ns.response!.answer.filter((record) => record.type === 'NS').map((record) => (record.data.kind === 'name' ? record.data.target : '')))].sort().join(' ') : '';
		const keys = server.probes.find((probe) => servesPurpose(probe, 'dnskey') && probe.kind === 'answer')?.response?.answer.filter((record) => record.type === 'DNSKEY') ?? [];
		const sigs = server.probes.flatMap((probe) => probe.response?.answer.filter((record) => record.data.kind === 'rrsig') ?? []);
		const expiry = sigs.map((record) => (record.data.kind === 'rrsig' ? record.data.expiration : Infinity)).sort((a, b) => a - b)[0];
		const walk = walkProbe(server);
		const glueFor = glue.get(server.name);
		const transports = transportsOf(server);
		return {
			name: server.name,
			address: server.address,
			// A round trip only where a response came: a time-out's length is not the server's speed (rcode says "timeout").
			rtt: walk && roundTripMs(walk) !== undefined ? formatRtt(roundTripMs(walk)!) : walk?.status === 'pending' ? symbol('pending') : NONE,
			rcode: walk?.status === 'answered' ? (walk.rcode ?? NONE) : (walk?.status ?? NONE),
			// The flag's two values, and no response to read it from.
			aa: walk?.response ? (walk.response.flags.aa ? 'aa' : 'no') : NONE,
			udp: TRANSPORT_MARK[transports.udp],
			tcp: TRANSPORT_MARK[transports.tcp],
			// As dig shows it (printable ASCII, or hex): nothing in it is left for the cell's own presenting to escape.
			nsid: nsidsOf(server).map(presentNsid).join(' ') || NONE,
			serial: served === undefined ? NONE : String(served),
			ns: nsSet,
			glue: glueFor ? (glueFor.includes(server.address) ? symbol('glueSame') : symbol('glueDiffers')) : server.origin,
			keys: keys.map(tagOf).sort((a, b) => a - b).join(',') || NONE,
			// Does this server serve a key that a DS at the parent (or the trust anchor) points to?
			ds: dnssec && dnssec.dsTags.length > 0 ? (keys.some((key) => dnssec.dsTags.includes(tagOf(key))) ? 'yes' : 'no') : symbol('notApplicable'),
			expiry: expiry !== undefined && Number.isFinite(expiry) ? timestamp(expiry).slice(0, 8) : NONE,
			dnssec: unchecked ?? dnssec?.servers.find((entry) => entry.address === server.address)?.status ?? NONE,
		};
	});
	type GridColumn = {key: keyof (typeof rows)[number]; title: string; compare: boolean};
	const columns: GridColumn[] = [
		{key: 'name', title: 'server', compare: false},
		{key: 'address', title: 'address', compare: false},
		{key: 'rtt', title: 'rtt', compare: false},
		{key: 'rcode', title: 'rcode', compare: true},
		{key: 'aa', title: 'AA', compare: true},
		{key: 'udp', title: 'UDP', compare: true},
		{key: 'tcp', title: 'TCP', compare: true},
		// Instances of one anycast address differ by design: shown, never highlighted.
		{key: 'nsid', title: 'NSID', compare: false},
		{key: 'serial', title: 'serial', compare: true},
		{key: 'ns', title: 'NS set', compare: true},
		{key: 'glue', title: 'glue', compare: true},
		{key: 'keys', title: 'DNSKEY tags', compare: true},
		{key: 'ds', title: 'DS match', compare: true},
		{key: 'expiry', title: 'RRSIG expiry', compare: true},
		{key: 'dnssec', title: 'DNSSEC', compare: true},
	];
	const majority = (key: keyof (typeof rows)[number]) => {
		const counts = new Map<string, number>();
		for (const row of rows) counts.set(row[key], (counts.get(row[key]) ?? 0) + 1);
		return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
	};
	const serials = rows.map((row) => Number(row.serial)).filter((serial) => Number.isFinite(serial));
	const newest = serials.reduce<number | undefined>((best, serial) => (best === undefined || serialDistance(serial, best) > 0 ? serial : best), undefined);
	for (const row of rows) {
		const lag = newest !== undefined && row.serial !== NONE ? serialDistance(newest, Number(row.serial)) : 0;
		if (lag > 0) {
			// The grid's short form ("-300, about 5 minutes"): a cell stands under its row in a 41-column pane.
			const age = describeAge(Number(row.serial), newest!, lag);
			row.serial = `${row.serial} (-${lag}${age === undefined ? '' : `, ${age}`})`;
		}
	}
	// With no parent list (the root; a child found from its own data, no referral) there is nothing to differ from.
	const nsShort = (value: string) => (value === '' ? NONE : parentNs.length === 0 ? `${value.split(' ').length} names` : value === parentNs.join(' ') ? 'same as parent' : `differs (${value.split(' ').length})`);
	const display = rows.map((row) => ({...row, ns: nsShort(row.ns)}));
	const widths = columns.map((column) => Math.max(column.title.length, ...display.map((row) => presentText(row[column.key]).length)));
	// A cut found in the child's own data (the parent's servers serve it too) was delegated by no referral seen.
	const referred = zone.nameservers.some((ns) => ns.listedBy.includes('parent'));
	const from = !zone.parent ? safe` (root hints)` : referred ? safe`, delegated by ${presentName(zone.parent)}` : safe`, below ${presentName(zone.parent)}, whose servers serve it too`;
	// Addresses, each once: two name servers at one address are one address.
	const addresses = serversByAddress(zone.servers).size;
	const lines: Line[] = [
		heading(safe`${presentName(zone.name)} — ${addresses} server address${addresses === 1 ? safe`` : safe`es`}${from}${unchecked ? safe`, DNSSEC ${presentText(unchecked)}` : dnssec ? safe`, DNSSEC ${presentText(dnssec.status)}` : safe``}`),
	];
	if (zone.parent) lines.push(plain(safe`parent (${presentName(zone.parent)}) ${referred ? safe`lists: ${presentText(parentNs.join(' ') || '—')}` : safe`gave no referral: it answered from this zone's data`}${dsTags ? safe`; DS ${presentText(dsTags)}` : safe``}`));
	lines.push(plain(safe``));
	const [nameColumn, addressColumn, ...others] = columns;
	// The server's name stays whole wherever it fits beside its address (the tree shows it whole); only a pane too narrow
	// for both cuts it, in its middle, before the address.
	const nameWidth = widths[0]! + GAP.length + widths[1]! <= width ? widths[0]! : Math.max(MIN_GRID_NAME, width - widths[1]! - GAP.length);
	// Each further column takes a gap before it; the last one has no gap after it, so a row is exactly this wide.
	const fixedWidth = nameWidth + GAP.length + widths[1]!;
	const room = width - fixedWidth;
	const widthOfColumn = (column: GridColumn) => widths[columns.indexOf(column)]!;
	// A column too wide to stand beside the server and its address is never cut: it goes under them, on the row's
	// second line (indented), on a page of such columns; only a value wider than the whole pane is cut, in its middle.
	// A pane narrower than a server and its address (a 40-column terminal) has no room under them either: its rows are
	// cut at its edge.
	const besides = (column: GridColumn) => room < GAP.length + 1 || GAP.length + widthOfColumn(column) <= room;
	const underRoom = width - UNDER.length;
	const cellWidth = (column: GridColumn) => (column === nameColumn ? nameWidth : column === addressColumn ? widths[1]! : besides(column) ? Math.max(1, Math.min(widthOfColumn(column), room - GAP.length)) : Math.max(1, Math.min(widthOfColumn(column), underRoom)));
	const widthOf = (column: GridColumn) => GAP.length + cellWidth(column);
	// When every column fits they keep the table's order; when some must wait for `>`, the telling ones come first.
	const fits = others.every(besides) && others.reduce((sum, column) => sum + widthOf(column), 0) <= room;
	const ordered = fits ? others : prioritised(others, (key) => new Set(rows.map((row) => row[key])).size > 1);
	const pages = [...columnPages(ordered.filter(besides), widthOf, room).map((group) => ({group, under: false})), ...columnPages(ordered.filter((column) => !besides(column)), widthOf, underRoom + GAP.length).map((group) => ({group, under: true}))];
	const shown = Math.max(0, Math.min(page, pages.length - 1));
	const current = pages[shown];
	const picked = current?.under ? [nameColumn!, addressColumn!] : [nameColumn!, addressColumn!, ...(current?.group ?? [])];
	const under = current?.under ? current.group : [];
	const gapAfter = (index: number, count: number) => (index < count - 1 ? GAP : safe``);
	const titles = (group: GridColumn[]): Line => group.map((column, index) => ({text: safe`${presentText(column.title.length > cellWidth(column) ? `${column.title.slice(0, cellWidth(column) - 1)}…` : column.title.padEnd(cellWidth(column)))}${gapAfter(index, group.length)}`, bold: true}));
	// Below the width of a server and its address (a 40-column terminal) the row is cut at the pane's edge.
	lines.push(clipped(titles(picked), width));
	if (under.length > 0) lines.push(clipped([{text: UNDER}, ...titles(under)], width));
	const cells = (rowIndex: number, group: GridColumn[]): Line => {
		const row = display[rowIndex]!;
		return group.map((column, index): Segment => {
			const raw = presentText(row[column.key]);
			const value = middleTruncated(raw, cellWidth(column));
			const odd = column.compare && rows.length > 1 && rows[rowIndex]![column.key] !== majority(column.key);
			const bad = (column.key === 'rcode' && raw !== 'NOERROR' && raw !== 'NXDOMAIN') || (column.key === 'dnssec' && raw === 'bogus') || ((column.key === 'udp' || column.key === 'tcp') && raw === 'fails');
			return {text: safe`${padPresented(value, cellWidth(column))}${gapAfter(index, group.length)}`, ...(odd ? {inverse: true, bold: true} : {}), ...(bad ? {color: 'red'} : {})};
		});
	};
	for (const rowIndex of display.keys()) {
		lines.push(clipped(cells(rowIndex, picked), width));
		if (under.length > 0) lines.push(clipped([{text: UNDER}, ...cells(rowIndex, under)], width));
	}
	const groups = pages.map((entry) => entry.group);
	const before = groups.slice(0, shown).reduce((count, group) => count + group.length, 0);
	const after = groups.slice(shown + 1).reduce((count, group) => count + group.length, 0);
	if (before + after > 0) {
		const left = before > 0 ? safe`${keyLabelOf('columnsLeft')} ${before} column${before === 1 ? safe`` : safe`s`} before` : safe``;
		const right = after > 0 ? safe`${after} more column${after === 1 ? safe`` : safe`s`}: ${keyLabelOf('columnsRight')}` : safe``;
		lines.push([{text: safe`${left}${before > 0 && after > 0 ? safe`  ·  ` : safe``}${right}`, dim: true}]);
	}
	for (const ns of zone.nameservers.filter((entry) => entry.addresses.length === 0)) lines.push([{text: safe`${presentName(ns.name)} — no address: ${presentText(ns.unresolved ?? 'unresolved')}`, color: 'red'}]);
	// A zone's own findings, and those its servers' answers are evidence for (a missing delegation below it, say).
	const probeIds = new Set(zone.servers.flatMap((server) => server.probes.map((probe) => probe.id)));
	const findings = (analysis?.findings ?? []).filter((finding) => finding.zone === zone.name || finding.evidence.some((id) => probeIds.has(id)));
	if (findings.length > 0) {
		lines.push(plain(safe``), heading(safe`Findings here:`));
		for (const finding of findings) lines.push([{text: safe`${presentText(finding.severity.toUpperCase())} `, color: finding.severity === 'error' ? 'red' : finding.severity === 'warning' ? 'yellow' : 'gray', bold: true}, {text: safe`${presentText(finding.code)}: ${presentText(finding.message)}`}]);
	}
	return {lines, pages: pages.length};
}
