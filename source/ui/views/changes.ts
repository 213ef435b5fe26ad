import type {AnalysedTrace} from '../../analysis/analyze.js';
import type {Change} from '../../compare/diff.js';
import {changeText} from '../../text/diff-text.js';
import type {Tone} from '../../compare/trace-facts.js';
import {absentValue} from '../../compare/trace-facts.js';
import {sanitize} from '../../dns/sanitize.js';
import {valueAt, type Track, type WatchHistory} from '../../compare/watch-history.js';
import {formatRtt, nodeId} from '../tree-model.js';
import {heading, plain, type Line, type Segment} from './lines.js';

/** An analysed trace and where it came from ("this trace", a file name, "round 4"), for the headings of a diff. */
export interface LabelledTrace extends AnalysedTrace {
	label: string;
}

const time = (iso: string) => iso.slice(11, 19);

/** The tree rows a set of changes touches: the zone of every change, and the server a server's change is about. */
export function changedNodeIds(changes: Change[]): Set<string> {
	const ids = new Set<string>();
	for (const change of changes) {
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
export function diffLines(before: LabelledTrace, after: LabelledTrace, changes: Change[], width: number): Line[] {
	const lines: Line[] = [
		heading(`Changes in ${sanitize(after.trace.query.name)} ${after.trace.query.type}: ${changes.length === 0 ? 'none' : changes.length}`),
		plain(`before: ${before.trace.startedAt} (${sanitize(before.label)})`),
		plain(`after:  ${after.trace.startedAt} (${sanitize(after.label)})`),
		plain(''),
	];
	if (changes.length === 0) return [...lines, plain('Every fact compared is the same: outcome, delegations, glue, DS, serials, keys, reachability and findings.')];
	// Columns sized by what they hold: the server, then the old value beside the new one.
	const rows = changes.filter((change) => !change.kind.startsWith('finding'));
	const serverWidth = Math.min(40, Math.max(0, ...rows.map((change) => sanitize(change.server ?? '').length)));
	const side = Math.max(10, Math.floor((width - 2 - 13 - serverWidth - 5) / 2));
	const beforeWidth = Math.min(side, Math.max(1, ...rows.map((change) => sanitize(change.before).length)));
	const clip = (text: string, room: number) => (text.length > room ? `${text.slice(0, room - 1)}…` : text.padEnd(room));
	let zone: string | undefined = '';
	for (const change of changes) {
		if (change.zone !== zone) {
			zone = change.zone;
			lines.push([{text: zone ? sanitize(zone) : 'the trace', bold: true}]);
		}
		if (change.kind === 'finding-appeared' || change.kind === 'finding-resolved') {
			const appeared = change.kind === 'finding-appeared';
			const text = sanitize(appeared ? change.after : change.before);
			lines.push([{text: `  ${appeared ? '+ appeared ' : '− resolved '} `, color: appeared ? (text.startsWith('error') ? 'red' : 'yellow') : 'green', bold: true}, {text}]);
			continue;
		}
		lines.push([
			{text: `  ${change.kind.padEnd(13)}`},
			{text: clip(sanitize(change.server ?? ''), serverWidth), dim: true},
			{text: ` ${clip(sanitize(change.before), beforeWidth)}`, color: 'gray'},
			{text: ' → '},
			{text: clip(sanitize(change.after), side).trimEnd(), bold: true},
		]);
	}
	return lines;
}

const GLYPH: Record<Tone, string> = {ok: '●', warn: '◐', bad: '✗', none: '─'};
const COLOUR: Record<Tone, Segment['color']> = {ok: 'green', warn: 'yellow', bad: 'red', none: undefined};

/** Which tracks a timeline shows: what can go wrong always; what is usually steady only once it has changed. */
function shown(track: Track): boolean {
	if (track.kind === 'outcome' || track.kind === 'dnssec' || track.kind === 'zone' || track.kind === 'serials' || track.kind === 'reachability') return true;
	// A server's serial or keys going to "—" because it stopped answering is already in its reachability row.
	return new Set(track.stretches.map((stretch) => stretch.value).filter((value) => value !== absentValue(track.kind))).size > 1 || (!track.server && track.stretches.length > 1);
}

function trackLabel(track: Track): string {
	if (track.kind === 'reachability') return `  ${track.server ?? ''}`;
	if (track.server) return `  ${track.server} ${track.kind}`;
	if (track.kind === 'finding') return `  finding ${track.key.split(' ').at(-1) ?? ''}`;
	return `  ${track.kind}`;
}

/**
 * The watch as a timeline: a row per zone and server, a column per trace (newest on the right), a cell coloured by
 * how the fact stood, and inverted where it changed; below, every change, newest first.
 */
export function timelineLines(history: WatchHistory, width: number, options: {intervalMs: number; tracing: boolean}): Line[] {
	const rounds = history.rounds;
	const first = rounds[0];
	const last = rounds.at(-1);
	if (!first || !last) return [plain('The first trace of the watch is still running.')];
	const changes = history.events.length + history.dropped.events;
	const lines: Line[] = [
		heading(`Timeline: ${last.index} trace${last.index === 1 ? '' : 's'} every ${formatInterval(options.intervalMs)} since ${time(first.at)}${history.dropped.rounds > 0 ? ` (${history.dropped.rounds} older dropped)` : ''}, ${changes} change${changes === 1 ? '' : 's'}${options.tracing ? ' · tracing…' : ''}`),
	];
	const tracks = [...history.tracks.values()].filter(shown);
	const labelWidth = Math.min(44, Math.max(12, ...tracks.map((track) => trackLabel(track).length)) + 1);
	const columns = Math.max(1, Math.min(rounds.length, Math.floor((width - labelWidth - 2) * 0.5)));
	const visible = rounds.slice(-columns);
	const valueWidth = Math.max(8, width - labelWidth - columns - 3);
	const axis = `${time(visible[0]!.at)}${' '.repeat(Math.max(1, columns - 16))}${visible.length > 1 ? time(last.at) : ''}`;
	lines.push([{text: ' '.repeat(labelWidth)}, {text: axis.slice(0, columns + valueWidth), dim: true}]);

	const groups = new Map<string, Track[]>();
	for (const track of tracks) groups.set(track.zone ?? '', [...(groups.get(track.zone ?? '') ?? []), track]);
	const columnsShown = visible.map((round) => round.index);
	for (const [zone, members] of groups) {
		// A zone where nothing ever changed is one row; the rows of one that moved are where the eye should go.
		const zoneTrack = members.find((track) => track.kind === 'zone');
		const allTracks = [...history.tracks.values()].filter((track) => track.zone === zone);
		if (zone && zoneTrack && allTracks.every((track) => track.stretches.length === 1)) {
			const servers = members.filter((track) => track.kind === 'reachability').length;
			const serials = members.find((track) => track.kind === 'serials')?.stretches[0]?.value;
			lines.push(trackLine({...zoneTrack, stretches: [{...zoneTrack.stretches[0]!, value: `steady: ${servers} address${servers === 1 ? '' : 'es'}${serials ? `, serial ${serials.replace(/ everywhere$/u, '')}` : ''}`}]}, columnsShown, labelWidth, valueWidth, last.index, undefined, sanitize(zone)));
			continue;
		}
		lines.push([{text: zone ? sanitize(zone) : 'the trace', bold: true}]);
		for (const track of members) lines.push(trackLine(track, columnsShown, labelWidth, valueWidth, last.index, history.facts.get(track.key)?.rttMs));
	}

	lines.push(plain(''), heading(history.events.length === 0 ? 'No changes yet.' : 'Changes, newest first'));
	const notes = rounds.filter((round) => round.note);
	const events = [...history.events.map((event) => ({round: event.round, at: event.at, text: `${event.change.zone ? `${sanitize(event.change.zone)}  ` : ''}${changeText(event.change, 0)}`, note: false})), ...notes.map((round) => ({round: round.index, at: round.at, text: sanitize(round.note!), note: true}))];
	events.sort((a, b) => b.round - a.round || Number(b.note) - Number(a.note));
	for (const event of events) lines.push([{text: `  ${time(event.at)}  #${String(event.round).padEnd(4)} `, dim: true}, {text: event.text, ...(event.note ? {color: 'cyan' as const} : event.round === last.index ? {bold: true} : {})}]);
	if (history.dropped.events > 0) lines.push([{text: `  … ${history.dropped.events} older changes summarised away`, dim: true}]);
	return lines;
}

function trackLine(track: Track, rounds: number[], labelWidth: number, valueWidth: number, latest: number, latestRtt?: number, title?: string): Line {
	const label = title ?? trackLabel(track);
	const changedNow = track.stretches.at(-1)!.from === latest && track.stretches.length > 1;
	const line: Line = [{text: (label.length > labelWidth - 1 ? `${label.slice(0, labelWidth - 2)}…` : label).padEnd(labelWidth), ...(changedNow || title ? {bold: true} : {}), ...(changedNow ? {color: 'cyan' as const} : {})}];
	let previous: string | undefined;
	for (const round of rounds) {
		const stretch = valueAt(track, round);
		if (!stretch) {
			line.push({text: ' '});
			continue;
		}
		const absent = stretch.value === absentValue(track.kind);
		const changed = previous !== undefined && stretch.from === round;
		line.push({text: absent ? '·' : GLYPH[stretch.tone], ...(COLOUR[stretch.tone] ? {color: COLOUR[stretch.tone]} : {}), ...(absent ? {dim: true} : {}), ...(changed ? {inverse: true} : {})});
		previous = stretch.value;
	}
	const rtt = track.kind === 'reachability' ? latestRtt : undefined;
	// A finding's row is labelled with its code; the value is what it says now.
	const current = track.kind === 'finding' ? track.stretches.at(-1)!.value.replace(/^\S+: /u, '') : track.stretches.at(-1)!.value;
	const value = `${sanitize(current)}${rtt === undefined ? '' : ` ${formatRtt(rtt)}`}`;
	line.push({text: `  ${value.length > valueWidth ? `${value.slice(0, valueWidth - 1)}…` : value}`, ...(changedNow ? {bold: true} : {})});
	return line;
}

export function formatInterval(ms: number): string {
	if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
	if (ms % 60_000 === 0) return `${ms / 60_000} min`;
	return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
