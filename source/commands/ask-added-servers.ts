import {familyOf} from '../dns/address.js';
import type {Transport} from '../dns/transport.js';
import {DEFAULT_LIMITS} from '../trace/limits.js';
import type {Probe, ProbePurpose, QuestionRef, Server, Trace, WhatIfChange} from '../trace/model.js';
import {isTcpCheck, TCP_CHECKS} from '../trace/probe-facts.js';
import {createProber} from '../trace/prober.js';
import {createScheduler} from '../trace/scheduler.js';
import {serverToAsk, type AskedServer} from '../what-if/apply-changes.js';

/** How the walk asked: the new server is asked the same way (trace-command.ts's `walkSettings`). */
export interface AskSettings {
	transport: Transport;
	port: number;
	timeoutMs: number;
	retries: number;
	dnssec: boolean;
}

/**
 * `--what-if "ns-add ZONE NSNAME ADDRESS"` on a live trace: the new server is asked, through the walk's own prober and
 * transport, every question the zone's other servers were asked (the walk's, its SOA, NS and DNSKEY, its children's
 * DS), then the SOA over TCP as the walk's TCP check asks a server that answered it over UDP. The probes are numbered
 * above the trace's, for the pure layer (apply-changes.ts) to add as the new server's. A change the pure layer would
 * not add (a server the zone already has at that address) is not asked.
 */
export async function askAddedServers(trace: Trace, changes: readonly WhatIfChange[], settings: AskSettings): Promise<AskedServer[]> {
	const wanted = changes.flatMap((change) => serverToAsk(trace, change) ?? []);
	if (wanted.length === 0) return [];
	let nextId = Math.max(0, ...trace.zones.flatMap((zone) => zone.servers.flatMap((server) => server.probes.map((probe) => probe.id))));
	const asked: AskedServer[] = [];
	for (const target of wanted) {
		const server: Server = {name: target.nameserver, address: target.address, family: familyOf(target.address), origin: 'glue', probes: []};
		await askServer(trace, target.zone, server, settings);
		// Fresh ids above every probe of the trace (and of the servers asked before this one), in the order sent.
		const probes = server.probes.map((probe): Probe => ({...probe, id: ++nextId}));
		asked.push({...target, probes});
	}
	return asked;
}

/** One server asked the zone's questions, its probes recorded on `server` as the walk records them. */
async function askServer(trace: Trace, zone: string, server: Server, settings: AskSettings): Promise<void> {
	const questions = questionsOf(trace, zone, settings.dnssec);
	const scheduler = createScheduler(DEFAULT_LIMITS.concurrency);
	const began = performance.now();
	// A scratch copy takes the prober's counting, from nothing (its limit counts these probes alone): the pure layer counts the probes it adds.
	const scratch: Trace = {...trace, stats: {queries: 0, answered: 0, failed: 0, skipped: 0, ignoredResponses: 0}, vantage: {unavailableFamilies: [...trace.vantage.unavailableFamilies]}, limits: []};
	const prober = createProber({
		...settings,
		// Every question once, and the TCP check: nothing the zone's other servers were not asked.
		maxQueries: questions.length + 1,
		walkReserve: 0,
		scheduler,
		trace: scratch,
		// After the walk, on the trace's clock.
		since: () => Math.round((trace.durationMs + performance.now() - began) * 1000) / 1000,
		report: () => {},
		hitLimit: () => {},
		settled: () => {},
	});
	for (const {question, purpose} of questions) prober.send(zone, server, question, purpose, () => {});
	await scheduler.idle();
	const soa = server.probes.find((probe) => probe.purpose === 'soa' && probe.status === 'answered' && probe.transport === 'udp');
	if (soa) {
		prober.send(zone, server, {name: zone, type: 'SOA'}, TCP_CHECKS.SOA, () => {});
		await scheduler.idle();
	}
}

/** The zone's questions as its servers were asked them, in the order first asked; its SOA, NS and DNSKEY always. */
function questionsOf(trace: Trace, zone: string, dnssec: boolean): Array<{question: QuestionRef; purpose: ProbePurpose}> {
	const probes = (trace.zones.find((candidate) => candidate.name === zone)?.servers ?? [])
		.flatMap((server) => server.probes)
		.filter((probe) => !isTcpCheck(probe))
		.sort((a, b) => a.id - b.id);
	const apex: Array<{question: QuestionRef; purpose: ProbePurpose}> = [
		{question: {name: zone, type: 'SOA'}, purpose: 'soa'},
		{question: {name: zone, type: 'NS'}, purpose: 'ns'},
		...(dnssec ? [{question: {name: zone, type: 'DNSKEY'}, purpose: 'dnskey' as const}] : []),
	];
	const seen = new Set<string>();
	return [...apex, ...probes].filter(({question, purpose}) => {
		const key = `${question.name}|${question.type}|${purpose}`;
		if (seen.has(key)) return false;
		seen.add(key);
		return true;
	}).map(({question, purpose}) => ({question: {name: question.name, type: question.type}, purpose}));
}
