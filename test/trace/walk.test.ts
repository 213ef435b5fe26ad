import {describe, expect, it} from 'vitest';
import {createTransport} from '../../source/dns/querier.js';
import {guardLoopback} from '../../source/dns/loopback-guard.js';
import {systemDeps} from '../../source/dns/network-transport.js';
import type {Link} from '../../source/dns/transport.js';
import {createLabLink} from '../../source/lab/lab-link.js';
import {createLabTransport} from '../../source/lab/lab-transport.js';
import {buildWorld, type WorldSpec} from '../../source/lab/world.js';
import type {ReferralVariant} from '../../source/trace/model.js';
import type {WalkEvent} from '../../source/trace/walk.js';
import {walk} from '../../source/trace/walk.js';
import {tracePlace} from '../../source/text/trace-origin.js';
import {labTrace, labWorld, probeFor, serialOf, serverOf, withoutSignatures, zoneOf} from '../helpers/lab.js';

describe('the walk', () => {
	it('asks every server at every address at every zone cut', async () => {
		const trace = await labTrace('www.example.com');
		expect(trace.resolutions[0]!.steps.map((step) => step.zone)).toEqual(['.', 'com.', 'example.com.']);
		for (const [zone, count] of [['.', 8], ['com.', 4], ['example.com.', 4]] as const) {
			const servers = zoneOf(trace, zone).servers;
			expect(servers).toHaveLength(count);
			for (const server of servers) expect(probeFor(server, 'www.example.com.', 'A').status).toBe('answered');
		}
		expect(trace.outcome).toMatchObject({status: 'answer', zone: 'example.com.'});
		expect(withoutSignatures(trace.outcome.records).map((record) => record.data)).toEqual([{kind: 'address', address: '192.0.2.10'}]);
	});

	it('also asks each zone for its SOA, NS and DNSKEY, and the parent for the child DS', async () => {
		const trace = await labTrace('www.example.com');
		const ns1 = serverOf(zoneOf(trace, 'example.com.'), '127.77.10.1');
		expect(ns1.probes.map((probe) => `${probe.purpose} ${probe.question.name} ${probe.question.type}`)).toEqual(
			expect.arrayContaining(['soa example.com. SOA', 'ns example.com. NS', 'dnskey example.com. DNSKEY', 'walk www.example.com. A']),
		);
		const gtld = serverOf(zoneOf(trace, 'com.'), '127.77.1.1');
		expect(probeFor(gtld, 'example.com.', 'DS').purpose).toBe('ds');
	});

	it('keeps one decoded copy of a response that came in the same bytes from several addresses', async () => {
		const trace = await labTrace('www.example.com');
		const zone = zoneOf(trace, 'example.com.');
		const [v4, v6] = ['127.77.10.1', '2001:db8:10::1'].map((address) => probeFor(serverOf(zone, address), 'www.example.com.', 'A').response!);
		expect(v6!.answer).toBe(v4!.answer);
		expect(v6!.id).not.toBe(v4!.id);
		// Another server's answer carries its own NSID: other bytes, its own copy.
		expect(probeFor(serverOf(zone, '127.77.110.2'), 'www.example.com.', 'A').response!.answer).not.toBe(v4!.answer);
	});

	it('does not ask for DNSKEY or DS with DNSSEC off', async () => {
		const trace = await labTrace('www.example.com', 'A', {dnssec: false});
		const types = trace.zones.flatMap((zone) => zone.servers.flatMap((server) => server.probes.map((probe) => probe.question.type)));
		expect(types).not.toContain('DNSKEY');
		expect(types).not.toContain('DS');
	});

	it('records where each address came from: hints, glue, the zone itself, a sub-trace', async () => {
		const trace = await labTrace('www.shop.com');
		expect(serverOf(zoneOf(trace, '.'), '127.77.0.1').origin).toBe('hints');
		expect(serverOf(zoneOf(trace, 'com.'), '127.77.1.1').origin).toBe('glue');
		expect(serverOf(zoneOf(trace, 'shop.com.'), '127.77.11.1').origin).toBe('subtrace');
		const ns1 = zoneOf(trace, 'example.com.'.replace('example', 'dnsprovider').replace('.com.', '.net.')).nameservers.find((ns) => ns.name === 'ns1.dnsprovider.net.')!;
		expect(ns1.addresses.find((address) => address.address === '127.77.11.1')?.origins).toEqual(expect.arrayContaining(['glue', 'child']));
	});

	it('resolves glueless name servers with sub-traces that are part of the model', async () => {
		const trace = await labTrace('www.shop.com');
		const shop = zoneOf(trace, 'shop.com.');
		const ns1 = shop.nameservers.find((ns) => ns.name === 'ns1.dnsprovider.net.')!;
		expect(ns1.subtraces).toHaveLength(2);
		const subtrace = trace.resolutions[ns1.subtraces[0]!]!;
		expect(subtrace).toMatchObject({purpose: 'ns-address', question: {name: 'ns1.dnsprovider.net.', type: 'A'}, for: {zone: 'shop.com.', nameserver: 'ns1.dnsprovider.net.'}});
		expect(subtrace.steps.map((step) => step.zone)).toEqual(['.', 'net.', 'dnsprovider.net.']);
		expect(withoutSignatures(subtrace.outcome?.records ?? []).map((record) => record.data)).toEqual([{kind: 'address', address: '127.77.11.1'}]);
	});

	it("asks a co-hosted cut's parent SOA name below an answer, but not again below the cut it found (www.nic.gm)", async () => {
		const trace = await labTrace('www.nic.gm', 'A', {families: [4]});
		expect(trace.resolutions[0]!.steps.map((step) => `${step.zone} ${step.result}`)).toEqual(['. referral', 'gm. cut', 'nic.gm. answer']);
		const asked = serverOf(zoneOf(trace, 'gm.'), '127.77.57.1').probes.filter((probe) => probe.purpose === 'walk').map((probe) => `${probe.question.name} ${probe.question.type}`);
		// The SOA of www.nic.gm names the cut; nic.gm. NS, asked then, gives the child's servers: a cut already found,
		// not an answer to look below (`SOA nic.gm.` of gm.'s servers would be a query the walk never uses).
		expect(asked.filter((question) => question.startsWith('www.nic.gm.') || question.startsWith('nic.gm.')).sort()).toEqual(['nic.gm. NS', 'www.nic.gm. A', 'www.nic.gm. SOA']);
	});

	it('follows a CNAME into another zone under another TLD', async () => {
		const trace = await labTrace('www.shop.com');
		expect(trace.resolutions[0]!.steps.map((step) => `${step.zone} ${step.question.name}`)).toEqual([
			'. www.shop.com.',
			'com. www.shop.com.',
			'shop.com. www.shop.com.',
			'net. shop.cdnhost.net.',
			'cdnhost.net. shop.cdnhost.net.',
		]);
		expect(trace.outcome.records.map((record) => record.type)).toEqual(['CNAME', 'RRSIG', 'A', 'RRSIG']);
	});

	it('retries over TCP when a server truncates, and gets the large answer', async () => {
		const trace = await labTrace('big.example.org', 'TXT');
		const truncating = probeFor(serverOf(zoneOf(trace, 'example.org.'), '127.77.12.2'), 'big.example.org.', 'TXT');
		expect(truncating).toMatchObject({status: 'answered', transport: 'tcp', truncatedOverUdp: true, kind: 'answer'});
		const tooLarge = probeFor(serverOf(zoneOf(trace, 'example.org.'), '127.77.12.1'), 'big.example.org.', 'TXT');
		expect(tooLarge.transport).toBe('tcp');
		expect(tooLarge.size).toBeGreaterThan(1232);
		expect(trace.outcome.status).toBe('answer');
	});

	it('records a server that never answers as timed out, and decides only once it has (it might have referred elsewhere)', async () => {
		const trace = await labTrace('www.example.org', 'A', {timeoutMs: 300});
		const dead = probeFor(serverOf(zoneOf(trace, 'example.org.'), '127.77.112.3'), 'www.example.org.', 'A');
		expect(dead.status).toBe('timeout');
		expect(trace.outcome.status).toBe('answer');
		expect(trace.outcome.atMs).toBeGreaterThanOrEqual(dead.finishedMs!);
		expect(trace.durationMs).toBeGreaterThanOrEqual(300);
	});

	it('records a refusal, an upward referral and a stale copy server by server', async () => {
		const trace = await labTrace('www.example.net');
		const zone = zoneOf(trace, 'example.net.');
		const kind = (address: string) => probeFor(serverOf(zone, address), 'www.example.net.', 'A').kind;
		expect(kind('127.77.13.1')).toBe('answer');
		expect(kind('127.77.13.2')).toBe('refused');
		expect(kind('127.77.113.3')).toBe('upward-referral');
		expect(serialOf(serverOf(zone, '127.77.13.1'))).toBe(2024020100);
		expect(serialOf(serverOf(zone, '127.77.113.4'))).toBe(2024010100);
		const stale = probeFor(serverOf(zone, '127.77.113.4'), 'www.example.net.', 'A');
		expect(stale.response?.answer[0]?.data).toEqual({kind: 'address', address: '192.0.2.99'});
	});

	it('keeps every distinct response a zone gave to one question as a variant, an answer with other data too', async () => {
		const trace = await labTrace('www.example.net');
		const step = trace.resolutions[0]!.steps.at(-1)!;
		const data = (variant: ReferralVariant) => variant.answer?.map((record) => (record.data.kind === 'address' ? ` ${record.type} ${record.data.address}` : '')).join('') ?? '';
		expect(step.variants.map((variant) => `${variant.kind}${data(variant)} ${variant.addresses.join(',')}`).sort()).toEqual([
			'answer A 192.0.2.30 127.77.13.1',
			'answer A 192.0.2.99 127.77.113.4',
			'refused 127.77.13.2',
			'upward-referral 127.77.113.3',
		]);
	});

	it('ends in NXDOMAIN for a name that does not exist and NODATA for a missing type', async () => {
		expect((await labTrace('nosuch.example.com')).outcome).toMatchObject({status: 'nxdomain', zone: 'example.com.'});
		expect((await labTrace('www.example.com', 'AAAA')).outcome).toMatchObject({status: 'nodata', zone: 'example.com.'});
	});

	it('stops at the parent when the delegation is gone, while the domain servers still run (puri.sm)', async () => {
		const trace = await labTrace('www.puri.sm');
		expect(trace.outcome).toMatchObject({status: 'nxdomain', zone: 'sm.'});
		expect(trace.zones.map((zone) => zone.name)).not.toContain('puri.sm.');
	});

	it('fails a zone whose name servers all resolve to NXDOMAIN, and says why (pureos.net)', async () => {
		const trace = await labTrace('www.pureos.net');
		expect(trace.outcome.status).toBe('failure');
		// The reason both names share is said once, for both.
		expect(trace.outcome.reason).toContain('ns1.puri.sm. and ns2.puri.sm. do not exist (NXDOMAIN from sm.)');
		expect(zoneOf(trace, 'pureos.net.').nameservers.map((ns) => ns.unresolved)).toEqual([expect.stringContaining('NXDOMAIN'), expect.stringContaining('NXDOMAIN')]);
	});

	it('fails through a transitive dependency: the servers are up but their names are not resolvable (tox.im)', async () => {
		const trace = await labTrace('tox.im');
		expect(trace.outcome.status).toBe('failure');
		expect(zoneOf(trace, 'tox.im.').servers).toHaveLength(0);
		const servicey = zoneOf(trace, 'servicey.net.');
		expect(servicey.servers.every((server) => server.probes.every((probe) => probe.status === 'timeout'))).toBe(true);
	});

	it('tells when the outcome was known apart from when the last probe finished', async () => {
		const trace = await labTrace('www.example.org', 'A', {timeoutMs: 200});
		expect(trace.outcome.atMs).toBeLessThan(trace.durationMs);
	});

	it('emits progress events as probes start and finish', async () => {
		const events: WalkEvent['type'][] = [];
		const world = labWorld();
		await walk({name: 'www.example.com.', type: 'A'}, {
			transport: createTransport(createLabLink(world, {latencyScale: 0}), systemDeps),
			hints: world.hints,
			port: 53,
			families: [4],
			timeoutMs: 50,
			retries: 0,
			dnssec: false,
			onEvent: (event) => events.push(event.type),
		});
		expect(events.filter((type) => type === 'probe-started').length).toBe(events.filter((type) => type === 'probe-finished').length);
		expect(events).toContain('zone-added');
		expect(events.indexOf('outcome')).toBeLessThan(events.indexOf('finished'));
		expect(events.at(-1)).toBe('finished');
	});

	it('restricts probes to one family with -4', async () => {
		const trace = await labTrace('www.example.com', 'A', {families: [4]});
		expect(trace.zones.flatMap((zone) => zone.servers).every((server) => server.family === 4)).toBe(true);
	});

	// ENETDOWN: the route's interface is down (a tunnel or a Wi-Fi link gone); nothing of that family leaves this host.
	for (const [code, message] of [['ENETUNREACH', 'network is unreachable'], ['ENETDOWN', 'network is down']] as const) {
		it(`records a missing IPv6 route (${code}) once as a property of this host and skips those probes`, async () => {
			const world = labWorld();
			const lab = createLabLink(world, {latencyScale: 0});
			const noIpv6: Link = {
				udp: (to, payload, handlers) => {
					if (to.address.includes(':')) {
						queueMicrotask(() => handlers.onError({kind: 'network', code, message}));
						return {close() {}};
					}
					return lab.udp(to, payload, handlers);
				},
				tcp: lab.tcp,
			};
			const trace = await labTrace('www.example.com', 'A', {transport: createTransport(noIpv6, systemDeps)});
			expect(trace.vantage.unavailableFamilies).toEqual([{family: 6, reason: `${code}: ${message}`}]);
			const v6 = trace.zones.flatMap((zone) => zone.servers).filter((server) => server.family === 6).flatMap((server) => server.probes);
			expect(v6.length).toBeGreaterThan(0);
			expect(v6.every((probe) => probe.status === 'skipped')).toBe(true);
			expect(trace.stats.failed).toBe(0);
			expect(trace.outcome.status).toBe('answer');
		});
	}

	it('blames one server, not the family, for a network error that is no missing route (a TCP connection it closed)', async () => {
		const world = labWorld();
		const lab = createLabLink(world, {latencyScale: 0});
		const closing = '2001:db8::1';
		const link: Link = {
			udp: (to, payload, handlers) => {
				if (to.address === closing) {
					queueMicrotask(() => handlers.onError({kind: 'network', code: 'ECONNCLOSED', message: 'the server closed the TCP connection without a complete answer'}));
					return {close() {}};
				}
				return lab.udp(to, payload, handlers);
			},
			tcp: lab.tcp,
		};
		const trace = await labTrace('www.example.com', 'A', {transport: createTransport(link, systemDeps)});
		expect(trace.vantage.unavailableFamilies).toEqual([]);
		const v6 = trace.zones.flatMap((zone) => zone.servers).filter((server) => server.family === 6);
		expect(v6.filter((server) => server.address !== closing).flatMap((server) => server.probes).every((probe) => probe.status === 'answered')).toBe(true);
		expect(v6.find((server) => server.address === closing)!.probes.every((probe) => probe.status === 'network')).toBe(true);
	});

	it('sends nothing beyond loopback under DIGDEEPER_LOOPBACK_ONLY, and calls those probes not sent: no route, no server is blamed', async () => {
		const world = labWorld();
		const lab = createLabLink(world, {latencyScale: 0});
		const trace = await labTrace('www.example.com', 'A', {transport: createTransport(guardLoopback(lab), systemDeps)});
		expect(trace.vantage.unavailableFamilies).toEqual([]);
		const v6 = trace.zones.flatMap((zone) => zone.servers).filter((server) => server.family === 6).flatMap((server) => server.probes);
		expect(v6.length).toBeGreaterThan(0);
		for (const probe of v6) expect(probe).toMatchObject({status: 'skipped', error: `not sent: ${probe.address} is not a loopback address and DIGDEEPER_LOOPBACK_ONLY is set`});
		expect(trace.stats.failed).toBe(0);
		expect(trace.outcome.status).toBe('answer');
		expect(String(tracePlace(trace).routes)).toBe('routes: IPv4; IPv6 not tried (no query was sent over it)');
	});

	it('says why a zone whose every server is beyond loopback failed: none was asked, and the guard is why, not a failing server', async () => {
		const lab = createLabLink(labWorld(), {latencyScale: 0});
		const trace = await labTrace('www.six.example.com', 'AAAA', {transport: createTransport(guardLoopback(lab), systemDeps)});
		const [ns6] = zoneOf(trace, 'six.example.com.').servers;
		expect(ns6!.family).toBe(6);
		expect(trace.outcome).toMatchObject({status: 'failure', zone: 'six.example.com.', reason: `no server of six.example.com. was asked: not sent: ${ns6!.address} is not a loopback address and DIGDEEPER_LOOPBACK_ONLY is set`});
	});

	it('stops a CNAME chain longer than its limit and records it', async () => {
		const trace = await labTrace('www.shop.com', 'A', {limits: {maxCnameChain: 0}});
		expect(trace.outcome).toMatchObject({status: 'failure', reason: 'CNAME chain longer than 0'});
		expect(trace.limits).toEqual([expect.objectContaining({limit: 'cname-chain', value: 0})]);
	});

	it('asks no child ahead that the resolution may not enter: the cuts before a CNAME count (www.shop.com, 2 cuts)', async () => {
		// . → com. → shop.com. is two cuts; its CNAME's target shop.cdnhost.net. starts again at net., already known, whose referral would be a third.
		const trace = await labTrace('www.shop.com', 'A', {families: [4], limits: {maxZoneCuts: 2}});
		expect(trace.outcome).toMatchObject({status: 'failure', reason: 'stopped after 2 zone cuts'});
		expect(trace.resolutions[0]!.steps.map((step) => `${step.zone} ${step.result}`)).toEqual(['. referral', 'com. referral', 'shop.com. cname', 'net. referral']);
		const cdnhost = zoneOf(trace, 'cdnhost.net.').servers.flatMap((server) => server.probes);
		expect(cdnhost.filter((probe) => probe.question.name === 'shop.cdnhost.net.')).toEqual([]);
	});

	it('stops at the query limit and records it', async () => {
		const trace = await labTrace('www.example.com', 'A', {limits: {maxQueries: 20}});
		expect(trace.stats.queries).toBe(20);
		expect(trace.limits).toEqual([
			{limit: 'queries', value: 15, detail: 'checks stopped after 15 queries; the last 5 were kept for the question itself and its chain of trust'},
			{limit: 'queries', value: 20, detail: 'the trace stopped sending after 20 queries'},
		]);
	});

	it('keeps the last quarter of the query budget for the question itself and its chain of trust, so checks cannot starve the answer', async () => {
		// 80 queries: the SOA, NS, CDS and address checks of three zones would spend them all before example.com. is asked.
		// With the lab's latencies each zone's checks are out long before its referral comes back, as on the network: at
		// zero latency, whether a check or a reply comes first is the event loop's order of the moment.
		const starved = await labTrace('www.example.com', 'A', {limits: {maxQueries: 80, walkReserve: 0}, transport: createLabTransport(labWorld(), {latencyScale: 1})});
		expect(starved.outcome.status).toBe('failure');
		const trace = await labTrace('www.example.com', 'A', {limits: {maxQueries: 80}});
		expect(trace.outcome).toMatchObject({status: 'answer', zone: 'example.com.'});
		expect(trace.limits[0]).toEqual(expect.objectContaining({limit: 'queries', value: 60}));
		const example = trace.zones.find((zone) => zone.name === 'example.com.')!;
		const purposes = new Set(example.servers.flatMap((server) => server.probes.map((probe) => probe.purpose)));
		expect([...purposes]).toEqual(expect.arrayContaining(['walk', 'dnskey']));
	});
});

const loopWorld: WorldSpec = {
	roots: ['a.root.lab.'],
	stories: [],
	servers: [
		{name: 'a.root.lab.', ipv4: '127.77.200.1', zones: [{zone: '.'}]},
		{name: 'ns.tld.lab.', ipv4: '127.77.200.2', zones: [{zone: 'tld.'}]},
		{name: 'ns.alpha.tld.', ipv4: '127.77.200.3', zones: [{zone: 'alpha.tld.'}]},
		{name: 'ns.beta.tld.', ipv4: '127.77.200.4', zones: [{zone: 'beta.tld.'}]},
	],
	zones: [
		{origin: '.', text: '@ SOA a.root.lab. h.lab. 1 1 1 1 1\n@ NS a.root.lab.\na.root.lab. A 127.77.200.1\ntld. NS ns.tld.lab.\nns.tld.lab. A 127.77.200.2'},
		// alpha.tld and beta.tld each name their server under the other, with no glue: neither can ever be reached.
		{origin: 'tld.', text: '@ SOA ns.tld.lab. h.lab. 1 1 1 1 1\n@ NS ns.tld.lab.\nalpha NS ns.beta.tld.\nbeta NS ns.alpha.tld.\ncname-a CNAME cname-b\ncname-b CNAME cname-a'},
		{origin: 'alpha.tld.', text: '@ SOA ns.beta.tld. h.lab. 1 1 1 1 1\n@ NS ns.beta.tld.\nns A 127.77.200.3\nwww A 192.0.2.1'},
		{origin: 'beta.tld.', text: '@ SOA ns.alpha.tld. h.lab. 1 1 1 1 1\n@ NS ns.alpha.tld.\nns A 127.77.200.4'},
	],
};

describe('loops', () => {
	it('detects name servers that depend on each other and finishes', async () => {
		const trace = await labTrace('www.alpha.tld', 'A', {world: buildWorld(loopWorld), families: [4]});
		expect(trace.outcome.status).toBe('failure');
		expect(trace.loops.some((loop) => loop.kind === 'ns-dependency')).toBe(true);
	});

	it('records one loop per zone, with every name, when its name servers are all under it with no glue', async () => {
		const names = Array.from({length: 8}, (_, index) => `n${index}.gamma.tld.`);
		const world: WorldSpec = {
			...loopWorld,
			zones: loopWorld.zones.map((zone) => (zone.origin === 'tld.' ? {...zone, text: `${zone.text}\n${names.map((name) => `gamma NS ${name}`).join('\n')}`} : zone)),
		};
		const trace = await labTrace('www.gamma.tld', 'A', {world: buildWorld(world), families: [4]});
		expect(trace.outcome.status).toBe('failure');
		// Each waiter caught in the cycle saw the names still out: they were 8 loops, each of the names left.
		const loops = trace.loops.filter((loop) => loop.kind === 'ns-dependency');
		expect(loops).toHaveLength(1);
		expect(loops[0]!.names[0]).toBe('gamma.tld.');
		expect(new Set(loops[0]!.names.slice(1))).toEqual(new Set(names));
	});

	it('names each name server of a dependency loop once, though its A and AAAA look-ups both wait on the loop', async () => {
		const trace = await labTrace('www.alpha.tld', 'A', {world: buildWorld(loopWorld), families: [4, 6]});
		const loops = trace.loops.filter((loop) => loop.kind === 'ns-dependency');
		expect(loops.length).toBeGreaterThan(0);
		for (const loop of loops) expect(new Set(loop.names).size, loop.detail).toBe(loop.names.length);
	});
});

describe('loops and variants', () => {
	it('stops a CNAME loop and records it', async () => {
		const trace = await labTrace('cname-a.tld', 'A', {world: buildWorld(loopWorld), families: [4]});
		expect(trace.outcome).toMatchObject({status: 'failure', reason: 'CNAME loop at cname-a.tld.'});
		expect(trace.loops).toEqual([expect.objectContaining({kind: 'cname', names: ['cname-a.tld.', 'cname-b.tld.', 'cname-a.tld.']})]);
	});

	it('follows a delegation that only some parent servers give, so no variant hides', async () => {
		const world: WorldSpec = {
			roots: ['a.root.lab.'],
			stories: [],
			servers: [
				{name: 'a.root.lab.', ipv4: '127.77.201.1', zones: [{zone: '.'}]},
				{name: 'ns1.tld.lab.', ipv4: '127.77.201.2', zones: [{zone: 'tld.'}]},
				// A stale secondary of tld. still delegates shop.tld to its old provider.
				{
					name: 'ns2.tld.lab.',
					ipv4: '127.77.201.3',
					latencyMs: 5,
					zones: [{zone: 'tld.', copy: {origin: 'tld.', text: '@ SOA ns1.tld.lab. h.lab. 1 1 1 1 1\n@ NS ns1.tld.lab.\nold-shop NS ns.old.tld.\nshop NS ns.old.tld.\nns.old.tld. A 127.77.201.5'}}],
				},
				{name: 'ns.new.tld.', ipv4: '127.77.201.4', zones: [{zone: 'www.shop.tld.'}]},
				{name: 'ns.old.tld.', ipv4: '127.77.201.5', zones: [{zone: 'shop.tld.'}]},
			],
			zones: [
				{origin: '.', text: '@ SOA a.root.lab. h.lab. 1 1 1 1 1\n@ NS a.root.lab.\na.root.lab. A 127.77.201.1\ntld. NS ns1.tld.lab.\ntld. NS ns2.tld.lab.\nns1.tld.lab. A 127.77.201.2\nns2.tld.lab. A 127.77.201.3'},
				{origin: 'tld.', text: '@ SOA ns1.tld.lab. h.lab. 2 1 1 1 1\n@ NS ns1.tld.lab.\nwww.shop NS ns.new.tld.\nns.new.tld. A 127.77.201.4'},
				{origin: 'www.shop.tld.', text: '@ SOA ns.new.tld. h.lab. 1 1 1 1 1\n@ NS ns.new.tld.\n@ A 192.0.2.1'},
				{origin: 'shop.tld.', text: '@ SOA ns.old.tld. h.lab. 1 1 1 1 1\n@ NS ns.old.tld.\nwww A 192.0.2.66'},
			],
		};
		const trace = await labTrace('www.shop.tld', 'A', {world, families: [4], dnssec: false});
		const tldStep = trace.resolutions[0]!.steps.find((step) => step.zone === 'tld.')!;
		expect(tldStep.next).toBe('www.shop.tld.');
		expect(tldStep.variants.map((variant) => `${variant.child} ${variant.addresses.join(',')}`).sort()).toEqual(['shop.tld. 127.77.201.3', 'www.shop.tld. 127.77.201.2']);
		const branch = trace.resolutions.find((resolution) => resolution.purpose === 'variant')!;
		expect(branch.steps.map((step) => step.zone)).toEqual(['shop.tld.']);
		expect(branch.outcome?.records.map((record) => record.data)).toEqual([{kind: 'address', address: '192.0.2.66'}]);
		expect(trace.outcome.records.map((record) => record.data)).toEqual([{kind: 'address', address: '192.0.2.1'}]);
	});
});
