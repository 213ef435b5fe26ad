import {systemDeps} from '../../source/dns/network-transport.js';
import {createTransport} from '../../source/dns/querier.js';
import type {Endpoint, Link, Transport} from '../../source/dns/transport.js';
import {createLabLink} from '../../source/lab/lab-link.js';
import {buildWorld, type LabWorld, type ServerSpec} from '../../source/lab/world.js';

/**
 * A root, TLD one. and zone x.one., each with two servers at addresses of their own (www.x.one. answers 192.0.2.1):
 * servers of three zones, for telling this host's transport from one zone's. `server` adds to each zone's servers'
 * spec (no TCP, UDP dropped, …), by zone and server number; with `ipv6` every server has an IPv6 address too.
 */
export function threeZoneWorld(server: (zone: string, n: number) => Partial<ServerSpec>, {ipv6 = false} = {}) {
	const v6 = (n: number, octet: number) => `2001:db8::${n}:${octet}`;
	const pair = (zone: string, host: string, octet: number): ServerSpec[] => [1, 2].map((n) => ({name: `${host}${n}.${zone === '.' ? 'root.lab.' : zone}`, ipv4: `127.77.${218 + n}.${octet}`, ...(ipv6 ? {ipv6: v6(n, octet)} : {}), ...server(zone, n), zones: [{zone}]}));
	const glue = (name: string, n: number, octet: number) => `${name} A 127.77.${218 + n}.${octet}${ipv6 ? `\n${name} AAAA ${v6(n, octet)}` : ''}`;
	return buildWorld({
		roots: ['a1.root.lab.'],
		stories: [],
		servers: [...pair('.', 'a', 1), ...pair('one.', 'ns', 2), ...pair('x.one.', 'ns', 3)],
		zones: [
			{origin: '.', text: `@ SOA a1.root.lab. h.lab. 1 1 1 1 1\n@ NS a1.root.lab.\n@ NS a2.root.lab.\n${glue('a1.root.lab.', 1, 1)}\n${glue('a2.root.lab.', 2, 1)}\none. NS ns1.one.\none. NS ns2.one.\n${glue('ns1.one.', 1, 2)}\n${glue('ns2.one.', 2, 2)}`},
			{origin: 'one.', text: `@ SOA ns1.one. h.one. 1 1 1 1 1\n@ NS ns1.one.\n@ NS ns2.one.\n${glue('ns1', 1, 2)}\n${glue('ns2', 2, 2)}\nx NS ns1.x\nx NS ns2.x\n${glue('ns1.x', 1, 3)}\n${glue('ns2.x', 2, 3)}`},
			{origin: 'x.one.', text: `@ SOA ns1.x.one. h.x.one. 1 1 1 1 1\n@ NS ns1.x.one.\n@ NS ns2.x.one.\n${glue('ns1', 1, 3)}\n${glue('ns2', 2, 3)}\nwww A 192.0.2.1`},
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

/**
 * The lab's network in process, as seen from a host whose own network interferes on the way out: `udpLost` drops a
 * UDP datagram (nothing comes back), `tcpRefused` refuses a TCP connection (a firewall's reset), both by where it goes
 * and what it carries.
 */
export function hostFiltered(world: LabWorld, {udpLost, tcpRefused}: {udpLost?: (to: Endpoint, payload: Uint8Array) => boolean; tcpRefused?: (to: Endpoint) => boolean}): Transport {
	const link = createLabLink(world, {latencyScale: 0});
	const filtered: Link = {
		udp: (to, payload, handlers) => (udpLost?.(to, payload) ? {close() {}} : link.udp(to, payload, handlers)),
		tcp(to, payload, handlers) {
			if (!tcpRefused?.(to)) return link.tcp(to, payload, handlers);
			const timer = setTimeout(() => handlers.onError({kind: 'unreachable', code: 'ECONNREFUSED', message: 'connection refused'}), 0);
			return {close: () => clearTimeout(timer)};
		},
	};
	return createTransport(filtered, systemDeps);
}

/** An IPv6 address, as the lab's servers of both families are told apart. */
export const isIpv6 = (to: Endpoint) => to.address.includes(':');
