import {withAnalysis, type AnalysedTrace} from '../../source/analysis/analyze.js';
import {analyseSnapshot} from '../../source/commands/open-command.js';
import {canonicalAddress} from '../../source/dns/address.js';
import type {ReplayWorld} from '../../source/replay/replay-world.js';
import {serializeSnapshot} from '../../source/snapshot/write-snapshot.js';
import type {Trace} from '../../source/trace/model.js';
import {labTrace, labWorld} from './lab.js';

export const tool = {name: 'digdeeper', version: 'test'};

/** A lab story traced over IPv4 (replay serves IPv4 loopback only), with the lab's anchor, saved and opened again as `serve` reads it. */
export async function snapshotOf(name: string, type: string): Promise<AnalysedTrace> {
	const traced = await labTrace(name, type, {families: [4]});
	const anchors = {source: 'lab root KSK', records: labWorld().trustAnchor};
	const trace = {...traced, options: {...traced.options, trustAnchor: anchors.source, trustAnchorRecords: anchors.records}};
	return analyseSnapshot(`${name}.json`, serializeSnapshot(withAnalysis(trace, {anchors}), tool));
}

/**
 * A trace taken through a replay with every served address put back as recorded (`127.78.0.13` and
 * `::ffff:127.78.0.13` alike): what it would have been against the recorded servers, so its findings and its
 * signatures can be compared with the original's.
 */
export function mappedBack(trace: Trace, world: ReplayWorld): Trace {
	const back = new Map<string, string>();
	for (const endpoint of world.endpoints) {
		back.set(endpoint.served, endpoint.recorded);
		back.set(canonicalAddress(`::ffff:${endpoint.served}`), endpoint.recorded);
	}
	return JSON.parse(JSON.stringify(trace), (_key, value: unknown) => (typeof value === 'string' ? (back.get(value) ?? value) : value)) as Trace;
}

/** The trace with every recorded address under 127.77.0.0/16 moved to 100.77.0.0/16: a snapshot as taken on the internet. */
export function awayFromLoopback(trace: Trace): Trace {
	return JSON.parse(JSON.stringify(trace), (_key, value: unknown) => (typeof value === 'string' && value.startsWith('127.77.') ? `100.77.${value.slice('127.77.'.length)}` : value)) as Trace;
}
