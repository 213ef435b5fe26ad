import {stat} from 'node:fs/promises';
import path from 'node:path';
import {registrableDomain} from '../analysis/registrable-domain.js';
import {nameserverDomains} from '../analysis/registration-status.js';
import {loopbackOnly} from '../dns/loopback-guard.js';
import type {Name} from '../dns/name.js';
import {cacheDirectory} from '../files/cache-directory.js';
import {readFileBounded} from '../files/read-file-bounded.js';
import {writeFileAtomic} from '../files/write-file-atomic.js';
import {builtInBootstrap, MAX_BOOTSTRAP_BYTES, parseBootstrap, type Bootstrap} from '../rdap/bootstrap.js';
import {createHttpLink, type RdapLink} from '../rdap/rdap-link.js';
import type {Registration, RegistrationLookup} from '../rdap/registration.js';
import {askHere, askOnThread, type RdapAsker} from '../rdap/threaded-lookups.js';
import type {LabWorld} from '../lab/world.js';
import type {Trace} from '../trace/model.js';
import {unreadableFile} from './unreadable-file.js';
import {UsageError} from './usage-error.js';

/** Where RDAP is asked and how: the asker (the network's, on a thread of its own, or the lab's in process) and the bootstrap registry. */
export interface RdapSettings {
	asker: RdapAsker;
	bootstrap: Bootstrap;
	/** --rdap-bootstrap's file, as given. */
	bootstrapFile?: string;
	/** A fresher bootstrap being fetched for the next run (online only): awaited before the command ends. */
	refresh?: Promise<void>;
}

/** Where IANA publishes the bootstrap registry for domain names (RFC 9224 8). */
const IANA_DNS_BOOTSTRAP_URL = 'https://data.iana.org/rdap/dns.json';
/** IANA's copy is asked for at most this often: it changes a few times a month. */
const REFRESH_AFTER_MS = 86_400_000;
/** How far ahead of this host's clock a cached copy's publication may be: a day covers any clock's error and time zone. */
const CLOCK_SLACK_MS = 86_400_000;

export const bootstrapCacheFile = (env: NodeJS.ProcessEnv = process.env) => path.join(cacheDirectory(env), 'rdap-dns.json');

/**
 * How RDAP reaches the network: HTTPS, and whether DIGDEEPER_LOOPBACK_ONLY holds (tests give a link of their own,
 * asked on their thread). `onThread`: the look-ups run on a thread of their own (rdap/threaded-lookups.ts), so their
 * work never holds up the walk's replies.
 */
export interface RdapNetwork {
	link: RdapLink;
	loopbackOnly: boolean;
	onThread?: boolean;
}

const NETWORK = (): RdapNetwork => ({link: createHttpLink(), loopbackOnly: loopbackOnly(), onThread: true});

/**
 * RDAP for a trace, or undefined with --no-rdap: the lab's registries in process with --lab, else the network over
 * HTTPS; the bootstrap from --rdap-bootstrap, the lab's, or the newest of the cached and built-in copies of IANA's.
 */
export async function prepareRdap(request: {rdap?: boolean; rdapBootstrap?: string; lab: boolean}, labWorld?: () => LabWorld, network: () => RdapNetwork = NETWORK): Promise<RdapSettings | undefined> {
	if (request.rdap !== true) return undefined;
	const given = request.rdapBootstrap === undefined ? undefined : await readBootstrapFile(request.rdapBootstrap);
	const file = request.rdapBootstrap === undefined ? {} : {bootstrapFile: request.rdapBootstrap};
	if (request.lab) {
		const {createLabRdapLink, labBootstrapJson, LAB_RDAP_BASE} = await import('../lab/lab-rdap.js');
		const bootstrap = given ?? parseBootstrap(labBootstrapJson(LAB_RDAP_BASE), 'the lab');
		return {asker: askHere({link: createLabRdapLink({...(labWorld ? {world: labWorld} : {})}), bootstrap}), bootstrap, ...file};
	}
	const {link, loopbackOnly: offline, onThread} = network();
	const asker = (bootstrap: Bootstrap) => (onThread ? askOnThread : askHere)({link, bootstrap});
	if (given) return {asker: asker(given), bootstrap: given, ...file};
	const cached = await cachedBootstrap(bootstrapCacheFile());
	const builtIn = await builtInBootstrap();
	// A copy dated in the future (beyond a clock's error) is not IANA's: it would win over every later one, for ever.
	const future = cached !== undefined && Date.parse(cached.bootstrap.publication) > Date.now() + CLOCK_SLACK_MS;
	const bootstrap = cached && !future && Date.parse(cached.bootstrap.publication) > Date.parse(builtIn.publication) ? cached.bootstrap : builtIn;
	// Never under DIGDEEPER_LOOPBACK_ONLY: IANA is not on loopback, and even its name would be a DNS query.
	const stale = cached === undefined || future || Date.now() - cached.modifiedMs > REFRESH_AFTER_MS;
	const chosen = asker(bootstrap);
	return {asker: chosen, bootstrap, ...(stale && !offline ? {refresh: refreshBootstrap(chosen, bootstrapCacheFile())} : {})};
}

async function readBootstrapFile(file: string): Promise<Bootstrap> {
	let text;
	try {
		text = await readFileBounded(file, MAX_BOOTSTRAP_BYTES);
	} catch (error) {
		throw unreadableFile('RDAP bootstrap file', file, error);
	}
	try {
		return parseBootstrap(text, file);
	} catch (error) {
		throw new UsageError(`invalid RDAP bootstrap file: ${(error as Error).message}`);
	}
}

/** The copy an earlier run fetched, and when; nothing when there is none or it is not a bootstrap file. */
async function cachedBootstrap(file: string): Promise<{bootstrap: Bootstrap; modifiedMs: number} | undefined> {
	try {
		const [text, info] = await Promise.all([readFileBounded(file, MAX_BOOTSTRAP_BYTES), stat(file)]);
		return {bootstrap: parseBootstrap(text, `IANA (cached in ${file})`), modifiedMs: info.mtimeMs};
	} catch {
		return undefined;
	}
}

/** IANA's current copy, kept for the next run when it is one; any failure leaves the cache as it was. */
async function refreshBootstrap(asker: RdapAsker, file: string): Promise<void> {
	const text = await asker.fetchBootstrap(IANA_DNS_BOOTSTRAP_URL);
	// Offline, or IANA unreachable: the built-in or cached copy serves, and the next run tries again.
	if (text === undefined) return;
	await writeFileAtomic(file, text, {force: true}).catch(() => undefined);
}

/** A trace's RDAP look-ups: the traced name's domain asked at once (beside the walk), the rest after it. */
export interface RegistrationRun {
	/** The traced name's registrable domain, as soon as its registry answers (the explorer shows it then). */
	first: Promise<RegistrationLookup | undefined>;
	/** Every look-up, once the walk has said which broken zones' name servers to ask about too. */
	complete(trace: Trace): Promise<Registration>;
}

export function startRegistration(rdap: Pick<RdapSettings, 'asker' | 'bootstrap' | 'bootstrapFile' | 'refresh'>, query: Name): RegistrationRun {
	const domain = registrableDomain(query);
	const first = domain === undefined ? Promise.resolve(undefined) : rdap.asker.lookUp(domain, 'query');
	return {
		first,
		async complete(trace) {
			const asked = await first;
			// When RDAP could not be reached for the first, it cannot be for the rest: not asked again, said once.
			const more = asked?.result.kind === 'unreachable' ? [] : await Promise.all(nameserverDomains(trace, asked ? [asked.domain] : []).map((name) => rdap.asker.lookUp(name, 'nameserver')));
			await rdap.refresh;
			return {bootstrap: rdap.bootstrap.source, ...(rdap.bootstrapFile === undefined ? {} : {bootstrapFile: rdap.bootstrapFile}), lookups: [...(asked ? [asked] : []), ...more]};
		},
	};
}
