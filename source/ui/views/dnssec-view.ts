import type {Analysis} from '../../analysis/analyze.js';
import type {KeyLink, MaterialGroup, SignatureLink, ZoneChain} from '../../analysis/dnssec/chain-links.js';
import {BOGUS_HEADLINE, dnssecStatusWords, type DnssecStatus} from '../../analysis/dnssec/dnssec-status.js';
import type {Trace} from '../../trace/model.js';
import {presentName} from '../../dns/present.js';
import {presentText, safe, type Presented} from '../../dns/sanitize.js';
import {heading, plain, type Line, type Segment} from './lines.js';
import {symbol} from './symbols.js';

/** A status's colour; a status this view does not know yet (a validator newer than it) is drawn plain. */
const STATUS_COLOUR: Partial<Record<string, Segment['color']>> = {secure: 'green', insecure: 'yellow', bogus: 'red', unanchored: 'gray', indeterminate: 'gray', 'not-checked': 'gray'} satisfies Record<DnssecStatus, Segment['color']>;

const statusSegment = (status: string): Segment => ({text: presentText(dnssecStatusWords(status as DnssecStatus)), bold: true, ...(STATUS_COLOUR[status] ? {color: STATUS_COLOUR[status]} : {})});
const mark = (holds: boolean): Segment => (holds ? {text: presentText(symbol('holds')), color: 'green'} : {text: presentText(symbol('error')), color: 'red', bold: true});
const arrow = presentText(symbol('leadsTo'));
const day = (seconds: number) => presentText(new Date(seconds * 1000).toISOString().slice(0, 10));

/**
 * Root → … → answer, link by link: per zone the DS that vouches for it, the keys each server serves, each
 * signature over the keys and the answer, and the verdict with its reason; servers whose material fails are named.
 */
export function dnssecLines(trace: Trace, analysis: Analysis | undefined): Line[] {
	const report = analysis?.dnssec;
	if (!report) return [plain(safe`DNSSEC has not been analysed yet (the trace is still running).`)];
	if (report.outcome.status === 'not-checked') return [heading(safe`DNSSEC not checked`), plain(safe``), plain(safe`${presentText(report.outcome.reason)}.`)];
	const at = trace.options.validateAt ? safe` · as of ${presentText(trace.options.validateAt)} (--at)` : safe``;
	const lines: Line[] = [heading(safe`DNSSEC chain of trust — anchored in ${presentText(report.anchors)}${at}`), plain(safe``)];
	const path = trace.resolutions[0]?.steps.map((step) => step.zone) ?? [];
	for (const name of [...new Set(path)]) {
		const zone = report.zones.find((entry) => entry.zone === name);
		if (!zone) continue;
		// Where this zone's chain starts: the closest trust anchor at or above it (RFC 4035 §4.3).
		const start = zone.chainStart === undefined ? safe`` : zone.chainStart === name ? safe`  (trust anchor here)` : safe`  (chain from the anchor at ${presentName(zone.chainStart)})`;
		lines.push([{text: safe`${presentName(name)}  `, bold: true}, statusSegment(zone.status), {text: start, dim: true}]);
		const chain = analysis.chain.zones.find((entry) => entry.zone === name);
		if (chain) lines.push(...chainLines(chain));
		const odd = zone.servers.filter((server) => server.status !== zone.status);
		for (const server of odd) lines.push([{text: safe`   `}, mark(server.status === 'secure'), {text: safe` ${presentName(server.name)} ${presentText(server.address)}: `}, statusSegment(server.status), {text: safe` — ${presentText(server.reason)}`}]);
		lines.push([{text: safe`   verdict: `, dim: true}, statusSegment(zone.status), {text: safe` — ${presentText(zone.reason)}`}]);
		lines.push([{text: safe`   ${presentText(symbol('more'))}`, dim: true}]);
	}
	lines.push([{text: safe`answer  `, bold: true}, statusSegment(report.outcome.status), ...(report.outcome.status === 'bogus' ? [{text: safe` — ${presentText(BOGUS_HEADLINE)}`, color: 'red' as const}] : [])]);
	lines.push(plain(safe`   ${presentText(report.outcome.reason)}`));
	if (analysis.chain.limited) lines.push(plain(safe``), plain(safe`Some signatures were not checked: the KeyTrap bound on signature checks was reached.`));
	return lines;
}

function chainLines(chain: ZoneChain): Line[] {
	const lines: Line[] = [];
	for (const ds of chain.ds) {
		lines.push([{text: safe`   `}, mark(ds.matched), {text: safe` DS ${ds.keyTag} ${presentText(ds.algorithmName)} ${presentText(ds.digestName)} (${ds.from === 'anchor' ? safe`trust anchor` : safe`at ${presentName(ds.from)}`})${ds.matched ? safe`` : safe`: no server serves a key with this digest`}`}]);
	}
	if (chain.ds.length === 0) lines.push(plain(safe`   no DS: nothing above vouches for this zone's keys`));
	const several = chain.groups.length > 1;
	// Servers that answered the DNSKEY question with no key (an unsigned copy, DNSSEC_PARTIAL) beside servers that serve
	// keys: marked, and said, where they had a ✓ over an empty list (a break test).
	const someServeKeys = chain.groups.some((group) => group.keys.length > 0);
	for (const group of chain.groups) {
		const keyless = someServeKeys && group.missing === undefined && group.keys.length === 0;
		if (keyless && !group.failed) lines.push([{text: safe`   `}, {text: presentText(symbol('warning')), color: 'yellow', bold: true}, {text: safe` served by ${serversOf(group)}: no DNSKEY (an unsigned copy of the zone)`, color: 'yellow'}]);
		else if (several || group.missing !== undefined || group.failed) lines.push([{text: safe`   `}, mark(!group.failed && group.missing === undefined), {text: safe` served by ${serversOf(group)}${group.missing !== undefined ? safe`: ${presentText(group.missing)}` : keyless ? safe`: no DNSKEY` : safe`:`}`, ...(group.failed ? {color: 'red' as const} : {})}]);
		else lines.push(plain(safe`   served alike by ${serversOf(group)}:`));
		for (const key of group.keys) lines.push([{text: safe`     ${arrow} `}, ...keySegments(key)]);
		for (const signature of group.signatures) lines.push([{text: safe`       ${arrow} `}, ...signatureSegments(signature)]);
	}
	return lines;
}

function serversOf(group: MaterialGroup): Presented {
	// One name with all its addresses: "a.root-servers.net. (127.77.0.1, 2001:db8::1)".
	const byName = new Map<string, string[]>();
	for (const server of group.servers) byName.set(server.name, [...(byName.get(server.name) ?? []), server.address]);
	return presentText([...byName].map(([name, addresses]) => `${name} ${addresses.length === 1 ? addresses[0] : `(${addresses.join(', ')})`}`).join(', '));
}

function keySegments(key: KeyLink): Segment[] {
	const size = key.bits !== undefined ? safe` ${key.bits} bits` : safe``;
	return [{text: safe`DNSKEY ${key.tag} ${presentText(key.role)}${key.revoked ? safe` (revoked)` : safe``} ${presentText(key.algorithmName)}${size}`}, ...(key.vouched ? [{text: safe`, a DS points at it`, color: 'green' as const}] : [])];
}

function signatureSegments(signature: SignatureLink): Segment[] {
	const valid = signature.verdict === 'valid';
	return [
		{text: safe`RRSIG ${presentText(signature.covered)} ${presentName(signature.owner)} by ${presentName(signature.signer)} key ${signature.keyTag}, ${day(signature.inception)} to ${day(signature.expiration)}: `},
		{text: presentText(valid || signature.verdict === 'expired' ? signature.verdict : `${signature.verdict}: ${signature.detail}`), color: valid ? 'green' : 'red', bold: !valid},
	];
}
