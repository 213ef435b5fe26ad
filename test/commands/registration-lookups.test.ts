import {mkdtemp, readFile, utimes, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it, vi} from 'vitest';
import {withAnalysis, type AnalysedTrace} from '../../source/analysis/analyze.js';
import {partiesInWords} from '../../source/analysis/finding-catalogue.js';
import {prepareRdap, startRegistration} from '../../source/commands/registration-lookups.js';
import {prepareTrace, traceOnce, type TraceRequest} from '../../source/commands/trace-command.js';
import {REGISTRATION_STATUS_CODES} from '../../source/analysis/registration-status.js';
import {safe} from '../../source/dns/sanitize.js';
import {builtInBootstrap} from '../../source/rdap/bootstrap.js';
import type {HttpReply, RdapLink} from '../../source/rdap/rdap-link.js';
import type {Registration} from '../../source/rdap/registration.js';
import {askHere} from '../../source/rdap/threaded-lookups.js';
import {parseSnapshot, SnapshotError} from '../../source/snapshot/snapshot.js';
import {serializeSnapshot} from '../../source/snapshot/write-snapshot.js';
import {registrationLines} from '../../source/text/registration-text.js';
import {renderReport} from '../../source/text/report.js';
import {renderTraceText} from '../../source/text/trace-text.js';

const tool = {name: 'digdeeper', version: '0.1.0'};
const request = (name: string, rdap = true): TraceRequest => ({name, lab: true, json: false, force: false, port: 53, families: [4], timeoutMs: 250, retries: 0, dnssec: true, latencyScale: 0, rdap});

async function traced(name: string, onRegistration?: (registration: Registration) => void): Promise<AnalysedTrace> {
	const wanted = request(name);
	return traceOnce(await prepareTrace(wanted), wanted, undefined, onRegistration);
}

const finding = ({analysis}: AnalysedTrace, code: string) => {
	const found = analysis.findings.find((candidate) => candidate.code === code);
	if (!found) throw new Error(`no ${code}: ${analysis.findings.map((each) => each.code).join(', ')}`);
	return found;
};

describe('the puri.sm story, with the lab\'s registries', () => {
	it('says the registry has the domain on hold, which registrar to call, and when users will see the restoration', async () => {
		const analysed = await traced('www.puri.sm');
		const missing = finding(analysed, 'DELEGATION_MISSING');
		expect(missing.message).toBe('puri.sm.: the registry has it on server hold; the sm. servers say it does not exist (NXDOMAIN for www.puri.sm.); the registry does not delegate it');
		expect(partiesInWords(missing.parties)).toBe('the registrar: Lab Registrar S.r.l., IANA ID 9999, abuse@registrar.example, +1.5555550100; the registry (TLD operator): .sm, hostmaster@telecomitalia.sm');
		expect(missing.cached).toEqual({change: 'negative-answer', seconds: 3600, from: {name: 'sm.', type: 'SOA', negative: true}});
		// The hold is said once: by DELEGATION_MISSING, the finding users meet.
		expect(analysed.analysis.findings.map((each) => each.code)).toEqual(['DELEGATION_MISSING']);
	});

	it('hands the explorer each answer as it comes, and never holds the trace back for the rest', async () => {
		const shown: Registration[] = [];
		const analysed = await traced('www.pureos.net', (registration) => shown.push(registration));
		// The traced name's domain was answered during the walk; the name servers' domain is asked after it.
		expect(analysed.trace.registration?.lookups.map((lookup) => lookup.domain)).toEqual(['pureos.net.']);
		await vi.waitFor(() => expect(shown).toHaveLength(2));
		expect(shown.map((registration) => registration.lookups.map((lookup) => lookup.domain))).toEqual([['pureos.net.'], ['pureos.net.', 'puri.sm.']]);
	});

	it('asks about the domain a broken zone\'s name servers are named under: pureos.net went dark with puri.sm', async () => {
		const analysed = await traced('www.pureos.net');
		expect(analysed.trace.registration?.lookups.map((lookup) => `${lookup.domain} ${lookup.reason} ${lookup.result.kind}`)).toEqual(['pureos.net. query found', 'puri.sm. nameserver found']);
		expect(finding(analysed, 'DELEGATION_MISSING').message).toMatch(/^puri\.sm\.: the registry has it on server hold; /u);
	});

	it('finds the story where the registry\'s name servers differ from the delegation, and the expired one', async () => {
		expect(finding(await traced('www.shop.com'), 'REGISTRY_NS_DIFFER').message).toBe('shop.com.: the name servers on file at the registry (RDAP) are not the ones com. delegates to; only on file: ns3.dnsprovider.net.');
		expect(finding(await traced('www.example.net'), 'DOMAIN_EXPIRED').severity).toBe('warning');
	});

	it('asks no registry with --no-rdap', async () => {
		const wanted = request('www.puri.sm', false);
		const analysed = await traceOnce(await prepareTrace(wanted), wanted);
		expect(analysed.trace.registration).toBeUndefined();
		expect(finding(analysed, 'DELEGATION_MISSING').message).toMatch(/^puri\.sm\.: the sm\. servers say/u);
	});

	it('shows the registration in the text and the report', async () => {
		const analysed = await traced('www.puri.sm');
		const line = ';;   puri.sm.: status server hold (the registry took it out of the DNS), client transfer prohibited; registrar Lab Registrar S.r.l. (IANA ID 9999), abuse contact abuse@registrar.example, +1.5555550100';
		expect(renderTraceText(analysed, {toolVersion: '0.1.0'})).toContain(line);
		expect(renderReport(analysed, {format: 'text', toolVersion: '0.1.0'})).toContain('puri.sm.: status server hold (the registry took it out of the DNS)');
	});
});

describe('a snapshot keeps what the registry said', () => {
	it('and reads it again from the body on open: the same findings', async () => {
		const analysed = await traced('www.puri.sm');
		const file = serializeSnapshot(analysed, tool);
		expect(JSON.parse(file).schema).toBe('digdeeper/snapshot@4');
		const {trace} = parseSnapshot(file);
		expect(trace.registration).toEqual(JSON.parse(JSON.stringify(analysed.trace.registration)));
	});

	it('never trusts the facts a file claims: they come from the body again', async () => {
		const file = JSON.parse(serializeSnapshot(await traced('www.puri.sm'), tool));
		file.registration.lookups[0].result = {kind: 'found', facts: {statuses: ['active'], nameservers: []}};
		file.registration.lookups[0].exchange.body = JSON.stringify({objectClassName: 'domain', ldhName: 'puri.sm', status: ['client hold\u001b]0;owned\u0007']});
		const {trace} = parseSnapshot(JSON.stringify(file));
		expect(trace.registration?.lookups[0]?.result).toEqual({kind: 'found', facts: {statuses: ['client hold\u001b]0;owned\u0007'], nameservers: []}});
		// Presented, the escape sequence shows as text.
		expect(registrationLines(trace.registration, safe`;; `).join('\n')).not.toMatch(/\u001b|\u0007/u);
	});

	it('refuses a file labelled older than @4 that holds a registration, as damaged', async () => {
		const file = JSON.parse(serializeSnapshot(await traced('www.puri.sm'), tool));
		file.schema = 'digdeeper/snapshot@3';
		expect(() => parseSnapshot(JSON.stringify(file))).toThrow(new SnapshotError('damaged snapshot: "registration" is not in digdeeper/snapshot@3 (where: registration)'));
	});

	it('refuses a lookup the trace never made, or one domain looked up twice, as damaged', async () => {
		const written = serializeSnapshot(await traced('www.pureos.net'), tool);
		const opened = (change: (lookups: Array<{domain: string; reason: string}>) => void) => {
			const file = JSON.parse(written);
			change(file.registration.lookups);
			return () => parseSnapshot(JSON.stringify(file));
		};
		expect(parseSnapshot(written).trace.registration?.lookups.map(({domain, reason}) => `${domain} ${reason}`)).toEqual(['pureos.net. query', 'puri.sm. nameserver']);
		expect(opened((lookups) => (lookups[1]!.domain = 'evil.com.'))).toThrow(new SnapshotError('damaged snapshot: a registration lookup of evil.com. for name servers, which the trace never asks about (it asks about puri.sm.) (where: registration.lookups[1].domain)'));
		expect(opened((lookups) => (lookups[0]!.domain = 'evil.com.'))).toThrow(new SnapshotError('damaged snapshot: a registration lookup of evil.com. for the query, where the trace asks about pureos.net. (where: registration.lookups[0].domain)'));
		expect(opened((lookups) => lookups.push({...lookups[1]!}))).toThrow(new SnapshotError('damaged snapshot: the registration of puri.sm. is looked up twice (where: registration.lookups[2].domain)'));
	});

	it('refuses a registration of the wrong shape, naming where', async () => {
		const file = JSON.parse(serializeSnapshot(await traced('www.puri.sm'), tool));
		file.registration.lookups[0].exchange.status = 'two hundred';
		expect(() => parseSnapshot(JSON.stringify(file))).toThrow(/^damaged snapshot: .*\(where: registration\.lookups\[0\]\.exchange\.status\)$/u);
	});
});

describe('RDAP that cannot be reached', () => {
	it('is said once, blaming no one, and nothing more is asked (under DIGDEEPER_LOOPBACK_ONLY the registry is never even tried)', async () => {
		const asked: string[] = [];
		const bootstrap = await builtInBootstrap();
		const run = startRegistration({bootstrap, asker: askHere({bootstrap, link: {get: (url) => (asked.push(url.href), Promise.reject(new Error('ENETUNREACH')))}})}, 'www.pureos.net.');
		// A trace with a broken zone, whose name servers' domain would be asked next if RDAP were reachable.
		const {trace} = await traced('www.pureos.net');
		const registration = await run.complete(trace);
		expect(asked).toEqual([]);
		expect(registration.lookups.map((lookup) => lookup.result)).toEqual([{kind: 'unreachable', reason: 'rdap.verisign.com is not a loopback address and DIGDEEPER_LOOPBACK_ONLY is set'}]);
		expect(registrationLines(registration, safe`;; `)).toEqual([';; registration status: not available (RDAP not reachable)']);
		expect(withAnalysis({...trace, registration}, {anchors: {source: 'lab', records: []}}).analysis.findings.filter((each) => REGISTRATION_STATUS_CODES.has(each.code) || each.code === 'REGISTRY_NS_DIFFER')).toEqual([]);
	});
});

describe('the bootstrap a trace uses', () => {
	const withCache = async <T>(run: (dir: string) => Promise<T>): Promise<T> => {
		const saved = process.env['DIGDEEPER_CACHE'];
		const dir = await mkdtemp(path.join(tmpdir(), 'digdeeper-rdap-cache-'));
		process.env['DIGDEEPER_CACHE'] = dir;
		try {
			return await run(dir);
		} finally {
			if (saved === undefined) delete process.env['DIGDEEPER_CACHE'];
			else process.env['DIGDEEPER_CACHE'] = saved;
		}
	};

	it('is the built-in copy, never refreshed from IANA under DIGDEEPER_LOOPBACK_ONLY', async () => {
		await withCache(async () => {
			const rdap = await prepareRdap({rdap: true, lab: false});
			expect(rdap?.bootstrap.source).toBe('IANA, published 2026-03-23T19:00:02Z');
			expect(rdap?.refresh).toBeUndefined();
		});
	});

	it('is the copy an earlier run cached, when IANA published it later than the built-in one', async () => {
		await withCache(async (dir) => {
			await writeFile(path.join(dir, 'rdap-dns.json'), JSON.stringify({publication: '2026-11-01T00:00:00Z', services: [[['sm'], ['https://rdap.nic.sm/']]]}));
			const rdap = await prepareRdap({rdap: true, lab: false});
			expect(rdap?.bootstrap.source).toBe(`IANA (cached in ${path.join(dir, 'rdap-dns.json')}), published 2026-11-01T00:00:00Z`);
			// An older cached copy, or one that is no bootstrap file, gives way to the built-in one.
			await writeFile(path.join(dir, 'rdap-dns.json'), JSON.stringify({publication: '2020-01-01T00:00:00Z', services: []}));
			expect((await prepareRdap({rdap: true, lab: false}))?.bootstrap.publication).toBe('2026-03-23T19:00:02Z');
			// So does one dated in the future, which would otherwise win over every later copy, for ever.
			await writeFile(path.join(dir, 'rdap-dns.json'), JSON.stringify({publication: '2099-01-01T00:00:00Z', services: [[['sm'], ['https://rdap.nic.sm/']]]}));
			expect((await prepareRdap({rdap: true, lab: false}))?.bootstrap.publication).toBe('2026-03-23T19:00:02Z');
			await writeFile(path.join(dir, 'rdap-dns.json'), 'not json');
			expect((await prepareRdap({rdap: true, lab: false}))?.bootstrap.publication).toBe('2026-03-23T19:00:02Z');
		});
	});

	it('is not even read with --no-rdap', async () => {
		expect(await prepareRdap({rdap: false, lab: false, rdapBootstrap: '/nonexistent'})).toBeUndefined();
	});

	describe('refreshed from IANA when online (a link of the test\'s own: no packet leaves)', () => {
		const newer = JSON.stringify({publication: '2026-11-20T00:00:00Z', services: [[['sm'], ['https://rdap.nic.sm/']]]});
		/** An online network whose one server answers every GET with `reply`, and the URLs it was asked for. */
		const online = (reply: HttpReply | Error) => {
			const asked: string[] = [];
			const link: RdapLink = {get: async (url) => (asked.push(url.href), reply instanceof Error ? Promise.reject(reply) : reply)};
			return {asked, network: () => ({link, loopbackOnly: false})};
		};
		const cacheOf = (dir: string) => readFile(path.join(dir, 'rdap-dns.json'), 'utf8').catch(() => 'none');
		const daysAgo = async (dir: string, days: number) => {
			const when = new Date(Date.now() - days * 86_400_000);
			await utimes(path.join(dir, 'rdap-dns.json'), when, when);
		};

		it('with no cached copy: IANA\'s dns.json asked for, and kept for the next run; this run uses the built-in one', async () => {
			await withCache(async (dir) => {
				const {asked, network} = online({status: 200, body: newer, tooLarge: false});
				const rdap = await prepareRdap({rdap: true, lab: false}, undefined, network);
				expect(rdap?.bootstrap.publication).toBe('2026-03-23T19:00:02Z');
				await rdap?.refresh;
				expect(asked).toEqual(['https://data.iana.org/rdap/dns.json']);
				expect(await cacheOf(dir)).toBe(newer);
				expect((await prepareRdap({rdap: true, lab: false}, undefined, online(new Error('not asked')).network))?.bootstrap.publication).toBe('2026-11-20T00:00:00Z');
			});
		});

		it('at most daily: a copy cached today is not asked for again; one from two days ago is', async () => {
			await withCache(async (dir) => {
				await writeFile(path.join(dir, 'rdap-dns.json'), newer);
				const today = online({status: 200, body: newer, tooLarge: false});
				expect((await prepareRdap({rdap: true, lab: false}, undefined, today.network))?.refresh).toBeUndefined();
				expect(today.asked).toEqual([]);
				await daysAgo(dir, 2);
				const later = online({status: 200, body: newer, tooLarge: false});
				await (await prepareRdap({rdap: true, lab: false}, undefined, later.network))?.refresh;
				expect(later.asked).toHaveLength(1);
			});
		});

		it('keeps the cached copy when IANA fails: an error page, no bootstrap, too large, no connection', async () => {
			for (const reply of [{status: 503, body: newer, tooLarge: false}, {status: 200, body: '<html>maintenance</html>', tooLarge: false}, {status: 200, body: '', tooLarge: true}, new Error('ECONNREFUSED')]) {
				await withCache(async (dir) => {
					await writeFile(path.join(dir, 'rdap-dns.json'), newer);
					await daysAgo(dir, 2);
					await (await prepareRdap({rdap: true, lab: false}, undefined, online(reply).network))?.refresh;
					expect(await cacheOf(dir), String(reply instanceof Error ? reply.message : reply.status)).toBe(newer);
				});
			}
		});
	});
});
