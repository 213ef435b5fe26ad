import {describe, expect, it} from 'vitest';
import {decodeMessage, encodeMessage} from '../../source/dns/codec.js';
import {PrimingError, primeRootHints, serverAddresses} from '../../source/dns/prime-root.js';
import {createTransport} from '../../source/dns/querier.js';
import type {Message, ResourceRecord} from '../../source/dns/record.js';
import type {Endpoint, Link, LinkHandlers} from '../../source/dns/transport.js';
import {createLabTransport} from '../../source/lab/lab-transport.js';
import {labWorld} from '../helpers/lab.js';

const ask = {timeoutMs: 100, retries: 0};

const ns = (target: string): ResourceRecord => ({name: '.', type: 'NS', class: 'IN', ttl: 518_400, data: {kind: 'name', target}});
const a = (name: string, address: string): ResourceRecord => ({name, type: 'A', class: 'IN', ttl: 518_400, data: {kind: 'address', address}});

/**
 * A resolver on a link: it answers only queries with RD=1 (REFUSED otherwise, as a resolver that will not answer
 * from its cache to an iterator), from the records given; an address in `silent` never answers.
 */
function resolver(records: {answer: (question: {name: string; type: string}) => ResourceRecord[]; additional?: ResourceRecord[]}, silent: string[] = []): Link & {asked: string[]} {
	const asked: string[] = [];
	const exchange = (to: Endpoint, payload: Uint8Array, handlers: LinkHandlers) => {
		const query: Message = decodeMessage(payload);
		const question = query.question[0]!;
		asked.push(`${to.address} ${question.name} ${question.type} rd=${query.flags.rd}`);
		const timer = setTimeout(() => {
			if (silent.includes(to.address)) return;
			const reply = query.flags.rd
				? {...query, flags: {...query.flags, qr: true, ra: true}, answer: records.answer(question), additional: question.type === 'NS' ? (records.additional ?? []) : []}
				: {...query, flags: {...query.flags, qr: true}, rcode: 'REFUSED'};
			handlers.onMessage(encodeMessage(reply), to);
		}, 1);
		return {close: () => clearTimeout(timer)};
	};
	return {udp: exchange, tcp: exchange, asked};
}

const deps = () => {
	let id = 1;
	return {randomId: () => id++, now: () => performance.now()};
};

describe('priming the root from @SERVER', () => {
	it('takes the lab root servers and their addresses from a lab root asked for ". NS"', async () => {
		const world = labWorld();
		const hints = await primeRootHints(createLabTransport(world, {latencyScale: 0}), {text: '127.77.0.2', addresses: ['127.77.0.2']}, 53, ask);
		expect(hints.source).toBe('@127.77.0.2');
		const byName = (servers: typeof hints.servers) => [...servers].sort((x, y) => x.name.localeCompare(y.name)).map(({name, addresses}) => ({name, addresses: [...addresses].sort()}));
		expect(byName(hints.servers)).toEqual(byName(world.hints.servers));
	}, 60_000);

	it('asks with recursion desired, as dig +trace asks its server, and asks it the addresses glue did not give', async () => {
		const link = resolver({
			answer: ({name, type}) => (type === 'NS' ? [ns('a.root.test.'), ns('b.root.test.')] : name === 'b.root.test.' && type === 'A' ? [a('b.root.test.', '127.0.0.12')] : []),
			additional: [a('a.root.test.', '127.0.0.11')],
		});
		const hints = await primeRootHints(createTransport(link, deps()), {text: 'localhost', addresses: ['127.0.0.1']}, 5353, ask);
		expect(hints).toEqual({
			source: '@localhost (127.0.0.1)',
			servers: [
				{name: 'a.root.test.', addresses: ['127.0.0.11']},
				{name: 'b.root.test.', addresses: ['127.0.0.12']},
			],
		});
		expect(link.asked.sort()).toEqual(['127.0.0.1 . NS rd=true', '127.0.0.1 b.root.test. A rd=true', '127.0.0.1 b.root.test. AAAA rd=true']);
	});

	it('goes on to the next address of the server when one does not answer', async () => {
		const link = resolver({answer: ({type}) => (type === 'NS' ? [ns('a.root.test.')] : []), additional: [a('a.root.test.', '127.0.0.11')]}, ['127.0.0.1']);
		const hints = await primeRootHints(createTransport(link, deps()), {text: 'localhost', addresses: ['127.0.0.1', '::1']}, 53, ask);
		expect(hints.source).toBe('@localhost (::1)');
		expect(hints.servers).toEqual([{name: 'a.root.test.', addresses: ['127.0.0.11']}]);
	});

	it('says what each address said when none gives a root NS set', async () => {
		const link = resolver({answer: () => []}, ['127.0.0.2']);
		const priming = primeRootHints(createTransport(link, deps()), {text: 'localhost', addresses: ['127.0.0.1', '127.0.0.2']}, 53, ask);
		await expect(priming).rejects.toThrow(PrimingError);
		await expect(priming).rejects.toThrow('@localhost gave no root NS set: 127.0.0.1: NOERROR, no NS records for "."; 127.0.0.2: no response within 100 ms over UDP');
	});

	it('keeps at most six addresses of a name, as the walk does of glue', async () => {
		const many = Array.from({length: 40}, (_, index) => a('a.root.test.', `127.0.1.${index}`));
		const link = resolver({answer: ({type}) => (type === 'NS' ? [ns('a.root.test.')] : []), additional: [...many, many[0]!]});
		const hints = await primeRootHints(createTransport(link, deps()), {text: '127.0.0.1', addresses: ['127.0.0.1']}, 53, ask);
		expect(hints.servers).toEqual([{name: 'a.root.test.', addresses: ['127.0.1.0', '127.0.1.1', '127.0.1.2', '127.0.1.3', '127.0.1.4', '127.0.1.5']}]);
	});

	it('refuses a root NS set none of whose names has an address', async () => {
		const link = resolver({answer: ({type}) => (type === 'NS' ? [ns('a.root.test.')] : [])});
		await expect(primeRootHints(createTransport(link, deps()), {text: '127.0.0.1', addresses: ['127.0.0.1']}, 53, ask)).rejects.toThrow('@127.0.0.1 named the root\'s servers but gave no address for any of them');
	});
});

describe('the addresses of @SERVER', () => {
	it('takes an address as it is, in its one canonical spelling', async () => {
		expect(await serverAddresses('127.0.0.1', [4, 6])).toEqual(['127.0.0.1']);
		expect(await serverAddresses('0:0:0:0:0:0:0:1', [4, 6])).toEqual(['::1']);
	});

	it('knows localhost without asking anyone (RFC 6761), in the families asked', async () => {
		expect(await serverAddresses('localhost', [4, 6])).toEqual(['127.0.0.1', '::1']);
		expect(await serverAddresses('localhost.', [6])).toEqual(['::1']);
	});

	it('refuses an address of a family not asked', async () => {
		await expect(serverAddresses('::1', [4])).rejects.toThrow('@::1 is an IPv6 address, and only IPv4 is asked');
	});

	it('looks no other name up under DIGDEEPER_LOOPBACK_ONLY: the system resolver may be beyond loopback', async () => {
		expect(process.env['DIGDEEPER_LOOPBACK_ONLY']).toBe('1');
		await expect(serverAddresses('resolver.example', [4, 6])).rejects.toThrow("@resolver.example: DIGDEEPER_LOOPBACK_ONLY is set, and looking the name up could ask a resolver beyond loopback: give the server's address");
	});
});
