import {describe, expect, it} from 'vitest';
import {analyze, type Analysis} from '../../source/analysis/analyze.js';
import {familyOf} from '../../source/dns/address.js';
import type {ProbeError, QueryFailure, Transport} from '../../source/dns/transport.js';
import {INTERNET} from '../../source/lab/internet.js';
import {createLabTransport} from '../../source/lab/lab-transport.js';
import {buildWorld, type LabWorld, type WorldSpec} from '../../source/lab/world.js';
import type {Trace} from '../../source/trace/model.js';
import {walk} from '../../source/trace/walk.js';
import {labTrace, labWorld} from '../helpers/lab.js';

const analysed = (trace: Trace, world: LabWorld = labWorld()): Analysis => analyze(trace, {anchors: {source: 'lab', records: world.trustAnchor.filter((record) => record.type === 'DS')}});

/** "severity CODE zone servers", one per finding, in the order a reader meets them. */
const compact = (analysis: Analysis) => analysis.findings.map((finding) => `${finding.severity} ${finding.code} ${finding.zone} ${finding.servers.join(',')}`.trim());

/** The lab's network, except that queries to the addresses `fails` picks never get an answer, the way it says. */
function failing(world: LabWorld, fails: (address: string) => boolean, error: ProbeError, detail: string): Transport {
	const lab = createLabTransport(world, {latencyScale: 0});
	const failure: QueryFailure = {ok: false, error, detail, code: detail.split(':')[0]!, transport: 'udp', attempts: 1, rttMs: 0, elapsedMs: 0, ignored: 0, truncatedOverUdp: false, ednsFallback: false, ednsDropped: false, udpTimedOut: false};
	return {query: async (server, question, options) => (fails(server.address) ? failure : lab.query(server, question, options))};
}

const everyRootServer = (change: Partial<WorldSpec['servers'][number]>): WorldSpec => ({...INTERNET, servers: INTERNET.servers.map((server) => (INTERNET.roots.includes(server.name) ? {...server, ...change} : server))});

describe('this host reaches no server at all', () => {
	it('every root address silent: one VANTAGE_DNS_BLOCKED, and no server, zone or key is blamed for it', async () => {
		const world = buildWorld(everyRootServer({down: true}));
		const analysis = analysed(await labTrace('www.example.com', 'A', {world, timeoutMs: 20}), world);
		expect(compact(analysis)).toEqual(['error VANTAGE_DNS_BLOCKED .']);
		expect(analysis.findings[0]).toMatchObject({
			message: 'this host reached no name server: none of the 8 server addresses it asked for the root answered (48 queries, all timed out); DNS (port 53) is probably filtered on this network, or every reply takes longer than 20 ms (a longer --timeout waits for it)',
			fixers: ['your-network'],
			explanation: expect.stringContaining('Port 53 is probably filtered (a corporate network, some Wi-Fi and hotel networks, cloud egress rules)'),
		});
	});

	it('every root address refusing at the network: the same vantage finding, counting refusals', async () => {
		const world = buildWorld(everyRootServer({closed: true}));
		const analysis = analysed(await labTrace('www.example.com', 'A', {world}), world);
		expect(compact(analysis)).toEqual(['error VANTAGE_DNS_BLOCKED .']);
		expect(analysis.findings[0]?.message).toContain('(48 queries, all refused); every query was refused: nothing listens on port 53 at those addresses, or a firewall on the way rejects DNS');
	});

	it('one hinted server refusing on --port 5399: the message and the explanation name port 5399, never 53, and the server may be down', async () => {
		const transport = failing(labWorld(), () => true, 'unreachable', 'ECONNREFUSED: recvmsg ECONNREFUSED');
		const trace = await walk({name: 'www.example.com.', type: 'A'}, {transport, hints: {source: '/tmp/hints', servers: [{name: 'a.root-servers.net.', addresses: ['127.0.0.99']}]}, port: 5399, families: [4], timeoutMs: 20, retries: 0, dnssec: true});
		const [blocked] = analysed(trace).findings;
		expect(blocked?.code).toBe('VANTAGE_DNS_BLOCKED');
		expect(blocked?.message).toBe('this host reached no name server: the one server address it asked for the root never answered (6 queries, all refused); every query was refused: nothing listens on port 5399 at those addresses, or a firewall on the way rejects DNS');
		// Hints given by hand name servers that can all be down: not "the root's servers are never all down".
		expect(blocked?.explanation).toBe('The one server address /tmp/hints names did not answer, over any family, so nothing below it was examined. Unlike the root\'s many anycast servers, servers named by hand can all be down at once. You or your network can fix it: check that it is running and listening on port 5399 (dig @ADDRESS -p 5399 . SOA +norec), then whether this network lets DNS through to it (UDP and TCP port 5399).');
		expect(blocked?.explanation).not.toContain('53 ');
	});

	it('a hinted server that sends only replies the probes ignore (a wrong ID, junk) is heard: the server is blamed, not this host', async () => {
		const lab = failing(labWorld(), () => true, 'unreachable', 'every UDP attempt timed out; then over TCP: ECONNREFUSED: connect ECONNREFUSED');
		const transport: Transport = {query: async (server, question, options) => ({...(await lab.query(server, question, options)), ignored: 3})};
		const trace = await walk({name: 'www.example.com.', type: 'A'}, {transport, hints: {source: '/tmp/hints', servers: [{name: 'a.root-servers.net.', addresses: ['127.0.0.99']}]}, port: 5399, families: [4], timeoutMs: 20, retries: 0, dnssec: true});
		const findings = analysed(trace).findings;
		expect(findings.map((finding) => finding.code)).not.toContain('VANTAGE_DNS_BLOCKED');
		// It did reply: the words say so, not "nothing listens there".
		const unreachable = findings.find((finding) => finding.code === 'SERVER_UNREACHABLE');
		expect(unreachable?.message).toBe('.: a.root-servers.net. (127.0.0.99) is unreachable (6 of 6 queries refused at the network; it sent 18 replies matching none of them (another ID or question), ignored as a resolver ignores them)');
		expect(unreachable?.explanation).toContain('It sent replies, but none that match its queries (another ID or question), which resolvers drop (RFC 5452)');
		expect(unreachable?.explanation).not.toContain('no one listens');
	});

	it('a server that times out but sent replies matching no query: "never answered" says how many it sent', async () => {
		const lab = failing(labWorld(), (address) => address === '127.77.10.1', 'timeout', 'no response after 1 attempt');
		const transport: Transport = {query: async (server, question, options) => {
			const result = await lab.query(server, question, options);
			return server.address === '127.77.10.1' ? {...result, ignored: 1} : result;
		}};
		const findings = analysed(await labTrace('www.example.com', 'A', {transport})).findings;
		expect(findings.find((finding) => finding.code === 'SERVER_TIMEOUT')?.explanation).toContain('sent only replies that match none of the queries (another ID or question): resolvers drop those, as they drop forged answers (RFC 5452), so to them it never answered.');
		expect(findings.find((finding) => finding.code === 'SERVER_TIMEOUT')?.message).toMatch(/^example\.com\.: ns1\.example\.com\. \(127\.77\.10\.1\) never answered \((\d+) of \1 queries timed out; it sent \1 (reply|replies) matching none of them \(another ID or question\), ignored as a resolver ignores them\)$/u);
	});

	it('no route for either family: VANTAGE_NO_NETWORK with the sockets\' reasons, and nothing else', async () => {
		const transport = failing(labWorld(), () => true, 'network', 'ENETUNREACH: connect ENETUNREACH');
		const trace = await labTrace('www.example.com', 'A', {transport});
		expect(trace.vantage.unavailableFamilies.map(({family}) => family).sort()).toEqual([4, 6]);
		const analysis = analysed(trace);
		expect(compact(analysis)).toEqual(['error VANTAGE_NO_NETWORK .']);
		expect(analysis.findings[0]?.message).toMatch(/^this host reached no name server: no IPv[46] connectivity \(ENETUNREACH: connect ENETUNREACH\); no IPv[46] connectivity \(ENETUNREACH: connect ENETUNREACH\)$/u);
	});

	it('hints of one family, and no route for it: VANTAGE_NO_NETWORK, naming the other family as not tried rather than claiming no network at all', async () => {
		const transport = failing(labWorld(), () => true, 'network', 'ENETUNREACH: connect ENETUNREACH');
		const trace = await walk({name: 'www.example.com.', type: 'A'}, {transport, hints: {source: '/tmp/six.hints', servers: [{name: 'a.root.test.', addresses: ['2001:db8::53']}]}, port: 53, families: [4, 6], timeoutMs: 20, retries: 0, dnssec: true});
		const analysis = analysed(trace);
		expect(compact(analysis)).toEqual(['error VANTAGE_NO_NETWORK .']);
		expect(analysis.findings[0]?.message).toBe('this host reached no name server: no IPv6 connectivity (ENETUNREACH: connect ENETUNREACH); IPv4 not tried (no server to ask had an IPv4 address)');
		expect(analysis.findings[0]?.explanation).toContain('IPv4 was not tried: no server there was to ask had an IPv4 address (the hints: /tmp/six.hints).');
		expect(analysis.findings[0]?.explanation).toContain('or give hints with IPv4 addresses; then trace again.');
		expect(analysis.findings[0]?.explanation).not.toContain('no route for any address family');
	});

	it('one hinted address with no route and another that was asked and lost: VANTAGE_DNS_BLOCKED, since a query did leave', async () => {
		const lost: QueryFailure = {ok: false, error: 'timeout', detail: 'no response after 1 attempt', code: 'timeout', transport: 'udp', attempts: 1, rttMs: 0, elapsedMs: 0, ignored: 0, truncatedOverUdp: false, ednsFallback: false, ednsDropped: false, udpTimedOut: false};
		const transport: Transport = {query: async (server) => (server.address === '127.0.0.98' ? lost : {...lost, error: 'network', detail: 'ENETUNREACH: connect ENETUNREACH', code: 'ENETUNREACH'})};
		const trace = await walk({name: 'www.example.com.', type: 'A'}, {transport, hints: {source: '/tmp/two.hints', servers: [{name: 'a.root.test.', addresses: ['127.0.0.98']}, {name: 'b.root.test.', addresses: ['127.0.0.99']}]}, port: 53, families: [4, 6], timeoutMs: 20, retries: 0, dnssec: true});
		const analysis = analysed(trace);
		expect(compact(analysis)).toEqual(['error VANTAGE_DNS_BLOCKED .', 'info VANTAGE_NO_ROUTE_IPV4 .']);
		// The address asked is not counted among those never asked.
		expect(analysis.findings[1]?.message).toBe('this host has no IPv4 route (ENETUNREACH: connect ENETUNREACH): the 1 IPv4 server address was not asked, and not blamed');
	});

	it('@SERVER answered the root\'s NS set, and no root server it named could be asked: says so, not that no server was reached', async () => {
		const transport = failing(labWorld(), () => true, 'network', 'ENETUNREACH: connect ENETUNREACH');
		const trace = await walk({name: 'www.example.com.', type: 'A'}, {transport, hints: {source: '@127.0.0.1', servers: [{name: 'a.root.test.', addresses: ['2001:db8::53']}]}, port: 53, families: [4, 6], timeoutMs: 20, retries: 0, dnssec: true});
		const [finding] = analysed(trace).findings;
		expect(finding?.message).toBe('no root server @127.0.0.1 named could be asked: no IPv6 connectivity (ENETUNREACH: connect ENETUNREACH); IPv4 not tried (no root server @127.0.0.1 named had an IPv4 address)');
		expect(finding?.explanation).toContain('@127.0.0.1 answered, but no root server it named could be asked, so nothing here says anything about the DNS');
	});

	it('-4 and no IPv4 route: VANTAGE_NO_NETWORK, saying IPv6 was not asked and how to ask it', async () => {
		const transport = failing(labWorld(), () => true, 'network', 'ENETUNREACH: connect ENETUNREACH');
		const trace = await labTrace('www.example.com', 'A', {transport, families: [4]});
		const analysis = analysed(trace);
		expect(compact(analysis)).toEqual(['error VANTAGE_NO_NETWORK .']);
		expect(analysis.findings[0]?.message).toBe('this host reached no name server: no IPv4 connectivity (ENETUNREACH: connect ENETUNREACH); IPv6 not tried (the trace was held to IPv4)');
		expect(analysis.findings[0]?.explanation).toContain('IPv6 was not tried: the trace was held to the other family (-4).');
		expect(analysis.findings[0]?.explanation).toContain('or trace without -4 so IPv6 is asked too; then trace again.');
	});
});

describe('a network error that is no missing route is the server\'s', () => {
	it('one IPv6 address whose TCP connection is cut: SERVER_UNREACHABLE for it, in those words; IPv6 stays, and no vantage finding', async () => {
		const transport = failing(labWorld(), (address) => address === '2001:db8:10::1', 'network', 'ECONNCLOSED: the server closed the TCP connection without a complete answer');
		const trace = await labTrace('www.example.com', 'A', {transport});
		expect(trace.vantage.unavailableFamilies).toEqual([]);
		const analysis = analysed(trace);
		expect(compact(analysis).filter((line) => line.includes('VANTAGE') || line.includes('SERVER_'))).toEqual(['warning SERVER_UNREACHABLE example.com. 2001:db8:10::1']);
		expect(analysis.findings.find((finding) => finding.code === 'SERVER_UNREACHABLE')?.message).toMatch(/^example\.com\.: ns1\.example\.com\. \(2001:db8:10::1\) is unreachable \(\d+ of \d+ queries failed at the network: refused, or cut off before an answer\)$/u);
	});
});

describe('this host reaches servers over one family only', () => {
	it('no IPv6 route: a note about this host; the story\'s own findings stay, and the IPv6-only zone is not called down', async () => {
		const transport = failing(labWorld(), (address) => familyOf(address) === 6, 'network', 'EADDRNOTAVAIL: connect EADDRNOTAVAIL');
		const analysis = analysed(await labTrace('www.six.example.com', 'A', {transport}));
		expect(compact(analysis)).toEqual([
			'info VANTAGE_NO_ROUTE_IPV6 .',
			'info SINGLE_POINT_OF_FAILURE example.com. 127.77.10.1,2001:db8:10::1,127.77.110.2,2001:db8:110::2',
		]);
		expect(analysis.findings[0]?.message).toMatch(/^this host has no IPv6 route \(EADDRNOTAVAIL: connect EADDRNOTAVAIL\): the \d+ IPv6 server addresses were not asked, and not blamed$/u);
	});

	it('every IPv6 query lost while the same servers answer over IPv4: VANTAGE_IPV6_BLOCKED, and no IPv6 server blamed', async () => {
		const transport = failing(labWorld(), (address) => familyOf(address) === 6, 'timeout', 'no response after 1 attempt');
		const analysis = analysed(await labTrace('www.example.com', 'A', {transport}));
		expect(compact(analysis)).toEqual(['warning VANTAGE_IPV6_BLOCKED .', 'info SINGLE_POINT_OF_FAILURE example.com. 127.77.10.1,2001:db8:10::1,127.77.110.2,2001:db8:110::2']);
		expect(analysis.findings[0]?.message).toMatch(/^every IPv6 query from this host went unanswered \(\d+ queries to \d+ addresses, all timed out\), while \d+ of the same name servers answered over IPv4 \(a\.root-servers\.net\., .*\): the IPv6 path from here is broken or filtered$/u);
	});

	it('a zone served only over the blocked family gets no finding: nothing was heard from it, for this host\'s reasons', async () => {
		const transport = failing(labWorld(), (address) => familyOf(address) === 6, 'timeout', 'no response after 1 attempt');
		const analysis = analysed(await labTrace('www.six.example.com', 'A', {transport}));
		expect(compact(analysis)).toEqual(['warning VANTAGE_IPV6_BLOCKED .', 'info SINGLE_POINT_OF_FAILURE example.com. 127.77.10.1,2001:db8:10::1,127.77.110.2,2001:db8:110::2']);
	});

	it('one server failing over IPv6 alone is that server\'s fault, not the path\'s', async () => {
		const world = buildWorld({
			roots: ['a.root.lab.'],
			stories: [],
			servers: [
				{name: 'a.root.lab.', ipv4: '127.77.201.1', zones: [{zone: '.'}]},
				{name: 'ns1.tld.lab.', ipv4: '127.77.201.2', ipv6: '2001:db8:201::2', zones: [{zone: 'tld.'}]},
				{name: 'ns2.tld.lab.', ipv4: '127.77.201.3', zones: [{zone: 'tld.'}]},
			],
			zones: [
				{origin: '.', text: '@ SOA a.root.lab. h.lab. 1 1 1 1 1\n@ NS a.root.lab.\na.root.lab. A 127.77.201.1\ntld. NS ns1.tld.lab.\ntld. NS ns2.tld.lab.\nns1.tld.lab. A 127.77.201.2\nns1.tld.lab. AAAA 2001:db8:201::2\nns2.tld.lab. A 127.77.201.3'},
				{origin: 'tld.', text: '@ SOA ns1.tld.lab. h.lab. 1 1 1 1 1\n@ NS ns1.tld.lab.\n@ NS ns2.tld.lab.\nwww A 192.0.2.1'},
			],
		});
		const transport = failing(world, (address) => address === '2001:db8:201::2', 'timeout', 'no response after 1 attempt');
		const analysis = analysed(await labTrace('www.tld', 'A', {world, transport}), world);
		expect(compact(analysis)).toContain('warning SERVER_TIMEOUT tld. 2001:db8:201::2');
		expect(analysis.findings.some((finding) => finding.code.startsWith('VANTAGE_'))).toBe(false);
	});
});

describe('consequences are not causes', () => {
	const loopWorld: WorldSpec = {
		roots: ['a.root.lab.'],
		stories: [],
		servers: [
			{name: 'a.root.lab.', ipv4: '127.77.202.1', zones: [{zone: '.'}]},
			{name: 'ns.tld.lab.', ipv4: '127.77.202.2', zones: [{zone: 'tld.'}]},
		],
		zones: [
			{origin: '.', text: '@ SOA a.root.lab. h.lab. 1 1 1 1 1\n@ NS a.root.lab.\na.root.lab. A 127.77.202.1\ntld. NS ns.tld.lab.\nns.tld.lab. A 127.77.202.2'},
			// alpha and beta each name two servers under the other, with no glue: both their look-ups find the one cycle.
			{origin: 'tld.', text: '@ SOA ns.tld.lab. h.lab. 1 1 1 1 1\n@ NS ns.tld.lab.\nalpha NS ns1.beta.tld.\nalpha NS ns2.beta.tld.\nbeta NS ns1.alpha.tld.\nbeta NS ns2.alpha.tld.'},
		],
	};

	it('a name-server dependency loop found by several look-ups is one LOOP_DETECTED, its cycle said once', async () => {
		const world = buildWorld(loopWorld);
		const trace = await labTrace('www.alpha.tld', 'A', {world, families: [4]});
		const loops = analysed(trace, world).findings.filter((finding) => finding.code === 'LOOP_DETECTED');
		expect(loops.map((finding) => finding.message)).toEqual([
			'name-server dependency loop: beta.tld. and alpha.tld. wait on each other: reaching beta.tld. needs the address of ns1.alpha.tld., ns2.alpha.tld., named under alpha.tld.; reaching alpha.tld. needs the address of ns1.beta.tld., ns2.beta.tld., named under beta.tld.; no glue breaks the circle',
		]);
	});

	it('a finding made twice (a snapshot that recorded its loop twice) is reported once', async () => {
		const world = buildWorld(loopWorld);
		const trace = await labTrace('www.alpha.tld', 'A', {world, families: [4]});
		trace.loops.push(...trace.loops);
		expect(analysed(trace, world).findings.filter((finding) => finding.code === 'LOOP_DETECTED')).toHaveLength(1);
	});

	it('an unreachable signed zone is ZONE_UNREACHABLE with its cause, and no DNSKEY_MISSING that only restates it', async () => {
		const analysis = analysed(await labTrace('nic.xn--mgbai9azgqp6j', 'A'));
		expect(compact(analysis)).toEqual(['error SERVER_TIMEOUT xn--mgbai9azgqp6j. 127.77.51.1,127.77.51.2,127.77.61.3', 'error ZONE_UNREACHABLE xn--mgbai9azgqp6j. 127.77.51.1,127.77.51.2,127.77.61.3']);
	});
});
