import {describe, expect, it} from 'vitest';
import {decodeMessage, encodeMessage, encodeQuery} from '../../source/dns/codec.js';
import {canonicalAddress, isLoopback} from '../../source/dns/address.js';
import type {Message} from '../../source/dns/record.js';
import {replayAnswer} from '../../source/replay/replay-answer.js';
import {REPLAY_RESOLVER, replayWorld, rewriteAddresses, type ReplayWorld} from '../../source/replay/replay-world.js';
import type {Probe, Trace} from '../../source/trace/model.js';
import {HOSTILE} from '../../source/lab/hostile-world.js';
import {buildWorld} from '../../source/lab/world.js';
import {labTrace} from '../helpers/lab.js';
import {awayFromLoopback} from '../helpers/replay.js';

const ask = (world: ReplayWorld, address: string, name: string, type: string, options: {dnssecOk?: boolean; protocol?: 'udp' | 'tcp'; id?: number} = {}) => {
	const bytes = replayAnswer(world, address, encodeQuery({id: options.id ?? 4242, name, type, edns: true, dnssecOk: options.dnssecOk ?? true}), options.protocol ?? 'udp');
	return bytes && {bytes, message: decodeMessage(bytes)};
};

const probesOf = (trace: Trace): Probe[] => trace.zones.flatMap((zone) => zone.servers.flatMap((server) => server.probes));
const addressesIn = (message: Message) => [...message.answer, ...message.authority, ...message.additional].flatMap((record) => (record.data.kind === 'address' ? [record.data.address] : []));

const healthy = await labTrace('www.example.com', 'A', {families: [4]});

describe('the served world of a snapshot', () => {
	it('maps every recorded server address to its own 127.78 address, from the root down, the same each time', () => {
		const world = replayWorld(healthy);
		expect(world.endpoints.slice(0, 2).map(({recorded, served, names}) => [recorded, served, names])).toEqual([
			['127.77.0.1', '127.78.0.1', ['a.root-servers.net.']],
			['2001:db8::1', '127.78.0.2', ['a.root-servers.net.']],
		]);
		expect(replayWorld(healthy).endpoints).toEqual(world.endpoints);
		// Traced over IPv4 only: the IPv6 addresses are mapped (a response may name them) but never asked, so not served.
		expect(world.endpoints.find((endpoint) => endpoint.recorded === '2001:db8::1')?.asked).toBe(false);
		expect(world.hints.servers.map((server) => [server.name, server.addresses])).toEqual([
			['a.root-servers.net.', ['127.78.0.1']],
			['b.root-servers.net.', ['127.78.0.3']],
			['c.root-servers.net.', ['127.78.0.5']],
			['d.root-servers.net.', ['127.78.0.7']],
		]);
	});

	it("answers a recorded question with the recorded reply: the asker's ID and the question in the asker's case", () => {
		const world = replayWorld(healthy);
		const ns1 = world.mapping.get('127.77.10.1')!;
		const reply = ask(world, ns1, 'WwW.ExAmPlE.cOm.', 'A', {id: 777})!;
		expect(reply.message.id).toBe(777);
		expect(reply.message.flags.aa).toBe(true);
		expect(reply.message.answer.map((record) => [record.type, record.data.kind === 'address' ? record.data.address : ''])).toEqual([
			['A', '192.0.2.10'],
			['RRSIG', ''],
		]);
		// The question's bytes as asked (0x20): offset 12 is its first label's length, then "WwW".
		expect(Buffer.from(reply.bytes.subarray(13, 16)).toString()).toBe('WwW');
		// Without DO the same question gets the data without its signature.
		expect(ask(world, ns1, 'www.example.com.', 'A', {dnssecOk: false})!.message.answer.map((record) => record.type)).toEqual(['A']);
	});

	it("points every A and AAAA of a recorded server at its served address, and leaves the traced name's own address alone", () => {
		const world = replayWorld(healthy);
		const referral = ask(world, '127.78.0.9', 'www.example.com.', 'A')!.message;
		expect(referral.additional.map((record) => [record.name, record.type, record.data.kind === 'address' ? record.data.address : ''])).toEqual([
			['ns1.example.com.', 'A', world.mapping.get('127.77.10.1')],
			['ns1.example.com.', 'AAAA', canonicalAddress(`::ffff:${world.mapping.get('2001:db8:10::1')}`)],
			['ns2.example.com.', 'A', world.mapping.get('127.77.110.2')],
			['ns2.example.com.', 'AAAA', '::ffff:7f4e:10'],
		]);
	});

	it.each([
		['www.example.com', 'A', 16],
		// Lame servers: one REFUSED, one referring back up to the root.
		['www.example.net', 'A', 16],
	])('%s %s, taken on the internet: no reply to any question a tool could ask names a recorded server address', async (name, type, count) => {
		// The lab's trace as if taken on the internet: its IPv4 servers at 100.77.x.y, its IPv6 ones at 2001:db8::/32.
		const internet = awayFromLoopback(name === 'www.example.com' ? healthy : await labTrace(name, type, {families: [4]}));
		const world = replayWorld(internet);
		const recorded = new Set(world.endpoints.map((endpoint) => endpoint.recorded).filter((address) => !isLoopback(address)));
		expect(recorded.size).toBe(count);
		const questions = [...new Set(probesOf(internet).map((probe) => `${probe.question.name} ${probe.question.type}`))];
		// Every recorded question, and ones never asked: the servers' names' addresses, names under every zone.
		const extra = ['a.root-servers.net. A', 'a.root-servers.net. AAAA', 'ns1.example.com. AAAA', 'other.example.com. A', 'other.example.net. A', 'x.com. NS', 'example.com. DS'];
		const leaked: string[] = [];
		let answers = 0;
		for (const address of [...world.served.keys(), REPLAY_RESOLVER]) {
			for (const question of [...questions, ...extra]) {
				const [asked, askedType] = question.split(' ') as [string, string];
				for (const protocol of ['udp', 'tcp'] as const) {
					const reply = ask(world, address, asked, askedType, {protocol});
					if (!reply) continue;
					answers++;
					for (const named of addressesIn(reply.message)) if (recorded.has(named)) leaked.push(`${address} ${question}: ${named}`);
				}
			}
		}
		expect(answers).toBeGreaterThan(300);
		expect(leaked).toEqual([]);
	});

	it("answers a question never recorded from the server's zone data, else REFUSED", () => {
		const world = replayWorld(healthy);
		const root = '127.78.0.1';
		// A name under a recorded delegation: the recorded referral to com.
		const referral = ask(world, root, 'nothing.recorded.com.', 'MX')!.message;
		expect([referral.rcode, referral.flags.aa, referral.authority.filter((record) => record.type === 'NS').map((record) => record.data.kind === 'name' && record.data.target)]).toEqual([
			'NOERROR',
			false,
			['a.gtld-servers.net.', 'b.gtld-servers.net.'],
		]);
		expect(referral.question).toEqual([{name: 'nothing.recorded.com.', type: 'MX', class: 'IN'}]);
		// An RRset the root gave authoritatively (its DNSKEY, asked once), with its signature, for a question asked differently.
		const keys = ask(world, root, '.', 'DNSKEY', {protocol: 'tcp'})!.message;
		expect(keys.answer.map((record) => record.type)).toContain('RRSIG');
		// Nothing known for the name: REFUSED, as a server that does not serve the zone says.
		expect(ask(world, root, 'elsewhere.org.', 'A')!.message.rcode).toBe('REFUSED');
	});

	it("answers as the recording resolver: each zone's own authoritative data, the DS from the parent, the served servers' addresses", () => {
		const world = replayWorld(healthy);
		const ds = ask(world, REPLAY_RESOLVER, 'example.com.', 'DS')!.message;
		expect([ds.rcode, ds.flags.ra, ds.flags.aa, ds.answer.map((record) => record.type)]).toEqual(['NOERROR', true, false, ['DS', 'RRSIG']]);
		// A root server's name, which no server was asked: its served address, from the mapping (dig +trace asks this).
		const root = ask(world, REPLAY_RESOLVER, 'a.root-servers.net.', 'A')!.message;
		expect(root.answer.map((record) => record.data)).toEqual([{kind: 'address', address: '127.78.0.1'}]);
	});
});

const failing = await labTrace('big.example.org', 'TXT', {families: [4]});

describe('a recorded failure, reproduced', () => {
	const world = replayWorld(failing);
	const served = (probe: Probe) => world.mapping.get(probe.address)!;

	it('a server that timed out is silent; one that refused refuses; a server that answered answers', () => {
		const timedOut = probesOf(failing).find((probe) => probe.status === 'timeout')!;
		expect(timedOut).toBeDefined();
		expect(ask(world, served(timedOut), timedOut.question.name, timedOut.question.type)).toBeUndefined();
		const answered = probesOf(failing).find((probe) => probe.status === 'answered' && probe.zone === 'example.org.')!;
		expect(ask(world, served(answered), answered.question.name, answered.question.type, {protocol: 'tcp'})!.message.rcode).toBe(answered.rcode);
	});

	it('a server whose UDP timed out while TCP answered is silent over UDP and answers over TCP', () => {
		const answered = probesOf(healthy).find((probe) => probe.address === '127.77.10.1' && probe.question.type === 'A' && probe.question.name === 'www.example.com.')!;
		const udpDropped = JSON.parse(JSON.stringify(healthy)) as Trace;
		Object.assign(probesOf(udpDropped).find((probe) => probe.id === answered.id)!, {udpTimedOut: true, transport: 'tcp'});
		const world = replayWorld(udpDropped);
		const ns1 = world.mapping.get('127.77.10.1')!;
		expect(ask(world, ns1, 'www.example.com.', 'A', {protocol: 'udp'})).toBeUndefined();
		expect(ask(world, ns1, 'www.example.com.', 'A', {protocol: 'tcp'})!.message.answer[0]!.data).toEqual({kind: 'address', address: '192.0.2.10'});
	});

	it('REFUSED as recorded', async () => {
		const lame = await labTrace('www.example.net', 'A', {families: [4]});
		const refused = probesOf(lame).find((probe) => probe.rcode === 'REFUSED')!;
		expect(refused).toBeDefined();
		const reply = ask(replayWorld(lame), replayWorld(lame).mapping.get(refused.address)!, refused.question.name, refused.question.type)!;
		expect(reply.message.rcode).toBe('REFUSED');
	});

	it('a malformed reply is answered SERVFAIL, never sent as its bytes, whose addresses could not be rewritten', async () => {
		const hostile = buildWorld(HOSTILE);
		for (const name of ['www.rdata.evil', 'www.truncated.evil', 'twoopt.evil']) {
			const trace = await labTrace(name, 'A', {world: hostile, families: [4]});
			const malformed = probesOf(trace).find((probe) => probe.status === 'malformed')!;
			expect(malformed, name).toBeDefined();
			const world = replayWorld(trace);
			const sent = ask(world, world.mapping.get(malformed.address)!, malformed.question.name, malformed.question.type, {id: 0xbeef})!;
			expect(sent.message).toMatchObject({id: 0xbeef, rcode: 'SERVFAIL', answer: [], authority: [], additional: []});
		}
	});
	it('a referral fanning out past the walk\'s per-name limit carries only served addresses as glue', async () => {
		const trace = await labTrace('www.fanout.evil', 'A', {world: buildWorld(HOSTILE), families: [4]});
		const world = replayWorld(trace);
		const referral = probesOf(trace).find((probe) => probe.kind === 'referral' && probe.referral === 'fanout.evil.')!;
		const sent = ask(world, world.mapping.get(referral.address)!, 'www.fanout.evil.', 'A', {protocol: 'tcp'})!;
		const glue = addressesIn(sent.message);
		expect(glue.length).toBeGreaterThan(0);
		expect(glue.filter((address) => !address.startsWith('127.78.') && !address.startsWith('::ffff:127.78.') && !address.startsWith('::ffff:7f4e:'))).toEqual([]);
	});
});

describe('a query no recorded walk asked', () => {
	it('gets NOTIMP for another opcode and BADVERS for a later EDNS version, never a recorded answer', () => {
		const world = replayWorld(healthy);
		const query = (opcode: string, version: number): Message => ({id: 7, opcode, rcode: 'NOERROR', flags: {qr: false, aa: false, tc: false, rd: false, ra: false, ad: false, cd: false}, question: [{name: 'www.example.com.', type: 'A', class: 'IN'}], answer: [], authority: [], additional: [], edns: {version, udpSize: 1232, dnssecOk: true, extendedRcode: 0, options: []}});
		const root = world.mapping.get('127.77.0.1')!;
		const answered = (message: Message) => decodeMessage(replayAnswer(world, root, encodeMessage(message), 'udp')!);
		expect(answered(query('NOTIFY', 0))).toMatchObject({id: 7, opcode: 'NOTIFY', rcode: 'NOTIMP', answer: [], authority: []});
		expect(answered(query('QUERY', 1))).toMatchObject({id: 7, rcode: 'BADVERS', answer: [], authority: []});
		expect(answered(query('QUERY', 0)).authority.length).toBeGreaterThan(0);
	});
});

describe('an address no server of the trace has', () => {
	const message = (): Message => ({
		id: 1,
		opcode: 'QUERY',
		rcode: 'NOERROR',
		flags: {qr: true, aa: false, tc: false, rd: false, ra: false, ad: false, cd: false},
		question: [{name: 'www.example.com.', type: 'A', class: 'IN'}],
		answer: [
			{name: 'www.example.com.', type: 'A', class: 'IN', ttl: 60, data: {kind: 'address', address: '203.0.113.5'}},
			{name: 'ns1.example.com.', type: 'A', class: 'IN', ttl: 60, data: {kind: 'address', address: '198.51.100.1'}},
		],
		authority: [{name: 'example.com.', type: 'NS', class: 'IN', ttl: 60, data: {kind: 'name', target: 'ns.elsewhere.example.'}}],
		additional: [
			{name: 'ns.elsewhere.example.', type: 'A', class: 'IN', ttl: 60, data: {kind: 'address', address: '198.51.100.7'}},
			{name: 'ns.elsewhere.example.', type: 'AAAA', class: 'IN', ttl: 60, data: {kind: 'address', address: '2001:db8::7'}},
			{name: 'ns.local.example.', type: 'A', class: 'IN', ttl: 60, data: {kind: 'address', address: '127.0.0.9'}},
		],
	});

	it("is dropped from glue and from a name server's answer (loopback too: the replay serves none of it), so no tool is sent off the machine; the traced name's own answer stays", () => {
		const rewritten = rewriteAddresses(message(), new Map(), new Set(['ns1.example.com.']));
		expect(addressesIn(rewritten)).toEqual(['203.0.113.5']);
		expect(rewritten.authority).toEqual(message().authority);
	});
});
