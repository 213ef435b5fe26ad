import {decodeMessage, encodeQuery} from '../dns/codec.js';
import {EDE_OPTION} from '../dns/extended-error.js';
import {isStrictlyBelow, parseUserName, type Name} from '../dns/name.js';
import type {Message, ResourceRecord} from '../dns/record.js';
import type {Endpoint, Link, LinkHandlers} from '../dns/transport.js';
import {encodeForTransport} from './authoritative.js';
import {respond} from './lab-link.js';
import {withQueryCase} from './query-case.js';
import type {LabWorld} from './world.js';

/**
 * The lab's recursive resolvers, for `--resolvers`: each resolves by simple iteration over the lab's authoritative
 * servers (from the root hints, following referrals, glue, glueless NS names and CNAMEs; no validation, so never AD;
 * SERVFAIL with an Extended DNS Error when no server gives a usable answer) and caches what it resolved for its TTL,
 * on the lab's clock. The first holds what the stories' questions answered as if it had asked them
 * `cachedAgoSeconds` before the lab started: after a story's fix it still serves the old answer until that counts
 * down. The second keeps no negative answer, so it has a fix as soon as the servers do.
 */
export interface LabResolverSpec {
	label: string;
	address: string;
	cache: {
		/** The stories' answers were cached this long before the lab started (absent: the cache starts empty). */
		cachedAgoSeconds?: number;
		/** Negative answers kept at most this long, and handed out with no longer a TTL (Unbound's cache-max-negative-ttl). */
		maxNegativeTtl?: number;
	};
}

export const LAB_RESOLVERS: readonly LabResolverSpec[] = [
	// Asked 19 minutes before the lab started: a 1-hour negative TTL has 41 minutes left.
	{label: 'lab resolver 1, cached 19 min ago', address: '127.77.254.1', cache: {cachedAgoSeconds: 19 * 60}},
	// A resolver configured to keep no negative answer: after a fix, its users see it at once.
	{label: 'lab resolver 2, no negative caching', address: '127.77.254.2', cache: {maxNegativeTtl: 0}},
];

/** How long a lab resolver takes to answer: a resolver near the user. */
const RESOLVER_LATENCY_MS = 6;
/** Referrals followed for one question, as Unbound's MAX_REFERRAL_COUNT bounds them, and the CNAME or NS look-ups nested. */
const MAX_REFERRALS = 30;
const MAX_NESTING = 8;
/** RFC 8914: 22, No Reachable Authority. */
const EDE_NO_REACHABLE_AUTHORITY = 22;

interface Resolved {
	rcode: string;
	answer: ResourceRecord[];
	authority: ResourceRecord[];
	/** Why it failed, for the EDE text of a SERVFAIL. */
	why?: string;
}

interface CacheEntry {
	resolved: Resolved;
	/** When it was stored and how long it may be kept, in ms of the resolver's clock and seconds. */
	storedAtMs: number;
	ttl: number;
}

export interface LabResolver {
	spec: LabResolverSpec;
	/** The reply to one query, as wire bytes; undefined for what is no query. */
	answer(payload: Uint8Array, protocol: 'udp' | 'tcp'): Uint8Array | undefined;
}

/** The longest a resolved answer may be kept: the smallest TTL in it, or RFC 2308's negative TTL from its SOA (capped). */
function ttlOf(resolved: Resolved, maxNegativeTtl: number): number | undefined {
	if (resolved.rcode === 'SERVFAIL') return undefined;
	if (resolved.answer.length > 0) return Math.min(...resolved.answer.map((record) => record.ttl));
	const soa = resolved.authority.find((record) => record.type === 'SOA');
	return soa?.data.kind === 'soa' ? Math.min(soa.ttl, soa.data.minimum, maxNegativeTtl) : undefined;
}

/** One lab resolver over the world current when it is asked, on the lab's clock (ms). */
export function createLabResolver(spec: LabResolverSpec, world: () => LabWorld, now: () => number): LabResolver {
	const cache = new Map<string, CacheEntry>();
	const startedAtMs = now();
	// Made at the first answer: some stories' names are IDNs, and reading one loads the UTS-46 tables (10 ms of every
	// `--lab` start before the explorer's first frame, where no resolver is asked).
	const stories = world().spec.stories;
	let storyQuestions: Set<string> | undefined;
	const seeded = new Set<string>();

	const lookUp = (name: Name, type: string): {resolved: Resolved; ttl?: number; ageSeconds: number} => {
		const key = `${name} ${type}`;
		const entry = cache.get(key);
		if (entry) {
			const ageSeconds = Math.floor((now() - entry.storedAtMs) / 1000);
			if (ageSeconds < entry.ttl) return {resolved: entry.resolved, ttl: entry.ttl, ageSeconds};
			cache.delete(key);
		}
		const resolved = resolve(world(), name, type, 0);
		const ttl = ttlOf(resolved, spec.cache.maxNegativeTtl ?? Number.POSITIVE_INFINITY);
		if (ttl === undefined || ttl === 0) return {resolved, ...(ttl === undefined ? {} : {ttl}), ageSeconds: 0};
		// A story's question, asked for the first time: what the resolver cached before the lab started, aged since.
		const {cachedAgoSeconds} = spec.cache;
		storyQuestions ??= new Set(stories.map((story) => `${parseUserName(story.name).name} ${story.type ?? 'A'}`));
		const seeding = cachedAgoSeconds !== undefined && storyQuestions.has(key) && !seeded.has(key);
		seeded.add(key);
		const storedAtMs = seeding ? startedAtMs - cachedAgoSeconds * 1000 : now();
		// A seeded answer whose TTL ran out before the lab started would have been asked again: fresh, from now.
		const kept = Math.floor((now() - storedAtMs) / 1000) < ttl ? storedAtMs : now();
		cache.set(key, {resolved, storedAtMs: kept, ttl});
		return {resolved, ttl, ageSeconds: Math.floor((now() - kept) / 1000)};
	};

	return {
		spec,
		answer(payload, protocol) {
			let query: Message;
			try {
				query = decodeMessage(payload);
			} catch {
				return undefined;
			}
			const question = query.question[0];
			if (query.flags.qr || !question || query.question.length !== 1) return undefined;
			const {resolved, ttl, ageSeconds} = lookUp(question.name, question.type);
			// Every TTL counted down by the time it has been kept, none above what the entry may still live.
			const aged = (record: ResourceRecord): ResourceRecord => ({...record, ttl: Math.max(0, Math.min(record.ttl, ttl ?? record.ttl) - ageSeconds)});
			const dnssec = query.edns?.dnssecOk === true;
			const shown = (records: ResourceRecord[]) => records.filter((record) => dnssec || !['RRSIG', 'NSEC', 'NSEC3'].includes(record.type)).map(aged);
			const ede = resolved.rcode === 'SERVFAIL' && query.edns ? [{code: EDE_OPTION, hex: edeHex(EDE_NO_REACHABLE_AUTHORITY, resolved.why ?? 'no usable answer')}] : [];
			const response: Message = {
				id: query.id,
				opcode: 'QUERY',
				rcode: resolved.rcode,
				flags: {qr: true, aa: false, tc: false, rd: query.flags.rd, ra: true, ad: false, cd: query.flags.cd},
				question: query.question,
				answer: shown(resolved.answer),
				authority: shown(resolved.authority.filter((record) => record.type === 'SOA' || record.type === 'RRSIG' || record.type.startsWith('NSEC'))),
				additional: [],
				...(query.edns ? {edns: {version: 0, udpSize: 1232, dnssecOk: dnssec, extendedRcode: 0, options: ede}} : {}),
			};
			const askerSize = query.edns ? Math.max(512, query.edns.udpSize) : 512;
			return withQueryCase(payload, encodeForTransport(response, protocol, askerSize, false));
		},
	};
}

/** An Extended DNS Error option's data (RFC 8914 2): the info code, then UTF-8 text. */
function edeHex(code: number, text: string): string {
	const bytes = Buffer.concat([Buffer.from([code >> 8, code & 0xff]), Buffer.from(text, 'utf8')]);
	return bytes.toString('hex');
}

/** One authoritative server's reply to `name type` (RD=0, DO=1, over TCP: no truncation to handle). */
function ask(world: LabWorld, address: string, name: Name, type: string): Message | undefined {
	const server = world.byAddress.get(address);
	if (!server || server.down || server.closed || server.noTcp) return undefined;
	const id = 4242;
	for (const reply of respond(world, server, encodeQuery({id, name, type, edns: true, dnssecOk: true}), 'tcp')) {
		try {
			const message = decodeMessage(reply.bytes);
			if (message.id === id && message.flags.qr && message.question[0]?.name === name) return message;
		} catch {
			// A server that sends garbage is skipped, as a resolver skips it.
		}
	}
	return undefined;
}

const targetOf = (record: ResourceRecord): Name | undefined => (record.data.kind === 'name' ? record.data.target : undefined);

/** Resolves `name type` from the root down, through the world's servers, as a non-validating iterative resolver. */
function resolve(world: LabWorld, name: Name, type: string, nesting: number): Resolved {
	let servers = world.hints.servers.flatMap((server) => server.addresses);
	let zone = '.';
	for (let hop = 0; hop < MAX_REFERRALS; hop++) {
		let next: string[] | undefined;
		for (const address of servers) {
			const reply = ask(world, address, name, type);
			if (!reply) continue;
			if (reply.rcode === 'NXDOMAIN') return {rcode: 'NXDOMAIN', answer: reply.answer, authority: reply.authority};
			if (reply.rcode !== 'NOERROR') continue;
			if (reply.flags.aa) {
				const cname = reply.answer.find((record) => record.name === name && record.type === 'CNAME');
				const target = cname ? targetOf(cname) : undefined;
				if (target && type !== 'CNAME' && !reply.answer.some((record) => record.name === name && record.type === type)) {
					if (nesting >= MAX_NESTING) return {rcode: 'SERVFAIL', answer: [], authority: [], why: `CNAME chain longer than ${MAX_NESTING}`};
					const rest = resolve(world, target, type, nesting + 1);
					return {...rest, answer: [...reply.answer.filter((record) => record.name === name), ...rest.answer]};
				}
				return {rcode: 'NOERROR', answer: reply.answer, authority: reply.authority};
			}
			// A referral downwards, towards the name: anything else (upward, sideways) is no progress.
			const ns = reply.authority.filter((record) => record.type === 'NS' && isStrictlyBelow(record.name, zone) && (record.name === name || isStrictlyBelow(name, record.name)));
			if (ns.length === 0) continue;
			const names = ns.map(targetOf).filter((target): target is Name => target !== undefined);
			const glue = reply.additional.filter((record) => names.includes(record.name) && record.data.kind === 'address').map((record) => (record.data.kind === 'address' ? record.data.address : ''));
			const found = glue.length > 0 || nesting >= MAX_NESTING ? glue : names.flatMap((target) => resolve(world, target, 'A', nesting + 1).answer.filter((record) => record.type === 'A' && record.data.kind === 'address').map((record) => (record.data.kind === 'address' ? record.data.address : '')));
			zone = ns[0]!.name;
			next = found;
			break;
		}
		if (!next) return {rcode: 'SERVFAIL', answer: [], authority: [], why: `no server of ${zone} gave a usable answer for ${name} ${type}`};
		if (next.length === 0) return {rcode: 'SERVFAIL', answer: [], authority: [], why: `no address for any name server of ${zone}`};
		servers = next;
	}
	return {rcode: 'SERVFAIL', answer: [], authority: [], why: `more than ${MAX_REFERRALS} referrals`};
}

/** The lab's resolvers over the world the lab has now, on its clock. */
export function createLabResolvers(world: () => LabWorld, now: () => number = Date.now): Map<string, LabResolver> {
	return new Map(LAB_RESOLVERS.map((spec) => [spec.address, createLabResolver(spec, world, now)]));
}

/** A link on which the lab's resolvers answer at their addresses, and everything else goes to `link`. */
export function withLabResolvers(link: Link, resolvers: ReadonlyMap<string, LabResolver>, latencyScale: number): Link {
	const deliver = (to: Endpoint, payload: Uint8Array, protocol: 'udp' | 'tcp', handlers: LinkHandlers) => {
		const resolver = resolvers.get(to.address);
		if (!resolver) return protocol === 'udp' ? link.udp(to, payload, handlers) : link.tcp(to, payload, handlers);
		const reply = resolver.answer(payload, protocol);
		const timer = reply ? setTimeout(() => handlers.onMessage(reply, to), RESOLVER_LATENCY_MS * latencyScale) : undefined;
		return {close: () => clearTimeout(timer)};
	};
	return {udp: (to, payload, handlers) => deliver(to, payload, 'udp', handlers), tcp: (to, payload, handlers) => deliver(to, payload, 'tcp', handlers)};
}
