/*
 * The signature checks made while the walk waits (analysis/dnssec/preverify.ts, commands/verify-ahead.ts): the
 * analysis afterwards finds them done and verifies nothing itself, judges exactly as it would have, and a hostile
 * zone gets no more checks than the bounds. Every call to the one function that verifies a signature (dns/dnssec.ts)
 * is counted.
 */
import {describe, expect, it, vi} from 'vitest';
import {dnskeyRData, keyTag} from '../../source/dns/dnssec.js';
import type {Message, ResourceRecord} from '../../source/dns/record.js';
import type {Trace} from '../../source/trace/model.js';

const made = vi.hoisted(() => ({calls: [] as string[]}));
vi.mock('../../source/dns/dnssec.js', async (importOriginal) => {
	const original = await importOriginal<typeof import('../../source/dns/dnssec.js')>();
	return {
		...original,
		verifySignature: (...args: Parameters<typeof original.verifySignature>) => {
			const [algorithm, key, data, signature] = args;
			made.calls.push(`${algorithm} ${key.toString('base64')} ${signature.toString('base64')} ${data.toString('base64')}`);
			return original.verifySignature(...args);
		},
		verifySignatureInPool: (...args: Parameters<typeof original.verifySignatureInPool>) => {
			const [algorithm, key, data, signature] = args;
			made.calls.push(`${algorithm} ${key.toString('base64')} ${signature.toString('base64')} ${data.toString('base64')}`);
			return original.verifySignatureInPool(...args);
		},
	};
});

const {buildWorld} = await import('../../source/lab/world.js');
const {CATALOGUE} = await import('../helpers/catalogue.js');
const {labTrace} = await import('../helpers/lab.js');

const world = buildWorld(CATALOGUE);
const anchors = {source: 'catalogue', records: world.trustAnchor};
const signed = await labTrace('www.example.cat.', 'A', {world, families: [4], timeoutMs: 250});
/** The catalogue's KeyTrap story: dozens of forged signatures claiming the real key's tag. */
const keytrap = await labTrace('www.keytrap.cat.', 'A', {world, families: [4], timeoutMs: 250});

/** Every response of a trace, in the order the walk received them. */
function responses(trace: Trace): Message[] {
	const probes = trace.zones.flatMap((zone) => zone.servers.flatMap((server) => server.probes));
	return probes.filter((probe) => probe.response).sort((a, b) => (a.finishedMs ?? 0) - (b.finishedMs ?? 0)).map((probe) => probe.response!);
}

/** A fresh process, as far as the record of verifications goes: the modules loaded again. */
async function freshModules() {
	vi.resetModules();
	return {
		...(await import('../../source/analysis/analyze.js')),
		...(await import('../../source/analysis/dnssec/preverify.js')),
	};
}

/** Every check the preverifier has left, one after another as the walk's driver makes them. */
async function checkAll(preverifier: {step(): Promise<void> | false}): Promise<number> {
	let steps = 0;
	for (let checking = preverifier.step(); checking; checking = preverifier.step()) {
		await checking;
		steps++;
	}
	return steps;
}

describe('signatures checked while the walk waits (www.example.cat.)', () => {
	it('leave the analysis nothing to verify, and each check is made once', async () => {
		const {analyze, createPreverifier} = await freshModules();
		made.calls = [];
		const preverifier = createPreverifier();
		for (const message of responses(signed)) preverifier.take(message);
		const steps = await checkAll(preverifier);
		expect(steps).toBeGreaterThan(0);
		expect(made.calls).toHaveLength(steps);
		expect(new Set(made.calls).size).toBe(steps);
		made.calls = [];
		const {dnssec} = analyze(signed, {anchors});
		expect(dnssec.outcome.status).toBe('secure');
		expect(made.calls).toEqual([]);
	});

	it('change no verdict: the analysis judges as it does in a process that checked nothing before', async () => {
		const fresh = await freshModules();
		made.calls = [];
		const alone = fresh.analyze(signed, {anchors});
		const verified = made.calls.length;
		const ahead = await freshModules();
		const preverifier = ahead.createPreverifier();
		for (const message of responses(signed)) preverifier.take(message);
		await checkAll(preverifier);
		const after = ahead.analyze(signed, {anchors});
		expect(after.dnssec).toEqual(alone.dnssec);
		expect(after.findings).toEqual(alone.findings);
		expect(after.chain).toEqual(alone.chain);
		// What the analysis verifies alone, the preverifier verified: nothing more was needed.
		expect(verified).toBeGreaterThan(0);
	});

	it('checks a signature that came before its signer\'s keys once the keys come', async () => {
		const {createPreverifier} = await freshModules();
		const inOrder = createPreverifier();
		for (const message of responses(signed)) inOrder.take(message);
		const steps = await checkAll(inOrder);
		expect(steps).toBeGreaterThan(0);
		const {createPreverifier: again} = await freshModules();
		const keysLast = again();
		const all = responses(signed);
		const hasKeys = (message: Message) => message.answer.some((record) => record.type === 'DNSKEY');
		for (const message of [...all.filter((message) => !hasKeys(message)), ...all.filter(hasKeys)]) keysLast.take(message);
		expect(await checkAll(keysLast)).toBe(steps);
	});
});

describe('a KeyTrap zone (www.keytrap.cat.)', () => {
	it('gets no more checks than the bound for one walk, whatever its forged signatures ask for', async () => {
		const {createPreverifier, PREVERIFY_LIMITS} = await freshModules();
		made.calls = [];
		const unbounded = createPreverifier({...PREVERIFY_LIMITS, verifications: 10_000});
		for (const message of responses(keytrap)) unbounded.take(message);
		const wanted = await checkAll(unbounded);
		expect(wanted).toBeGreaterThan(8);
		const {createPreverifier: bounded} = await freshModules();
		made.calls = [];
		const preverifier = bounded({...PREVERIFY_LIMITS, verifications: 8});
		for (const message of responses(keytrap)) preverifier.take(message);
		expect(await checkAll(preverifier)).toBe(8);
		expect(made.calls).toHaveLength(8);
	});
});

/**
 * A response from a zone whose one ZSK is an RSA key with this exponent and modulus (not a real key pair: a hostile
 * zone needs none, only the cost of checking it), and four RRSIGs over its SOA that claim the key's tag.
 */
function rsaZoneResponse(exponent: Buffer, modulus: Buffer): Message {
	const origin = 'costly.example.';
	const length = exponent.length > 255 ? Buffer.from([0, exponent.length >> 8, exponent.length & 0xff]) : Buffer.from([exponent.length]);
	const publicKey = Buffer.concat([length, exponent, modulus]);
	const keyTagOf = keyTag(dnskeyRData({flags: 256, algorithm: 8, publicKey}));
	const now = Math.floor(Date.parse('2026-01-01T00:00:00Z') / 1000);
	const record = <T extends ResourceRecord['data']>(type: string, data: T): ResourceRecord => ({name: origin, type, class: 'IN', ttl: 3600, data});
	return {
		id: 1,
		opcode: 'QUERY',
		rcode: 'NOERROR',
		flags: {qr: true, aa: true, tc: false, rd: false, ra: false, ad: false, cd: false},
		question: [],
		answer: [
			record('DNSKEY', {kind: 'dnskey', flags: 256, protocol: 3, algorithm: 8, publicKey: publicKey.toString('base64')}),
			record('SOA', {kind: 'soa', mname: `ns1.${origin}`, rname: `hostmaster.${origin}`, serial: 1, refresh: 7200, retry: 3600, expire: 1_209_600, minimum: 3600}),
			...[1, 2, 3, 4].map((fill) =>
				record('RRSIG', {kind: 'rrsig', typeCovered: 'SOA', algorithm: 8, labels: 2, originalTtl: 3600, expiration: now + 86_400, inception: now - 86_400, keyTag: keyTagOf, signerName: origin, signature: Buffer.alloc(modulus.length, fill).toString('base64')}),
			),
		],
		authority: [],
		additional: [],
	};
}

/** A modulus of this many bits: odd, its top bit set. */
const modulusOf = (bits: number) => Buffer.concat([Buffer.from([0xc3]), Buffer.alloc(bits / 8 - 1, 0xa5)]);
const F4 = Buffer.from([1, 0, 1]);

describe('RSA keys that make each check costly', () => {
	// A check is made between replies: while it runs, no reply is read. One with an exponent as long as its modulus
	// takes 6 ms, not 0.05; a hostile zone gets it up to 256 times during a walk, every reply read meanwhile that late.
	it.each([
		['an ordinary key (exponent 65537, 3072-bit modulus) are checked ahead', F4, modulusOf(3072), 4],
		['an exponent of 3064 bits (BIND refuses over 35) are left to the analysis', Buffer.concat([Buffer.from([0x80]), Buffer.alloc(382, 0x01)]), modulusOf(3072), 0],
		['a modulus of 16384 bits (RFC 3110 allows 4096) are left to the analysis', F4, modulusOf(16_384), 0],
	])('signatures by %s', async (_, exponent, modulus, checks) => {
		const {createPreverifier} = await freshModules();
		made.calls = [];
		const preverifier = createPreverifier();
		preverifier.take(rsaZoneResponse(exponent, modulus));
		expect(await checkAll(preverifier)).toBe(checks);
		expect(made.calls).toHaveLength(checks);
	});
});
