import {describe, expect, it} from 'vitest';
import {withAnalysis} from '../../source/analysis/analyze.js';
import type {TrustAnchors} from '../../source/analysis/dnssec/trust-anchors.js';
import {decodeMessage} from '../../source/dns/codec.js';
import {systemDeps} from '../../source/dns/network-transport.js';
import {createTransport} from '../../source/dns/querier.js';
import type {Link} from '../../source/dns/transport.js';
import {buildGeneratedLab} from '../../source/lab/generated-lab.js';
import {createLabLink} from '../../source/lab/lab-link.js';
import {survey, type SurveyConfig, type ZoneResult} from '../../source/survey/survey.js';
import {belongsToZone} from '../../source/survey/zone-summary.js';
import {labTrace, labWorld} from '../helpers/lab.js';
import {busiestSecond} from '../helpers/busiest-second.js';

/** The lab's top-level domains: healthy ones and the founding stories' broken ones. */
const TLDS = ['com.', 'net.', 'org.', 'sm.', 'im.', 'bw.', 'xn--mgbai9azgqp6j.', 'xn--wgbh1c.', 'creditunion.', 'ls.', 'td.', 'gm.', 'mw.'];

const anchors = (): TrustAnchors => ({source: 'lab', records: labWorld().trustAnchor.filter((record) => record.type === 'DS')});

interface Sent {
	address: string;
	protocol: 'udp' | 'tcp';
	/** A UDP query with EDNS: how every query of a survey starts, but the TCP check; its follow-ups go without one or over TCP. */
	opens: boolean;
	atMs: number;
	question: string;
}

/**
 * The lab's network with a counter at the servers: every exchange that reaches one, and the most queries open at
 * once. One query can be two exchanges at once (after a UDP time-out, the TCP try and an EDNS-less UDP retry beside
 * it): the servers tell them apart by server and question, which a survey never asks twice at the same time.
 */
function countedLab(latencyScale = 0) {
	const inner = createLabLink(labWorld(), {latencyScale});
	const sent: Sent[] = [];
	const open = new Map<string, number>();
	let peakOpen = 0;
	const counted = (protocol: 'udp' | 'tcp'): Link['udp'] => (to, payload, handlers) => {
		const query = decodeMessage(payload);
		const question = `${query.question[0]!.name} ${query.question[0]!.type}`;
		sent.push({address: to.address, protocol, opens: protocol === 'udp' && query.edns !== undefined, atMs: performance.now(), question});
		const key = `${to.address} ${question}`;
		open.set(key, (open.get(key) ?? 0) + 1);
		peakOpen = Math.max(peakOpen, open.size);
		let closed = false;
		const exchange = inner[protocol](to, payload, handlers);
		return {
			close() {
				if (!closed) {
					const left = open.get(key)! - 1;
					if (left === 0) open.delete(key);
					else open.set(key, left);
				}
				closed = true;
				exchange.close();
			},
		};
	};
	return {link: {udp: counted('udp'), tcp: counted('tcp')} satisfies Link, sent, peakOpen: () => peakOpen};
}

function config(transport: SurveyConfig['transport'], politeness: SurveyConfig['politeness']): SurveyConfig {
	return {transport, hints: labWorld().hints, port: 53, families: [4, 6], timeoutMs: 250, retries: 0, dnssec: true, anchors: anchors(), politeness, describe: {hints: 'lab', lab: 'internet'}};
}

describe('a survey of the lab', () => {
	it('finds in each zone what a trace of ZONE SOA finds there', async () => {
		const lab = countedLab();
		const results: ZoneResult[] = [];
		await survey(TLDS, config(createTransport(lab.link, systemDeps), {maxInFlight: 256, ratePerAddress: 1000}), (result) => {
			results.push(result);
		});
		expect(results.map((result) => result.summary.zone).sort()).toEqual([...TLDS].sort());
		for (const {summary} of results) {
			const alone = withAnalysis(await labTrace(summary.zone, 'SOA', {timeoutMs: 250, retries: 0}), {anchors: anchors()});
			const said = (findings: Array<{code: string; zone: string; servers: string[]; message: string}>) => findings.map(({code, zone, servers, message}) => ({code, zone, servers, message}));
			// The trace's findings the survey's record keeps: the zone's own, and errors and warnings about zones on its path.
			expect({zone: summary.zone, findings: said(summary.findings)}).toEqual({zone: summary.zone, findings: said(alone.analysis.findings.filter((finding) => belongsToZone(summary.zone, finding)))});
			expect(summary.dnssec).toBe(alone.analysis.dnssec.outcome.status);
		}
		const bw = results.find((result) => result.summary.zone === 'bw.')!.summary;
		expect(bw.findings.map((finding) => finding.code)).toContain('SERIAL_MISMATCH');
		expect(bw.serials).toEqual([2024020712, 2024020312]);
		expect(bw.servers).toEqual({answering: 3, total: 4});
	});

	it('asks the root each of its own questions once, not once per zone, and marks every probe it did not send', async () => {
		const lab = countedLab();
		const results: ZoneResult[] = [];
		const totals = await survey(TLDS, config(createTransport(lab.link, systemDeps), {maxInFlight: 256, ratePerAddress: 1000}), (result) => {
			results.push(result);
		});
		const roots = new Set(labWorld().hints.servers.flatMap((server) => server.addresses));
		const atRoot = lab.sent.filter((entry) => roots.has(entry.address)).map((entry) => `${entry.address} ${entry.protocol} ${entry.question}`);
		expect(atRoot.filter((entry) => entry.endsWith(' . DNSKEY'))).toHaveLength(roots.size);
		expect(atRoot.filter((entry, index) => atRoot.indexOf(entry) !== index)).toEqual([]);
		// Every zone's trace still holds the root's answers, each one it did not send marked with when it was measured.
		for (const {analysed} of results) {
			const rootKeys = analysed.trace.zones[0]!.servers.flatMap((server) => server.probes).filter((probe) => probe.question.name === '.' && probe.question.type === 'DNSKEY');
			expect(rootKeys).toHaveLength(roots.size);
			expect(rootKeys.every((probe) => probe.status === 'answered')).toBe(true);
		}
		const marked = results.flatMap(({analysed}) => analysed.trace.zones.flatMap((zone) => zone.servers.flatMap((server) => server.probes))).filter((probe) => probe.shared);
		expect(marked.length).toBe(totals.queriesShared);
		expect(marked.every((probe) => !Number.isNaN(Date.parse(probe.shared!.measuredAt)))).toBe(true);
		// Each root DNSKEY question went out once: for one zone; the other twelve were given it from the share.
		expect(marked.filter((probe) => probe.question.name === '.' && probe.question.type === 'DNSKEY')).toHaveLength(roots.size * (TLDS.length - 1));
		expect(totals.queriesSent).toBeLessThan(lab.sent.length + 1);
	});

	it('asks every server of a zone side by side: a query waiting its turn at one address holds none of the other servers back', async () => {
		// net. of the generated root: 13 servers, each asked some 30 questions, at 20 a second each.
		const {world} = await buildGeneratedLab({tlds: 20});
		const firstAt = new Map<string, number>();
		const inner = createLabLink(world, {latencyScale: 0});
		const counted = (protocol: 'udp' | 'tcp'): Link['udp'] => (to, payload, handlers) => {
			if (!firstAt.has(to.address)) firstAt.set(to.address, performance.now());
			return inner[protocol](to, payload, handlers);
		};
		await survey(['net.'], {...config(createTransport({udp: counted('udp'), tcp: counted('tcp')}, systemDeps), {maxInFlight: 256, ratePerAddress: 20}), hints: world.hints, families: [4], anchors: {source: 'generated root', records: world.trustAnchor}}, () => {});
		const net = world.servers.filter((server) => server.name.endsWith('.gtld-servers.net.')).map((server) => firstAt.get(server.addresses.find((address) => address.startsWith('127.'))!)!);
		expect(net).toHaveLength(13);
		// Side by side they are all asked within a few spacings (0.7 s measured on a loaded machine); one after another,
		// with a walk's 48 slots held by queries waiting their turn, the last was first asked 3 s after the first.
		expect(Math.max(...net) - Math.min(...net)).toBeLessThan(1500);
	});

	it('keeps under its cap of queries in flight and its rate per server address, counted at the servers', async () => {
		const lab = countedLab(0.05);
		const totals = await survey(TLDS, config(createTransport(lab.link, systemDeps), {maxInFlight: 6, ratePerAddress: 10}), () => {});
		expect(totals.zones).toBe(TLDS.length);
		expect(totals.peakInFlight).toBe(6);
		expect(lab.peakOpen()).toBeLessThanOrEqual(6);
		// Every message is spaced per address, a query's follow-ups (a TCP try and a UDP try without EDNS after a time-out)
		// as well as its first: the packets at an address stay within the rate.
		expect(busiestSecond(lab.sent.filter((entry) => entry.opens)).count).toBeLessThanOrEqual(10);
		expect(busiestSecond(lab.sent).count).toBeLessThanOrEqual(10);
	});
});
