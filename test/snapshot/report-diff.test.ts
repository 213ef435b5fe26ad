import {execFile} from 'node:child_process';
import {mkdtemp, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {describe, expect, it} from 'vitest';
import {CLI} from '../helpers/cli.js';
import {withAnalysis, type AnalysedTrace} from '../../source/analysis/analyze.js';
import {HOSTILE} from '../../source/lab/hostile-world.js';
import {INTERNET} from '../../source/lab/internet.js';
import {buildWorld, type WorldSpec} from '../../source/lab/world.js';
import {askResolvers} from '../../source/commands/ask-resolvers.js';
import {diffTraces} from '../../source/compare/diff.js';
import {parseSnapshot, serializeSnapshot} from '../../source/snapshot/snapshot.js';
import {reportHeader} from '../../source/html/report-header.js';
import {renderDiff} from '../../source/text/diff-text.js';
import {formatMs} from '../../source/text/format-ms.js';
import {renderReport} from '../../source/text/report.js';
import {findingEvidence} from '../../source/text/report-evidence.js';
import {renderTraceText} from '../../source/text/trace-text.js';
import {outcomeFirstKnownMs} from '../../source/trace/probe-facts.js';
import {ianaRootAnchors} from '../../source/analysis/dnssec/trust-anchors.js';
import {markdownShown} from '../helpers/markdown.js';
import {labTrace} from '../helpers/lab.js';
import type {Trace} from '../../source/trace/model.js';

const run = promisify(execFile);

async function traced(spec: WorldSpec, name: string, type = 'A'): Promise<AnalysedTrace> {
	const world = buildWorld(spec);
	const trace = await labTrace(name, type, {world, timeoutMs: 250});
	return withAnalysis({...trace, options: {...trace.options, lab: 'internet'}}, {anchors: {source: 'lab', records: world.trustAnchor}});
}

/** The lab with one server changed: the before and after of an outage. */
function withServer(name: string, change: Partial<WorldSpec['servers'][number]>): WorldSpec {
	return {...INTERNET, servers: INTERNET.servers.map((server) => (server.name === name ? {...server, ...change} : server))};
}

/** A finished trace's zones with its last reply still out: as the walk holds them before it ends. */
function withLastProbeOut(trace: Trace): Trace['zones'] {
	const probes = trace.zones.flatMap((zone) => zone.servers.flatMap((server) => server.probes));
	const last = Math.max(...probes.map((probe) => probe.finishedMs ?? 0));
	const out = probes.find((probe) => probe.finishedMs === last)!;
	const stillOut = {id: out.id, zone: out.zone, server: out.server, address: out.address, question: out.question, purpose: out.purpose, startedMs: out.startedMs, status: 'pending' as const};
	return trace.zones.map((zone) => ({...zone, servers: zone.servers.map((server) => ({...server, probes: server.probes.map((probe) => (probe === out ? stillOut : probe))}))}));
}

describe('reports', () => {
	it('summarise the outcome, the path and each finding with its evidence, and say how to reproduce', async () => {
		const report = renderReport(await traced(INTERNET, 'www.nic.bw.'), {format: 'markdown', toolVersion: '0.1.0', snapshot: 'bw.json'});
		// GFM would link a bare `www.` name by itself: the dot is escaped, and reads the same.
		expect(report).toContain('# DNS trace: www\\.nic.bw. A');
		expect(report).toContain('- Outcome: ANSWER from bw.');
		expect(report).toContain('1. `bw.`: 3/4 server addresses answering; answer');
		expect(report).toContain('### WARNING SERIAL_MISMATCH — bw.');
		// dns2's probes are shown once, a row per result, under the first finding that names them (DNSSEC_PARTIAL); the
		// walk's question first, sent as the root's first referral came, before the zone's own questions.
		// On a busy machine a 250 ms UDP wait can lapse before the lab's reply: then the row says TCP, and why. The lab's
		// round trips are its server's latency (lab-link.ts), so the row's times may be one value or, a timer firing a
		// little before its due time, a range.
		expect(report).toMatch(/\| dns2\.btc\.bw\. \| 127\.77\.50\.2 \| www\\\.nic\.bw\. A, bw\. SOA, bw\. NS and \d+ more \| NOERROR answer \| (?:UDP|TCP \(UDP timed out\)) \| [\d.]+ ms(?: to [\d.]+ ms)? \| 2024020312 \| dns2\.btc\.bw \|/u);
		expect(report).toContain('Also the evidence shown under WARNING DNSSEC_PARTIAL — bw. above, from dns2.btc.bw. (127.77.50.2).');
		expect(report).toContain('- `dig @127.77.50.1 -p 5300 +norec +dnssec www.nic.bw. A`');
		// The trace was taken with a 250 ms time-out and no retry: the command says so.
		expect(report).toContain('digdeeper www.nic.bw A --lab --timeout 250 --retries 0 --no-rdap --text');
		expect(report).toContain('`digdeeper open bw.json`');
	});

	it('of a trace saved while it ran say it is unfinished, never that its outcome was decided', async () => {
		const world = buildWorld(INTERNET);
		const trace = await labTrace('www.example.com', 'A', {world, timeoutMs: 250});
		const running = {...trace, resolutions: [{...trace.resolutions[0]!, steps: trace.resolutions[0]!.steps.slice(0, 1)}], outcome: {status: 'pending' as const, records: [], atMs: 0}};
		const {trace: saved} = parseSnapshot(serializeSnapshot({trace: running, analysis: undefined}, {name: 'digdeeper', version: '0.1.0'}));
		const analysed = withAnalysis(saved, {anchors: {source: 'lab', records: world.trustAnchor}});
		for (const format of ['markdown', 'text'] as const) {
			const outcome = renderReport(analysed, {format, toolVersion: '0.1.0'}).split('\n').find((line) => line.includes('Outcome: '));
			expect(outcome).toMatch(/Outcome: UNFINISHED, saved before the walk reached an outcome$/);
		}
		expect(reportHeader(analysed, {toolVersion: '0.1.0', takenWith: {version: '0.1.0'}}).markup).toContain('<strong>UNFINISHED</strong>, saved before the walk reached an outcome</dd>');
	});

	it('of a trace saved while it ran say how far it got: for as long as its last reply took, never decided, nor done at 0 ms', async () => {
		const world = buildWorld(INTERNET);
		const trace = await labTrace('www.example.com', 'A', {world, timeoutMs: 250});
		// As the walk holds it while running: no duration yet (it is set at the end), one probe still out.
		const zones = withLastProbeOut(trace);
		const running = {...trace, zones, durationMs: 0, resolutions: [{...trace.resolutions[0]!, steps: trace.resolutions[0]!.steps.slice(0, 1)}], outcome: {status: 'pending' as const, records: [], atMs: 0}};
		const {trace: saved} = parseSnapshot(serializeSnapshot({trace: running, analysis: undefined}, {name: 'digdeeper', version: '0.1.0'}));
		const reached = Math.max(...saved.zones.flatMap((zone) => zone.servers.flatMap((server) => server.probes.map((probe) => probe.finishedMs ?? 0))));
		expect(saved.durationMs).toBe(reached);
		const text = renderTraceText(withAnalysis(saved, {anchors: {source: 'lab', records: world.trustAnchor}}), {toolVersion: '0.1.0'});
		expect(text).not.toContain('outcome decided at');
		expect(text).toContain(`;; saved while it ran, 1 probe still out; the last reply came at ${formatMs(reached)}`);
	});

	it('of a trace saved after its outcome was decided but while probes were still out say both: decided at …, and how far it got, never done at 0 ms', async () => {
		const world = buildWorld(INTERNET);
		const trace = await labTrace('www.example.com', 'A', {world, timeoutMs: 250});
		// As the walk holds it between its decision and its end: the outcome set, no duration yet, one probe still out.
		const zones = withLastProbeOut(trace);
		const {trace: saved} = parseSnapshot(serializeSnapshot({trace: {...trace, zones, durationMs: 0}, analysis: undefined}, {name: 'digdeeper', version: '0.1.0'}));
		const reached = Math.max(...saved.zones.flatMap((zone) => zone.servers.flatMap((server) => server.probes.map((probe) => probe.finishedMs ?? 0))));
		expect(saved.durationMs).toBe(reached);
		const text = renderTraceText(withAnalysis(saved, {anchors: {source: 'lab', records: world.trustAnchor}}), {toolVersion: '0.1.0'});
		expect(text).not.toContain('last probe finished at');
		expect(text).toContain(`;; outcome decided at ${formatMs(trace.outcome.atMs)} (each zone waits for all its servers); saved while it ran, 1 probe still out; the last reply came at ${formatMs(reached)}`);
	});

	it('of a trace saved after its outcome was decided but while probes were still out say so where they say when it was taken, as --text does: never that it ran for as long as its last reply', async () => {
		const world = buildWorld(INTERNET);
		const trace = await labTrace('www.example.com', 'A', {world, timeoutMs: 250});
		const {trace: saved} = parseSnapshot(serializeSnapshot({trace: {...trace, zones: withLastProbeOut(trace), durationMs: 0}, analysis: undefined}, {name: 'digdeeper', version: '0.1.0'}));
		const analysed = withAnalysis(saved, {anchors: {source: 'lab', records: world.trustAnchor}});
		const when = `${saved.startedAt} (UTC), saved while it ran, 1 probe still out; the last reply came at ${formatMs(saved.durationMs)}`;
		expect(renderReport(analysed, {format: 'text', toolVersion: '0.1.0'})).toContain(`When: ${when}\n`);
		expect(renderReport(analysed, {format: 'markdown', toolVersion: '0.1.0'})).toContain(`- When: ${when}\n`);
		expect(reportHeader(analysed, {toolVersion: '0.1.0', takenWith: {version: '0.1.0'}}).markup).toContain(`<dt>When</dt><dd>${when}</dd>`);
		expect(renderTraceText(analysed, {toolVersion: '0.1.0'})).toContain(`; taken ${when}, from `);
		// Nor that every server was asked: the replies in, and the queries still out.
		const queries = `${saved.stats.queries} queries back and 1 still out, to the servers of the 3 zones known so far`;
		expect(renderReport(analysed, {format: 'markdown', toolVersion: '0.1.0'})).toContain(`- Findings: 0 errors, 0 warnings; ${queries}\n`);
		expect(reportHeader(analysed, {toolVersion: '0.1.0', takenWith: {version: '0.1.0'}}).markup).toContain(`<dt>Report</dt><dd>made by digdeeper 0.1.0; ${queries}</dd>`);
	});

	it('show every server a finding names in its evidence, however many probes it has', async () => {
		for (const name of ['www.nic.bw.', 'www.twitter.com.', 'tox.im.', 'nic.xn--mgbai9azgqp6j.', 'www.example.net.', 'nic.td.', 'nic.creditunion.']) {
			const analysed = await traced(INTERNET, name);
			const report = renderReport(analysed, {format: 'markdown', toolVersion: '0.1.0'});
			const sections = report.split('\n### ').slice(1);
			const important = analysed.analysis.findings.filter((finding) => finding.severity !== 'info');
			expect(sections).toHaveLength(important.length);
			important.forEach((finding, index) => {
				const evidence = sections[index]!.slice(sections[index]!.indexOf('Who can fix it'));
				for (const address of finding.servers) expect(evidence, `${name} ${finding.code} names ${address}`).toContain(address);
			});
			// No probe is shown twice: each row is a server, a result and a transport of its own.
			const rows = report.split('\n').filter((line) => /^\| [^-s]/u.test(line));
			expect(new Set(rows).size).toBe(rows.length);
		}
	}, 120_000);

	it('name all four silent servers of a zone, each with its dig line, and explain each code once', async () => {
		const report = renderReport(await traced(INTERNET, 'www.twitter.com.'), {format: 'markdown', toolVersion: '0.1.0'});
		const timeout = report.slice(report.indexOf('### ERROR SERVER_TIMEOUT — dynect.net.'), report.indexOf('### ERROR ZONE_UNREACHABLE — dynect.net.'));
		expect(timeout).toContain('Both of the zone\'s server addresses time out: a resolver waits for a time-out on every try, and users get no answer (SERVFAIL).');
		// Nine questions each, one row per server.
		expect(timeout).toMatch(/\| ns1\.p16\.dynect\.net\. \| 127\.77\.40\.1 \| [^|]+ and 6 more \| timeout \|/u);
		expect(timeout).toMatch(/\| ns2\.p16\.dynect\.net\. \| 127\.77\.40\.2 \| [^|]+ and 6 more \| timeout \|/u);
		expect(timeout).toMatch(/- `dig @127\.77\.40\.1 -p 5300 \+norec \+dnssec [\w.]+ [A-Z]+`/u);
		expect(timeout).toMatch(/- `dig @127\.77\.40\.2 -p 5300 \+norec \+dnssec [\w.]+ [A-Z]+`/u);
		// The zone's unreachability rests on the same probes: referred to, not repeated.
		const unreachable = report.slice(report.indexOf('### ERROR ZONE_UNREACHABLE — dynect.net.'), report.indexOf('### ERROR NS_DEPENDENCY_FAILED'));
		expect(unreachable).toContain('Also the evidence shown under ERROR SERVER_TIMEOUT — dynect.net. above, from ns1.p16.dynect.net. (127.77.40.1), ns2.p16.dynect.net. (127.77.40.2).');
		expect(unreachable).not.toContain('| ns1.p16.dynect.net.');
		expect(report.match(/Every server of this zone failed/gu)).toHaveLength(1);
	});

	it('say when and from where the trace was taken, and by which program', async () => {
		const analysed = await traced(INTERNET, 'www.example.com.');
		const trace = {...analysed.trace, startedAt: '2024-02-07T12:00:00.000Z', durationMs: 4321, options: {...analysed.trace.options, families: [4, 6] as Array<4 | 6>}, vantage: {unavailableFamilies: [{family: 6 as const, reason: 'ENETUNREACH'}]}};
		const report = renderReport({...analysed, trace}, {format: 'markdown', toolVersion: '0.2.0', takenWith: {version: '0.1.0', node: 'v20.11.1'}});
		expect(report).toContain('- When: 2024-02-07T12:00:00.000Z (UTC), for 4.3 s');
		expect(report).toContain('- Where: the digdeeper lab; routes: IPv4; no IPv6 route (ENETUNREACH); by digdeeper 0.1.0 on Node.js v20.11.1; judged again by digdeeper 0.2.0');
	});

	it('reproduce the trace with every option it was taken with, and none it was not', async () => {
		const analysed = await traced(INTERNET, 'www.nic.bw.');
		const options = {...analysed.trace.options, hints: '/etc/dns/my hints.root', trustAnchor: 'anchors.xml', trustAnchorFiles: ['anchors.xml'], port: 5353, families: [6] as Array<4 | 6>, dnssec: false, timeoutMs: 800, retries: 3, expiryWarningDays: 10};
		delete options.lab;
		const trace = {...analysed.trace, query: {...analysed.trace.query, type: 'AAAA'}, options};
		const report = renderReport({...analysed, trace}, {format: 'markdown', toolVersion: '0.1.0'});
		expect(report).toContain("\ndigdeeper www.nic.bw AAAA --hints '/etc/dns/my hints.root' --trust-anchor anchors.xml --port 5353 -6 --no-dnssec --timeout 800 --retries 3 --expiry-warning 10 --no-rdap --text\n");
		// Asked without the DO bit, at the trace's port.
		expect(report).toMatch(/- `dig @127\.77\.\d+\.\d+ -p 5353 \+norec [a-z]/u);
		expect(report).not.toContain('+dnssec');

		const defaults = {...options, hints: 'built-in', trustAnchor: ianaRootAnchors().source, trustAnchorFiles: undefined, port: 53, families: [4, 6] as Array<4 | 6>, dnssec: true, timeoutMs: 1500, retries: 1, expiryWarningDays: 3};
		const plain = renderReport({...analysed, trace: {...trace, options: defaults}}, {format: 'markdown', toolVersion: '0.1.0'});
		expect(plain).toContain('\ndigdeeper www.nic.bw AAAA --no-rdap --text\n');
		// Taken with RDAP and a bootstrap file of its own: the file is repeated, and RDAP is left on.
		const registration = {bootstrap: "my bootstrap.json, published 2026-11-01T00:00:00Z", bootstrapFile: 'my bootstrap.json', lookups: []};
		expect(renderReport({...analysed, trace: {...trace, options: defaults, registration}}, {format: 'markdown', toolVersion: '0.1.0'})).toContain("\ndigdeeper www.nic.bw AAAA --rdap-bootstrap 'my bootstrap.json' --text\n");
		expect(renderReport({...analysed, trace: {...trace, options: defaults, registration: {bootstrap: 'the lab', lookups: []}}}, {format: 'markdown', toolVersion: '0.1.0'})).toContain('\ndigdeeper www.nic.bw AAAA --text\n');
	});

	it('repeat --resolvers as typed once resolvers were asked, quoted when a snapshot holds a hostile list', async () => {
		const analysed = await traced(INTERNET, 'www.example.com.');
		const asked = await askResolvers(analysed.trace, {list: 'system,127.0.0.1#5353', targets: []}, {query: () => Promise.reject(new Error('no resolver is asked'))}, {timeoutMs: 100, retries: 0});
		expect(renderReport({...analysed, trace: asked}, {format: 'text', toolVersion: '0.1.0'})).toMatch(/\ndigdeeper www\.example\.com A --lab .*--resolvers 'system,127\.0\.0\.1#5353' --no-rdap --text$/mu);
		const hostile = {...analysed.trace, options: {...analysed.trace.options, resolvers: '$(id) 8.8.8.8'}};
		expect(renderReport({...analysed, trace: hostile}, {format: 'text', toolVersion: '0.1.0'})).toContain(" --resolvers '$(id) 8.8.8.8' --no-rdap --text\n");
	});

	it('repeat each trust-anchor file as it was given, one word each, whatever its name holds', async () => {
		const analysed = await traced(INTERNET, 'www.example.com.');
		const files = ['a, b.ds', "it's.ds", 'plain.ds'];
		// The description joins the names with ", ": it is no list, and the Reproduce line never reads it.
		const options = {...analysed.trace.options, trustAnchor: files.join(', '), trustAnchorFiles: files};
		const report = renderReport({...analysed, trace: {...analysed.trace, options}}, {format: 'text', toolVersion: '0.1.0'});
		expect(report).toContain("\ndigdeeper www.example.com A --lab --trust-anchor 'a, b.ds' --trust-anchor 'it'\\''s.ds' --trust-anchor plain.ds ");
	});

	it('repeat no trust-anchor file for a trace that recorded none, whatever its anchors are described as', async () => {
		const analysed = await traced(INTERNET, 'www.example.com.');
		const options = {...analysed.trace.options, trustAnchor: 'a.ds, b.ds'};
		const report = renderReport({...analysed, trace: {...analysed.trace, options}}, {format: 'text', toolVersion: '0.1.0'});
		expect(report).toMatch(/\ndigdeeper www\.example\.com A --lab --timeout \d+ --retries \d+ --no-rdap --text$/mu);
	});

	it('quote a hostile name in the commands it gives, so a shell runs nothing from it', async () => {
		const analysed = await traced(INTERNET, 'www.example.com.');
		const trace = {...analysed.trace, query: {...analysed.trace.query, name: "$(touch pwned)`id`;'x'.example."}, options: {...analysed.trace.options, hints: 'a b;rm -rf ~'}};
		delete trace.options.lab;
		const report = renderReport({...analysed, trace}, {format: 'markdown', toolVersion: '0.1.0'});
		expect(report).toContain("\ndigdeeper '$(touch pwned)`id`;'\\''x'\\''.example' A --hints 'a b;rm -rf ~' ");
	});

	it('say when the answer was known and when the decision was complete, as the text trace and the explorer do', async () => {
		const analysed = await traced(INTERNET, 'www.nic.bw.');
		const known = outcomeFirstKnownMs(analysed.trace)!;
		// bw.'s dead server costs its time-out: the answer was in hand well before the zone's decision.
		expect(known).toBeLessThan(analysed.trace.outcome.atMs);
		const when = `known at ${formatMs(known)} (decided at ${formatMs(analysed.trace.outcome.atMs)}, once every server had replied or was given up on)`;
		expect(renderReport(analysed, {format: 'text', toolVersion: '0.1.0'})).toContain(`Outcome: ANSWER from bw., ${when}`);
		expect(renderTraceText(analysed, {toolVersion: '0.1.0'})).toContain(`;; ANSWER from bw., ${when}:`);
	});

	it('list a zone\'s servers in the text trace in the explorer\'s one order: by name, then address', async () => {
		const text = renderTraceText(await traced(INTERNET, 'www.nic.bw.'), {toolVersion: '0.1.0'});
		expect(text).toContain('bw.  (delegated by .; 4 name servers: afrinic.nic.bw. dns1.btc.bw. dns2.btc.bw. pch.nic.bw.)');
		const rows = text.split('\n').filter((line) => /^  \S+\.bw\.\s+127\./u.test(line)).map((line) => line.trim().split(/\s+/u).slice(0, 2).join(' '));
		expect(rows).toEqual(['afrinic.nic.bw. 127.77.151.1', 'dns1.btc.bw. 127.77.50.1', 'dns2.btc.bw. 127.77.50.2', 'pch.nic.bw. 127.77.150.1']);
	});

	it('give one figure for waits that read the same, never "2.6 s to 2.6 s"', async () => {
		const {trace, analysis} = await traced(INTERNET, 'www.nic.bw.');
		const dead = trace.zones.find((zone) => zone.name === 'bw.')!.servers.find((server) => server.address === '127.77.50.1')!;
		// Time-outs a few milliseconds apart, as on a real network: all of them "2.6 s" to a reader.
		for (const probe of dead.probes) if (probe.status === 'timeout') probe.finishedMs = probe.startedMs + 2600 + (probe.id % 40);
		const timeout = analysis.findings.find((finding) => finding.code === 'SERVER_TIMEOUT')!;
		const rows = findingEvidence(trace, [timeout]).get(timeout)!.rows.filter((row) => row.address === '127.77.50.1');
		expect(rows.map((row) => row.rtt)).toEqual(['waited 2.6 s']);
	});

	it('count one zone as "1 zone" in the text trace\'s summary and the report', async () => {
		const analysed = await traced(INTERNET, '.');
		expect(renderTraceText(analysed, {toolVersion: '0.1.0'})).toMatch(/^;; \d+ queries to 8 server addresses in 1 zone: /mu);
		expect(renderReport(analysed, {format: 'text', toolVersion: '0.1.0'})).toMatch(/queries to every server of 1 zone$/mu);
	});

	it('come as plain text too', async () => {
		const report = renderReport(await traced(INTERNET, 'www.puri.sm.'), {format: 'text', toolVersion: '0.1.0'});
		expect(report).toContain('ERROR DELEGATION_MISSING — puri.sm.');
		// Who can fix it in the same words as the text trace and the explorer, not the codes a script matches on.
		expect(report).toContain('Who can fix it: the registrar; the registry (TLD operator): .sm, hostmaster@telecomitalia.sm.');
		expect(report).toContain('Once it is fixed, resolvers that cached the denial see the change within 1 hour (3600 s: the negative TTL of sm.).');
		expect(report).not.toContain('###');
		expect(report).not.toContain('|---|');
	});

	it('escape what came off the network', async () => {
		const report = renderReport(await traced(HOSTILE, 'www2.tty.evil.'), {format: 'markdown', toolVersion: '0.1.0'});
		// eslint-disable-next-line no-control-regex
		expect(report).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200b]/u);
		expect(markdownShown(report)).toContain('\\027[31mred.tty.evil.');
	});
});

describe('diff', () => {
	it('shows a server that stopped answering, and the finding that appeared', async () => {
		const before = await traced(INTERNET, 'www.example.com.');
		const after = await traced(withServer('ns2.example.com.', {down: true}), 'www.example.com.');
		const changes = diffTraces(before, after);
		expect(changes).toContainEqual({kind: 'reachability', zone: 'example.com.', server: 'ns2.example.com. 127.77.110.2', before: 'answer', after: 'timeout'});
		// One change per server: its serial and keys going blank with it are not listed again.
		expect(changes.filter((change) => change.server === 'ns2.example.com. 127.77.110.2').map((change) => change.kind)).toEqual(['reachability']);
		expect(changes).toContainEqual(expect.objectContaining({kind: 'finding-appeared', zone: 'example.com.', after: expect.stringContaining('warning SERVER_TIMEOUT')}));
		expect(changes.filter((change) => change.kind === 'outcome')).toEqual([]);
	});

	it('shows a finding that got worse: one server down of two, then both', async () => {
		const one = await traced(withServer('ns2.example.com.', {down: true}), 'www.example.com.');
		const both = await traced({...INTERNET, servers: INTERNET.servers.map((server) => (server.name === 'ns1.example.com.' || server.name === 'ns2.example.com.' ? {...server, down: true} : server))}, 'www.example.com.');
		const changes = diffTraces(one, both);
		const worse = changes.find((change) => change.kind === 'finding-severity')!;
		expect(worse).toMatchObject({zone: 'example.com.', before: expect.stringMatching(/^warning SERVER_TIMEOUT: /u), after: expect.stringMatching(/^error SERVER_TIMEOUT: example\.com\.: ns1\.example\.com\. /u)});
		// Between the findings that appeared and those resolved, and said with the severity it had.
		const kinds = changes.filter((change) => change.kind.startsWith('finding')).map((change) => change.kind);
		expect(kinds.indexOf('finding-severity')).toBeGreaterThan(kinds.lastIndexOf('finding-appeared'));
		expect(String(renderDiff(one.trace, both.trace, changes))).toMatch(/^ {2}finding-severity +warning → error SERVER_TIMEOUT: example\.com\.: /mu);
		// And back: better, by the same rule. The same finding with other words only (a count) is no change.
		expect(diffTraces(both, one).find((change) => change.kind === 'finding-severity')?.after).toMatch(/^warning SERVER_TIMEOUT: /u);
		expect(diffTraces(one, one).filter((change) => change.kind.startsWith('finding'))).toEqual([]);
	});

	it('shows a serial that moved', async () => {
		const stale = INTERNET.servers.find((server) => server.name === 'ns4.example.net.')!;
		const caughtUp = withServer('ns4.example.net.', {zones: [{zone: 'example.net.'}]});
		const changes = diffTraces(await traced(INTERNET, 'www.example.net.'), await traced(caughtUp, 'www.example.net.'));
		expect(stale.zones[0]!.copy).toBeDefined();
		expect(changes).toContainEqual(expect.objectContaining({kind: 'serial', server: 'ns4.example.net. 127.77.113.4', before: '2024010100', after: '2024020100'}));
		expect(changes).toContainEqual(expect.objectContaining({kind: 'finding-resolved', zone: 'example.net.', before: expect.stringContaining('SERIAL_MISMATCH')}));
	});

	it('shows a delegation removed and restored', async () => {
		const restored: WorldSpec = {
			...INTERNET,
			zones: INTERNET.zones.map((zone) => (zone.origin === 'sm.' ? {...zone, text: `${zone.text}\npuri 172800 NS ns1.puri.sm.\npuri 172800 NS ns2.puri.sm.\nns1.puri A 127.77.20.1\nns2.puri A 127.77.20.2\n`} : zone)),
		};
		const suspended = await traced(INTERNET, 'www.puri.sm.');
		const back = await traced(restored, 'www.puri.sm.');
		const changes = diffTraces(suspended, back);
		expect(changes).toContainEqual(expect.objectContaining({kind: 'outcome', before: expect.stringMatching(/^nxdomain from sm\./u), after: expect.stringContaining('192.0.2.50')}));
		expect(changes).toContainEqual({kind: 'zone', zone: 'puri.sm.', before: 'not reached', after: 'reached'});
		expect(changes).toContainEqual(expect.objectContaining({kind: 'finding-resolved', zone: 'puri.sm.', before: expect.stringContaining('DELEGATION_MISSING')}));
		expect(diffTraces(back, suspended)).toContainEqual({kind: 'zone', zone: 'puri.sm.', before: 'reached', after: 'not reached'});
		// As text, the outcome comes first, under a heading of its own.
		expect(renderDiff(suspended.trace, back.trace, changes).split('\n').slice(1, 4)).toEqual(['', 'the trace', expect.stringMatching(/^ {2}outcome +nxdomain from sm\./u)]);
	});

	it('works from the command line on two snapshot files, as text and as JSON', async () => {
		const dir = await mkdtemp(path.join(tmpdir(), 'digdeeper-diff-'));
		const [a, b] = [path.join(dir, 'a.json'), path.join(dir, 'b.json')];
		await writeFile(a, serializeSnapshot(await traced(INTERNET, 'www.example.com.'), {name: 'digdeeper', version: 'test'}));
		await writeFile(b, serializeSnapshot(await traced(withServer('ns2.example.com.', {down: true}), 'www.example.com.'), {name: 'digdeeper', version: 'test'}));
		const text = await run('node', [CLI, 'diff', a, b]).catch((error: {stdout: string; code: number}) => error);
		expect('code' in text ? text.code : 0).toBe(1);
		expect(text.stdout).toMatch(/reachability\s+ns2\.example\.com\. 127\.77\.110\.2: answer → timeout/u);
		const json = await run('node', [CLI, 'diff', a, b, '--json']).catch((error: {stdout: string}) => error);
		expect(JSON.parse(json.stdout).changes).toContainEqual({kind: 'reachability', zone: 'example.com.', server: 'ns2.example.com. 127.77.110.2', before: 'answer', after: 'timeout'});
		const same = await run('node', [CLI, 'diff', a, a]);
		expect(same.stdout).toContain(';; no difference');
	});
});

describe('a diff of two traces judged at different moments', () => {
	it('says both moments, so a verdict changed by the time alone is not read as a fix', async () => {
		const {renderDiff} = await import('../../source/text/diff-text.js');
		const trace = await labTrace('www.example.com', 'A', {timeoutMs: 250});
		const later = {...trace, options: {...trace.options, validateAt: '2020-01-15T00:00:00.000Z'}};
		expect(String(renderDiff(trace, later, [])).split('\n')[1]).toBe(`; DNSSEC judged as of ${trace.startedAt} → 2020-01-15T00:00:00.000Z (--at): a DNSSEC change below may be the time, not the servers`);
		expect(String(renderDiff(trace, trace, [])).split('\n')[1]).toBe(';; no difference');
	});
});
