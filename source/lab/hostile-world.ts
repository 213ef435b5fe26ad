import type {HostileMode} from './hostile.js';
import {variantFamilies} from './hostile-variants.js';
import type {ServerSpec, StorySpec, WorldSpec, ZoneSpec} from './world.js';

/*
 * The hostile lab: a signed TLD, evil., whose zones are each attacked in one way (hostile-variants.ts adds two
 * generated families of them). Where a server misbehaves at the packet level, the zone's other server is honest,
 * so the walk must carry on past the bad one. Addresses start at 127.77.180.1 and count up, 250 to a /24 (the
 * fan-out alone takes a thousand), so they never meet the main lab's.
 */

const SOA = '7200 3600 1209600 3600';
const zones: ZoneSpec[] = [];
const servers: ServerSpec[] = [];
const delegations: string[] = [];
const stories: StorySpec[] = [];
let next = 1;

function address(): string {
	const n = next++;
	return `127.77.${180 + Math.floor(n / 250)}.${n % 250}`;
}

/** A zone under evil. with two servers; the first may be hostile, the second is honest. */
function packetStory(label: string, mode: HostileMode, title: string, lookFor: string) {
	const origin = `${label}.evil.`;
	const [first, second] = [address(), address()];
	zones.push({origin, text: `$TTL 3600\n@ SOA ns1.${origin} hostmaster.${origin} 1 ${SOA}\n@ NS ns1.${origin}\n@ NS ns2.${origin}\nns1 A ${first}\nns2 A ${second}\nwww A 192.0.2.1`});
	servers.push({name: `ns1.${origin}`, ipv4: first, hostile: mode, zones: [{zone: origin}]}, {name: `ns2.${origin}`, ipv4: second, zones: [{zone: origin}]});
	delegations.push(`${label} NS ns1.${origin}\n${label} NS ns2.${origin}\nns1.${label} A ${first}\nns2.${label} A ${second}`);
	stories.push({name: `www.${origin}`, title, incident: `ns1.${origin} answers with ${title.toLowerCase()}; ns2 is honest.`, lookFor});
}

packetStory('truncated', 'truncated-header', 'A truncated header', 'MALFORMED_RESPONSE for ns1; the answer comes from ns2.');
packetStory('pointer', 'pointer-loop', 'A compression-pointer loop', 'MALFORMED_RESPONSE for ns1; the decoder refuses the pointer.');
packetStory('counts', 'lying-counts', 'Counts that lie', 'MALFORMED_RESPONSE for ns1: the header promises fifty records.');
packetStory('label', 'long-label', 'A label over 63 bytes', 'MALFORMED_RESPONSE for ns1.');
packetStory('longname', 'long-name', 'A name over 255 bytes', 'MALFORMED_RESPONSE for ns1.');
packetStory('rdata', 'garbage-rdata', 'Garbage RDATA', 'MALFORMED_RESPONSE for ns1: the RDATA runs past the end.');
packetStory('spoof', 'spoof', 'Forged replies before the real one', 'Every probe of ns1 counts three ignored replies, and still gets its answer.');

// A 64 KB answer, only over TCP.
{
	const origin = 'big.evil.';
	const host = address();
	const records = Array.from({length: 230}, (_, index) => `big TXT "${String(index).padStart(3, '0')}${'x'.repeat(247)}"`).join('\n');
	zones.push({origin, text: `$TTL 3600\n@ SOA ns1.${origin} hostmaster.${origin} 1 ${SOA}\n@ NS ns1.${origin}\nns1 A ${host}\n${records}`});
	servers.push({name: `ns1.${origin}`, ipv4: host, zones: [{zone: origin}]});
	delegations.push(`big NS ns1.${origin}\nns1.big A ${host}`);
	stories.push({name: 'big.big.evil', type: 'TXT', title: 'A 64 KB answer', incident: 'An RRset of 230 TXT records, about 63 KB: truncated over UDP, whole over TCP.', lookFor: 'TC=1, then one TCP answer of about 64 KB, decoded.'});
}

// NXNSAttack: hundreds of glueless NS names, each of which a resolver would look up.
{
	const origin = 'nxns.evil.';
	const ns = Array.from({length: 300}, (_, index) => `nxns NS ns${index}.victim${index}.evil.`).join('\n');
	delegations.push(ns);
	zones.push({origin, text: `$TTL 3600\n@ SOA ns0.victim0.evil. hostmaster.${origin} 1 ${SOA}\n@ NS ns0.victim0.evil.\nwww A 192.0.2.1`});
	stories.push({name: 'www.nxns.evil', title: 'NXNSAttack', incident: 'A referral to 300 glueless name servers, none of which exists.', lookFor: 'LIMIT_REACHED: only the first 20 NS names are followed; the query count stays small.'});
}

// A referral fan-out: 20 NS names with 50 hosts each, every host with an IPv4 and an IPv6 address, all glued.
{
	const origin = 'fanout.evil.';
	let v6 = 0;
	const hosts = Array.from({length: 20}, (_, index) => ({
		name: `ns${index}.${origin}`,
		addresses: Array.from({length: 50}, () => ({ipv4: address(), ipv6: `2001:db8:77::${(++v6).toString(16)}`})),
	}));
	const nsRecords = hosts.map(({name}) => `@ NS ${name}`).join('\n');
	const addressRecords = hosts.flatMap(({name, addresses}) => addresses.flatMap(({ipv4, ipv6}) => [`${name} A ${ipv4}`, `${name} AAAA ${ipv6}`])).join('\n');
	zones.push({origin, text: `$TTL 3600\n@ SOA ${hosts[0]!.name} hostmaster.${origin} 1 ${SOA}\n${nsRecords}\n${addressRecords}\nwww A 192.0.2.1`});
	servers.push(...hosts.flatMap(({name, addresses}) => addresses.map((host): ServerSpec => ({name, ...host, zones: [{zone: origin}]}))));
	delegations.push(`${nsRecords.replaceAll('@', 'fanout')}\n${addressRecords}`);
	stories.push({
		name: `www.${origin}`,
		title: 'A referral fan-out',
		incident: 'A referral to 20 name servers of 50 hosts each, every host on IPv4 and IPv6: two thousand addresses to ask everything.',
		lookFor: 'LIMIT_REACHED: only the first addresses of each name server are asked; the rest are counted, not probed.',
	});
}

// Referrals that point back up instead of down.
{
	const origin = 'upward.evil.';
	const [first, second] = [address(), address()];
	zones.push({origin, text: `$TTL 3600\n@ SOA ns1.${origin} hostmaster.${origin} 1 ${SOA}\n@ NS ns1.${origin}\n@ NS ns2.${origin}\nns1 A ${first}\nns2 A ${second}\nwww A 192.0.2.1`});
	servers.push({name: `ns1.${origin}`, ipv4: first, zones: [{zone: origin, mode: 'upward-referral'}]}, {name: `ns2.${origin}`, ipv4: second, zones: [{zone: origin, mode: 'upward-referral'}]});
	delegations.push(`upward NS ns1.${origin}\nupward NS ns2.${origin}\nns1.upward A ${first}\nns2.upward A ${second}`);
	stories.push({name: 'www.upward.evil', title: 'Referral loop', incident: 'Both servers refer every question back to the root.', lookFor: 'UPWARD_REFERRAL; the walk never goes back up, so it cannot loop.'});
}

// A CNAME chain longer than any resolver follows.
{
	const origin = 'chain.evil.';
	const host = address();
	const links = Array.from({length: 15}, (_, index) => `c${index} CNAME c${index + 1}`).join('\n');
	zones.push({origin, text: `$TTL 3600\n@ SOA ns1.${origin} hostmaster.${origin} 1 ${SOA}\n@ NS ns1.${origin}\nns1 A ${host}\n${links}\nc15 A 192.0.2.1`});
	servers.push({name: `ns1.${origin}`, ipv4: host, zones: [{zone: origin}]});
	delegations.push(`chain NS ns1.${origin}\nns1.chain A ${host}`);
	stories.push({name: 'c0.chain.evil', title: 'A CNAME chain of 15', incident: 'Fifteen aliases in a row, each to the next.', lookFor: 'LIMIT_REACHED (cname-chain, 11).'});
}

// A zone cut chain 100 deep: every label is its own zone with its own server, glue at each parent.
{
	const depth = 100;
	const all = ['deep.evil.', ...Array.from({length: depth}, (_, index) => `${'a.'.repeat(index + 1)}deep.evil.`)];
	const hosts = all.map(() => address());
	all.forEach((origin, index) => {
		const child = all[index + 1];
		const delegation = child ? `${child} NS ns.${child}\nns.${child} A ${hosts[index + 1]}\n` : 'www A 192.0.2.1\n';
		zones.push({origin, text: `$TTL 3600\n@ SOA ns.${origin} hostmaster.deep.evil. 1 ${SOA}\n@ NS ns.${origin}\nns A ${hosts[index]}\n${delegation}`});
		servers.push({name: `ns.${origin}`, ipv4: hosts[index]!, zones: [{zone: origin}]});
	});
	delegations.push(`deep NS ns.deep.evil.\nns.deep A ${hosts[0]}`);
	stories.push({name: `www.${all.at(-1)}`, title: 'A zone cut chain 100 deep', incident: 'One hundred nested delegations, one per label, each to its own server.', lookFor: 'LIMIT_REACHED (zone-cuts, 32) with a bounded number of queries.'});
}

// KeyTrap: dozens of DNSKEYs sharing the ZSK's key tag, and dozens of signatures claiming it.
{
	const origin = 'keytrap.evil.';
	const [first, second] = [address(), address()];
	zones.push({origin, signing: {algorithm: 13, collidingKeys: 40}, text: `$TTL 3600\n@ SOA ns1.${origin} hostmaster.${origin} 1 ${SOA}\n@ NS ns1.${origin}\n@ NS ns2.${origin}\nns1 A ${first}\nns2 A ${second}\nwww A 192.0.2.1`});
	servers.push(
		{name: `ns1.${origin}`, ipv4: first, zones: [{zone: origin, forgedSignaturesAt: ['www.keytrap.evil.']}]},
		{name: `ns2.${origin}`, ipv4: second, zones: [{zone: origin, forgedSignaturesAt: ['www.keytrap.evil.']}]},
	);
	delegations.push(`keytrap NS ns1.${origin}\nkeytrap NS ns2.${origin}\nns1.keytrap A ${first}\nns2.keytrap A ${second}`);
	stories.push({name: 'www.keytrap.evil', title: 'KeyTrap', incident: '42 DNSKEYs, 41 of them sharing one key tag, and 65 signatures over one RRset (CVE-2023-50387).', lookFor: 'VALIDATION_LIMIT, reached in milliseconds.'});
}

// Terminal attacks in names and record data.
{
	const origin = 'tty.evil.';
	const host = address();
	const osc = (body: string) => `\\027]${body}\\007`;
	zones.push({
		origin,
		text: [
			`$TTL 3600`,
			`@ SOA ns1.${origin} hostmaster.${origin} 1 ${SOA}`,
			`@ NS ns1.${origin}`,
			`ns1 A ${host}`,
			`www TXT "${osc('0;pwned title')}" "${osc('52;c;ZXZpbCBjbGlwYm9hcmQ=')}" "\\027[2J\\027[H cleared" "bell\\007 and C1 \u009b31m" "bidi \u202eevil\u202c zero\u200bwidth \u2066isolate\u2069"`,
			// In a master file ';' starts a comment, so the OSC's separator is written \059.
			`osc\\027]0\\059owned\\007 TXT "an owner name with an OSC sequence"`,
			`www2 CNAME \\027[31mred.${origin}`,
			`\\027[31mred A 192.0.2.66`,
		].join('\n'),
	});
	servers.push({name: `ns1.${origin}`, ipv4: host, zones: [{zone: origin}]});
	delegations.push(`tty NS ns1.${origin}\nns1.tty A ${host}`);
	stories.push({name: 'www.tty.evil', type: 'TXT', title: 'Terminal escapes in DNS data', incident: 'TXT records with OSC title and clipboard (52) sequences, a screen clear, BEL, C1, bidi overrides and zero-width characters.', lookFor: 'Every one of them shown escaped, as dig shows their bytes (\\027, \\226\\128\\174); none reaches the terminal.'});
}

packetStory('shorta', 'short-a', 'An A record of two bytes', 'MALFORMED_RESPONSE for ns1: RDLENGTH 2 where an A record is 4; the answer is ns2\'s 192.0.2.1.');
packetStory('smuggle', 'smuggled-record', 'A record smuggled inside another', 'MALFORMED_RESPONSE for ns1: the A record\'s RDLENGTH hides www.bank.example., which never reaches the answer.');
packetStory('shortns', 'short-ns-referral', 'A referral whose NS name overruns its RDATA', 'MALFORMED_RESPONSE for ns1; its referral to ns.attacker.evil. is never followed.');
packetStory('twoopt', 'two-opts', 'Two OPT records', 'MALFORMED_RESPONSE for ns1: RFC 6891 allows one OPT record.');
packetStory('ednsver', 'edns-version', 'EDNS version 1 in reply to version 0', 'MALFORMED_RESPONSE for ns1: RFC 6891 6.1.3, a responder answers a version 0 query with version 0.');
packetStory('ttltop', 'ttl-top-bit', 'TTLs with the top bit set', 'Not malformed: ns1\'s answer is used, every TTL read as 0 (RFC 2181 8).');

// Forged records beyond the zone, name servers at impossible addresses, labels that must be escaped: generated.
const families = variantFamilies(address);
zones.push(...families.zones);
servers.push(...families.servers);
delegations.push(...families.delegations);
stories.push(...families.stories);
// Last, so the addresses above stay where tests and snapshots have them.
// Two aliases for one name, as a provider's database or API can let in (a zone file could not be loaded so); ns2 has one.
{
	const origin = 'twocname.evil.';
	const [first, second] = [address(), address()];
	const text = (aliases: string) => `$TTL 3600\n@ SOA ns1.${origin} hostmaster.${origin} 1 ${SOA}\n@ NS ns1.${origin}\n@ NS ns2.${origin}\nns1 A ${first}\nns2 A ${second}\n${aliases}\nblue A 192.0.2.21\ngreen A 192.0.2.22`;
	zones.push({origin, text: text('www CNAME blue\nwww CNAME green')});
	servers.push({name: `ns1.${origin}`, ipv4: first, zones: [{zone: origin}]}, {name: `ns2.${origin}`, ipv4: second, zones: [{zone: origin, copy: {origin, text: text('www CNAME blue')}}]});
	delegations.push(`twocname NS ns1.${origin}\ntwocname NS ns2.${origin}\nns1.twocname A ${first}\nns2.twocname A ${second}`);
	stories.push({name: 'www.twocname.evil', title: 'Two aliases for one name', incident: 'ns1 sends two CNAME records for www, to blue and to green; ns2 sends one.', lookFor: 'CNAME_MULTIPLE (a warning: ns2 is left for BIND to ask); the walk follows the first alias, as Unbound does.'});
}
packetStory('tcptc', 'truncated-over-tcp', 'TC=1 over TCP', 'MALFORMED_RESPONSE for ns1: an empty reply that says TC=1 over TCP too is cut short, not NODATA; the answer comes from ns2.');
export const HOSTILE_VARIANTS = families.variants;
export const HOSTILE_ESCAPED_LABELS = families.escaped;

const evil: ZoneSpec = {
	origin: 'evil.',
	signing: {algorithm: 13},
	text: `$TTL 86400\n@ SOA a.nic.evil. hostmaster.nic.evil. 1 1800 900 604800 86400\n@ NS a.nic.evil.\na.nic A 127.77.179.2\n${delegations.join('\n')}`,
};

const root: ZoneSpec = {
	origin: '.',
	signing: {algorithm: 13},
	text: '$TTL 86400\n@ SOA a.root.evil-lab. h.evil-lab. 1 1800 900 604800 86400\n@ NS a.root.evil-lab.\na.root.evil-lab. A 127.77.179.1\nevil. NS a.nic.evil.\na.nic.evil. A 127.77.179.2',
};

export const HOSTILE: WorldSpec = {
	roots: ['a.root.evil-lab.'],
	stories,
	servers: [{name: 'a.root.evil-lab.', ipv4: '127.77.179.1', zones: [{zone: '.'}]}, {name: 'a.nic.evil.', ipv4: '127.77.179.2', zones: [{zone: 'evil.'}]}, ...servers],
	zones: [root, evil, ...zones],
};
