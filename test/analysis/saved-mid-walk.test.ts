import {describe, expect, it} from 'vitest';
import {analyze} from '../../source/analysis/analyze.js';
import {exitStatus} from '../../source/commands/exit-status.js';
import {createLabTransport} from '../../source/lab/lab-transport.js';
import {parseSnapshot, serializeSnapshot} from '../../source/snapshot/snapshot.js';
import type {Probe, Trace} from '../../source/trace/model.js';
import {parseUserName} from '../../source/dns/name.js';
import {labTrace, labWorld} from '../helpers/lab.js';
import {TOOL} from '../helpers/snapshots.js';

const anchors = () => ({source: 'lab' as const, records: labWorld().trustAnchor});

/** A probe as the walk holds it while its reply is still out: sent, nothing back yet. */
function stillOut(probe: Probe): Probe {
	return {id: probe.id, zone: probe.zone, server: probe.server, address: probe.address, question: probe.question, purpose: probe.purpose, startedMs: probe.startedMs, status: 'pending'};
}

/** The trace with the probes `out` picks still out and no outcome yet: as a save while the walk ran holds it. */
function savedWith(trace: Trace, out: (probe: Probe) => boolean): Trace {
	const zones = trace.zones.map((zone) => ({...zone, servers: zone.servers.map((server) => ({...server, probes: server.probes.map((probe) => (out(probe) ? stillOut(probe) : probe))}))}));
	return {...trace, zones, durationMs: 0, outcome: {status: 'pending', records: [], atMs: 0}};
}

/** A lab walk saved (as the explorer's `e` saves it, and read back) at the first (or last) event after which `when` holds. */
async function savedWhen(name: string, when: (trace: Trace) => boolean, at: 'first' | 'last' = 'first'): Promise<{saved: Trace; whole: Trace}> {
	const world = labWorld();
	let live: Trace | undefined;
	let saved: Trace | undefined;
	const whole = await labTrace(name, 'A', {
		world,
		onEvent: (event) => {
			if (event.type === 'started') live = event.trace;
			if (live && (!saved || at === 'last') && event.type !== 'finished' && when(live)) saved = parseSnapshot(serializeSnapshot({trace: live, analysis: undefined}, TOOL)).trace;
		},
	});
	if (!saved) throw new Error(`${name}: the walk never reached the state to save`);
	return {saved, whole};
}

const about = (trace: Trace, zone: string) =>
	analyze(trace, {anchors: anchors()})
		.findings.filter((finding) => finding.zone === zone)
		.map((finding) => `${finding.severity} ${finding.code}`);

describe('a trace saved while its walk ran blames no server or zone for silence that is only "not yet"', () => {
	it('a zone whose one dead server timed out while the others are still being asked is not unreachable, and the dead one is a warning over the queries that ended', async () => {
		const trace = await labTrace('www.nic.bw', 'A', {timeoutMs: 100});
		const dead = '127.77.50.1';
		const bw = trace.zones.find((zone) => zone.name === 'bw.')!;
		expect(bw.servers.find((server) => server.address === dead)!.probes.every((probe) => probe.status === 'timeout')).toBe(true);
		// Saved when the dead server's first query had timed out, and nothing else of bw. had come back.
		const first = Math.min(...bw.servers.find((server) => server.address === dead)!.probes.map((probe) => probe.id));
		const saved = savedWith(trace, (probe) => probe.zone === 'bw.' && probe.id !== first);
		const findings = analyze(saved, {anchors: anchors()}).findings.filter((finding) => finding.zone === 'bw.');
		expect(findings.map((finding) => finding.code)).not.toContain('ZONE_UNREACHABLE');
		const timeout = findings.find((finding) => finding.code === 'SERVER_TIMEOUT')!;
		expect(timeout.severity).toBe('warning');
		expect(timeout.message).toBe('bw.: dns1.btc.bw. (127.77.50.1) never answered (1 of 1 queries timed out)');
	});

	it('opened, a save made before the walk reached an outcome exits 1, as the explorer quit while it ran does: no outcome a script could trust', async () => {
		const trace = await labTrace('www.example.com', 'A');
		const saved = savedWith(trace, (probe) => probe.zone === 'example.com.');
		// Before, 0: "the trace finished" said of an UNFINISHED snapshot (a break test).
		expect(exitStatus({trace: saved, analysis: analyze(saved, {anchors: anchors()})})).toBe(1);
		expect(exitStatus({trace, analysis: analyze(trace, {anchors: anchors()})})).toBe(0);
	});

	it("a zone whose name server's address is still being looked up is not called unreachable", async () => {
		const {saved, whole} = await savedWhen('www.shop.com.', (trace) => trace.zones.some((zone) => zone.name === 'shop.com.' && zone.nameservers.length > 0 && zone.servers.length === 0));
		expect(saved.zones.find((zone) => zone.name === 'shop.com.')!.nameservers.every((ns) => ns.subtraces.some((id) => !saved.resolutions[id]!.outcome))).toBe(true);
		expect(about(whole, 'shop.com.')).not.toContain('error ZONE_UNREACHABLE');
		expect(about(saved, 'shop.com.')).not.toContain('error ZONE_UNREACHABLE');
	});

	it('a zone whose servers were not asked for their DNSKEY yet is not called a DS left behind', async () => {
		const {saved} = await savedWhen('www.example.com.', (trace) => trace.zones.some((zone) => zone.name === '.' && zone.servers.length > 0));
		expect(about(saved, '.')).toEqual([]);
		// Its servers answered the walk's question, and the DNSKEY question was still to go out (it waits a turn).
		const whole = await labTrace('www.example.com', 'A');
		const unasked = savedWith({...whole, zones: whole.zones.map((zone) => (zone.name !== '.' ? zone : {...zone, servers: zone.servers.map((server) => ({...server, probes: server.probes.filter((probe) => probe.purpose === 'walk')}))}))}, () => false);
		expect(about(unasked, '.')).toEqual([]);
	});

	it('a zone whose own NS answers are still out is not said to have only the one name server its parent listed so far', async () => {
		const whole = await labTrace('www.example.com', 'A');
		// As when the parent's referral named one name server and the zone's own NS set is still to come.
		const listed = {...whole, zones: whole.zones.map((zone) => (zone.name !== 'example.com.' ? zone : {...zone, nameservers: zone.nameservers.slice(0, 1)}))};
		expect(about(listed, 'example.com.')).toContain('warning SINGLE_NAMESERVER');
		expect(about(savedWith(listed, (probe) => probe.zone === 'example.com.' && probe.purpose === 'ns'), 'example.com.')).not.toContain('warning SINGLE_NAMESERVER');
	});

	it("an answer below a zone, saved before the zone's servers said whether it is a child's data, is not judged as the zone's own", async () => {
		// gm.'s servers also serve nic.gm., unsigned: their answer for www.nic.gm. is the child's, as the `SOA www.nic.gm.` they are asked next shows.
		const answeredByGm = (trace: Trace) => trace.zones.some((zone) => zone.name === 'gm.' && zone.servers.some((server) => server.probes.some((probe) => probe.question.name === 'www.nic.gm.' && probe.question.type === 'A' && probe.kind === 'answer')));
		const {saved, whole} = await savedWhen('www.nic.gm.', (trace) => answeredByGm(trace) && !trace.zones.some((zone) => zone.name === 'nic.gm.'), 'last');
		expect(about(whole, 'gm.')).not.toContain('error RRSIG_MISSING');
		expect(about(saved, 'gm.')).toEqual([]);
	});

	it('a host that heard nothing yet, one query timed out and the rest still out, is not said to have DNS blocked, nor is the server blamed', async () => {
		const trace = await labTrace('www.example.com', 'A');
		const first = Math.min(...trace.zones.flatMap((zone) => zone.servers.flatMap((server) => server.probes.map((probe) => probe.id))));
		const saved = savedWith(trace, (probe) => probe.id !== first);
		const timedOut = {...saved, zones: saved.zones.map((zone) => ({...zone, servers: zone.servers.map((server) => ({...server, probes: server.probes.map((probe): Probe => (probe.id === first ? {...stillOut(probe), status: 'timeout', finishedMs: 250, attempts: 1, transport: 'udp'} : probe))}))}))};
		expect(analyze(timedOut, {anchors: anchors()}).findings.map((finding) => finding.code)).toEqual([]);
	});

	it("a server whose TCP check failed while the zone's other TCP checks are still out is a warning, not a zone no one reaches over TCP", async () => {
		const trace = await labTrace('www.example.com', 'A');
		const checks = trace.zones.find((zone) => zone.name === 'example.com.')!.servers.flatMap((server) => server.probes.filter((probe) => probe.purpose === 'soa-tcp'));
		const [failed] = checks;
		const saved = savedWith(trace, (probe) => probe.purpose === 'soa-tcp' && probe !== failed);
		const refused = {...saved, zones: saved.zones.map((zone) => ({...zone, servers: zone.servers.map((server) => ({...server, probes: server.probes.map((probe): Probe => (probe.id === failed!.id ? {...stillOut(probe), status: 'unreachable', finishedMs: probe.finishedMs!, transport: 'tcp', error: 'ECONNREFUSED'} : probe))}))}))};
		expect(about(refused, 'example.com.').filter((finding) => finding.endsWith('SERVER_NO_TCP'))).toEqual(['warning SERVER_NO_TCP']);
	});

	it('DNSSEC_WITHOUT_DS tells a server whose DNSKEY answer is still out from one that gave none', async () => {
		const trace = await labTrace('www.nic.bw', 'A', {timeoutMs: 100});
		// dns1 is dead, dns2 serves no keys: saved before dns2's DNSKEY answer came.
		const saved = savedWith(trace, (probe) => probe.zone === 'bw.' && probe.address === '127.77.50.2' && probe.purpose === 'dnskey');
		const finding = analyze(saved, {anchors: anchors()}).findings.find((candidate) => candidate.code === 'DNSSEC_WITHOUT_DS')!;
		expect(finding.message).toContain("2 of the zone's 4 server addresses serve DNSKEY");
		expect(finding.message).toContain('(1 gave no answer to the DNSKEY question, 1 not heard from yet)');
	});
});

/** What a finding says of whom: its code and zone, with each server it names. */
const claims = (findings: Array<{code: string; zone: string; servers: string[]}>) => findings.flatMap((finding) => (finding.servers.length > 0 ? finding.servers : ['']).map((server) => `${finding.code} ${finding.zone} ${server}`));

describe('every save of a walk, at points spread over it, claims only what the walk once done claims too, and rests on no probe still out', () => {
	// With the lab's latencies, so replies come in the order the servers' distances give, and a dead server costs its time-out.
	for (const story of ['www.example.com', 'www.shop.com', 'tox.im', 'www.puri.sm', 'www.nic.bw', 'www.nic.gm', 'nic.td', 'www.rollover.net', 'www.example.net']) {
		it(story, async () => {
			const world = labWorld();
			const saves: Trace[] = [];
			let live: Trace | undefined;
			let seen = 0;
			const whole = await labTrace(parseUserName(story).name, 'A', {
				world,
				transport: createLabTransport(world, {latencyScale: 1}),
				timeoutMs: 200,
				onEvent: (event) => {
					if (event.type === 'started') live = event.trace;
					seen += 1;
					if (live && event.type !== 'finished' && ((seen & (seen - 1)) === 0 || seen % 16 === 0)) saves.push(parseSnapshot(serializeSnapshot({trace: live, analysis: undefined}, TOOL)).trace);
				},
			});
			const done = new Set(claims(analyze(whole, {anchors: anchors()}).findings));
			expect(saves.length).toBeGreaterThan(10);
			for (const [index, saved] of saves.entries()) {
				const out = new Set(saved.zones.flatMap((zone) => zone.servers.flatMap((server) => server.probes.filter((probe) => probe.status === 'pending').map((probe) => probe.id))));
				const findings = analyze(saved, {anchors: anchors()}).findings;
				expect(claims(findings).filter((claim) => !done.has(claim)), `save ${index} of ${saves.length}`).toEqual([]);
				expect(findings.filter((finding) => finding.evidence.some((id) => out.has(id))).map((finding) => finding.code), `save ${index} of ${saves.length}`).toEqual([]);
			}
		});
	}
});

