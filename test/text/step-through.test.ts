import {beforeAll, describe, expect, it} from 'vitest';
import {stepsOf, traceUpTo, type Step} from '../../source/text/step-through.js';
import {stepTranscript} from '../../source/text/step-text.js';
import type {Trace} from '../../source/trace/model.js';
import {createLabTransport} from '../../source/lab/lab-transport.js';
import {withAnalysis} from '../../source/analysis/analyze.js';
import {parseSnapshot} from '../../source/snapshot/snapshot.js';
import {serializeSnapshot} from '../../source/snapshot/write-snapshot.js';
import {labTrace, labWorld} from '../helpers/lab.js';
import {NO_NS, UNFINDABLE} from '../helpers/undelegated-worlds.js';

let example: Trace;
let steps: Step[];
beforeAll(async () => {
	example = await labTrace('www.example.com');
	steps = stepsOf(example);
});

describe('the steps of www.example.com A in the lab', () => {
	it('start with the root\'s referral to com. with glue, the other root servers beside it, then com.\'s referral and the answer, each zone\'s checks and DNSSEC queries after its first question', () => {
		expect(steps.slice(0, 10).map((step) => [step.number, step.role, step.title])).toEqual([
			[1, 'path', 'asking a.root-servers.net. (127.77.0.1) for www.example.com. A: the root does not know the name, but knows who serves com. (a.gtld-servers.net. and b.gtld-servers.net.) and gives their addresses (glue)'],
			[2, 'beside', "also asked, to compare: www.example.com. A of the 7 other addresses of the root's servers: all 7 gave referral to com."],
			[3, 'checks', "also asked, to compare: each of the root's 8 server addresses, for its SOA, NS set, CDS and CDNSKEY, and SOA over TCP: all 40 answered"],
			[4, 'dnssec', "for DNSSEC: the DNSKEY set of the root from its 8 server addresses (2 keys), and the DS of com. from the root's servers (1 DS record: the chain of trust goes on)"],
			[5, 'path', 'asking a.gtld-servers.net. (127.77.1.1) for www.example.com. A: com. does not know the name, but knows who serves example.com. (ns1.example.com. and ns2.example.com.) and gives their addresses (glue)'],
			[6, 'beside', "also asked, to compare: www.example.com. A of the 3 other addresses of com.'s servers: all 3 gave referral to example.com."],
			[7, 'checks', "also asked, to compare: each of com.'s 4 server addresses, for its SOA, NS set, CDS and CDNSKEY, and SOA over TCP: all 20 answered"],
			[8, 'dnssec', "for DNSSEC: the DNSKEY set of com. from its 4 server addresses (2 keys), and the DS of example.com. from com.'s servers (1 DS record: the chain of trust goes on)"],
			[9, 'path', 'asking ns1.example.com. (127.77.10.1) for www.example.com. A: the answer, A 192.0.2.10, with authority (the AA bit): this server serves example.com. and the data is its own'],
			[10, 'beside', "also asked, to compare: www.example.com. A of the 3 other addresses of example.com.'s servers: all 3 gave NOERROR answer"],
		]);
	});

	it('says what a path step is and why digdeeper asks every server beside it', () => {
		expect(steps[0]!.words).toEqual(["On the resolver's path: a resolver asks one server of the root and moves on with its answer; digdeeper follows this one's."]);
		expect(steps[1]!.words[0]).toMatch(/^A resolver asks one; digdeeper asks them all/u);
		expect(steps[3]!.words.at(-1)).toBe('A validating resolver fetches these too (from one server); digdeeper asks every server.');
	});

	it('tells every query once, the followed ones alone in their step', () => {
		const all = example.zones.flatMap((zone) => zone.servers.flatMap((server) => server.probes.map((probe) => probe.id)));
		const told = steps.flatMap((step) => step.probes);
		expect(told.toSorted((a, b) => a - b)).toEqual(all.toSorted((a, b) => a - b));
		expect(steps.filter((step) => step.role === 'path').map((step) => step.probes)).toEqual(example.resolutions[0]!.steps.map((step) => [step.probe]));
	});

	it('grows the tree as the resolver learns: after the root\'s referral it knows com., after com.\'s example.com.', () => {
		expect(traceUpTo(example, steps, 1).zones.map((zone) => zone.name)).toEqual(['.', 'com.']);
		expect(traceUpTo(example, steps, 4).zones.map((zone) => zone.name)).toEqual(['.', 'com.']);
		expect(traceUpTo(example, steps, 5).zones.map((zone) => zone.name)).toEqual(['.', 'com.', 'example.com.']);
		// Only the root server asked so far carries a probe.
		expect(traceUpTo(example, steps, 1).zones[0]!.servers.filter((server) => server.probes.length > 0).map((server) => server.address)).toEqual(['127.77.0.1']);
	});

	it('comes out the same from another trace of the same name', async () => {
		const again = stepsOf(await labTrace('www.example.com'));
		expect(again.map((step) => step.title)).toEqual(steps.map((step) => step.title));
	});
});

describe('servers that disagree (www.example.net: one refuses, one refers upward, one serves an old copy)', () => {
	it('are named beside the path with what their response means', async () => {
		const net = stepsOf(await labTrace('www.example.net', 'A', {timeoutMs: 100}));
		const beside = net.find((step) => step.role === 'beside' && step.zone === 'example.net.')!;
		expect(beside.title).toBe("also asked, to compare: www.example.net. A of the 3 other addresses of example.net.'s servers: REFUSED: ns2.example.net. (127.77.13.2); NOERROR upward-referral: ns3.example.net. (127.77.113.3); NOERROR answer: ns4.example.net. (127.77.113.4)");
		expect(beside.words.slice(1)).toEqual(['REFUSED: the server will not answer for this zone; it is not configured there.', 'An upward referral: instead of answering, the server pointed back at the root. It does not have the zone; resolvers call that lame.']);
	});
});

describe('side trips', () => {
	it('are entered and left visibly where the name servers have no glue (pureos.net, served from puri.sm)', async () => {
		const pureos = stepsOf(await labTrace('www.pureos.net'));
		const entered = pureos.filter((step) => step.enters);
		expect(entered.map((step) => step.title.slice(0, 45))).toEqual(['[side trip: the A of ns1.puri.sm.] asking a.r', '[side trip: the AAAA of ns1.puri.sm.] asking ', '[side trip: the A of ns2.puri.sm.] asking a.r', '[side trip: the AAAA of ns2.puri.sm.] asking ']);
		expect(entered[0]!.enters).toBe('A side trip begins: to reach ns1.puri.sm., a name server of pureos.net., the resolver first needs its address (A). The referral carried no glue for it, so it looks the name up itself, starting at the closest zone it knows.');
		const left = pureos.filter((step) => step.leaves);
		expect(left.map((step) => step.leaves)).toEqual([
			'The side trip ends, back to pureos.net.: no A address for ns1.puri.sm. (nxdomain).',
			'The side trip ends, back to pureos.net.: no AAAA address for ns1.puri.sm. (nxdomain).',
			'The side trip ends, back to pureos.net.: no A address for ns2.puri.sm. (nxdomain).',
			'The side trip ends, back to pureos.net.: no AAAA address for ns2.puri.sm. (nxdomain).',
		]);
		// A trip is left after its last step, the other sm. server's answer beside its last included.
		expect(left[0]!.title).toBe("[side trip: the A of ns1.puri.sm.] also asked, to compare: ns1.puri.sm. A of the other address of sm.'s servers: it gave NXDOMAIN");
		// Every trip is entered before it is left, none of its steps comes after, and the walk ends where nothing is left to ask.
		for (const step of left) {
			expect(pureos.findIndex((other) => other.enters && other.resolution === step.resolution)).toBeLessThan(step.number - 1);
			expect(pureos.slice(step.number).some((other) => other.resolution === step.resolution && (other.role === 'path' || other.role === 'beside'))).toBe(false);
		}
		expect(pureos.at(-1)!.title).toMatch(/^nothing to ask at pureos\.net\.: no server of pureos\.net\. could be reached/u);
	});

	it('come back with the address found, and the alias is followed (www.shop.com: glueless servers, then a CNAME)', async () => {
		const shop = stepsOf(await labTrace('www.shop.com'));
		expect(shop.filter((step) => step.leaves).map((step) => step.leaves)).toContain('The side trip ends, back to shop.com.: ns1.dnsprovider.net. is at 127.77.11.1, and can be asked now.');
		expect(shop.find((step) => step.role === 'path' && step.zone === 'shop.com.')!.title).toMatch(/: an alias: www\.shop\.com\. is a CNAME for shop\.cdnhost\.net\., so the resolver follows it and asks for shop\.cdnhost\.net\. A, from the closest zone it knows$/u);
		expect(shop.find((step) => step.role === 'path' && step.zone === 'com.' && step.resolution === 0)!.title).toContain('without their addresses (no glue): a resolver must look them up first');
	});

	it('keep their order from one trace to the next, and in the trace read back from its JSON', async () => {
		// One after the other, as a person runs them: two walks at once share the process and send in another order. At
		// (five times) the lab's own latencies: the walk follows the CNAME while the second name server's look-up still
		// checks for a cut, and which went out first is then the network's order, where at no latency it is the order
		// a loaded test process fires its timers in.
		const world = labWorld();
		const one = await labTrace('www.shop.com', 'A', {world, transport: createLabTransport(world, {latencyScale: 5})});
		const two = await labTrace('www.shop.com', 'A', {world, transport: createLabTransport(world, {latencyScale: 5})});
		const titles = stepsOf(one).map((step) => step.title);
		expect(stepsOf(two).map((step) => step.title)).toEqual(titles);
		expect(stepsOf(JSON.parse(JSON.stringify(one)) as Trace).map((step) => step.title)).toEqual(titles);
	});
});

describe('the transcript (--step --text)', () => {
	it('numbers the steps, marks their roles and ends with the outcome', () => {
		const lines = stepTranscript(example, steps);
		expect(lines[0]).toBe("Step-through of www.example.com. A: 144 queries in 13 steps; the resolver's path: . → com. → example.com.");
		expect(lines).toContain(' 1. [path] asking a.root-servers.net. (127.77.0.1) for www.example.com. A: the root does not know the name, but knows who serves com. (a.gtld-servers.net. and b.gtld-servers.net.) and gives their addresses (glue)');
		expect(lines).toContain(" 2. [compare] also asked, to compare: www.example.com. A of the 7 other addresses of the root's servers: all 7 gave referral to com.");
		expect(lines.at(-1)).toBe('The outcome: ANSWER from example.com.');
	});
});

describe('a cut whose child gives nothing, and the walk back to its parent (ns1.one. answers from child.one.\'s data; one. does not delegate it)', () => {
	/** The world's trace of the question, saved as a snapshot and opened again, as `open FILE --step --text` reads it. */
	async function opened(world: typeof UNFINDABLE, name: string, type = 'A'): Promise<Trace> {
		const trace = await labTrace(name, type, {world, families: [4], timeoutMs: 250});
		const analysed = withAnalysis(trace, {anchors: {source: 'lab', records: world.trustAnchor}});
		return parseSnapshot(serializeSnapshot(analysed, {name: 'digdeeper', version: 'test'})).trace;
	}
	const told = (steps: readonly Step[], from: number) => steps.filter((step) => step.number >= from).map((step) => [step.number, step.role, step.title, ...step.words]);

	it("says the answer is child.one.'s data, the SOA names the cut, the child's servers give nothing, and the walk goes back to one.'s answer", async () => {
		const trace = await opened(UNFINDABLE, 'www.child.one');
		const steps = stepsOf(trace);
		expect(told(steps, 4).filter(([, role]) => role === 'path')).toEqual([
			[
				4,
				'path',
				"asking ns1.one. (127.77.209.2) for www.child.one. A: the answer, A 192.0.2.1, with authority (the AA bit): this server serves one., but the data is child.one.'s, a zone it serves too",
				"On the resolver's path: a resolver asks one server of one. and takes this answer; digdeeper first looks for the zone the data belongs to (its SOA), and comes back to it.",
			],
			[
				7,
				'path',
				"asking ns1.one. (127.77.209.2) for www.child.one. SOA: NODATA: www.child.one. exists but has no SOA records; its SOA names child.one.: a zone begins there, served by the same server, so the resolver asks child.one.'s servers again",
				"On the resolver's path: a resolver asks one server of one. and moves on with its answer; digdeeper follows this one's.",
			],
			[
				9,
				'path',
				"[side trip: the A of ns.child.one.] asking ns1.one. (127.77.209.2) for ns.child.one. A: NXDOMAIN: ns.child.one. does not exist, says one.'s server with authority; its SOA names child.one.: a zone begins there, served by the same server, so the resolver asks child.one.'s servers again",
				"On the resolver's path: a resolver asks one server of one. and moves on with its answer; digdeeper follows this one's.",
			],
			[
				10,
				'path',
				'[side trip: the A of ns.child.one.] nothing to ask at child.one.: none of its name servers has an address a resolver could reach',
				"Nothing referred a resolver to child.one.: one.'s servers answered from its data themselves. With no answer from child.one.'s own servers, the walk goes back to one.'s servers' response.",
			],
			[
				11,
				'path',
				"[side trip: the A of ns.child.one.] back to one.: child.one.'s own servers gave no answer, so the walk takes the NXDOMAIN ns1.one. (127.77.209.2) gave for ns.child.one. A (step 9)",
				"one.'s servers serve child.one. too and answer from its data instead of referring to it: a resolver (BIND, Unbound) takes their response and never asks child.one.'s own servers. This is what resolvers get.",
			],
			[
				13,
				'path',
				'nothing to ask at child.one.: none of its name servers has an address a resolver could reach',
				"Nothing referred a resolver to child.one.: one.'s servers answered from its data themselves. With no answer from child.one.'s own servers, the walk goes back to one.'s servers' response.",
			],
			[
				14,
				'path',
				"back to one.: child.one.'s own servers gave no answer, so the walk takes the NOERROR answer ns1.one. (127.77.209.2) gave for www.child.one. A (step 4)",
				"one.'s servers serve child.one. too and answer from its data instead of referring to it: a resolver (BIND, Unbound) takes their response and never asks child.one.'s own servers. This is what resolvers get.",
			],
		]);
		// The step back shows the answer it takes again (the explorer highlights its row and prints it).
		expect(steps[13]!.probes).toEqual(steps[3]!.probes);
		// The side trip, a look-up of a name in child.one., starts at one. as resolvers do, and comes back the same way.
		expect(steps[10]!.probes).toEqual(steps[8]!.probes);
		expect(steps[8]!.enters).toBe(
			"A side trip begins: to reach ns.child.one., a name server of child.one., the resolver first needs its address (A). No referral led to child.one., so no glue came with the NS set one.'s servers gave for it: the resolver looks the name up itself, starting at the closest zone it knows.",
		);
	});

	it('ends the transcript with the step back before the outcome, each query counted once', async () => {
		const trace = await opened(UNFINDABLE, 'www.child.one');
		const lines = stepTranscript(trace, stepsOf(trace));
		expect(lines[0]).toBe("Step-through of www.child.one. A: 22 queries in 14 steps; the resolver's path: . → one. → child.one. → one.");
		expect(lines.slice(-5)).toEqual([
			'',
			"14. [path] back to one.: child.one.'s own servers gave no answer, so the walk takes the NOERROR answer ns1.one. (127.77.209.2) gave for www.child.one. A (step 4)",
			"    one.'s servers serve child.one. too and answer from its data instead of referring to it: a resolver (BIND, Unbound) takes their response and never asks child.one.'s own servers. This is what resolvers get.",
			'',
			'The outcome: ANSWER from one.',
		]);
	});

	it('goes back to the NODATA that named the cut when the child has no name server at all', async () => {
		const steps = stepsOf(await opened(NO_NS, 'www.child.one', 'TXT'));
		expect(steps.filter((step) => step.role === 'path').slice(1).map((step) => [step.number, step.title, ...step.words])).toEqual([
			[
				4,
				"asking ns1.one. (127.77.209.2) for www.child.one. TXT: NODATA: www.child.one. exists but has no TXT records; its SOA names child.one.: a zone begins there, served by the same server, so the resolver asks child.one.'s servers again",
				"On the resolver's path: a resolver asks one server of one. and moves on with its answer; digdeeper follows this one's.",
			],
			[
				8,
				'nothing to ask at child.one.: no name server of it is known',
				"Nothing referred a resolver to child.one.: one.'s servers answered from its data themselves. With no answer from child.one.'s own servers, the walk goes back to one.'s servers' response.",
			],
			[
				9,
				"back to one.: child.one.'s own servers gave no answer, so the walk takes the NOERROR nodata ns1.one. (127.77.209.2) gave for www.child.one. TXT (step 4)",
				"one.'s servers serve child.one. too and answer from its data instead of referring to it: a resolver (BIND, Unbound) takes their response and never asks child.one.'s own servers. This is what resolvers get.",
			],
		]);
	});
});
