import {z} from 'zod';
import {nameFromText, type Name} from '../dns/name.js';
import type {RdapExchange, RegistrationFacts, RegistrationResult, Registrar} from './registration.js';

/*
 * An RDAP domain object (RFC 9083 5.3) read into the facts the analysis needs. Every string is untrusted: bounded
 * here, kept as given (escape sequences and all), and presented only by the views. Only the members read are
 * declared, so anything else in the object (however deep) is never walked. Kept apart from the client so zod is
 * loaded only when RDAP runs.
 */

const text = z.string().max(1024);
/** A vCard as jCard (RFC 7095): ["vcard", [[name, params, type, value, …], …]]. */
const jcard = z.tuple([z.literal('vcard'), z.array(z.array(z.unknown()).max(64)).max(256)]).rest(z.unknown());

interface Entity {
	roles?: string[];
	vcardArray?: z.output<typeof jcard>;
	publicIds?: Array<{type: string; identifier: string}>;
	entities?: Entity[];
}

const entity: z.ZodType<Entity> = z.lazy(() =>
	z.object({
		roles: z.array(text).max(32).optional(),
		vcardArray: jcard.optional(),
		publicIds: z.array(z.object({type: text, identifier: text})).max(32).optional(),
		// RFC 9083 lets entities nest (a registrar's abuse contact); a registry nests them two deep at most.
		entities: z.array(entity).max(64).optional(),
	}),
);

const domainObject = z.object({
	objectClassName: z.literal('domain'),
	ldhName: text.optional(),
	status: z.array(text).max(64).optional(),
	entities: z.array(entity).max(64).optional(),
	events: z.array(z.object({eventAction: text, eventDate: text})).max(64).optional(),
	nameservers: z.array(z.object({ldhName: text})).max(64).optional(),
});

/** The first value of a vCard property (`fn`, `email`, `tel`) that is text. */
function vcardValue(entry: Entity | undefined, property: string): string | undefined {
	const properties = entry?.vcardArray?.[1] ?? [];
	for (const item of properties) {
		if (item[0] !== property) continue;
		const value = item[3];
		if (typeof value === 'string' && value.length > 0) return value.slice(0, 1024);
	}
	return undefined;
}

const hasRole = (role: string) => (candidate: Entity) => candidate.roles?.some((value) => value.toLowerCase() === role) ?? false;

function registrarOf(entities: readonly Entity[]): Registrar | undefined {
	const registrar = entities.find(hasRole('registrar'));
	if (!registrar) return undefined;
	const abuse = registrar.entities?.find(hasRole('abuse'));
	const ianaId = registrar.publicIds?.find((id) => id.type.toLowerCase() === 'iana registrar id')?.identifier;
	const phone = vcardValue(abuse, 'tel');
	const found = {name: vcardValue(registrar, 'fn'), ianaId, abuseEmail: vcardValue(abuse, 'email'), abusePhone: phone?.replace(/^tel:/iu, '')};
	return Object.fromEntries(Object.entries(found).filter(([, value]) => value !== undefined)) as Registrar;
}

/** A name server's ldhName as a name; one that is no name is left out. */
function asName(ldhName: string): Name | undefined {
	try {
		return nameFromText(ldhName.endsWith('.') ? ldhName : `${ldhName}.`);
	} catch {
		return undefined;
	}
}

/**
 * Nesting deeper than any domain object has (a registrar's abuse contact is about eight levels down): refused before
 * it is read, as each declared level is a call, and a hostile body nests thousands deep.
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
	const parsed = domainObject.safeParse(data);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		return {problem: `the response is not an RDAP domain object (${issue ? `${issue.message.split('\n')[0]!.slice(0, 120)} at ${issue.path.slice(0, 8).join('.') || 'the top level'}` : 'unreadable'})`};
	}
	const {ldhName} = parsed.data;
	if (ldhName === undefined) return {problem: `the answer is about another domain (it names none, where ${bare(domain)} was asked)`};
	if (bare(ldhName) !== bare(domain)) return {problem: `the answer is about another domain (${ldhName.slice(0, 255)}, where ${bare(domain)} was asked)`};
	const {status = [], entities = [], events = [], nameservers = []} = parsed.data;
	const expiration = events.find((event) => event.eventAction.toLowerCase() === 'expiration')?.eventDate;
	const registrar = registrarOf(entities);
	const names = nameservers.map((ns) => asName(ns.ldhName)).filter((name): name is Name => name !== undefined);
	return {
		facts: {
			statuses: [...new Set(status.map((value) => value.toLowerCase()))],
			...(registrar ? {registrar} : {}),
			...(expiration !== undefined && !Number.isNaN(Date.parse(expiration)) ? {expires: expiration} : {}),
			nameservers: [...new Set(names)].sort(),
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
