import {describe, expect, it} from 'vitest';
import {withAnalysis, type AnalysedTrace} from '../../source/analysis/analyze.js';
import {diffTraces} from '../../source/compare/diff.js';
import {traceFacts} from '../../source/compare/trace-facts.js';
import {emptyHistory, recordRound} from '../../source/compare/watch-history.js';
import type {Message} from '../../source/dns/record.js';
import {parseUserName} from '../../source/dns/name.js';
import {INTERNET} from '../../source/lab/internet.js';
import {applyWorldChange} from '../../source/lab/world-change.js';
import {buildWorld, keysOf} from '../../source/lab/world.js';
import {registrationResult} from '../../source/rdap/parse-domain.js';
import type {RegistrationLookup} from '../../source/rdap/registration.js';
import {renderDiff} from '../../source/text/diff-text.js';
import {watchChangeLine} from '../../source/text/watch-text.js';
import type {ResolverProbe, Trace} from '../../source/trace/model.js';
import {diffLines, timelineLines} from '../../source/ui/views/changes.js';
import {labTrace, labWorld} from '../helpers/lab.js';

/** What the .sm registry says of puri.sm: its statuses. */
function registry(status: string[]): RegistrationLookup {
	const exchange = {url: 'https://rdap.example/domain/puri.sm', status: 200, body: JSON.stringify({objectClassName: 'domain', ldhName: 'puri.sm', status, events: [], nameservers: [], entities: []}), ms: 9};
	const domain = parseUserName('puri.sm').name;
	return {domain, reason: 'query', exchange, result: registrationResult(exchange, domain)};
}

/** Lab resolver 1, still holding the NXDOMAIN it cached before the fix, with 2460 s of the SOA's 3600 left. */
const cachedDenial: ResolverProbe = {
	label: 'lab resolver 1',
	address: '127.77.254.1',
	port: 53,
	askedAt: '2026-11-30T15:20:00.000Z',
	status: 'answered',
	rttMs: 12,
	response: {
		id: 1,
		opcode: 'QUERY',
		rcode: 'NXDOMAIN',
		flags: {qr: true, aa: false, tc: false, rd: true, ra: true, ad: false, cd: false},
		question: [{name: 'www.puri.sm.', type: 'A', class: 'IN'}],
		answer: [],
		authority: [{name: 'sm.', type: 'SOA', class: 'IN', ttl: 2460, data: {kind: 'soa', mname: 'dns.omniway.sm.', rname: 'hostmaster.telecomitalia.sm.', serial: 1, refresh: 1, retry: 1, expire: 1, minimum: 3600}}],
		additional: [],
	} satisfies Message,
};

/** www.puri.sm as the lab's story plays it: suspended (server hold), then restored (active), lab resolver 1 asked each time. */
async function story(): Promise<{suspended: AnalysedTrace; restored: AnalysedTrace}> {
	const world = labWorld();
	const back = buildWorld(applyWorldChange(INTERNET, INTERNET.stories.find((entry) => entry.name === 'www.puri.sm')!.aftermath![0]!), {keys: keysOf(world)});
	const analysed = (trace: Trace, at: string, status: string[]) =>
		withAnalysis({...trace, startedAt: at, registration: {bootstrap: 'test', lookups: [registry(status)]}, resolvers: [{...cachedDenial, askedAt: at}]}, {anchors: {source: 'lab', records: world.trustAnchor}});
	return {
		suspended: analysed(await labTrace('www.puri.sm'), '2026-11-30T15:20:00.000Z', ['server hold', 'client transfer prohibited']),
		restored: analysed(await labTrace('www.puri.sm', 'A', {world: back}), '2026-11-30T15:20:36.000Z', ['active', 'client transfer prohibited']),
	};
}

const {suspended, restored} = await story();
const UNTIL = 'Users may see the old answer until 16:21 UTC (1 hour after the trace of 15:20:36 UTC that saw it fixed).';

describe('a diff of the fix of a suspended domain', () => {
	const changes = diffTraces(suspended, restored);

	it('reports the registry\'s status and each resolver\'s verdict as changes of the trace', () => {
		expect(changes).toContainEqual({kind: 'registration', server: 'puri.sm.', before: 'status server hold, client transfer prohibited', after: 'status active, client transfer prohibited'});
		// The same NXDOMAIN: it agreed with the servers' denial, and now serves it where they answer.
		expect(changes).toContainEqual({kind: 'resolver', server: '127.77.254.1 (lab resolver 1)', before: 'agrees (NXDOMAIN)', after: 'still serves the NXDOMAIN'});
	});

	it('reports an authoritative server asked as a resolver (AA, RA clear) going from agreeing with the walk to not', () => {
		// sm.'s own server: its AA NXDOMAIN was the walk's denial; after the fix it is no longer what the walk found.
		const own: ResolverProbe = {...cachedDenial, label: 'dns.omniway.sm.', address: '127.77.2.1', response: {...cachedDenial.response!, flags: {...cachedDenial.response!.flags, aa: true, ra: false}}};
		const asking = ({trace, analysis}: AnalysedTrace): AnalysedTrace => ({trace: {...trace, resolvers: [own]}, analysis});
		expect(diffTraces(asking(suspended), asking(restored))).toContainEqual({
			kind: 'resolver',
			server: '127.77.2.1 (dns.omniway.sm.)',
			before: "its own zone's NXDOMAIN, the same as the walk (AA, RA clear): no resolver",
			after: "its own zone's NXDOMAIN, not the walk's (AA, RA clear): no resolver",
		});
	});

	it('says until when users may see the old answer: the negative TTL of sm. after the trace that saw the fix, the minute rounded up', () => {
		const resolved = changes.find((change) => change.kind === 'finding-resolved');
		expect(resolved?.before).toMatch(/^error DELEGATION_MISSING: /u);
		expect(resolved?.after).toMatch(new RegExp(`^${UNTIL.replaceAll(/[().]/gu, '\\$&')} Once it is fixed, resolvers that cached the denial see the change within 1 hour \\(3600 s: the negative TTL of sm\\.\\)\\.`, 'u'));
	});

	it('lists them in `digdeeper diff --text` under the trace\'s heading', () => {
		const text = renderDiff(suspended.trace, restored.trace, changes).split('\n');
		expect(text).toContain('  registration      puri.sm.: status server hold, client transfer prohibited → status active, client transfer prohibited');
		expect(text).toContain('  resolver          127.77.254.1 (lab resolver 1): agrees (NXDOMAIN) → still serves the NXDOMAIN');
		expect(text.find((line) => line.includes('finding-resolved'))).toContain(`— ${UNTIL}`);
	});

	it('reads whole at 80 columns in the explorer: no row wider than the pane, the sentence on rows of its own', () => {
		const rows = diffLines({...suspended, label: 'trace #1'}, {...restored, label: 'trace #2'}, changes, 80).map((line) => line.map((segment) => segment.text).join('').trimEnd());
		expect(rows.filter((row) => row.length > 80)).toEqual([]);
		const resolved = rows.findIndex((row) => row.includes('resolved  error DELEGATION_MISSING'));
		const after = rows.slice(resolved + 1).filter((row) => row.startsWith('      ')).map((row) => row.trim()).join(' ');
		expect(after).toContain(UNTIL);
		// A value too long for its column is not cut: its row says which, the next the old and new value.
		expect(rows).toContain('  registration puri.sm.');
		expect(rows).toContain('      status server hold, client transfer prohibited → status active, client');
	});
});

describe('the outcome in a watch\'s timeline', () => {
	const outcomeTone = (analysed: AnalysedTrace) => [...traceFacts(analysed).values()].find((fact) => fact.kind === 'outcome')?.tone;

	it('is bad while a registry hold denies the name (an error found beside the NXDOMAIN), not "partly wrong"', () => {
		expect(outcomeTone(suspended)).toBe('bad');
		expect(outcomeTone(restored)).toBe('ok');
	});

	it('is a warning for a name that simply does not exist', async () => {
		const world = labWorld();
		const missing = withAnalysis(await labTrace('nosuch.example.com.', 'A', {world}), {anchors: {source: 'lab', records: world.trustAnchor}});
		expect(missing.trace.outcome.status).toBe('nxdomain');
		expect(outcomeTone(missing)).toBe('warn');
	});
});

describe('a watch that sees the fix', () => {
	const {history, changes} = recordRound(recordRound(emptyHistory(), suspended).history, restored);

	it('logs the registry, the resolver and until when, line by line', () => {
		const lines = changes.map((change) => watchChangeLine(history.rounds[1]!, {dnssec: 'insecure', relativeAt: false}, change));
		expect(lines).toContain('2026-11-30T15:20:36.000Z  round 2    insecure      -                registration      puri.sm.: status server hold, client transfer prohibited → status active, client transfer prohibited\n');
		expect(lines).toContain('2026-11-30T15:20:36.000Z  round 2    insecure      -                resolver          127.77.254.1 (lab resolver 1): agrees (NXDOMAIN) → still serves the NXDOMAIN\n');
		expect(lines.find((line) => line.includes('finding-resolved'))).toContain(UNTIL);
	});

	it('shows in the timeline until when the resolved finding may be seen, and the rows that moved', () => {
		const rows = timelineLines(history, 100, {intervalMs: 36_000, tracing: false}).map((line) => line.map((segment) => segment.text).join(''));
		expect(rows).toContainEqual(expect.stringMatching(/^ {2}finding DELEGATION_MISSING +✗· +old answer until 16:21 UTC \(resolved in #2\)$/u));
		expect(rows).toContainEqual(expect.stringMatching(/^ {2}registration puri\.sm\. +✗● +status active, client transfer prohibited$/u));
		expect(rows).toContainEqual(expect.stringMatching(/^ {2}resolver 127\.77\.254\.1 +●◐ +still serves the NXDOMAIN$/u));
	});
});

describe('a fix seen late in the day', () => {
	it('says the date when the old answer may be seen into the next day', async () => {
		const late = diffTraces({...suspended, trace: {...suspended.trace, startedAt: '2026-11-30T23:10:00.000Z'}}, {...restored, trace: {...restored.trace, startedAt: '2026-11-30T23:30:00.000Z'}});
		expect(late.find((change) => change.kind === 'finding-resolved')?.after).toMatch(/^Users may see the old answer until 2026-12-01 00:30 UTC \(1 hour after the trace of 23:30:00 UTC that saw it fixed\)\./u);
	});
});
