import {describe, expect, it} from 'vitest';
import {dnskeyRData, keyTag} from '../../source/dns/dnssec.js';
import {parseUserName} from '../../source/dns/name.js';
import {INTERNET} from '../../source/lab/internet.js';
import type {Probe, Server, Trace} from '../../source/trace/model.js';
import {labTrace, labWorld, probeFor, serialOf, serverOf, withoutSignatures, zoneOf} from '../helpers/lab.js';

const trace = (name: string, type = 'A', options: Parameters<typeof labTrace>[2] = {}) => labTrace(parseUserName(name).name, type, {timeoutMs: 250, ...options});
const probeOf = (server: Server, purpose: Probe['purpose']) => server.probes.find((probe) => probe.purpose === purpose)!;
const hasDnssec = (server: Server) => (probeOf(server, 'soa').response?.answer ?? []).some((record) => record.type === 'RRSIG');
const dsAt = (result: Trace, parent: string, child: string) =>
	zoneOf(result, parent).servers.flatMap((server) => server.probes.filter((probe) => probe.question.name === child && probe.question.type === 'DS')).map((probe) => probe.response?.answer.filter((record) => record.type === 'DS') ?? []);

describe('the lab lists a story for every seed write-up', () => {
	it('has the stories of the five seeds and the textbook cases, each with a line on the incident', () => {
		const names = INTERNET.stories.map((story) => story.name);
		for (const expected of ['www.puri.sm', 'www.pureos.net', 'tox.im', 'www.twitter.com', 'www.nic.bw', 'nic.پاکستان', 'nic.xn--wgbh1c', 'nic.creditunion', 'nic.ls', 'nic.td', 'www.example.com']) {
			expect(names).toContain(expected);
		}
		for (const story of INTERNET.stories) expect(story.incident.length).toBeGreaterThan(20);
	});
});

describe('lab stories', () => {
	it('puri.sm: the registry denies the domain while its own servers still answer for it', async () => {
		const result = await trace('www.puri.sm');
		expect(result.outcome).toMatchObject({status: 'nxdomain', zone: 'sm.'});
		for (const server of zoneOf(result, 'sm.').servers) expect(probeFor(server, 'www.puri.sm.', 'A').rcode).toBe('NXDOMAIN');
		const own = labWorld().servers.find((server) => server.name === 'ns1.puri.sm.')!;
		expect(own.down).toBe(false);
		expect(own.zones.map((zone) => zone.copy.origin)).toContain('puri.sm.');
	});

	it('pureos.net: delegated fine, but both NS names are under the suspended puri.sm', async () => {
		const result = await trace('www.pureos.net');
		expect(zoneOf(result, 'pureos.net.').nameservers.map((ns) => ns.name)).toEqual(['ns1.puri.sm.', 'ns2.puri.sm.']);
		expect(result.resolutions.filter((resolution) => resolution.purpose === 'ns-address').every((resolution) => resolution.outcome?.status === 'nxdomain')).toBe(true);
	});

	it('tox.im: the servers answer, but their names live under a zone whose servers time out', async () => {
		const result = await trace('tox.im');
		expect(zoneOf(result, 'servicex-dns.com.').nameservers.map((ns) => ns.name)).toEqual(['ns1.servicey.net.', 'ns2.servicey.net.']);
		expect(zoneOf(result, 'servicey.net.').servers.flatMap((server) => server.probes).every((probe) => probe.status === 'timeout')).toBe(true);
		const toxServers = labWorld().servers.filter((server) => server.zones.some((zone) => zone.copy.origin === 'tox.im.'));
		expect(toxServers.every((server) => !server.down)).toBe(true);
	});

	it('Dyn: three big domains delegated to the same two servers, which never answer', async () => {
		const result = await trace('www.twitter.com');
		expect(result.outcome.status).toBe('failure');
		expect(zoneOf(result, 'dynect.net.').servers.map((server) => server.address)).toEqual(['127.77.40.1', '127.77.40.2']);
		for (const site of ['github.com.', 'spotify.com.']) {
			const other = await trace(`www.${site}`);
			expect(zoneOf(other, site).nameservers.map((ns) => ns.name)).toEqual(['ns1.p16.dynect.net.', 'ns2.p16.dynect.net.']);
		}
	});

	it('bw.: one dead server, one stale unsigned copy, two signed; no DS in the root', async () => {
		const result = await trace('www.nic.bw');
		const bw = zoneOf(result, 'bw.');
		expect(probeOf(serverOf(bw, '127.77.50.1'), 'soa').status).toBe('timeout');
		expect(serialOf(serverOf(bw, '127.77.50.2'))).toBe(2024020312);
		expect(hasDnssec(serverOf(bw, '127.77.50.2'))).toBe(false);
		for (const address of ['127.77.150.1', '127.77.151.1']) {
			expect(serialOf(serverOf(bw, address))).toBe(2024020712);
			expect(hasDnssec(serverOf(bw, address))).toBe(true);
		}
		expect(dsAt(result, '.', 'bw.').every((ds) => ds.length === 0)).toBe(true);
	});

	it('xn--mgbai9azgqp6j.: every server unreachable, a DS in the root all the same', async () => {
		const result = await trace('nic.پاکستان');
		expect(result.query.name).toBe('nic.xn--mgbai9azgqp6j.');
		expect(zoneOf(result, 'xn--mgbai9azgqp6j.').servers.flatMap((server) => server.probes).every((probe) => probe.status === 'timeout')).toBe(true);
		expect(dsAt(result, '.', 'xn--mgbai9azgqp6j.').every((ds) => ds.length === 1)).toBe(true);
	});

	it('xn--wgbh1c.: a lame PCH server, expired signatures on the NS addresses, SHA-1 and SHA-256 DS', async () => {
		const result = await trace('nic.xn--wgbh1c');
		const zone = zoneOf(result, 'xn--wgbh1c.');
		expect(probeFor(serverOf(zone, '127.77.150.2'), 'nic.xn--wgbh1c.', 'A').kind).toBe('refused');
		const address = probeFor(serverOf(zone, '127.77.52.1'), 'ns1.nic.xn--wgbh1c.', 'A');
		const signature = address.response?.answer.find((record) => record.type === 'RRSIG');
		expect(signature?.data.kind === 'rrsig' && new Date(signature.data.expiration * 1000).getUTCFullYear()).toBe(2020);
		const answerSignature = probeFor(serverOf(zone, '127.77.52.1'), 'nic.xn--wgbh1c.', 'A').response?.answer.find((record) => record.type === 'RRSIG');
		expect(answerSignature?.data.kind === 'rrsig' && answerSignature.data.expiration * 1000).toBeGreaterThan(Date.now());
		expect(dsAt(result, '.', 'xn--wgbh1c.')[0]!.map((record) => (record.data.kind === 'ds' ? record.data.digestType : 0)).sort()).toEqual([1, 2]);
	});

	it('creditunion.: the two PCH servers are lame (one refuses, one answers without authority)', async () => {
		const zone = zoneOf(await trace('nic.creditunion'), 'creditunion.');
		const kinds = zone.servers.map((server) => `${server.name} ${probeFor(server, 'nic.creditunion.', 'A').kind}`);
		expect(kinds).toEqual(['a.nic.creditunion. answer', 'b.nic.creditunion. answer', 'c.pch.creditunion. refused', 'd.pch.creditunion. lame']);
	});

	it('ls.: only PCH serves DNSSEC material, on a serial five minutes ahead', async () => {
		const zone = zoneOf(await trace('nic.ls'), 'ls.');
		const view = zone.servers.map((server) => `${server.name} ${serialOf(server)} ${hasDnssec(server) ? 'signed' : 'unsigned'}`);
		expect(view).toEqual(['ns1.nic.ls. 1707301200 unsigned', 'ns2.nic.ls. 1707301200 unsigned', 'pch.nic.ls. 1707301500 signed', 'afrinic.nic.ls. 1707301200 unsigned']);
	});

	it('td.: the Gransy server names do not exist; only PCH signs', async () => {
		const result = await trace('nic.td');
		const zone = zoneOf(result, 'td.');
		expect(zone.nameservers.filter((ns) => ns.unresolved).map((ns) => ns.name)).toEqual(['gransy1.ns.td.', 'gransy2.ns.td.']);
		expect(zone.servers.map((server) => `${server.name} ${hasDnssec(server) ? 'signed' : 'unsigned'}`)).toEqual(['pch.ns.td. signed', 'ns-td.afrinic.net. unsigned']);
	});

	it('rollover.net: the parent publishes a DS whose key tag matches no DNSKEY of the zone', async () => {
		const result = await trace('www.rollover.net');
		const ds = dsAt(result, 'net.', 'rollover.net.')[0]!;
		const keys = probeOf(zoneOf(result, 'rollover.net.').servers[0]!, 'dnskey').response!.answer.filter((record) => record.type === 'DNSKEY');
		const tags = keys.map((record) => (record.data.kind === 'dnskey' ? keyTag(dnskeyRData({flags: record.data.flags, algorithm: record.data.algorithm, publicKey: Buffer.from(record.data.publicKey, 'base64')})) : 0));
		expect(ds).toHaveLength(1);
		expect(tags).not.toContain(ds[0]!.data.kind === 'ds' ? ds[0]!.data.keyTag : -1);
	});

	it('six.example.com: reachable over IPv6 only', async () => {
		expect(withoutSignatures((await trace('www.six.example.com', 'AAAA')).outcome.records).map((record) => record.data)).toEqual([{kind: 'address', address: '2001:db8:60::80'}]);
		const v4 = await trace('www.six.example.com', 'AAAA', {families: [4]});
		expect(v4.outcome).toMatchObject({status: 'failure', zone: 'six.example.com.'});
	});

	it('signs with algorithms 8, 13 and 15, NSEC and NSEC3', () => {
		const algorithms = new Set([...labWorld().keys.values()].map((keys) => keys.ksk.algorithm));
		expect([...algorithms].sort((a, b) => a - b)).toEqual([8, 13, 15]);
		const zones = labWorld().zones;
		expect(zones.get('com.')!.nsec3Settings).toEqual({iterations: 0, salt: '', optOut: true});
		expect(zones.get('example.com.')!.nsec.length).toBeGreaterThan(3);
	});
});
