import {describe, expect, it} from 'vitest';
import {responseLines, serverLines} from '../../source/ui/views/lines.js';
import {labTrace} from '../helpers/lab.js';

const text = (lines: ReturnType<typeof responseLines>) => lines.map((line) => line.map((segment) => String(segment.text)).join('')).join('\n');

// dig's ";; SERVER: ADDRESS#PORT" line said #53 whatever port the trace asked on (--port 5710, a lab served on 5300):
// an audit found it.
describe('the SERVER line names the port asked', () => {
	it('gives the trace\'s port, and 53 only when it was 53', async () => {
		const trace = await labTrace('www.example.com');
		const zone = trace.zones[0]!;
		const server = zone.servers[0]!;
		const probe = server.probes.find((candidate) => candidate.response)!;
		expect(text(responseLines(probe, 5710))).toContain(`;; SERVER: ${probe.address}#5710 (`);
		expect(text(responseLines(probe))).toContain(`;; SERVER: ${probe.address}#53 (`);
		expect(text(serverLines(undefined, zone, server, 5710))).toContain('#5710 (');
	});
});
