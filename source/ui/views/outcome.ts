import {presentName, presentRData} from '../../dns/present.js';
import type {ResourceRecord} from '../../dns/record.js';
import {joinPresented, presentText, safe, type Presented} from '../../dns/sanitize.js';

/**
 * The answer as the on-call engineer wants it on the first line: the CNAME chain as arrows to the final name, then
 * each RRset as `name TYPE data data`, without signatures, in as many records as fit the width and "+N more" for the
 * rest: `www.shop.com. → shop.cdnhost.net. A 192.0.2.1 +2 more`. The first record is always shown (the caller's line
 * truncates it if even that does not fit), so the address behind an alias is never hidden behind "+N more".
 */
export function answerText(records: readonly ResourceRecord[], width: number): Presented {
	// Signatures are the DNSSEC line's business: the answer is the data.
	const data = records.filter((record) => record.type !== 'RRSIG');
	const aliases = data.filter((record) => record.type === 'CNAME');
	const final = data.filter((record) => record.type !== 'CNAME');
	const chain = joinPresented(aliases.map((alias) => safe`${presentName(alias.name)} → `), safe``);
	if (final.length === 0) {
		const target = aliases.at(-1);
		return target?.data.kind === 'name' ? safe`${chain}${presentName(target.data.target)}` : chain;
	}
	const sets: Array<{head: Presented; data: Presented[]}> = [];
	for (const record of final) {
		const last = sets.at(-1);
		const head = safe`${presentName(record.name)} ${presentText(record.type)}`;
		if (last && last.head === head) last.data.push(presentRData(record.data));
		else sets.push({head, data: [presentRData(record.data)]});
	}
	const total = final.length;
	const pieces: Presented[] = [];
	let shown = 0;
	for (const set of sets) {
		for (const [index, value] of set.data.entries()) {
			const piece = index > 0 ? safe` ${value}` : pieces.length > 0 ? safe`  ${set.head} ${value}` : safe`${chain}${set.head} ${value}`;
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

