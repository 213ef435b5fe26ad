import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {withAnalysis} from '../../source/analysis/analyze.js';
import {measuredCacheInWords, readResolver, readResolvers, resolverInWords} from '../../source/analysis/resolver-answers.js';
import {askResolvers} from '../../source/commands/ask-resolvers.js';
import {decodeMessage, encodeMessage} from '../../source/dns/codec.js';
import {EDE_OPTION} from '../../source/dns/extended-error.js';
import {createTransport} from '../../source/dns/querier.js';
import {askRecursive} from '../../source/dns/recursive-query.js';
import type {Message, ResourceRecord} from '../../source/dns/record.js';
import type {Link} from '../../source/dns/transport.js';
import {createChangingLab} from '../../source/lab/changing-lab.js';
import {INTERNET} from '../../source/lab/internet.js';
import {LAB_RESOLVERS} from '../../source/lab/lab-resolver.js';
import {keysOf} from '../../source/lab/world.js';
import {parseSnapshot, serializeSnapshot} from '../../source/snapshot/snapshot.js';
import {renderTraceText} from '../../source/text/trace-text.js';
import type {ResolverProbe, Trace} from '../../source/trace/model.js';
import {labTrace, labWorld} from '../helpers/lab.js';

const ASKED_AT = '2026-11-30T12:00:00.000Z';
const a = (name: string, address: string, ttl: number): ResourceRecord => ({name, type: 'A', class: 'IN', ttl, data: {kind: 'address', address}});
const soa = (ttl: number, owner = 'sm.'): ResourceRecord => ({name: owner, type: 'SOA', class: 'IN', ttl, data: {kind: 'soa', mname: 'dns.omniway.sm.', rname: 'hostmaster.telecomitalia.sm.', serial: 1, refresh: 1, retry: 1, expire: 1, minimum: 3600}});
const edeOption = (code: number, text: string) => ({code: EDE_OPTION, hex: Buffer.concat([Buffer.from([code >> 8, code & 0xff]), Buffer.from(text, 'utf8')]).toString('hex')});

/** A resolver's reply to `name A`, RA set. */
function reply(name: string, fields: Partial<Message>): Message {
	return {
		id: 1,
		opcode: 'QUERY',
		rcode: 'NOERROR',
		flags: {qr: true, aa: false, tc: false, rd: true, ra: true, ad: false, cd: false},
		question: [{name, type: 'A', class: 'IN'}],
		answer: [],
		authority: [],
		additional: [],
		edns: {version: 0, udpSize: 1232, dnssecOk: true, extendedRcode: 0, options: []},
		...fields,
	};
}

const probe = (response: Message, label = '192.0.2.53'): ResolverProbe => ({label, address: '192.0.2.53', port: 53, askedAt: ASKED_AT, status: 'answered', rttMs: 12, response});

const example = await labTrace('www.example.com');
const puri = await labTrace('www.puri.sm');
const words = (trace: Trace, response: Message, dnssec: Parameters<typeof readResolver>[1] = 'insecure') => resolverInWords(readResolver(trace, dnssec, probe(response)), trace, dnssec);

describe('a resolver\'s answer beside what the authoritative servers say now', () => {
	it('agrees when it serves the same RRset, whatever its TTLs', () => {
		expect(words(example, reply('www.example.com.', {answer: [a('www.example.com.', '192.0.2.10', 17)]}))).toBe('agrees; it keeps it for 17 seconds more (17 s, until 2026-11-30 12:00 UTC)');
	});

	it('agrees when it sends a record twice with two TTLs: an RRset is a set', () => {
		expect(words(example, reply('www.example.com.', {answer: [a('www.example.com.', '192.0.2.10', 17), a('www.example.com.', '192.0.2.10', 300)]}))).toBe('agrees; it keeps it for 17 seconds more (17 s, until 2026-11-30 12:00 UTC)');
	});

	it('counts a negative answer down from min(SOA TTL, MINIMUM), not the SOA TTL alone (RFC 2308 5)', () => {
		expect(words(puri, reply('www.puri.sm.', {rcode: 'NXDOMAIN', authority: [{...soa(86_400), data: {...(soa(0).data as Extract<ResourceRecord['data'], {kind: 'soa'}>), minimum: 60}}]}))).toBe('agrees; it keeps it for 60 seconds more (60 s, until 2026-11-30 12:01 UTC): after a fix, its users see the failure until then');
	});

	it('names a record sent twice once when it serves something else', () => {
		expect(words(puri, reply('www.puri.sm.', {answer: [a('www.puri.sm.', '192.0.2.10', 500), a('www.puri.sm.', '192.0.2.10', 7)]}))).toBe('still serves www.puri.sm. A 192.0.2.10 for 7 seconds more (7 s, until 2026-11-30 12:00 UTC), where the authoritative servers now give NXDOMAIN');
	});

	it('"still serves the NXDOMAIN" for its remaining TTL (the SOA\'s, as it counts it down) when the servers now answer', () => {
		expect(words(example, reply('www.example.com.', {rcode: 'NXDOMAIN', authority: [soa(2460, 'example.com.')]}))).toBe(
			'still serves the NXDOMAIN for about 41 minutes more (2460 s, until 2026-11-30 12:41 UTC), where the authoritative servers now give A 192.0.2.10',
		);
	});

	it('still serves an old address where the servers give another', () => {
		expect(words(example, reply('www.example.com.', {answer: [a('www.example.com.', '192.0.2.99', 300)]}))).toBe(
			'still serves www.example.com. A 192.0.2.99 for about 5 minutes more (300 s, until 2026-11-30 12:05 UTC), where the authoritative servers now give A 192.0.2.10',
		);
	});

	it('calls a referral a referral: a server that does not recurse for this host, not a resolver holding a NODATA', () => {
		const ns = (target: string): ResourceRecord => ({name: 'com.', type: 'NS', class: 'IN', ttl: 172_800, data: {kind: 'name', target}});
		const referral = reply('www.example.com.', {flags: {qr: true, aa: false, tc: false, rd: true, ra: false, ad: false, cd: false}, authority: [ns('a.gtld-servers.net.'), ns('b.gtld-servers.net.')], additional: [a('a.gtld-servers.net.', '192.0.2.30', 172_800)]});
		const reading = readResolver(example, 'insecure', probe(referral));
		expect(reading).toMatchObject({verdict: 'fails', served: 'referral', referral: 'com.', ra: false});
		// It read "still serves the NODATA (no A record), where the authoritative servers now give A 192.0.2.10".
		expect(words(example, referral)).toBe('a referral to com., not an answer: it does not recurse for this host (RA clear), so it is no resolver for it');
		// A server that says it recurses (RA set) and refers is at odds with itself: not "it does not recurse (RA set)".
		expect(words(example, {...referral, flags: {...referral.flags, ra: true}})).toBe('a referral to com., not an answer, though it says it recurses (RA set): it is no resolver for this host');
		// A NODATA is one by its SOA, NS records beside it or not.
		const nodata = reply('www.example.com.', {authority: [soa(300, 'example.com.'), ns('a.gtld-servers.net.')]});
		expect(readResolver(example, 'insecure', probe(nodata))).toMatchObject({verdict: 'differs', served: 'nodata'});
		// A referral is never authoritative (RFC 1034 4.3.2), and refers to the name's zone or one above it: an NS set of
		// another zone, or an authoritative reply with the zone's own NS set and no SOA, is an empty answer whose time
		// cannot be read, not a referral.
		const elsewhere = reply('www.example.com.', {flags: referral.flags, authority: [{...ns('a.evil.org.'), name: 'evil.org.'}]});
		expect(readResolver(example, 'insecure', probe(elsewhere))).toMatchObject({served: 'nodata', noUsableSoa: true});
		// Said as what it is: not "still serves the NODATA", a denial cached, which needs its SOA (RFC 2308 5).
		expect(words(example, elsewhere)).toBe('an empty answer without an SOA, with an NS set of evil.org.: no denial it can keep, where the authoritative servers give A 192.0.2.10');
		const authoritative = reply('www.example.com.', {flags: {...referral.flags, aa: true}, authority: [{...ns('ns1.example.com.'), name: 'example.com.'}]});
		expect(readResolver(example, 'insecure', probe(authoritative))).toMatchObject({served: 'nodata', noUsableSoa: true});
		expect(words(example, authoritative)).toBe('an empty answer without an SOA, with an NS set of example.com.: no denial it can keep, where the authoritative servers give A 192.0.2.10');
	});

	it('calls a CNAME it did not follow, with RA clear, an authoritative server\'s answer: not a resolver\'s cached NODATA', () => {
		const shop = {...example, query: {...example.query, name: 'www.shop.com.', unicode: 'www.shop.com.'}};
		const cname: ResourceRecord = {name: 'www.shop.com.', type: 'CNAME', class: 'IN', ttl: 300, data: {kind: 'name', target: 'shop.cdnhost.net.'}};
		const unfollowed = reply('www.shop.com.', {flags: {qr: true, aa: true, tc: false, rd: true, ra: false, ad: false, cd: false}, answer: [cname]});
		expect(readResolver(shop, 'insecure', probe(unfollowed))).toMatchObject({verdict: 'fails', served: 'unfollowed-cname'});
		// It read "still serves www.shop.com. CNAME shop.cdnhost.net. then the NODATA (no A record) (no usable SOA …)".
		expect(words(shop, unfollowed)).toBe('www.shop.com. CNAME shop.cdnhost.net., not followed: it does not recurse for this host (RA clear), so it is no resolver for it');
		// A resolver (RA set) that ends a chain with nothing and no SOA is still read as the empty answer it gave.
		const resolverSaid = {...unfollowed, flags: {...unfollowed.flags, aa: false, ra: true}};
		expect(readResolver(shop, 'insecure', probe(resolverSaid))).toMatchObject({served: 'nodata', noUsableSoa: true});
		expect(words(shop, resolverSaid)).toBe('an empty answer (after www.shop.com. CNAME shop.cdnhost.net.) without an SOA: no denial it can keep, where the authoritative servers give A 192.0.2.10');
	});

	it('calls an authoritative reply (AA set, RA clear) its own zone\'s data: no resolver, nothing cached, no time its users wait', () => {
		const authoritative = {qr: true, aa: true, tc: false, rd: true, ra: false, ad: false, cd: false};
		// puri.sm's own server asked as a resolver: its NXDOMAIN is no denial a cache keeps for 41 minutes.
		const denial = reply('www.puri.sm.', {rcode: 'NXDOMAIN', flags: authoritative, authority: [soa(2460)]});
		const reading = readResolver(puri, 'insecure', probe(denial));
		expect(reading).toMatchObject({verdict: 'own-zone', served: 'nxdomain'});
		expect(reading.until).toBeUndefined();
		expect(words(puri, denial)).toBe('from its own zone (AA set, RA clear), the same as the walk found: an authoritative server, not a resolver for this host, with no cached copy to wait out');
		const answer = reply('www.example.com.', {flags: authoritative, answer: [a('www.example.com.', '192.0.2.99', 300)]});
		expect(words(example, answer)).toBe('from its own zone (AA set, RA clear), www.example.com. A 192.0.2.99, where the walk found A 192.0.2.10: an authoritative server, not a resolver for this host, with no cached copy to wait out');
		// The same reply with RA set is a resolver's (one that also serves the zone): its TTL is counted down as before.
		expect(readResolver(puri, 'insecure', probe({...denial, flags: {...authoritative, ra: true}}))).toMatchObject({verdict: 'agrees', remainingSeconds: 2460});
		// A denial whose SOA is of no zone above the name (evil.org.'s for www.puri.sm.) is not its own zone's: read as before.
		const foreign = reply('www.puri.sm.', {rcode: 'NXDOMAIN', flags: authoritative, authority: [soa(2460, 'evil.org.')]});
		expect(readResolver(puri, 'insecure', probe(foreign))).toMatchObject({verdict: 'agrees', served: 'nxdomain', noUsableSoa: true});
		// A watch's line of measured caches leaves it out: it keeps nothing.
		const asked: Trace = {...puri, resolvers: [probe(denial)]};
		expect(measuredCacheInWords(asked, 'insecure')).toBeUndefined();
		expect(measuredCacheInWords({...puri, resolvers: [probe({...denial, flags: {...authoritative, aa: false, ra: true}})]}, 'insecure')).toBe('Measured (--resolvers): 192.0.2.53 until 2026-11-30 12:41:00 UTC keeps the failure cached.');
	});

	it('agrees on a failure, and says its users keep it after a fix until its TTL ends', () => {
		expect(words(puri, reply('www.puri.sm.', {rcode: 'NXDOMAIN', authority: [soa(2460)]}))).toBe('agrees; it keeps it for about 41 minutes more (2460 s, until 2026-11-30 12:41 UTC): after a fix, its users see the failure until then');
	});

	it('explains a SERVFAIL beside a bogus verdict as what a validating resolver must do, with its EDE', () => {
		const servfail = reply('www.example.com.', {rcode: 'SERVFAIL', edns: {version: 0, udpSize: 1232, dnssecOk: true, extendedRcode: 0, options: [edeOption(6, 'signature by key 12345 invalid')]}});
		expect(words(example, servfail, 'bogus')).toBe('SERVFAIL, as a validating resolver must: the chain of trust is bogus, so it refuses the data [EDE 6 (DNSSEC Bogus): signature by key 12345 invalid]');
		expect(words(example, servfail, 'insecure')).toBe('SERVFAIL where the authoritative servers give A 192.0.2.10 [EDE 6 (DNSSEC Bogus): signature by key 12345 invalid]');
	});

	it('says a resolver that answers a bogus name does not validate', () => {
		expect(words(example, reply('www.example.com.', {answer: [a('www.example.com.', '192.0.2.10', 60)]}), 'bogus')).toBe('agrees; it keeps it for 60 seconds more (60 s, until 2026-11-30 12:01 UTC); it does not validate (the chain is bogus)');
	});
});

describe('a hostile resolver', () => {
	it('answering with records for another name: they are not the answer', () => {
		const reading = readResolver(example, 'insecure', probe(reply('www.example.com.', {answer: [a('www.bank.example.', '192.0.2.66', 60)]})));
		expect(reading.records).toEqual([]);
		expect(reading.served).toBe('nodata');
		expect(reading.verdict).toBe('differs');
	});

	it('with a huge TTL: kept at most as long as resolvers cap it (BIND: a week), the TTL it asks for said too', () => {
		const reading = readResolver(puri, 'insecure', probe(reply('www.puri.sm.', {answer: [a('www.puri.sm.', '192.0.2.50', 2_147_483_647)]})));
		expect(reading.until).toBe('2026-12-07T12:00:00.000Z');
		expect(resolverInWords(reading, puri, 'insecure')).toBe('still serves www.puri.sm. A 192.0.2.50 for at most 7 days more (resolvers cap it; the reply asks for 2147483647 s, until 2026-12-07 12:00 UTC), where the authoritative servers now give NXDOMAIN');
	});

	it('with a negative answer whose SOA TTL is huge: min(SOA TTL, MINIMUM), capped at BIND\'s 3 hours', () => {
		const huge = {...soa(2_147_483_647), data: {...(soa(0).data as Extract<ResourceRecord['data'], {kind: 'soa'}>), minimum: 2_147_483_647}};
		expect(words(puri, reply('www.puri.sm.', {rcode: 'NXDOMAIN', authority: [huge]}))).toBe('agrees; it keeps it for at most 3 hours more (resolvers cap it; the reply asks for 2147483647 s, until 2026-11-30 15:00 UTC): after a fix, its users see the failure until then');
	});

	it('with an SOA of an unrelated zone: no usable SOA, so the remaining time is not told', () => {
		const evil = {...soa(60), name: 'evil.example.'};
		const reading = readResolver(example, 'insecure', probe(reply('www.example.com.', {rcode: 'NXDOMAIN', authority: [evil]})));
		expect(reading.remainingSeconds).toBeUndefined();
		expect(resolverInWords(reading, example, 'insecure')).toBe('still serves the NXDOMAIN (no usable SOA: remaining time unknown), where the authoritative servers now give A 192.0.2.10');
		expect(words(puri, reply('www.puri.sm.', {rcode: 'NXDOMAIN', authority: [evil]}))).toBe('agrees; no usable SOA: remaining time unknown');
	});

	it('with an SOA of the last CNAME target\'s zone: that one speaks for the denial', () => {
		const cname: ResourceRecord = {name: 'www.example.com.', type: 'CNAME', class: 'IN', ttl: 300, data: {kind: 'name', target: 'gone.sm.'}};
		const reading = readResolver(example, 'insecure', probe(reply('www.example.com.', {rcode: 'NXDOMAIN', answer: [cname], authority: [soa(900)]})));
		expect(reading.remainingSeconds).toBe(900);
	});

	it('after a CNAME, an SOA of the question\'s own zone does not speak for the target\'s denial', () => {
		// sm. gave the CNAME, not the NXDOMAIN of gone.example.net.: its MINIMUM says nothing about how long that is kept.
		const cname: ResourceRecord = {name: 'www.puri.sm.', type: 'CNAME', class: 'IN', ttl: 300, data: {kind: 'name', target: 'gone.example.net.'}};
		const reading = readResolver(puri, 'insecure', probe(reply('www.puri.sm.', {rcode: 'NXDOMAIN', answer: [cname], authority: [soa(900)]})));
		expect(reading.remainingSeconds).toBeUndefined();
		expect(reading.noUsableSoa).toBe(true);
	});

	it('a CNAME the servers do not have, then NXDOMAIN, is not the servers\' NXDOMAIN: it differs, chain named', () => {
		const cname: ResourceRecord = {name: 'www.puri.sm.', type: 'CNAME', class: 'IN', ttl: 300, data: {kind: 'name', target: 'old.example.net.'}};
		const reading = readResolver(puri, 'insecure', probe(reply('www.puri.sm.', {rcode: 'NXDOMAIN', answer: [cname], authority: [soa(600, 'example.net.')]})));
		expect(reading.verdict).toBe('differs');
		expect(resolverInWords(reading, puri, 'insecure')).toBe(
			'still serves www.puri.sm. CNAME old.example.net. then the NXDOMAIN for about 10 minutes more (600 s, until 2026-11-30 12:10 UTC), where the authoritative servers now give NXDOMAIN',
		);
	});

	it('a CNAME loop, or two CNAMEs for one name, served before a denial: said to be broken', () => {
		const link = (from: string, to: string): ResourceRecord => ({name: from, type: 'CNAME', class: 'IN', ttl: 300, data: {kind: 'name', target: to}});
		const loop = readResolver(puri, 'insecure', probe(reply('www.puri.sm.', {answer: [link('www.puri.sm.', 'a.loop.test.'), link('a.loop.test.', 'www.puri.sm.')]})));
		expect(resolverInWords(loop, puri, 'insecure')).toMatch(/^an empty answer \(after www\.puri\.sm\. CNAME a\.loop\.test\., a\.loop\.test\. CNAME www\.puri\.sm\. \(a loop\)\) without an SOA/u);
		const doubled = readResolver(puri, 'insecure', probe(reply('www.puri.sm.', {answer: [link('www.puri.sm.', 'a.test.'), link('www.puri.sm.', 'b.test.')]})));
		expect(resolverInWords(doubled, puri, 'insecure')).toMatch(/\(two CNAMEs for www\.puri\.sm\.: malformed\)\) without an SOA/u);
		// With the SOA a denial has, the chain is said before the NODATA it ends in.
		const denied = readResolver(puri, 'insecure', probe(reply('www.puri.sm.', {answer: [link('www.puri.sm.', 'a.loop.test.'), link('a.loop.test.', 'www.puri.sm.')], authority: [soa(300)]})));
		expect(resolverInWords(denied, puri, 'insecure')).toMatch(/^still serves www\.puri\.sm\. CNAME a\.loop\.test\., a\.loop\.test\. CNAME www\.puri\.sm\. \(a loop\) then the NODATA/u);
	});

	it('with escape sequences in its TXT data, its EDE text and its label: escaped in every word', () => {
		const txt: ResourceRecord = {name: 'www.example.com.', type: 'TXT', class: 'IN', ttl: 60, data: {kind: 'txt', strings: ['\u001b]0;owned\u0007']}};
		const response = reply('www.example.com.', {answer: [a('www.example.com.', '192.0.2.1', 60), txt], edns: {version: 0, udpSize: 1232, dnssecOk: true, extendedRcode: 0, options: [edeOption(0, '\u001b[2J\u202eevil')]}});
		const hostile: Trace = {...example, resolvers: [probe(response, '\u001b[31mred')]};
		const {analysis} = withAnalysis(hostile, {anchors: {source: 'lab', records: labWorld().trustAnchor}});
		const text = renderTraceText({trace: hostile, analysis}, {toolVersion: 'test'});
		expect(text).not.toMatch(/[\u001b\u0007\u202e]/u);
		expect(text).toContain('192.0.2.53 (\\027[31mred) NOERROR 12 ms: still serves www.example.com. A 192.0.2.1, www.example.com. TXT "\\027]0;owned\\007" for 60 seconds more');
		expect(text).toContain('[EDE 0 (Other Error): \\027[2J\\u{202e}evil]');
	});

	it('that sets TC on every reply, over TCP too: asked once over UDP, once over TCP, never again, and its truncated TCP reply is no answer', async () => {
		let sent = 0;
		const truncating: Link = {
			udp: (_to, payload, handlers) => respondWith(payload, handlers),
			tcp: (_to, payload, handlers) => respondWith(payload, handlers),
		};
		function respondWith(payload: Uint8Array, handlers: Parameters<Link['udp']>[2]) {
			sent++;
			const query = decodeMessage(payload);
			queueMicrotask(() => handlers.onMessage(encodeMessage(reply(query.question[0]!.name, {id: query.id, flags: {qr: true, aa: false, tc: true, rd: true, ra: true, ad: false, cd: false}})), {address: '127.0.0.53', port: 53}));
			return {close() {}};
		}
		const transport = createTransport(truncating, {randomId: () => 7, now: () => 0});
		const result = await askRecursive(transport, {label: 'loop', address: '127.0.0.53', port: 53}, {name: 'www.example.com.', type: 'A'}, {timeoutMs: 100, retries: 0});
		expect(sent).toBe(2);
		expect(result).toMatchObject({ok: false, error: 'malformed', transport: 'tcp', detail: 'TC=1 over TCP: a TCP reply is never truncated (RFC 7766 8), so this one may be cut short anywhere; its data is not used'});
		const traced = await askResolvers(example, {list: '127.0.0.53', targets: [{label: 'loop', address: '127.0.0.53', port: 53}]}, transport, {timeoutMs: 100, retries: 0}, () => new Date(ASKED_AT));
		expect(readResolvers(traced, 'insecure').map((reading) => resolverInWords(reading, traced, 'insecure'))).toEqual(['no answer: malformed (TC=1 over TCP: a TCP reply is never truncated (RFC 7766 8), so this one may be cut short anywhere; its data is not used)']);
	});
});

describe('a slow resolver (a clock of its own: no real waits)', () => {
	/** A resolver that answers each query `delayMs` after it, over the protocols given; the sends it saw, in order. */
	function slowResolver(delayMs: number, answers: ReadonlyArray<'udp' | 'tcp'>) {
		const sent: Array<'udp' | 'tcp'> = [];
		const exchange = (protocol: 'udp' | 'tcp'): Link['udp'] => (to, payload, handlers) => {
			sent.push(protocol);
			const query = decodeMessage(payload);
			const timer = answers.includes(protocol) ? setTimeout(() => handlers.onMessage(encodeMessage(reply(query.question[0]!.name, {id: query.id, rcode: 'SERVFAIL'})), to), delayMs) : undefined;
			return {close: () => clearTimeout(timer)};
		};
		return {link: {udp: exchange('udp'), tcp: exchange('tcp')} satisfies Link, sent};
	}
	const ask = async (link: Link, options: {timeoutMs: number; retries: number}) => {
		let id = 1;
		const transport = createTransport(link, {randomId: () => id++, now: () => Date.now()});
		const asked = askRecursive(transport, {label: 'slow', address: '127.0.0.6', port: 5417}, {name: 'www.example.com.', type: 'A'}, options);
		await vi.runAllTimersAsync();
		return asked;
	};
	// An expired wait gives the event loop one more turn (setImmediate) before it is a time-out: a fake millisecond each.
	const within5 = (ms: number) => expect.closeTo(ms, -1);
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());

	it('is waited for the whole --timeout on its first try: an answer after 1.1 s is an answer', async () => {
		const {link, sent} = slowResolver(1100, ['udp']);
		expect(await ask(link, {timeoutMs: 1500, retries: 1})).toMatchObject({ok: true, transport: 'udp', rttMs: 1100, attempts: 1});
		expect(sent).toEqual(['udp']);
	});

	it('that drops UDP: --retries UDP tries of --timeout each, then over TCP', async () => {
		const {link, sent} = slowResolver(1100, ['tcp']);
		// The TCP answer is taken a few milliseconds after it came: the plain query beside it is waited for that much more.
		expect(await ask(link, {timeoutMs: 1500, retries: 2})).toMatchObject({ok: true, transport: 'tcp', udpTimedOut: true, elapsedMs: within5(3 * 1500 + 1100 + 5)});
		// Beside the TCP try, one over UDP without EDNS, as after any UDP time-out (a firewall that drops OPT).
		expect(sent).toEqual(['udp', 'udp', 'udp', 'udp', 'tcp']);
	});

	it('that never answers: a time-out after the whole --timeout, over TCP too', async () => {
		const {link} = slowResolver(1100, []);
		expect(await ask(link, {timeoutMs: 1000, retries: 0})).toMatchObject({ok: false, error: 'timeout', detail: 'every UDP attempt timed out; then over TCP: no response within 1000 ms over TCP', elapsedMs: within5(2000)});
	});
});

describe('resolvers outside loopback (DIGDEEPER_LOOPBACK_ONLY=1)', () => {
	it('are not asked, each said so, and no packet leaves', async () => {
		let sent = 0;
		const counting: Link = {
			udp: () => ((sent++, {close() {}})),
			tcp: () => ((sent++, {close() {}})),
		};
		const transport = createTransport(counting, {randomId: () => 7, now: () => 0});
		const plan = {list: '8.8.8.8,2620:fe::fe', targets: [{label: 'Google', address: '8.8.8.8', port: 53}, {label: 'Quad9', address: '2620:fe::fe', port: 53}]};
		const traced = await askResolvers(example, plan, transport, {timeoutMs: 100, retries: 0}, () => new Date(ASKED_AT));
		expect(sent).toBe(0);
		expect(readResolvers(traced, 'insecure').map((reading) => resolverInWords(reading, traced, 'insecure'))).toEqual(['not asked: loopback only (DIGDEEPER_LOOPBACK_ONLY=1)', 'not asked: loopback only (DIGDEEPER_LOOPBACK_ONLY=1)']);
	});
});

describe('a snapshot with resolvers (digdeeper/snapshot@4)', () => {
	const clock = Date.parse(ASKED_AT);
	const lab = createChangingLab(INTERNET, {latencyScale: 0, keys: keysOf(labWorld()), clock: () => clock});
	const anchors = {source: 'lab', records: lab.world().trustAnchor};
	const plan = {list: 'system', targets: LAB_RESOLVERS.map((spec) => ({label: spec.label, address: spec.address, port: 53})), outside: () => undefined};

	it('keeps each reply\'s bytes and judges them again on open, to the same words', async () => {
		const traced = await askResolvers(await labTrace('www.puri.sm', 'A', {world: lab.world(), transport: lab.transport}), plan, lab.transport, {timeoutMs: 250, retries: 0}, () => new Date(clock));
		const file = serializeSnapshot(withAnalysis(traced, {anchors}), {name: 'digdeeper', version: 'test'});
		const reopened = parseSnapshot(file).trace;
		const wordsOf = (trace: Trace) => readResolvers(trace, 'insecure').map((reading) => resolverInWords(reading, trace, 'insecure'));
		expect(wordsOf(reopened)).toEqual(wordsOf(traced));
		expect(reopened.options.resolvers).toBe('system');
		expect(wordsOf(reopened)).toEqual(['agrees; it keeps it for about 41 minutes more (2460 s, until 2026-11-30 12:41 UTC): after a fix, its users see the failure until then', 'agrees; it does not cache it (TTL 0)']);
		expect(JSON.parse(file).resolvers[0].reading).toMatchObject({verdict: 'agrees', remainingSeconds: 2460, until: '2026-11-30T12:41:00.000Z'});
	});

	it('refuses a file labelled older than @4 that holds them, and one whose bytes answer another question', async () => {
		const traced = await askResolvers(await labTrace('www.puri.sm', 'A', {world: lab.world(), transport: lab.transport}), plan, lab.transport, {timeoutMs: 250, retries: 0}, () => new Date(clock));
		const file = JSON.parse(serializeSnapshot(withAnalysis(traced, {anchors}), {name: 'digdeeper', version: 'test'}));
		expect(() => parseSnapshot(JSON.stringify({...file, schema: 'digdeeper/snapshot@3'}))).toThrow('damaged snapshot: "resolvers" is not in digdeeper/snapshot@3 (where: resolvers)');
		const other = Buffer.from(encodeMessage(reply('www.bank.example.', {rcode: 'NXDOMAIN'}))).toString('base64');
		const forged = parseSnapshot(JSON.stringify({...file, resolvers: [{...file.resolvers[0], raw: other}]})).trace;
		expect(forged.resolvers?.[0]).toMatchObject({status: 'malformed', error: 'the saved response is not a valid response to the question: it answers another question'});
		const cut = Buffer.from(encodeMessage(reply('www.puri.sm.', {rcode: 'NXDOMAIN', flags: {qr: true, aa: false, tc: true, rd: true, ra: true, ad: false, cd: false}}))).toString('base64');
		const truncated = parseSnapshot(JSON.stringify({...file, resolvers: [{...file.resolvers[0], transport: 'tcp', raw: cut}]})).trace;
		expect(truncated.resolvers?.[0]).toMatchObject({status: 'malformed', error: 'TC=1 over TCP: a TCP reply is never truncated (RFC 7766 8), so this one may be cut short anywhere; its data is not used'});
	});

	it('refuses a reply kept beside a resolver that timed out or was never asked: it read none', async () => {
		const traced = await askResolvers(await labTrace('www.puri.sm', 'A', {world: lab.world(), transport: lab.transport}), plan, lab.transport, {timeoutMs: 250, retries: 0}, () => new Date(clock));
		const file = JSON.parse(serializeSnapshot(withAnalysis(traced, {anchors}), {name: 'digdeeper', version: 'test'}));
		const {response: _response, ...answered} = file.resolvers[0];
		const timedOut = {...answered, status: 'timeout', error: 'no response within 250 ms over UDP'};
		expect(() => parseSnapshot(JSON.stringify({...file, resolvers: [timedOut]}))).toThrow('damaged snapshot: a resolver probe that timed out carries a response (where: resolvers[0].raw)');
		const {rttMs: _rtt, transport: _transport, ...unasked} = timedOut;
		expect(() => parseSnapshot(JSON.stringify({...file, resolvers: [file.resolvers[1], {...unasked, status: 'not-asked', error: 'loopback only'}]}))).toThrow('damaged snapshot: a resolver probe never asked carries a response (where: resolvers[1].raw)');
		const {raw: _raw, ...bare} = timedOut;
		expect(parseSnapshot(JSON.stringify({...file, resolvers: [bare]})).trace.resolvers?.[0]).toMatchObject({status: 'timeout', error: 'no response within 250 ms over UDP'});
	});

	it('refuses an error kept beside a resolver that answered, and a round trip or transport beside one never asked: neither is what was asked', async () => {
		const traced = await askResolvers(await labTrace('www.puri.sm', 'A', {world: lab.world(), transport: lab.transport}), plan, lab.transport, {timeoutMs: 250, retries: 0}, () => new Date(clock));
		const file = JSON.parse(serializeSnapshot(withAnalysis(traced, {anchors}), {name: 'digdeeper', version: 'test'}));
		expect(file.resolvers[0].status).toBe('answered');
		expect(() => parseSnapshot(JSON.stringify({...file, resolvers: [{...file.resolvers[0], error: 'hijacked by the ISP'}]}))).toThrow('damaged snapshot: a resolver probe that was answered carries an error, which only a probe without an answer has (where: resolvers[0].error)');
		const {response: _response, raw: _raw, rttMs: _rtt, transport: _transport, ...unasked} = file.resolvers[0];
		const never = {...unasked, status: 'not-asked', error: 'loopback only'};
		expect(parseSnapshot(JSON.stringify({...file, resolvers: [never]})).trace.resolvers?.[0]).toMatchObject({status: 'not-asked', error: 'loopback only'});
		expect(() => parseSnapshot(JSON.stringify({...file, resolvers: [{...never, rttMs: 12}]}))).toThrow('damaged snapshot: a resolver probe never asked carries rttMs, which only a query asked leaves (where: resolvers[0].rttMs)');
	});
});
