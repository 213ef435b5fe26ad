import {describe, expect, it} from 'vitest';
import type {Probe, Zone} from '../../source/trace/model.js';
import {addAddress, addAddresses, closestZone, describeExhausted, describeUnresolved, listNameserver, openZone, ownNameservers, servesOwnAddresses} from '../../source/trace/zone-book.js';

/** The lab's policy: its root hints are on loopback, so loopback is a network servers may live on. */
const LAB = {loopback: true};

function zoneWithNameserver(name = 'ns1.example.com.') {
	const zone = openZone('example.com.', 'com.');
	const {entry} = listNameserver(zone, name, 'parent', 20)!;
	return {zone, entry};
}

describe('the zone book', () => {
	it('opens a zone with its parent and no name servers yet', () => {
		expect(openZone('example.com.', 'com.')).toEqual({name: 'example.com.', parent: 'com.', nameservers: [], servers: []});
		expect(openZone('.', undefined)).toEqual({name: '.', nameservers: [], servers: []});
	});

	it('keeps every address with every place it came from, and makes one server per address', () => {
		const {zone, entry} = zoneWithNameserver();
		const server = addAddress(zone, entry, {address: '127.77.10.1', origin: 'glue'}, [4, 6], LAB);
		expect(server).toEqual({name: 'ns1.example.com.', address: '127.77.10.1', family: 4, origin: 'glue', probes: []});
		expect(addAddress(zone, entry, {address: '127.77.10.1', origin: 'child'}, [4, 6], LAB)).toBeUndefined();
		expect(entry.addresses).toEqual([{address: '127.77.10.1', family: 4, origins: ['glue', 'child']}]);
		expect(zone.servers).toHaveLength(1);
	});

	it('records an address of a family the walk does not use, without a server for it', () => {
		const {zone, entry} = zoneWithNameserver();
		expect(addAddress(zone, entry, {address: '2001:db8::10', origin: 'glue'}, [4], LAB)).toBeUndefined();
		expect(entry.addresses).toEqual([{address: '2001:db8::10', family: 6, origins: ['glue']}]);
		expect(zone.servers).toEqual([]);
	});

	it('keeps an address no server can have apart, with why, and makes no server of it', () => {
		const {zone, entry} = zoneWithNameserver();
		expect(addAddress(zone, entry, {address: '0.0.0.0', origin: 'glue'}, [4, 6], LAB)).toBeUndefined();
		expect(addAddress(zone, entry, {address: '0.0.0.0', origin: 'child'}, [4, 6], LAB)).toBeUndefined();
		expect(entry.addresses).toEqual([]);
		expect(entry.unusable).toEqual([{address: '0.0.0.0', origins: ['glue', 'child'], reason: '"this network" (0.0.0.0/8), never a destination'}]);
		expect(entry.unresolved).toBe('ns1.example.com. has only addresses no server can have: 0.0.0.0 ("this network" (0.0.0.0/8), never a destination)');
		expect(zone.servers).toEqual([]);
		expect(addAddress(zone, entry, {address: '127.77.10.1', origin: 'child'}, [4, 6], LAB)).toMatchObject({address: '127.77.10.1'});
		expect(entry.unresolved).toBeUndefined();
	});

	it('takes loopback as a server address only when the policy allows it (the root hints are on loopback)', () => {
		const {zone, entry} = zoneWithNameserver();
		expect(addAddress(zone, entry, {address: '127.0.0.1', origin: 'glue'}, [4, 6], {loopback: false})).toBeUndefined();
		expect(entry.unusable?.map((known) => known.reason)).toEqual(['loopback (127.0.0.0/8): the asker itself']);
		expect(addAddress(zone, entry, {address: '127.0.0.1', origin: 'glue'}, [4, 6], LAB)).toMatchObject({address: '127.0.0.1'});
	});

	it('keeps at most the limit of addresses per name server, and counts the most one source offered beyond it', () => {
		const {zone, entry} = zoneWithNameserver();
		const glue = Array.from({length: 5}, (_, index) => ({address: `127.77.10.${index + 1}`, origin: 'glue' as const}));
		expect(addAddresses(zone, entry, glue, [4, 6], LAB, 2).map((server) => server.address)).toEqual(['127.77.10.1', '127.77.10.2']);
		// The same glue again (another referral) and a smaller answer: still three addresses past the limit, not six.
		expect(addAddresses(zone, entry, glue, [4, 6], LAB, 2)).toEqual([]);
		expect(addAddresses(zone, entry, [{address: '127.77.10.1', origin: 'child'}, {address: '127.77.10.9', origin: 'child'}], [4, 6], LAB, 2)).toEqual([]);
		expect(entry.addresses).toEqual([
			{address: '127.77.10.1', family: 4, origins: ['glue', 'child']},
			{address: '127.77.10.2', family: 4, origins: ['glue']},
		]);
		expect(entry.addressesSkipped).toEqual({count: 3, reason: 'ns1.example.com. has more than 2 addresses: only the first 2 are kept and asked'});
		expect(zone.servers).toHaveLength(2);
	});

	it('hands back a server found later, from a sub-trace, so it can be asked everything', () => {
		const {zone, entry} = zoneWithNameserver('ns1.dnsprovider.net.');
		entry.unresolved = 'not looked up yet';
		const server = addAddress(zone, entry, {address: '127.77.11.1', origin: 'subtrace'}, [4, 6], LAB);
		expect(server).toMatchObject({name: 'ns1.dnsprovider.net.', origin: 'subtrace'});
		expect(zone.servers).toEqual([server]);
		expect(entry.unresolved).toBeUndefined();
	});

	it('lists a name server once, with everyone who lists it, and no more than the limit', () => {
		const zone = openZone('example.com.', 'com.');
		expect(listNameserver(zone, 'ns1.example.com.', 'parent', 1)?.added).toBe(true);
		const again = listNameserver(zone, 'ns1.example.com.', 'child', 1);
		expect(again?.added).toBe(false);
		expect(again?.entry.listedBy).toEqual(['parent', 'child']);
		expect(listNameserver(zone, 'ns2.example.com.', 'child', 1)).toBeUndefined();
		expect(zone.nameservers.map((ns) => ns.name)).toEqual(['ns1.example.com.']);
	});

	it('asks a zone for the addresses of its own name servers only, and never the root', () => {
		const zone = openZone('example.com.', 'com.');
		expect(servesOwnAddresses(zone, 'ns1.example.com.')).toBe(true);
		expect(servesOwnAddresses(zone, 'ns1.dnsprovider.net.')).toBe(false);
		expect(servesOwnAddresses(openZone('.', undefined), 'a.root-servers.net.')).toBe(false);
	});

	it('reads the NS names a zone lists for itself, with addresses only for the ones inside it', () => {
		const ns = (target: string) => ({name: 'example.com.', type: 'NS', class: 'IN', ttl: 3600, data: {kind: 'name' as const, target}});
		const a = (name: string, address: string) => ({name, type: 'A', class: 'IN', ttl: 3600, data: {kind: 'address' as const, address}});
		expect(ownNameservers('example.com.', [ns('ns1.example.com.'), ns('ns.other.net.')], [a('ns1.example.com.', '127.77.10.1'), a('ns.other.net.', '192.0.2.66')])).toEqual([
			{name: 'ns1.example.com.', addresses: [{address: '127.77.10.1', origin: 'child'}]},
			{name: 'ns.other.net.', addresses: []},
		]);
	});

	it('finds the closest zone with name servers, falling back to the root', () => {
		const zones = new Map<string, Zone>([
			['.', openZone('.', undefined)],
			['com.', openZone('com.', '.')],
			['example.com.', openZone('example.com.', 'com.')],
		]);
		listNameserver(zones.get('com.')!, 'a.gtld-servers.net.', 'parent', 20);
		expect(closestZone('www.example.com.', (name) => zones.get(name))).toBe('com.');
		expect(closestZone('www.example.org.', (name) => zones.get(name))).toBe('.');
	});

	it('says why a name server has no address', () => {
		expect(describeUnresolved('ns1.puri.sm.', [{status: 'nxdomain', records: [], zone: 'sm.', atMs: 1}])).toBe('ns1.puri.sm. does not exist (NXDOMAIN from sm.)');
		expect(describeUnresolved('ns.x.', [{status: 'failure', records: [], zone: 'x.', atMs: 1}])).toBe('ns.x. could not be resolved (x. failed)');
		expect(describeUnresolved('ns.x.', [{status: 'nodata', records: [], zone: 'x.', atMs: 1}])).toBe('ns.x. has no address records');
	});
});

describe('describeExhausted', () => {
	it('names an error code a server answered by its name, and counts the rest by what happened', () => {
		const zone: Zone = {...openZone('x.', '.'), servers: [{name: 'ns.x.', address: '192.0.2.1', family: 4, origin: 'glue', probes: []}]};
		const probe = (id: number, extra: Partial<Probe>): Probe => ({id, zone: 'x.', server: 'ns.x.', address: '192.0.2.1', question: {name: 'www.x.', type: 'A'}, purpose: 'walk', startedMs: 0, status: 'answered', ...extra});
		expect(describeExhausted(zone, [probe(1, {kind: 'error', rcode: 'FORMERR'}), probe(2, {kind: 'error', rcode: 'FORMERR'}), probe(3, {status: 'timeout'}), probe(4, {kind: 'servfail', rcode: 'SERVFAIL'})])).toBe('no server of x. gave a usable answer (2 FORMERR, 1 timeout, 1 servfail)');
	});
});
