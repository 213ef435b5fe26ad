import {describe, expect, it} from 'vitest';
import {withAnalysis} from '../../source/analysis/analyze.js';
import {parseUserName} from '../../source/dns/name.js';
import {createChangingLab} from '../../source/lab/changing-lab.js';
import {INTERNET} from '../../source/lab/internet.js';
import {readLabKeys} from '../../source/lab/key-cache.js';
import type {StorySpec} from '../../source/lab/world.js';
import {walk} from '../../source/trace/walk.js';

const keys = await readLabKeys();

/**
 * What a story's trace tells, round by round through its aftermath (as `--lab --watch` plays it): the DNSSEC verdict,
 * the findings and where, and the outcome with its records (signatures left out: ECDSA's differ at every signing).
 */
async function told(story: StorySpec, lazySigning: boolean): Promise<unknown[]> {
	const lab = createChangingLab(INTERNET, {latencyScale: 0, lazySigning, ...(keys ? {keys} : {})});
	const rounds = [];
	for (let round = 0; round <= (story.aftermath?.length ?? 0); round++) {
		if (round > 0) lab.apply(story.aftermath![round - 1]!);
		const world = lab.world();
		const trace = await walk({name: parseUserName(story.name).name, type: story.type ?? 'A'}, {transport: lab.transport, hints: world.hints, port: 53, families: [4, 6], timeoutMs: 250, retries: 0, dnssec: true});
		const {analysis} = withAnalysis(trace, {anchors: {source: 'lab', records: world.trustAnchor}});
		const outcome = trace.outcome && 'records' in trace.outcome ? trace.outcome.records.filter((record) => record.type !== 'RRSIG').map((record) => record.data) : [];
		rounds.push({dnssec: analysis.dnssec.outcome.status, findings: analysis.findings.map((finding) => `${finding.code} at ${finding.zone ?? ''}`).sort(), status: trace.outcome?.status, zone: trace.outcome?.zone, outcome});
	}
	return rounds;
}

describe('the lab with each zone signed when first asked (what --lab runs)', () => {
	it('tells every story, and every round of its aftermath, as the lab signed all at once does', async () => {
		const stories = await Promise.all(INTERNET.stories.map(async (story) => ({story: `${story.name} ${story.type ?? 'A'}`, atOnce: await told(story, false), asAsked: await told(story, true)})));
		expect(stories).toHaveLength(20);
		for (const {story, atOnce, asAsked} of stories) expect({story, told: asAsked}).toEqual({story, told: atOnce});
		// (What it tells is each story's: a signed answer, a bogus one, an expired signature, a delegation gone.)
		const first = new Map(stories.map(({story, atOnce}) => [story, atOnce[0] as {dnssec: string; findings: string[]}]));
		expect(first.get('www.example.com A')?.dnssec).toBe('secure');
		expect(first.get('www.rollover.net A')?.findings).toContain('DS_NO_MATCHING_DNSKEY at rollover.net.');
		expect(first.get('www.secondary.org A')?.findings).toContain('RRSIG_EXPIRED at secondary.org.');
		expect(first.get('www.puri.sm A')?.findings).toContain('DELEGATION_MISSING at puri.sm.');
	}, 60_000);
});
