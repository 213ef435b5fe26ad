import {describe, expect, it} from 'vitest';
import {withAnalysis} from '../../source/analysis/analyze.js';
import type {Trace} from '../../source/trace/model.js';
import {servedSerial} from '../../source/trace/probe-facts.js';
import {labTrace, labWorld, zoneOf} from '../helpers/lab.js';

const anchors = () => ({source: 'lab', records: labWorld().trustAnchor.filter((record) => record.type === 'DS')});

/**
 * A server is asked a question once, under the purpose that asked it first. In a trace of `ZONE SOA` under load (a
 * survey's, its queries waiting their turn) the walk's own question can reach the zone's servers before the zone's
 * SOA question: the zone's SOA is then the walk's probe. The same trace, as it would be then.
 */
function askedFirstByTheWalk(trace: Trace, zone: string): Trace {
	const copy = structuredClone(trace);
	for (const server of zoneOf(copy, zone).servers) for (const probe of server.probes) if (probe.purpose === 'soa') probe.purpose = 'walk';
	return copy;
}

describe('the zone\'s SOA, whichever purpose asked it first', () => {
	it('gives each server\'s serial and the serial comparison all the same', async () => {
		const trace = await labTrace('ls.', 'SOA');
		const walkFirst = askedFirstByTheWalk(trace, 'ls.');
		expect(zoneOf(walkFirst, 'ls.').servers.flatMap((server) => server.probes).filter((probe) => probe.purpose === 'soa')).toEqual([]);
		expect(zoneOf(walkFirst, 'ls.').servers.map((server) => [server.address, servedSerial(server)])).toEqual([
			['127.77.54.1', 1707301200],
			['127.77.54.2', 1707301200],
			['127.77.150.5', 1707301500],
			['127.77.151.2', 1707301200],
		]);
		const serials = (of: Trace) => withAnalysis(of, {anchors: anchors()}).analysis.findings.filter((finding) => finding.code === 'SERIAL_MISMATCH').map(({zone, servers, message}) => ({zone, servers, message}));
		expect(serials(walkFirst)).toEqual(serials(trace));
		expect(serials(walkFirst)).toEqual([{zone: 'ls.', servers: ['127.77.54.1', '127.77.54.2', '127.77.151.2'], message: 'ls.: ns1.nic.ls. (127.77.54.1), ns2.nic.ls. (127.77.54.2) and afrinic.nic.ls. (127.77.151.2) serve serial 1707301200 (300 behind, about 5 minutes): pch.nic.ls. (127.77.150.5) serves 1707301500'}]);
	});

	it('is not a probe of another name\'s SOA the walk asked the zone', async () => {
		const trace = await labTrace('www.example.com.', 'SOA');
		// example.com.'s servers were asked www.example.com. SOA by the walk, and answered NODATA with the zone's SOA.
		const example = zoneOf(trace, 'example.com.');
		expect(example.servers.every((server) => server.probes.some((probe) => probe.purpose === 'walk' && probe.question.name === 'www.example.com.'))).toBe(true);
		expect(example.servers.map((server) => servedSerial(server))).toEqual([2024020100, 2024020100, 2024020100, 2024020100]);
		// Without the zone's own SOA probes, the walk's NODATA for another name is no serial of the zone's.
		for (const server of example.servers) server.probes = server.probes.filter((probe) => probe.purpose !== 'soa');
		expect(example.servers.map((server) => servedSerial(server))).toEqual([undefined, undefined, undefined, undefined]);
	});
});
