import {z} from 'zod';

/*
 * The shape of a snapshot file, checked before anything is trusted: a snapshot may come from another machine, an
 * older version, or someone hostile. Responses are not taken from the file's decoded form; they are decoded again
 * from the raw bytes, and the findings are recomputed, so a snapshot gains from every newer analysis.
 */
const name = z.string().max(1024);
const shortText = z.string().max(64 * 1024);
const finite = z.number().finite();
const family = z.union([z.literal(4), z.literal(6)]);
const base64 = z.string().max(200_000).regex(/^[A-Za-z0-9+/]*={0,2}$/u, 'not base64');

const question = z.object({name, type: z.string().max(32)});

const probe = z.object({
	id: z.number().int().nonnegative(),
	zone: name,
	server: name,
	address: z.string().max(64),
	question,
	purpose: z.enum(['walk', 'soa', 'ns', 'dnskey', 'ds', 'ns-address']),
	startedMs: finite,
	status: z.enum(['pending', 'answered', 'timeout', 'unreachable', 'network', 'malformed', 'skipped']),
	error: shortText.optional(),
	transport: z.enum(['udp', 'tcp']).optional(),
	attempts: z.number().int().nonnegative().optional(),
	rttMs: finite.optional(),
	finishedMs: finite.optional(),
	truncatedOverUdp: z.boolean().optional(),
	ednsFallback: z.boolean().optional(),
	ignored: z.number().int().nonnegative().optional(),
	rcode: z.string().max(32).optional(),
	size: z.number().int().nonnegative().optional(),
	kind: z.enum(['answer', 'cname', 'referral', 'nxdomain', 'nodata', 'upward-referral', 'lame', 'refused', 'servfail', 'error']).optional(),
	referral: name.optional(),
	message: z.string().max(64).optional(),
	messageId: z.number().int().min(0).max(65_535).optional(),
});

const skippedCount = z.object({count: z.number().int().nonnegative(), reason: shortText});

const server = z.object({name, address: z.string().max(64), family, origin: z.enum(['hints', 'glue', 'child', 'subtrace']), probes: z.array(probe).max(100_000), questionsSkipped: skippedCount.optional()});

const nameserver = z.object({
	name,
	listedBy: z.array(z.enum(['parent', 'child', 'hints'])).max(3),
	addresses: z.array(z.object({address: z.string().max(64), family, origins: z.array(z.enum(['hints', 'glue', 'child', 'subtrace'])).max(4)})).max(1000),
	unusable: z.array(z.object({address: z.string().max(64), origins: z.array(z.enum(['hints', 'glue', 'child', 'subtrace'])).max(4), reason: shortText})).max(1000).optional(),
	subtraces: z.array(z.number().int().nonnegative()).max(1000),
	unresolved: shortText.optional(),
	addressesSkipped: skippedCount.optional(),
});

const zone = z.object({name, parent: name.optional(), nameservers: z.array(nameserver).max(1000), servers: z.array(server).max(10_000)});

const record = z.object({name, type: z.string().max(32), class: z.string().max(16), ttl: z.number().int().nonnegative(), data: z.object({kind: z.string().max(16)}).passthrough()});

const step = z.object({
	zone: name,
	question,
	result: z.string().max(32),
	probe: z.number().int().nonnegative().optional(),
	next: name.optional(),
	atMs: finite,
	variants: z.array(z.object({kind: z.string().max(32), child: name.optional(), ns: z.array(name).max(1000).optional(), addresses: z.array(z.string().max(64)).max(10_000)})).max(1000),
});

const outcome = z.object({
	status: z.enum(['answer', 'nxdomain', 'nodata', 'failure']),
	records: z.array(record).max(10_000),
	reason: shortText.optional(),
	zone: name.optional(),
	atMs: finite,
	dnssec: z.enum(['secure', 'insecure', 'bogus', 'indeterminate']).optional(),
});

export const snapshotSchema = z.object({
	schema: z.literal('digdeeper/snapshot@1'),
	tool: z.object({name: z.string().max(64), version: z.string().max(64)}),
	query: z.object({name, type: z.string().max(32), unicode: z.string().max(4096)}),
	options: z.object({
		hints: shortText,
		trustAnchor: shortText.optional(),
		trustAnchorRecords: z.array(record).max(100).optional(),
		port: z.number().int().min(1).max(65_535),
		families: z.array(family).min(1).max(2),
		timeoutMs: finite,
		retries: z.number().int().nonnegative(),
		dnssec: z.boolean(),
		lab: z.string().max(64).optional(),
	}),
	startedAt: z.string().max(64).refine((value) => !Number.isNaN(Date.parse(value)), 'not a date'),
	durationMs: finite,
	vantage: z.object({unavailableFamilies: z.array(z.object({family, reason: shortText})).max(2)}),
	zones: z.array(zone).max(10_000),
	resolutions: z.array(z.object({id: z.number().int().nonnegative(), purpose: z.enum(['query', 'ns-address', 'variant']), question, for: z.object({zone: name, nameserver: name}).optional(), steps: z.array(step).max(1000), outcome: outcome.optional()})).max(10_000),
	outcome,
	limits: z.array(z.object({limit: z.string().max(32), value: finite, detail: shortText})).max(100),
	loops: z.array(z.object({kind: z.enum(['cname', 'ns-dependency', 'referral']), names: z.array(name).max(1000), detail: shortText})).max(1000),
	stats: z.object({queries: z.number().int().nonnegative(), answered: z.number().int().nonnegative(), failed: z.number().int().nonnegative(), skipped: z.number().int().nonnegative(), ignoredResponses: z.number().int().nonnegative()}),
	findings: z.array(z.unknown()).max(100_000),
	dnssec: z.unknown().optional(),
	dependencies: z.unknown().optional(),
	messages: z.record(z.string().max(64), z.object({raw: base64, decoded: z.unknown().optional()})),
});

export type SnapshotFile = z.infer<typeof snapshotSchema>;

/** One line naming where the first problem is: "zones[3].servers[0].probes[2].status: Invalid option". */
export function describeSchemaError(error: z.ZodError): string {
	const issue = error.issues[0];
	if (!issue) return 'does not match the snapshot format';
	const where = issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('').replace(/^\./u, '');
	return `${where || 'the top level'}: ${issue.message}`;
}
