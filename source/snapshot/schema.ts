import {isIP} from 'node:net';
import * as z from 'zod';
import {nameFromText, parseUserName} from '../dns/name.js';
import {presentText} from '../dns/sanitize.js';
import {MAX_RESOLVERS} from '../dns/resolver-list.js';
import {MAX_NAMESERVER_LOOKUPS} from '../analysis/registration-status.js';
import {RDAP_LIMITS} from '../rdap/rdap-client.js';
import {canonicalAddress} from '../dns/address.js';
import {OPTION_LIMITS} from '../trace/limits.js';

/*
 * The shape of a snapshot file, checked before anything is trusted: a snapshot may come from another machine, an
 * older version, or someone hostile. Only the fields the reader uses are declared (zod drops every other key, so a
 * `__proto__` or `constructor` key never reaches the model); what the walk concluded (kinds, step results,
 * variants, outcomes, rcodes, sizes, findings) is re-derived from the raw bytes and never read. Words meant for a
 * person (an error, a reason) arrive escaped; words the program reads (types, addresses, limits) must be of their
 * own small alphabet. Array lengths are bounded by the file's size, not here: any bound but the walk's own would
 * refuse a file digdeeper wrote.
 */

/** A DNS message travels in at most 65,535 bytes (TCP's length prefix), so its base64 is at most this long. */
const MAX_MESSAGE_BASE64 = Math.ceil(65_535 / 3) * 4;

/**
 * Names as the model keeps them: absolute, read as dig reads a name's text (a character that is not ASCII as its
 * UTF-8 bytes) and kept in the one canonical form (name.ts), so views show them as they are. Text that is no name
 * (an escape that is not a byte, an empty label) is refused.
 */
const name = z
	.string()
	.max(1024)
	.refine((value) => value.endsWith('.'), 'not an absolute name (no trailing dot)')
	.transform((value, context) => {
		try {
			return nameFromText(value);
		} catch {
			context.addIssue({code: 'custom', message: 'not a name (an escape that is not a byte, or an empty label)'});
			return z.NEVER;
		}
	});
/** Text for a person: escaped on the way in, so no view can print a control byte from a file. */
const text = z.string().max(64 * 1024).transform(presentText);
const finite = z.number().finite();
/**
 * A time within a trace, from its start, in milliseconds: never negative, and within a day (a walk ends long before:
 * its attempts wait at most a minute each and its queries are bounded). A file said -1000 ms round trips, a first reply
 * at 1e+300 ms and a walk of 1e+305 s, and was shown them.
 */
const elapsed = finite.nonnegative().max(86_400_000);
const count = z.number().int().nonnegative();
const family = z.union([z.literal(4), z.literal(6)]);
const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/u, 'not base64');
const hex = z
	.string()
	.max(4096)
	.regex(/^(?:[0-9A-Fa-f]{2})*$/u, 'not hexadecimal bytes (pairs of hex digits)');
const rrType = z.string().max(32).regex(/^[A-Z][A-Z0-9]*$/u, 'not a DNS type');
const address = z
	.string()
	.max(64)
	.refine((value) => /^[0-9A-Fa-f:.]+$/u.test(value) && isIP(value) !== 0, 'not an IP address');
const origin = z.enum(['hints', 'glue', 'child', 'subtrace']);
// As Date#toISOString writes it: no other form, so nothing else can ride along in it.
const isoTime = z
	.string()
	.regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$/u, 'not an ISO 8601 UTC time')
	.refine((value) => !Number.isNaN(Date.parse(value)), 'not a date');

/** The traced name came from a person, through parseUserName: it is in that form or it is not one we wrote. */
const queryName = name.refine((value) => {
	try {
		return parseUserName(value).name === value;
	} catch {
		return false;
	}
}, 'not a name digdeeper traces (lower-case LDH or A-labels)');

const question = z.object({name, type: rrType});

const probe = z.object({
	id: count,
	zone: name,
	server: name,
	address,
	question,
	purpose: z.enum(['walk', 'soa', 'ns', 'dnskey', 'cds', 'ds', 'ns-address', 'soa-tcp', 'ns-tcp', 'dnskey-tcp']),
	startedMs: elapsed,
	status: z.enum(['pending', 'answered', 'timeout', 'unreachable', 'network', 'malformed', 'skipped']),
	error: text.optional(),
	transport: z.enum(['udp', 'tcp']).optional(),
	attempts: count.optional(),
	rttMs: elapsed.optional(),
	finishedMs: elapsed.optional(),
	truncatedOverUdp: z.boolean().optional(),
	ednsFallback: z.boolean().optional(),
	ednsDropped: z.boolean().optional(),
	udpTimedOut: z.boolean().optional(),
	plainUdpAnswered: z.boolean().optional(),
	ignored: count.optional(),
	// Optional, so the format stays @2: a probe answered from a survey's share, and when that answer was measured.
	shared: z.object({measuredAt: isoTime}).optional(),
	message: z.string().max(64).optional(),
	messageId: z.number().int().min(0).max(65_535).optional(),
	/** The response's NSID option, cut out of the shared message (see nsid-option.ts) and put back before decoding. */
	nsidOption: z.object({at: count.max(65_535), hex: hex.max(2 * 65_535)}).optional(),
});

const skippedCount = z.object({count, reason: text});

/** A recursive resolver asked after the walk (`--resolvers`): who, where, when, and its reply's bytes. */
const resolverProbe = z.object({
	label: z.string().max(128).transform(presentText),
	address,
	port: z.number().int().min(1).max(65_535),
	askedAt: isoTime,
	status: z.enum(['answered', 'timeout', 'unreachable', 'network', 'malformed', 'not-asked']),
	error: text.optional(),
	rttMs: elapsed.optional(),
	transport: z.enum(['udp', 'tcp']).optional(),
	raw: base64.max(MAX_MESSAGE_BASE64).optional(),
});

const server = z.object({name, address, family, origin, probes: z.array(probe), questionsSkipped: skippedCount.optional()});

const nameserver = z.object({
	name,
	listedBy: z.array(z.enum(['parent', 'child', 'hints'])).max(3),
	addresses: z.array(z.object({address, family, origins: z.array(origin).max(4)})),
	unusable: z.array(z.object({address, origins: z.array(origin).max(4), reason: text})).optional(),
	subtraces: z.array(count),
	unresolved: text.optional(),
	addressesSkipped: skippedCount.optional(),
});

const zone = z.object({name, parent: name.optional(), nameservers: z.array(nameserver), servers: z.array(server)});

/** A trust anchor as the validator reads it: a DS or a DNSKEY (or data the zone-file parser kept opaque). */
const anchorData = z.discriminatedUnion('kind', [
	z.object({kind: z.literal('ds'), keyTag: count, algorithm: count, digestType: count, digest: hex}),
	z.object({kind: z.literal('dnskey'), flags: count, protocol: count, algorithm: count, publicKey: base64.max(16_384)}),
	z.object({kind: z.literal('opaque'), hex}),
]);
const anchor = z.object({name, type: z.enum(['DS', 'DNSKEY']), class: z.string().max(16).regex(/^[A-Z0-9]+$/u, 'not a DNS class'), ttl: count, data: anchorData});

const step = z.object({zone: name, question, probe: count.optional(), next: name.optional(), atMs: elapsed});

/** A map from the file's own keys: a Map, so no key (`__proto__`, `toString`) can mean anything but itself. */
const asMap = (value: unknown) => (typeof value === 'object' && value !== null && !Array.isArray(value) ? new Map(Object.entries(value)) : value);

/** What-if changes (source/what-if/): read as the parser makes them; applied again to the file's responses, never trusted. */
const byte = z.number().int().min(0).max(255);
const canonical = address.transform(canonicalAddress);
const whatIfChange = z.discriminatedUnion('kind', [
	z.object({kind: z.literal('down'), server: name}),
	z.object({kind: z.literal('down-address'), address: canonical}),
	z.object({kind: z.literal('zone-down'), zone: name}),
	z.object({kind: z.literal('ds-remove'), zone: name}),
	z.object({kind: z.literal('ds-replace'), zone: name, ds: z.object({keyTag: z.number().int().min(0).max(65_535), algorithm: byte, digestType: byte, digest: hex.min(2).max(128).transform((value) => value.toLowerCase())})}),
	z.object({kind: z.literal('ns-remove'), zone: name, nameserver: name}),
	z.object({kind: z.literal('ns-add'), zone: name, nameserver: name, address: canonical}),
	z.object({kind: z.literal('clock'), at: isoTime}),
]);
/** More changes than anyone assumes at once: a bound, so a file cannot make the reader apply without end. */
export const MAX_WHAT_IF_CHANGES = 64;
/** More server addresses than a trace's queries could reach: the bound on those a what-if takes down. */
const MAX_ASSUMED_DOWN = 4096;

/**
 * The formats this version reads: @2 added the TCP check (`soa-tcp` probes) and `udpTimedOut`, which a reader of @1
 * would refuse as damaged; an @1 file is an @2 file without them. @3 added the TCP checks of the NS and DNSKEY sets
 * (`ns-tcp`, `dnskey-tcp` probes), which a reader of @2 would refuse; an @2 file is an @3 file without them. @4
 * added `registration` (RDAP), which a reader of @3 would drop unseen; an @3 file is an @4 file without it. @5 is
 * a what-if (`assumed`): written only for one, so that a reader of @4, which would drop `assumed` and show the
 * changed responses as measured, refuses it instead; an @4 file is an @5 file without it.
 */
export const READABLE_SCHEMAS = ['digdeeper/snapshot@1', 'digdeeper/snapshot@2', 'digdeeper/snapshot@3', 'digdeeper/snapshot@4', 'digdeeper/snapshot@5'] as const;

/** The format each optional top-level field first appears in (@4: `resolvers`, `registration`): an older file that holds one is damaged, not just old. */
export const FIELD_SINCE: Readonly<Record<string, (typeof READABLE_SCHEMAS)[number]>> = {resolvers: 'digdeeper/snapshot@4', registration: 'digdeeper/snapshot@4', assumed: 'digdeeper/snapshot@5', assumedDown: 'digdeeper/snapshot@5'};

/**
 * The registries' answers (RDAP) as exchanged: the body is kept raw and read again (parse-domain.ts), never the facts
 * the file says were read from it; a person's words (the error, the bootstrap's source) escaped on the way in.
 */
const registration = z.object({
	bootstrap: text,
	bootstrapFile: text.optional(),
	lookups: z
		.array(
			z.object({
				domain: name,
				reason: z.enum(['query', 'nameserver']),
				exchange: z.object({
					url: z.string().max(4096).optional(),
					status: z.number().int().min(100).max(599).optional(),
					body: z.string().max(RDAP_LIMITS.maxBodyBytes).optional(),
					error: text.optional(),
					ms: finite.nonnegative(),
				}),
			}),
		)
		.max(1 + MAX_NAMESERVER_LOOKUPS),
});

/** The format each TCP check's probes first appear in: an older file that holds one is damaged, not just old. */
export const PURPOSE_SINCE: Readonly<Partial<Record<string, (typeof READABLE_SCHEMAS)[number]>>> = {'soa-tcp': 'digdeeper/snapshot@2', 'ns-tcp': 'digdeeper/snapshot@3', 'dnskey-tcp': 'digdeeper/snapshot@3'};

export const snapshotSchema = z.object({
	schema: z.enum(READABLE_SCHEMAS),
	tool: z.object({name: z.string().max(64).transform(presentText), version: z.string().max(64).transform(presentText), node: z.string().max(64).transform(presentText).optional()}),
	query: z.object({name: queryName, type: rrType}),
	options: z.object({
		hints: text,
		trustAnchor: text.optional(),
		trustAnchorRecords: z.array(anchor).max(OPTION_LIMITS.maxTrustAnchors).optional(),
		// Optional, so the format stayed @2 (a file written before it has none to repeat). Each file gives at least one
		// anchor, so there are never more files than anchors.
		trustAnchorFiles: z.array(text).min(1).max(OPTION_LIMITS.maxTrustAnchors).optional(),
		port: z.number().int().min(1).max(65_535),
		families: z.array(family).min(1).max(2),
		// No more and no less than the command line takes: a file's time-out is repeated as a command to run and sets how
		// long a what-if's downed server makes the walk wait. 0 or 0.5 ms was shown as the trace's setting and repeated as
		// `--timeout 0.5`, which the command line refuses. A fraction of a millisecond above the floor is no integer but
		// still one (`--timeout 10.5` runs); retries are whole tries from 0, as --retries takes them.
		timeoutMs: finite.min(OPTION_LIMITS.minTimeoutMs).max(OPTION_LIMITS.maxTimeoutMs),
		retries: count.max(OPTION_LIMITS.maxRetries),
		dnssec: z.boolean(),
		lab: text.optional(),
		expiryWarningDays: z.number().int().min(0).max(OPTION_LIMITS.maxExpiryWarningDays).optional(),
		// Optional, so the format stayed @2: a reader that predates it drops the key and judges at startedAt.
		validateAt: isoTime.optional(),
		// @4, optional: the --resolvers list as typed, for the command that repeats the trace; a reader without it drops it.
		resolvers: text.optional(),
	}),
	startedAt: isoTime,
	durationMs: elapsed,
	vantage: z.object({unavailableFamilies: z.array(z.object({family, reason: text})).max(2)}),
	zones: z.array(zone),
	resolutions: z.array(z.object({id: count, purpose: z.enum(['query', 'ns-address', 'variant']), question, for: z.object({zone: name, nameserver: name}).optional(), steps: z.array(step)})),
	// Written for other readers and never read back, but a file without it is not one digdeeper wrote. Its time is what
	// other readers see of when the trace was decided: checked against the trace's own (snapshot-timings.ts).
	outcome: z.object({atMs: elapsed, status: z.unknown().optional(), reason: z.unknown().optional()}),
	limits: z.array(z.object({limit: z.string().max(32).regex(/^[a-z0-9-]+$/u, 'not a limit name'), value: finite, detail: text})),
	loops: z.array(z.object({kind: z.enum(['cname', 'ns-dependency', 'referral']), names: z.array(name), detail: text})),
	stats: z.object({queries: count, answered: count, failed: count, skipped: count, ignoredResponses: count}),
	messages: z.preprocess(asMap, z.map(z.string().max(64), z.object({raw: base64.max(MAX_MESSAGE_BASE64)}))),
	// @4: what `--resolvers` asked; the raw bytes are read back and judged again, the decoded form and reading are not.
	resolvers: z.array(resolverProbe).max(MAX_RESOLVERS).optional(),
	registration: registration.optional(),
	assumed: z.array(whatIfChange).min(1).max(MAX_WHAT_IF_CHANGES).optional(),
	// Added within @5 (a reader without it drops it and derives the addresses from the zones): the addresses the
	// what-if took down, which the zones may no longer name; each taken down again on reading.
	assumedDown: z.array(address).min(1).max(MAX_ASSUMED_DOWN).optional(),
});

export type SnapshotFile = z.output<typeof snapshotSchema>;

/** Where in the file: `zones[3].servers[0].probes[2].status`, `messages["a b"].raw`. */
export function jsonPath(path: ReadonlyArray<PropertyKey>): string {
	const where = path
		.map((part) => (typeof part === 'number' ? `[${part}]` : typeof part === 'string' && /^[A-Za-z_$][\w$]*$/u.test(part) ? `.${part}` : `[${JSON.stringify(String(part))}]`))
		.join('')
		.replace(/^\./u, '');
	return where || 'the top level';
}

/** The first problem in one line: "Invalid option: expected one of …" (where: zones[3].servers[0].probes[2].status). */
export function describeSchemaError(error: z.ZodError): string {
	const issue = error.issues[0];
	if (!issue) return 'does not match the snapshot format';
	// JSON.parse reads 1e999 as Infinity, which zod refuses as "expected number, received number": say what is wrong.
	const infinite = issue.code === 'invalid_type' && issue.expected === 'number' && / received number$/u.test(issue.message);
	const message = infinite ? 'Invalid input: expected a finite number (a number too large for a double, such as 1e999, reads as Infinity)' : issue.message;
	return `${message.split('\n')[0]!.slice(0, 200)} (where: ${jsonPath(issue.path)})`;
}
