import {beforeAll, describe, expect, it} from 'vitest';
import {withAnalysis, type AnalysedTrace} from '../../source/analysis/analyze.js';
import {askAddedServers} from '../../source/commands/ask-added-servers.js';
import {createLabTransport} from '../../source/lab/lab-transport.js';
import {parseSnapshot, serializeSnapshot} from '../../source/snapshot/snapshot.js';
import {renderTraceText} from '../../source/text/trace-text.js';
import type {Trace, WhatIfChange} from '../../source/trace/model.js';
import {applyChanges} from '../../source/what-if/apply-changes.js';
import {parseChange} from '../../source/what-if/parse-change.js';
import {labTrace, labWorld, zoneOf} from '../helpers/lab.js';
import {TOOL} from '../helpers/snapshots.js';

/*
 * `ns-add ZONE NSNAME ADDRESS` on a live trace: the new server is asked the zone's questions through the walk's prober
 * (here the lab, in process), and the changed trace is judged with its real answers. .bw with every one of its servers
 * down, and pch.nic.bw.'s machine (127.77.150.1) added under a new name: the name resolves again, through it.
 */

const anchors = () => ({source: 'lab', records: labWorld().trustAnchor});
const analysed = (trace: Trace): AnalysedTrace => withAnalysis(trace, {anchors: anchors()});
const ask = {port: 53, timeoutMs: 250, retries: 0, dnssec: true};

function changesOf(trace: Trace, ...texts: string[]): WhatIfChange[] {
	return texts.map((text) => {
		const parsed = parseChange(text, trace);
		if ('problem' in parsed) throw new Error(parsed.problem);
		return parsed.change;
	});
}

/** The trace with the changes typed, a name server added asked in the lab as `digdeeper --lab` asks it. */
async function assumeAsking(trace: Trace, ...texts: string[]): Promise<AnalysedTrace> {
	const changes = changesOf(trace, ...texts);
	return analysed(applyChanges(trace, changes, await askAddedServers(trace, changes, {...ask, transport: createLabTransport(labWorld(), {latencyScale: 0})})));
}

const EVERY_BW_SERVER_DOWN = ['down afrinic.nic.bw.', 'down pch.nic.bw.', 'down dns2.btc.bw.'] as const;
const maxId = (trace: Trace) => Math.max(...trace.zones.flatMap((zone) => zone.servers.flatMap((server) => server.probes.map((probe) => probe.id))));

let bw: Trace;
let rescued: AnalysedTrace;
beforeAll(async () => {
	bw = await labTrace('www.nic.bw.');
	rescued = await assumeAsking(bw, ...EVERY_BW_SERVER_DOWN, 'ns-add bw. ns9.nic.bw. 127.77.150.1');
});

describe('ns-add on a live trace asks the new server', () => {
	it('every server of bw. down, and a server that serves bw. added: an answer again, through the new server', () => {
		expect(analysed(applyChanges(bw, changesOf(bw, ...EVERY_BW_SERVER_DOWN))).trace.outcome.status).toBe('failure');
		expect(rescued.trace.outcome.status).toBe('answer');
		expect(rescued.trace.outcome.records.filter((record) => record.type === 'A').map((record) => record.data)).toEqual([{kind: 'address', address: '192.0.2.101'}]);
		const step = rescued.trace.resolutions[0]!.steps.find((candidate) => candidate.zone === 'bw.')!;
		const ns9 = zoneOf(rescued.trace, 'bw.').servers.find((server) => server.name === 'ns9.nic.bw.')!;
		expect(ns9.probes.map((probe) => probe.id)).toContain(step.probe);
		expect(step.result).toBe('answer');
	});

	it("its probes are the lab's real answers to the zone's questions, numbered above the trace's", () => {
		const ns9 = zoneOf(rescued.trace, 'bw.').servers.find((server) => server.name === 'ns9.nic.bw.')!;
		expect(ns9).toMatchObject({address: '127.77.150.1', origin: 'glue'});
		expect(ns9.probes.every((probe) => probe.status === 'answered' && probe.raw !== undefined && probe.error === undefined)).toBe(true);
		expect(Math.min(...ns9.probes.map((probe) => probe.id))).toBe(maxId(bw) + 1);
		// The zone's own questions, the walk's, and the SOA again over TCP, as the walk's TCP check asks it.
		const asked = ns9.probes.map((probe) => `${probe.question.name} ${probe.question.type} ${probe.purpose}`);
		expect(asked).toEqual(expect.arrayContaining(['bw. SOA soa', 'bw. NS ns', 'bw. DNSKEY dnskey', 'www.nic.bw. A walk', 'bw. SOA soa-tcp']));
		expect(ns9.probes.find((probe) => probe.purpose === 'soa')!.response!.answer[0]!.data).toMatchObject({kind: 'soa', serial: 2024020712});
		// Counted as sent: 16 more queries, all answered.
		expect(rescued.trace.stats.queries - ns9.probes.length).toBe(applyChanges(bw, changesOf(bw, ...EVERY_BW_SERVER_DOWN)).stats.queries);
	});

	it("the root's referrals to bw. now list it, with its glue; bw. lists it as the parent's only", () => {
		const referrals = zoneOf(rescued.trace, '.').servers.flatMap((server) => server.probes).filter((probe) => probe.referral === 'bw.');
		expect(referrals.length).toBeGreaterThan(0);
		for (const probe of referrals) {
			expect(probe.response!.authority).toContainEqual(expect.objectContaining({name: 'bw.', type: 'NS', data: {kind: 'name', target: 'ns9.nic.bw.'}}));
			expect(probe.response!.additional).toContainEqual(expect.objectContaining({name: 'ns9.nic.bw.', type: 'A', data: {kind: 'address', address: '127.77.150.1'}}));
		}
		expect(zoneOf(rescued.trace, 'bw.').nameservers.find((nameserver) => nameserver.name === 'ns9.nic.bw.')).toMatchObject({listedBy: ['parent'], addresses: [{address: '127.77.150.1', origins: ['glue']}]});
	});

	it('the text says it was asked, and what it answered', () => {
		expect(renderTraceText(rescued, {toolVersion: 'test'}).split('\n')[0]).toBe(
			"; WHAT-IF, not measured: assuming afrinic.nic.bw. down (every address); pch.nic.bw. down (every address); dns2.btc.bw. down (every address); ns9.nic.bw. (127.77.150.1) added to bw.'s delegation, and asked: 16 of 16 questions answered",
		);
	});

	it('saved and opened, the new server and its answers are kept (the referrals carry it), and judged the same', () => {
		const {trace} = parseSnapshot(serializeSnapshot(rescued, TOOL));
		expect(trace.outcome.status).toBe('answer');
		expect(zoneOf(trace, 'bw.').servers.find((server) => server.name === 'ns9.nic.bw.')?.probes.length).toBe(16);
		expect(applyChanges(rescued.trace, [])).toEqual(rescued.trace);
	});

	it('a change made after the ns-add (the explorer, a file opened again) takes the added server down like any other', () => {
		const after = analysed(applyChanges(rescued.trace, [{kind: 'down', server: 'ns9.nic.bw.'}]));
		expect(after.trace.outcome).toMatchObject({status: 'failure', zone: 'bw.'});
		const ns9 = zoneOf(after.trace, 'bw.').servers.find((server) => server.name === 'ns9.nic.bw.')!;
		expect(ns9.probes.every((probe) => probe.status === 'timeout' && probe.error?.startsWith('assumed down (what-if, not measured)'))).toBe(true);
		// Its TCP check goes, as a dead server is never given one.
		expect(ns9.probes).toHaveLength(15);
	});

	it('an address where nothing answers: every question times out, and the name still fails', async () => {
		const after = await assumeAsking(bw, ...EVERY_BW_SERVER_DOWN, 'ns-add bw. ns9.nic.bw. 127.77.250.250');
		const ns9 = zoneOf(after.trace, 'bw.').servers.find((server) => server.name === 'ns9.nic.bw.')!;
		expect(ns9.probes.length).toBeGreaterThan(0);
		// Never answered over UDP, so never given the TCP check.
		expect(ns9.probes.every((probe) => probe.status === 'timeout' && probe.purpose !== 'soa-tcp' && !probe.error?.includes('assumed'))).toBe(true);
		expect(after.trace.outcome).toMatchObject({status: 'failure', zone: 'bw.'});
		expect(renderTraceText(after, {toolVersion: 'test'}).split('\n')[0]).toContain(`ns9.nic.bw. (127.77.250.250) added to bw.'s delegation, and asked: 0 of ${ns9.probes.length} questions answered`);
	});
});

describe('ns-add with nothing to ask through', () => {
	it('a saved trace (no transport): stated, its answers unknown, nothing judged differently', () => {
		const changes = changesOf(bw, ...EVERY_BW_SERVER_DOWN, 'ns-add bw. ns9.nic.bw. 127.77.150.1');
		const after = analysed(applyChanges(bw, changes));
		expect(after.trace.outcome.status).toBe('failure');
		expect(zoneOf(after.trace, 'bw.').nameservers.map((nameserver) => nameserver.name)).not.toContain('ns9.nic.bw.');
		expect(renderTraceText(after, {toolVersion: 'test'}).split('\n')[0]).toMatch(/ns9\.nic\.bw\. \(127\.77\.150\.1\) added to bw\.'s delegation: its answers are unknown, never asked$/u);
	});

	it("a name outside the parent's zone (a second provider's) is asked at the address the change gives, and rescues the name; its parent gives it no glue", async () => {
		const example = await labTrace('www.example.com.', 'A', {timeoutMs: 250});
		const rescue = await assumeAsking(example, 'zone-down example.com.', 'ns-add example.com. ns.backup-provider.net. 127.77.10.1');
		expect(rescue.trace.outcome.status).toBe('answer');
		const added = zoneOf(rescue.trace, 'example.com.').servers.find((server) => server.name === 'ns.backup-provider.net.')!;
		expect(added.probes.length).toBeGreaterThan(0);
		expect(added.probes.filter((probe) => probe.status === 'answered').length).toBe(added.probes.length);
		expect(zoneOf(rescue.trace, 'example.com.').nameservers.find((nameserver) => nameserver.name === 'ns.backup-provider.net.')?.listedBy).toEqual(['parent']);
		const referrals = zoneOf(rescue.trace, 'com.').servers.flatMap((server) => server.probes).filter((probe) => probe.referral === 'example.com.');
		expect(referrals.every((probe) => probe.response!.authority.some((record) => record.type === 'NS' && record.data.kind === 'name' && record.data.target === 'ns.backup-provider.net.'))).toBe(true);
		// com. gives no glue for a name under net.: the address is the change's own.
		expect(referrals.some((probe) => probe.response!.additional.some((record) => record.name === 'ns.backup-provider.net.'))).toBe(false);
		// Judged again as a saved file is, the assumption stays its address's evidence.
		expect(analysed(applyChanges(rescue.trace, [])).trace.outcome.status).toBe('answer');
	});

	it('an address no name server can have is refused', () => {
		expect(parseChange('ns-add bw. ns9.nic.bw. 0.0.0.0', bw)).toEqual({problem: expect.stringMatching(/^invalid --what-if "ns-add bw\. ns9\.nic\.bw\. 0\.0\.0\.0": 0\.0\.0\.0 can be no name server's address: /u)});
	});
});
