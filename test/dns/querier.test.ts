import {describe, expect, it} from 'vitest';
import {decodeMessage, encodeMessage} from '../../source/dns/codec.js';
import {createTransport} from '../../source/dns/querier.js';
import type {Message} from '../../source/dns/record.js';
import type {Endpoint, Link, LinkHandlers} from '../../source/dns/transport.js';

type Responder = (query: Message, protocol: 'udp' | 'tcp', attempt: number) => Array<{bytes: Uint8Array; from?: Endpoint}> | {error: 'unreachable' | 'network'} | undefined;

/** A link whose replies a test scripts: each query is decoded and answered after `delayMs` (a tick unless told). */
function scriptedLink(responder: Responder, delayMs: (protocol: 'udp' | 'tcp') => number = () => 1): Link & {sent: Array<'udp' | 'tcp'>} {
	const sent: Array<'udp' | 'tcp'> = [];
	const exchange = (protocol: 'udp' | 'tcp') => (to: Endpoint, payload: Uint8Array, handlers: LinkHandlers) => {
		sent.push(protocol);
		const reply = responder(decodeMessage(payload), protocol, sent.length);
		const timer = setTimeout(() => {
			if (!reply) return;
			if ('error' in reply) handlers.onError({kind: reply.error, code: reply.error === 'unreachable' ? 'ECONNREFUSED' : 'ENETUNREACH', message: 'scripted'});
			else for (const {bytes, from} of reply) handlers.onMessage(bytes, from ?? to);
		}, delayMs(protocol));
		return {close: () => clearTimeout(timer)};
	};
	return {udp: exchange('udp'), tcp: exchange('tcp'), sent};
}

const answer = (query: Message, patch: Partial<Message> = {}): Uint8Array =>
	encodeMessage({
		...query,
		flags: {...query.flags, qr: true, aa: true},
		answer: [{name: query.question[0]!.name, type: 'A', class: 'IN', ttl: 60, data: {kind: 'address', address: '192.0.2.1'}}],
		...patch,
	});

const server = {address: '127.77.0.1', port: 53};
const options = {timeoutMs: 40, retries: 1, edns: true, dnssecOk: true};
const deps = () => {
	let id = 100;
	return {randomId: () => id++, now: () => performance.now()};
};

describe('querier', () => {
	it('accepts the reply that matches and measures its round trip', async () => {
		const transport = createTransport(scriptedLink((query) => [{bytes: answer(query)}]), deps());
		const result = await transport.query(server, {name: 'example.com.', type: 'A'}, options);
		expect(result.ok).toBe(true);
		expect(result.transport).toBe('udp');
		expect(result.rttMs).toBeGreaterThan(0);
		expect(result.rttMs).toBeLessThan(40);
	});

	it("measures the network's round trip: from when the link sends the query to when the reply is read, not decoded", async () => {
		// A clock that moves only when told: the query waits 7 ms to leave, the reply comes 20 ms later, and every call to
		// the clock after the reply is read (decoding it, settling) costs 3 ms more.
		let clock = 0;
		let afterRead = false;
		const now = () => (afterRead ? (clock += 3) : clock);
		const link: Link = {
			udp(_to, payload, handlers) {
				const query = decodeMessage(payload);
				setTimeout(() => {
					clock += 7;
					handlers.onSent?.();
					clock += 20;
					afterRead = true;
					handlers.onMessage(answer(query), server);
				}, 1);
				return {close() {}};
			},
			tcp: () => ({close() {}}),
		};
		const result = await createTransport(link, {randomId: () => 7, now}).query(server, {name: 'example.com.', type: 'A'}, options);
		expect(result.ok).toBe(true);
		// Sent at 7; read at 30, the first look at the clock once the reply is in (decoding and settling look later).
		expect(result.rttMs).toBe(23);
	});

	it('counts the round trip from when the link says the query left and the reply came, not when this thread heard of it', async () => {
		// A link whose sockets are read elsewhere (threaded-link.ts): this thread hears of the send 2 ms after it, and of
		// the reply 30 ms after it came (a frame was being drawn). The server's own time was 20 ms.
		let clock = 0;
		const link: Link = {
			udp(_to, payload, handlers) {
				const query = decodeMessage(payload);
				setTimeout(() => {
					clock = 9;
					handlers.onSent?.(2);
					clock = 57;
					handlers.onMessage(answer(query), server, 30);
				}, 1);
				return {close() {}};
			},
			tcp: () => ({close() {}}),
		};
		const result = await createTransport(link, {randomId: () => 7, now: () => clock}).query(server, {name: 'example.com.', type: 'A'}, options);
		expect(result.ok).toBe(true);
		// Sent at 9 − 2 = 7, came at 57 − 30 = 27.
		expect(result.rttMs).toBe(20);
	});

	it('asks again a query this host could not send for want of a socket, once one is free: no attempt spent, no server blamed', async () => {
		const exhausted = {kind: 'network' as const, code: 'EMFILE', message: 'this host ran out of file descriptors (EMFILE: scripted)', notSent: true as const, exhausted: true as const};
		let refusals = 2;
		const tries: number[] = [];
		const link: Link = {
			udp(_to, payload, handlers) {
				tries.push(performance.now());
				const query = decodeMessage(payload);
				setTimeout(() => (refusals-- > 0 ? handlers.onError(exhausted) : handlers.onMessage(answer(query), server)), 1);
				return {close() {}};
			},
			tcp: () => ({close() {}}),
		};
		const result = await createTransport(link, deps()).query(server, {name: 'example.com.', type: 'A'}, {...options, timeoutMs: 500});
		expect(result).toMatchObject({ok: true, transport: 'udp', attempts: 1});
		// Asked again after 10 ms, then 20.
		expect(tries).toHaveLength(3);
		expect(tries[1]! - tries[0]!).toBeGreaterThanOrEqual(10);
		expect(tries[2]! - tries[1]!).toBeGreaterThanOrEqual(20);
		// Never a socket within the time-out: given up as never sent, the reason kept.
		const never: Link = {
			udp(_to, _payload, handlers) {
				setTimeout(() => handlers.onError(exhausted), 1);
				return {close() {}};
			},
			tcp: () => ({close() {}}),
		};
		const started = performance.now();
		const given = await createTransport(never, deps()).query(server, {name: 'example.com.', type: 'A'}, {...options, timeoutMs: 100});
		expect(given).toMatchObject({ok: false, notSent: true, detail: 'this host ran out of file descriptors (EMFILE: scripted)'});
		expect(performance.now() - started).toBeGreaterThanOrEqual(70);
		expect(performance.now() - started).toBeLessThan(400);
	});

	it("keeps a dead server's time-outs when the try after them finds no socket, and never sends the plain query again for it", async () => {
		const exhausted = {kind: 'network' as const, code: 'EMFILE', message: 'this host ran out of file descriptors (EMFILE: scripted)', notSent: true as const, exhausted: true as const};
		const sent: string[] = [];
		// A server that never answers; every TCP connection this host tries finds no file descriptor.
		const link: Link = {
			udp(_to, payload, handlers) {
				sent.push(`udp${decodeMessage(payload).edns ? ' edns' : ''}`);
				queueMicrotask(() => handlers.onSent?.());
				return {close() {}};
			},
			tcp(_to, _payload, handlers) {
				sent.push('tcp');
				setTimeout(() => handlers.onError(exhausted), 1);
				return {close() {}};
			},
		};
		const result = await createTransport(link, deps()).query(server, {name: 'example.com.', type: 'A'}, {timeoutMs: 300, retries: 0, edns: true, dnssecOk: true, fixedTimeout: true, tcpAfterUdpTimeout: true});
		// Its silence is the server's: a time-out, not a query never sent (which no finding would have said).
		expect(result).toMatchObject({ok: false, error: 'timeout'});
		expect(result.ok ? undefined : result.notSent).toBeUndefined();
		expect(result.ok ? '' : result.detail).toMatch(/no response within 300 ms over UDP; not asked over TCP: this host ran out of file descriptors/u);
		// One query with EDNS, then the plain query and TCP beside it, once: not a plain query a round.
		expect(sent).toEqual(['udp edns', 'udp', 'tcp']);
	});

	it('waits at most 80 ms between asks for a socket: one comes free in milliseconds', async () => {
		const exhausted = {kind: 'network' as const, code: 'EMFILE', message: 'scripted', notSent: true as const, exhausted: true as const};
		const tries: number[] = [];
		const link: Link = {
			udp(_to, _payload, handlers) {
				tries.push(performance.now());
				setTimeout(() => handlers.onError(exhausted), 1);
				return {close() {}};
			},
			tcp: () => ({close() {}}),
		};
		await createTransport(link, deps()).query(server, {name: 'example.com.', type: 'A'}, {...options, timeoutMs: 600});
		const gaps = tries.slice(1).map((at, index) => at - tries[index]!);
		expect(Math.max(...gaps)).toBeLessThan(80 + 40);
		// 10, 20, 40, then 80 each until the time-out: doubled without end it was 10, 20, 40, 80, 160, 320.
		expect(tries.length).toBeGreaterThanOrEqual(8);
	});

	it('ignores and counts replies with another ID, another question or from another address', async () => {
		const link = scriptedLink((query) => [
			{bytes: answer({...query, id: query.id ^ 1})},
			{bytes: answer({...query, question: [{name: 'evil.example.', type: 'A', class: 'IN'}]})},
			{bytes: answer(query), from: {address: '127.77.9.9', port: 53}},
			{bytes: answer(query)},
		]);
		const result = await createTransport(link, deps()).query(server, {name: 'example.com.', type: 'A'}, options);
		expect(result.ok).toBe(true);
		expect(result.ignored).toBe(3);
	});

	it('says a try that timed out with replies matching nothing asked was sent them: no matching response, and how many were ignored', async () => {
		// Every message sent gets one reply with the ID flipped.
		const wrongId = () => scriptedLink((query) => [{bytes: answer({...query, id: query.id ^ 1})}]);
		const udp = wrongId();
		const overUdp = await createTransport(udp, deps()).query(server, {name: 'example.com.', type: 'A'}, options);
		expect(overUdp).toMatchObject({ok: false, error: 'timeout', transport: 'udp', ignored: udp.sent.length, detail: 'no matching response within 40 ms over UDP (1 ignored: another ID, question or sender)'});
		const tcp = wrongId();
		const thenTcp = await createTransport(tcp, deps()).query(server, {name: 'example.com.', type: 'A'}, {...options, tcpAfterUdpTimeout: true});
		expect(tcp.sent).toContain('tcp');
		expect(thenTcp).toMatchObject({ok: false, error: 'timeout', transport: 'tcp', ignored: tcp.sent.length, detail: 'every UDP attempt timed out; then over TCP: no matching response within 40 ms over TCP (1 ignored: another ID, question or sender)'});
	});

	it('repeats a truncated UDP answer over TCP', async () => {
		const link = scriptedLink((query, protocol) => [{bytes: answer(query, protocol === 'udp' ? {flags: {...query.flags, qr: true, tc: true}, answer: []} : {})}]);
		const result = await createTransport(link, deps()).query(server, {name: 'example.com.', type: 'A'}, options);
		expect(link.sent).toEqual(['udp', 'tcp']);
		expect(result).toMatchObject({ok: true, transport: 'tcp', truncatedOverUdp: true, attempts: 2});
	});

	it('takes a TCP reply that says TC=1 for a broken one, not an empty answer: a TCP reply is never truncated', async () => {
		const link = scriptedLink((query) => [{bytes: answer(query, {flags: {...query.flags, qr: true, aa: true, tc: true}, answer: []})}]);
		const result = await createTransport(link, deps()).query(server, {name: 'example.com.', type: 'A'}, options);
		expect(link.sent).toEqual(['udp', 'tcp']);
		expect(result).toMatchObject({ok: false, error: 'malformed', transport: 'tcp', truncatedOverUdp: true, detail: 'TC=1 over TCP: a TCP reply is never truncated (RFC 7766 8), so this one may be cut short anywhere; its data is not used'});
		expect(result.ok === false && result.raw?.byteLength).toBeGreaterThan(12);
	});

	describe('a truncated reply that is only its header (QDCOUNT=0), as some servers and middleboxes send', () => {
		/** The 12-byte header and nothing else: every count 0. */
		const headerOnly = (id: number, {qr = true, tc = true} = {}): Uint8Array => Uint8Array.from([id >> 8, id & 0xff, (qr ? 0x80 : 0) | (tc ? 0x02 : 0), 0x00, 0, 0, 0, 0, 0, 0, 0, 0]);

		it('is the cue to ask again over TCP, as any TC=1 reply is (BIND and dig do the same), and is recorded as one', async () => {
			const link = scriptedLink((query, protocol) => [{bytes: protocol === 'udp' ? headerOnly(query.id) : answer(query)}]);
			const result = await createTransport(link, deps()).query(server, {name: 'example.com.', type: 'A'}, options);
			expect(link.sent).toEqual(['udp', 'tcp']);
			expect(result).toMatchObject({ok: true, transport: 'tcp', truncatedOverUdp: true, attempts: 2, ignored: 0});
			expect(result.ok && result.message.answer.map((record) => record.data)).toEqual([{kind: 'address', address: '192.0.2.1'}]);
		});

		it('followed by a TCP failure, ends as any TC=1 reply does: truncated over UDP, then what TCP said', async () => {
			const refused = scriptedLink((query, protocol) => (protocol === 'udp' ? [{bytes: headerOnly(query.id)}] : {error: 'unreachable'}));
			expect(await createTransport(refused, deps()).query(server, {name: 'example.com.', type: 'A'}, options)).toMatchObject({ok: false, error: 'unreachable', transport: 'tcp', truncatedOverUdp: true, attempts: 2, detail: 'ECONNREFUSED: scripted'});
			expect(refused.sent).toEqual(['udp', 'tcp']);
		});

		it('over TCP is still broken: a TCP reply is never truncated (RFC 7766 8), with or without its question', async () => {
			const link = scriptedLink((query) => [{bytes: headerOnly(query.id)}]);
			const result = await createTransport(link, deps()).query(server, {name: 'example.com.', type: 'A'}, options);
			expect(link.sent).toEqual(['udp', 'tcp']);
			expect(result).toMatchObject({ok: false, error: 'malformed', transport: 'tcp', truncatedOverUdp: true, detail: 'TC=1 over TCP: a TCP reply is never truncated (RFC 7766 8), so this one may be cut short anywhere; its data is not used'});
			expect(result.ok === false && result.raw?.byteLength).toBe(12);
			// Asked over TCP alone, the same.
			const tcpOnly = scriptedLink((query) => [{bytes: headerOnly(query.id)}]);
			expect(await createTransport(tcpOnly, deps()).query(server, {name: 'example.com.', type: 'A'}, {...options, tcpOnly: true})).toMatchObject({ok: false, error: 'malformed', transport: 'tcp', truncatedOverUdp: false, attempts: 1});
			expect(tcpOnly.sent).toEqual(['tcp']);
		});

		it('without TC=1 is malformed: an answer must echo the question, and no TCP try follows', async () => {
			const link = scriptedLink((query) => [{bytes: headerOnly(query.id, {tc: false})}]);
			const result = await createTransport(link, deps()).query(server, {name: 'example.com.', type: 'A'}, options);
			expect(link.sent).toEqual(['udp']);
			expect(result).toMatchObject({ok: false, error: 'malformed', transport: 'udp', truncatedOverUdp: false, detail: 'not a valid response (12 bytes): a NOERROR response without the question, at byte 4'});
		});

		it('with QR=0 is malformed as any query sent back is, TC=1 or not', async () => {
			const link = scriptedLink((query) => [{bytes: headerOnly(query.id, {qr: false})}]);
			const result = await createTransport(link, deps()).query(server, {name: 'example.com.', type: 'A'}, options);
			expect(link.sent).toEqual(['udp']);
			expect(result).toMatchObject({ok: false, error: 'malformed', truncatedOverUdp: false, detail: 'not a valid response (12 bytes): QR=0: a query, not a response, at byte 2'});
		});

		it('with another ID is ignored, as any reply with another ID is: the real answer that follows is used, over UDP', async () => {
			const link = scriptedLink((query) => [{bytes: headerOnly(query.id ^ 1)}, {bytes: answer(query)}]);
			const result = await createTransport(link, deps()).query(server, {name: 'example.com.', type: 'A'}, options);
			expect(link.sent).toEqual(['udp']);
			expect(result).toMatchObject({ok: true, transport: 'udp', truncatedOverUdp: false, ignored: 1});
		});

		it('is not a licence for a TC=1 reply that names another question: that one is still ignored', async () => {
			const otherQuestion = (query: Message) => answer(query, {flags: {...query.flags, qr: true, tc: true}, question: [{name: 'evil.example.', type: 'A', class: 'IN'}], answer: []});
			const link = scriptedLink((query) => [{bytes: otherQuestion(query)}, {bytes: answer(query)}]);
			const result = await createTransport(link, deps()).query(server, {name: 'example.com.', type: 'A'}, options);
			expect(link.sent).toEqual(['udp']);
			expect(result).toMatchObject({ok: true, transport: 'udp', truncatedOverUdp: false, ignored: 1});
		});
	});

	it('retries a UDP time-out, then reports the time-out', async () => {
		const link = scriptedLink(() => undefined);
		const result = await createTransport(link, deps()).query(server, {name: 'example.com.', type: 'A'}, options);
		expect(link.sent).toEqual(['udp', 'udp']);
		expect(result).toMatchObject({ok: false, error: 'timeout', attempts: 2});
	});

	it('answers a retry that arrives after the first attempt timed out', async () => {
		const link = scriptedLink((query, _protocol, attempt) => (attempt === 2 ? [{bytes: answer(query)}] : undefined));
		const result = await createTransport(link, deps()).query(server, {name: 'example.com.', type: 'A'}, options);
		expect(result).toMatchObject({ok: true, attempts: 2});
	});

	it('tells a refused connection (unreachable) from a missing route (network) and does not retry them', async () => {
		const refused = scriptedLink(() => ({error: 'unreachable'}));
		expect(await createTransport(refused, deps()).query(server, {name: 'example.com.', type: 'A'}, options)).toMatchObject({ok: false, error: 'unreachable'});
		expect(refused.sent).toHaveLength(1);
		const noRoute = scriptedLink(() => ({error: 'network'}));
		expect(await createTransport(noRoute, deps()).query(server, {name: 'example.com.', type: 'A'}, options)).toMatchObject({ok: false, error: 'network'});
	});

	it('keeps the bytes of an undecodable reply and calls it malformed', async () => {
		const link = scriptedLink((query) => {
			const bytes = answer(query);
			return [{bytes: bytes.subarray(0, bytes.byteLength - 3)}];
		});
		const result = await createTransport(link, deps()).query(server, {name: 'example.com.', type: 'A'}, options);
		expect(result).toMatchObject({ok: false, error: 'malformed'});
		expect(result.ok || result.raw?.byteLength).toBeGreaterThan(12);
	});

	it('asks again over TCP when a truncated UDP reply does not decode (cut short, counts intact), and never uses it', async () => {
		const link = scriptedLink((query, protocol) => {
			const bytes = answer(query, {flags: {...query.flags, qr: true, aa: true, tc: protocol === 'udp'}});
			return [{bytes: protocol === 'udp' ? bytes.subarray(0, bytes.byteLength - 5) : bytes}];
		});
		const result = await createTransport(link, deps()).query(server, {name: 'example.com.', type: 'A'}, options);
		expect(link.sent).toEqual(['udp', 'tcp']);
		expect(result).toMatchObject({ok: true, transport: 'tcp', truncatedOverUdp: true});
	});

	it('does not ask again over TCP for an undecodable datagram with TC set but QR clear: a query sent back is no truncated response', async () => {
		const link = scriptedLink((query) => {
			const bytes = answer(query, {flags: {...query.flags, qr: false, tc: true}});
			return [{bytes: bytes.subarray(0, bytes.byteLength - 5)}];
		});
		const result = await createTransport(link, deps()).query(server, {name: 'example.com.', type: 'A'}, options);
		expect(link.sent).toEqual(['udp']);
		expect(result).toMatchObject({ok: false, error: 'malformed', transport: 'udp', truncatedOverUdp: false});
	});

	it('calls a reply with QR=0 or another opcode malformed, saying what and where', async () => {
		const query = scriptedLink((asked) => [{bytes: answer(asked, {flags: {...asked.flags, qr: false}})}]);
		expect(await createTransport(query, deps()).query(server, {name: 'example.com.', type: 'A'}, options)).toMatchObject({ok: false, error: 'malformed', detail: expect.stringMatching(/: QR=0: a query, not a response, at byte 2$/u)});
		const notify = scriptedLink((asked) => [{bytes: answer(asked, {opcode: 'NOTIFY'})}]);
		expect(await createTransport(notify, deps()).query(server, {name: 'example.com.', type: 'A'}, options)).toMatchObject({ok: false, error: 'malformed', detail: expect.stringMatching(/: opcode NOTIFY in the response to a QUERY, at byte 2$/u)});
	});

	it('asks again without EDNS when the server answers FORMERR without an OPT record', async () => {
		const link = scriptedLink((query) => [{bytes: query.edns ? encodeMessage({...query, flags: {...query.flags, qr: true}, rcode: 'FORMERR', question: [], edns: undefined}) : answer(query)}]);
		const result = await createTransport(link, deps()).query(server, {name: 'example.com.', type: 'A'}, options);
		expect(result).toMatchObject({ok: true, ednsFallback: true});
		expect(result.ok && result.message.edns).toBeUndefined();
	});

	it('starts the wait once the message is handed over: a link busy while sending (the in-process lab) is no time-out', async () => {
		const busyLink: Link = {
			...scriptedLink(() => undefined),
			udp(to, payload, handlers) {
				const busyUntil = performance.now() + 150;
				while (performance.now() < busyUntil);
				const timer = setTimeout(() => handlers.onMessage(answer(decodeMessage(payload)), to), 1);
				return {close: () => clearTimeout(timer)};
			},
		};
		const result = await createTransport(busyLink, deps()).query(server, {name: 'example.com.', type: 'A'}, {...options, retries: 0});
		expect(result).toMatchObject({ok: true, transport: 'udp', attempts: 1});
	});

	it('asks once more over TCP when every UDP attempt times out, and says so', async () => {
		const link = scriptedLink((query, protocol) => (protocol === 'tcp' ? [{bytes: answer(query)}] : undefined));
		const result = await createTransport(link, deps()).query(server, {name: 'example.com.', type: 'A'}, {...options, tcpAfterUdpTimeout: true});
		// The TCP try goes out with a UDP query without EDNS beside it (see the EDNS tests below).
		expect(link.sent).toEqual(['udp', 'udp', 'udp', 'tcp']);
		expect(result).toMatchObject({ok: true, transport: 'tcp', udpTimedOut: true, ednsFallback: false, ednsDropped: false, attempts: 4});
	});

	it('answers from a server that drops every query with EDNS: the UDP query without EDNS sent beside the TCP try', async () => {
		const link = scriptedLink((query) => (query.edns ? undefined : [{bytes: answer(query)}]));
		const result = await createTransport(link, deps()).query(server, {name: 'example.com.', type: 'A'}, {...options, tcpAfterUdpTimeout: true});
		expect(link.sent).toEqual(['udp', 'udp', 'udp', 'tcp']);
		expect(result).toMatchObject({ok: true, transport: 'udp', udpTimedOut: false, ednsFallback: true, ednsDropped: true, attempts: 4});
		expect(result.ok && result.message.edns).toBeUndefined();
	});

	it('prefers the TCP answer with EDNS over the plain UDP one, even when the plain one comes first', async () => {
		const link = scriptedLink((query, protocol) => (protocol === 'tcp' || !query.edns ? [{bytes: answer(query)}] : undefined), (protocol) => (protocol === 'tcp' ? 15 : 1));
		const result = await createTransport(link, deps()).query(server, {name: 'example.com.', type: 'A'}, {...options, tcpAfterUdpTimeout: true});
		expect(result).toMatchObject({ok: true, transport: 'tcp', udpTimedOut: true, ednsFallback: false, ednsDropped: false});
		expect(result.ok && result.message.edns).toBeDefined();
	});

	it('answers from the UDP query without EDNS when the TCP try beside it says TC=1: that TCP reply is broken, not an answer', async () => {
		const link = scriptedLink((query, protocol) => {
			if (protocol === 'tcp') return [{bytes: answer(query, {flags: {...query.flags, qr: true, aa: true, tc: true}, answer: []})}];
			return query.edns ? undefined : [{bytes: answer(query)}];
		}, (protocol) => (protocol === 'tcp' ? 1 : 15));
		const result = await createTransport(link, deps()).query(server, {name: 'example.com.', type: 'A'}, {...options, tcpAfterUdpTimeout: true});
		expect(link.sent).toEqual(['udp', 'udp', 'udp', 'tcp']);
		expect(result).toMatchObject({ok: true, transport: 'udp', udpTimedOut: false, ednsFallback: true, ednsDropped: true, attempts: 4});
		expect(result.ok && result.message.answer.map((record) => record.data)).toEqual([{kind: 'address', address: '192.0.2.1'}]);
	});

	it('the query without EDNS costs a dead server no extra time: it waits beside the TCP try, not after it', async () => {
		const link = scriptedLink(() => undefined);
		const result = await createTransport(link, deps()).query(server, {name: 'example.com.', type: 'A'}, {...options, timeoutMs: 100, tcpAfterUdpTimeout: true});
		expect(link.sent).toEqual(['udp', 'udp', 'udp', 'tcp']);
		// Three waits of 100 ms (two UDP attempts, then TCP and plain UDP together); a fourth would reach 400.
		expect(result.elapsedMs).toBeGreaterThanOrEqual(295);
		expect(result.elapsedMs).toBeLessThan(380);
	});

	it('waits the whole time-out on the last try: a server slower than the doubled waits still answers', async () => {
		// Every reply takes 1.6 s: the UDP attempts wait 376 and 752 ms, the last try (TCP, with plain UDP beside it) the
		// 5 s asked for. Given the next doubled wait (1,504 ms), as it was, it gave up just before the reply came.
		const slow = scriptedLink((query) => [{bytes: answer(query)}], () => 1_600);
		const result = await createTransport(slow, deps()).query(server, {name: 'example.com.', type: 'A'}, {...options, timeoutMs: 5_000, tcpAfterUdpTimeout: true});
		expect(slow.sent).toEqual(['udp', 'udp', 'udp', 'tcp']);
		expect(result).toMatchObject({ok: true, udpTimedOut: true});
		expect(result.elapsedMs).toBeGreaterThanOrEqual(376 + 752 + 1_590);
	}, 10_000);

	it('waits the whole time-out on the last UDP attempt where no TCP try follows', async () => {
		const slow = scriptedLink((query) => [{bytes: answer(query)}], () => 1_600);
		const result = await createTransport(slow, deps()).query(server, {name: 'example.com.', type: 'A'}, {...options, timeoutMs: 5_000});
		expect(slow.sent).toEqual(['udp', 'udp']);
		expect(result).toMatchObject({ok: true, transport: 'udp'});
	}, 10_000);

	it('asks nothing without EDNS beside the TCP try when the query had no EDNS to begin with', async () => {
		const link = scriptedLink((query, protocol) => (protocol === 'tcp' ? [{bytes: answer(query)}] : undefined));
		const result = await createTransport(link, deps()).query(server, {name: 'example.com.', type: 'A'}, {...options, edns: false, tcpAfterUdpTimeout: true});
		expect(link.sent).toEqual(['udp', 'udp', 'tcp']);
		expect(result).toMatchObject({ok: true, transport: 'tcp', attempts: 3, ednsDropped: false});
	});

	it('without tcpAfterUdpTimeout a UDP time-out stays a time-out', async () => {
		const link = scriptedLink((query, protocol) => (protocol === 'tcp' ? [{bytes: answer(query)}] : undefined));
		const result = await createTransport(link, deps()).query(server, {name: 'example.com.', type: 'A'}, options);
		expect(link.sent).toEqual(['udp', 'udp']);
		expect(result).toMatchObject({ok: false, error: 'timeout', transport: 'udp', udpTimedOut: false});
	});

	it('a server silent over both transports is a time-out that names both', async () => {
		const link = scriptedLink(() => undefined);
		const result = await createTransport(link, deps()).query(server, {name: 'example.com.', type: 'A'}, {...options, tcpAfterUdpTimeout: true});
		expect(link.sent).toEqual(['udp', 'udp', 'udp', 'tcp']);
		expect(result).toMatchObject({ok: false, error: 'timeout', transport: 'tcp', udpTimedOut: true, ednsDropped: false, detail: 'every UDP attempt timed out; then over TCP: no response within 40 ms over TCP'});
	});

	it('a refused UDP query is not retried over TCP: the server said no, it did not go silent', async () => {
		const link = scriptedLink(() => ({error: 'unreachable'}));
		const result = await createTransport(link, deps()).query(server, {name: 'example.com.', type: 'A'}, {...options, tcpAfterUdpTimeout: true});
		expect(link.sent).toEqual(['udp']);
		expect(result).toMatchObject({ok: false, error: 'unreachable', udpTimedOut: false});
	});

	it('asks for the NSID (an empty EDNS option 3) only when told to, and only with EDNS', async () => {
		const asked: Message[] = [];
		const link = scriptedLink((query) => {
			asked.push(query);
			return [{bytes: answer(query)}];
		});
		const transport = createTransport(link, deps());
		await transport.query(server, {name: 'example.com.', type: 'A'}, {...options, nsid: true});
		await transport.query(server, {name: 'example.com.', type: 'A'}, options);
		await transport.query(server, {name: 'example.com.', type: 'A'}, {...options, edns: false, nsid: true});
		expect(asked.map((query) => query.edns?.options)).toEqual([[{code: 3, hex: ''}], [], undefined]);
	});
});
