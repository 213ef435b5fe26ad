import {describe, expect, it} from 'vitest';
import type {QueryQuestion, QueryResult, Transport} from '../../source/dns/transport.js';
import {createSharedTransport} from '../../source/survey/shared-transport.js';

const OPTIONS = {timeoutMs: 1000, retries: 0, edns: true, dnssecOk: true};
const ROOT_SERVER = {address: '127.77.0.1', port: 53};

/** A network that counts what reaches it and answers each query after `ms` (a failure is enough: the share keeps results whole). */
function countingNetwork(ms = 0) {
	const asked: string[] = [];
	const transport: Transport = {
		async query(server, question: QueryQuestion): Promise<QueryResult> {
			asked.push(`${server.address} ${question.name} ${question.type}`);
			await new Promise((resolve) => setTimeout(resolve, ms));
			return {ok: false, error: 'timeout', detail: 'no answer', transport: 'udp', attempts: 1, rttMs: ms, elapsedMs: ms, ignored: 0, truncatedOverUdp: false, ednsFallback: false, ednsDropped: false, udpTimedOut: true};
		},
	};
	return {transport, asked};
}

describe("a survey's share, as each zone's walk uses it", () => {
	it("keeps what other zones will ask (the root's keys, a provider's host address, a zone's DS) and lets a zone's own answers go", async () => {
		const network = countingNetwork();
		const share = createSharedTransport(network.transport, {maxEntries: 100, date: () => new Date('2026-11-30T06:00:00Z')});
		const bw = share.forZone('bw.');
		await bw.query(ROOT_SERVER, {name: '.', type: 'DNSKEY'}, OPTIONS);
		await bw.query(ROOT_SERVER, {name: 'bw.', type: 'SOA'}, OPTIONS);
		await bw.query(ROOT_SERVER, {name: 'ns1.provider.net.', type: 'A'}, OPTIONS);
		await bw.query(ROOT_SERVER, {name: 'bw.', type: 'DS'}, OPTIONS);
		// Asked again for the same zone (a later walk of it, a re-survey in one run): its own answer went out of the share.
		const again = await share.forZone('bw.').query(ROOT_SERVER, {name: 'bw.', type: 'SOA'}, OPTIONS);
		const ls = share.forZone('ls.');
		const rootKeys = await ls.query(ROOT_SERVER, {name: '.', type: 'DNSKEY'}, OPTIONS);
		const host = await ls.query(ROOT_SERVER, {name: 'ns1.provider.net.', type: 'A'}, OPTIONS);
		// ls.'s servers are named under bw.: its chain of trust asks bw.'s DS, which bw.'s walk asked first.
		const chain = await ls.query(ROOT_SERVER, {name: 'bw.', type: 'DS'}, OPTIONS);
		expect(network.asked).toEqual(['127.77.0.1 . DNSKEY', '127.77.0.1 bw. SOA', '127.77.0.1 ns1.provider.net. A', '127.77.0.1 bw. DS', '127.77.0.1 bw. SOA']);
		expect(chain.shared).toEqual({measuredAt: '2026-11-30T06:00:00.000Z'});
		expect(again.shared).toBeUndefined();
		expect(rootKeys.shared).toEqual({measuredAt: '2026-11-30T06:00:00.000Z'});
		expect(host.shared).toEqual({measuredAt: '2026-11-30T06:00:00.000Z'});
		expect([share.sent(), share.shared()]).toEqual([5, 3]);
	});

	it("shares a zone's own question while it is in flight, so two askers at once send it once", async () => {
		const network = countingNetwork(20);
		const share = createSharedTransport(network.transport, {maxEntries: 100, date: () => new Date('2026-11-30T06:00:00Z')});
		const [first, second] = await Promise.all([share.forZone('bw.').query(ROOT_SERVER, {name: 'bw.', type: 'DS'}, OPTIONS), share.forZone('bw.').query(ROOT_SERVER, {name: 'bw.', type: 'DS'}, OPTIONS)]);
		expect(network.asked).toEqual(['127.77.0.1 bw. DS']);
		expect([first.shared, second.shared]).toEqual([undefined, {measuredAt: '2026-11-30T06:00:00.000Z'}]);
	});
});
