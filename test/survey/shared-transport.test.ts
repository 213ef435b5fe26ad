import {describe, expect, it} from 'vitest';
import {decodeMessage, encodeMessage} from '../../source/dns/codec.js';
import type {QueryQuestion, QueryResult, Transport} from '../../source/dns/transport.js';
import {createSharedTransport} from '../../source/survey/shared-transport.js';
import {queryMessage} from '../helpers/query-message.js';

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

/** A network that answers every query with the root's key, as bytes and decoded, as the querier returns them. */
function answeringNetwork() {
	const raw = encodeMessage({
		...queryMessage('.', 'DNSKEY', {id: 7}),
		flags: {qr: true, aa: true, tc: false, rd: false, ra: false, ad: false, cd: false},
		answer: [{name: '.', type: 'DNSKEY', class: 'IN', ttl: 172800, data: {kind: 'dnskey', flags: 257, protocol: 3, algorithm: 13, publicKey: 'mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ=='}}],
	});
	const transport: Transport = {
		async query(): Promise<QueryResult> {
			return {ok: true, message: decodeMessage(raw), raw, transport: 'udp', attempts: 1, rttMs: 1, elapsedMs: 1, ignored: 0, truncatedOverUdp: false, ednsFallback: false, ednsDropped: false, udpTimedOut: false};
		},
	};
	return {transport, raw};
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

	it('counts no query the link refused to send (DIGDEEPER_LOOPBACK_ONLY) among those sent: it never left this host', async () => {
		const guarded: Transport = {
			async query(server): Promise<QueryResult> {
				if (server.address === ROOT_SERVER.address) return countingNetwork().transport.query(server, {name: '.', type: 'NS'}, OPTIONS);
				return {ok: false, error: 'network', detail: `${server.address} is not a loopback address and DIGDEEPER_LOOPBACK_ONLY is set`, notSent: true, transport: 'udp', attempts: 1, rttMs: 0, elapsedMs: 0, ignored: 0, truncatedOverUdp: false, ednsFallback: false, ednsDropped: false, udpTimedOut: false};
			},
		};
		const share = createSharedTransport(guarded, {maxEntries: 100, date: () => new Date('2026-11-30T06:00:00Z')});
		await share.query(ROOT_SERVER, {name: '.', type: 'NS'}, OPTIONS);
		const refused = await share.query({address: '2001:db8::1', port: 53}, {name: '.', type: 'NS'}, OPTIONS);
		expect(refused).toMatchObject({ok: false, notSent: true});
		expect(share.sent()).toBe(1);
	});

	it("shares a zone's own question while it is in flight, so two askers at once send it once", async () => {
		const network = countingNetwork(20);
		const share = createSharedTransport(network.transport, {maxEntries: 100, date: () => new Date('2026-11-30T06:00:00Z')});
		const [first, second] = await Promise.all([share.forZone('bw.').query(ROOT_SERVER, {name: 'bw.', type: 'DS'}, OPTIONS), share.forZone('bw.').query(ROOT_SERVER, {name: 'bw.', type: 'DS'}, OPTIONS)]);
		expect(network.asked).toEqual(['127.77.0.1 bw. DS']);
		expect([first.shared, second.shared]).toEqual([undefined, {measuredAt: '2026-11-30T06:00:00.000Z'}]);
	});

	it('gives every later asker the one decoded copy of a kept answer while a trace holds it, instead of decoding its own', async () => {
		const network = answeringNetwork();
		const share = createSharedTransport(network.transport, {maxEntries: 100, date: () => new Date('2026-11-30T06:00:00Z')});
		const first = await share.forZone('bw.').query(ROOT_SERVER, {name: '.', type: 'DNSKEY'}, OPTIONS);
		const second = await share.forZone('ls.').query(ROOT_SERVER, {name: '.', type: 'DNSKEY'}, OPTIONS);
		const third = await share.forZone('td.').query(ROOT_SERVER, {name: '.', type: 'DNSKEY'}, OPTIONS);
		if (!first.ok || !second.ok || !third.ok) throw new Error('the network answers every query');
		expect(second.message).toBe(first.message);
		expect(third.message).toBe(first.message);
		expect(third.message).toEqual(decodeMessage(network.raw));
		expect(third.raw).toEqual(network.raw);
		expect([second.shared, third.shared]).toEqual([{measuredAt: '2026-11-30T06:00:00.000Z'}, {measuredAt: '2026-11-30T06:00:00.000Z'}]);
	});
});
