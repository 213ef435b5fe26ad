import {describe, expect, it} from 'vitest';
import {systemDeps} from '../../source/dns/network-transport.js';
import {createTransport} from '../../source/dns/querier.js';
import {createLabLink} from '../../source/lab/lab-link.js';
import {survey, type ZoneResult} from '../../source/survey/survey.js';
import type {Probe} from '../../source/trace/model.js';
import {explainLines} from '../../source/ui/views/explain-view.js';
import {responseLines, type Line} from '../../source/ui/views/lines.js';
import {labWorld} from '../helpers/lab.js';

const text = (lines: Line[]) => lines.map((line) => line.map((segment) => segment.text).join(''));

/** com. and net. surveyed one after the other at a fixed moment: net.'s trace is given the root's answers com.'s asked. */
async function surveyed(): Promise<ZoneResult[]> {
	const world = labWorld();
	const results: ZoneResult[] = [];
	const anchors = {source: 'lab', records: world.trustAnchor.filter((record) => record.type === 'DS')};
	await survey(
		['com.', 'net.'],
		{transport: createTransport(createLabLink(world, {latencyScale: 0}), systemDeps), hints: world.hints, port: 53, families: [4], timeoutMs: 250, retries: 0, dnssec: true, anchors, politeness: {maxInFlight: 64, ratePerAddress: 1000}, describe: {hints: 'lab', lab: 'internet'}, zonesInParallel: 1, date: () => new Date('2026-11-30T07:51:06.250Z')},
		(result) => {
			results.push(result);
		},
	);
	return results;
}

const rootKeys = ({analysed}: ZoneResult): Probe => analysed.trace.zones[0]!.servers[0]!.probes.find((probe) => probe.question.type === 'DNSKEY')!;

describe('a probe the survey\'s share answered, where a person reads it', () => {
	it('says so in the dig view and the explanation; a probe sent for this zone says nothing of it', async () => {
		const [com, net] = await surveyed();
		const sent = rootKeys(com!);
		const given = rootKeys(net!);
		expect(sent.shared).toBeUndefined();
		expect(given.shared).toEqual({measuredAt: '2026-11-30T07:51:06.250Z'});

		const words = 'answered from the survey\'s share: this query was sent once, at 07:51:06 UTC, for another zone';
		expect(text(responseLines(given))[1]).toBe(`;; ${words}`);
		expect(text(responseLines(sent)).join('\n')).not.toContain('survey\'s share');

		const explained = text(explainLines(net!.analysed.trace, net!.analysed.analysis, {kind: 'probe', zone: '.', address: given.address, probe: given.id}));
		expect(explained).toContain(`It was ${words}.`);

	});
});
