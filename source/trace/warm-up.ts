import type {Family} from '../dns/address.js';
import {decodeLaidOut, encodeMessage, encodeQuery} from '../dns/codec.js';
import {monotonicMs} from '../dns/monotonic-clock.js';
import type {Name} from '../dns/name.js';
import {nsidOf} from '../dns/nsid.js';
import {createTransport} from '../dns/querier.js';
import type {Message} from '../dns/record.js';
import {checkResponse} from '../dns/response-check.js';
import type {Link, Transport} from '../dns/transport.js';
import {unusableReason} from '../dns/unusable-address.js';
import {classifyResponse} from './classify.js';
import type {QuestionRef, Trace} from './model.js';
import type {WalkConfig} from './walk.js';

/*
 * The first reply of a process is read by code that has never run: V8 has its bytecode (the code cache) and nothing
 * else. Decoding the first referral took 1.3-1.7 ms where the next reply's took 0.1-0.3, and from its being read to
 * the next zone's query took 2.5-3.5 ms where the second zone's took 0.6 (bench/README.md, "Session 31"): on the
 * answer's critical path, once per process.
 *
 * The wait for the first replies is the one moment a trace has nothing to do. So the walk runs that code then, once
 * per process, on a referral made up here (reserved names, documentation addresses): the decoder a kind of record at
 * a time, then what the prober and the walk read of a referral. Nothing it makes is kept or shown; no trace is the
 * same or different for it.
 *
 * A reply read late is a round trip measured long, so each slice runs on its own turn of the event loop (a median of
 * 0.5 ms, cold; the first, which meets the decoder's frame, about 0.9): a reply that arrives meanwhile is read after
 * that slice, and no slice starts once any reply has been read. That is the price, measured against the lab's own
 * send times: the first root reply is read a median 0.1-0.4 ms later than without the warm-up, while the other
 * replies of the first 25 ms are read 1.5-2 ms sooner, as they no longer wait behind the first referral's cold
 * decoding (bench/README.md, "Session 31"). Rehearsing the whole walk on the made-up referral then took a turn of 2 ms
 * and the first root reply was read 1.1 ms later; with the reading warmed by the slices first, the rehearsal below
 * takes three turns no longer than they are (bench/README.md, "Session 50").
 */

const QUESTION: QuestionRef = {name: 'www.example.', type: 'A'};
/** A message's header, and where its four counts start (RFC 1035 4.1.1): zeroed, the header is a whole message. */
const HEADER_BYTES = 12;
const COUNTS_OFFSET = 4;

/** A root server's referral to `example.` as a signed root gives it: NS, DS and its RRSIG, glue of both families, NSID. */
function madeUpReferral(): Message {
	const ttl = 172_800;
	const ns = (target: string) => ({name: 'example.', type: 'NS', class: 'IN', ttl, data: {kind: 'name' as const, target}});
	const glue = (name: string, type: 'A' | 'AAAA', address: string) => ({name, type, class: 'IN', ttl, data: {kind: 'address' as const, address}});
	return {
		id: 0,
		opcode: 'QUERY',
		rcode: 'NOERROR',
		flags: {qr: true, aa: false, tc: false, rd: false, ra: false, ad: false, cd: false},
		question: [{...QUESTION, class: 'IN'}],
		answer: [],
		authority: [
			ns('a.ns.example.'),
			ns('b.ns.example.'),
			{name: 'example.', type: 'DS', class: 'IN', ttl: 86_400, data: {kind: 'ds', keyTag: 12_345, algorithm: 13, digestType: 2, digest: 'ab'.repeat(32)}},
			{
				name: 'example.',
				type: 'RRSIG',
				class: 'IN',
				ttl: 86_400,
				data: {kind: 'rrsig', typeCovered: 'DS', algorithm: 8, labels: 1, originalTtl: 86_400, expiration: 1_800_000_000, inception: 1_790_000_000, keyTag: 20_326, signerName: '.', signature: Buffer.alloc(256, 7).toString('base64')},
			},
		],
		additional: [glue('a.ns.example.', 'A', '192.0.2.1'), glue('a.ns.example.', 'AAAA', '2001:db8::1'), glue('b.ns.example.', 'A', '198.51.100.2'), glue('b.ns.example.', 'AAAA', '2001:db8:1::2')],
		edns: {version: 0, udpSize: 1232, dnssecOk: true, extendedRcode: 0, options: [{code: 3, hex: '6578616d706c65'}]},
	};
}

/**
 * The same referral for a child without DNSSEC: no DS, and its absence proved, as the root proves it (NSEC) and as a
 * TLD does (NSEC3), each signed. Both at once, which no server sends: each record's decoder runs once either way.
 */
function madeUpUnsignedReferral(referral: Message): Message {
	const signature = (typeCovered: string, signerName: string) => ({
		name: typeCovered === 'NSEC' ? 'example.' : 'ca1bf3ngm0sgq8kbj1v5b4h0ql0h5csq.example.',
		type: 'RRSIG',
		class: 'IN',
		ttl: 86_400,
		data: {kind: 'rrsig' as const, typeCovered, algorithm: 8, labels: 1, originalTtl: 86_400, expiration: 1_800_000_000, inception: 1_790_000_000, keyTag: 20_326, signerName, signature: Buffer.alloc(256, 7).toString('base64')},
	});
	const [ns1, ns2] = referral.authority;
	return {
		...referral,
		authority: [
			ns1!,
			ns2!,
			{name: 'example.', type: 'NSEC', class: 'IN', ttl: 86_400, data: {kind: 'nsec', next: 'example2.', types: ['NS', 'RRSIG', 'NSEC']}},
			signature('NSEC', '.'),
			{
				name: 'ca1bf3ngm0sgq8kbj1v5b4h0ql0h5csq.example.',
				type: 'NSEC3',
				class: 'IN',
				ttl: 86_400,
				data: {kind: 'nsec3', hashAlgorithm: 1, flags: 1, iterations: 0, salt: '', nextHashed: 'CA1BF3NGM0SGQ8KBJ1V5B4H0QL0H5CT0', types: ['NS']},
			},
			signature('NSEC3', 'example.'),
		],
	};
}

/**
 * The slices, in the order a reply meets the code: the referral decoded and checked as it grows a kind of record at a
 * time (each decoder's first run is most of its slice), then what the prober keeps of it and how the walk judges it.
 * Each message is made with the encoder, on a slice of its own: that costs a turn, but leaves no bytes to maintain
 * beside the records they say.
 */
export function warmUpSlices(): Array<() => void> {
	const referral = madeUpReferral();
	const grown = (authority: number, additional: number): Message => ({...referral, authority: referral.authority.slice(0, authority), additional: referral.additional.slice(0, additional)});
	let bytes: Uint8Array = new Uint8Array();
	let decoded: Message | undefined;
	const encode = (message: Message) => () => {
		bytes = encodeMessage(message);
	};
	const read = () => {
		const laidOut = decodeLaidOut(bytes);
		checkResponse(laidOut.message, laidOut.layout, QUESTION);
		decoded = laidOut.message;
	};
	// A message's frame first, read from a query (its encoder has already run): its header alone, then whole.
	const query = encodeQuery({id: 0, name: QUESTION.name, type: QUESTION.type, edns: true, dnssecOk: true, nsid: true});
	return [
		() => decodeLaidOut(Uint8Array.from(query.subarray(0, HEADER_BYTES)).fill(0, COUNTS_OFFSET)),
		() => decodeLaidOut(query),
		encode(grown(2, 0)),
		read,
		encode(grown(2, 4)),
		read,
		encode(madeUpUnsignedReferral(referral)),
		read,
		encode(referral),
		read,
		() => {
			// The exchange's timer cleared (a process's first clearTimeout is 0.2 ms), what the prober keeps of the reply.
			clearTimeout(setTimeout(() => {}, 60_000));
			Buffer.from(bytes).toString('base64');
			nsidOf(decoded);
		},
		() => classifyResponse(decoded!, '.', QUESTION),
		() => {
			for (const {data} of decoded!.additional) if (data.kind === 'address') unusableReason(data.address, {loopback: false});
		},
	];
}

/** The walk, as the rehearsal runs it (walk.ts passes it in: this module is below it). */
type Walk = (query: {name: Name; type: string}, config: WalkConfig) => Promise<Trace>;

/** The made-up root server the rehearsal's question goes to, by family: documentation addresses, never sent to. */
const REHEARSAL_ROOT: Record<Family, string> = {4: '192.0.2.53', 6: '2001:db8::53'};

/**
 * The walk itself, rehearsed on the made-up referral: the slices above warm what reads a reply, but the walk's own way
 * from a referral to the child's first query (the prober's record, the zone's decision, the child zone made, its
 * servers learnt from the glue and asked) ran for the first time on the root's real referral: 0.25-0.36 ms from its
 * response recorded to the child's first query, where the next referral took 0.12-0.13; rehearsed, 0.12-0.24.
 *
 * Three turns, each cut where the last ends, like the slices above. The first starts a walk like the caller's (same
 * families, limits, time-out) over a transport that asks nobody: every question it is given stays unanswered for good
 * (no timer, no socket), but for the walk's own question at its made-up root. The second has that one read by a real
 * querier, over a link that replies from memory with the referral, as a socket's reply is read. The third gives the
 * walk the querier's result: it learns `example.` from it and asks its servers, whose questions stay unanswered too.
 * Nothing is kept: the rehearsal's trace is reachable from nothing once the turns have run, and if a real reply comes
 * first, the turns left never run and nothing is ever answered at all.
 */
export function rehearsalSlices(config: WalkConfig, walk: Walk): Array<() => void> {
	const family: Family = config.families.includes(4) ? 4 : 6;
	const root = {name: 'a.root-servers.example.', address: REHEARSAL_ROOT[family]};
	let read: (() => void) | undefined;
	let take: (() => void) | undefined;
	const quiet = () => {};
	const start = () => {
		const reply = encodeMessage(madeUpReferral());
		// Answered as a socket would, while the query is being sent: its ID copied in, from the server it went to.
		const fromMemory: Link['udp'] = (to, payload, handlers) => {
			const message = Uint8Array.from(reply);
			message.set(payload.subarray(0, 2));
			handlers.onSent?.();
			handlers.onMessage(message, to);
			return {close: quiet};
		};
		const querier = createTransport({udp: fromMemory, tcp: fromMemory}, {randomId: () => 0, now: monotonicMs});
		const transport: Transport = {
			query: (server, question, options) =>
				new Promise((resolve) => {
					if (read || server.address !== root.address || question.name !== QUESTION.name || question.type !== QUESTION.type) return;
					read = () =>
						void querier.query(server, question, options).then((result) => {
							take = () => resolve(result);
						}, quiet);
				}),
		};
		// Whatever it meets, the rehearsal is not the user's walk: it ends nothing and reports nothing.
		walk(QUESTION, {...config, transport, hints: {source: 'rehearsal', servers: [{name: root.name, addresses: [root.address]}]}, onEvent: undefined, describe: undefined}).catch(quiet);
	};
	return [start, () => read?.(), () => take?.()];
}

let started = false;

/**
 * Runs the reply path's code once, in slices, while `waiting()` says no reply has been read yet; then `more` (the
 * walk's rehearsal), a slice a turn, on the same terms. Once per process: a watch's next round, a survey's next name,
 * are read by code already warm.
 */
export function warmUpWhileWaiting(waiting: () => boolean, more: () => Array<() => void> = () => []): void {
	if (started) return;
	started = true;
	const queue = [...warmUpSlices(), ...more()];
	const next = () => {
		const slice = queue.shift();
		if (!slice || !waiting()) return;
		slice();
		setImmediate(next);
	};
	setImmediate(next);
}
