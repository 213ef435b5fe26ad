import {canonicalAddress, isAddress, isLoopback} from '../dns/address.js';
import {DS_DIGEST_BYTES} from '../dns/wire-layout.js';
import {parseUserName, type Name} from '../dns/name.js';
import {unusableReason} from '../dns/unusable-address.js';
import type {Trace, WhatIfChange} from '../trace/model.js';

/**
 * The kinds of change: the words each takes, as a usage line says them, and what each word must be whatever the
 * trace (checked before anything is sent: changeFormProblem). A DS is a key tag (16 bits), an algorithm and a digest
 * type (8 bits each) and the digest in hex.
 */
type WordForm = 'name' | 'name-or-address' | 'address' | 'u16' | 'u8' | 'hex' | 'moment';
const CHANGES: ReadonlyArray<readonly [kind: string, usage: string, forms: readonly WordForm[]]> = [
	['down', 'SERVER-NAME or ADDRESS', ['name-or-address']],
	['zone-down', 'ZONE', ['name']],
	['ds-remove', 'ZONE', ['name']],
	['ds-replace', 'ZONE "KEYTAG ALGORITHM DIGESTTYPE DIGEST"', ['name', 'u16', 'u8', 'u8', 'hex']],
	['ns-remove', 'ZONE NSNAME', ['name', 'name']],
	['ns-add', 'ZONE NSNAME ADDRESS', ['name', 'name', 'address']],
	['clock', '+30d or 2026-12-31T00:00:00Z', ['moment']],
];

/** A change as typed, read against the trace it changes: the change, or why not (one line, for a usage error). */
export type ParsedChange = {change: WhatIfChange} | {problem: string};

const UNIT_MS: Record<string, number> = {h: 3_600_000, d: 86_400_000, w: 604_800_000};
/** Ten years ahead: far past any signature's validity, and a moment that stays a four-digit year. */
const MAX_CLOCK_MS = 10 * 366 * UNIT_MS['d']!;

const nameOf = (word: string): Name | undefined => {
	try {
		return parseUserName(word).name;
	} catch {
		return undefined;
	}
};

/**
 * The option as typed, echoed in a usage error: in quotes, a quote or backslash in it escaped (so where it ends is
 * plain), and a long one cut to its start and its length: a 10,000-character word made a 20 KB line, said twice.
 */
const MOST_ECHOED = 120;
/** Cut and counted by code points: cut by UTF-16 units, an emoji's half became U+FFFD, and "(N characters)" was wrong. */
const cut = (text: string) => {
	const characters = Array.from(text);
	return characters.length > MOST_ECHOED ? `${characters.slice(0, MOST_ECHOED).join('')}… (${characters.length} characters)` : text;
};
const echoed = (text: string) => `"${cut(text).replace(/["\\]/gu, (character) => `\\${character}`)}"`;
const invalid = (text: string, why: string) => `invalid --what-if ${echoed(text)}: ${why}`;

/**
 * What is wrong with a change as typed, whatever the trace (an unknown kind, the words it takes, a name that is no
 * name, an address, a DS, a moment), in one line; undefined when only the trace can tell. A trace checks this before
 * its walk, so a typo is said at once, not after the walk (in the explorer, after seconds of a trace on screen).
 */
export function changeFormProblem(text: string): string | undefined {
	const [kind = '', ...words] = text.trim().split(/\s+/u);
	const problem = (why: string) => invalid(text, why);
	const change = CHANGES.find(([known]) => known === kind);
	if (!change) return problem(`no such change ${echoed(kind)}: use ${CHANGES.map(([known]) => known).join(', ')}`);
	const [, usage, forms] = change;
	if (words.length !== forms.length) return problem(`${kind} takes ${usage}`);
	for (const [index, form] of forms.entries()) {
		const typed = words[index]!;
		const word = typed.replace(/"/gu, '');
		if ((form === 'name' && nameOf(word) === undefined) || (form === 'name-or-address' && !isAddress(word) && nameOf(word) === undefined)) return problem(`${cut(typed)} is not a name`);
		if (form === 'address' && !isAddress(word)) return problem(`${cut(typed)} is not an IP address`);
		if (form === 'moment' && clockMoment(word, new Date(0).toISOString()) === undefined) return problem('give +N followed by h, d or w (from when the trace was taken), or a moment such as 2026-12-31T00:00:00Z');
		const number = /^\d{1,5}$/u.test(word) ? Number(word) : Number.NaN;
		if ((form === 'u16' && !(number <= 65_535)) || (form === 'u8' && !(number <= 255)) || (form === 'hex' && !/^(?:[0-9a-f]{2}){1,64}$/iu.test(word))) {
			return problem('the DS is KEYTAG (0-65535) ALGORITHM (0-255) DIGESTTYPE (0-255) and the digest in hex');
		}
	}
	// A digest of another length than its type's is a DS no server can send: the walk would refuse the referral it is
	// put in as malformed, and the file written from it could not be opened again.
	const digestType = kind === 'ds-replace' ? Number(words[3]) : Number.NaN;
	const size = DS_DIGEST_BYTES[digestType];
	const given = kind === 'ds-replace' ? words[4]!.replace(/"/gu, '').length / 2 : 0;
	if (size !== undefined && given !== size) return problem(`a digest of type ${digestType} is ${size} bytes (${size * 2} hex digits); ${given} given`);
	return undefined;
}

/**
 * `--what-if "down ns1.p05.dynect.net."` and the like, read against the trace: a name server, address or zone the
 * trace does not have is refused rather than silently changing nothing.
 */
export function parseChange(text: string, trace: Trace, earlier: readonly WhatIfChange[] = []): ParsedChange {
	const malformed = changeFormProblem(text);
	if (malformed !== undefined) return {problem: malformed};
	// Quotes around a word are the shell's or the user's, as the form check read them (zone-down "bw" is bw).
	const [kind = '', ...words] = text.trim().split(/\s+/u).map((word) => word.replace(/"/gu, ''));
	const problem = (why: string): ParsedChange => ({problem: invalid(text, why)});
	const zoneOf = (word: string) => {
		const zone = nameOf(word);
		return zone === undefined ? undefined : trace.zones.find((candidate) => candidate.name === zone);
	};
	const noZone = (word: string) => problem(`${cut(word)} is not a zone of this trace (${trace.zones.map((zone) => zone.name).join(' ')})`);
	switch (kind) {
		case 'down': {
			const word = words[0]!;
			if (isAddress(word)) {
				const address = canonicalAddress(word);
				if (!trace.zones.some((zone) => zone.servers.some((server) => server.address === address))) return problem(`no server of this trace has the address ${address}`);
				return {change: {kind: 'down-address', address}};
			}
			const server = nameOf(word);
			if (server === undefined || !trace.zones.some((zone) => zone.servers.some((candidate) => candidate.name === server))) return problem(`${cut(word)} is neither an address nor a name server asked in this trace`);
			return {change: {kind: 'down', server}};
		}
		case 'zone-down':
		case 'ds-remove': {
			const zone = zoneOf(words[0]!);
			if (!zone) return noZone(words[0]!);
			if (kind === 'ds-remove' && !zone.parent) return problem(`${zone.name} has no parent in this trace to hold its DS`);
			return {change: {kind, zone: zone.name}};
		}
		case 'ds-replace': {
			const zone = zoneOf(words[0]!);
			if (!zone) return noZone(words[0]!);
			if (!zone.parent) return problem(`${zone.name} has no parent in this trace to hold its DS`);
			// Their form is checked (changeFormProblem): numbers and hex.
			const [keyTag, algorithm, digestType] = words.slice(1, 4).map(Number);
			const digest = words[4]!.toLowerCase();
			return {change: {kind, zone: zone.name, ds: {keyTag: keyTag!, algorithm: algorithm!, digestType: digestType!, digest}}};
		}
		case 'ns-remove': {
			const zone = zoneOf(words[0]!);
			if (!zone) return noZone(words[0]!);
			const nameserver = nameOf(words[1]!);
			const listed = zone.nameservers.find((candidate) => candidate.name === nameserver && candidate.listedBy.includes('parent'));
			if (!listed) return problem(`${cut(words[1]!)} is not in ${zone.name}'s delegation at its parent`);
			// Removals given before this one count: the last name server at the parent goes in no number of steps.
			const removed = new Set(earlier.flatMap((change) => (change.kind === 'ns-remove' && change.zone === zone.name ? [change.nameserver] : [])));
			if (removed.has(listed.name)) return problem(`${listed.name} is already removed from ${zone.name}'s delegation`);
			if (zone.nameservers.filter((candidate) => candidate.listedBy.includes('parent') && !removed.has(candidate.name)).length < 2) return problem(`${listed.name} is ${zone.name}'s only name server left at its parent: removing it is removing the delegation`);
			return {change: {kind, zone: zone.name, nameserver: listed.name}};
		}
		case 'ns-add': {
			const zone = zoneOf(words[0]!);
			if (!zone) return noZone(words[0]!);
			const nameserver = nameOf(words[1]!)!;
			const address = canonicalAddress(words[2]!);
			// The walk's rule (zone-book.ts): loopback only in a world whose root is on loopback (the lab).
			const unusable = unusableReason(address, {loopback: rootOnLoopback(trace)});
			if (unusable) return problem(`${address} can be no name server's address: ${unusable}`);
			return {change: {kind, zone: zone.name, nameserver, address}};
		}
		case 'clock': {
			return {change: {kind, at: clockMoment(words[0]!, trace.startedAt)!}};
		}
		default:
			// Every kind is in CHANGES, whose check came first: none reaches here.
			return problem(`no such change ${echoed(kind)}`);
	}
}

/** Whether the trace's root servers are on loopback, as the lab's are. */
function rootOnLoopback(trace: Trace): boolean {
	return trace.zones.some((zone) => zone.name === '.' && zone.servers.some((server) => isLoopback(server.address)));
}

/** `+30d` from the trace's start, or a UTC moment (`2026-12-31T00:00:00Z`, `2026-12-31`), as ISO 8601. */
function clockMoment(word: string, startedAt: string): string | undefined {
	const offset = /^\+(\d{1,5})([hdw])$/u.exec(word);
	if (offset) {
		const ms = Number(offset[1]) * UNIT_MS[offset[2]!]!;
		return ms > MAX_CLOCK_MS ? undefined : new Date(Date.parse(startedAt) + ms).toISOString();
	}
	if (!/^\d{4}-\d\d-\d\d(?:T\d\d:\d\d(?::\d\d)?Z)?$/u.test(word)) return undefined;
	const ms = Date.parse(word.length === 10 ? `${word}T00:00:00Z` : word);
	return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== word.slice(0, 10) ? undefined : new Date(ms).toISOString();
}
