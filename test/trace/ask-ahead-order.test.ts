import {describe, expect, it} from 'vitest';
import type {QueryResult, Transport} from '../../source/dns/transport.js';
import {createLabTransport} from '../../source/lab/lab-transport.js';
import {buildWorld, type LabWorld, type ServerSpec, type WorldSpec} from '../../source/lab/world.js';
import type {Trace} from '../../source/trace/model.js';
import {labTrace} from '../helpers/lab.js';

/*
 * Worlds where asking ahead (through a name server's look-up, through a CNAME) could make what the walk concludes
 * depend on which server answered first. Each is traced with the servers' answers coming in two orders, and the two
 * traces must agree: the same servers in every zone, the same questions at the same servers, the same path.
 */

const ROOT = '@ SOA a.root.lab. h.lab. 1 1 1 1 1\n@ NS a.root.lab.\na.root.lab. A 127.77.204.1\none. NS ns.one.lab.\nns.one.lab. A 127.77.204.2\ntwo. NS ns.two.lab.\nns.two.lab. A 127.77.204.3';
const ONE = '@ SOA ns.one.lab. h.lab. 1 1 1 1 1\n@ NS ns.one.lab.';
const TWO = '@ SOA ns.two.lab. h.lab. 1 1 1 1 1\n@ NS ns.two.lab.';
const TLDS: ServerSpec[] = [
	{name: 'a.root.lab.', ipv4: '127.77.204.1', latencyMs: 1, zones: [{zone: '.'}]},
	{name: 'ns.one.lab.', ipv4: '127.77.204.2', latencyMs: 1, zones: [{zone: 'one.'}]},
	{name: 'ns.two.lab.', ipv4: '127.77.204.3', latencyMs: 1, zones: [{zone: 'two.'}]},
];

function world(servers: ServerSpec[], zones: Record<string, string>): WorldSpec {
	return {roots: ['a.root.lab.'], stories: [], servers: [...TLDS, ...servers], zones: Object.entries({'.': ROOT, ...zones}).map(([origin, text]) => ({origin, text}))};
}

/**
 * The lab, with the answers to the questions in `order` ('address name type', the first time each is asked) handed
 * over in that order, each a turn of the event loop after the one before, once the walk has done with it; any other
 * answer comes after its server's latency. Latencies tens of milliseconds apart order answers only on an idle
 * machine: on a loaded one the process stalls for 40-300 ms (another process on the core, a GC), and a server whose
 * query went out before a stall answers before a faster one whose query went out after it. Where a test's claim rests
 * on one order, the order is set here.
 */
function answeringInOrder(world: LabWorld, order: string[] = []): Transport {
	const lab = createLabTransport(world, {latencyScale: 1});
	const answers = order.map(() => {
		let arrive!: (result: QueryResult) => void;
		return {arrived: new Promise<QueryResult>((resolve) => (arrive = resolve)), arrive};
	});
	// Each waits for its own answer and for the one before it to be handed over.
	let previous: Promise<unknown> = Promise.resolve();
	const handed = answers.map(({arrived}) => {
		const turn = Promise.all([arrived, previous]).then(([result]) => new Promise<QueryResult>((resolve) => setImmediate(() => resolve(result))));
		previous = turn;
		return turn;
	});
	const waiting = new Set(order);
	return {
		query(server, question, options) {
			const asked = lab.query(server, question, options);
			const key = `${server.address} ${question.name} ${question.type}`;
			if (!waiting.delete(key)) return asked;
			const index = order.indexOf(key);
			void asked.then(answers[index]!.arrive);
			return handed[index]!;
		},
	};
}

async function trace(spec: WorldSpec, name: string, order?: string[]): Promise<Trace> {
	const built = buildWorld(spec);
	return labTrace(name, 'A', {world: built, families: [4], dnssec: false, timeoutMs: 1000, transport: answeringInOrder(built, order)});
}

/** Every server of every zone, and where its address came from. */
const servers = (trace: Trace) => trace.zones.flatMap((zone) => zone.servers.map((server) => `${zone.name} ${server.name} ${server.address} ${server.origin}`)).sort();

/** Every question sent, where and to whom, without timings or purposes. */
const asked = (trace: Trace) =>
	trace.zones.flatMap((zone) => zone.servers.flatMap((server) => server.probes.map((probe) => `${zone.name} ${server.address} ${probe.question.name} ${probe.question.type}`))).sort();

/** Every resolution's path: zone, question and result of each step. */
const paths = (trace: Trace) => trace.resolutions.map((resolution) => `${resolution.question.name}: ${resolution.steps.map((step) => `${step.zone} ${step.result}`).join(', ')}`);

describe("a name server's look-up that starts after some servers already answered its question", () => {
	/*
	 * host.two.'s servers disagree on ns1's address: ns2 serves an old copy that still gives 127.77.204.23. The walk
	 * asks host.two. ns1's address itself (its own servers' check) on the way to www.host.two., a CNAME into
	 * shop.one., whose servers are host.two.'s, given without glue: ns1's look-up starts only then. With ns2 fast,
	 * its answer came before the look-up started; with ns2 slow, after.
	 */
	const HOST = '@ SOA ns1.host.two. h.lab. 1 1 1 1 1\n@ NS ns1.host.two.\n@ NS ns2.host.two.\nns1 A 127.77.204.21\nns2 A 127.77.204.22\nwww CNAME www.shop.one.';
	const stale = (ns2Ms: number) =>
		world(
			[
				{name: 'ns1.host.two.', ipv4: '127.77.204.21', latencyMs: 1, zones: [{zone: 'host.two.'}, {zone: 'shop.one.'}]},
				{name: 'ns2.host.two.', ipv4: '127.77.204.22', latencyMs: ns2Ms, zones: [{zone: 'host.two.', copy: {origin: 'host.two.', text: HOST.replace('ns1 A 127.77.204.21', 'ns1 A 127.77.204.23')}}, {zone: 'shop.one.'}]},
				{name: 'old.host.two.', ipv4: '127.77.204.23', latencyMs: 1, zones: [{zone: 'shop.one.'}]},
			],
			{
				'one.': `${ONE}\nshop NS ns1.host.two.\nshop NS ns2.host.two.`,
				'two.': `${TWO}\nhost NS ns1.host.two.\nhost NS ns2.host.two.\nns1.host A 127.77.204.21\nns2.host A 127.77.204.22`,
				'host.two.': HOST,
				'shop.one.': '@ SOA ns1.host.two. h.lab. 1 1 1 1 1\n@ NS ns1.host.two.\n@ NS ns2.host.two.\nwww A 192.0.2.80',
			},
		);

	it('takes those answers too: shop.one. is asked at every address any server gave ns1, whichever came first', async () => {
		const [early, late] = await Promise.all([trace(stale(1), 'www.host.two'), trace(stale(60), 'www.host.two')]);
		for (const result of [early, late]) {
			expect(servers(result).filter((server) => server.startsWith('shop.one. '))).toEqual([
				'shop.one. ns1.host.two. 127.77.204.21 subtrace',
				'shop.one. ns1.host.two. 127.77.204.23 subtrace',
				'shop.one. ns2.host.two. 127.77.204.22 subtrace',
			]);
		}
		expect(asked(early)).toEqual(asked(late));
		expect(paths(early)).toEqual(paths(late));
	});

	it("gives host.two.'s own listing of ns1 what its own servers said as the zone's own data, not as the look-up's", async () => {
		// Traced for www.shop.one., host.two. is opened by ns1's look-up, whose question reaches its servers before the
		// zone's own NS and address checks do: a server is asked a question once, for whichever came first.
		const [fast, slow] = await Promise.all([trace(stale(1), 'www.shop.one'), trace(stale(60), 'www.shop.one')]);
		for (const result of [fast, slow]) {
			expect(servers(result).filter((server) => server.startsWith('host.two. '))).toEqual([
				'host.two. ns1.host.two. 127.77.204.21 glue',
				'host.two. ns1.host.two. 127.77.204.23 child',
				'host.two. ns2.host.two. 127.77.204.22 glue',
			]);
		}
	});
});

describe("a zone that lists a name server after its look-up's first answers came", () => {
	/*
	 * a.one. and b.one. share host.two.'s servers, without glue; www.a.one. is a CNAME to www.b.one. ns2 serves an
	 * old copy of host.two. that gives ns1 another address. b.one. is opened when the CNAME is chased, after
	 * ns1's look-up started: with ns2 fast, after ns2 answered the look-up's question; with ns2 slow, before.
	 */
	const HOST = '@ SOA ns1.host.two. h.lab. 1 1 1 1 1\n@ NS ns1.host.two.\n@ NS ns2.host.two.\nns1 A 127.77.204.21\nns2 A 127.77.204.22';
	const hosted = (data: string) => `@ SOA ns1.host.two. h.lab. 1 1 1 1 1\n@ NS ns1.host.two.\n@ NS ns2.host.two.\n${data}`;
	const shared = (ns2Ms: number) =>
		world(
			[
				{name: 'ns1.host.two.', ipv4: '127.77.204.21', latencyMs: 1, zones: [{zone: 'host.two.'}, {zone: 'a.one.'}, {zone: 'b.one.'}]},
				{name: 'ns2.host.two.', ipv4: '127.77.204.22', latencyMs: ns2Ms, zones: [{zone: 'host.two.', copy: {origin: 'host.two.', text: HOST.replace('ns1 A 127.77.204.21', 'ns1 A 127.77.204.23')}}, {zone: 'a.one.'}, {zone: 'b.one.'}]},
				{name: 'old.host.two.', ipv4: '127.77.204.23', latencyMs: 1, zones: [{zone: 'a.one.'}, {zone: 'b.one.'}]},
			],
			{
				'one.': `${ONE}\na NS ns1.host.two.\na NS ns2.host.two.\nb NS ns1.host.two.\nb NS ns2.host.two.`,
				'two.': `${TWO}\nhost NS ns1.host.two.\nhost NS ns2.host.two.\nns1.host A 127.77.204.21\nns2.host A 127.77.204.22`,
				'host.two.': HOST,
				'a.one.': hosted('www CNAME www.b.one.'),
				'b.one.': hosted('www A 192.0.2.80'),
			},
		);

	it('gives it every address the answers so far gave, as the zones listing it already had them', async () => {
		const [answeredBefore, answeredAfter] = await Promise.all([trace(shared(1), 'www.a.one'), trace(shared(60), 'www.a.one')]);
		for (const result of [answeredBefore, answeredAfter]) {
			for (const zone of ['a.one.', 'b.one.']) {
				expect(servers(result).filter((server) => server.startsWith(`${zone} `))).toEqual([
					`${zone} ns1.host.two. 127.77.204.21 subtrace`,
					`${zone} ns1.host.two. 127.77.204.23 subtrace`,
					`${zone} ns2.host.two. 127.77.204.22 subtrace`,
				]);
			}
		}
		expect(asked(answeredBefore)).toEqual(asked(answeredAfter));
	});
});

describe('a CNAME followed from the zone the walk reached, whatever was asked ahead', () => {
	/*
	 * shop.one.'s servers: ns1.shop.one., with glue, and ns.cdn.two., without: its look-up opens two. and cdn.two.
	 * www.shop.one. is a CNAME to www.cdn.two. With ns1 fast, its CNAME comes before the look-up reaches cdn.two.;
	 * with ns1 slow, after. shop.one.'s decision waits for the look-up either way: cdn.two. is the zone the walk knows.
	 */
	const cdnHosted = (ns1Ms: number) =>
		world(
			[
				{name: 'ns1.shop.one.', ipv4: '127.77.204.21', latencyMs: ns1Ms, zones: [{zone: 'shop.one.'}]},
				{name: 'ns.cdn.two.', ipv4: '127.77.204.31', latencyMs: 2, zones: [{zone: 'cdn.two.'}, {zone: 'shop.one.'}]},
			],
			{
				'one.': `${ONE}\nshop NS ns1.shop.one.\nshop NS ns.cdn.two.\nns1.shop A 127.77.204.21`,
				'two.': `${TWO}\ncdn NS ns.cdn.two.\nns.cdn A 127.77.204.31`,
				'shop.one.': '@ SOA ns1.shop.one. h.lab. 1 1 1 1 1\n@ NS ns1.shop.one.\n@ NS ns.cdn.two.\nns1 A 127.77.204.21\nwww CNAME www.cdn.two.',
				'cdn.two.': '@ SOA ns.cdn.two. h.lab. 1 1 1 1 1\n@ NS ns.cdn.two.\nns A 127.77.204.31\nwww A 192.0.2.80',
			},
		);

	it("starts in the zone a name server's look-up opened, whether the CNAME came before or after it did", async () => {
		const [early, late] = await Promise.all([trace(cdnHosted(1), 'www.shop.one'), trace(cdnHosted(30), 'www.shop.one')]);
		for (const result of [early, late]) expect(paths(result)[0]).toBe('www.shop.one.: . referral, one. referral, shop.one. cname, cdn.two. answer');
		expect(paths(early)).toEqual(paths(late));
		expect(servers(early)).toEqual(servers(late));
	});

	it('asks the target only where the resolution will: not in two. while the look-up may still reach cdn.two.', async () => {
		const [early, late] = await Promise.all([trace(cdnHosted(1), 'www.shop.one'), trace(cdnHosted(30), 'www.shop.one')]);
		for (const result of [early, late]) expect(asked(result).filter((question) => question.includes(' www.cdn.two. A'))).toEqual(['cdn.two. 127.77.204.31 www.cdn.two. A']);
		expect(asked(early)).toEqual(asked(late));
	});

	/*
	 * fan.one.'s seven servers each give www.fan.one. another CNAME target under cdn.two., a zone nothing but a chase
	 * opens. Five of them are asked ahead, by arrival order; the decision follows s0's, first in server order. Which
	 * five is the claim, so the servers' answers come in a set order (`answeringInOrder`): s0's first, or last.
	 */
	const FAN = 7;
	const fanIndexes = Array.from({length: FAN}, (_, index) => index);
	const fanServers = fanIndexes.map((index) => `@ NS s${index}.fan.one.\ns${index} A 127.77.204.${40 + index}`).join('\n');
	const fanCopy = (index: number) => `@ SOA s0.fan.one. h.lab. 1 1 1 1 1\n${fanServers}\nwww CNAME t${index}.cdn.two.`;
	const fan = world(
		[
			{name: 'ns.cdn.two.', ipv4: '127.77.204.31', latencyMs: 1, zones: [{zone: 'cdn.two.'}]},
			...fanIndexes.map((index) => ({name: `s${index}.fan.one.`, ipv4: `127.77.204.${40 + index}`, latencyMs: 1, zones: [{zone: 'fan.one.', copy: {origin: 'fan.one.', text: fanCopy(index)}}]})),
		],
		{
			'one.': `${ONE}\n${fanIndexes.map((index) => `fan NS s${index}.fan.one.\ns${index}.fan A 127.77.204.${40 + index}`).join('\n')}`,
			'two.': `${TWO}\ncdn NS ns.cdn.two.\nns.cdn A 127.77.204.31`,
			'fan.one.': fanCopy(0),
			'cdn.two.': `@ SOA ns.cdn.two. h.lab. 1 1 1 1 1\n@ NS ns.cdn.two.\nns A 127.77.204.31\n${fanIndexes.map((index) => `t${index} A 192.0.2.${index + 1}`).join('\n')}`,
		},
	);
	/** Traced with the servers' answers to www.fan.one. coming in this order. */
	const fanTrace = (arrival: number[]) => trace(fan, 'www.fan.one', arrival.map((index) => `127.77.204.${40 + index} www.fan.one. A`));

	it('records the same path whether or not the target it follows was among those asked ahead', async () => {
		const [followedAsked, followedNotAsked] = await Promise.all([fanTrace([0, 1, 2, 3, 4, 5, 6]), fanTrace([1, 2, 3, 4, 5, 6, 0])]);
		for (const result of [followedAsked, followedNotAsked]) {
			expect(paths(result)[0]).toBe('www.fan.one.: . referral, one. referral, fan.one. cname, . referral, two. referral, cdn.two. answer');
		}
		// Never more targets asked ahead than the variants a decision walks, and one (the first five to come); the
		// followed one is asked by the resolution all the same.
		const atRoot = (result: Trace) => asked(result).flatMap((question) => (question.startsWith('. ') && question.endsWith('.cdn.two. A') ? [question.split(' ')[2]] : []));
		expect(atRoot(followedAsked)).toEqual(['t0.cdn.two.', 't1.cdn.two.', 't2.cdn.two.', 't3.cdn.two.', 't4.cdn.two.']);
		expect(atRoot(followedNotAsked)).toEqual(['t0.cdn.two.', 't1.cdn.two.', 't2.cdn.two.', 't3.cdn.two.', 't4.cdn.two.', 't5.cdn.two.']);
	});
});

describe("a CNAME answer to a glueless name server's address question", () => {
	/*
	 * host.two.'s second server gives ns1.host.two. a CNAME into cdn.two. for AAAA (its copy has both the A record and
	 * a CNAME; the first server gives the A record alone). A server is asked a question once, for whichever came first,
	 * and the answers that decide which come in a set order (`answeringInOrder`). Traced for www.shop.one., two.'s
	 * referral for ns1's AAAA look-up comes before those for the other look-ups (ns1 A, ns2 A and AAAA): it opens
	 * host.two., and the look-up asks its question there at once, the zone's own address checks a turn later. Traced
	 * for www.host.two. (a CNAME into shop.one.), the zone's own check asked it as the walk entered host.two., and its
	 * answer comes before one.'s referral to shop.one., which starts the look-up, or after it.
	 */
	const HOST = '@ SOA ns1.host.two. h.lab. 1 1 1 1 1\n@ NS ns1.host.two.\n@ NS ns2.host.two.\nns1 A 127.77.204.21\nns2 A 127.77.204.22\nwww CNAME www.shop.one.';
	const spec = world(
		[
			{name: 'ns1.host.two.', ipv4: '127.77.204.21', latencyMs: 1, zones: [{zone: 'host.two.'}, {zone: 'shop.one.'}]},
			{name: 'ns2.host.two.', ipv4: '127.77.204.22', latencyMs: 1, zones: [{zone: 'host.two.', copy: {origin: 'host.two.', text: `${HOST}\nns1 CNAME ns1.cdn.two.`}}, {zone: 'shop.one.'}]},
			{name: 'ns.cdn.two.', ipv4: '127.77.204.31', latencyMs: 1, zones: [{zone: 'cdn.two.'}]},
		],
		{
			'one.': `${ONE}\nshop NS ns1.host.two.\nshop NS ns2.host.two.`,
			'two.': `${TWO}\nhost NS ns1.host.two.\nhost NS ns2.host.two.\nns1.host A 127.77.204.21\nns2.host A 127.77.204.22\ncdn NS ns.cdn.two.\nns.cdn A 127.77.204.31`,
			'host.two.': HOST,
			'shop.one.': '@ SOA ns1.host.two. h.lab. 1 1 1 1 1\n@ NS ns1.host.two.\n@ NS ns2.host.two.\nwww A 192.0.2.80',
			'cdn.two.': '@ SOA ns.cdn.two. h.lab. 1 1 1 1 1\n@ NS ns.cdn.two.\nns1 AAAA 2001:db8::41',
		},
	);
	const dualStack = async (name: string, order?: string[]) => {
		const built = buildWorld(spec);
		return labTrace(name, 'A', {world: built, families: [4, 6], dnssec: false, timeoutMs: 1000, transport: answeringInOrder(built, order)});
	};
	const lookUpFirstOrder = ['ns1.host.two. AAAA', 'ns1.host.two. A', 'ns2.host.two. A', 'ns2.host.two. AAAA'].map((question) => `127.77.204.3 ${question}`);
	const checkFirstOrder = ['127.77.204.22 ns1.host.two. AAAA', '127.77.204.2 www.shop.one. A'];
	const purposes = (trace: Trace) => trace.zones.find((zone) => zone.name === 'host.two.')!.servers.flatMap((server) => server.probes.filter((probe) => probe.question.name === 'ns1.host.two.' && probe.question.type === 'AAAA').map((probe) => probe.purpose));

	it("has its target asked ahead whether the look-up or the zone's own check asked the server first", async () => {
		const [lookUpFirst, checkFirst, checkFirstAnsweredLate] = await Promise.all([
			dualStack('www.shop.one', lookUpFirstOrder),
			dualStack('www.host.two', checkFirstOrder),
			dualStack('www.host.two', checkFirstOrder.toReversed()),
		]);
		expect(purposes(lookUpFirst)).toEqual(['walk', 'walk']);
		for (const result of [checkFirst, checkFirstAnsweredLate]) expect(purposes(result)).toEqual(['ns-address', 'ns-address']);
		for (const result of [lookUpFirst, checkFirst, checkFirstAnsweredLate]) expect(asked(result).filter((question) => question.includes(' ns1.cdn.two. '))).toEqual(['cdn.two. 127.77.204.31 ns1.cdn.two. AAAA', 'cdn.two. 127.77.204.31 ns1.cdn.two. SOA', 'two. 127.77.204.3 ns1.cdn.two. AAAA']);
	});
});
