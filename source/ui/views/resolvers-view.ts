import type {Analysis} from '../../analysis/analyze.js';
import {readResolvers, resolverHead, resolverInWords, type ResolverVerdict} from '../../analysis/resolver-answers.js';
import {presentName} from '../../dns/present.js';
import {presentText, safe} from '../../dns/sanitize.js';
import type {Trace} from '../../trace/model.js';
import {heading, plain, type Line, type Segment} from './lines.js';

const TONE: Record<ResolverVerdict, Segment['color']> = {agrees: 'green', differs: 'yellow', 'bogus-servfail': 'yellow', fails: 'red', 'own-zone': 'yellow', 'no-answer': 'red', 'not-asked': 'gray'};

/**
 * The resolvers overlay (a): what each recursive resolver asked serves now, beside the authoritative servers; or why
 * there is nothing yet. Every word from a resolver presented (its answers are untrusted).
 */
export function resolverViewLines(trace: Trace, analysis: Analysis | undefined, canAsk: boolean): Line[] {
	const title = heading(safe`What recursive resolvers serve for ${presentName(trace.query.name)} ${presentText(trace.query.type)}`);
	if (!analysis) return [title, plain(safe``), plain(safe`The resolvers are asked once the trace has finished.`)];
	if (!trace.resolvers) return [title, plain(safe``), plain(canAsk ? safe`Asking the resolvers…` : safe`This trace asked no resolvers (digdeeper NAME --resolvers LIST asks them).`)];
	const dnssec = analysis.dnssec.outcome.status;
	const readings = readResolvers(trace, dnssec);
	return [
		title,
		plain(safe`Asked after the trace, RD=1 DO=1, at ${presentText(trace.resolvers[0]?.askedAt.slice(11, 19) ?? '')} UTC${canAsk ? safe` (a asks again)` : safe``}:`),
		plain(safe``),
		...readings.flatMap((reading): Line[] => [
			[{text: resolverHead(reading), bold: true}],
			[{text: safe`  `}, {text: resolverInWords(reading, trace, dnssec), color: TONE[reading.verdict]}],
		]),
	];
}
