import {describe, expect, it} from 'vitest';
import {systemDeps} from '../../source/dns/network-transport.js';
import {createTransport} from '../../source/dns/querier.js';
import type {Link} from '../../source/dns/transport.js';
import {createLabLink} from '../../source/lab/lab-link.js';
import {survey} from '../../source/survey/survey.js';
import {labWorld} from '../helpers/lab.js';

/** The lab's top-level domains, healthy and broken: a survey of them sends about 900 queries. */
const TLDS = ['com.', 'net.', 'org.', 'sm.', 'im.', 'bw.', 'xn--mgbai9azgqp6j.', 'xn--wgbh1c.', 'creditunion.', 'ls.', 'td.', 'gm.', 'mw.'];

/** Every query's message ID as it left, in order, through the lab's network. */
function recordingLab() {
	const inner = createLabLink(labWorld(), {latencyScale: 0});
	const ids: number[] = [];
	const recorded = (protocol: 'udp' | 'tcp'): Link['udp'] => (to, payload, handlers) => {
		ids.push((payload[0]! << 8) | payload[1]!);
		return inner[protocol](to, payload, handlers);
	};
	return {link: {udp: recorded('udp'), tcp: recorded('tcp')} satisfies Link, ids};
}

describe("the system's message IDs (drawn 256 at a time from the CSPRNG)", () => {
	it('vary across a whole survey: as many distinct as chance allows, none counted up from the last', async () => {
		const lab = recordingLab();
		const anchors = {source: 'lab', records: labWorld().trustAnchor.filter((record) => record.type === 'DS')} as const;
		await survey(TLDS, {transport: createTransport(lab.link, systemDeps), hints: labWorld().hints, port: 53, families: [4, 6], timeoutMs: 250, retries: 0, dnssec: true, anchors, politeness: {maxInFlight: 256, ratePerAddress: 1000}, describe: {hints: 'lab', lab: 'internet'}}, () => {});
		const {ids} = lab;
		// Several refills of the 256: a batch used twice would leave at most 256 distinct IDs.
		expect(ids.length).toBeGreaterThan(3 * 256);
		expect(ids.every((id) => Number.isInteger(id) && id >= 0 && id <= 0xff_ff)).toBe(true);
		// n random 16-bit IDs share one in about n²/131072 pairs (a dozen or two here); 60 more would be a broken draw.
		const expectedRepeats = ids.length ** 2 / 131_072;
		expect(ids.length - new Set(ids).size).toBeLessThan(expectedRepeats + 60);
		// A counter (or a batch not refilled, read past its end as 0) would make neighbours equal or one apart.
		const neighbours = ids.slice(1).filter((id, index) => Math.abs(id - ids[index]!) <= 1).length;
		expect(neighbours).toBeLessThan(5);
	});
});
