import {describe, expect, it} from 'vitest';
import {withAnalysis, type AnalysedTrace} from '../../source/analysis/analyze.js';
import {explainLines} from '../../source/ui/views/explain-view.js';
import type {Line} from '../../source/ui/views/lines.js';
import type {NodeRef} from '../../source/ui/tree-model.js';
import {labTrace, labWorld, probeFor, serverOf, zoneOf} from '../helpers/lab.js';

const text = (lines: Line[]) => lines.map((line) => line.map((segment) => segment.text).join('')).join('\n');
const traces = new Map<string, Promise<AnalysedTrace>>();
const analysed = (name: string) => {
	if (!traces.has(name)) traces.set(name, labTrace(name, 'A', {timeoutMs: 250}).then((trace) => withAnalysis(trace, {anchors: {source: 'lab', records: labWorld().trustAnchor}})));
	return traces.get(name)!;
};
async function explain(name: string, ref: NodeRef): Promise<string> {
	const {trace, analysis} = await analysed(name);
	return text(explainLines(trace, analysis, ref));
}

describe('explain (i), written from what the trace recorded, on every kind of node', () => {
	it('the root: found from the hints, and the step waits for every server before following the referral', async () => {
		const root = await explain('www.example.com.', {kind: 'zone', zone: '.'});
		expect(root).toContain('Its servers are found from the root hints');
		expect(root).toContain('The walk waited for every server\'s answer (or failure) and followed the referral');
		expect(root).not.toContain('first useful referral');
	});

	it('a root server: found through the root hints and confirmed by the root\'s own NS set, never by glue', async () => {
		const words = await explain('www.example.com.', {kind: 'nameserver', zone: '.', name: 'a.root-servers.net.'});
		expect(words).toContain('No zone delegates the root, so no referral or glue leads to it: a resolver finds it through the root hints');
		expect(words).toContain('The root\'s own NS set, asked of its servers, lists it too.');
		expect(words).toContain('• 127.77.0.1, learned from the root hints');
		expect(words).not.toContain('only glue');
	});

	it('a zone: how many of its name servers the parent gave glue for, not a guess why', async () => {
		expect(await explain('www.example.com.', {kind: 'zone', zone: 'com.'})).toContain('. delegated com. to 2 name servers: the parent\'s servers answered with a referral, NS records naming them, and glue (the addresses) for 2 of them.');
		expect(await explain('www.shop.com.', {kind: 'zone', zone: 'shop.com.'})).toContain('without glue: their addresses had to be looked up elsewhere');
	});

	it("a glueless name server's sub-trace: looked up as a resolver must, and asked from the first answer on, at every address given", async () => {
		const {trace} = await analysed('www.shop.com.');
		const lookUp = trace.resolutions.find((resolution) => resolution.purpose === 'ns-address' && resolution.question.name === 'ns1.dnsprovider.net.' && resolution.question.type === 'A')!;
		const words = await explain('www.shop.com.', {kind: 'subtrace', zone: 'shop.com.', name: 'ns1.dnsprovider.net.', resolution: lookUp.id});
		expect(words).toContain('so digdeeper looked the name up itself, iteratively from the nearest zone it already knew');
		expect(words).toContain('shop.com. was asked at the first address an answer gave, without waiting for the look-up\'s other servers, and at every address any of them gave');
		expect(words).toContain('Path: . (referral) → net. (referral) → dnsprovider.net. (answer); outcome: answer.');
	});

	it("a glueless name server's sub-trace that gave no address (ns1.puri.sm. of pureos.net., NXDOMAIN) says the zone was never asked at one, not that it was asked at the first address an answer gave", async () => {
		const {trace} = await analysed('www.pureos.net.');
		const lookUp = trace.resolutions.find((resolution) => resolution.purpose === 'ns-address' && resolution.question.name === 'ns1.puri.sm.' && resolution.question.type === 'A')!;
		const words = await explain('www.pureos.net.', {kind: 'subtrace', zone: 'pureos.net.', name: 'ns1.puri.sm.', resolution: lookUp.id});
		expect(words).not.toContain('was asked at the first address an answer gave');
		expect(words).toContain('No answer gave ns1.puri.sm. an address, so pureos.net. was never asked through it.');
		expect(words).toContain('Path: . (referral) → sm. (nxdomain); outcome: nxdomain');
	});

	it('a name server outside its zone with glue (a.gtld-servers.net. of com.) says glue, never a sub-trace', async () => {
		const words = await explain('www.example.com.', {kind: 'nameserver', zone: 'com.', name: 'a.gtld-servers.net.'});
		expect(words).toContain('The name lies outside com., so a resolver can also find its address in the name\'s own zone.');
		expect(words).toContain('• 127.77.1.1, learned from glue: . handed it out with its referral to com.');
		expect(words).not.toContain('sub-trace');
	});

	it('a name server inside its zone: only glue leads to it, and where each address came from', async () => {
		const words = await explain('www.example.com.', {kind: 'nameserver', zone: 'example.com.', name: 'ns1.example.com.'});
		expect(words).toContain('The name lies inside example.com. itself, so only glue');
		expect(words).toContain('• 127.77.10.1, learned from glue: com. handed it out with its referral to example.com.; and from the servers of example.com. themselves');
	});

	it('a name server found by a sub-trace: the dependency on its zone follows from that', async () => {
		const words = await explain('www.shop.com.', {kind: 'nameserver', zone: 'shop.com.', name: 'ns1.dnsprovider.net.'});
		expect(words).toContain('• 127.77.11.1, learned from a sub-trace');
		expect(words).toContain('So shop.com. depends on dnsprovider.net. too');
		expect(words).not.toContain('glue:');
	});

	it('a name server with no address says why', async () => {
		const words = await explain('tox.im.', {kind: 'nameserver', zone: 'tox.im.', name: 'ns1.servicex-dns.com.'});
		expect(words).toContain('No address could be found for it: ns1.servicex-dns.com. could not be resolved (servicex-dns.com. failed).');
	});

	it('a server address with glue, a co-hosted one, and an unreachable one', async () => {
		const glued = await explain('www.example.com.', {kind: 'server', zone: 'example.com.', name: 'ns1.example.com.', address: '127.77.10.1'});
		expect(glued).toContain('This address was learned from glue: com. handed it out with its referral to example.com.');
		// The name's own dot ends the sentence: no second one after it.
		expect(glued).not.toContain('example.com..');
		expect(glued).toMatch(/It answered (\d+) of the \1 questions asked of it\./u);
		const cohosted = await explain('www.nic.gm.', {kind: 'server', zone: 'gm.', name: 'ns1.dns.gm.', address: '127.77.57.1'});
		expect(cohosted).toContain('It is also a server of nic.gm. (co-hosted)');
		const dead = await explain('big.example.org.', {kind: 'server', zone: 'example.org.', name: 'ns3.example.org.', address: '127.77.112.3'});
		expect(dead).toContain('gave no answer (timeout)');
		expect(dead).toMatch(/It answered none of the \d+ questions asked of it: to a resolver this server is unreachable\./u);
	});

	it('a server from a sub-trace says so', async () => {
		expect(await explain('www.shop.com.', {kind: 'server', zone: 'shop.com.', name: 'ns1.dnsprovider.net.', address: '127.77.11.1'})).toContain('This address was learned from a sub-trace');
	});

	it('a probe: why it was asked and what came back', async () => {
		const {trace} = await analysed('www.example.com.');
		const probe = probeFor(serverOf(zoneOf(trace, 'example.com.'), '127.77.10.1'), 'example.com.', 'DNSKEY');
		const words = await explain('www.example.com.', {kind: 'probe', zone: 'example.com.', address: '127.77.10.1', probe: probe.id});
		expect(words).toContain(`Probe #${probe.id}: example.com. DNSKEY to 127.77.10.1`);
		expect(words).toContain('Why: the zone\'s DNSKEY set');
		expect(words).toContain('What came back: an authoritative answer');
	});
});
