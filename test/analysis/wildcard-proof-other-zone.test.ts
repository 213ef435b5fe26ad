import {describe, expect, it} from 'vitest';
import {withAnalysis} from '../../source/analysis/analyze.js';
import type {Transport} from '../../source/dns/transport.js';
import {answerQuery} from '../../source/lab/authoritative.js';
import {createLabTransport} from '../../source/lab/lab-transport.js';
import {buildWorld} from '../../source/lab/world.js';
import {dsRecord} from '../../source/lab/signer.js';
import {conformanceWorldSpec, serverAddress} from '../helpers/conformance-cases.js';
import {labTrace} from '../helpers/lab.js';
import {queryMessage} from '../helpers/query-message.js';

/*
 * BIND follows a CNAME into the other zones it is authoritative for, and puts each wildcard step's proof in the
 * authority section: a wildcard CNAME of one zone to a wildcard answer of another, both served by one server, gives
 * one reply with the NSEC records of both zones, each signed by its own zone. A validator reads each zone's part with
 * that zone's keys (Unbound: val_fill_reply takes the authority RRsets signed by the signer of the step it checks).
 */
const spec = conformanceWorldSpec('rooted');
const depth1 = spec.servers.find((server) => server.ipv4 === serverAddress('rooted', 1))!;
const root = spec.zones.find((zone) => zone.origin === '.')!;
const world = buildWorld({
	...spec,
	zones: [
		...spec.zones.map((zone) => (zone === root ? {...zone, text: `${zone.text}\nwcwild. NS ns.wcwild.\nns.wcwild. A ${depth1.ipv4}`} : zone)),
		{origin: 'wcwild.', text: `$TTL 3600\n@ SOA ns.wcwild. hostmaster.wcwild. 1 7200 3600 1209600 300\n@ NS ns.wcwild.\nns.wcwild. A ${depth1.ipv4}\n* CNAME x.wild.`, signing: {algorithm: 13}},
	],
	servers: spec.servers.map((server) => (server === depth1 ? {...server, zones: [...server.zones, {zone: 'wcwild.'}]} : server)),
});
const anchors = [dsRecord('.', world.keys.get('.')!.ksk, 2)];

/** The lab's servers, but the one of depth 1 answers `x.wcwild.` as BIND does: the chain followed into wild. too. */
function bindLike(withoutOwnProof = false): Transport {
	const lab = createLabTransport(world, {latencyScale: 0});
	const server = world.byAddress.get(depth1.ipv4!)!;
	return {
		async query(endpoint, question, options) {
			const result = await lab.query(endpoint, question, options);
			if (!result.ok || endpoint.address !== depth1.ipv4! || question.name !== 'x.wcwild.' || question.type !== 'A') return result;
			const target = answerQuery(queryMessage('x.wild.', 'A', {edns: {dnssecOk: true}}), server.zones, world.upward);
			return {...result, message: {...result.message, answer: [...result.message.answer, ...target.answer], authority: [...(withoutOwnProof ? [] : result.message.authority), ...target.authority]}};
		},
	};
}

const outcome = async (transport?: Transport) => withAnalysis(await labTrace('x.wcwild.', 'A', {world, families: [4], ...(transport ? {transport} : {})}), {anchors: {source: 'conformance', records: anchors}}).analysis.dnssec;

describe('a wildcard CNAME to a wildcard answer of another zone on the same server (BIND follows the chain)', () => {
	it('is secure as each server part is checked by its own zone\'s keys, as the lab serves it (one zone per reply)', async () => {
		expect((await outcome()).outcome.status).toBe('secure');
	});

	it('is secure where the reply also carries the other zone\'s proof, signed by that zone: not bogus for a record of wild. checked with the keys of wcwild.', async () => {
		const dnssec = await outcome(bindLike());
		expect(dnssec.outcome.status, dnssec.outcome.reason).toBe('secure');
		expect(JSON.stringify(dnssec)).not.toMatch(/bogus/u);
	});

	it('is still bogus where only the other zone\'s proof came: a record wild. signed proves nothing for wcwild.', async () => {
		const dnssec = await outcome(bindLike(true));
		expect(dnssec.outcome).toEqual({status: 'bogus', reason: 'no server of wcwild. gives a reply that validates: the wildcard answer is not proven: expanded from *.wcwild., with no NSEC or NSEC3 proving that x.wcwild. does not exist, from ns.wcwild. (127.79.1.2)'});
	});
});
