import type {Family} from '../../source/dns/address.js';
import type {ResourceRecord} from '../../source/dns/record.js';
import type {Transport} from '../../source/dns/transport.js';
import {INTERNET} from '../../source/lab/internet.js';
import {readLabKeys} from '../../source/lab/key-cache.js';
import {createLabTransport} from '../../source/lab/lab-transport.js';
import {buildWorld, type LabWorld, type WorldSpec} from '../../source/lab/world.js';
import type {WalkLimits} from '../../source/trace/limits.js';
import type {Probe, Server, Trace, Zone} from '../../source/trace/model.js';
import {walk, type TcpCheckScope, type WalkConfig} from '../../source/trace/walk.js';

/** The keys the global set-up keeps in the tests' cache (DIGDEEPER_CACHE), as a second `--lab` run finds them. */
const keptKeys = await readLabKeys();

let internet: LabWorld | undefined;
/** The lab's internet, built once per file, with the kept keys: the same DNSKEY and DS as a `--lab` run here. */
export function labWorld(): LabWorld {
	internet ??= buildWorld(INTERNET, keptKeys ? {keys: keptKeys} : {});
	return internet;
}

export interface LabTraceOptions {
	world?: WorldSpec | LabWorld;
	families?: Family[];
	dnssec?: boolean;
	timeoutMs?: number;
	retries?: number;
	limits?: Partial<WalkLimits>;
	transport?: Transport;
	/** What the TCP check asks: the SOA alone, as a trace (the default), or the SOA, NS and DNSKEY, as a survey. */
	tcpChecks?: TcpCheckScope;
	/** The walk's progress, as a live view sees it. */
	onEvent?: WalkConfig['onEvent'];
}

/** Traces a name through the lab in process, with no latency and short time-outs. */
export async function labTrace(name: string, type = 'A', options: LabTraceOptions = {}): Promise<Trace> {
	const world = !options.world ? labWorld() : 'byAddress' in options.world ? options.world : buildWorld(options.world);
	return walk(
		{name: name.endsWith('.') ? name : `${name}.`, type},
		{
			transport: options.transport ?? createLabTransport(world, {latencyScale: 0}),
			hints: world.hints,
			port: 53,
			families: options.families ?? [4, 6],
			timeoutMs: options.timeoutMs ?? 250,
			retries: options.retries ?? 0,
			dnssec: options.dnssec ?? true,
			...(options.limits ? {limits: options.limits} : {}),
			...(options.tcpChecks ? {tcpChecks: options.tcpChecks} : {}),
			...(options.onEvent ? {onEvent: options.onEvent} : {}),
		},
	);
}

export function zoneOf(trace: Trace, name: string): Zone {
	const zone = trace.zones.find((candidate) => candidate.name === name);
	if (!zone) throw new Error(`zone ${name} is not in the trace (${trace.zones.map((z) => z.name).join(' ')})`);
	return zone;
}

export function serverOf(zone: Zone, address: string): Server {
	const server = zone.servers.find((candidate) => candidate.address === address);
	if (!server) throw new Error(`no server ${address} in ${zone.name}`);
	return server;
}

export function probeFor(server: Server, name: string, type: string): Probe {
	const probe = server.probes.find((candidate) => candidate.question.name === name && candidate.question.type === type);
	if (!probe) throw new Error(`${server.address} was not asked ${name} ${type}`);
	return probe;
}

export {servedSerial as serialOf} from '../../source/trace/probe-facts.js';

export function withoutSignatures(records: ResourceRecord[]): ResourceRecord[] {
	return records.filter((record) => record.type !== 'RRSIG');
}
