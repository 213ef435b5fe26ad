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
		// No name was seen to resolve: an error, as when both fail (a name only not looked up is not one that resolves).
		expect(unresolvable?.severity).toBe('error');
		expect(said.filter((finding) => /ZONE_UNREACHABLE shop|NS_DEPENDENCY_FAILED shop/u.test(finding))).toEqual([]);
	});

	it('a look-up whose question never left, in a zone the questions that did leave showed down, failed all the same: the zone is blamed', async () => {
		// dnsprovider.net.'s servers time out on everything asked of them; ns2's look-up, there, never leaves this host.
		const unsent = outOfSocketsFor(['ns2.dnsprovider.net.']);
		const lab = createLabTransport(world, {latencyScale: 0});
		const provider = (address: string) => address.startsWith('127.77.11.') || address.startsWith('127.77.111.');
		const transport: Transport = {
			query(server, question, options) {
				if (!provider(server.address)) return lab.query(server, question, options);
				if (question.name === 'ns2.dnsprovider.net.') return unsent.query(server, question, options);
				return Promise.resolve({ok: false, error: 'timeout', detail: 'no response within 250 ms over UDP', transport: 'udp', attempts: 1, rttMs: 250, elapsedMs: 250, ignored: 0, truncatedOverUdp: false, ednsFallback: false, ednsDropped: false, udpTimedOut: false});
			},
		};
		const trace = await labTrace('www.shop.com', 'A', {families: [4], transport});
		const ns2 = zoneOf(trace, 'shop.com.').nameservers.find((ns) => ns.name === 'ns2.dnsprovider.net.')!;
		// What the walk saw of that look-up: its question never reached the zone.
		expect(ns2.unresolved).toMatch(/^ns2\.dnsprovider\.net\. could not be looked up from here \(no server of dnsprovider\.net\. was asked: not sent/u);
		const {analysis} = withAnalysis(trace, {anchors});
		const at = (code: string) => analysis.findings.find((finding) => finding.code === code && finding.zone === 'shop.com.');
		// What the analysis makes of it: the zone was shown down, so the look-up would have failed, as ns1's did.
		expect(at('NS_NAME_UNRESOLVABLE')?.message).toBe('shop.com.: ns1.dnsprovider.net. and ns2.dnsprovider.net. cannot be resolved (dnsprovider.net. failed) — no name server of the zone can be found');
		expect(at('NS_DEPENDENCY_FAILED')?.message).toBe('shop.com.: every name server is named under dnsprovider.net. (which is unreachable): the zone is down because another zone is');
		expect(at('ZONE_UNREACHABLE')).toBeDefined();
		expect(findings(trace)).toContain('warning VANTAGE_HOST_EXHAUSTED .');
	});

	it('one server\'s time-outs, beside a server this host never asked anything, do not show the zone down', async () => {
		// dnsprovider.net.'s first server times out; its second is never asked anything, nor is either asked the look-ups.
		const lab = createLabTransport(world, {latencyScale: 0});
		const transport: Transport = {
			query(server, question, options) {
				const lookUp = question.name === 'ns1.dnsprovider.net.' || question.name === 'ns2.dnsprovider.net.';
				if (server.address.startsWith('127.77.111.') || (server.address.startsWith('127.77.11.') && lookUp)) return outOfSocketsFor([question.name]).query(server, question, options);
				if (server.address.startsWith('127.77.11.')) return Promise.resolve({ok: false, error: 'timeout', detail: 'no response within 250 ms over UDP', transport: 'udp', attempts: 1, rttMs: 250, elapsedMs: 250, ignored: 0, truncatedOverUdp: false, ednsFallback: false, ednsDropped: false, udpTimedOut: false});
				return lab.query(server, question, options);
			},
		};
		const trace = await labTrace('www.shop.com', 'A', {families: [4], transport});
		const said = findings(trace);
		expect(said).toContain('warning VANTAGE_HOST_EXHAUSTED .');
		expect(said.filter((finding) => / shop\.com\.$/u.test(finding) && /ZONE_UNREACHABLE|NS_NAME_UNRESOLVABLE|NS_DEPENDENCY_FAILED/u.test(finding))).toEqual([]);
	});
});

describe('a look-up never sent, under a zone known to have no reachable server', () => {
	it('fails all the same: tox.im.\'s second name under servicex-dns.com., whose own names are under a dead servicey.net.', async () => {
		const trace = await labTrace('tox.im', 'A', {families: [4], transport: outOfSocketsFor(['ns2.servicex-dns.com.'])});
		const ns2 = zoneOf(trace, 'tox.im.').nameservers.find((ns) => ns.name === 'ns2.servicex-dns.com.')!;
		expect(ns2.unresolved).toMatch(/^ns2\.servicex-dns\.com\. could not be looked up from here \(no server of [a-z.-]+ was asked: not sent/u);
		const {analysis} = withAnalysis(trace, {anchors});
		const at = (code: string) => analysis.findings.find((finding) => finding.code === code && finding.zone === 'tox.im.');
		// servicex-dns.com. has no server: both its names are under servicey.net., whose servers time out.
		expect(at('NS_NAME_UNRESOLVABLE')?.message).toBe('tox.im.: ns1.servicex-dns.com. and ns2.servicex-dns.com. cannot be resolved (servicex-dns.com. failed) — no name server of the zone can be found');
		expect(at('NS_DEPENDENCY_FAILED')?.message).toBe('tox.im.: every name server is named under servicex-dns.com. (which is unreachable): the zone is down because another zone is');
		expect(findings(trace)).toContain('warning VANTAGE_HOST_EXHAUSTED .');
	});
});

describe('a host out of sockets and name-server loops', () => {
	it('a zone whose question this host could not send to its servers is no loop: td. at ulimit -n 20 was one through its own names', async () => {
		// The lab's td. has its servers named under itself, with glue: a normal trace asks them and finds no loop.
		const healthy = await labTrace('nic.td', 'A', {families: [4]});
		expect(healthy.loops).toEqual([]);
		const td = zoneOf(healthy, 'td.');
		const glued = new Set(td.servers.map((server) => server.address));
		const lab = createLabTransport(world, {latencyScale: 0});
		const transport: Transport = {
			query: (server, question, options) => (glued.has(server.address) ? outOfSocketsFor([question.name]) : lab).query(server, question, options),
		};
		const trace = await labTrace('nic.td', 'A', {families: [4], transport});
		expect(trace.outcome.status).toBe('failure');
		expect(trace.loops).toEqual([]);
		expect(findings(trace)).not.toContain('error LOOP_DETECTED td.');
		expect(findings(trace)).toContain('warning VANTAGE_HOST_EXHAUSTED .');
	});
});

describe('a host out of sockets and a server that times out', () => {
	it('one server\'s time-outs beside servers this host could not ask the question stay a warning: the others may answer', async () => {
		// www.nic.bw: bw.'s dns1.btc.bw. (127.77.50.1) is dead; the others answer, but here the walk's question never reaches them.
		const others = new Set(['127.77.50.2', '127.77.150.1', '127.77.151.1']);
		const lab = createLabTransport(world, {latencyScale: 0});
		const transport: Transport = {
			query: (server, question, options) => (others.has(server.address) && question.name === 'www.nic.bw.' ? outOfSocketsFor([question.name]) : lab).query(server, question, options),
		};
		const timeout = (trace: Trace) => withAnalysis(trace, {anchors}).analysis.findings.find((finding) => finding.code === 'SERVER_TIMEOUT' && finding.zone === 'bw.');
		expect(timeout(await labTrace('www.nic.bw', 'A', {families: [4]}))?.severity).toBe('warning');
		const starved = await labTrace('www.nic.bw', 'A', {families: [4], transport});
		expect(timeout(starved)?.severity).toBe('warning');
		expect(timeout(starved)?.servers).toEqual(['127.77.50.1']);
		expect(findings(starved)).toContain('warning VANTAGE_HOST_EXHAUSTED .');
	});
});
