import {canonicalAddress} from '../dns/address.js';
import {isAtOrBelow, type Name} from '../dns/name.js';
import type {Message, ResourceRecord} from '../dns/record.js';
import type {RootHints} from '../dns/root-hints.js';
import type {Probe, Trace} from '../trace/model.js';

/** The loopback network replay serves on: one address per recorded server address, 127.78.0.1 upwards. */
export const REPLAY_NETWORK = '127.78.';

/** The most addresses replay gives out: x.1 to x.254 in blocks 0 to 254 (127.78.255.x is left for a resolver beside them). */
const MAX_ADDRESSES = 255 * 254;

/** One recorded server address and the loopback address it is served at. */
export interface ReplayEndpoint {
	/** Every name server name the trace gives this address (usually one). */
	names: Name[];
	recorded: string;
	served: string;
	/** Whether the trace asked it anything: only those are listened on (the others were never heard from). */
	asked: boolean;
}

/** What one recorded probe got, as served again. */
export type RecordedReply =
	/** Timed out, unreachable, network failure: nothing is sent back. */
	| {kind: 'silent'; transport: 'udp' | 'tcp' | undefined}
	/** A reply that decoded: served again with its addresses rewritten. */
	| {kind: 'message'; transport: 'udp' | 'tcp' | undefined; message: Message}
	/**
	 * A reply digdeeper could not read: never served as its bytes, whose addresses cannot be rewritten (a reply with two
	 * OPT records is malformed here and read by dig, which would follow its real glue off the machine). SERVFAIL
	 * instead: the server failed the walk there, and fails the tool.
	 */
	| {kind: 'malformed'; transport: 'udp' | 'tcp' | undefined};

/** One served address's recorded data: replies by question, and the zone data unrecorded questions are answered from. */
export interface ServedData {
	/** Keyed by `questionKey`, in probe order. */
	replies: Map<string, RecordedReply[]>;
	/** RRsets the server gave in authoritative answers (rewritten), by `questionKey`, with their RRSIGs. */
	rrsets: Map<string, ResourceRecord[]>;
	/** Referrals the server gave, each with the child it pointed to (rewritten), deepest child first. */
	referrals: Array<{child: Name; message: Message}>;
}

export interface ReplayWorld {
	endpoints: ReplayEndpoint[];
	/** Recorded address → served address, for every address the trace gives a name server. */
	mapping: Map<string, string>;
	/** By served address. */
	served: Map<string, ServedData>;
	/**
	 * Every authoritative reply of every server, first per question: what `REPLAY_RESOLVER` answers from, so a tool
	 * that asks one server for everything (delv) gets each zone's own data, the DS from the parent included; and each
	 * asked name server's served addresses, as A records, for a name no server answered for.
	 */
	resolver: ServedData;
	/** The trace's root servers at their served addresses (only those asked). */
	hints: RootHints;
}

/** Where replay answers as a resolver would from the recorded data: block 255 is never a server's. */
export const REPLAY_RESOLVER = `${REPLAY_NETWORK}255.53`;

/** The TTL of a served name server address the resolver gives from the mapping: a root hint's (named.root). */
const SERVED_ADDRESS_TTL = 3_600_000;

/** The key of a question: its canonical name and type. */
export const questionKey = (name: Name, type: string) => `${name}|${type.toUpperCase()}`;

/** The i-th served address: 127.78.0.1 … 127.78.0.254, 127.78.1.1 …; never .0 or .255. */
export function servedAddress(index: number): string {
	return `${REPLAY_NETWORK}${Math.floor(index / 254)}.${(index % 254) + 1}`;
}

/**
 * A trace as a world to serve: every address it gives a name server mapped to its own 127.78 address, in the trace's
 * own order (zones from the root down, each zone's name servers as listed, then its servers), so one file always
 * gives one mapping; each asked address's recorded replies with every server address in them rewritten.
 */
export function replayWorld(trace: Trace): ReplayWorld {
	const order: string[] = [];
	const names = new Map<string, Name[]>();
	const asked = new Set<string>();
	const note = (address: string, name: Name) => {
		if (!names.has(address)) {
			order.push(address);
			names.set(address, []);
		}
		const list = names.get(address)!;
		if (!list.includes(name)) list.push(name);
	};
	for (const zone of trace.zones) {
		for (const nameserver of zone.nameservers) {
			for (const address of nameserver.addresses) note(address.address, nameserver.name);
			for (const address of nameserver.unusable ?? []) note(address.address, nameserver.name);
		}
		for (const server of zone.servers) {
			note(server.address, server.name);
			if (server.probes.some((probe) => probe.status !== 'skipped' && probe.status !== 'pending')) asked.add(server.address);
		}
	}
	if (order.length > MAX_ADDRESSES) throw new Error(`the trace has ${order.length} server addresses; replay serves at most ${MAX_ADDRESSES}`);
	const mapping = new Map(order.map((address, index) => [address, servedAddress(index)]));
	const serverNames = new Set([...names.values()].flat());
	const endpoints = order.map((address) => ({names: names.get(address)!, recorded: address, served: mapping.get(address)!, asked: asked.has(address)}));

	const served = new Map<string, ServedData>();
	const resolver: ServedData = {replies: new Map(), rrsets: new Map(), referrals: []};
	for (const zone of trace.zones) {
		for (const server of zone.servers) {
			const address = mapping.get(server.address)!;
			const data = served.get(address) ?? {replies: new Map(), rrsets: new Map(), referrals: []};
			served.set(address, data);
			for (const probe of server.probes) {
				const reply = recordedReply(probe, mapping, serverNames);
				if (!reply) continue;
				// Every UDP try timed out and TCP answered: a UDP asker meets the silence the walk met.
				if (probe.udpTimedOut) record(data, probe, {kind: 'silent', transport: 'udp'});
				record(data, probe, reply);
				const key = questionKey(probe.question.name, probe.question.type);
				if (reply.kind === 'message' && reply.message.flags.aa && !resolver.replies.has(key)) resolver.replies.set(key, [reply]);
			}
		}
	}
	for (const data of served.values()) data.referrals.sort((a, b) => b.child.length - a.child.length);
	// Asked for a served name server's address no server gave authoritatively (the root's servers come from the hints),
	// the resolver gives the served addresses: dig +trace looks those names up through its resolver.
	for (const endpoint of endpoints.filter((candidate) => candidate.asked)) {
		for (const name of endpoint.names) {
			const key = questionKey(name, 'A');
			const record: ResourceRecord = {name, type: 'A', class: 'IN', ttl: SERVED_ADDRESS_TTL, data: {kind: 'address', address: endpoint.served}};
			resolver.rrsets.set(key, [...(resolver.rrsets.get(key) ?? []), record]);
		}
	}

	const root = trace.zones.find((zone) => zone.name === '.');
	const hints: RootHints = {
		source: 'replay',
		servers: (root?.nameservers ?? [])
			.map((nameserver) => ({
				name: nameserver.name,
				addresses: nameserver.addresses.filter((address) => asked.has(address.address)).map((address) => mapping.get(address.address)!),
			}))
			.filter((server) => server.addresses.length > 0),
	};
	return {endpoints, mapping, served, resolver, hints};
}

/** One probe's result filed under its question, and what it tells of the server's zone data. */
function record(data: ServedData, probe: Probe, reply: RecordedReply): void {
	const key = questionKey(probe.question.name, probe.question.type);
	data.replies.set(key, [...(data.replies.get(key) ?? []), reply]);
	if (reply.kind !== 'message') return;
	const message = reply.message;
	if (probe.kind === 'referral' && probe.referral && !data.referrals.some((referral) => referral.child === probe.referral)) {
		data.referrals.push({child: probe.referral, message});
	}
	if (message.flags.aa && message.rcode === 'NOERROR') {
		for (const [rrsetKey, records] of rrsetsOf(message.answer)) if (!data.rrsets.has(rrsetKey)) data.rrsets.set(rrsetKey, records);
	}
}

/** What a tool asking the same question gets: nothing for a failure, SERVFAIL for a malformed reply, else the message. */
function recordedReply(probe: Probe, mapping: Map<string, string>, serverNames: ReadonlySet<Name>): RecordedReply | undefined {
	const transport = probe.transport;
	switch (probe.status) {
		case 'timeout':
		case 'unreachable':
		case 'network':
			return {kind: 'silent', transport};
		case 'malformed':
			return {kind: 'malformed', transport};
		case 'answered':
			return probe.response ? {kind: 'message', transport, message: rewriteAddresses(probe.response, mapping, serverNames)} : undefined;
		default:
			// Skipped or never finished: nothing was heard, so the question counts as never asked.
			return undefined;
	}
}

/** The records of a section grouped into RRsets by owner and type, each with the RRSIGs that cover it. */
function rrsetsOf(records: readonly ResourceRecord[]): Map<string, ResourceRecord[]> {
	const sets = new Map<string, ResourceRecord[]>();
	for (const item of records) {
		if (item.type === 'RRSIG') continue;
		const key = questionKey(item.name, item.type);
		sets.set(key, [...(sets.get(key) ?? []), item]);
	}
	for (const item of records) {
		if (item.type !== 'RRSIG' || item.data.kind !== 'rrsig') continue;
		const set = sets.get(questionKey(item.name, item.data.typeCovered));
		if (set) set.push(item);
	}
	return sets;
}

/**
 * A message with every address of a recorded server pointed at its served address: an A record becomes the served
 * 127.78 address, an AAAA record the same address IPv4-mapped (`::ffff:127.78.0.2`, RFC 4291 2.5.5.2). No IPv6
 * address but ::1 is loopback, so a distinct one per server cannot be had; the IPv4-mapped form is one per server, a
 * dual-stack socket sends it as IPv4 to that 127.78 address and a v6-only socket cannot send it at all, so it never
 * leaves the machine, and the RRset keeps its shape (mapped back, its RRSIG verifies again). Every other address (the
 * traced name's own answer) stays as recorded. RRSIGs stay as they are, so a rewritten RRset that was signed no longer
 * verifies. An address no asked server of the trace has is dropped wherever a tool could take it for a server's: glue
 * (the authority and additional sections: a lame server's referral to a provider the trace never reached carries that
 * provider's real addresses; a referral's glue beyond the walk's per-name limit was never mapped) and an answer for a
 * name server's name. Served, it would send dig +trace or a resolver off this machine, or to nothing the replay
 * serves; dropped, the name is glueless and the replay's resolver refuses it.
 */
export function rewriteAddresses(message: Message, mapping: ReadonlyMap<string, string>, serverNames: ReadonlySet<Name>): Message {
	const rewrite = (records: readonly ResourceRecord[], section: 'answer' | 'other') =>
		records.flatMap((item): ResourceRecord[] => {
			if (item.data.kind !== 'address') return [item];
			const served = mapping.get(item.data.address);
			if (served !== undefined) return [{...item, data: {kind: 'address', address: item.type === 'AAAA' ? canonicalAddress(`::ffff:${served}`) : served}}];
			return section === 'other' || serverNames.has(item.name) ? [] : [item];
		});
	return {...message, answer: rewrite(message.answer, 'answer'), authority: rewrite(message.authority, 'other'), additional: rewrite(message.additional, 'other')};
}

/** The deepest referral a server gave for a zone at or above `name` (a DS question at the cut is the parent's own). */
export function referralFor(data: ServedData, name: Name, type: string): {child: Name; message: Message} | undefined {
	return data.referrals.find((referral) => isAtOrBelow(name, referral.child) && !(name === referral.child && type.toUpperCase() === 'DS'));
}
