import {describe, expect, it} from 'vitest';
import {decodeMessage, encodeMessage} from '../../source/dns/codec.js';
import type {Edns, Message} from '../../source/dns/record.js';
import {generateRoot} from '../../source/lab/generated-root.js';
import {respond} from '../../source/lab/lab-link.js';
import {buildWorld, type WorldSpec} from '../../source/lab/world.js';
import {queryMessage} from '../helpers/query-message.js';

// What Zonemaster's Nameserver08 (case), Nameserver10 (EDNS version) and Syntax06 (RNAME) ask of every server.
const spec: WorldSpec = {
	zones: [
		{origin: '.', text: '$TTL 86400\n@ SOA a.root.lab. nstld.verisign-grs.com. 1 1800 900 604800 86400\n@ NS a.root.lab.\na.root.lab. A 127.77.1.1\nexample. NS ns1.example.\nns1.example. A 127.77.1.2'},
		{origin: 'example.', text: '$TTL 3600\n@ SOA ns1.example. hostmaster.nic.example. 1 7200 3600 1209600 300\n@ NS ns1.example.\nns1 A 127.77.1.2\nwww A 192.0.2.1\nalias CNAME www'},
	],
	servers: [
		{name: 'a.root.lab.', ipv4: '127.77.1.1', zones: [{zone: '.'}]},
		{name: 'ns1.example.', ipv4: '127.77.1.2', zones: [{zone: 'example.'}]},
		{name: 'old.example.', ipv4: '127.77.1.3', noEdns: true, zones: [{zone: 'example.'}]},
	],
	roots: ['a.root.lab.'],
	stories: [],
};
const world = buildWorld(spec);
const server = (name: string) => world.servers.find((candidate) => candidate.name === name)!;

const query = (name: string, type: string, edns?: Partial<Edns>): Uint8Array => encodeMessage(queryMessage(name, type, {id: 7, ...(edns ? {edns} : {})}));
const replyBytes = (name: string, payload: Uint8Array) => Buffer.from(respond(world, server(name), payload, 'udp')[0]!.bytes);
const reply = (name: string, payload: Uint8Array): Message => decodeMessage(replyBytes(name, payload));

describe("the lab's servers, as a conformance checker asks them", () => {
	it('give the query name back in the case it was asked, in the question and in the answers owned by it (0x20)', () => {
		const bytes = replyBytes('ns1.example.', query('WwW.ExAmPlE.', 'A', {}));
		expect(bytes.includes(Buffer.from('\x03WwW\x07ExAmPlE\x00', 'latin1'))).toBe(true);
		expect(bytes.subarray(12, 12 + 13).toString('latin1')).toBe('\x03WwW\x07ExAmPlE\x00');
		// The question and the A record's owner: the name asked, twice, and never in lower case.
		expect(bytes.toString('latin1').split('\x03WwW\x07ExAmPlE\x00').length - 1).toBe(2);
		expect(bytes.includes(Buffer.from('\x03www\x07example\x00', 'latin1'))).toBe(false);
		expect(reply('ns1.example.', query('WwW.ExAmPlE.', 'A', {})).answer.map((record) => `${record.name} ${record.type}`)).toEqual(['www.example. A']);
	});

	it('leave the case of the names a CNAME points to, which were not asked', () => {
		const bytes = replyBytes('ns1.example.', query('ALIAS.example.', 'A'));
		expect(bytes.toString('latin1')).toContain('\x05ALIAS\x07example\x00');
		expect(bytes.toString('latin1')).toContain('\x03www\x07example\x00');
		expect(reply('ns1.example.', query('ALIAS.example.', 'A')).answer.map((record) => `${record.name} ${record.type}`)).toEqual(['alias.example. CNAME', 'www.example. A']);
	});

	it('keep the case in a FORMERR from a server that predates EDNS too (its designed failure stays)', () => {
		const answer = replyBytes('old.example.', query('WWW.example.', 'SOA', {}));
		expect(decodeMessage(answer)).toMatchObject({rcode: 'FORMERR'});
		expect(decodeMessage(answer).edns).toBeUndefined();
		expect(answer.subarray(12, 25).toString('latin1')).toBe('\x03WWW\x07example\x00');
	});

	it('answer an EDNS version they do not know with BADVERS and their own version, 0, and no answer (RFC 6891 6.1.3)', () => {
		const answer = reply('ns1.example.', query('example.', 'SOA', {version: 1}));
		expect(answer.rcode).toBe('BADVERS');
		expect(answer.edns).toMatchObject({version: 0, extendedRcode: 1});
		expect(answer.answer).toEqual([]);
		// On the wire: the header's RCODE is 0 and the OPT's extended RCODE 1, which together are 16.
		expect(replyBytes('ns1.example.', query('example.', 'SOA', {version: 1}))[3]! & 0x0f).toBe(0);
		expect(reply('ns1.example.', query('example.', 'SOA', {version: 0}))).toMatchObject({rcode: 'NOERROR', edns: {version: 0}});
	});

	it('give every generated zone a contact that is a mailbox with a mail domain (hostmaster@nic.TLD for a TLD)', () => {
		const {spec: generated} = generateRoot({tlds: 5});
		const contacts = new Map(generated.zones.map((zone) => [zone.origin, /SOA \S+ (\S+)/u.exec(zone.text)![1]]));
		expect(contacts.get('.')).toBe('nstld.verisign-grs.com.');
		expect(contacts.get('net.')).toBe('hostmaster.nic.net.');
		const tld = [...contacts.keys()].find((origin) => origin !== '.' && origin !== 'net.' && origin.split('.').length === 2)!;
		expect(contacts.get(tld)).toBe(`hostmaster.nic.${tld}`);
		for (const [origin, contact] of contacts) if (origin.split('.').length > 2) expect(contact).toBe(`hostmaster.${origin}`);
	});
});
