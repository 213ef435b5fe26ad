import {domainToASCII} from 'node:url';
import * as z from 'zod';
import {nameFromText, type Name} from '../dns/name.js';
import type {RdapExchange, RegistrationFacts, RegistrationResult, Registrar} from './registration.js';
import {rdapStatus} from './rdap-status.js';

/*
 * An RDAP domain object (RFC 9083 5.3) read into the facts the analysis needs. Every string is untrusted: bounded
 * here, kept as given (escape sequences and all), and presented only by the views. Only the members read are
 * looked at, so anything else in the object (however deep) is never walked. Read member by member, each against its
 * own zod schema: a member that is not what RFC 9083 says is dropped and named in `unreadable`, never the whole object
 * with it, so a registry's odd vCard cannot hide its hold status.
 */

const MAX_TEXT = 1024;
/** Statuses RDAP knows are always kept; others (shown as given) only this many: a registry has a handful. */
const MAX_OTHER_STATUSES = 32;
const MAX_NAMESERVERS = 64;

/** The members read, each on its own (RFC 9083): an object, bounded text, a list, and the shapes of its parts. */
const jsonObject = z.record(z.string(), z.unknown());
const text = z.string().max(MAX_TEXT);
const list = z.array(z.unknown());
const publicId = z.object({type: text, identifier: text});
/** A jCard (RFC 7095): ["vcard", [[name, params, type, value, …], …]]. */
const jCard = z.tuple([z.literal('vcard'), list]);
const event = z.object({eventAction: z.string(), eventDate: z.unknown().optional()});
const nameserver = z.object({ldhName: text.optional(), unicodeName: text.optional()});
/** RFC 9083 wants a list; a lone string is read as a list of one. */
const status = z.union([text, list]);

type Json = z.infer<typeof jsonObject>;
const isText = (value: unknown): value is string => text.safeParse(value).success;

/** What was dropped while reading, by member name ("status", "entities", …), each once. */
type Unreadable = Set<string>;

/** A member read against its schema, or undefined when absent; anything else is noted as unreadable under `key`. */
function member<T>(schema: z.ZodType<T>, value: unknown, key: string, unreadable: Unreadable): T | undefined {
	if (value === undefined) return undefined;
	const parsed = schema.safeParse(value);
	if (parsed.success) return parsed.data;
	unreadable.add(key);
	return undefined;
}

/** The items of a list that match `schema`; any that do not are noted under `key`. */
function itemsOf<T>(schema: z.ZodType<T>, items: readonly unknown[], key: string, unreadable: Unreadable): T[] {
	const read: T[] = [];
	for (const item of items) {
		const parsed = schema.safeParse(item);
		if (parsed.success) read.push(parsed.data);
		else unreadable.add(key);
	}
	return read;
}

interface Entity {
	roles: string[];
	vcard: unknown[][];
	publicIds: Array<{type: string; identifier: string}>;
	entities: Entity[];
}

/** A vCard as jCard (RFC 7095): ["vcard", [[name, params, type, value, …], …]]; the properties that are arrays. */
function vcardOf(value: unknown, unreadable: Unreadable): unknown[][] {
	return (member(jCard, value, 'vcardArray', unreadable)?.[1] ?? []).filter((item): item is unknown[] => Array.isArray(item));
}

/** An entity and those it nests (RFC 9083 lets them nest: a registrar's abuse contact); the body's nesting is bounded before. */
function entityOf(value: unknown, unreadable: Unreadable): Entity | undefined {
	const entity = member(jsonObject, value, 'entities', unreadable);
	if (!entity) return undefined;
	return {
		roles: itemsOf(text, member(list, entity.roles, 'roles', unreadable) ?? [], 'roles', unreadable),
		vcard: vcardOf(entity.vcardArray, unreadable),
		publicIds: itemsOf(publicId, member(list, entity.publicIds, 'publicIds', unreadable) ?? [], 'publicIds', unreadable),
		entities: entitiesOf(entity, unreadable),
	};
}

function entitiesOf(object: Json, unreadable: Unreadable): Entity[] {
	return (member(list, object.entities, 'entities', unreadable) ?? []).map((item) => entityOf(item, unreadable)).filter((item): item is Entity => item !== undefined);
}

/** The first value of a vCard property (`fn`, `email`, `tel`) that is text. */
function vcardValue(entry: Entity | undefined, property: string): string | undefined {
	for (const item of entry?.vcard ?? []) {
		if (item[0] !== property) continue;
		const value = item[3];
		if (typeof value === 'string' && value.length > 0) return value.slice(0, MAX_TEXT);
	}
	return undefined;
}

const hasRole = (role: string) => (candidate: Entity) => candidate.roles.some((value) => value.toLowerCase() === role);

function registrarOf(entities: readonly Entity[]): Registrar | undefined {
	const registrar = entities.find(hasRole('registrar'));
	if (!registrar) return undefined;
	const abuse = registrar.entities.find(hasRole('abuse'));
	const ianaId = registrar.publicIds.find((id) => id.type.toLowerCase() === 'iana registrar id')?.identifier;
	const phone = vcardValue(abuse, 'tel');
	const found = {name: vcardValue(registrar, 'fn'), ianaId, abuseEmail: vcardValue(abuse, 'email'), abusePhone: phone?.replace(/^tel:/iu, '')};
	return Object.fromEntries(Object.entries(found).filter(([, value]) => value !== undefined)) as Registrar;
}

/** A domain name as RDAP writes it (with or without the final dot) as a name; undefined when it is none. */
function asName(text: string): Name | undefined {
	try {
		return nameFromText(text.endsWith('.') ? text : `${text}.`);
	} catch {
		return undefined;
	}
}

/**
 * The name servers on file: each by its ldhName, or its unicodeName in A-labels. One that is neither makes the list
 * unreadable as a whole: compared with the delegation, a list missing one would claim a difference that is not there.
 */
function nameserversOf(object: Json, unreadable: Unreadable): Name[] {
	const items = member(list, object.nameservers, 'nameservers', unreadable) ?? [];
	const names: Name[] = [];
	for (const item of items) {
		const read = nameserver.safeParse(item);
		const written = read.success ? (read.data.ldhName ?? (read.data.unicodeName === undefined ? undefined : domainToASCII(read.data.unicodeName.replace(/\.$/u, '')))) : undefined;
		const name = written ? asName(written) : undefined;
		if (name === undefined) {
			unreadable.add('nameservers');
			return [];
		}
		names.push(name);
	}
	const unique = [...new Set(names)].sort();
	if (unique.length <= MAX_NAMESERVERS) return unique;
	unreadable.add('nameservers');
	return [];
}

/** RFC 3339 date-time (RFC 9083 4.5's eventDate); the fields are checked for a real date ("2020-02-30" is none). */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:[Zz]|[+-](\d{2}):(\d{2}))$/u;

export function isRfc3339(text: string): boolean {
	const match = RFC3339.exec(text);
	if (!match) return false;
	const [year, month, day, hour, minute, second, offsetHour = 0, offsetMinute = 0] = match.slice(1).map((part) => (part === undefined ? undefined : Number(part))) as number[];
	const date = new Date(Date.UTC(year!, month! - 1, day!));
	return date.getUTCFullYear() === year && date.getUTCMonth() === month! - 1 && date.getUTCDate() === day && hour! < 24 && minute! < 60 && second! < 60 && offsetHour < 24 && offsetMinute < 60;
}

/** The expiration event's date, when it is an RFC 3339 date-time; an unreadable one is dropped and noted. */
function expiryOf(object: Json, unreadable: Unreadable): string | undefined {
	const events = (member(list, object.events, 'events', unreadable) ?? []).flatMap((item) => {
		const read = event.safeParse(item);
		return read.success ? [read.data] : [];
	});
	const expiration = events.find((candidate) => candidate.eventAction.toLowerCase() === 'expiration');
	if (!expiration) return undefined;
	if (isText(expiration.eventDate) && isRfc3339(expiration.eventDate)) return expiration.eventDate;
	unreadable.add('expiry date');
	return undefined;
}

/**
 * The statuses, each by its RDAP name when it is one under any spelling (rdap-status.ts), else as given. A lone
 * string where RFC 9083 wants a list is read as a list of one: a hold status said oddly is still the registry's word.
 */
function statusesOf(object: Json, unreadable: Unreadable): string[] {
	const given = member(status, object.status, 'status', unreadable) ?? [];
	const items = typeof given === 'string' ? [given] : given;
	const read = [...new Set(itemsOf(text, items, 'status', unreadable).map((word) => rdapStatus(word) ?? word))];
	const known = read.filter((status) => rdapStatus(status) !== undefined);
	const others = read.filter((status) => rdapStatus(status) === undefined);
	if (others.length > MAX_OTHER_STATUSES) unreadable.add('status');
	const kept = new Set([...known, ...others.slice(0, MAX_OTHER_STATUSES)]);
	return read.filter((status) => kept.has(status));
}

/**
 * Nesting deeper than any domain object has (a registrar's abuse contact is about eight levels down): refused before
 * it is read, as each entity level is a call, and a hostile body nests thousands deep.
 */
const MAX_DEPTH = 32;

/** How deep the arrays and objects of JSON text nest, outside its strings. */
function nesting(text: string): number {
	let depth = 0;
	let deepest = 0;
	let inString = false;
	for (let index = 0; index < text.length; index++) {
		const char = text[index];
		if (inString) {
			if (char === '\\') index++;
			else if (char === '"') inString = false;
		} else if (char === '"') inString = true;
		else if (char === '{' || char === '[') deepest = Math.max(deepest, ++depth);
		else if (char === '}' || char === ']') depth--;
	}
	return deepest;
}

/**
 * The domain the object is about: its ldhName (RFC 9083 5.3; the A-label form for an IDN), else its unicodeName, in
 * A-labels either way (a registry that writes a U-label in ldhName still names the same domain); an empty one names
 * nothing. A name that maps to no A-labels is given back as written, to be named in the refusal.
 */
function nameOf(object: Json): {ascii: string; written: string} | undefined {
	const written = [object.ldhName, object.unicodeName].find((value): value is string => typeof value === 'string' && value.replace(/\.$/u, '') !== '');
	if (written === undefined) return undefined;
	return {ascii: domainToASCII(written.replace(/\.$/u, '')) || written, written};
}

/** An ldhName as the name it writes, lower case and without the final dot, for comparing with the domain asked. */
const bare = (text: string) => text.toLowerCase().replace(/\.$/u, '');

/**
 * The facts of a domain object about `domain`, or why the text is not one. An object about another domain (its
 * ldhName, the A-label form for an IDN, is not the one asked) says nothing of this one: a wrong redirect, a registry's
 * bug, or a lie, and never a registration to show under the domain's name.
 */
export function parseDomainObject(body: string, domain: Name): {facts: RegistrationFacts} | {problem: string} {
	if (nesting(body) > MAX_DEPTH) return {problem: `the response nests deeper than ${MAX_DEPTH} levels, deeper than any domain object`};
	let data: unknown;
	try {
		data = JSON.parse(body);
	} catch {
		return {problem: 'the response is not JSON'};
	}
	const object = jsonObject.safeParse(data);
	if (!object.success || object.data.objectClassName !== 'domain') return {problem: 'the response is not an RDAP domain object (no "objectClassName": "domain")'};
	const named = nameOf(object.data);
	if (named === undefined) return {problem: `the answer names no domain (neither ldhName nor unicodeName), where ${bare(domain)} was asked`};
	if (bare(named.ascii) !== bare(domain)) return {problem: `the answer is about another domain (${named.written.slice(0, 255)}, where ${bare(domain)} was asked)`};
	const unreadable: Unreadable = new Set();
	const statuses = statusesOf(object.data, unreadable);
	const registrar = registrarOf(entitiesOf(object.data, unreadable));
	const expires = expiryOf(object.data, unreadable);
	const nameservers = nameserversOf(object.data, unreadable);
	return {
		facts: {
			statuses,
			...(registrar ? {registrar} : {}),
			...(expires !== undefined ? {expires} : {}),
			nameservers,
			...(unreadable.size > 0 ? {unreadable: [...unreadable].sort()} : {}),
		},
	};
}

/**
 * What an exchange for `domain` came to: no URL means the bootstrap names no server; an error before any response,
 * that RDAP was not reached; 404 is the registry's word that no such domain is registered (RFC 7480 5.3); any other
 * status or a body that is no domain object about the domain, an unusable answer; else the domain object's facts.
 */
export function registrationResult(exchange: RdapExchange, domain: Name): RegistrationResult {
	if (exchange.url === undefined) return {kind: 'no-server', reason: exchange.error ?? 'no RDAP server is known for it'};
	if (exchange.status === undefined) return {kind: 'unreachable', reason: exchange.error ?? 'no response'};
	if (exchange.error !== undefined) return {kind: 'unusable', reason: exchange.error};
	if (exchange.status === 404) return {kind: 'not-found'};
	if (exchange.status !== 200) return {kind: 'unusable', reason: `the RDAP server answered HTTP ${exchange.status}${exchange.status === 429 ? ' (too many requests)' : exchange.status >= 500 ? ' (a server error)' : ''}`};
	const read = parseDomainObject(exchange.body ?? '', domain);
	return 'facts' in read ? {kind: 'found', facts: read.facts} : {kind: 'unusable', reason: read.problem};
}
