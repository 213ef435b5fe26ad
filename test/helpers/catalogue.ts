import type {ServerSpec, WorldSpec, ZoneSpec} from '../../source/lab/world.js';

/*
 * A test world with one zone per failure the stories do not show: `cat.` (signed, two servers) delegates
 * <code>.cat. to zones broken in exactly one way. Each zone has two servers unless the failure needs more:
 * entry i gets 127.77.(230 + 2i mod 20).(1 + 2i div 20) and the next /24 up; `{first}` and `{second}` in
 * any text stand for them. Extra servers live in 127.77.226.0/24.
 */
interface Entry {
	name: string;
	/** Zone text after the SOA and NS records; the NS names are ns1 and ns2 under the zone unless `ns` says. */
	body?: string;
	signing?: ZoneSpec['signing'];
	/** Behaviour of the second server (the first is always healthy). */
	second?: Partial<ServerSpec> & {zone?: Partial<ServerSpec['zones'][number]>};
	/** Text the parent (`cat.`) publishes for this delegation, instead of NS + glue for ns1/ns2. */
	parent?: string;
	/** Text this zone publishes for its NS set, instead of ns1/ns2. */
	ns?: string;
	extraServers?: ServerSpec[];
}

const entries: Entry[] = [
	{name: 'tcp', second: {truncateUdp: true, noTcp: true}},
	{name: 'edns', second: {noEdns: true}},
	{name: 'garbage', second: {garbage: true}},
	{name: 'closed', second: {closed: true}},
	{name: 'servfail', second: {zone: {mode: 'servfail'}}},
	{name: 'soa', second: {zone: {copy: {origin: 'soa.cat.', text: '@ SOA ns1.soa.cat. someone-else.soa.cat. 7 7200 3600 1209600 3600\n@ NS ns1.soa.cat.\n@ NS ns2.soa.cat.\nns1 A {first}\nns2 A {second}\nwww A 192.0.2.1'}}}},
	// The zone says ns2 lives at 127.77.226.9; the parent's glue (and the server) say {second}.
	{name: 'glue', body: 'ns2 A 127.77.226.9'},
	{name: 'nsset', ns: '@ NS ns1.nsset.cat.\n@ NS ns3.nsset.cat.\nns3 A 127.77.226.3', extraServers: [{name: 'ns3.nsset.cat.', ipv4: '127.77.226.3', zones: [{zone: 'nsset.cat.'}]}]},
	{name: 'partial', signing: {algorithm: 13}, second: {zone: {unsigned: true}}},
	{name: 'nokeys', signing: {algorithm: 13}, second: {zone: {unsigned: true}}},
	{name: 'nosig', signing: {algorithm: 13}, second: {zone: {stripSignaturesAt: ['www.nosig.cat.']}}},
	{name: 'nodenial', signing: {algorithm: 13}, second: {zone: {withoutDenial: true}}},
	{name: 'sha1', signing: {algorithm: 5}},
	{name: 'iterations', signing: {algorithm: 13, nsec3: {iterations: 10}}},
	{name: 'loop', body: 'a CNAME b\nb CNAME a\nc CNAME nowhere'},
	{name: 'keytrap', signing: {algorithm: 13}, second: {zone: {forgedSignaturesAt: ['www.keytrap.cat.']}}},
	// ns2 is an alias of a host that does exist, at the server's own address.
	{name: 'nscname', body: 'ns2 CNAME host\nhost A {second}'},
	// Four name servers with 50-octet first labels, two names per server: the referral alone passes 512 octets.
	{
		name: 'bigref',
		ns: [1, 2, 3, 4].map((n) => `@ NS ${'n'.repeat(49)}${n}.bigref.cat.\n${'n'.repeat(49)}${n} A {${n <= 2 ? 'first' : 'second'}}`).join('\n'),
		parent: [1, 2, 3, 4].map((n) => `bigref NS ${'n'.repeat(49)}${n}.bigref.cat.\n${'n'.repeat(49)}${n}.bigref A {${n <= 2 ? 'first' : 'second'}}`).join('\n'),
	},
	{name: 'ednsignore', second: {ignoresEdns: true}},
	{name: 'rsa', signing: {algorithm: 8, rsaBits: 1024}},
	// A firewall drops UDP to the second server; its TCP answers.
	{name: 'udp', second: {dropUdp: true}},
	// The second server answers UDP and has no TCP listener, so answers that need TCP never come from it.
	{name: 'notcp', second: {noTcp: true}},
	// A CDS and a CDNSKEY for a key the zone does not have (its keys are made fresh by every lab run).
	{name: 'cds', signing: {algorithm: 13}, body: `@ CDS 12345 13 2 ${'ab'.repeat(32)}\n@ CDNSKEY 257 3 13 BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBw==`},
	// A CDS "delete" record (RFC 8078), allowed, but without the CDNSKEY that should go with it.
	{name: 'cdsonly', signing: {algorithm: 13}, body: '@ CDS 0 0 0 00'},
	// A middlebox in front of the second server drops every query carrying OPT; plain queries are answered.
	{name: 'ednsdrop', second: {dropEdns: true}},
	// TCP to the second server reaches another backend: an old, unsigned copy (below), with garbage, or a server of cat.
	{name: 'tcpstale', signing: {algorithm: 13}},
	{name: 'tcpgarbage', second: {tcpBackend: {zones: [], garbage: true}}},
	{name: 'tcpreferral', second: {tcpBackend: {zones: [{zone: 'cat.'}]}}},
	// Signed, with its DS at cat., but served by neither server any more (below).
	{name: 'dropped', signing: {algorithm: 13}},
	// A DNS firewall in front of the second server answers NOTIMP to every query.
	{name: 'notimp', second: {zone: {mode: 'notimp'}}},
];

let octet = 0;
const zones: ZoneSpec[] = [];
const servers: ServerSpec[] = [];
const delegations: string[] = [];
for (const entry of entries) {
	const origin = `${entry.name}.cat.`;
	const first = `127.77.${230 + (octet % 20)}.${Math.floor(octet / 20) + 1}`;
	const second = `127.77.${231 + (octet % 20)}.${Math.floor(octet / 20) + 1}`;
	octet += 2;
	const fill = (text: string) => text.replaceAll('{first}', first).replaceAll('{second}', second);
	const ns = entry.ns ?? `@ NS ns1.${origin}\n@ NS ns2.${origin}`;
	const addresses = `ns1 A ${first}\n${/^ns2 /mu.test(entry.body ?? '') ? '' : `ns2 A ${second}\n`}`;
	zones.push({origin, ...(entry.signing ? {signing: entry.signing} : {}), text: fill(`$TTL 3600\n@ SOA ns1.${origin} hostmaster.${origin} 7 7200 3600 1209600 3600\n${ns}\n${addresses}www A 192.0.2.1\n${entry.body ?? ''}`)});
	const {zone: zoneBehaviour, ...serverBehaviour} = entry.second ?? {};
	if (zoneBehaviour?.copy) zoneBehaviour.copy = {...zoneBehaviour.copy, text: fill(zoneBehaviour.copy.text)};
	servers.push({name: `ns1.${origin}`, ipv4: first, zones: [{zone: origin}]});
	servers.push({name: `ns2.${origin}`, ipv4: second, ...serverBehaviour, zones: [{zone: origin, ...zoneBehaviour}]});
	servers.push(...(entry.extraServers ?? []));
	delegations.push(entry.parent ? fill(entry.parent) : `${entry.name} NS ns1.${origin}\n${entry.name} NS ns2.${origin}\nns1.${entry.name} A ${first}\nns2.${entry.name} A ${second}`);
}

// nokeys.cat.: the parent has its DS, yet neither server serves the signed zone.
servers.find((server) => server.name === 'ns1.nokeys.cat.')!.zones = [{zone: 'nokeys.cat.', unsigned: true}];

// tcpstale.cat.: over TCP its second server answers from last week's copy: serial 6, ns1 alone, not yet signed.
const tcpstale = zones.find((zone) => zone.origin === 'tcpstale.cat.')!;
servers.find((server) => server.name === 'ns2.tcpstale.cat.')!.tcpBackend = {
	zones: [{zone: 'tcpstale.cat.', unsigned: true, copy: {origin: 'tcpstale.cat.', text: tcpstale.text.replace(' 7 7200 ', ' 6 7200 ').replace('@ NS ns2.tcpstale.cat.\n', '')}}],
};

// referral.cat.: one of cat.'s servers runs an old copy of cat. that does not delegate it yet.
zones.push({origin: 'referral.cat.', text: '@ SOA ns1.referral.cat. h.referral.cat. 1 7200 3600 1209600 3600\n@ NS ns1.referral.cat.\n@ NS ns2.referral.cat.\nns1 A 127.77.250.1\nns2 A 127.77.251.1\nwww A 192.0.2.1'});
servers.push({name: 'ns1.referral.cat.', ipv4: '127.77.250.1', zones: [{zone: 'referral.cat.'}]}, {name: 'ns2.referral.cat.', ipv4: '127.77.251.1', zones: [{zone: 'referral.cat.'}]});
const referral = 'referral NS ns1.referral.cat.\nreferral NS ns2.referral.cat.\nns1.referral A 127.77.250.1\nns2.referral A 127.77.251.1';

// alias.cat. is an alias of gone.cat., which cat. does not delegate: its NXDOMAIN is gone.cat.'s (RFC 6604).
const catHead = '$TTL 86400\n@ SOA a.nic.cat. hostmaster.nic.cat. 2 1800 900 604800 86400\n@ NS a.nic.cat.\n@ NS b.nic.cat.\na.nic A 127.77.228.1\nb.nic A 127.77.229.1\nalias CNAME gone';
zones.push({origin: 'cat.', signing: {algorithm: 13}, text: `${catHead}\n${delegations.join('\n')}\n${referral}`});
// dropped.cat.: cat. still delegates it, with its DS, but its servers dropped it. One now serves only a zone of its own
// for www.dropped.cat. (it answers that name, and refuses the rest); the other serves the root zone, which refers every
// question about dropped.cat. to cat.
zones.push({origin: 'www.dropped.cat.', text: '@ SOA ns1.dropped.cat. h.dropped.cat. 1 7200 3600 1209600 3600\n@ NS ns1.dropped.cat.\n@ A 192.0.2.1'});
servers.find((server) => server.name === 'ns1.dropped.cat.')!.zones = [{zone: 'www.dropped.cat.'}];
servers.find((server) => server.name === 'ns2.dropped.cat.')!.zones = [{zone: '.'}];
servers.push(
	// a.nic.cat. pads its answers with an address for a name it has no authority over: a poisoning attempt.
	{name: 'a.nic.cat.', ipv4: '127.77.228.1', extraAdditional: 'www.bank.example. 86400 IN A 192.0.2.66', zones: [{zone: 'cat.'}]},
	{name: 'b.nic.cat.', ipv4: '127.77.229.1', zones: [{zone: 'cat.', copy: {origin: 'cat.', text: `${catHead}\n${delegations.join('\n')}`}}]},
);

zones.push({
	origin: '.',
	signing: {algorithm: 13},
	text: '$TTL 86400\n@ SOA a.root.cat-lab. h.cat-lab. 1 1800 900 604800 86400\n@ NS a.root.cat-lab.\na.root.cat-lab. A 127.77.227.1\ncat. NS a.nic.cat.\ncat. NS b.nic.cat.\na.nic.cat. A 127.77.228.1\nb.nic.cat. A 127.77.229.1',
});
servers.push({name: 'a.root.cat-lab.', ipv4: '127.77.227.1', zones: [{zone: '.'}]});

export const CATALOGUE: WorldSpec = {roots: ['a.root.cat-lab.'], stories: [], servers, zones};
