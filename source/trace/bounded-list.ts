import {byText} from './server-order.js';

/*
 * Lists in words, bounded: how a finding's message, a walk's reason and a report name servers, names and reasons,
 * so that a zone with hundreds of name servers makes a report that still fits a ticket.
 */

/**
 * How many items a list in a finding's message or a report names before it counts the rest. A report is pasted into
 * a ticket, and a hostile zone can list hundreds of name servers: the first few say who, and the snapshot (the trace
 * and each finding's servers) keeps them all.
 */
export const LIST_SHOWN = 8;

/**
 * The first `shown` of some items and how many more there are. A list that fits is kept in the order it came (a
 * finding's own order, as it always said it); one that does not is cut after the first in the one order given, so
 * the few named are the same whatever order the servers answered in.
 */
export function boundList<T>(items: readonly T[], order: (a: T, b: T) => number, shown = LIST_SHOWN): {shown: T[]; more: number} {
	if (items.length <= shown) return {shown: [...items], more: 0};
	return {shown: [...items].sort(order).slice(0, shown), more: items.length - shown};
}

/** Server addresses whose evidence a report shows in a finding's table (a row each, or more): a root's 26 fit. */
export const EVIDENCE_SHOWN = 32;

/**
 * A list as words, bounded: "a, b and c" (`last` joins the last two); past LIST_SHOWN, the first few in `order` and
 * "and 292 more". The one way a message or a view names a list of servers or names; `say` words one item, and
 * without an `order` the words are ordered as text (byText: ns2 before ns10).
 */
export function listInWords<T = string>(items: readonly T[], {say = String, order, last = ' and '}: {say?: (item: T) => string; order?: (a: T, b: T) => number; last?: string} = {}): string {
	const {shown, more} = boundList(items, order ?? ((a, b) => byText(say(a), say(b))));
	const words = shown.map(say);
	if (more > 0) return `${words.join(', ')} and ${more} more`;
	return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')}${last}${words.at(-1)}`;
}

/**
 * Clauses about servers, one each ("ns1.x. (192.0.2.1) timed out on 3 of 3 queries"), joined by "; ", bounded as
 * listInWords bounds a list: past LIST_SHOWN, the first few in `order` and "; and 32 more".
 */
export function clausesInWords<T>(items: readonly T[], say: (item: T) => string, order: (a: T, b: T) => number): string {
	const {shown, more} = boundList(items, order);
	return `${shown.map(say).join('; ')}${more > 0 ? `; and ${more} more` : ''}`;
}

/**
 * Reasons by name, each reason said once for the names that share it ("ns0.x. and 19 more could not be resolved (x.
 * failed)"), the names bounded, the groups in the order their first names came and joined by "; ". `reason` is what
 * follows the name, worded for one ("has no address"); for several it is worded for them ("have no address").
 */
export function reasonsInWords(entries: ReadonlyArray<{name: string; reason: string}>): string {
	const byReason = new Map<string, string[]>();
	for (const {name, reason} of entries) {
		const names = byReason.get(reason);
		if (names) names.push(name);
		else byReason.set(reason, [name]);
	}
	return [...byReason].map(([reason, names]) => `${listInWords(names)} ${names.length === 1 ? reason : forSeveral(reason)}`).join('; ');
}

/** The verbs a reason starts with, worded for one name and for several. */
const SEVERAL: ReadonlyArray<[string, string]> = [['does not ', 'do not '], ['has ', 'have '], ['is ', 'are ']];

function forSeveral(reason: string): string {
	const verb = SEVERAL.find(([one]) => reason.startsWith(one));
	return verb ? `${verb[1]}${reason.slice(verb[0].length)}` : reason;
}

/**
 * A reason that names its subject first ("ns1.x. could not be resolved (x. failed)", as the walk records it) without
 * that name, for reasonsInWords; one that does not start with the name is kept whole.
 */
export function withoutName(name: string, reason: string): string {
	return reason.startsWith(`${name} `) ? reason.slice(name.length + 1) : reason;
}
