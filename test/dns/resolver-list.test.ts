import {describe, expect, it} from 'vitest';
import {MAX_RESOLVERS, parseResolvConf, parseResolverList, PUBLIC_RESOLVERS, resolverTargets} from '../../source/dns/resolver-list.js';

describe('the system\'s resolvers, from resolv.conf text', () => {
	it('are its nameserver lines, in order, addresses in one spelling; comments, options and zones left out', () => {
		const text = ['# written by NetworkManager', 'search example.com', 'nameserver 192.0.2.53 ; the router', 'nameserver 2001:DB8::0:53', 'nameserver fe80::1%eth0', 'options edns0 trust-ad', '#nameserver 198.51.100.1', 'nameserver', 'nameserver not-an-address'].join('\n');
		expect(parseResolvConf(text)).toEqual([
			{label: 'system', address: '192.0.2.53', port: 53},
			{label: 'system', address: '2001:db8::53', port: 53},
			{label: 'system', address: 'fe80::1', port: 53},
		]);
	});

	it('are none in a file without nameserver lines', () => {
		expect(parseResolvConf('search lan\noptions ndots:2\n')).toEqual([]);
	});
});

describe('--resolvers LIST', () => {
	it('names the system\'s, the public set and addresses with an optional #port, each endpoint once', () => {
		const system = [{label: 'system', address: '127.0.0.53', port: 53}];
		const targets = resolverTargets(parseResolverList('system, 127.0.0.1#5353,public,127.0.0.53,::1'), system);
		expect(targets.map((target) => `${target.label} ${target.address}#${target.port}`)).toEqual([
			'system 127.0.0.53#53',
			'127.0.0.1 127.0.0.1#5353',
			'Google 8.8.8.8#53',
			'Google 2001:4860:4860::8888#53',
			'Cloudflare 1.1.1.1#53',
			'Cloudflare 2606:4700:4700::1111#53',
			'Quad9 9.9.9.9#53',
			'Quad9 2620:fe::fe#53',
			'OpenDNS 208.67.222.222#53',
			'::1 ::1#53',
		]);
		expect(PUBLIC_RESOLVERS.map((target) => target.label)).toEqual(['Google', 'Google', 'Cloudflare', 'Cloudflare', 'Quad9', 'Quad9', 'OpenDNS']);
	});

	it('refuses garbage, naming the entry: a name, a port out of range, an empty list, escape sequences cut and quoted', () => {
		expect(() => parseResolverList('dns.google')).toThrow('"dns.google" is not system, public or an IP address (with an optional #port)');
		expect(() => parseResolverList('127.0.0.1#70000')).toThrow('"127.0.0.1#70000" is not system');
		expect(() => parseResolverList('127.0.0.1#0')).toThrow('"127.0.0.1#0" is not system');
		expect(() => parseResolverList('999.1.1.1')).toThrow('"999.1.1.1" is not system');
		expect(() => parseResolverList(' , ')).toThrow('an empty list: give system, public, or addresses');
		expect(() => parseResolverList('\u001b]0;x\u0007')).toThrow('"\\u001b]0;x\\u0007" is not system');
	});

	it('refuses more resolvers than MAX_RESOLVERS', () => {
		const many = Array.from({length: MAX_RESOLVERS + 1}, (_, index) => `127.0.0.${index + 1}`).join(',');
		expect(() => resolverTargets(parseResolverList(many), [])).toThrow(`${MAX_RESOLVERS + 1} resolvers: at most ${MAX_RESOLVERS}`);
	});
});
