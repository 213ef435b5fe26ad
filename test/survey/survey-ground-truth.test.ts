import {mkdtemp} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {withAnalysis} from '../../source/analysis/analyze.js';
import {buildGeneratedLab} from '../../source/lab/generated-lab.js';
import {createLabTransport} from '../../source/lab/lab-transport.js';
import {FAILURE_MODES} from '../../source/lab/tld-failure-modes.js';
import {scoreAgainstTruth} from '../../source/lab/truth-score.js';
import {survey} from '../../source/survey/survey.js';
import {summarizeZone} from '../../source/survey/zone-summary.js';
import {servedSerial} from '../../source/trace/probe-facts.js';
import {labTrace, labWorld, zoneOf} from '../helpers/lab.js';

const TLDS = 400;
const keyFile = path.join(await mkdtemp(path.join(tmpdir(), 'digdeeper-truth-keys-')), 'keys.json');

describe('a survey of the generated root, against its ground truth', () => {
	it(`finds every injected fault of ${TLDS} TLDs and reports nothing else: recall and precision 100 %`, {timeout: 240_000}, async () => {
		const {world, root} = await buildGeneratedLab({tlds: TLDS, keyFile});
		const reported = new Map<string, string[]>();
		const notesAboutOthers: string[] = [];
		await survey(
			root.truth.map((entry) => entry.tld),
			{
				transport: createLabTransport(world, {latencyScale: 0}),
				hints: world.hints,
				port: 53,
				families: [4, 6],
				// A second, and a retry: on a loaded machine a live server's answer can be late, and would read as a fault.
				timeoutMs: 1000,
				retries: 1,
				dnssec: true,
				anchors: {source: 'generated root', records: world.trustAnchor},
				// The providers' hosts serve a third of the TLDs each: the real politeness would make this test minutes long.
				politeness: {maxInFlight: 256, ratePerAddress: 1000},
			},
			({summary}) => {
				reported.set(summary.zone, [...new Set(summary.findings.filter((finding) => finding.severity !== 'info').map((finding) => finding.code))]);
				notesAboutOthers.push(...summary.findings.filter((finding) => finding.severity === 'info' && finding.zone !== summary.zone).map((finding) => `${summary.zone} ${finding.code} about ${finding.zone}`));
			},
		);
		// A zone's record holds no note about another zone (pch.net.'s servers all named under itself is pch.net.'s own).
		expect(notesAboutOthers).toEqual([]);
		const score = scoreAgainstTruth(root.truth, reported);
		// Every failure mode is in the sample, each scored on its own.
		expect(score.modes.map((mode) => mode.mode).sort()).toEqual([...FAILURE_MODES, 'healthy'].sort());
		expect(score.misses).toEqual([]);
		expect({recall: score.recall, precision: score.precision}).toEqual({recall: 1, precision: 1});
		expect(score.modes.find((mode) => mode.mode === 'healthy')!.zones).toBeGreaterThan(TLDS * 0.8);
	});

	it('scores code by code: a missed code lowers recall, a code said without cause lowers precision', () => {
		const truth = [
			{tld: 'aa.', nameservers: [], modes: ['stale' as const], broken: [], expected: ['SERIAL_MISMATCH' as const]},
			{tld: 'bb.', nameservers: [], modes: ['dead' as const], broken: [], expected: ['SERVER_TIMEOUT' as const]},
			{tld: 'cc.', nameservers: [], modes: [], broken: [], expected: []},
		];
		const score = scoreAgainstTruth(truth, new Map([['aa.', ['SERIAL_MISMATCH']], ['cc.', ['SERVER_REFUSED']]]));
		expect(score.modes).toEqual([
			{mode: 'dead', zones: 1, truePositives: 0, falseNegatives: 1, falsePositives: 0},
			{mode: 'stale', zones: 1, truePositives: 1, falseNegatives: 0, falsePositives: 0},
			{mode: 'healthy', zones: 1, truePositives: 0, falseNegatives: 0, falsePositives: 1},
		]);
		expect({recall: score.recall, precision: score.precision}).toEqual({recall: 0.5, precision: 0.5});
		expect(score.misses.map((miss) => miss.tld)).toEqual(['bb.', 'cc.']);
	});
});

describe('a zone whose SOA the walk asked first', () => {
	it('still has its serials read and compared: the walk asks a server each question once, for whichever purpose came first', async () => {
		const trace = await labTrace('bw.', 'SOA');
		// What a busy walk records: its own question went out before the queued SOA check, which then was not sent again.
		// (Under load the walk's question may have gone first already: either way, each server's one SOA over UDP.)
		const relabelled = zoneOf(trace, 'bw.').servers.flatMap((server) => server.probes.filter((probe) => probe.purpose === 'soa' || (probe.purpose === 'walk' && probe.question.name === 'bw.' && probe.question.type === 'SOA')));
		for (const probe of relabelled) probe.purpose = 'walk';
		expect(relabelled).toHaveLength(4);
		const analysed = withAnalysis(trace, {anchors: {source: 'lab', records: labWorld().trustAnchor.filter((record) => record.type === 'DS')}});
		expect(Object.fromEntries(zoneOf(trace, 'bw.').servers.map((server) => [server.name, servedSerial(server)]))).toEqual({'dns1.btc.bw.': undefined, 'dns2.btc.bw.': 2024020312, 'pch.nic.bw.': 2024020712, 'afrinic.nic.bw.': 2024020712});
		expect(analysed.analysis.findings.map((finding) => finding.code)).toContain('SERIAL_MISMATCH');
		expect(summarizeZone('bw.', analysed).serials).toEqual([2024020712, 2024020312]);
	});
});
