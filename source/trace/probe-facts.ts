import type {Probe, ResponseKind, Server} from './model.js';

/** The kinds of response a walk can move on with; everything else (lame, refused, …) leaves it waiting for another server. */
export const USABLE_KINDS: ReadonlySet<ResponseKind> = new Set<ResponseKind>(['answer', 'cname', 'referral', 'nxdomain', 'nodata']);

/** Did this server's answer count: authoritative data, a referral, or an authoritative denial? */
export function isUsable(probe: Probe): boolean {
	return probe.status === 'answered' && USABLE_KINDS.has(probe.kind!);
}

/** The probe carrying the walk's own question to this server. */
export function walkProbe(server: Server | undefined): Probe | undefined {
	return server?.probes.find((probe) => probe.purpose === 'walk');
}

/** The SOA serial this server serves for its zone, when it answered the SOA question. */
export function servedSerial(server: Server | undefined): number | undefined {
	const soa = server?.probes.find((probe) => probe.purpose === 'soa')?.response?.answer.find((record) => record.type === 'SOA');
	return soa?.data.kind === 'soa' ? soa.data.serial : undefined;
}
