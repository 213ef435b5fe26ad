import type {ServerSpec, StorySpec, WorldSpec, ZoneSpec} from './world.js';
import type {WorldChange} from './world-change.js';

/*
 * The lab's simulated internet: the single source of truth for every zone, server and story.
 *
 * To add a story: write the zone(s) as master-file text below, add the delegation (NS, and glue where the parent
 * would have it) to the parent zone, list the servers that serve it with their addresses in 127.77.0.0/16 (and
 * optionally 2001:db8::/32), give a server a behaviour (`down`, `mode: 'refuse'`, a stale `copy`, …) to break it,
 * and add a StorySpec so `digdeeper lab` lists it. Nothing else needs to change.
 */

const SOA_TIMERS = '7200 3600 1209600 3600';

const root: ZoneSpec = {
	signing: {algorithm: 8},
	origin: '.',
	text: `
$TTL 86400
@                   SOA   a.root-servers.net. nstld.verisign-grs.com. 2024020100 1800 900 604800 86400
@           518400  NS    a.root-servers.net.
@           518400  NS    b.root-servers.net.
@           518400  NS    c.root-servers.net.
@           518400  NS    d.root-servers.net.
a.root-servers.net. 518400 A     127.77.0.1
a.root-servers.net. 518400 AAAA  2001:db8::1
b.root-servers.net. 518400 A     127.77.0.2
b.root-servers.net. 518400 AAAA  2001:db8::2
c.root-servers.net. 518400 A     127.77.0.3
c.root-servers.net. 518400 AAAA  2001:db8::3
d.root-servers.net. 518400 A     127.77.0.4
d.root-servers.net. 518400 AAAA  2001:db8::4

com.        172800  NS    a.gtld-servers.net.
com.        172800  NS    b.gtld-servers.net.
net.        172800  NS    a.gtld-servers.net.
net.        172800  NS    b.gtld-servers.net.
org.        172800  NS    a0.org-servers.net.
org.        172800  NS    b0.org-servers.net.
sm.         172800  NS    dns.omniway.sm.
sm.         172800  NS    dns.intelcom.sm.
im.         172800  NS    ns1.nic.im.
im.         172800  NS    ns2.nic.im.
bw.         172800  NS    dns1.btc.bw.
bw.         172800  NS    dns2.btc.bw.
bw.         172800  NS    pch.nic.bw.
bw.         172800  NS    afrinic.nic.bw.
xn--mgbai9azgqp6j. 172800 NS ns1.nic.xn--mgbai9azgqp6j.
xn--mgbai9azgqp6j. 172800 NS ns2.nic.xn--mgbai9azgqp6j.
xn--mgbai9azgqp6j. 172800 NS ns3.nic.xn--mgbai9azgqp6j.
xn--wgbh1c. 172800  NS    ns1.nic.xn--wgbh1c.
xn--wgbh1c. 172800  NS    ns2.nic.xn--wgbh1c.
xn--wgbh1c. 172800  NS    ns3.nic.xn--wgbh1c.
xn--wgbh1c. 172800  NS    ns4.pch.xn--wgbh1c.
creditunion. 172800 NS    a.nic.creditunion.
creditunion. 172800 NS    b.nic.creditunion.
creditunion. 172800 NS    c.pch.creditunion.
creditunion. 172800 NS    d.pch.creditunion.
ls.         172800  NS    ns1.nic.ls.
ls.         172800  NS    ns2.nic.ls.
ls.         172800  NS    pch.nic.ls.
ls.         172800  NS    afrinic.nic.ls.
td.         172800  NS    pch.ns.td.
td.         172800  NS    ns-td.afrinic.net.
td.         172800  NS    gransy1.ns.td.
td.         172800  NS    gransy2.ns.td.
gm.         172800  NS    ns1.dns.gm.
gm.         172800  NS    ns2.dns.gm.
mw.         172800  NS    ns1.dns.mw.
mw.         172800  NS    ns2.dns.mw.
mw.         172800  NS    pch.dns.mw.

a.gtld-servers.net. 172800 A    127.77.1.1
a.gtld-servers.net. 172800 AAAA 2001:db8:1::1
b.gtld-servers.net. 172800 A    127.77.101.2
b.gtld-servers.net. 172800 AAAA 2001:db8:101::2
a0.org-servers.net. 172800 A    127.77.1.3
b0.org-servers.net. 172800 A    127.77.101.4
dns.omniway.sm.     172800 A    127.77.2.1
dns.intelcom.sm.    172800 A    127.77.102.2
ns1.nic.im.         172800 A    127.77.3.1
ns2.nic.im.         172800 A    127.77.103.2
dns1.btc.bw.        172800 A    127.77.50.1
dns2.btc.bw.        172800 A    127.77.50.2
pch.nic.bw.         172800 A    127.77.150.1
afrinic.nic.bw.     172800 A    127.77.151.1
ns1.nic.xn--mgbai9azgqp6j. 172800 A 127.77.51.1
ns2.nic.xn--mgbai9azgqp6j. 172800 A 127.77.51.2
ns3.nic.xn--mgbai9azgqp6j. 172800 A 127.77.61.3
ns1.nic.xn--wgbh1c. 172800 A    127.77.52.1
ns2.nic.xn--wgbh1c. 172800 A    127.77.52.2
ns3.nic.xn--wgbh1c. 172800 A    127.77.52.3
ns4.pch.xn--wgbh1c. 172800 A    127.77.150.2
a.nic.creditunion.  172800 A    127.77.53.1
b.nic.creditunion.  172800 A    127.77.53.2
c.pch.creditunion.  172800 A    127.77.150.3
d.pch.creditunion.  172800 A    127.77.150.4
ns1.nic.ls.         172800 A    127.77.54.1
ns2.nic.ls.         172800 A    127.77.54.2
pch.nic.ls.         172800 A    127.77.150.5
afrinic.nic.ls.     172800 A    127.77.151.2
pch.ns.td.          172800 A    127.77.150.6
ns-td.afrinic.net.  172800 A    127.77.151.3
ns1.dns.gm.         172800 A    127.77.57.1
ns2.dns.gm.         172800 A    127.77.157.2
ns1.dns.mw.         172800 A    127.77.59.1
ns2.dns.mw.         172800 A    127.77.159.2
pch.dns.mw.         172800 A    127.77.150.7
; gransy1.ns.td. and gransy2.ns.td. have no glue: their names were meant to live in ns.td., hosted at deSEC.
`,
};

const com: ZoneSpec = {
	signing: {algorithm: 13, nsec3: {optOut: true}},
	origin: 'com.',
	text: `
$TTL 86400
@          SOA  a.gtld-servers.net. nstld.verisign-grs.com. 1707000000 1800 900 604800 86400
@          NS   a.gtld-servers.net.
@          NS   b.gtld-servers.net.

example    172800 NS   ns1.example.com.
example    172800 NS   ns2.example.com.
ns1.example 172800 A    127.77.10.1
ns1.example 172800 AAAA 2001:db8:10::1
ns2.example 172800 A    127.77.110.2
ns2.example 172800 AAAA 2001:db8:110::2

; shop.com is hosted by a DNS provider: no glue, the resolver must look the provider's names up itself.
shop       172800 NS   ns1.dnsprovider.net.
shop       172800 NS   ns2.dnsprovider.net.

; domain "b" of the tox.im story: hosted on service Y's servers, which are under DDoS.
servicex-dns 172800 NS ns1.servicey.net.
servicex-dns 172800 NS ns2.servicey.net.

; three big sites that all use one DNS provider (the Dyn outage, 2016).
twitter    172800 NS   ns1.p16.dynect.net.
twitter    172800 NS   ns2.p16.dynect.net.
github     172800 NS   ns1.p16.dynect.net.
github     172800 NS   ns2.p16.dynect.net.
spotify    172800 NS   ns1.p16.dynect.net.
spotify    172800 NS   ns2.p16.dynect.net.
`,
};

const net: ZoneSpec = {
	signing: {algorithm: 13, nsec3: {optOut: true}},
	origin: 'net.',
	text: `
$TTL 86400
@          SOA  a.gtld-servers.net. nstld.verisign-grs.com. 1707000000 1800 900 604800 86400
@          NS   a.gtld-servers.net.
@          NS   b.gtld-servers.net.
a.gtld-servers   A    127.77.1.1
a.gtld-servers   AAAA 2001:db8:1::1
b.gtld-servers   A    127.77.101.2
b.gtld-servers   AAAA 2001:db8:101::2
a0.org-servers   A    127.77.1.3
b0.org-servers   A    127.77.101.4
a.root-servers   A    127.77.0.1
a.root-servers   AAAA 2001:db8::1
b.root-servers   A    127.77.0.2
b.root-servers   AAAA 2001:db8::2
c.root-servers   A    127.77.0.3
c.root-servers   AAAA 2001:db8::3
d.root-servers   A    127.77.0.4
d.root-servers   AAAA 2001:db8::4

dnsprovider      172800 NS   ns1.dnsprovider.net.
dnsprovider      172800 NS   ns2.dnsprovider.net.
ns1.dnsprovider  172800 A    127.77.11.1
ns1.dnsprovider  172800 AAAA 2001:db8:11::1
ns2.dnsprovider  172800 A    127.77.111.2
ns2.dnsprovider  172800 AAAA 2001:db8:111::2
cdnhost          172800 NS   ns1.dnsprovider.net.
cdnhost          172800 NS   ns2.dnsprovider.net.

example          172800 NS   ns1.example.net.
example          172800 NS   ns2.example.net.
example          172800 NS   ns3.example.net.
example          172800 NS   ns4.example.net.
ns1.example      172800 A    127.77.13.1
ns2.example      172800 A    127.77.13.2
ns3.example      172800 A    127.77.113.3
ns4.example      172800 A    127.77.113.4

; pureos.net uses Purism's own name servers, which live under puri.sm.
pureos           172800 NS   ns1.puri.sm.
pureos           172800 NS   ns2.puri.sm.

servicey         172800 NS   ns1.servicey.net.
servicey         172800 NS   ns2.servicey.net.
ns1.servicey     172800 A    127.77.31.1
ns2.servicey     172800 A    127.77.31.2

; rollover.net: the registrar still publishes the DS of a key the zone has already retired.
rollover         172800 NS   ns1.rollover.net.
rollover         172800 NS   ns2.rollover.net.
ns1.rollover     172800 A    127.77.14.1
ns2.rollover     172800 A    127.77.114.2

dynect           172800 NS   ns1.p16.dynect.net.
dynect           172800 NS   ns2.p16.dynect.net.
ns1.p16.dynect   172800 A    127.77.40.1
ns2.p16.dynect   172800 A    127.77.40.2
`,
};

const org: ZoneSpec = {
	signing: {algorithm: 8, nsec3: {iterations: 0, optOut: true}},
	origin: 'org.',
	text: `
$TTL 86400
@          SOA  a0.org-servers.net. noc.pir.org. 2024020100 1800 900 604800 86400
@          NS   a0.org-servers.net.
@          NS   b0.org-servers.net.
example    172800 NS   ns1.example.org.
example    172800 NS   ns2.example.org.
example    172800 NS   ns3.example.org.
ns1.example 172800 A   127.77.12.1
ns2.example 172800 A   127.77.12.2
ns3.example 172800 A   127.77.112.3
desec      172800 NS   ns1.desec.org.
desec      172800 NS   ns2.desec.org.
ns1.desec  172800 A    127.77.56.1
ns2.desec  172800 A    127.77.156.2
secondary  172800 NS   ns1.secondary.org.
secondary  172800 NS   ns2.secondary.org.
secondary  172800 NS   ns3.secondary.org.
ns1.secondary 172800 A 127.77.15.1
ns2.secondary 172800 A 127.77.115.2
ns3.secondary 172800 A 127.77.115.3
`,
};

const secondaryOrg: ZoneSpec = {
	signing: {algorithm: 13},
	origin: 'secondary.org.',
	text: `
$TTL 3600
@      SOA  ns1.secondary.org. hostmaster.secondary.org. 2024020100 ${SOA_TIMERS}
@      NS   ns1.secondary.org.
@      NS   ns2.secondary.org.
@      NS   ns3.secondary.org.
ns1    A    127.77.15.1
ns2    A    127.77.115.2
ns3    A    127.77.115.3
www    A    192.0.2.15
`,
};

const sm: ZoneSpec = {
	origin: 'sm.',
	text: `
$TTL 3600
@          SOA  dns.omniway.sm. hostmaster.telecomitalia.sm. 2018022036 43200 3600 2419200 3600
@   172800 NS   dns.omniway.sm.
@   172800 NS   dns.intelcom.sm.
dns.omniway  A  127.77.2.1
dns.intelcom A  127.77.102.2
; puri.sm was here. The registry suspended it (its registrar had not paid the registry's fees) and removed the
; delegation and its glue: NS puri.sm -> ns1.puri.sm, ns2.puri.sm, ns3.puri.sm.
`,
};

const im: ZoneSpec = {
	origin: 'im.',
	text: `
$TTL 86400
@          SOA  ns1.nic.im. hostmaster.nic.im. 2024020100 ${SOA_TIMERS}
@          NS   ns1.nic.im.
@          NS   ns2.nic.im.
ns1.nic    A    127.77.3.1
ns2.nic    A    127.77.103.2
; tox.im is hosted by "service X", whose servers are named under servicex-dns.com.
tox 172800 NS   ns1.servicex-dns.com.
tox 172800 NS   ns2.servicex-dns.com.
`,
};

const exampleCom: ZoneSpec = {
	signing: {algorithm: 13},
	origin: 'example.com.',
	text: `
$TTL 3600
@          SOA  ns1.example.com. hostmaster.example.com. 2024020100 ${SOA_TIMERS}
@          NS   ns1.example.com.
@          NS   ns2.example.com.
@          A    192.0.2.1
@          MX   10 mail.example.com.
@          TXT  "v=spf1 mx -all"
ns1        A    127.77.10.1
ns1        AAAA 2001:db8:10::1
ns2        A    127.77.110.2
ns2        AAAA 2001:db8:110::2
www        A    192.0.2.10
mail       A    192.0.2.25
ftp        CNAME www
; six.example.com is served by one server that has only an IPv6 address.
six        NS   ns6.example.com.
ns6        AAAA 2001:db8:60::1
`,
};

const sixExampleCom: ZoneSpec = {
	origin: 'six.example.com.',
	text: `
$TTL 3600
@          SOA  ns6.example.com. hostmaster.example.com. 2024020100 ${SOA_TIMERS}
@          NS   ns6.example.com.
www        AAAA 2001:db8:60::80
`,
};

const shopCom: ZoneSpec = {
	signing: {algorithm: 15},
	origin: 'shop.com.',
	text: `
$TTL 3600
@          SOA  ns1.dnsprovider.net. support.dnsprovider.net. 2024020100 ${SOA_TIMERS}
@          NS   ns1.dnsprovider.net.
@          NS   ns2.dnsprovider.net.
@          A    192.0.2.20
; the storefront is served by a CDN: its address lives in another zone, under another TLD's tree.
www        CNAME shop.cdnhost.net.
`,
};

const dnsproviderNet: ZoneSpec = {
	signing: {algorithm: 15},
	origin: 'dnsprovider.net.',
	text: `
$TTL 3600
@          SOA  ns1.dnsprovider.net. support.dnsprovider.net. 2024020100 ${SOA_TIMERS}
@          NS   ns1.dnsprovider.net.
@          NS   ns2.dnsprovider.net.
ns1        A    127.77.11.1
ns1        AAAA 2001:db8:11::1
ns2        A    127.77.111.2
ns2        AAAA 2001:db8:111::2
`,
};

const cdnhostNet: ZoneSpec = {
	signing: {algorithm: 15, nsec3: {}},
	origin: 'cdnhost.net.',
	text: `
$TTL 300
@          SOA  ns1.dnsprovider.net. support.dnsprovider.net. 2024020100 ${SOA_TIMERS}
@          NS   ns1.dnsprovider.net.
@          NS   ns2.dnsprovider.net.
shop       A    198.51.100.7
shop       AAAA 2001:db8:ffff::7
`,
};

const exampleOrgRecords = (serial: number) => `
$TTL 3600
@          SOA  ns1.example.org. hostmaster.example.org. ${serial} ${SOA_TIMERS}
@          NS   ns1.example.org.
@          NS   ns2.example.org.
@          NS   ns3.example.org.
ns1        A    127.77.12.1
ns2        A    127.77.12.2
ns3        A    127.77.112.3
www        A    192.0.2.40
; a TXT RRset larger than the 1232-byte EDNS buffer: the answer only fits over TCP.
big        TXT  "${'a'.repeat(250)}" "${'b'.repeat(250)}" "${'c'.repeat(250)}"
big        TXT  "${'d'.repeat(250)}" "${'e'.repeat(250)}" "${'f'.repeat(250)}"
`;

const exampleOrg: ZoneSpec = {origin: 'example.org.', text: exampleOrgRecords(2024020100)};

const exampleNetRecords = (serial: number, www: string) => `
$TTL 3600
@          SOA  ns1.example.net. hostmaster.example.net. ${serial} ${SOA_TIMERS}
@          NS   ns1.example.net.
@          NS   ns2.example.net.
@          NS   ns3.example.net.
@          NS   ns4.example.net.
ns1        A    127.77.13.1
ns2        A    127.77.13.2
ns3        A    127.77.113.3
ns4        A    127.77.113.4
www        A    ${www}
`;

const exampleNet: ZoneSpec = {origin: 'example.net.', text: exampleNetRecords(2024020100, '192.0.2.30')};
/** ns4.example.net stopped transferring the zone a month ago and still serves the January copy. */
const exampleNetStale: ZoneSpec = {origin: 'example.net.', text: exampleNetRecords(2024010100, '192.0.2.99')};

const puriSm: ZoneSpec = {
	origin: 'puri.sm.',
	text: `
$TTL 3600
@          SOA  ns1.puri.sm. hostmaster.puri.sm. 2018022001 ${SOA_TIMERS}
@          NS   ns1.puri.sm.
@          NS   ns2.puri.sm.
@          NS   ns3.puri.sm.
@          A    192.0.2.50
@          MX   10 mail.puri.sm.
ns1        A    127.77.20.1
ns2        A    127.77.20.2
ns3        A    127.77.20.3
www        A    192.0.2.50
shop       A    192.0.2.51
mail       A    192.0.2.52
`,
};

const pureosNet: ZoneSpec = {
	origin: 'pureos.net.',
	text: `
$TTL 3600
@          SOA  ns1.puri.sm. hostmaster.puri.sm. 2018021501 ${SOA_TIMERS}
@          NS   ns1.puri.sm.
@          NS   ns2.puri.sm.
@          A    192.0.2.60
www        A    192.0.2.60
`,
};

const toxIm: ZoneSpec = {
	origin: 'tox.im.',
	text: `
$TTL 3600
@          SOA  ns1.servicex-dns.com. admin.tox.im. 2014041201 ${SOA_TIMERS}
@          NS   ns1.servicex-dns.com.
@          NS   ns2.servicex-dns.com.
@          A    192.0.2.70
www        A    192.0.2.70
`,
};

const servicexDnsCom: ZoneSpec = {
	origin: 'servicex-dns.com.',
	text: `
$TTL 3600
@          SOA  ns1.servicey.net. hostmaster.servicex-dns.com. 2014040101 ${SOA_TIMERS}
@          NS   ns1.servicey.net.
@          NS   ns2.servicey.net.
ns1        A    127.77.30.1
ns2        A    127.77.30.2
`,
};

const serviceyNet: ZoneSpec = {
	origin: 'servicey.net.',
	text: `
$TTL 3600
@          SOA  ns1.servicey.net. hostmaster.servicey.net. 2014040101 ${SOA_TIMERS}
@          NS   ns1.servicey.net.
@          NS   ns2.servicey.net.
ns1        A    127.77.31.1
ns2        A    127.77.31.2
`,
};

const rolloverNet: ZoneSpec = {
	origin: 'rollover.net.',
	signing: {algorithm: 13, dsDigests: [], danglingDs: true},
	text: `
$TTL 3600
@          SOA  ns1.rollover.net. hostmaster.rollover.net. 2024020900 ${SOA_TIMERS}
@          NS   ns1.rollover.net.
@          NS   ns2.rollover.net.
ns1        A    127.77.14.1
ns2        A    127.77.114.2
www        A    192.0.2.140
`,
};

const dynectNet: ZoneSpec = {
	origin: 'dynect.net.',
	text: `
$TTL 3600
@          SOA  ns1.p16.dynect.net. hostmaster.dynect.net. 2016102101 ${SOA_TIMERS}
@          NS   ns1.p16.dynect.net.
@          NS   ns2.p16.dynect.net.
ns1.p16    A    127.77.40.1
ns2.p16    A    127.77.40.2
`,
};

const dynHosted = (site: string, address: string): ZoneSpec => ({
	origin: `${site}.`,
	text: `
$TTL 300
@          SOA  ns1.p16.dynect.net. hostmaster.${site}. 2016102101 ${SOA_TIMERS}
@          NS   ns1.p16.dynect.net.
@          NS   ns2.p16.dynect.net.
@          A    ${address}
www        A    ${address}
`,
});

const twitterCom = dynHosted('twitter.com', '192.0.2.81');
const githubCom = dynHosted('github.com', '192.0.2.82');
const spotifyCom = dynHosted('spotify.com', '192.0.2.83');

const tldSoa = (primary: string, serial: number) => `@ SOA ${primary} hostmaster.${primary.split('.').slice(1).join('.')} ${serial} 1800 900 604800 86400`;

/** Botswana: one server dead for weeks, one days behind and unsigned, two signed; no DS in the root. */
const bwRecords = (serial: number) => `
$TTL 86400
${tldSoa('dns1.btc.bw.', serial)}
@          NS   dns1.btc.bw.
@          NS   dns2.btc.bw.
@          NS   pch.nic.bw.
@          NS   afrinic.nic.bw.
dns1.btc   A    127.77.50.1
dns2.btc   A    127.77.50.2
pch.nic    A    127.77.150.1
afrinic.nic A   127.77.151.1
nic        A    192.0.2.101
www.nic    A    192.0.2.101
`;
const bw: ZoneSpec = {origin: 'bw.', text: bwRecords(2024020712), signing: {algorithm: 13, dsDigests: []}};

/** Pakistan's IDN ccTLD: every server unreachable for months, yet a DS in the root. */
const pakistan: ZoneSpec = {
	origin: 'xn--mgbai9azgqp6j.',
	signing: {algorithm: 13},
	text: `
$TTL 86400
${tldSoa('ns1.nic.xn--mgbai9azgqp6j.', 2023110101)}
@          NS   ns1.nic.xn--mgbai9azgqp6j.
@          NS   ns2.nic.xn--mgbai9azgqp6j.
@          NS   ns3.nic.xn--mgbai9azgqp6j.
ns1.nic    A    127.77.51.1
ns2.nic    A    127.77.51.2
ns3.nic    A    127.77.61.3
nic        A    192.0.2.102
`,
};

/** Egypt's IDN ccTLD: a lame PCH server, expired signatures on the operator's copies of the NS addresses, SHA-1 and SHA-256 DS. */
const egypt: ZoneSpec = {
	origin: 'xn--wgbh1c.',
	signing: {algorithm: 8, dsDigests: [1, 2]},
	text: `
$TTL 86400
${tldSoa('ns1.nic.xn--wgbh1c.', 1707300000)}
@          NS   ns1.nic.xn--wgbh1c.
@          NS   ns2.nic.xn--wgbh1c.
@          NS   ns3.nic.xn--wgbh1c.
@          NS   ns4.pch.xn--wgbh1c.
ns1.nic    A    127.77.52.1
ns2.nic    A    127.77.52.2
ns3.nic    A    127.77.52.3
ns4.pch    A    127.77.150.2
nic        A    192.0.2.103
`,
};

/** A gTLD whose two PCH servers stopped serving it months ago. */
const creditunion: ZoneSpec = {
	origin: 'creditunion.',
	signing: {algorithm: 13},
	text: `
$TTL 86400
${tldSoa('a.nic.creditunion.', 2024020301)}
@          NS   a.nic.creditunion.
@          NS   b.nic.creditunion.
@          NS   c.pch.creditunion.
@          NS   d.pch.creditunion.
a.nic      A    127.77.53.1
b.nic      A    127.77.53.2
c.pch      A    127.77.150.3
d.pch      A    127.77.150.4
nic        A    192.0.2.104
`,
};

/** Lesotho: the operator serves an unsigned zone; PCH signs it inline (a serial a few minutes on); no DS. */
const lsRecords = (serial: number) => `
$TTL 86400
${tldSoa('ns1.nic.ls.', serial)}
@          NS   ns1.nic.ls.
@          NS   ns2.nic.ls.
@          NS   pch.nic.ls.
@          NS   afrinic.nic.ls.
ns1.nic    A    127.77.54.1
ns2.nic    A    127.77.54.2
pch.nic    A    127.77.150.5
afrinic.nic A   127.77.151.2
nic        A    192.0.2.105
`;
const LS_SERIAL = 1707301200;
const ls: ZoneSpec = {origin: 'ls.', text: lsRecords(LS_SERIAL), signing: {algorithm: 13, dsDigests: []}};

/** Chad: four providers; PCH signs, Afrinic does not, and the Gransy servers' names were never created. */
const td: ZoneSpec = {
	origin: 'td.',
	signing: {algorithm: 13, dsDigests: []},
	text: `
$TTL 86400
${tldSoa('pch.ns.td.', 2024020500)}
@          NS   pch.ns.td.
@          NS   ns-td.afrinic.net.
@          NS   gransy1.ns.td.
@          NS   gransy2.ns.td.
; ns.td. is hosted at deSEC, where the server names live.
ns         NS   ns1.desec.org.
ns         NS   ns2.desec.org.
nic        A    192.0.2.106
`,
};

const nsTd: ZoneSpec = {
	origin: 'ns.td.',
	text: `
$TTL 3600
@          SOA  ns1.desec.org. support.desec.org. 2024010100 ${SOA_TIMERS}
@          NS   ns1.desec.org.
@          NS   ns2.desec.org.
pch        A    127.77.150.6
; gransy1 and gransy2 were removed, or never created.
`,
};

const desecOrg: ZoneSpec = {
	origin: 'desec.org.',
	signing: {algorithm: 13},
	text: `
$TTL 3600
@          SOA  ns1.desec.org. support.desec.org. 2024020100 ${SOA_TIMERS}
@          NS   ns1.desec.org.
@          NS   ns2.desec.org.
ns1        A    127.77.56.1
ns2        A    127.77.156.2
`,
};

/*
 * Co-hosting: a server of the parent that also serves the child answers questions about the child from the child's
 * data (an authoritative answer below the cut), not with a referral. Normal, and no fault of anyone's.
 */

/** The Gambia-like TLD: signed, with a DS in the root; its two servers also serve the registry's own nic.gm, unsigned. */
const gm: ZoneSpec = {
	origin: 'gm.',
	signing: {algorithm: 13},
	text: `
$TTL 86400
${tldSoa('ns1.dns.gm.', 2024021000)}
@          NS   ns1.dns.gm.
@          NS   ns2.dns.gm.
ns1.dns    A    127.77.57.1
ns2.dns    A    127.77.157.2
; the registry's own domain, on the TLD's servers, not signed: no DS.
nic        NS   ns1.dns.gm.
nic        NS   ns2.dns.gm.
; a shop on a hosting provider, which serves both the shop's domain and the storefront it delegates.
market     NS   ns1.hostco.gm.
market     NS   ns2.hostco.gm.
ns1.hostco A    127.77.58.1
ns2.hostco A    127.77.158.2
`,
};

const nicGm: ZoneSpec = {
	origin: 'nic.gm.',
	text: `
$TTL 3600
@          SOA  ns1.dns.gm. hostmaster.nic.gm. 2024021000 ${SOA_TIMERS}
@          NS   ns1.dns.gm.
@          NS   ns2.dns.gm.
@          A    192.0.2.107
www        A    192.0.2.107
`,
};

const marketGm: ZoneSpec = {
	origin: 'market.gm.',
	text: `
$TTL 3600
@          SOA  ns1.hostco.gm. support.hostco.gm. 2024021000 ${SOA_TIMERS}
@          NS   ns1.hostco.gm.
@          NS   ns2.hostco.gm.
@          A    192.0.2.150
shop       NS   ns1.hostco.gm.
shop       NS   ns2.hostco.gm.
`,
};

const shopMarketGm: ZoneSpec = {
	origin: 'shop.market.gm.',
	text: `
$TTL 3600
@          SOA  ns1.hostco.gm. support.hostco.gm. 2024021001 ${SOA_TIMERS}
@          NS   ns1.hostco.gm.
@          NS   ns2.hostco.gm.
@          A    192.0.2.151
www        A    192.0.2.151
`,
};

/** The Malawi-like TLD: signed, DS in the root; two of its three servers also serve nic.mw, the anycast one does not. */
const mw: ZoneSpec = {
	origin: 'mw.',
	signing: {algorithm: 13},
	text: `
$TTL 86400
${tldSoa('ns1.dns.mw.', 2024021100)}
@          NS   ns1.dns.mw.
@          NS   ns2.dns.mw.
@          NS   pch.dns.mw.
ns1.dns    A    127.77.59.1
ns2.dns    A    127.77.159.2
pch.dns    A    127.77.150.7
nic        NS   ns1.dns.mw.
nic        NS   ns2.dns.mw.
`,
};

const nicMw: ZoneSpec = {
	origin: 'nic.mw.',
	text: `
$TTL 3600
@          SOA  ns1.dns.mw. hostmaster.nic.mw. 2024021100 ${SOA_TIMERS}
@          NS   ns1.dns.mw.
@          NS   ns2.dns.mw.
@          A    192.0.2.108
www        A    192.0.2.108
`,
};

const servers: ServerSpec[] = [
	...['a', 'b', 'c', 'd'].map((letter, index): ServerSpec => ({
		name: `${letter}.root-servers.net.`,
		ipv4: `127.77.0.${index + 1}`,
		ipv6: `2001:db8::${index + 1}`,
		latencyMs: [12, 31, 18, 24][index],
		zones: [{zone: '.'}],
	})),
	{name: 'a.gtld-servers.net.', ipv4: '127.77.1.1', ipv6: '2001:db8:1::1', latencyMs: 22, zones: [{zone: 'com.'}, {zone: 'net.'}]},
	{name: 'b.gtld-servers.net.', ipv4: '127.77.101.2', ipv6: '2001:db8:101::2', latencyMs: 35, zones: [{zone: 'com.'}, {zone: 'net.'}]},
	{name: 'a0.org-servers.net.', ipv4: '127.77.1.3', latencyMs: 28, zones: [{zone: 'org.'}]},
	{name: 'b0.org-servers.net.', ipv4: '127.77.101.4', latencyMs: 41, zones: [{zone: 'org.'}]},
	// San Marino's registry: far away, as in Purism's dig +trace (187 ms from dns.omniway.sm).
	{name: 'dns.omniway.sm.', ipv4: '127.77.2.1', latencyMs: 187, zones: [{zone: 'sm.'}]},
	{name: 'dns.intelcom.sm.', ipv4: '127.77.102.2', latencyMs: 194, zones: [{zone: 'sm.'}]},
	{name: 'ns1.nic.im.', ipv4: '127.77.3.1', latencyMs: 64, zones: [{zone: 'im.'}]},
	{name: 'ns2.nic.im.', ipv4: '127.77.103.2', latencyMs: 71, zones: [{zone: 'im.'}]},

	{name: 'ns1.example.com.', ipv4: '127.77.10.1', ipv6: '2001:db8:10::1', latencyMs: 15, zones: [{zone: 'example.com.'}]},
	{name: 'ns2.example.com.', ipv4: '127.77.110.2', ipv6: '2001:db8:110::2', latencyMs: 19, zones: [{zone: 'example.com.'}]},
	{
		name: 'ns1.dnsprovider.net.',
		ipv4: '127.77.11.1',
		ipv6: '2001:db8:11::1',
		latencyMs: 9,
		zones: [{zone: 'dnsprovider.net.'}, {zone: 'shop.com.'}, {zone: 'cdnhost.net.'}],
	},
	{
		name: 'ns2.dnsprovider.net.',
		ipv4: '127.77.111.2',
		ipv6: '2001:db8:111::2',
		latencyMs: 13,
		zones: [{zone: 'dnsprovider.net.'}, {zone: 'shop.com.'}, {zone: 'cdnhost.net.'}],
	},
	{name: 'ns1.example.org.', ipv4: '127.77.12.1', latencyMs: 26, zones: [{zone: 'example.org.'}]},
	{name: 'ns2.example.org.', ipv4: '127.77.12.2', latencyMs: 30, truncateUdp: true, zones: [{zone: 'example.org.'}]},
	{name: 'ns3.example.org.', ipv4: '127.77.112.3', latencyMs: 30, down: true, zones: [{zone: 'example.org.'}]},
	{name: 'ns1.example.net.', ipv4: '127.77.13.1', latencyMs: 21, zones: [{zone: 'example.net.'}]},
	{name: 'ns2.example.net.', ipv4: '127.77.13.2', latencyMs: 23, zones: [{zone: 'example.net.', mode: 'refuse'}]},
	{name: 'ns3.example.net.', ipv4: '127.77.113.3', latencyMs: 25, zones: [{zone: 'example.net.', mode: 'upward-referral'}]},
	{name: 'ns4.example.net.', ipv4: '127.77.113.4', latencyMs: 27, zones: [{zone: 'example.net.', copy: exampleNetStale}]},

	// Purism's own servers: up and serving, but unreachable by name once .sm dropped the delegation.
	...[1, 2, 3].map((n): ServerSpec => ({
		name: `ns${n}.puri.sm.`,
		ipv4: `127.77.20.${n}`,
		latencyMs: 95 + n * 4,
		zones: n === 3 ? [{zone: 'puri.sm.'}] : [{zone: 'puri.sm.'}, {zone: 'pureos.net.'}],
	})),
	// Service X: hosts tox.im and answers fine, but its names live under servicex-dns.com.
	{name: 'ns1.servicex-dns.com.', ipv4: '127.77.30.1', latencyMs: 48, zones: [{zone: 'tox.im.'}]},
	{name: 'ns2.servicex-dns.com.', ipv4: '127.77.30.2', latencyMs: 52, zones: [{zone: 'tox.im.'}]},
	// Service Y: hosts servicex-dns.com and its own domain, and is down under a DDoS.
	{name: 'ns1.servicey.net.', ipv4: '127.77.31.1', down: true, zones: [{zone: 'servicey.net.'}, {zone: 'servicex-dns.com.'}]},
	{name: 'ns2.servicey.net.', ipv4: '127.77.31.2', down: true, zones: [{zone: 'servicey.net.'}, {zone: 'servicex-dns.com.'}]},
	{name: 'ns1.rollover.net.', ipv4: '127.77.14.1', latencyMs: 31, zones: [{zone: 'rollover.net.'}]},
	{name: 'ns2.rollover.net.', ipv4: '127.77.114.2', latencyMs: 36, zones: [{zone: 'rollover.net.'}]},
	{name: 'ns6.example.com.', ipv6: '2001:db8:60::1', latencyMs: 17, zones: [{zone: 'six.example.com.'}]},

	{name: 'dns1.btc.bw.', ipv4: '127.77.50.1', down: true, zones: [{zone: 'bw.'}]},
	{name: 'dns2.btc.bw.', ipv4: '127.77.50.2', latencyMs: 170, zones: [{zone: 'bw.', unsigned: true, copy: {origin: 'bw.', text: bwRecords(2024020312)}}]},
	{name: 'pch.nic.bw.', ipv4: '127.77.150.1', latencyMs: 24, zones: [{zone: 'bw.'}]},
	{name: 'afrinic.nic.bw.', ipv4: '127.77.151.1', latencyMs: 160, zones: [{zone: 'bw.'}]},
	// Two networks, as the write-up found; all unreachable.
	...[1, 2, 3].map((n): ServerSpec => ({name: `ns${n}.nic.xn--mgbai9azgqp6j.`, ipv4: n === 3 ? '127.77.61.3' : `127.77.51.${n}`, down: true, zones: [{zone: 'xn--mgbai9azgqp6j.'}]})),
	...[1, 2, 3].map(
		(n): ServerSpec => ({
			name: `ns${n}.nic.xn--wgbh1c.`,
			ipv4: `127.77.52.${n}`,
			latencyMs: 80 + n * 5,
			zones: [{zone: 'xn--wgbh1c.', expiredSignaturesAt: ['ns1.nic.xn--wgbh1c.', 'ns2.nic.xn--wgbh1c.', 'ns3.nic.xn--wgbh1c.', 'ns4.pch.xn--wgbh1c.']}],
		}),
	),
	{name: 'ns4.pch.xn--wgbh1c.', ipv4: '127.77.150.2', latencyMs: 20, zones: [{zone: 'xn--wgbh1c.', mode: 'refuse'}]},
	{name: 'a.nic.creditunion.', ipv4: '127.77.53.1', latencyMs: 33, zones: [{zone: 'creditunion.'}]},
	{name: 'b.nic.creditunion.', ipv4: '127.77.53.2', latencyMs: 38, zones: [{zone: 'creditunion.'}]},
	{name: 'c.pch.creditunion.', ipv4: '127.77.150.3', latencyMs: 21, zones: [{zone: 'creditunion.', mode: 'refuse'}]},
	{name: 'd.pch.creditunion.', ipv4: '127.77.150.4', latencyMs: 26, zones: [{zone: 'creditunion.', mode: 'no-authority'}]},
	{name: 'ns1.nic.ls.', ipv4: '127.77.54.1', latencyMs: 150, zones: [{zone: 'ls.', unsigned: true}]},
	{name: 'ns2.nic.ls.', ipv4: '127.77.54.2', latencyMs: 155, zones: [{zone: 'ls.', unsigned: true}]},
	{name: 'pch.nic.ls.', ipv4: '127.77.150.5', latencyMs: 22, zones: [{zone: 'ls.', copy: {origin: 'ls.', text: lsRecords(LS_SERIAL + 300)}}]},
	{name: 'afrinic.nic.ls.', ipv4: '127.77.151.2', latencyMs: 140, zones: [{zone: 'ls.', unsigned: true}]},
	{name: 'pch.ns.td.', ipv4: '127.77.150.6', latencyMs: 25, zones: [{zone: 'td.'}]},
	{name: 'ns-td.afrinic.net.', ipv4: '127.77.151.3', latencyMs: 150, zones: [{zone: 'td.', unsigned: true}]},
	{name: 'ns1.desec.org.', ipv4: '127.77.56.1', latencyMs: 18, zones: [{zone: 'desec.org.'}, {zone: 'ns.td.'}]},
	{name: 'ns2.desec.org.', ipv4: '127.77.156.2', latencyMs: 22, zones: [{zone: 'desec.org.'}, {zone: 'ns.td.'}]},

	// A signed zone whose third server kept a copy its signer no longer refreshes: the others re-sign.
	{name: 'ns1.secondary.org.', ipv4: '127.77.15.1', latencyMs: 30, zones: [{zone: 'secondary.org.'}]},
	{name: 'ns2.secondary.org.', ipv4: '127.77.115.2', latencyMs: 34, zones: [{zone: 'secondary.org.'}]},
	{name: 'ns3.secondary.org.', ipv4: '127.77.115.3', latencyMs: 12, zones: [{zone: 'secondary.org.', expiredSignaturesAt: ['secondary.org.', 'www.secondary.org.']}]},
	// Co-hosting: the parent's servers serve the child too (all of them for gm. and market.gm., two of three for mw.).
	{name: 'ns1.dns.gm.', ipv4: '127.77.57.1', latencyMs: 44, zones: [{zone: 'gm.'}, {zone: 'nic.gm.'}]},
	{name: 'ns2.dns.gm.', ipv4: '127.77.157.2', latencyMs: 58, zones: [{zone: 'gm.'}, {zone: 'nic.gm.'}]},
	{name: 'ns1.hostco.gm.', ipv4: '127.77.58.1', latencyMs: 16, zones: [{zone: 'market.gm.'}, {zone: 'shop.market.gm.'}]},
	{name: 'ns2.hostco.gm.', ipv4: '127.77.158.2', latencyMs: 20, zones: [{zone: 'market.gm.'}, {zone: 'shop.market.gm.'}]},
	{name: 'ns1.dns.mw.', ipv4: '127.77.59.1', latencyMs: 66, zones: [{zone: 'mw.'}, {zone: 'nic.mw.'}]},
	{name: 'ns2.dns.mw.', ipv4: '127.77.159.2', latencyMs: 72, zones: [{zone: 'mw.'}, {zone: 'nic.mw.'}]},
	{name: 'pch.dns.mw.', ipv4: '127.77.150.7', latencyMs: 23, zones: [{zone: 'mw.'}]},

	// One DNS provider for three big sites, drowned by an IoT botnet.
	...[1, 2].map((n): ServerSpec => ({
		name: `ns${n}.p16.dynect.net.`,
		ipv4: `127.77.40.${n}`,
		down: true,
		zones: [{zone: 'dynect.net.'}, {zone: 'twitter.com.'}, {zone: 'github.com.'}, {zone: 'spotify.com.'}],
	})),
];

/** The end of the .sm suspension: the registrar paid, and the registry put the delegation back. */
const puriSmRestored: WorldChange = {
	title: 'the registrar pays; the .sm registry restores the delegation and its glue',
	append: {'sm.': [1, 2, 3].map((n) => `puri 172800 NS ns${n}.puri.sm.`).concat([1, 2, 3].map((n) => `ns${n}.puri 172800 A 127.77.20.${n}`)).join('\n')},
};

const stories: StorySpec[] = [
	{
		name: 'www.puri.sm',
		title: 'Registry suspension',
		incident: 'puri.sm, 2018: the registrar had not paid the .sm registry, which suspended the domain and pulled its delegation and glue.',
		lookFor: 'The .sm servers answer NXDOMAIN for puri.sm while ns1-3.puri.sm still run: nobody can find them.',
		aftermath: [puriSmRestored],
	},
	{
		name: 'www.pureos.net',
		title: 'Collateral damage',
		incident: 'pureos.net listed ns1.puri.sm and ns2.puri.sm as its name servers and went dark with puri.sm.',
		lookFor: 'net. delegates pureos.net correctly, but both NS names resolve to NXDOMAIN under sm.',
		aftermath: [puriSmRestored],
	},
	{
		name: 'tox.im',
		title: 'Transitive dependency',
		incident: "tox.im, 2014: the DNS provider's name servers lived under a domain whose own DNS provider was DDoSed.",
		lookFor: "tox.im's servers answer, but their names (under servicex-dns.com) can't be resolved: servicey.net's servers time out.",
	},
	{
		name: 'www.twitter.com',
		title: 'One provider under DDoS',
		incident: 'Dyn, October 2016: an IoT botnet took down one DNS provider and with it Twitter, GitHub, Spotify and many more.',
		lookFor: 'com. delegates twitter.com, github.com and spotify.com to the same two servers; neither answers.',
		aftermath: [
			{title: 'the attack eases: ns1.p16.dynect.net answers again', servers: {'ns1.p16.dynect.net.': {down: false, latencyMs: 240}}},
			{title: 'ns2.p16.dynect.net answers again; ns1 recovers its latency', servers: {'ns1.p16.dynect.net.': {latencyMs: 30}, 'ns2.p16.dynect.net.': {down: false, latencyMs: 34}}},
		],
	},
	{
		name: 'www.nic.bw',
		title: 'A TLD left to decay',
		incident: '.bw: one server dead for weeks and still delegated, one days behind and unsigned, two signed; no DS in the root.',
		lookFor: 'dns1.btc.bw times out; dns2.btc.bw serves serial 2024020312 without DNSSEC; the other two serve 2024020712, signed.',
		aftermath: [
			{title: 'dns2.btc.bw transfers the current, signed zone', servers: {'dns2.btc.bw.': {zones: [{zone: 'bw.'}]}}},
			{title: 'dns1.btc.bw is repaired and answers again', servers: {'dns1.btc.bw.': {down: false, latencyMs: 150}}},
		],
	},
	{
		name: 'nic.پاکستان',
		title: 'An abandoned IDN ccTLD',
		incident: '.xn--mgbai9azgqp6j (Pakistan): all three servers unreachable for months, yet the root still publishes its DS.',
		lookFor: 'Every server of xn--mgbai9azgqp6j. times out; the root answers its DS.',
	},
	{
		name: 'nic.xn--wgbh1c',
		title: 'Lame server, expired signatures, SHA-1 DS',
		incident: ".xn--wgbh1c (Egypt): the PCH server no longer serves the zone, the operator's servers return NS addresses with signatures that expired in 2020, and the root has SHA-1 and SHA-256 DS.",
		lookFor: 'ns4.pch refuses; the A records of ns1-3.nic carry RRSIGs that expired in 2020; the root answers two DS digests.',
	},
	{
		name: 'nic.creditunion',
		title: 'A gTLD with lame provider servers',
		incident: '.creditunion: delegated to two PCH servers that stopped serving it months ago.',
		lookFor: 'c.pch answers REFUSED, d.pch answers without authority (no AA); a.nic and b.nic answer.',
	},
	{
		name: 'nic.ls',
		title: 'Inline signing on one provider only',
		incident: '.ls: the operator serves an unsigned zone; PCH signs its copy inline, five minutes ahead in serial; no DS.',
		lookFor: 'pch.nic.ls serves DNSKEY and RRSIGs with serial 1707301500; the other three serve 1707301200 with none.',
	},
	{
		name: 'nic.td',
		title: 'Four providers, two unresolvable',
		incident: ".td: PCH signs, Afrinic doesn't, and the Gransy servers' names (under ns.td, hosted at deSEC) were never created.",
		lookFor: 'gransy1.ns.td and gransy2.ns.td resolve to NXDOMAIN; only pch.ns.td has DNSSEC material.',
	},
	{
		name: 'www.rollover.net',
		title: 'A botched key rollover',
		incident: "The zone retired its key, but the registrar still publishes the old key's DS: validating resolvers answer SERVFAIL.",
		lookFor: "net.'s DS for rollover.net. has a key tag no DNSKEY of rollover.net. has.",
		aftermath: [{title: "the registrar replaces the retired key's DS with the current one", signing: {'rollover.net.': {dsDigests: [2], danglingDs: false}}}],
	},
	{
		name: 'www.six.example.com',
		type: 'AAAA',
		title: 'Reachable only over IPv6',
		incident: 'A zone whose only server has no IPv4 address.',
		lookFor: 'With -4 the trace fails: ns6.example.com has only an AAAA record.',
	},
	{
		name: 'www.example.com',
		title: 'Healthy',
		incident: 'A well-run domain: two name servers with glue, IPv4 and IPv6, consistent serials.',
		lookFor: 'Every server answers; the trace shows the referral chain . → com. → example.com.',
		aftermath: [
			{title: 'ns2.example.com stops answering', servers: {'ns2.example.com.': {down: true}}},
			{title: 'ns2.example.com is back', servers: {'ns2.example.com.': {down: false}}},
		],
	},
	{
		name: 'www.shop.com',
		title: 'Hosted DNS and a CDN',
		incident: "A shop on a DNS provider's servers (no glue) whose www is a CNAME into a CDN's zone.",
		lookFor: 'Sub-traces that look up ns1/ns2.dnsprovider.net, then the CNAME followed into cdnhost.net.',
	},
	{
		name: 'www.example.net',
		title: 'Broken secondaries',
		incident: 'One server refuses, one refers upward, one serves a month-old copy of the zone.',
		lookFor: 'ns4 answers www with the old address and serial 2024010100; ns2 REFUSED; ns3 refers to the root.',
		aftermath: [{title: 'ns4.example.net transfers the zone again: its serial catches up', servers: {'ns4.example.net.': {zones: [{zone: 'example.net.'}]}}}],
	},
	{
		name: 'www.secondary.org',
		title: 'Expired signatures on one server',
		incident: 'A signed zone with three servers: one of them serves a copy whose signatures expired, while the other two serve freshly signed data.',
		lookFor: "ns3.secondary.org answers first, with RRSIGs that expired in 2020 on the apex and www; validating resolvers retry ns1/ns2 and validate: secure, with ns3 at risk.",
	},
	{
		name: 'big.example.org',
		type: 'TXT',
		title: 'Needs TCP, one dead server',
		incident: 'An answer too large for UDP, a server that truncates everything over UDP, and one that never answers.',
		lookFor: 'TC=1 then TCP for the big answer; ns3.example.org times out on every question.',
	},
	{
		name: 'www.nic.gm',
		title: "The registry's own domain on the TLD's servers",
		incident: "A signed TLD whose servers also serve the registry's nic domain, unsigned (no DS): they answer for it from its own data.",
		lookFor: "gm.'s servers answer www.nic.gm with authority instead of referring; the answer is nic.gm.'s, unsigned, and nothing is wrong.",
	},
	{
		name: 'www.shop.market.gm',
		title: 'A provider hosting a domain and its child',
		incident: "A hosting provider's servers serve market.gm and the shop.market.gm it delegates: asked as market.gm's servers, they answer from the shop's zone.",
		lookFor: "market.gm.'s servers answer for www.shop.market.gm from shop.market.gm.'s zone (its own SOA); nothing is wrong.",
	},
	{
		name: 'www.nic.mw',
		title: "Only some of the parent's servers serve the child",
		incident: "Two of a signed TLD's three servers also serve nic.mw; the anycast one does not and refers to it.",
		lookFor: 'pch.dns.mw refers www.nic.mw to nic.mw.; ns1 and ns2.dns.mw answer it themselves. Both are right.',
	},
];

export const INTERNET: WorldSpec = {
	zones: [
		root,
		com,
		net,
		org,
		sm,
		im,
		exampleCom,
		shopCom,
		dnsproviderNet,
		cdnhostNet,
		exampleOrg,
		exampleNet,
		puriSm,
		pureosNet,
		toxIm,
		servicexDnsCom,
		serviceyNet,
		dynectNet,
		twitterCom,
		githubCom,
		spotifyCom,
		sixExampleCom,
		rolloverNet,
		bw,
		pakistan,
		egypt,
		creditunion,
		ls,
		td,
		nsTd,
		desecOrg,
		secondaryOrg,
		gm,
		nicGm,
		marketGm,
		shopMarketGm,
		mw,
		nicMw,
	],
	servers,
	roots: ['a.root-servers.net.', 'b.root-servers.net.', 'c.root-servers.net.', 'd.root-servers.net.'],
	stories,
};
