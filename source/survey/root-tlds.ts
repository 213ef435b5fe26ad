import {matchesDs} from '../analysis/dnssec/validate.js';
import {newBudget, verifyRRset, type ValidationBudget} from '../analysis/dnssec/verify-rrset.js';
import type {TrustAnchors} from '../analysis/dnssec/trust-anchors.js';
import {familyOf, type Family} from '../dns/address.js';
import {compareCanonical} from '../dns/canonical.js';
import {MAX_LABEL_OCTETS, nameFromLabels, parentName, wireLabels, type Name} from '../dns/name.js';
import type {Message, ResourceRecord} from '../dns/record.js';
import type {RootHints} from '../dns/root-hints.js';
import type {QueryOptions, Transport} from '../dns/transport.js';

/**
 * Names read from the root's NSEC chain at most: the root zone holds about 1,450 TLDs (2024); ten thousand leaves room
 * for its growth and stops a chain that never comes back to the apex.
 */
export const MAX_ROOT_NAMES = 10_000;

/** The root's TLDs could not be listed, and why: one line for the user. */
export class RootWalkError extends Error {}

export interface RootWalkConfig {
	transport: Transport;
	hints: RootHints;
	port: number;
	families: Family[];
	anchors: TrustAnchors;
	timeoutMs: number;
	retries: number;
	/** When signatures are judged, seconds since the epoch (the survey's `--at`, or now). */
	now: number;
}

/** What the walk read: every TLD, in canonical order, and the NSEC records that say so, each one validated. */
export interface RootTlds {
	tlds: Name[];
	nsecs: ResourceRecord[];
}

/**
 * Every TLD delegated in the root, read from the root zone's NSEC chain as ldns-walk reads a zone (RFC 4034 §4): the
 * apex's NSEC asked for (`. NSEC`), then from each owner the name just after it, `owner\000.` (a sibling of a
 * one-label owner, and before any other), whose NXDOMAIN carries the NSEC owned by that owner; until the chain comes
 * back to the apex. The root's DNSKEY set is validated from the trust anchors, and every NSEC against it before it is
 * believed, so a server cannot add or hide a TLD. The servers are asked in turn, the next one when one fails. A root
 * signed with NSEC3, a chain that does not validate or does not advance is refused, with the reason.
 */
export async function walkRootTlds(config: RootWalkConfig): Promise<RootTlds> {
	const servers = config.hints.servers.flatMap((server) => server.addresses.filter((address) => config.families.includes(familyOf(address))).map((address) => ({name: server.name, address})));
	if (servers.length === 0) throw new RootWalkError('no root server address to ask in the families allowed');
	const budget: ValidationBudget = {...newBudget(), remaining: 4 * MAX_ROOT_NAMES};
	const options: QueryOptions = {timeoutMs: config.timeoutMs, retries: config.retries, edns: true, dnssecOk: true};
	let turn = 0;
	const ask = async (name: Name, type: string): Promise<Message> => {
		const failures: string[] = [];
		for (let tried = 0; tried < servers.length; tried++) {
			const server = servers[turn++ % servers.length]!;
			const result = await config.transport.query({address: server.address, port: config.port}, {name, type}, options);
			if (result.ok && (result.message.rcode === 'NOERROR' || result.message.rcode === 'NXDOMAIN') && result.message.flags.aa) return result.message;
			failures.push(`${server.name} (${server.address}): ${result.ok ? `${result.message.rcode}${result.message.flags.aa ? '' : ', not authoritative'}` : result.detail}`);
		}
		throw new RootWalkError(`no root server answered ${name} ${type}: ${failures.join('; ')}`);
	};

	const keys = trustedRootKeys(await ask('.', 'DNSKEY'), config.anchors, config.now, budget);
	const nsecs: ResourceRecord[] = [];
	const tlds: Name[] = [];
	let owner: Name = '.';
	for (;;) {
		const message = owner === '.' ? await ask('.', 'NSEC') : await ask(justAfter(owner), 'A');
		const nsec = validatedNsec(message, owner, keys, config.now, budget);
		nsecs.push(nsec);
		if (nsec.data.kind !== 'nsec') throw new RootWalkError(`the root's NSEC at ${owner} has no NSEC data`);
		if (owner !== '.' && parentName(owner) === '.' && nsec.data.types.includes('NS')) tlds.push(owner);
		const {next} = nsec.data;
		if (next === '.') return {tlds, nsecs};
		if (compareCanonical(next, owner) <= 0) throw new RootWalkError(`the root's NSEC chain goes back from ${owner} to ${next}: it does not list the zone in order`);
		if (nsecs.length >= MAX_ROOT_NAMES) throw new RootWalkError(`the root's NSEC chain lists more than ${MAX_ROOT_NAMES} names without coming back to the apex`);
		owner = next;
	}
}

/** The first name after a one-label owner in canonical order that is not below it: its label with a zero octet added. */
function justAfter(owner: Name): Name {
	const labels = wireLabels(owner);
	const [first] = labels;
	if (labels.length !== 1 || !first) throw new RootWalkError(`the root's NSEC chain names ${owner}, which is not a top-level domain: the walk steps only past one-label names`);
	if (first.length >= MAX_LABEL_OCTETS) throw new RootWalkError(`the root's NSEC chain names ${owner}, whose label is too long to step past`);
	return nameFromLabels([Uint8Array.from([...first, 0])]);
}

/** The root's DNSKEY set, validated: a key the anchors name (as DS or as the key itself) signs it. */
function trustedRootKeys(message: Message, anchors: TrustAnchors, now: number, budget: ValidationBudget): ResourceRecord[] {
	const keys = message.answer.filter((record) => record.name === '.' && record.type === 'DNSKEY');
	const signatures = message.answer.filter((record) => record.name === '.' && record.data.kind === 'rrsig' && record.data.typeCovered === 'DNSKEY');
	const rootAnchors = anchors.records.filter((record) => record.name === '.');
	if (rootAnchors.length === 0) throw new RootWalkError(`the trust anchors (${anchors.source}) anchor nothing at the root, so its NSEC chain cannot be validated`);
	const anchored = keys.filter((key) => rootAnchors.some((anchor) => (anchor.data.kind === 'ds' ? matchesDs(anchor, key, '.') : sameKey(anchor, key))));
	if (anchored.length === 0) throw new RootWalkError(`no DNSKEY of the root matches the trust anchors (${anchors.source}): its NSEC chain cannot be validated`);
	const verdict = verifyRRset(keys, signatures, anchored, '.', now, budget);
	if (verdict.verdict !== 'valid') throw new RootWalkError(`the root's DNSKEY set does not validate (${verdict.verdict}: ${verdict.detail}): its NSEC chain cannot be validated`);
	return keys;
}

function sameKey(anchor: ResourceRecord, key: ResourceRecord): boolean {
	return anchor.data.kind === 'dnskey' && key.data.kind === 'dnskey' && anchor.data.algorithm === key.data.algorithm && anchor.data.flags === key.data.flags && anchor.data.publicKey === key.data.publicKey;
}

/** The NSEC owned by `owner` in the response (answer or authority), with its signatures verified against the root's keys. */
function validatedNsec(message: Message, owner: Name, keys: ResourceRecord[], now: number, budget: ValidationBudget): ResourceRecord {
	const records = [...message.answer, ...message.authority];
	if (records.some((record) => record.type === 'NSEC3') || records.some((record) => record.data.kind === 'rrsig' && record.data.typeCovered === 'NSEC3')) {
		throw new RootWalkError('the root is signed with NSEC3: its names are hashed, and cannot be listed by walking its chain');
	}
	const nsec = records.filter((record) => record.name === owner && record.type === 'NSEC');
	if (nsec.length !== 1) throw new RootWalkError(nsec.length === 0 ? `the root gave no NSEC owned by ${owner} (asked ${message.question[0]?.name ?? owner} ${message.question[0]?.type ?? ''}, got ${message.rcode})` : `the root gave ${nsec.length} NSEC records owned by ${owner}: an NSEC set has one`);
	const signatures = records.filter((record) => record.name === owner && record.data.kind === 'rrsig' && record.data.typeCovered === 'NSEC');
	const verdict = verifyRRset(nsec, signatures, keys, '.', now, budget);
	if (verdict.verdict !== 'valid') throw new RootWalkError(`the root's NSEC at ${owner} does not validate (${verdict.verdict}: ${verdict.detail}), so the list of TLDs cannot be trusted`);
	return nsec[0]!;
}
