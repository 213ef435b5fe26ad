import {buildWorld, type ServerSpec} from '../../source/lab/world.js';

/**
 * A root, TLD one. and zone x.one., each with two servers at addresses of their own (www.x.one. answers 192.0.2.1):
 * servers of three zones, for telling this host's transport from one zone's. `server` adds to each zone's servers'
 * spec: no TCP, UDP dropped, …
 */
export function threeZoneWorld(server: (zone: string) => Partial<ServerSpec>) {
	const pair = (zone: string, host: string, octet: number): ServerSpec[] => [1, 2].map((n) => ({name: `${host}${n}.${zone === '.' ? 'root.lab.' : zone}`, ipv4: `127.77.${218 + n}.${octet}`, ...server(zone), zones: [{zone}]}));
	return buildWorld({
		roots: ['a1.root.lab.'],
		stories: [],
		servers: [...pair('.', 'a', 1), ...pair('one.', 'ns', 2), ...pair('x.one.', 'ns', 3)],
		zones: [
			{origin: '.', text: '@ SOA a1.root.lab. h.lab. 1 1 1 1 1\n@ NS a1.root.lab.\n@ NS a2.root.lab.\na1.root.lab. A 127.77.219.1\na2.root.lab. A 127.77.220.1\none. NS ns1.one.\none. NS ns2.one.\nns1.one. A 127.77.219.2\nns2.one. A 127.77.220.2'},
			{origin: 'one.', text: '@ SOA ns1.one. h.one. 1 1 1 1 1\n@ NS ns1.one.\n@ NS ns2.one.\nns1 A 127.77.219.2\nns2 A 127.77.220.2\nx NS ns1.x\nx NS ns2.x\nns1.x A 127.77.219.3\nns2.x A 127.77.220.3'},
			{origin: 'x.one.', text: '@ SOA ns1.x.one. h.x.one. 1 1 1 1 1\n@ NS ns1.x.one.\n@ NS ns2.x.one.\nns1 A 127.77.219.3\nns2 A 127.77.220.3\nwww A 192.0.2.1'},
		],
	});
}

/** The same three zones served by one machine at one address, `server` its flags: one server's fault cannot be told from this host's. */
export function oneMachineWorld(server: Partial<ServerSpec>): ReturnType<typeof threeZoneWorld> {
	return buildWorld({
		roots: ['box.lab.'],
		stories: [],
		servers: [{name: 'box.lab.', ipv4: '127.77.224.1', ...server, zones: [{zone: '.'}, {zone: 'one.'}, {zone: 'x.one.'}]}],
		zones: [
			{origin: '.', text: '@ SOA box.lab. h.lab. 1 1 1 1 1\n@ NS box.lab.\nbox.lab. A 127.77.224.1\none. NS box.lab.'},
			{origin: 'one.', text: '@ SOA box.lab. h.one. 1 1 1 1 1\n@ NS box.lab.\nx NS box.lab.'},
			{origin: 'x.one.', text: '@ SOA box.lab. h.x.one. 1 1 1 1 1\n@ NS box.lab.\nwww A 192.0.2.1'},
		],
	}) as ReturnType<typeof threeZoneWorld>;
}
