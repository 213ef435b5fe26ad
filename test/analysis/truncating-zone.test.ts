import {describe, expect, it} from 'vitest';
import {withAnalysis} from '../../source/analysis/analyze.js';
import type {WorldSpec} from '../../source/lab/world.js';
import {renderTraceText} from '../../source/text/trace-text.js';
import {labTrace} from '../helpers/lab.js';

/* A zone whose one server answers every query over UDP with TC=1 and has no TCP: it answers, but never usably. */
const SPEC: WorldSpec = {
	roots: ['a.root.lab.'],
	stories: [],
	servers: [
		{name: 'a.root.lab.', ipv4: '127.77.207.1', latencyMs: 1, zones: [{zone: '.'}]},
		{name: 'ns.tc.', ipv4: '127.77.207.11', latencyMs: 1, truncateUdp: true, noTcp: true, zones: [{zone: 'tc.'}]},
	],
	zones: [
		{origin: '.', text: '@ SOA a.root.lab. h.lab. 1 1 1 1 1\n@ NS a.root.lab.\na.root.lab. A 127.77.207.1\ntc. NS ns.tc.\nns.tc. A 127.77.207.11'},
		{origin: 'tc.', text: '@ SOA ns.tc. h.lab. 1 1 1 1 1\n@ NS ns.tc.\nns A 127.77.207.11\nwww A 192.0.2.1'},
	],
};

/** The same world, with ns.tc. sending only the 12-byte header with TC=1 (QDCOUNT=0), and a TCP listener if told. */
const headerOnly = (tcp: boolean): WorldSpec => ({
	...SPEC,
	servers: SPEC.servers.map((server) => (server.name === 'ns.tc.' ? {...server, truncateUdp: 'header-only', noTcp: !tcp} : server)),
});

describe('a zone whose every server truncates over UDP and has no TCP', () => {
	it.each([
		['its header and question', SPEC],
		['its header alone (QDCOUNT=0)', headerOnly(false)],
	])('is unreachable for a resolver, and the finding and the row say how: TC=1 over UDP (%s), then nothing over TCP', async (_kind, world) => {
		const trace = await labTrace('www.tc', 'A', {world, families: [4], dnssec: false});
		const {analysis} = withAnalysis(trace, {anchors: {source: 'none', records: []}});
		const zone = analysis.findings.find((finding) => finding.code === 'ZONE_UNREACHABLE');
		expect(zone?.message).toMatch(/^tc\.: none of its 1 server address gave a usable answer \(\d+ truncated over UDP, then unreachable over TCP\)$/u);
		expect(analysis.findings.map((finding) => finding.code)).toContain('TRUNCATED_NO_TCP');
		const row = renderTraceText({trace, analysis}, {toolVersion: 'test'}).split('\n').find((line) => line.includes('127.77.207.11'));
		expect(row).toMatch(/TCP UNREACHABLE +tc→tcp +TC=1 over UDP; over TCP: ECONNREFUSED/u);
	});

	it('at the root: the host reached the root servers (they answered, truncated), so no finding blames the host or its network', async () => {
		const spec: WorldSpec = {
			...SPEC,
			servers: SPEC.servers.map((server) => (server.name === 'a.root.lab.' ? {...server, truncateUdp: true, noTcp: true} : server)),
		};
		const trace = await labTrace('www.tc', 'A', {world: spec, families: [4], dnssec: false});
		const {analysis} = withAnalysis(trace, {anchors: {source: 'none', records: []}});
		const codes = analysis.findings.map((finding) => `${finding.code} ${finding.zone}`);
		expect(codes).not.toContain('VANTAGE_DNS_BLOCKED .');
		expect(codes).toContain('TRUNCATED_NO_TCP .');
	});

	it('a header-only TC=1 reply is the same evidence as one with its question: the same findings, word for word', async () => {
		const said = async (world: WorldSpec) => {
			const trace = await labTrace('www.tc', 'A', {world, families: [4], dnssec: false});
			return withAnalysis(trace, {anchors: {source: 'none', records: []}}).analysis.findings.map((finding) => `${finding.severity} ${finding.code} ${finding.zone}: ${finding.message}`);
		};
		const withQuestion = await said(SPEC);
		expect(withQuestion.some((line) => line.includes('TRUNCATED_NO_TCP tc.'))).toBe(true);
		expect(await said(headerOnly(false))).toEqual(withQuestion);
	});

	it('with TCP, a header-only TC=1 reply is asked again over TCP and answered there, recorded as truncated over UDP', async () => {
		const trace = await labTrace('www.tc', 'A', {world: headerOnly(true), families: [4], dnssec: false});
		const {analysis} = withAnalysis(trace, {anchors: {source: 'none', records: []}});
		const probes = trace.zones.find((zone) => zone.name === 'tc.')!.servers.flatMap((server) => server.probes);
		expect(probes.length).toBeGreaterThan(0);
		expect(probes.map((probe) => [probe.status, probe.transport, probe.truncatedOverUdp])).toEqual(probes.map(() => ['answered', 'tcp', true]));
		const codes = analysis.findings.map((finding) => finding.code);
		expect(codes).not.toContain('MALFORMED_RESPONSE');
		expect(codes).not.toContain('TRUNCATED_NO_TCP');
		expect(codes).not.toContain('ZONE_UNREACHABLE');
		const row = renderTraceText({trace, analysis}, {toolVersion: 'test'}).split('\n').find((line) => line.includes('127.77.207.11'));
		expect(row).toMatch(/tc→tcp/u);
	});
});
