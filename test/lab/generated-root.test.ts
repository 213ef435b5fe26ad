import {mkdtemp} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {withAnalysis} from '../../source/analysis/analyze.js';
import {FINDING_CATALOGUE} from '../../source/analysis/finding-catalogue.js';
import {buildGeneratedLab} from '../../source/lab/generated-lab.js';
import {generateRoot, type TldTruth} from '../../source/lab/generated-root.js';
import {EXPECTED_CODES, FAILURE_MODES} from '../../source/lab/tld-failure-modes.js';
import {labTrace} from '../helpers/lab.js';

const keyFile = path.join(await mkdtemp(path.join(tmpdir(), 'digdeeper-generated-keys-')), 'keys.json');
const {world, root} = await buildGeneratedLab({tlds: 1500, keyFile});

/**
 * The error and warning codes a single trace of `TLD SOA` reports for the TLD itself, sorted. A second to time out:
 * on a loaded machine a live server's answer can take longer than the usual 250 ms, and would read as a fault.
 */
async function reported(tld: string): Promise<string[]> {
	const trace = await labTrace(tld, 'SOA', {world, families: [4], timeoutMs: 1000});
	const {analysis} = withAnalysis(trace, {anchors: {source: 'generated root', records: world.trustAnchor}});
	return [...new Set(analysis.findings.filter((finding) => finding.zone === tld && finding.severity !== 'info').map((finding) => finding.code))].sort();
}

describe('the generated root', () => {
	it('is the same world for the same seed, and another for another seed', () => {
		const again = generateRoot({tlds: 1500});
		expect(again.spec).toEqual(root.spec);
		expect(again.truth).toEqual(root.truth);
		expect(generateRoot({tlds: 1500, seed: 17}).truth.map((entry) => entry.tld)).not.toEqual(root.truth.map((entry) => entry.tld));
	});

	it('gives TLDs 2 to 13 name servers, most of them 4 or 6, as the real root does', () => {
		const counts = root.truth.map((entry) => entry.nameservers.length);
		expect(Math.min(...counts)).toBe(2);
		expect(Math.max(...counts)).toBe(13);
		// 1,145 of 1,508 in the 2020 root zone: 76 %.
		const fourOrSix = counts.filter((count) => count === 4 || count === 6).length / counts.length;
		expect(fourOrSix).toBeGreaterThan(0.7);
		expect(fourOrSix).toBeLessThan(0.82);
	});

	it('signs most TLDs, with algorithms 8 and 13, and breaks 10 to 15 % of them, every mode at least once', () => {
		const signed = root.truth.filter((entry) => entry.algorithm !== undefined);
		expect(signed.length / root.truth.length).toBeGreaterThan(0.85);
		expect(new Set(signed.map((entry) => entry.algorithm))).toEqual(new Set([8, 13]));
		const broken = root.truth.filter((entry) => entry.modes.length > 0);
		expect(broken.length / root.truth.length).toBeGreaterThan(0.1);
		expect(broken.length / root.truth.length).toBeLessThan(0.15);
		expect(new Set(broken.flatMap((entry) => entry.modes))).toEqual(new Set(FAILURE_MODES));
	});

	it('names its servers under the TLDs themselves and under the shared providers, each at a latency of 5 to 250 ms', () => {
		const names = root.truth.flatMap((entry) => entry.nameservers);
		const own = names.filter((name) => /\.nic\./u.test(name)).length / names.length;
		expect(own).toBeGreaterThan(0.4);
		expect(own).toBeLessThan(0.75);
		for (const provider of ['pch.net.', 'afrinic.net.', 'ultradns.net.']) expect(names.some((name) => name.endsWith(`.${provider}`))).toBe(true);
		const latencies = world.servers.map((server) => server.latencyMs);
		expect(Math.min(...latencies)).toBeGreaterThanOrEqual(5);
		expect(Math.max(...latencies)).toBeLessThanOrEqual(250);
	});

	it('writes only codes the catalogue has into its ground truth', () => {
		for (const code of Object.values(EXPECTED_CODES).flat()) expect(Object.keys(FINDING_CATALOGUE)).toContain(code);
	});
});

describe('a trace of each generated TLD reports exactly its ground truth', () => {
	const sample: TldTruth[] = [
		...FAILURE_MODES.flatMap((mode) => root.truth.filter((entry) => entry.modes.includes(mode)).slice(0, 2)),
		// Healthy ones: signed with each algorithm, unsigned, and the infrastructure TLD.
		...root.truth.filter((entry) => entry.modes.length === 0 && entry.algorithm === 8).slice(0, 2),
		...root.truth.filter((entry) => entry.modes.length === 0 && entry.algorithm === 13).slice(0, 2),
		...root.truth.filter((entry) => entry.modes.length === 0 && entry.algorithm === undefined).slice(0, 2),
		// The largest NS sets: their referrals stay within 512 octets.
		...root.truth.filter((entry) => entry.nameservers.length === 13),
	];
	for (const entry of sample) {
		it(`${entry.tld} (${entry.modes.join(', ') || 'healthy'}, ${entry.nameservers.length} servers): ${entry.expected.join(', ') || 'no error or warning'}`, async () => {
			expect(await reported(entry.tld)).toEqual(entry.expected);
		});
	}
});
