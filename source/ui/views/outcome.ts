import {presentName, presentRData} from '../../dns/present.js';
import type {ResourceRecord} from '../../dns/record.js';
import {joinPresented, presentText, safe, type Presented} from '../../dns/sanitize.js';
import type {Trace} from '../../trace/model.js';

/**
 * The answer as the on-call engineer wants it on the first line: each RRset as `name TYPE data data`, the CNAME
 * chain first, without signatures, in as many records as fit the width and "+N more" for the rest. Never wider than `width` unless not
 * even the first record fits (then the caller's line truncates it).
 */
export function answerText(records: readonly ResourceRecord[], width: number): Presented {
	const sets: Array<{head: Presented; data: Presented[]}> = [];
	// Signatures are the DNSSEC line's business: the answer is the data.
	const data = records.filter((record) => record.type !== 'RRSIG');
	for (const record of data) {
		const last = sets.at(-1);
		const head = safe`${presentName(record.name)} ${presentText(record.type)}`;
		if (last && last.head === head) last.data.push(presentRData(record.data));
		else sets.push({head, data: [presentRData(record.data)]});
	}
	const total = data.length;
	const pieces: Presented[] = [];
	let shown = 0;
	for (const set of sets) {
		for (const [index, data] of set.data.entries()) {
			const piece = index === 0 ? safe`${pieces.length > 0 ? safe`  ` : safe``}${set.head} ${data}` : safe` ${data}`;
			const rest = total - shown - 1;
			const more = rest > 0 ? safe` +${rest} more` : safe``;
			const used = joinPresented(pieces, safe``).length;
			// The first record is always shown; any other only with room left for what says how many follow.
			if (shown > 0 && used + piece.length + more.length > width) return safe`${joinPresented(pieces, safe``)} +${total - shown} more`;
			pieces.push(piece);
			shown++;
		}
	}
	return joinPresented(pieces, safe``);
}

/**
 * When the answer was first in hand: the earliest response, from the zone that gave the final word, of the kind the
 * walk decided on. The walk's own decision waits for every server of the zone (a dead one costs its time-out), so
 * this is what a resolver lucky enough to ask a live server first would have seen. Undefined while undecided or on a
 * failure.
 */
export function answerFirstKnownMs(trace: Trace): number | undefined {
	const step = trace.resolutions[0]?.steps.at(-1);
	if (!step || trace.outcome.status === 'pending' || trace.outcome.status === 'failure' || step.result === 'failure') return undefined;
	const zone = trace.zones.find((candidate) => candidate.name === step.zone);
	const times = (zone?.servers ?? []).flatMap((server) =>
		server.probes
			.filter((probe) => probe.status === 'answered' && probe.kind === step.result && probe.question.name === step.question.name && probe.question.type === step.question.type && probe.finishedMs !== undefined)
			.map((probe) => probe.finishedMs!),
	);
	return times.length > 0 ? Math.min(...times) : undefined;
}
