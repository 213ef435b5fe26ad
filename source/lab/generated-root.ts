import {parentName, type Name} from '../dns/name.js';
import {drawNameserverCount} from './root-ns-distribution.js';
import {seededRandom, type SeededRandom} from './seeded-random.js';
import {EXPECTED_CODES, FAILURE_MODES, type ExpectedCode, type FailureMode} from './tld-failure-modes.js';
import type {ServedZoneSpec, ServerSpec, WorldSpec, ZoneSpec} from './world.js';

/*
 * A generated root with many TLDs, for surveys: deterministic from a seed, shaped like the real root zone, with a
 * seeded share of the founding stories' failure modes and, for each TLD, the ground truth of what was broken and
 * what a trace of it must report. Addresses are in 127.80.0.0/16, which no other lab world uses.
 */

export const DEFAULT_LAB_SEED = 16;
/** At least the infrastructure TLD; at most a few times the real root's 1,450-odd TLDs. */
export const LAB_TLDS_LIMITS = {min: 1, max: 5000} as const;

/** Share of generated TLDs given one failure mode: the monitoring write-up found problems at about one TLD in ten. */
const BROKEN_SHARE = 0.12;
/** Share signed with a DS in the root: 1,372 of 1,508 TLDs in the 2020 root zone (see root-ns-distribution.ts). */
const SIGNED_SHARE = 0.91;
/** Among signed TLDs, RSASHA256 (8) still dominates the root; ECDSAP256SHA256 (13) is the rest. */
const RSA_SHARE = 0.75;
/** How a TLD's name servers are named: about half the root's NS names are under the TLD itself, half at providers. */
const LAYOUTS = [
	{layout: 'own', weight: 0.4},
	{layout: 'half', weight: 0.3},
	{layout: 'provider', weight: 0.3},
] as const;
type Layout = (typeof LAYOUTS)[number]['layout'];

/** DNS providers serving many TLDs from a few anycast hosts, each under its own domain in net. */
export const LAB_PROVIDERS = [
	{domain: 'pch.net.', hosts: ['ns1', 'ns2', 'ns3', 'ns4', 'ns5', 'ns6']},
	{domain: 'afrinic.net.', hosts: ['ns-a', 'ns-b', 'ns-c', 'ns-d']},
	{domain: 'ultradns.net.', hosts: ['tld1', 'tld2', 'tld3', 'tld4', 'tld5', 'tld6']},
] as const;

/** The TLD every generated root has first: where the root servers' and the providers' names live. */
export const INFRASTRUCTURE_TLD = 'net.';

/** What is wrong with a `--lab-tlds` and `--lab-seed` as given, in the words of a usage error; undefined when nothing. */
export function labTldsProblem(options: {tlds: number; seed?: number}): string | undefined {
	const {min, max} = LAB_TLDS_LIMITS;
	if (!Number.isInteger(options.tlds) || options.tlds < min || options.tlds > max) return `invalid --lab-tlds ${options.tlds}: use ${min} to ${max}`;
	if (options.seed !== undefined && (!Number.isInteger(options.seed) || options.seed < 0 || options.seed > 0xffff_ffff)) return `invalid --lab-seed ${options.seed}: use a whole number from 0 to 4294967295`;
	return undefined;
}

/** What was built into one TLD, and what a trace of `TLD SOA` must report about it. */
export interface TldTruth {
	tld: Name;
	/** The name servers the root delegates it to. */
	nameservers: Name[];
	/** The DNSSEC algorithm it is signed with; absent when unsigned. */
	algorithm?: 8 | 13;
	/** The failure modes injected (none for a healthy TLD). */
	modes: FailureMode[];
	/** The name server each mode was injected on (for DS modes, none: the fault is the root's DS). */
	broken: Name[];
	/** The error and warning codes a trace must report for the TLD, sorted. */
	expected: ExpectedCode[];
}

export interface GeneratedRoot {
	spec: WorldSpec;
	truth: TldTruth[];
	/** Which key pair signs each signed zone, named `ALGORITHM-WHO`: zones of one signer share its keys (generated-keys.ts). */
	signers: Map<Name, string>;
	/** For a TLD whose DS matches no key: the signer whose KSK the stale DS points to. */
	danglingSigners: Map<Name, string>;
}

interface Host {
	name: Name;
	address: string;
	latencyMs: number;
	zones: ServedZoneSpec[];
	down?: boolean;
}

const SOA_TIMERS = '1800 900 604800 86400';
const ROOT_LETTERS = 'abcdefghijklm';

/**
 * A world of `tlds` TLDs under one signed root. The first is `net.` (13 servers, healthy); the others get a
 * name-server count drawn from the real root's distribution, names under themselves and at the providers, a latency
 * each, DNSSEC (or not), and with probability BROKEN_SHARE one failure mode from tld-failure-modes.ts.
 */
export function generateRoot(options: {tlds: number; seed?: number}): GeneratedRoot {
	const {tlds} = options;
	const problem = labTldsProblem(options);
	if (problem) throw new RangeError(problem);
	const random = seededRandom(options.seed ?? DEFAULT_LAB_SEED);
	const addresses = addressAllocator();
	const hosts: Host[] = [];
	const newHost = (name: Name, latencyMs: number): Host => {
		const host: Host = {name, address: addresses(), latencyMs, zones: []};
		hosts.push(host);
		return host;
	};
	const zones: ZoneSpec[] = [];
	const truth: TldTruth[] = [];
	const signers = new Map<Name, string>();
	const danglingSigners = new Map<Name, string>();
	const rootLines: string[] = [];
	const glued = new Set<Name>();
	const glue = (host: Host) => {
		if (glued.has(host.name)) return;
		glued.add(host.name);
		rootLines.push(`${host.name} 172800 A ${host.address}`);
	};

	const rootServers = [...ROOT_LETTERS].map((letter) => newHost(`${letter}.root-servers.net.`, random.between(5, 30)));
	const gtldServers = [...ROOT_LETTERS].map((letter) => newHost(`${letter}.gtld-servers.net.`, random.between(10, 40)));
	const providers = LAB_PROVIDERS.map((provider) => ({
		...provider,
		// Anycast: near wherever the asker is.
		servers: provider.hosts.map((label) => newHost(`${label}.${provider.domain}`, random.between(10, 40))),
	}));

	// net.: the root servers' and the registries' names, and the providers' domains, each signed by its provider.
	const netLines = [
		...gtldServers.map((host) => `@ NS ${host.name}`),
		...[...rootServers, ...gtldServers].map((host) => `${host.name} A ${host.address}`),
		...providers.flatMap((provider) => [...provider.servers.map((host) => `${provider.domain} 172800 NS ${host.name}`), ...provider.servers.map((host) => `${host.name} 172800 A ${host.address}`)]),
	];
	zones.push({origin: INFRASTRUCTURE_TLD, signing: {algorithm: 8}, text: zoneText(INFRASTRUCTURE_TLD, gtldServers[0]!.name, 2024101500, netLines)});
	signers.set(INFRASTRUCTURE_TLD, '8-net');
	for (const host of gtldServers) host.zones.push({zone: INFRASTRUCTURE_TLD});
	rootLines.push(...gtldServers.map((host) => `${INFRASTRUCTURE_TLD} 172800 NS ${host.name}`));
	gtldServers.forEach(glue);
	truth.push({tld: INFRASTRUCTURE_TLD, nameservers: gtldServers.map((host) => host.name), algorithm: 8, modes: [], broken: [], expected: []});
	for (const provider of providers) {
		zones.push({
			origin: provider.domain,
			signing: {algorithm: 13},
			text: zoneText(provider.domain, provider.servers[0]!.name, 2024101500, [...provider.servers.map((host) => `@ NS ${host.name}`), ...provider.servers.map((host) => `${host.name} A ${host.address}`)]),
		});
		signers.set(provider.domain, `13-${provider.domain}`);
		for (const host of provider.servers) host.zones.push({zone: provider.domain});
	}

	const labels = new Set<string>([INFRASTRUCTURE_TLD.slice(0, -1)]);
	for (let index = 1; index < tlds; index++) {
		const tld = `${uniqueLabel(random, labels)}.`;
		const broken = random.next() < BROKEN_SHARE;
		const mode = broken ? random.pick(FAILURE_MODES) : undefined;
		const count = drawNameserverCount(random);
		let layout = weighted(random, LAYOUTS).layout as Layout;
		// A dead host must be the TLD's own: a provider's host serves many TLDs.
		if (mode === 'dead' && layout === 'provider') layout = 'half';
		// Large NS sets are one operator's, named alike (as .com's and .net's are): names under two suffixes would not
		// compress, and the referral would pass 512 octets (digdeeper's REFERRAL_TOO_LARGE, a fault nobody injected).
		if (count > LARGEST_MIXED_NS_SET) layout = 'own';
		const provider = random.pick(providers);
		const signedDraw = random.next() < SIGNED_SHARE;
		const algorithm: 8 | 13 = random.next() < RSA_SHARE ? 8 : 13;
		const signed = signedDraw || (mode !== undefined && DNSSEC_MODES.has(mode));
		const serial = 2024101500 + random.between(0, 99);

		// An unresolvable name server is one name too many in the delegation: no host stands behind it.
		const hostCount = mode === 'unresolvable-ns' ? count - 1 : count;
		const ownCount = layout === 'own' ? hostCount : layout === 'half' ? Math.max(1, Math.ceil(hostCount / 2)) : 0;
		const providerCount = Math.min(hostCount - ownCount, provider.servers.length);
		const own = Array.from({length: hostCount - providerCount}, (_, n) => newHost(`${ROOT_LETTERS[n]}.nic.${tld}`, ownLatency(random)));
		const offset = random.between(0, provider.servers.length - 1);
		const hosted = Array.from({length: providerCount}, (_, n) => provider.servers[(offset + n) % provider.servers.length]!);
		const servers = [...own, ...hosted];
		// The last server is the one a failure mode breaks (the last own one when the host itself dies).
		const target = mode === 'dead' ? own.at(-1)! : servers.at(-1)!;
		// The name was renamed at the provider, and the registry never updated the delegation.
		const unresolvable = mode === 'unresolvable-ns' ? `ns-${tld}${provider.domain}` : undefined;
		const nameservers = [...servers.map((host) => host.name), ...(unresolvable ? [unresolvable] : [])];

		const zoneLines = [...nameservers.map((name) => `@ NS ${name}`), ...own.map((host) => `${host.name} A ${host.address}`)];
		const text = zoneText(tld, nameservers[0]!, serial, zoneLines);
		zones.push({
			origin: tld,
			text,
			...(signed ? {signing: {algorithm, ...(mode === 'sha1-ds' ? {dsDigests: [1]} : {}), ...(mode === 'ds-no-key' ? {dsDigests: [], danglingDs: true} : {})}} : {}),
		});
		if (signed) signers.set(tld, signerFor(algorithm, layout === 'own' ? undefined : provider.domain, index));
		if (mode === 'ds-no-key') danglingSigners.set(tld, signerFor(algorithm, undefined, index + 1));
		for (const host of servers) host.zones.push(host === target && mode ? {zone: tld, ...servedFor(mode, tld, zoneText(tld, nameservers[0]!, serial - 500, zoneLines))} : {zone: tld});
		if (mode === 'dead') target.down = true;

		rootLines.push(...nameservers.map((name) => `${tld} 172800 NS ${name}`));
		servers.forEach(glue);
		truth.push({
			tld,
			nameservers,
			...(signed ? {algorithm} : {}),
			modes: mode ? [mode] : [],
			broken: mode === undefined || mode === 'sha1-ds' || mode === 'ds-no-key' ? [] : [unresolvable ?? target.name],
			expected: mode ? [...EXPECTED_CODES[mode]].sort() : [],
		});
	}

	for (const host of rootServers) glue(host);
	const root: ZoneSpec = {
		origin: '.',
		signing: {algorithm: 8},
		text: zoneText('.', rootServers[0]!.name, 2024101500, [...rootServers.map((host) => `@ 518400 NS ${host.name}`), ...rootLines]),
	};
	signers.set('.', '8-root');
	for (const host of rootServers) host.zones.push({zone: '.'});

	const servers: ServerSpec[] = hosts.map((host) => ({name: host.name, ipv4: host.address, latencyMs: host.latencyMs, ...(host.down ? {down: true} : {}), zones: host.zones}));
	return {
		spec: {zones: [root, ...zones], servers, roots: rootServers.map((host) => host.name), stories: []},
		truth,
		signers,
		danglingSigners,
	};
}

/** The most name servers a TLD names under two suffixes (its own and a provider's): its referral stays within 512 octets. */
const LARGEST_MIXED_NS_SET = 8;

/** The modes whose fault is in DNSSEC material: the TLD is signed whatever the draw said. */
const DNSSEC_MODES = new Set<FailureMode>(['half-signed', 'expired', 'sha1-ds', 'ds-no-key']);

/** How the broken server serves the TLD under each mode that breaks one server's copy. */
function servedFor(mode: FailureMode, tld: Name, staleText: string): Omit<ServedZoneSpec, 'zone'> {
	switch (mode) {
		case 'refused':
			return {mode: 'refuse'};
		case 'not-authoritative':
			return {mode: 'no-authority'};
		case 'upward-referral':
			return {mode: 'upward-referral'};
		case 'stale':
			return {copy: {origin: tld, text: staleText}};
		case 'half-signed':
			return {unsigned: true};
		case 'expired':
			return {expiredSignaturesAt: [tld]};
		default:
			return {};
	}
}

/**
 * The key pair that signs a zone: a provider signs every TLD it hosts with one pair per algorithm, and registries
 * that run their own servers share a few (SIGNER_POOL). Keys are where building a world of thousands of zones would
 * spend its time (an RSA pair takes tens of milliseconds to make); a validator cares only that the DNSKEY matches the
 * DS, which names the zone.
 */
function signerFor(algorithm: number, provider: Name | undefined, index: number): string {
	return provider ? `${algorithm}-${provider}` : `${algorithm}-registry-${index % SIGNER_POOL}`;
}
const SIGNER_POOL = 3;

function zoneText(origin: Name, primary: Name, serial: number, lines: string[]): string {
	// A mailbox (RFC 1035 8): hostmaster@TLD has no mail domain anyone accepts, so a TLD's is its registry's, at nic.TLD.
	const contact = origin === '.' ? 'nstld.verisign-grs.com.' : parentName(origin) === '.' ? `hostmaster.nic.${origin}` : `hostmaster.${origin}`;
	return `$TTL 86400\n@ SOA ${primary} ${contact} ${serial} ${SOA_TIMERS}\n${lines.join('\n')}\n`;
}

/**
 * Addresses in 127.80.0.0/16, consecutive ones in different /24s: a TLD's servers, made one after another, never
 * share a network (which digdeeper would rightly report as a single point of failure).
 */
function addressAllocator(): () => string {
	let next = 0;
	return () => {
		const n = next++;
		const host = 1 + Math.floor(n / 256);
		if (host > 254) throw new RangeError('the generated root has run out of addresses in 127.80.0.0/16');
		return `127.80.${n % 256}.${host}`;
	};
}

/** A registry's own servers: a few near, most across an ocean (10 to 250 ms, more of them near the low end). */
function ownLatency(random: SeededRandom): number {
	return Math.round(10 * 25 ** random.next());
}

function weighted<T extends {weight: number}>(random: SeededRandom, items: readonly T[]): T {
	let rest = random.next() * items.reduce((sum, item) => sum + item.weight, 0);
	for (const item of items) {
		rest -= item.weight;
		if (rest < 0) return item;
	}
	return items.at(-1)!;
}

const CONSONANTS = 'bcdfghjklmnprstvz';
const VOWELS = 'aeiou';

/** A pronounceable label of two or three syllables (four letters at least, so never a country code), never one used. */
function uniqueLabel(random: SeededRandom, used: Set<string>): string {
	for (;;) {
		const syllables = random.between(2, 3);
		let label = '';
		for (let n = 0; n < syllables; n++) label += random.pick([...CONSONANTS]) + random.pick([...VOWELS]);
		if (!used.has(label)) {
			used.add(label);
			return label;
		}
	}
}
