import {changesTheDns, severitiesOf, type Change} from '../compare/diff.js';
import {joinPresented, presentText, safe, type Presented} from '../dns/sanitize.js';
import type {Trace} from '../trace/model.js';
import {whatIfHeadline} from '../what-if/describe-change.js';

/**
 * One change as a line: "reachability  ns2.example.com. 127.77.110.2: answer → timeout"; a finding by itself, one whose
 * severity changed with the one it had, and a resolved one with how long resolvers may still serve the old answer.
 */
export function changeText(change: Change, pad = 17): Presented {
	if (change.kind === 'finding-appeared') return safe`${presentText(change.kind.padEnd(pad))} ${presentText(change.after)}`;
	// "warning → error SERVER_TIMEOUT: …": the severity it had, then the finding as it is now.
	if (change.kind === 'finding-severity') return safe`${presentText(change.kind.padEnd(pad))} ${presentText(severitiesOf(change).was)} → ${presentText(change.after)}`;
	if (change.kind === 'finding-resolved') return safe`${presentText(change.kind.padEnd(pad))} ${presentText(change.before)}${change.after === '—' ? safe`` : safe` — ${presentText(change.after)}`}`;
	return safe`${presentText(change.kind.padEnd(pad))} ${change.server ? safe`${presentText(change.server)}: ` : safe``}${presentText(change.before)} → ${presentText(change.after)}`;
}

/** The diff as text: one line per change, grouped by zone. */
export function renderDiff(before: Trace, after: Trace, changes: Change[]): Presented {
	const lines = [safe`; digdeeper diff: ${presentText(before.query.name)} ${presentText(before.query.type)}, ${presentText(before.startedAt)} → ${presentText(after.startedAt)}`];
	// A side that is a what-if was not measured: its changes are assumptions, said before any of them.
	for (const [side, trace] of [['before', before], ['after', after]] as const) {
		if (trace.assumed && trace.assumed.length > 0) lines.push(safe`; ${presentText(side)}: ${whatIfHeadline(trace)}`);
	}
	// Signatures judged as of two different moments can change verdict with nothing changed on the servers: say so.
	const judgedAt = (trace: Trace) => trace.options.validateAt ?? trace.startedAt;
	if (before.options.validateAt !== after.options.validateAt) {
		lines.push(safe`; DNSSEC judged as of ${presentText(judgedAt(before))} → ${presentText(judgedAt(after))}${before.options.validateAt || after.options.validateAt ? safe` (--at)` : safe``}: a DNSSEC change below may be the time, not the servers`);
	}
	// A round trip that moved is not a change of the DNS: such lines come after the changes, under their own heading.
	const dns = changes.filter(changesTheDns);
	const rtts = changes.filter((change) => !changesTheDns(change));
	if (changes.length === 0) return safe`${joinPresented(lines, safe`\n`)}\n;; no difference\n`;
	if (dns.length === 0) lines.push(safe`;; no difference in the DNS: same answers, rtt differs`);
	// Trace-level changes have no zone; they get a heading of their own like any zone's.
	let zone: string | undefined | null = null;
	for (const [index, change] of [...dns, ...rtts].entries()) {
		if (index === dns.length && dns.length > 0) {
			lines.push(safe``, safe`;; same answers, rtt differs (not a change of the DNS):`);
			zone = null;
		}
		if (change.zone !== zone) {
			zone = change.zone;
			lines.push(safe``, zone ? presentText(zone) : safe`the trace`);
		}
		lines.push(safe`  ${changeText(change)}`);
	}
	return safe`${joinPresented(lines, safe`\n`)}\n`;
}
