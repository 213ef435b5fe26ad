import {lookup} from 'node:dns/promises';
import {canonicalAddress, familyOf, isAddress, type Family} from './address.js';
import {loopbackOnly} from './loopback-guard.js';
import type {Name} from './name.js';
import type {ResourceRecord} from './record.js';
import type {HintServer, RootHints} from './root-hints.js';
import type {QueryOptions, Transport} from './transport.js';

/** `@SERVER` could not give the root's name servers: one line for the user, as a bad hints file is. */
export class PrimingError extends Error {
	override name = 'PrimingError';
}

/** The root has 13 name servers; past 20 (the walk's own cap on NS names per zone) an answer is not a root NS set. */
const MAX_ROOT_SERVERS = 20;
/** A root server has one address per family; the walk keeps at most 6 per NS name (BIND's cap), and so does this. */
const MAX_ADDRESSES_PER_NAME = 6;

/**
 * The addresses of `@SERVER` as typed (without the @). An address is taken as it is; `localhost` is loopback by
 * definition (RFC 6761 6.3) and never looked up. Any other name is looked up by the system (as dig does), except
 * under DIGDEEPER_LOOPBACK_ONLY: the system's resolver may be beyond loopback, and nothing may be sent there.
 */
export async function serverAddresses(server: string, families: readonly Family[]): Promise<string[]> {
	const wanted = (address: string) => families.includes(familyOf(address));
	if (isAddress(server)) {
		const address = canonicalAddress(server);
		if (!wanted(address)) throw new PrimingError(`@${server} is an IPv${familyOf(address)} address, and only IPv${families.join(' and IPv')} is asked`);
		return [address];
	}
	const name = server.toLowerCase().replace(/\.$/u, '');
	let found: string[];
	if (name === 'localhost' || name.endsWith('.localhost')) {
		found = ['127.0.0.1', '::1'];
	} else {
		if (loopbackOnly()) throw new PrimingError(`@${server}: DIGDEEPER_LOOPBACK_ONLY is set, and looking the name up could ask a resolver beyond loopback: give the server's address`);
		try {
			found = (await lookup(server, {all: true, verbatim: true})).map((entry) => canonicalAddress(entry.address));
		} catch (error) {
			throw new PrimingError(`cannot find the address of @${server}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
		}
	}
	const usable = found.filter(wanted);
	if (usable.length === 0) throw new PrimingError(`@${server} has no IPv${families.join(' or IPv')} address`);
	return usable;
}

/**
 * The root hints as `dig +trace @SERVER` gets them: SERVER (usually a resolver, so with RD=1) is asked for the
 * root's NS set, and the addresses of those names come from its additional section or, where it gave none, from
 * asking SERVER for them. Its first address that answers with a root NS set is used.
 */
export async function primeRootHints(transport: Transport, server: {text: string; addresses: readonly string[]}, port: number, options: Pick<QueryOptions, 'timeoutMs' | 'retries'>): Promise<RootHints> {
	const ask: QueryOptions = {timeoutMs: options.timeoutMs, retries: options.retries, edns: true, dnssecOk: false, recursionDesired: true};
	const failures: string[] = [];
	const notSent: string[] = [];
	for (const address of server.addresses) {
		const endpoint = {address, port};
		const result = await transport.query(endpoint, {name: '.', type: 'NS'}, ask);
		if (!result.ok) {
			if (result.notSent) notSent.push(result.detail);
			else failures.push(`${address}: ${result.detail}`);
			continue;
		}
		const names = [...new Set(result.message.answer.flatMap((record) => (record.name === '.' && record.type === 'NS' && record.data.kind === 'name' ? [record.data.target] : [])))];
		if (result.message.rcode !== 'NOERROR' || names.length === 0) {
			failures.push(names.length === 0 ? `${address}: ${result.message.rcode}, no NS records for "."` : `${address}: ${result.message.rcode}`);
			continue;
		}
		if (names.length > MAX_ROOT_SERVERS) throw new PrimingError(`@${server.text} lists ${names.length} root name servers (a root has 13; at most ${MAX_ROOT_SERVERS} are taken)`);
		const given = result.message.additional;
		const servers = await Promise.all(
			names.map(async (name): Promise<HintServer> => {
				const glued = addressesOf(name, given);
				if (glued.length > 0) return {name, addresses: glued};
				const answers = await Promise.all(['A', 'AAAA'].map((type) => transport.query(endpoint, {name, type}, ask)));
				return {name, addresses: answers.flatMap((answer) => (answer.ok ? addressesOf(name, answer.message.answer) : []))};
			}),
		);
		if (servers.every((hint) => hint.addresses.length === 0)) throw new PrimingError(`@${server.text} named the root's servers but gave no address for any of them`);
		const shown = server.addresses.length === 1 && server.addresses[0] === server.text ? `@${server.text}` : `@${server.text} (${address})`;
		return {source: shown, servers};
	}
	if (failures.length === 0) throw new PrimingError(`@${server.text} was not asked: ${notSent.join('; ')}`);
	throw new PrimingError(`@${server.text} gave no root NS set: ${[...failures, ...notSent.map((why) => `not asked: ${why}`)].join('; ')}`);
}

function addressesOf(name: Name, records: readonly ResourceRecord[]): string[] {
	const addresses = records.flatMap((record) => (record.name === name && (record.type === 'A' || record.type === 'AAAA') && record.data.kind === 'address' ? [canonicalAddress(record.data.address)] : []));
	return [...new Set(addresses)].slice(0, MAX_ADDRESSES_PER_NAME);
}
