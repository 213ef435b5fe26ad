import type {AnalysedTrace} from '../../analysis/analyze.js';
import {SEVERITY_RANK} from '../../analysis/finding-catalogue.js';
import type {Severity} from '../../analysis/finding.js';
import {changesTheDns, oldAnswerUntil, severitiesOf, type Change} from '../../compare/diff.js';
import type {Tone} from '../../compare/trace-facts.js';
import {absentValue} from '../../compare/trace-facts.js';
import {valueAt, type Track, type WatchHistory} from '../../compare/watch-history.js';
import {padPresented, presentText, safe, slicePresented, trimPresented, type Presented} from '../../dns/sanitize.js';
import {changeText} from '../../text/diff-text.js';
import {formatRtt, nodeId} from '../tree-model.js';
import {heading, paragraph, plain, wrapLines, type Line, type Segment} from './lines.js';
import {symbol} from './symbols.js';

/** An analysed trace and where it came from ("this trace", a file name, "round 4"), for the headings of a diff. */
export interface LabelledTrace extends AnalysedTrace {
	label: string;
}

const time = (iso: string) => presentText(iso.slice(11, 19));

/** The tree rows a set of changes touches: the zone of every change, and the server a server's change is about. */
export function changedNodeIds(changes: Change[]): Set<string> {
	const ids = new Set<string>();
	for (const change of changes.filter(changesTheDns)) {
		if (!change.zone) continue;
		ids.add(nodeId({kind: 'zone', zone: change.zone}));
		if (!change.server) continue;
		const cut = change.server.lastIndexOf(' ');
		const [name, address] = [change.server.slice(0, cut), change.server.slice(cut + 1)];
		ids.add(nodeId({kind: 'nameserver', zone: change.zone, name}));
		ids.add(nodeId({kind: 'server', zone: change.zone, name, address}));
	}
	return ids;
}

/** "Before and after" in one screen: every change, zone by zone, the old value beside the new. */
export function diffLines(before: LabelledTrace, after: LabelledTrace, all: Change[], width: number): Line[] {
	// Round trips that moved are not changes of the DNS: counted and listed apart, after the changes.
	const changes = all.filter(changesTheDns);
	const rtts = all.filter((change) => !changesTheDns(change));
	const lines: Line[] = [
		heading(safe`Changes in ${presentText(after.trace.query.name)} ${presentText(after.trace.query.type)}: ${changes.length === 0 ? safe`none` : changes.length}${changes.length === 0 && rtts.length > 0 ? safe` (same answers, rtt differs)` : safe``}`),
		plain(safe`before: ${presentText(before.trace.startedAt)} (${presentText(before.label)})`),
		plain(safe`after:  ${presentText(after.trace.startedAt)} (${presentText(after.label)})`),
		plain(safe``),
	];
	if (changes.length === 0) lines.push(...paragraph(safe`Every fact compared is the same: outcome, delegations, glue, DS, serials, keys, reachability, registration, resolvers and findings.`, width));
	// Columns sized by what they hold: the server, then the old value beside the new one.
	// A resolver's or a registration's name is no zone server's: it does not widen the column, it gets rows of its own.
	const rows = all.filter((change) => !change.kind.startsWith('finding') && change.kind !== 'resolver' && change.kind !== 'registration');
	const serverWidth = Math.min(40, Math.max(0, ...rows.map((change) => presentText(change.server ?? '').length)));
	const side = Math.max(10, Math.floor((width - 2 - 13 - serverWidth - 5) / 2));
	const beforeWidth = Math.min(side, Math.max(1, ...rows.map((change) => presentText(change.before).length)));
	let zone: string | undefined = '';
	for (const [index, change] of [...changes, ...rtts].entries()) {
		if (index === changes.length) {
			lines.push(plain(safe``), heading(safe`Same answers, rtt differs (not a change of the DNS):`));
			zone = '';
		}
		if (change.zone !== zone) {
			zone = change.zone;
			lines.push([{text: zone ? presentText(zone) : safe`the trace`, bold: true}]);
		}
		if (change.kind === 'finding-appeared' || change.kind === 'finding-resolved') {
			const appeared = change.kind === 'finding-appeared';
			const text = presentText(appeared ? change.after : change.before);
			// Wrapped, not cut: the message and when users will see the fix are read whole (this view has no cursor to open them).
			lines.push(...wrapLines([[{text: safe`  ${presentText(symbol(appeared ? 'appeared' : 'resolved'))} ${appeared ? safe`appeared ` : safe`resolved `} `, color: appeared ? (text.startsWith('error') ? 'red' : 'yellow') : 'green', bold: true}, {text}]], width));
			// A resolved finding users may still meet from resolvers' caches: until when.
			if (!appeared && change.after !== '—') lines.push(...paragraph(presentText(change.after), width, safe`      `).map((line) => line.map((segment) => ({...segment, dim: true}))));
			continue;
		}
		if (change.kind === 'finding-severity') {
			// Worse (to an error) in red, better in green; the finding's words as they are now, read whole.
			const {was, now} = severitiesOf(change);
			const worse = SEVERITY_RANK[now as Severity] < SEVERITY_RANK[was as Severity];
			lines.push(...wrapLines([[{text: safe`  ${presentText(symbol('changed'))} ${presentText(was)} → ${presentText(now)} `, color: worse ? 'red' : 'green', bold: true}, {text: presentText(change.after.slice(now.length + 1))}]], width));
			continue;
		}
		const [server, before, after] = [presentText(change.server ?? ''), presentText(change.before), presentText(change.after)];
		if (server.length <= serverWidth && before.length <= beforeWidth && after.length <= side) {
			lines.push([
				{text: safe`  ${presentText(change.kind.padEnd(13))}`},
				{text: padPresented(server, serverWidth), dim: true},
				{text: safe` ${padPresented(before, beforeWidth)}`, color: 'gray'},
				{text: safe` → `},
				{text: trimPresented(after, 'end'), bold: true},
			]);
			continue;
		}
		// What does not fit its column is read whole, not cut: which on one row, the old value and the new below it.
		lines.push(
			...wrapLines([[{text: safe`  ${presentText(change.kind.padEnd(13))}`}, {text: server, dim: true}]], width),
			...wrapLines([[{text: safe`      `}, {text: before, color: 'gray'}, {text: safe` → `}, {text: after, bold: true}]], width),
		);
	}
	return lines;
}

const GLYPH: Record<Tone, Presented> = {ok: presentText(symbol('held')), warn: presentText(symbol('mixed')), bad: presentText(symbol('error')), none: presentText(symbol('neutral'))};
const COLOUR: Record<Tone, Segment['color']> = {ok: 'green', warn: 'yellow', bad: 'red', none: undefined};

/** Which tracks a timeline shows: what can go wrong always; what is usually steady only once it has changed. */
function shown(track: Track): boolean {
	if (track.kind === 'outcome' || track.kind === 'dnssec' || track.kind === 'zone' || track.kind === 'serials' || track.kind === 'reachability') return true;
	// A server's serial or keys going to "—" because it stopped answering is already in its reachability row.
	return new Set(track.stretches.map((stretch) => stretch.value).filter((value) => value !== absentValue(track.kind))).size > 1 || (!track.server && track.stretches.length > 1);
}

function trackLabel(track: Track): Presented {
	if (track.kind === 'reachability') return safe`  ${presentText(track.server ?? '')}`;
	// A registration or a resolver is not a zone's server: its kind first, then which.
	if (track.kind === 'registration' || track.kind === 'resolver') return safe`  ${presentText(track.kind)} ${presentText((track.server ?? '').split(' (')[0]!)}`;
	if (track.server) return safe`  ${presentText(track.server)} ${presentText(track.kind)}`;
	if (track.kind === 'finding') return safe`  finding ${presentText(track.key.split(' ').at(-1) ?? '')}`;
	return safe`  ${presentText(track.kind)}`;
}

/**
 * The watch as a timeline: a row per zone and server, a column per trace (newest on the right), a cell coloured by
 * how the fact stood, and inverted where it changed; below, every change, newest first.
 */
export function timelineLines(history: WatchHistory, width: number, options: {intervalMs: number; tracing: boolean}): Line[] {
	const rounds = history.rounds;
	const first = rounds[0];
	const last = rounds.at(-1);
	if (!first || !last) return [plain(safe`The first trace of the watch is still running.`)];
	const changes = history.events.length + history.dropped.events;
	const lines: Line[] = [
		heading(safe`Timeline: ${last.index} trace${last.index === 1 ? safe`` : safe`s`} every ${formatInterval(options.intervalMs)} since ${time(first.at)}${history.dropped.rounds > 0 ? safe` (${history.dropped.rounds} older dropped)` : safe``}, ${changes} change${changes === 1 ? safe`` : safe`s`}${options.tracing ? safe` · tracing…` : safe``}`),
	];
	const tracks = [...history.tracks.values()].filter(shown);
	const labelWidth = Math.min(44, Math.max(12, ...tracks.map((track) => trackLabel(track).length)) + 1);
	const columns = Math.max(1, Math.min(rounds.length, Math.floor((width - labelWidth - 2) * 0.5)));
	const visible = rounds.slice(-columns);
	const valueWidth = Math.max(8, width - labelWidth - columns - 3);
	const axis = safe`${time(visible[0]!.at)}${padPresented(safe``, Math.max(1, columns - 16))}${visible.length > 1 ? time(last.at) : safe``}`;
	lines.push([{text: padPresented(safe``, labelWidth)}, {text: slicePresented(axis, 0, columns + valueWidth), dim: true}]);

	const groups = new Map<string, Track[]>();
	for (const track of tracks) groups.set(track.zone ?? '', [...(groups.get(track.zone ?? '') ?? []), track]);
	const columnsShown = visible.map((round) => round.index);
	const seenAt = (index: number) => rounds.find((round) => round.index === index)?.at;
	for (const [zone, members] of groups) {
		// A zone where nothing ever changed is one row; the rows of one that moved are where the eye should go.
		const zoneTrack = members.find((track) => track.kind === 'zone');
		const allTracks = [...history.tracks.values()].filter((track) => track.zone === zone);
		if (zone && zoneTrack && allTracks.every((track) => track.stretches.length === 1)) {
			const servers = members.filter((track) => track.kind === 'reachability').length;
			const serials = members.find((track) => track.kind === 'serials')?.stretches[0]?.value;
			lines.push(trackLine({...zoneTrack, stretches: [{...zoneTrack.stretches[0]!, value: `steady: ${servers} address${servers === 1 ? '' : 'es'}${serials ? `, serial ${serials.replace(/ everywhere$/u, '')}` : ''}`}]}, columnsShown, labelWidth, valueWidth, last.index, seenAt, undefined, presentText(zone)));
			continue;
		}
		lines.push([{text: zone ? presentText(zone) : safe`the trace`, bold: true}]);
		for (const track of members) lines.push(trackLine(track, columnsShown, labelWidth, valueWidth, last.index, seenAt, history.facts.get(track.key)?.rttMs));
	}

	lines.push(plain(safe``), heading(history.events.length === 0 ? safe`No changes yet.` : safe`Changes, newest first`));
	const notes = rounds.filter((round) => round.note);
	const events = [...history.events.map((event) => ({round: event.round, at: event.at, text: safe`${event.change.zone ? safe`${presentText(event.change.zone)}  ` : safe``}${changeText(event.change, 0)}`, note: false})), ...notes.map((round) => ({round: round.index, at: round.at, text: presentText(round.note!), note: true}))];
	events.sort((a, b) => b.round - a.round || Number(b.note) - Number(a.note));
	// Wrapped, not cut: a resolved finding's line ends with until when users may still see the old answer.
	for (const event of events) lines.push(...wrapLines([[{text: safe`  ${time(event.at)}  #${presentText(String(event.round).padEnd(4))} `, dim: true}, {text: event.text, ...(event.note ? {color: 'cyan' as const} : event.round === last.index ? {bold: true} : {})}]], width));
	if (history.dropped.events > 0) lines.push([{text: safe`  … ${history.dropped.events} older changes summarised away`, dim: true}]);
	return lines;
}

/**
 * What a finding's row says now: its message; once it is gone, that it was resolved and until when users may still
 * see the old answer from resolvers' caches, counted from the round that saw it go.
 */
function findingNow(track: Track, seenAt: (round: number) => string | undefined): string {
	const last = track.stretches.at(-1)!;
	if (last.value !== absentValue('finding')) return last.value.replace(/^\S+: /u, '');
	if (track.stretches.length === 1) return last.value;
	const at = seenAt(last.from);
	const until = at === undefined || track.afterFixSeconds === undefined ? undefined : oldAnswerUntil(at, track.afterFixSeconds);
	// Until when comes first: a narrow pane cuts the row's end.
	return until ? `old answer until ${until} (resolved in #${last.from})` : `resolved in #${last.from}`;
}

function trackLine(track: Track, rounds: number[], labelWidth: number, valueWidth: number, latest: number, seenAt: (round: number) => string | undefined, latestRtt?: number, title?: Presented): Line {
	const label = title ?? trackLabel(track);
	const changedNow = track.stretches.at(-1)!.from === latest && track.stretches.length > 1;
	const line: Line = [{text: padPresented(label.length > labelWidth - 1 ? safe`${slicePresented(label, 0, labelWidth - 2)}…` : label, labelWidth), ...(changedNow || title ? {bold: true} : {}), ...(changedNow ? {color: 'cyan' as const} : {})}];
	let previous: string | undefined;
	for (const round of rounds) {
		const stretch = valueAt(track, round);
		if (!stretch) {
			line.push({text: safe` `});
			continue;
		}
		const absent = stretch.value === absentValue(track.kind);
		const changed = previous !== undefined && stretch.from === round;
		line.push({text: absent ? presentText(symbol('absent')) : GLYPH[stretch.tone], ...(COLOUR[stretch.tone] ? {color: COLOUR[stretch.tone]} : {}), ...(absent ? {dim: true} : {}), ...(changed ? {inverse: true} : {})});
		previous = stretch.value;
	}
	const rtt = track.kind === 'reachability' ? latestRtt : undefined;
	// A finding's row is labelled with its code; the value is what it says now.
	const current = track.kind === 'finding' ? findingNow(track, seenAt) : track.stretches.at(-1)!.value;
	const value = safe`${presentText(current)}${rtt === undefined ? safe`` : safe` ${formatRtt(rtt)}`}`;
	line.push({text: safe`  ${value.length > valueWidth ? safe`${slicePresented(value, 0, valueWidth - 1)}…` : value}`, ...(changedNow ? {bold: true} : {})});
	return line;
}

export function formatInterval(ms: number): Presented {
	if (ms % 3_600_000 === 0) return safe`${ms / 3_600_000} h`;
	if (ms % 60_000 === 0) return safe`${ms / 60_000} min`;
	return ms % 1000 === 0 ? safe`${ms / 1000} s` : safe`${ms} ms`;
}
