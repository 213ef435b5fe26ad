/*
 * A host out of file descriptors (a low `ulimit -n`) cannot send some queries, even after waiting for sockets to come
 * free (querier.ts): they are skipped, "not sent: this host ran out of file descriptors". A break test at ulimit -n 24
 * then read tox.im.'s name server as "could not be resolved (. failed)" and the zone as down because "." was
 * unreachable: the root was never asked. Here the lab's transport refuses chosen look-ups as a host out of sockets does.
 */
import {describe, expect, it} from 'vitest';
import {withAnalysis} from '../../source/analysis/analyze.js';
import type {QueryResult, Transport} from '../../source/dns/transport.js';
import {createLabTransport} from '../../source/lab/lab-transport.js';
import type {Trace} from '../../source/trace/model.js';
import {notSentForWant} from '../../source/trace/probe-facts.js';
import {labTrace, labWorld, zoneOf} from '../helpers/lab.js';

const world = labWorld();
const anchors = {source: 'lab', records: world.trustAnchor};

/** The lab, where every query for one of `names` finds no socket on this host, as the querier reports it. */
function outOfSocketsFor(names: readonly string[]): Transport {
	const lab = createLabTransport(world, {latencyScale: 0});
	return {
		async query(server, question, options): Promise<QueryResult> {
			if (!names.includes(question.name)) return lab.query(server, question, options);
			const detail = 'this host ran out of file descriptors (EMFILE: bind EMFILE 0.0.0.0)';
			return {ok: false, error: 'network', code: 'EMFILE', detail, notSent: true, transport: 'udp', attempts: 0, rttMs: 0, elapsedMs: 0, ignored: 0, truncatedOverUdp: false, ednsFallback: false, ednsDropped: false, udpTimedOut: false};
		},
	};
}

const traceOf = (names: readonly string[]) => labTrace('www.shop.com', 'A', {families: [4], transport: outOfSocketsFor(names)});
const findings = (trace: Trace) => withAnalysis(trace, {anchors}).analysis.findings.map((finding) => `${finding.severity} ${finding.code} ${finding.zone}`);

describe('a host out of sockets', () => {
	it('the healthy trace: shop.com.\'s two name servers are looked up (glueless) and no finding is about this host', async () => {
		const trace = await labTrace('www.shop.com', 'A', {families: [4]});
		expect(zoneOf(trace, 'shop.com.').nameservers.map((ns) => [ns.name, ns.addresses.length])).toEqual([
			['ns1.dnsprovider.net.', 1],
			['ns2.dnsprovider.net.', 1],
		]);
		expect(findings(trace).filter((finding) => finding.includes('VANTAGE'))).toEqual([]);
	});

	it('one name server\'s look-up never sent: it "could not be looked up from here", not its zone failed; the answer still comes by the other', async () => {
		const trace = await traceOf(['ns2.dnsprovider.net.']);
		expect(trace.outcome.status).toBe('answer');
		const ns2 = zoneOf(trace, 'shop.com.').nameservers.find((ns) => ns.name === 'ns2.dnsprovider.net.')!;
		expect(ns2.addresses).toEqual([]);
		expect(ns2.unresolved).toMatch(/^ns2\.dnsprovider\.net\. could not be looked up from here \(no server of [a-z.]+ was asked: not sent: this host ran out of file descriptors \(EMFILE/u);
		expect(ns2.unresolved).not.toMatch(/failed\)/u);
		// The host is named once; no zone is said to be down or its name server's name unresolvable.
		const said = findings(trace);
		expect(said).toContain('warning VANTAGE_HOST_EXHAUSTED .');
		expect(said.filter((finding) => /ZONE_UNREACHABLE|NS_NAME_UNRESOLVABLE|NS_DEPENDENCY_FAILED/u.test(finding))).toEqual([]);
	});

	it('both never sent: the walk fails, and says why, but no zone is blamed for it: only this host, which can fix it', async () => {
		const trace = await traceOf(['ns1.dnsprovider.net.', 'ns2.dnsprovider.net.']);
		expect(trace.outcome.status).toBe('failure');
		expect(trace.outcome.reason).toMatch(/^no server of shop\.com\. could be reached: ns1\.dnsprovider\.net\. and ns2\.dnsprovider\.net\. could not be looked up from here \(no server of \. was asked: not sent: this host ran out of file descriptors/u);
		const {analysis} = withAnalysis(trace, {anchors});
		const exhausted = analysis.findings.find((finding) => finding.code === 'VANTAGE_HOST_EXHAUSTED')!;
		const unsent = trace.zones.flatMap((zone) => zone.servers.flatMap((server) => server.probes.filter(notSentForWant)));
		expect(unsent.length).toBeGreaterThan(0);
		expect(exhausted.message).toBe(`this host ran out of file descriptors: ${unsent.length} queries to ${new Set(unsent.map((probe) => probe.address)).size} server addresses were never sent; what they would have shown is not known, and no server is blamed for them`);
		expect(exhausted.evidence.toSorted()).toEqual(unsent.map((probe) => probe.id).toSorted());
		expect(exhausted.fixers).toEqual(['this-host']);
		expect(exhausted.servers).toEqual([]);
		expect(findings(trace).filter((finding) => finding.startsWith('error'))).toEqual([]);
	});

	it('a name\'s look-up that failed for real beside one never sent is still said to fail; the zone is not said to be down, as the other may resolve', async () => {
		// dnsprovider.net. answers nothing but ns2's look-up never leaves: ns1 fails for real, ns2 is not known.
		const dead = outOfSocketsFor(['ns2.dnsprovider.net.']);
		const transport: Transport = {
			query: (server, question, options) => (question.name === 'ns1.dnsprovider.net.' && server.address.startsWith('127.77.11') ? Promise.resolve({ok: false, error: 'timeout', detail: 'no response within 250 ms over UDP', transport: 'udp', attempts: 1, rttMs: 250, elapsedMs: 250, ignored: 0, truncatedOverUdp: false, ednsFallback: false, ednsDropped: false, udpTimedOut: false}) : dead.query(server, question, options)),
		};
		const trace = await labTrace('www.shop.com', 'A', {families: [4], transport});
		const said = findings(trace);
		expect(said).toContain('warning VANTAGE_HOST_EXHAUSTED .');
		const unresolvable = withAnalysis(trace, {anchors}).analysis.findings.find((finding) => finding.code === 'NS_NAME_UNRESOLVABLE' && finding.zone === 'shop.com.');
		// ns1 cannot be resolved; ns2 only could not be looked up from here, so not "no name server of the zone can be found".
		expect(unresolvable?.message).toMatch(/^shop\.com\.: ns1\.dnsprovider\.net\. cannot be resolved \(.+ failed\); one more could not be looked up from here$/u);
		expect(unresolvable?.severity).toBe('warning');
		expect(said.filter((finding) => /ZONE_UNREACHABLE shop|NS_DEPENDENCY_FAILED shop/u.test(finding))).toEqual([]);
	});
});
