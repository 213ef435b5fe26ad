import {describe, expect, it} from 'vitest';
import {withAnalysis} from '../../source/analysis/analyze.js';
import {readResolvers, resolverInWords} from '../../source/analysis/resolver-answers.js';
import {askResolvers} from '../../source/commands/ask-resolvers.js';
import {extendedErrors} from '../../source/dns/extended-error.js';
import {askRecursive} from '../../source/dns/recursive-query.js';
import type {QueryResult} from '../../source/dns/transport.js';
import {createChangingLab} from '../../source/lab/changing-lab.js';
import {INTERNET} from '../../source/lab/internet.js';
import {LAB_RESOLVERS} from '../../source/lab/lab-resolver.js';
import {keysOf} from '../../source/lab/world.js';
import {labTrace, labWorld} from '../helpers/lab.js';

const CACHED = '127.77.254.1';
const FRESH = '127.77.254.2';
const restoration = INTERNET.stories.find((story) => story.name === 'www.puri.sm')!.aftermath![0]!;

/** The stories' lab on a clock the test moves, with no latency. */
function lab() {
	const clock = {ms: Date.parse('2026-11-30T12:00:00Z')};
	const changing = createChangingLab(INTERNET, {latencyScale: 0, keys: keysOf(labWorld()), clock: () => clock.ms});
	const ask = async (address: string, name = 'www.puri.sm.'): Promise<QueryResult> => {
		const result = await askRecursive(changing.transport, {label: address, address, port: 53}, {name, type: 'A'}, {timeoutMs: 250, retries: 0});
		if (!('message' in result) && 'notAsked' in result) throw new Error(result.notAsked);
		return result as QueryResult;
	};
	return {clock, changing, ask};
}

const negativeTtl = (result: QueryResult) => (result.ok ? result.message.authority.find((record) => record.type === 'SOA')?.ttl : undefined);

describe('the lab\'s resolvers', () => {
	it('are two, on addresses no lab server uses', () => {
		const world = labWorld();
		expect(LAB_RESOLVERS.map((spec) => spec.address)).toEqual([CACHED, FRESH]);
		for (const spec of LAB_RESOLVERS) expect(world.byAddress.has(spec.address)).toBe(false);
	});

	it('answer as recursive resolvers: RA, no AA, no AD (they do not validate), the query\'s RD echoed', async () => {
		const {ask} = lab();
		const result = await ask(FRESH, 'www.example.com.');
		expect(result.ok && result.message.rcode).toBe('NOERROR');
		expect(result.ok && result.message.flags).toMatchObject({qr: true, aa: false, ra: true, rd: true, ad: false});
		expect(result.ok && result.message.answer.filter((record) => record.type === 'A').map((record) => record.data)).toEqual([{kind: 'address', address: '192.0.2.10'}]);
	});

	it('the first serves the NXDOMAIN for www.puri.sm it cached 19 minutes before the lab started, its TTL counting down with the lab\'s clock', async () => {
		const {clock, ask} = lab();
		const first = await ask(CACHED);
		expect(first.ok && first.message.rcode).toBe('NXDOMAIN');
		expect(negativeTtl(first)).toBe(3600 - 19 * 60);
		clock.ms += 600_000;
		expect(negativeTtl(await ask(CACHED))).toBe(3600 - 29 * 60);
	});

	it('after the registry restores puri.sm, the first still serves the NXDOMAIN until its TTL runs out; the second has the answer at once', async () => {
		const {clock, changing, ask} = lab();
		await ask(CACHED);
		await ask(FRESH);
		changing.apply(restoration);
		clock.ms += 60_000;
		const stale = await ask(CACHED);
		expect(stale.ok && stale.message.rcode).toBe('NXDOMAIN');
		expect(negativeTtl(stale)).toBe(3600 - 20 * 60);
		const fresh = await ask(FRESH);
		expect(fresh.ok && fresh.message.answer.map((record) => record.data)).toEqual([{kind: 'address', address: '192.0.2.50'}]);
		clock.ms += (3600 - 20 * 60) * 1000;
		const expired = await ask(CACHED);
		expect(expired.ok && expired.message.rcode).toBe('NOERROR');
		expect(expired.ok && expired.message.answer.map((record) => record.data)).toEqual([{kind: 'address', address: '192.0.2.50'}]);
	});

	it('answer SERVFAIL with an Extended DNS Error when they can reach no server of the zone (twitter.com\'s are named under dynect.net, whose servers are down)', async () => {
		const {ask} = lab();
		const result = await ask(FRESH, 'www.twitter.com.');
		expect(result.ok && result.message.rcode).toBe('SERVFAIL');
		expect(result.ok && extendedErrors(result.message)).toEqual([{code: 22, name: 'No Reachable Authority', text: 'no address for any name server of twitter.com.'}]);
	});

	it('beside the trace after the fix: the first "still serves the NXDOMAIN" for its remaining TTL, the second agrees', async () => {
		const {clock, changing} = lab();
		const plan = {list: 'system', targets: LAB_RESOLVERS.map((spec) => ({label: spec.label, address: spec.address, port: 53}))};
		const options = {timeoutMs: 250, retries: 0};
		await askResolvers(await labTrace('www.puri.sm', 'A', {world: changing.world(), transport: changing.transport}), plan, changing.transport, options, () => new Date(clock.ms));
		changing.apply(restoration);
		clock.ms += 60_000;
		const traced = await askResolvers(await labTrace('www.puri.sm', 'A', {world: changing.world(), transport: changing.transport}), plan, changing.transport, options, () => new Date(clock.ms));
		const {analysis} = withAnalysis(traced, {anchors: {source: 'lab', records: changing.world().trustAnchor}});
		const words = readResolvers(traced, analysis.dnssec.outcome.status).map((reading) => resolverInWords(reading, traced, analysis.dnssec.outcome.status));
		expect(words).toEqual(['still serves the NXDOMAIN for about 40 minutes more (2400 s, until 2026-11-30 12:41 UTC), where the authoritative servers now give A 192.0.2.50', 'agrees; it keeps it for about 60 minutes more (3600 s, until 2026-11-30 13:01 UTC)']);
	});
});
