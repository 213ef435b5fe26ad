import {fqdn, parentName} from '../dns/name.js';
import type {HttpReply, RdapLink} from '../rdap/rdap-link.js';
import type {LabWorld} from './world.js';

/*
 * The lab's registries, as RDAP (RFC 9083) would give them: what each story's domain is registered as. puri.sm is
 * on server hold (its registrar had not paid the .sm registry), www.example.net's domain has expired and is in its
 * auto-renew grace period (still in the DNS), and shop.com's record at the registry lists a third name server the
 * delegation does not have yet (an update not published). The rest are active. None of it changes what the lab's
 * name servers answer.
 */

/** Where the lab's RDAP server listens: one loopback address no lab name server uses. */
export const LAB_RDAP_ADDRESS = '127.77.254.1';

/** A fictional registrar: an IANA ID from the block IANA's registrar registry keeps reserved, and example contacts. */
const LAB_REGISTRAR = {name: 'Lab Registrar S.r.l.', ianaId: '9999', abuseEmail: 'abuse@registrar.example', abusePhone: '+1.5555550100'};

interface LabRegistration {
	statuses: string[];
	registrar?: typeof LAB_REGISTRAR;
	/** Days from now: negative for a date gone by. */
	expiresInDays: number;
	nameservers?: string[];
}

const active = (nameservers?: string[]): LabRegistration => ({statuses: ['active', 'client transfer prohibited'], registrar: LAB_REGISTRAR, expiresInDays: 200, ...(nameservers ? {nameservers} : {})});
/** The registries' own domains (nic.TLD and the like) are held by the registry itself, through no registrar. */
const registryOwn = (): LabRegistration => ({statuses: ['active'], expiresInDays: 200});

/** Every registered domain of the lab, by its name without the trailing dot. */
const REGISTRATIONS: Readonly<Record<string, LabRegistration>> = {
	'puri.sm': {statuses: ['server hold', 'client transfer prohibited'], registrar: LAB_REGISTRAR, expiresInDays: 81, nameservers: ['ns1.puri.sm', 'ns2.puri.sm', 'ns3.puri.sm']},
	'pureos.net': active(['ns1.puri.sm', 'ns2.puri.sm']),
	'example.com': active(['ns1.example.com', 'ns2.example.com']),
	'shop.com': active(['ns1.dnsprovider.net', 'ns2.dnsprovider.net', 'ns3.dnsprovider.net']),
	'dnsprovider.net': active(),
	'cdnhost.net': active(),
	'example.org': active(),
	'example.net': {statuses: ['active', 'auto renew period'], registrar: LAB_REGISTRAR, expiresInDays: -12},
	'tox.im': active(),
	'servicex-dns.com': active(),
	'servicey.net': active(),
	'rollover.net': active(),
	'dynect.net': active(),
	'twitter.com': active(),
	'github.com': active(),
	'spotify.com': active(),
	'secondary.org': active(),
	'desec.org': active(),
	'market.gm': active(),
	'nic.gm': registryOwn(),
	'nic.mw': registryOwn(),
	'nic.bw': registryOwn(),
	'nic.ls': registryOwn(),
	'nic.creditunion': registryOwn(),
	'ns.td': registryOwn(),
};

/** The lab's TLDs: each has its registry's RDAP at the lab's one RDAP server. */
const LAB_TLDS = ['com', 'net', 'org', 'sm', 'im', 'bw', 'gm', 'mw', 'ls', 'td', 'creditunion', 'xn--mgbai9azgqp6j', 'xn--wgbh1c'];

/** An RDAP bootstrap file (RFC 9224) that sends every lab TLD to the lab's RDAP server at `base`. */
export function labBootstrapJson(base: string): string {
	return `${JSON.stringify({version: '1.0', publication: '2026-01-01T00:00:00Z', description: 'digdeeper lab: RDAP for the lab\'s TLDs', services: [[LAB_TLDS, [base]]]}, null, 2)}\n`;
}

/** The in-process lab's base URL (no socket is ever opened for it). */
export const LAB_RDAP_BASE = `http://${LAB_RDAP_ADDRESS}/`;

/** The domain object of one registration (RFC 9083 5.3), with the dates made from `now`. */
function domainObject(name: string, registration: LabRegistration, now: number): object {
	const day = 86_400_000;
	const vcard = (entries: Array<[string, string]>) => ['vcard', [['version', {}, 'text', '4.0'], ...entries.map(([property, value]) => [property, {}, property === 'tel' ? 'uri' : 'text', value])]];
	const {registrar} = registration;
	return {
		rdapConformance: ['rdap_level_0'],
		objectClassName: 'domain',
		ldhName: name,
		status: registration.statuses,
		events: [
			{eventAction: 'registration', eventDate: new Date(now - 3000 * day).toISOString()},
			{eventAction: 'expiration', eventDate: new Date(now + registration.expiresInDays * day).toISOString()},
		],
		nameservers: (registration.nameservers ?? []).map((ldhName) => ({objectClassName: 'nameserver', ldhName})),
		entities: registrar
			? [
					{
						objectClassName: 'entity',
						roles: ['registrar'],
						publicIds: [{type: 'IANA Registrar ID', identifier: registrar.ianaId}],
						vcardArray: vcard([['fn', registrar.name]]),
						entities: [{objectClassName: 'entity', roles: ['abuse'], vcardArray: vcard([['fn', 'Abuse desk'], ['email', registrar.abuseEmail], ['tel', `tel:${registrar.abusePhone}`]])}],
					},
				]
			: [],
	};
}

/**
 * A registry's record follows its zone: once the TLD zone delegates a domain on server hold again (a watch's
 * aftermath: the registrar paid), the registry has lifted the hold.
 */
function asPublished(name: string, registration: LabRegistration, world: LabWorld | undefined): LabRegistration {
	if (!world || !registration.statuses.includes('server hold')) return registration;
	const domain = fqdn(name);
	const delegated = world.zones.get(parentName(domain))?.byName.get(domain)?.some((record) => record.type === 'NS') ?? false;
	return delegated ? {...registration, statuses: registration.statuses.map((status) => (status === 'server hold' ? 'active' : status))} : registration;
}

/**
 * What the lab's RDAP server answers a GET: a domain object, 404 for a domain no lab registry holds, 400 for anything
 * else; with the lab's world, as its registries' records stand in it.
 */
export function labRdapReply(url: URL, now: number, world?: LabWorld): HttpReply {
	const match = /^\/domain\/([^/]+)$/u.exec(url.pathname);
	if (!match) return {status: 400, body: '{"errorCode":400,"title":"not an RDAP domain query"}', tooLarge: false};
	const name = decodeURIComponent(match[1]!).toLowerCase().replace(/\.$/u, '');
	const registration = Object.hasOwn(REGISTRATIONS, name) ? REGISTRATIONS[name] : undefined;
	if (!registration) return {status: 404, body: '{"errorCode":404,"title":"not found"}', tooLarge: false};
	return {status: 200, body: JSON.stringify(domainObject(name, asPublished(name, registration, world), now)), tooLarge: false};
}

/** The in-process lab's RDAP: answers at once, never touches a socket; only the lab's RDAP address answers. */
export function createLabRdapLink(options: {now?: () => number; world?: () => LabWorld} = {}): RdapLink {
	const now = options.now ?? Date.now;
	return {
		get(url) {
			if (url.hostname !== LAB_RDAP_ADDRESS) return Promise.reject(new Error(`${url.host} is not the lab's RDAP server`));
			return Promise.resolve(labRdapReply(url, now(), options.world?.()));
		},
	};
}
