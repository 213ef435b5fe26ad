import type {Probe, Server, Zone} from '../trace/model.js';
import {createFinding, type Finding} from './finding.js';
import {listLabels, type TraceView} from './trace-view.js';

/**
 * What the two transports showed, per zone (Zonemaster CONNECTIVITY01/02): servers whose UDP is dropped while TCP
 * answers (a probe's UDP attempts all timed out and its TCP retry was answered), and servers that answer UDP but
 * whose TCP check (the SOA asked over TCP only, after it came back over UDP) got no usable answer.
 */
export function checkTransports(view: TraceView): Finding[] {
	// With no answer over UDP anywhere in the trace, it is this machine's UDP that is blocked, not each server's.
	const udpWorksHere = view.trace.zones.some((zone) => zone.servers.some((server) => server.probes.some((probe) => probe.status === 'answered' && probe.transport === 'udp')));
	return view.trace.zones.flatMap((zone) => [...(udpWorksHere ? udpDropped(zone) : []), ...noTcp(zone)]);
}

function udpDropped(zone: Zone): Finding[] {
	const affected = zone.servers
		.map((server) => ({server, rescued: server.probes.filter((probe) => probe.udpTimedOut && probe.status === 'answered'), asked: server.probes.filter((probe) => probe.purpose !== 'soa-tcp' && probe.status !== 'skipped')}))
		.filter(({rescued}) => rescued.length > 0);
	if (affected.length === 0) return [];
	return [
		createFinding({
			code: 'SERVER_UDP_FAILS_TCP_WORKS',
			zone: zone.name,
			servers: affected.map(({server}) => server.address),
			message: `${zone.name}: ${affected.map(({server, rescued, asked}) => `${listLabels([server])} let ${rescued.length} of ${asked.length} queries time out over UDP and answered them over TCP`).join('; ')}`,
			evidence: affected.flatMap(({rescued}) => rescued.map((probe) => probe.id)),
		}),
	];
}

function noTcp(zone: Zone): Finding[] {
	const checks = zone.servers.flatMap((server) => server.probes.filter((probe) => probe.purpose === 'soa-tcp' && probe.status !== 'pending' && probe.status !== 'skipped').map((probe) => ({server, probe})));
	// The check asks with EDNS: at a server that drops such queries (EDNS_UNSUPPORTED says so) its time-out says
	// nothing about TCP.
	const failed = checks.filter(({server, probe}) => probe.status !== 'answered' && !(probe.status === 'timeout' && dropsEdns(server)));
	if (failed.length === 0) return [];
	return [
		createFinding({
			code: 'SERVER_NO_TCP',
			zone: zone.name,
			servers: unique(failed.map(({server}) => server)).map((server) => server.address),
			message: `${zone.name}: ${failed.map(({server, probe}) => `${listLabels([server])} answers over UDP but not over TCP (${describe(probe)})`).join('; ')}`,
			evidence: failed.map(({probe}) => probe.id),
			facts: {anyServerServesTcp: checks.some(({probe}) => probe.status === 'answered') || zone.servers.some(servedTcp)},
		}),
	];
}

const describe = (probe: Probe): string => (probe.status === 'timeout' ? 'the SOA over TCP timed out' : probe.status === 'malformed' ? 'its answer over TCP does not decode' : 'the TCP connection was refused');

const dropsEdns = (server: Server) => server.probes.some((probe) => probe.ednsDropped);

/** A server whose answer came over TCP without a TCP check: after TC=1, or after UDP timed out. */
const servedTcp = (server: Server) => server.probes.some((probe) => probe.status === 'answered' && probe.transport === 'tcp');

function unique(servers: Server[]): Server[] {
	return servers.filter((server, index) => servers.findIndex((other) => other.address === server.address) === index);
}
