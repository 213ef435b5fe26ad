import {beforeAll, describe, expect, it} from 'vitest';
import {stepsOf, traceUpTo, type Step} from '../../source/text/step-through.js';
import {stepTranscript} from '../../source/text/step-text.js';
import type {Trace} from '../../source/trace/model.js';
import {createLabTransport} from '../../source/lab/lab-transport.js';
import {labTrace, labWorld} from '../helpers/lab.js';

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
