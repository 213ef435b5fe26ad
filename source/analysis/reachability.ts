import type {Probe, Server, Zone} from '../trace/model.js';
import type {Finding, FindingCode, Fixer, Severity} from './finding.js';
import {isUsable} from '../trace/probe-facts.js';
import {listLabels, type TraceView} from './trace-view.js';

interface Symptom {
	code: FindingCode;
	matches: (probe: Probe) => boolean;
	describe: (count: number, total: number) => string;
	explanation: string;
	fixers: Fixer[];
	/** Severity when other servers of the zone still work (it is always an error when none does). */
	severity: Severity;
}

const SYMPTOMS: Symptom[] = [
	{
		code: 'SERVER_TIMEOUT',
		matches: (probe) => probe.status === 'timeout',
		describe: (count, total) => `never answered (${count} of ${total} queries timed out)`,
		explanation:
			'A name server listed for the zone did not answer at all. Resolvers that pick it wait for a time-out before trying another, so every lookup gets slower, and if all servers are silent the zone is gone. The host may be down, filtered, or drowned by a DDoS. The DNS operator running it must bring it back or have it removed from the NS set (and from the delegation at the parent, via the registrar).',
		fixers: ['dns-operator', 'registrar'],
		severity: 'warning',
	},
	{
		code: 'SERVER_UNREACHABLE',
		matches: (probe) => probe.status === 'unreachable' || probe.status === 'network',
		describe: (count, total) => `is unreachable (${count} of ${total} queries refused at the network: nothing listens there)`,
		explanation:
			'The network said no one listens at this address (ICMP unreachable or a refused connection). A delegation that points at a dead address wastes every resolver\'s time. The DNS operator must fix the server or the zone owner must remove it from the NS set and the delegation.',
		fixers: ['dns-operator', 'zone-owner'],
		severity: 'warning',
	},
	{
		code: 'SERVER_REFUSED',
		matches: (probe) => probe.kind === 'refused',
		describe: (count, total) => `answers REFUSED (${count} of ${total} queries): it does not serve the zone`,
		explanation:
			'The server is listed for the zone but refuses to answer for it: the zone is not configured there any more (a lame delegation). Often a provider was dropped, or a bill went unpaid, and nobody updated the NS set. The zone owner should remove the server from the NS set and have the registrar update the delegation, or the DNS operator should serve the zone again.',
		fixers: ['zone-owner', 'registrar', 'dns-operator'],
		severity: 'warning',
	},
	{
		code: 'SERVER_FAILURE',
		matches: (probe) => probe.kind === 'servfail',
		describe: (count, total) => `answers SERVFAIL (${count} of ${total} queries): it has the zone but cannot serve it`,
		explanation: 'SERVFAIL from an authoritative server usually means the zone failed to load (a syntax error, an expired secondary copy). The DNS operator must look at the server\'s logs.',
		fixers: ['dns-operator'],
		severity: 'warning',
	},
	{
		code: 'SERVER_NOT_AUTHORITATIVE',
		matches: (probe) => probe.kind === 'lame',
		describe: (count, total) => `answers without authority (no AA bit, ${count} of ${total} queries): a lame server`,
		explanation:
			'An authoritative server must set the AA bit for its own zone. This one answers without it, as a cache or a server that lost the zone would. Resolvers ignore such answers, so the server only adds delay. The DNS operator must load the zone, or the zone owner must drop the server from the NS set.',
		fixers: ['dns-operator', 'zone-owner'],
		severity: 'warning',
	},
	{
		code: 'UPWARD_REFERRAL',
		matches: (probe) => probe.kind === 'upward-referral',
		describe: (count, total) => `refers back up the tree (${count} of ${total} queries): it does not have the zone`,
		explanation:
			'Instead of answering, the server points to the root (or the zone itself): the classic sign of a server that is listed for a zone it no longer serves. Resolvers treat it as lame. The zone owner should remove it from the NS set, or the DNS operator should serve the zone again.',
		fixers: ['zone-owner', 'dns-operator'],
		severity: 'warning',
	},
	{
		code: 'MALFORMED_RESPONSE',
		matches: (probe) => probe.status === 'malformed',
		describe: (count, total) => `sends responses that cannot be decoded (${count} of ${total})`,
		explanation: 'The response was not a valid DNS message (truncated, lying counts, bad compression). A resolver discards it. This is a server bug, or something on the path rewriting packets; the DNS operator must investigate.',
		fixers: ['dns-operator'],
		severity: 'warning',
	},
];

/** Per zone: which servers time out, refuse, are lame, …; and whether any server of the zone works at all. */
export function checkReachability(view: TraceView): Finding[] {
	const findings: Finding[] = [];
	for (const zone of view.trace.zones) {
		const probes = view.probes(zone).filter(({probe}) => probe.status !== 'skipped' && probe.status !== 'pending');
		if (zone.servers.length === 0) {
			findings.push(serverlessZone(zone));
			continue;
		}
		if (probes.length === 0) continue;
		const working = zone.servers.filter((server) => server.probes.some(isUsable));
		for (const symptom of SYMPTOMS) {
			const affected = zone.servers
				.map((server) => ({server, hits: server.probes.filter(symptom.matches), total: server.probes.filter((probe) => probe.status !== 'skipped').length}))
				.filter(({hits}) => hits.length > 0);
			if (affected.length === 0) continue;
			findings.push({
				code: symptom.code,
				severity: working.length === 0 ? 'error' : symptom.severity,
				zone: zone.name,
				servers: affected.map(({server}) => server.address),
				message: `${zone.name}: ${affected.map(({server, hits, total}) => `${listLabels([server])} ${symptom.describe(hits.length, total)}`).join('; ')}`,
				explanation: symptom.explanation,
				fixers: symptom.fixers,
				evidence: affected.flatMap(({hits}) => hits.map((probe) => probe.id)),
			});
		}
		findings.push(...transportFindings(zone));
		if (working.length === 0) findings.push(unreachableZone(zone, probes.map(({probe}) => probe)));
	}
	return findings;
}

function transportFindings(zone: Zone): Finding[] {
	const findings: Finding[] = [];
	const noTcp = zone.servers.flatMap((server) => server.probes.filter((probe) => probe.truncatedOverUdp && probe.status !== 'answered').map((probe) => ({server, probe})));
	if (noTcp.length > 0) {
		const servers = uniqueServers(noTcp.map(({server}) => server));
		findings.push({
			code: 'TRUNCATED_NO_TCP',
			severity: 'error',
			zone: zone.name,
			servers: servers.map((server) => server.address),
			message: `${zone.name}: ${listLabels(servers)} truncated an answer over UDP and then did not answer over TCP`,
			explanation:
				'When an answer does not fit in a UDP packet the server sets TC=1 and the resolver must ask again over TCP (RFC 7766 makes TCP mandatory). This server truncates but does not serve TCP, so large answers (DNSSEC keys, big TXT records) can never be fetched from it. The DNS operator must open TCP port 53.',
			fixers: ['dns-operator'],
			evidence: noTcp.map(({probe}) => probe.id),
		});
	}
	const noEdns = zone.servers.flatMap((server) => server.probes.filter((probe) => probe.ednsFallback).map((probe) => ({server, probe})));
	if (noEdns.length > 0) {
		const servers = uniqueServers(noEdns.map(({server}) => server));
		findings.push({
			code: 'EDNS_UNSUPPORTED',
			severity: 'warning',
			zone: zone.name,
			servers: servers.map((server) => server.address),
			message: `${zone.name}: ${listLabels(servers)} rejected EDNS(0) (FORMERR/NOTIMP) and only answered plain DNS`,
			explanation:
				'EDNS(0) (RFC 6891) has been required for DNSSEC and for answers over 512 bytes since 1999; since DNS Flag Day 2019, resolvers no longer work around servers that reject it. The DNS operator must upgrade the server software or fix the firewall that strips OPT records.',
			fixers: ['dns-operator'],
			evidence: noEdns.map(({probe}) => probe.id),
		});
	}
	return findings;
}

function unreachableZone(zone: Zone, probes: Probe[]): Finding {
	const summary = new Map<string, number>();
	for (const probe of probes) {
		const label = probe.status === 'answered' ? (probe.kind ?? 'answered') : probe.status;
		summary.set(label, (summary.get(label) ?? 0) + 1);
	}
	return {
		code: 'ZONE_UNREACHABLE',
		severity: 'error',
		zone: zone.name,
		servers: zone.servers.map((server) => server.address),
		message: `${zone.name}: none of its ${zone.servers.length} server address${zone.servers.length === 1 ? '' : 'es'} gave a usable answer (${[...summary.entries()].map(([label, count]) => `${count} ${label}`).join(', ')})`,
		explanation:
			'Every server of this zone failed, so nothing in it (and nothing delegated below it) can be resolved. Whatever the per-server findings say is the cause: dead hosts, refusals, lame servers. Only the DNS operators of these servers, or the zone owner moving the zone elsewhere (and updating the delegation through the registrar), can bring it back.',
		fixers: ['dns-operator', 'zone-owner', 'registrar'],
		evidence: probes.map((probe) => probe.id),
	};
}

/** A zone none of whose name servers has an address we could reach. */
function serverlessZone(zone: Zone): Finding {
	const reasons = zone.nameservers.map((ns) => ns.unresolved ?? `${ns.name} has no address in the families asked`);
	return {
		code: 'ZONE_UNREACHABLE',
		severity: 'error',
		zone: zone.name,
		servers: [],
		message: `${zone.name}: not one of its ${zone.nameservers.length} name server${zone.nameservers.length === 1 ? '' : 's'} has an address that could be found (${reasons.join('; ')})`,
		explanation:
			'The zone is delegated, but a resolver cannot find the address of any of its name servers, so it cannot ask them anything, however healthy they may be. The NS-name findings say why; the zone owner must use name servers whose names resolve (through the registrar), or get the zone that holds those names fixed.',
		fixers: ['zone-owner', 'registrar', 'dns-operator'],
		evidence: [],
	};
}

function uniqueServers(servers: Server[]): Server[] {
	return servers.filter((server, index) => servers.findIndex((other) => other.address === server.address) === index);
}
