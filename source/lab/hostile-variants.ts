import type {ServerSpec, StorySpec, ZoneSpec} from './world.js';

/*
 * Generated families of the hostile lab, many variants each, so a rule is held by more than one example:
 * servers that send records outside their zone (answers for other names, the rest of a CNAME chain once it has
 * left the zone, NS records poisoning a TLD, glue for names the referral does not list), and name servers given
 * addresses no server can have (in the parent's glue, in the zone's own records, in the zone that holds the name).
 * A third family puts labels holding bytes a name's text must escape into owner names, CNAME and NS targets and
 * forged glue. Every variant says what the walk must end with and what it must never use, for test/hostile/.
 */

/** One generated variant: what to trace, what the walk must end with, and what it must never use. */
export interface HostileVariant {
	family: 'out-of-bailiwick' | 'unusable-address';
	title: string;
	name: string;
	type: string;
	/** The true answer: the addresses the trace must end with. */
	answer: string[];
	/** The finding that must report it, the zone it is reported in, a server it names, and a word of its message. */
	finding: {code: 'OUT_OF_BAILIWICK_DATA' | 'ADDRESS_UNUSABLE'; zone: string; server: string; mentions: string};
	/** Addresses the walk must never ask, and the answer must never hold. */
	forgedAddresses: string[];
	/** Names the walk must never take as a name server, nor open as a zone. */
	forgedNames: string[];
}

/**
 * One generated variant with a label that holds a byte a name's text must escape (a dot, a backslash, a quote, a
 * space, \000, bytes that are not UTF-8, a master file's specials): names as dig prints them.
 */
export interface EscapedLabelVariant {
	title: string;
	/** What is traced, as a person types it and dig prints it. */
	name: string;
	/** The true answer: the addresses the trace must end with. */
	answer: string[];
	/** The name with the escaped label that the trace carries, exactly as every view must show it. */
	shows: string;
	/** A forged name whose first label holds a dot: it must not be taken as below `zone` (read naively, it is). */
	notBelow?: {name: string; zone: string};
	/** Addresses the walk must never ask. */
	forgedAddresses: string[];
}

export interface VariantFamilies {
	zones: ZoneSpec[];
	servers: ServerSpec[];
	/** Text for the TLD (evil.): delegations, glue, and the names the variants alias to. */
	delegations: string[];
	stories: StorySpec[];
	variants: HostileVariant[];
	escaped: EscapedLabelVariant[];
}

const SOA = '7200 3600 1209600 3600';
/** What forged address records say: an address the attacker controls. */
const FORGED = '198.51.100.66';
/** A lab server that would answer with poison, were it ever asked. */
const ATTACKER = '127.77.199.66';
const ATTACKER_NS = 'ns.attacker.example.';

interface Forgery {
	label: string;
	title: string;
	/** The zone's records after its SOA, NS and ns1 (relative names); `{zone}` stands for the zone's name. */
	body: string;
	/** What is traced, relative to the zone. */
	question: string;
	answer: string;
	/** Records the zone's only server appends to every response (absolute names; `{zone}` as above). */
	forge: Pick<ServerSpec, 'extraAnswer' | 'extraAuthority' | 'extraAdditional'>;
	/** The name the finding must mention. */
	mentions: string;
	/** The forged records ride on a referral to child.<zone>: the finding is that delegation's. */
	referral?: true;
}

const plain = 'www A 192.0.2.1';
const toTarget = 'www CNAME www.target.evil.';
const delegated = 'child NS ns1.target.evil.';

const FORGERIES: Forgery[] = [
	// Answers for names the zone does not hold.
	{label: 'sibling', title: 'an answer for a name in a sibling zone', body: plain, question: 'www', answer: '192.0.2.1', forge: {extraAnswer: `www.target.evil. A ${FORGED}`}, mentions: 'www.target.evil.'},
	{label: 'parent', title: 'an answer for the parent zone\'s apex', body: plain, question: 'www', answer: '192.0.2.1', forge: {extraAnswer: `evil. A ${FORGED}`}, mentions: 'evil.'},
	{label: 'tldserver', title: 'an answer giving the TLD server a new address', body: plain, question: 'www', answer: '192.0.2.1', forge: {extraAnswer: `a.nic.evil. A ${ATTACKER}`}, mentions: 'a.nic.evil.'},
	{label: 'othertld', title: 'an answer for a name under another TLD', body: plain, question: 'www', answer: '192.0.2.1', forge: {extraAnswer: `www.bank.example. A ${FORGED}`}, mentions: 'www.bank.example.'},
	{label: 'answerns', title: 'NS records for the TLD in the answer section', body: plain, question: 'www', answer: '192.0.2.1', forge: {extraAnswer: `evil. NS ${ATTACKER_NS}`}, mentions: 'evil. NS'},
	// Poisoning the TLD's (or the root's, or a sibling's) NS set through the authority section of an answer.
	{label: 'tldns', title: 'the TLD\'s NS set replaced in the authority section, with glue', body: plain, question: 'www', answer: '192.0.2.1', forge: {extraAuthority: `evil. NS ${ATTACKER_NS}`, extraAdditional: `${ATTACKER_NS} A ${ATTACKER}`}, mentions: ATTACKER_NS},
	{label: 'rootns', title: 'the root\'s NS set in the authority section', body: plain, question: 'www', answer: '192.0.2.1', forge: {extraAuthority: `. NS ${ATTACKER_NS}`}, mentions: '. NS'},
	{label: 'siblingns', title: 'a sibling zone\'s NS set in the authority section', body: plain, question: 'www', answer: '192.0.2.1', forge: {extraAuthority: `target.evil. NS ${ATTACKER_NS}`}, mentions: 'target.evil. NS'},
	{label: 'tldsoa', title: 'the TLD\'s SOA in the authority section', body: plain, question: 'www', answer: '192.0.2.1', forge: {extraAuthority: `evil. SOA ${ATTACKER_NS} hostmaster.attacker.example. 99 1 1 1 1`}, mentions: 'evil. SOA'},
	// Addresses for servers of other zones in the additional section.
	{label: 'tldglue', title: 'an address for the TLD\'s server in the additional section', body: plain, question: 'www', answer: '192.0.2.1', forge: {extraAdditional: `a.nic.evil. A ${ATTACKER}`}, mentions: 'a.nic.evil.'},
	{label: 'rootglue', title: 'an address for a root server in the additional section', body: plain, question: 'www', answer: '192.0.2.1', forge: {extraAdditional: `a.root.evil-lab. A ${ATTACKER}`}, mentions: 'a.root.evil-lab.'},
	{label: 'tldglue6', title: 'an IPv6 address for the TLD\'s server in the additional section', body: plain, question: 'www', answer: '192.0.2.1', forge: {extraAdditional: 'a.nic.evil. AAAA 2001:db8:66::66'}, mentions: 'a.nic.evil.'},
	// A CNAME chain that leaves the zone, and what a forger sends after it.
	{label: 'cnamea', title: 'a forged address for a CNAME target in another zone', body: toTarget, question: 'www', answer: '192.0.2.2', forge: {extraAnswer: `www.target.evil. A ${FORGED}`}, mentions: 'www.target.evil.'},
	{label: 'cnamechain', title: 'a CNAME chain continued with forged links after it leaves the zone', body: toTarget, question: 'www', answer: '192.0.2.2', forge: {extraAnswer: `www.target.evil. CNAME www.bank.example.\nwww.bank.example. A ${FORGED}`}, mentions: 'www.bank.example.'},
	{label: 'cnameback', title: 'a CNAME chain that leaves the zone and comes back to forged data in it', body: toTarget, question: 'www', answer: '192.0.2.2', forge: {extraAnswer: `www.target.evil. CNAME back.{zone}\nback.{zone} A ${FORGED}`}, mentions: 'www.target.evil.'},
	{label: 'cnameparent', title: 'a forged address for a CNAME target in the parent zone', body: 'www CNAME alias.evil.', question: 'www', answer: '192.0.2.3', forge: {extraAnswer: `alias.evil. A ${FORGED}`}, mentions: 'alias.evil.'},
	{label: 'dname', title: 'a forged address for where a DNAME leads', body: 'sub DNAME target.evil.', question: 'www.sub', answer: '192.0.2.2', forge: {extraAnswer: `www.target.evil. A ${FORGED}`}, mentions: 'www.target.evil.'},
	{label: 'cnamens', title: 'a CNAME to another zone, with NS records and glue taking that zone over', body: toTarget, question: 'www', answer: '192.0.2.2', forge: {extraAuthority: `target.evil. NS ${ATTACKER_NS}`, extraAdditional: `${ATTACKER_NS} A ${ATTACKER}`}, mentions: 'target.evil. NS'},
	{label: 'cnameextra', title: 'a forged address for a CNAME target in the additional section', body: toTarget, question: 'www', answer: '192.0.2.2', forge: {extraAdditional: `www.target.evil. A ${FORGED}`}, mentions: 'www.target.evil.'},
	// Referrals padded with glue and NS records they may not give.
	{label: 'refglue', title: 'glue for the referral\'s NS name in another zone', body: delegated, question: 'www.child', answer: '192.0.2.4', forge: {extraAdditional: `ns1.target.evil. A ${ATTACKER}`}, mentions: 'ns1.target.evil.', referral: true},
	{label: 'refother', title: 'glue inside the zone for a name the referral does not list', body: delegated, question: 'www.child', answer: '192.0.2.4', forge: {extraAdditional: `other.{zone} A ${ATTACKER}`}, mentions: 'other.', referral: true},
	{label: 'reftld', title: 'glue for the TLD\'s server in a referral', body: delegated, question: 'www.child', answer: '192.0.2.4', forge: {extraAdditional: `a.nic.evil. A ${ATTACKER}`}, mentions: 'a.nic.evil.', referral: true},
	{label: 'refns', title: 'the TLD\'s NS set replaced in a referral\'s authority section', body: delegated, question: 'www.child', answer: '192.0.2.4', forge: {extraAuthority: `evil. NS ${ATTACKER_NS}`}, mentions: 'evil. NS', referral: true},
	{label: 'refsibling', title: 'a sibling zone\'s NS set in a referral\'s authority section', body: delegated, question: 'www.child', answer: '192.0.2.4', forge: {extraAuthority: `target.evil. NS ${ATTACKER_NS}`, extraAdditional: `${ATTACKER_NS} A ${ATTACKER}`}, mentions: 'target.evil. NS', referral: true},
	{label: 'refroot', title: 'the root\'s NS set in a referral\'s authority section', body: delegated, question: 'www.child', answer: '192.0.2.4', forge: {extraAuthority: `. NS ${ATTACKER_NS}`}, mentions: '. NS', referral: true},
];

/** Addresses no server can have, one of each range (loopback is the lab's own network, so it is tested apart). */
const UNUSABLE = [
	'0.0.0.0',
	'0.1.2.3',
	'255.255.255.255',
	'224.0.0.1',
	'239.255.255.250',
	'240.0.0.1',
	'169.254.0.1',
	'169.254.169.254',
	'::',
	'ff02::1',
	'ff05::1:3',
	'fe80::1',
	'febf::53',
	'::ffff:0:1',
	'::ffff:e000:5',
	'::ffff:a9fe:101',
	'::ffff:ffff:ffff',
];

type Placement = 'glue' | 'zone' | 'holder';

const PLACEMENTS: Record<Placement, string> = {
	glue: 'in the parent\'s glue',
	zone: 'in the zone\'s own NS set and address records',
	holder: 'in the zone that holds the name server\'s name',
};

/** Bytes a label may hold that a name's text must escape, as master files and dig write them (RFC 1035 5.1). */
const ESCAPED_FRAGMENTS: ReadonlyArray<{fragment: string; what: string}> = [
	{fragment: '\\.', what: 'a dot'},
	{fragment: '\\\\', what: 'a backslash'},
	{fragment: '\\"', what: 'a double quote'},
	{fragment: '\\032', what: 'a space'},
	{fragment: '\\000', what: 'a zero byte'},
	{fragment: '\\192\\255', what: 'bytes that are not UTF-8 (0xc0, 0xff)'},
	{fragment: '\\(\\;\\)\\@\\$', what: 'a master file\'s specials'},
];

type EscapedPlacement = 'owner' | 'cname' | 'ns' | 'glue';

const ESCAPED_PLACEMENTS: Record<EscapedPlacement, string> = {
	owner: 'in the owner name asked for',
	cname: 'in a CNAME target',
	ns: 'in the NS target of a delegation, with its glue',
	glue: 'in the owner of forged glue beside the referral\'s (with a dot, it reads as the real server\'s name)',
};

/** Builds the families; `address` hands out the next free lab address. */
export function variantFamilies(address: () => string): VariantFamilies {
	const zones: ZoneSpec[] = [];
	const servers: ServerSpec[] = [];
	const delegations: string[] = [];
	const variants: HostileVariant[] = [];

	// The honest side: a sibling zone CNAMEs lead to (whose server also serves every referral's child), a name in
	// the TLD itself, and a server for the unusable-address zones and for the zone holding their NS names.
	const target = address();
	const honest = address();
	const childZones = FORGERIES.filter((forgery) => forgery.referral).map((forgery) => `child.${forgery.label}.evil.`);
	zones.push({origin: 'target.evil.', text: `$TTL 3600\n@ SOA ns1.target.evil. hostmaster.target.evil. 1 ${SOA}\n@ NS ns1.target.evil.\nns1 A ${target}\nwww A 192.0.2.2`});
	for (const origin of childZones) zones.push({origin, text: `$TTL 3600\n@ SOA ns1.target.evil. hostmaster.${origin} 1 ${SOA}\n@ NS ns1.target.evil.\nwww A 192.0.2.4`});
	servers.push({name: 'ns1.target.evil.', ipv4: target, zones: [{zone: 'target.evil.'}, ...childZones.map((zone) => ({zone}))]});
	delegations.push(`target NS ns1.target.evil.\nns1.target A ${target}\nalias A 192.0.2.3`);
	// Were the walk ever to follow a forgery to this address, it would get poison.
	zones.push({origin: 'attacker.example.', text: `$TTL 3600\n@ SOA ${ATTACKER_NS} hostmaster.attacker.example. 1 ${SOA}\n@ NS ${ATTACKER_NS}\nns A ${ATTACKER}`});
	servers.push({name: ATTACKER_NS, ipv4: ATTACKER, zones: [{zone: 'attacker.example.'}, {zone: 'target.evil.', copy: {origin: 'target.evil.', text: `$TTL 3600\n@ SOA ${ATTACKER_NS} h.attacker.example. 666 ${SOA}\n@ NS ${ATTACKER_NS}\nwww A ${FORGED}`}}]});

	for (const forgery of FORGERIES) {
		const zone = `${forgery.label}.evil.`;
		const host = address();
		const fill = (text: string | undefined) => text?.replaceAll('{zone}', zone);
		zones.push({origin: zone, text: `$TTL 3600\n@ SOA ns1.${zone} hostmaster.${zone} 1 ${SOA}\n@ NS ns1.${zone}\nns1 A ${host}\n${forgery.body}`});
		servers.push({
			name: `ns1.${zone}`,
			ipv4: host,
			...(forgery.forge.extraAnswer ? {extraAnswer: fill(forgery.forge.extraAnswer)} : {}),
			...(forgery.forge.extraAuthority ? {extraAuthority: fill(forgery.forge.extraAuthority)} : {}),
			...(forgery.forge.extraAdditional ? {extraAdditional: fill(forgery.forge.extraAdditional)} : {}),
			zones: [{zone}],
		});
		delegations.push(`${forgery.label} NS ns1.${zone}\nns1.${forgery.label} A ${host}`);
		variants.push({
			family: 'out-of-bailiwick',
			title: forgery.title,
			name: `${forgery.question}.${zone}`,
			type: 'A',
			answer: [forgery.answer],
			finding: {code: 'OUT_OF_BAILIWICK_DATA', zone: forgery.referral ? `child.${zone}` : zone, server: host, mentions: fill(forgery.mentions)!},
			forgedAddresses: [FORGED, ATTACKER, '2001:db8:66::66'],
			forgedNames: [ATTACKER_NS, 'attacker.example.'],
		});
	}

	const holder: string[] = [];
	delegations.push(`hosts NS ns.hosts.evil.\nns.hosts A ${honest}`);
	const served: string[] = ['hosts.evil.'];
	UNUSABLE.forEach((bad, index) => {
		const type = bad.includes(':') ? 'AAAA' : 'A';
		for (const placement of Object.keys(PLACEMENTS) as Placement[]) {
			const label = `u${index}${placement[0]}`;
			const zone = `${label}.evil.`;
			served.push(zone);
			let badName: string;
			let sender: string;
			let records = '';
			if (placement === 'glue') {
				badName = `ns1.${zone}`;
				sender = '127.77.179.2';
				delegations.push(`${label} NS ns1.${zone}\n${label} NS ns2.${zone}\nns1.${label} ${type} ${bad}\nns2.${label} A ${honest}`);
				records = `@ NS ns1\n@ NS ns2\nns1 ${type} ${bad}\nns2 A ${honest}`;
			} else if (placement === 'zone') {
				badName = `ns3.${zone}`;
				sender = honest;
				delegations.push(`${label} NS ns2.${zone}\nns2.${label} A ${honest}`);
				records = `@ NS ns2\n@ NS ns3\nns2 A ${honest}\nns3 ${type} ${bad}`;
			} else {
				badName = `bad${index}.hosts.evil.`;
				sender = honest;
				holder.push(`bad${index} ${type} ${bad}`);
				delegations.push(`${label} NS ${badName}\n${label} NS ns2.${zone}\nns2.${label} A ${honest}`);
				records = `@ NS ${badName}\n@ NS ns2\nns2 A ${honest}`;
			}
			zones.push({origin: zone, text: `$TTL 3600\n@ SOA ns2.${zone} hostmaster.${zone} 1 ${SOA}\n${records}\nwww A 192.0.2.1`});
			variants.push({
				family: 'unusable-address',
				title: `${bad} ${PLACEMENTS[placement]}`,
				name: `www.${zone}`,
				type: 'A',
				answer: ['192.0.2.1'],
				finding: {code: 'ADDRESS_UNUSABLE', zone, server: sender, mentions: `${badName} is given ${bad}`},
				forgedAddresses: [bad],
				forgedNames: [],
			});
		}
	});
	zones.push({origin: 'hosts.evil.', text: `$TTL 3600\n@ SOA ns.hosts.evil. hostmaster.hosts.evil. 1 ${SOA}\n@ NS ns.hosts.evil.\nns A ${honest}\n${holder.join('\n')}`});
	servers.push({name: 'ns.hosts.evil.', ipv4: honest, zones: served.map((zone) => ({zone}))});

	const escaped: EscapedLabelVariant[] = [];
	ESCAPED_FRAGMENTS.forEach(({fragment, what}, index) => {
		for (const placement of Object.keys(ESCAPED_PLACEMENTS) as EscapedPlacement[]) {
			const zone = `x${index}${placement[0]}.evil.`;
			const host = address();
			const child = `child.${zone}`;
			const weird = `a${fragment}b.${zone}`;
			let body = '';
			let name = `www.${zone}`;
			let answer = '192.0.2.5';
			let shows = weird;
			const server: ServerSpec = {name: `ns1.${zone}`, ipv4: host, zones: [{zone}]};
			const variant: Partial<EscapedLabelVariant> = {};
			if (placement === 'owner') {
				body = `a${fragment}b A ${answer}`;
				name = weird;
			} else if (placement === 'cname') {
				answer = '192.0.2.6';
				body = `www CNAME ${weird}\na${fragment}b A ${answer}`;
			} else {
				// A child zone, served by its own server at its own address.
				const childHost = address();
				const nsName = placement === 'ns' ? `ns${fragment}1.${child}` : `ns1.${child}`;
				answer = '192.0.2.7';
				name = `www.${child}`;
				body = `child NS ${nsName}\n${nsName} A ${childHost}`;
				zones.push({origin: child, text: `$TTL 3600\n@ SOA ${nsName} hostmaster.${child} 1 ${SOA}\n@ NS ${nsName}\n${nsName} A ${childHost}\nwww A ${answer}`});
				servers.push({name: nsName, ipv4: childHost, zones: [{zone: child}]});
				shows = nsName;
				if (placement === 'glue') {
					// `ns1\.child.<zone>` is one label, "ns1.child", under the zone: not the server's name, not below child.
					const forged = `ns1${fragment}child.${zone}`;
					server.extraAdditional = `${forged} A ${ATTACKER}`;
					shows = forged;
					variant.notBelow = {name: forged, zone: child};
				}
			}
			zones.push({origin: zone, text: `$TTL 3600\n@ SOA ns1.${zone} hostmaster.${zone} 1 ${SOA}\n@ NS ns1.${zone}\nns1 A ${host}\n${body}`});
			servers.push(server);
			delegations.push(`x${index}${placement[0]} NS ns1.${zone}\nns1.x${index}${placement[0]} A ${host}`);
			escaped.push({title: `${what} ${ESCAPED_PLACEMENTS[placement]}`, name, answer: [answer], shows, forgedAddresses: [ATTACKER], ...variant});
		}
	});

	const stories: StorySpec[] = [
		{
			name: variants.find((variant) => variant.title.startsWith('a CNAME chain continued'))!.name,
			title: 'Forged records beyond the zone',
			incident: `${FORGERIES.length} servers append records for names outside their zones: answers, CNAME targets, NS sets of the TLD and the root, glue (one zone each under evil.).`,
			lookFor: 'OUT_OF_BAILIWICK_DATA; the CNAME target is asked of its own zone, and nothing forged is used.',
		},
		{
			name: variants.find((variant) => variant.family === 'unusable-address')!.name,
			title: 'Name servers at impossible addresses',
			incident: `${UNUSABLE.length} addresses no server can have (this network, broadcast, multicast, reserved, unspecified, link-local, IPv4-mapped), each in the parent's glue, in the zone's own records and in the zone holding the server's name.`,
			lookFor: 'ADDRESS_UNUSABLE; no probe is ever sent to such an address; the answer comes from the honest server.',
		},
		{
			name: escaped.find((variant) => variant.notBelow !== undefined)!.name,
			title: 'Labels with dots, backslashes and bytes that are not text',
			incident: `${escaped.length} zones whose names hold a label with ${ESCAPED_FRAGMENTS.map(({what}) => what).join(', ')}: in owner names, CNAME targets, NS targets and forged glue (\`ns1\\.child\` is one label, not two).`,
			lookFor: 'Every name shown as dig shows it (\\. \\\\ \\032 \\000); forged glue whose name reads like the real server\'s is never used.',
		},
	];
	return {zones, servers, delegations, stories, variants, escaped};
}
