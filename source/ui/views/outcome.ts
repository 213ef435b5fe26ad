import {presentName, presentRData} from '../../dns/present.js';
import type {ResourceRecord} from '../../dns/record.js';
import {BOGUS_HEADLINE, dnssecStatusWords, type DnssecStatus} from '../../analysis/dnssec/dnssec-status.js';
import {headWithin, presentedWidth} from '../../dns/presented-width.js';
import {headOfPresented, joinPresented, presentText, safe, tailOfPresented, type Presented} from '../../dns/sanitize.js';

/**
 * The answer as the on-call engineer wants it on the first line: the CNAME chain as arrows to the final name, then
 * each RRset as `name TYPE data data`, without signatures, in as many records as fit the width and "+N more" for the
 * rest: `www.shop.com. → shop.cdnhost.net. A 192.0.2.1 +2 more`. The first record is always shown (the caller's line
 * truncates it if even that does not fit), so the address behind an alias is never hidden behind "+N more".
 */
export function answerText(records: readonly ResourceRecord[], width: number): Presented {
	// Signatures are the DNSSEC line's business: the answer is the data.
	const data = records.filter((record) => record.type !== 'RRSIG');
	const aliases = data.filter((record) => record.type === 'CNAME');
	const final = data.filter((record) => record.type !== 'CNAME');
	const chain = joinPresented(aliases.map((alias) => safe`${presentName(alias.name)} → `), safe``);
	if (final.length === 0) {
		const target = aliases.at(-1);
		return target?.data.kind === 'name' ? safe`${chain}${presentName(target.data.target)}` : chain;
	}
	const sets: Array<{head: Presented; data: Presented[]}> = [];
	for (const record of final) {
		const last = sets.at(-1);
		const head = safe`${presentName(record.name)} ${presentText(record.type)}`;
		if (last && last.head === head) last.data.push(presentRData(record.data));
		else sets.push({head, data: [presentRData(record.data)]});
	}
	const total = final.length;
	const pieces: Presented[] = [];
	let shown = 0;
	for (const set of sets) {
		for (const [index, value] of set.data.entries()) {
			const piece = index > 0 ? safe` ${value}` : pieces.length > 0 ? safe`  ${set.head} ${value}` : safe`${chain}${set.head} ${value}`;
			const rest = total - shown - 1;
			const more = rest > 0 ? safe` +${rest} more` : safe``;
			const used = presentedWidth(joinPresented(pieces, safe``));
			// The first record is always shown; any other only with room left for what says how many follow.
			if (shown > 0 && used + presentedWidth(piece) + more.length > width) return safe`${joinPresented(pieces, safe``)} +${total - shown} more`;
			pieces.push(piece);
			shown++;
		}
	}
	return joinPresented(pieces, safe``);
}

/** A run of the outcome line: the verdict (coloured by the outcome), the bogus verdict (red), or the rest. */
export interface OutcomePart {
	text: Presented;
	tone: 'verdict' | 'bogus' | 'plain';
}

export interface OutcomeParts {
	/** "ANSWER from rollover.net.", "tracing…", or a failure with what this host could not do. */
	verdict: Presented;
	/** The answer's records; none for a failure or a denial. */
	records: readonly ResourceRecord[];
	/** The DNSSEC verdict, once the analysis has one. */
	dnssec?: DnssecStatus;
	/** The findings' counts, once the trace is done. */
	counts?: {error: number; warning: number};
	/** Why the walk stopped, or what this host could not do. */
	reason?: Presented;
	/** For a failure: when users see its fix ("fix seen ≤ 1 h"); shown after the counts only where the row has room. */
	fix?: Presented;
}

/** The fewest characters of a verdict cut to keep what follows it on one row: its kind and a little of its zone ("ANSWER from…"). */
const MIN_VERDICT = 12;

/** The fewest characters of the first record worth showing, cut: fewer, and the outcome takes a second row instead. */
const MIN_RECORD = 8;

/** The fewest characters a reason is given on the outcome's one row: fewer, and it is left to `f`. */
const MIN_REASON_ROOM = 12;

/** How a bogus verdict and the counts read, from the widest form to the narrowest: never without the consequence. */
function verdictForms(dnssec: DnssecStatus | undefined): Array<{text: Presented; tone: OutcomePart['tone']} | undefined> {
	if (!dnssec) return [undefined, undefined, undefined];
	if (dnssec !== 'bogus') return Array.from({length: 3}, () => ({text: safe`DNSSEC ${presentText(dnssecStatusWords(dnssec))}`, tone: 'plain' as const}));
	return [safe`DNSSEC: bogus — ${presentText(BOGUS_HEADLINE)}`, safe`DNSSEC bogus: SERVFAIL for validating resolvers`, safe`bogus: SERVFAIL for validating resolvers`].map((text) => ({text, tone: 'bogus' as const}));
}

function countForms(counts: OutcomeParts['counts']): Array<Presented | undefined> {
	if (!counts) return [undefined, undefined, undefined];
	const words = safe`${counts.error} error${counts.error === 1 ? safe`` : safe`s`}, ${counts.warning} warning${counts.warning === 1 ? safe`` : safe`s`}`;
	return [safe`${words} (f)`, words, safe`${counts.error} err, ${counts.warning} warn`];
}

/**
 * The answer in ever fewer characters, each form undefined when it does not fit `room`: as many records as fit
 * (`answerText`); the first record without the aliases before it, an alias shown by its arrow ("→ shop.cdnhost.net.
 * A 198.51.100.7 +2 more"); its type and data alone ("A 192.0.2.140", the zone it came from is on the line); that cut
 * with "…", while a few characters of it are left.
 */
const ANSWER_FORMS: Array<(records: readonly ResourceRecord[], room: number) => Presented | undefined> = [
	(records, room) => fitting(answerText(records, room), room),
	(records, room) => {
		const {owner, text, more} = briefAnswer(records);
		return owner ? fitting(safe`→ ${owner} ${text}${more}`, room) : undefined;
	},
	(records, room) => {
		const {text, more} = briefAnswer(records);
		return fitting(safe`${text}${more}`, room);
	},
	(records, room) => {
		const {text, more} = briefAnswer(records);
		const keep = room - 1 - more.length;
		return keep >= MIN_RECORD ? safe`${headWithin(text, keep)}…${more}` : undefined;
	},
];

/** A record's data may be text in any script (a TXT string in CJK): the room is in columns. */
const fitting = (text: Presented, room: number) => (presentedWidth(text) <= room ? text : undefined);

const ADDRESS_TYPES: ReadonlySet<string> = new Set(['A', 'AAAA']);

/** The first record's type and data, the name it belongs to when aliases led there, and how many records are left out. */
function briefAnswer(records: readonly ResourceRecord[]): {owner?: Presented; type?: string; text: Presented; more: Presented} {
	const data = records.filter((record) => record.type !== 'RRSIG' && record.type !== 'CNAME');
	const first = data[0] ?? records.findLast((record) => record.type === 'CNAME');
	const more = data.length > 1 ? safe` +${data.length - 1} more` : safe``;
	const aliased = records.some((record) => record.type === 'CNAME');
	return {...(aliased && first ? {owner: presentName(first.name)} : {}), ...(first ? {type: first.type} : {}), text: first ? safe`${presentText(first.type)} ${presentRData(first.data)}` : safe``, more};
}

/**
 * The outcome on the one row a short terminal (40×10) has for it, when no form fits whole: the verdict and the
 * findings' counts stay on screen, a reason after them in the room left, cut in its middle so its cause stays. The
 * answer and the reason go first, then the bogus verdict's consequence ("bogus" stays), then the counts take their
 * fewest words; only then is the verdict cut.
 */
function oneRow({verdict, records, reason}: Pick<OutcomeParts, 'verdict' | 'records' | 'reason'>, narrowest: OutcomePart[], dnssec: DnssecStatus | undefined, countTexts: Array<Presented | undefined>, columns: number): OutcomePart[] {
	const brief = briefAnswer(records);
	const answered = safe`${verdict}${records.length > 0 ? safe`: ${brief.text}${brief.more}` : safe``}`;
	const word = dnssec ? [{text: safe` · ${presentText(dnssec === 'bogus' ? 'bogus' : dnssecStatusWords(dnssec))}`, tone: dnssec === 'bogus' ? ('bogus' as const) : ('plain' as const)}] : [];
	const counted = (text: Presented | undefined) => (text ? [{text: safe` · ${text}`, tone: 'plain' as const}] : []);
	const width = (parts: OutcomePart[]) => parts.reduce((sum, part) => sum + presentedWidth(part.text), 0);
	const tails = [narrowest, [...word, ...counted(countTexts[1])], [...word, ...counted(countTexts[2])], counted(countTexts[2])];
	// The reason in the room left, cut in its middle so its cause stays; none where a shard of it would be all.
	const after = (room: number): OutcomePart[] => (reason && room - 3 >= MIN_REASON_ROOM ? [{text: safe` — ${cutBetweenWords(reason, room - 3)}`, tone: 'plain'}] : []);
	const answeredWidth = presentedWidth(answered);
	for (const tail of tails) if (answeredWidth + width(tail) <= columns) return [{text: answered, tone: 'verdict'}, ...tail, ...after(columns - answeredWidth - width(tail))];
	for (const tail of tails) if (verdict.length + width(tail) <= columns) return [{text: verdict, tone: 'verdict'}, ...tail];
	for (const tail of tails) {
		const room = columns - width(tail);
		if (room >= MIN_VERDICT) return [{text: safe`${headOfPresented(verdict, room - 1)}…`, tone: 'verdict'}, ...tail];
	}
	return [{text: verdict, tone: 'verdict'}, ...tails.at(-1)!];
}

/**
 * The outcome as one or two rows of `columns`, laid out by priority: the outcome's kind and zone, the DNSSEC verdict
 * with its consequence and the findings' counts always stay; the answer's records give way first (cut, with how many
 * are left out), then the separators narrow and the verdict and counts take their shorter forms. When even that leaves
 * no room for the answer (or the reason would be cut), the verdict, answer and reason take the first row and the
 * DNSSEC verdict and counts a second; with only one `rows` to spend, the narrowest forms on one, cut at its end.
 */
export function outcomeRows({verdict, records, dnssec, counts, reason, fix}: OutcomeParts, columns: number, rows: 1 | 2 = 2): OutcomePart[][] {
	const verdicts = verdictForms(dnssec);
	const countTexts = countForms(counts);
	const levels = [
		{sep: safe`  ·  `, dash: safe`  —  `, verdict: verdicts[0], counts: countTexts[0]},
		{sep: safe` · `, dash: safe` — `, verdict: verdicts[0], counts: countTexts[0]},
		{sep: safe` · `, dash: safe` — `, verdict: verdicts[1], counts: countTexts[0]},
		{sep: safe` · `, dash: safe` — `, verdict: verdicts[1], counts: countTexts[1]},
		{sep: safe` · `, dash: safe` — `, verdict: verdicts[2], counts: countTexts[1]},
	];
	// The DNSSEC verdict and the counts, each after a separator (the first one too when they follow the verdict).
	const tailOf = (level: (typeof levels)[number], lead: boolean, withFix = false): OutcomePart[] => {
		const present = [level.verdict, level.counts ? {text: level.counts, tone: 'plain' as const} : undefined, withFix && fix ? {text: fix, tone: 'plain' as const} : undefined].filter((part) => part !== undefined);
		return present.map((part, index) => ({text: lead || index > 0 ? safe`${level.sep}${part.text}` : part.text, tone: part.tone}));
	};
	const width = (parts: OutcomePart[]) => parts.reduce((sum, part) => sum + presentedWidth(part.text), 0);
	// An address cut short ("A 192.0.2.…") is no address: the outcome takes two rows rather than that.
	const oneRowForms = ADDRESS_TYPES.has(briefAnswer(records).type ?? '') ? ANSWER_FORMS.slice(0, -1) : ANSWER_FORMS;
	// When users see the fix is the least needed part: tried in every form first, then left out.
	for (const withFix of fix ? [true, false] : [false]) {
		for (const form of oneRowForms) {
			for (const level of levels) {
				const tail = tailOf(level, true, withFix);
				const reasonText = reason ? safe`${level.dash}${reason}` : safe``;
				const room = columns - verdict.length - width(tail) - reasonText.length - 2;
				const answer = records.length > 0 ? form(records, room) : room >= -2 ? safe`` : undefined;
				if (answer === undefined) continue;
				return [[{text: safe`${verdict}${records.length > 0 ? safe`: ${answer}` : safe``}`, tone: 'verdict'}, ...tail, ...(reason ? [{text: reasonText, tone: 'plain' as const}] : [])]];
			}
		}
	}
	if (rows === 1) return [oneRow({verdict, records, reason}, tailOf(levels.at(-1)!, true), dnssec, countTexts, columns)];
	// Two rows: the first keeps the answer (cut only at the terminal's width) and the reason.
	const room = columns - verdict.length - 2;
	const answer = records.length > 0 ? safe`: ${ANSWER_FORMS.map((form) => form(records, room)).find((text) => text !== undefined) ?? answerText(records, 0)}` : safe``;
	// A reason too long for the row is cut in its middle: its end says the cause ("… (dynect.net. failed)"), which a cut
	// at the edge took first.
	const reasonRoom = Math.max(1, columns - verdict.length - presentedWidth(answer) - 3);
	const first: OutcomePart[] = [{text: safe`${verdict}${answer}`, tone: 'verdict'}, ...(reason ? [{text: safe` — ${cutBetweenWords(reason, reasonRoom)}`, tone: 'plain' as const}] : [])];
	// The second row's narrowest form takes the counts' fewest words too ("5 err, 1 warn"), as the one-row form does.
	const narrowest = {...levels.at(-1)!, counts: countTexts[2]};
	const second = [...levels, narrowest].map((level) => tailOf(level, false)).find((parts) => width(parts) <= columns) ?? tailOf(narrowest, false);
	return second.length > 0 ? [first, second] : [first];
}

/**
 * A sentence cut to `width` in its middle, between words. Its end carries the cause ("(dynect.net. failed)", the
 * last parenthesis, or else the last word), which stays whole; the start takes up to half the row, whole words, and
 * the end the rest: "no server of twitter.com. could be reached: … could not be resolved (dynect.net. failed)". Where
 * even the cause does not fit, the sentence is cut at its end, after a word.
 */
function cutBetweenWords(text: Presented, width: number): Presented {
	if (text.length <= width) return text;
	// The last part of whole words that is at most `room` long, from a word's start.
	const tailWithin = (room: number): Presented | undefined => {
		for (let at = text.indexOf(' ', Math.max(0, text.length - room - 1)); at >= 0 && at + 1 < text.length; at = text.indexOf(' ', at + 1)) {
			if (text.length - (at + 1) <= room) return tailOfPresented(text, at + 1);
		}
		return undefined;
	};
	const opening = text.endsWith(')') ? text.lastIndexOf(' (') : -1;
	const cause = opening >= 0 ? tailOfPresented(text, opening + 1) : tailWithin(text.length - text.lastIndexOf(' ') - 1);
	if (!cause || cause.length + 2 > width) {
		const last = text.lastIndexOf(' ', width - 1);
		return safe`${headOfPresented(text, last > 0 ? last : width - 1)}…`;
	}
	const headRoom = Math.min(Math.floor((width - 3) / 2), width - 3 - cause.length);
	const space = headRoom > 0 ? text.lastIndexOf(' ', headRoom) : -1;
	const head = space > 0 ? headOfPresented(text, space) : undefined;
	const tail = tailWithin(width - (head ? head.length + 3 : 2)) ?? cause;
	return head ? safe`${head} … ${tail}` : safe`… ${tail}`;
}
