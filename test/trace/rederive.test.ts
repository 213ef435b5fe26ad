import {describe, expect, it} from 'vitest';
import type {Probe, Trace} from '../../source/trace/model.js';
import {rederiveTrace} from '../../source/trace/rederive.js';
import {labTrace} from '../helpers/lab.js';

/** The trace with one answered probe said to have come as `how` says, its response without OPT; and that probe's id. */
async function withProbeAnswered(how: Partial<Probe>): Promise<{trace: Trace; id: number}> {
	const trace = await labTrace('www.example.com', 'A', {families: [4]});
	const probe = trace.zones.flatMap((zone) => zone.servers.flatMap((server) => server.probes)).find((candidate) => candidate.status === 'answered' && candidate.response)!;
	Object.assign(probe, how, {response: {...probe.response!, edns: undefined}});
	return {trace, id: probe.id};
}

const probeOf = (trace: Trace, id: number) => trace.zones.flatMap((zone) => zone.servers.flatMap((server) => server.probes)).find((probe) => probe.id === id)!;

describe('how an answer came, judged again from a file', () => {
	it('keeps "EDNS dropped" for a plain UDP answer that was truncated and asked again over TCP without EDNS', async () => {
		// The querier's path: UDP with EDNS timed out; the plain UDP query sent beside the TCP try answered, with TC=1;
		// TCP without EDNS gave the whole answer. The live trace and the reopened one must tell the same story.
		const {trace, id} = await withProbeAnswered({transport: 'tcp', truncatedOverUdp: true, udpTimedOut: false, ednsDropped: true, ednsFallback: true});
		expect(probeOf(rederiveTrace(trace), id)).toMatchObject({ednsDropped: true, ednsFallback: true});
	});

	it('does not believe "EDNS dropped" of a TCP answer no truncated UDP reply led to', async () => {
		const {trace, id} = await withProbeAnswered({transport: 'tcp', truncatedOverUdp: false, ednsDropped: true, ednsFallback: true});
		const judged = probeOf(rederiveTrace(trace), id);
		expect(judged.ednsDropped).toBeUndefined();
		expect(judged.ednsFallback).toBe(true);
	});
});
