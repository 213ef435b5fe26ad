import {canonicalAddress} from './address.js';
import type {Name} from './name.js';
import {parseZoneText, ZoneTextError} from './zone-text.js';

export interface HintServer {
	name: Name;
	addresses: string[];
}

export interface RootHints {
	/** "built-in", "lab", or the file the hints came from. */
	source: string;
	servers: HintServer[];
}

/**
 * IANA's named.root, current data: 13 letters with IPv4 and IPv6 (B-root renumbered to 170.247.170.2 and
 * 2801:1b8:10::b in November 2023).
 */
export const IANA_NAMED_ROOT = `
;       This file holds the information on root name servers needed to
;       initialize cache of Internet domain name servers
;       related version of root zone:     2024071801
.                        3600000      NS    A.ROOT-SERVERS.NET.
A.ROOT-SERVERS.NET.      3600000      A     198.41.0.4
A.ROOT-SERVERS.NET.      3600000      AAAA  2001:503:ba3e::2:30
.                        3600000      NS    B.ROOT-SERVERS.NET.
B.ROOT-SERVERS.NET.      3600000      A     170.247.170.2
B.ROOT-SERVERS.NET.      3600000      AAAA  2801:1b8:10::b
.                        3600000      NS    C.ROOT-SERVERS.NET.
C.ROOT-SERVERS.NET.      3600000      A     192.33.4.12
C.ROOT-SERVERS.NET.      3600000      AAAA  2001:500:2::c
.                        3600000      NS    D.ROOT-SERVERS.NET.
D.ROOT-SERVERS.NET.      3600000      A     199.7.91.13
D.ROOT-SERVERS.NET.      3600000      AAAA  2001:500:2d::d
.                        3600000      NS    E.ROOT-SERVERS.NET.
E.ROOT-SERVERS.NET.      3600000      A     192.203.230.10
E.ROOT-SERVERS.NET.      3600000      AAAA  2001:500:a8::e
.                        3600000      NS    F.ROOT-SERVERS.NET.
F.ROOT-SERVERS.NET.      3600000      A     192.5.5.241
F.ROOT-SERVERS.NET.      3600000      AAAA  2001:500:2f::f
.                        3600000      NS    G.ROOT-SERVERS.NET.
G.ROOT-SERVERS.NET.      3600000      A     192.112.36.4
G.ROOT-SERVERS.NET.      3600000      AAAA  2001:500:12::d0d
.                        3600000      NS    H.ROOT-SERVERS.NET.
H.ROOT-SERVERS.NET.      3600000      A     198.97.190.53
H.ROOT-SERVERS.NET.      3600000      AAAA  2001:500:1::53
.                        3600000      NS    I.ROOT-SERVERS.NET.
I.ROOT-SERVERS.NET.      3600000      A     192.36.148.17
I.ROOT-SERVERS.NET.      3600000      AAAA  2001:7fe::53
.                        3600000      NS    J.ROOT-SERVERS.NET.
J.ROOT-SERVERS.NET.      3600000      A     192.58.128.30
J.ROOT-SERVERS.NET.      3600000      AAAA  2001:503:c27::2:30
.                        3600000      NS    K.ROOT-SERVERS.NET.
K.ROOT-SERVERS.NET.      3600000      A     193.0.14.129
K.ROOT-SERVERS.NET.      3600000      AAAA  2001:7fd::1
.                        3600000      NS    L.ROOT-SERVERS.NET.
L.ROOT-SERVERS.NET.      3600000      A     199.7.83.42
L.ROOT-SERVERS.NET.      3600000      AAAA  2001:500:9f::42
.                        3600000      NS    M.ROOT-SERVERS.NET.
M.ROOT-SERVERS.NET.      3600000      A     202.12.27.33
M.ROOT-SERVERS.NET.      3600000      AAAA  2001:dc3::35
`;

/** Reads root hints in named.root form: NS records for "." and the addresses of those names. */
export function parseRootHints(text: string, source: string): RootHints {
	const records = parseZoneText(text, {source});
	const names = records.filter((record) => record.type === 'NS' && record.name === '.').map((record) => (record.data.kind === 'name' ? record.data.target : ''));
	if (names.length === 0) throw new ZoneTextError(`${source}: no NS records for the root (".") — not a root hints file`);
	const servers = [...new Set(names)].map((name) => ({
		name,
		addresses: records
			.filter((record) => record.name === name && (record.type === 'A' || record.type === 'AAAA'))
			.map((record) => (record.data.kind === 'address' ? canonicalAddress(record.data.address) : '')),
	}));
	if (servers.every((server) => server.addresses.length === 0)) {
		throw new ZoneTextError(`${source}: none of the root servers has an address`);
	}
	return {source, servers};
}

export function builtInRootHints(): RootHints {
	return parseRootHints(IANA_NAMED_ROOT, 'built-in');
}

/** Renders hints back to named.root form (for `lab serve`, which writes a hints file for drill and dig). */
export function formatRootHints(hints: RootHints): string {
	const lines: string[] = [];
	for (const server of hints.servers) {
		lines.push(`.\t3600000\tNS\t${server.name}`);
		for (const address of server.addresses) lines.push(`${server.name}\t3600000\t${address.includes(':') ? 'AAAA' : 'A'}\t${address}`);
	}
	return `${lines.join('\n')}\n`;
}
