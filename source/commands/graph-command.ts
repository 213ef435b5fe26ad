import {checkOutput, writeFileAtomic} from '../files/write-file-atomic.js';
import {delegationGraph} from '../graph/delegation-graph.js';
import {graphDot} from '../graph/graph-dot.js';
import {openSnapshot} from './open-command.js';
import {UsageError} from './usage-error.js';
import type {ValidationTime} from './validation-time.js';

export type GraphFormat = 'svg' | 'dot';

export function parseGraphFormat(format: string): GraphFormat {
	if (format !== 'svg' && format !== 'dot') throw new UsageError(`--format ${format}: use svg or dot`);
	return format;
}

export interface GraphOptions {
	format: GraphFormat;
	/** -o FILE: written atomically, an existing file replaced only with --force; absent: stdout. */
	output?: string;
	force: boolean;
	at?: ValidationTime;
}

/**
 * `digdeeper graph FILE`: a snapshot's delegation graph, read and judged again as `open` and `report` read one, as
 * SVG (Graphviz, loaded only here) or as the DOT text it is laid out from.
 */
export async function runGraph(file: string, options: GraphOptions, io: {stdout: (text: string) => void}): Promise<number> {
	// A file in the way is said before the snapshot is judged and the graph laid out, not after.
	if (options.output !== undefined) await checkOutput(options.output, {force: options.force});
	const {trace, analysis} = await openSnapshot(file, options.at);
	const text = options.format === 'dot' ? graphDot(delegationGraph(trace, analysis)) : await (await import('../graph/graph-svg.js')).graphSvg(trace, analysis);
	if (options.output === undefined) io.stdout(text);
	else await writeFileAtomic(options.output, text, {force: options.force});
	return 0;
}
