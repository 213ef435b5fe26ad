import type {AnalysedTrace} from '../analysis/analyze.js';
import {checkOutput, writeFileAtomic} from '../files/write-file-atomic.js';
import {serializeSnapshot} from '../snapshot/write-snapshot.js';
import type {ReportFormat} from '../text/report.js';
import type {TakenWith} from '../text/trace-origin.js';
import {TOOL} from '../version.js';
import {exitStatus} from './exit-status.js';
import {runTrace, type Render, type TraceRequest} from './trace-command.js';
import {UsageError} from './usage-error.js';
import type {ValidationTime} from './validation-time.js';

/** What a trace's report can be: the text formats, or the self-contained HTML page (source/html/). */
export type TraceReportFormat = ReportFormat | 'html';

/** --format for a report that can also be a page: one trace's (`report FILE`, `NAME --report`) or a survey's. */
export function parseTraceReportFormat(format: string): TraceReportFormat {
	if (format !== 'markdown' && format !== 'text' && format !== 'html') throw new UsageError(`--format ${format}: use markdown, text or html`);
	return format;
}

/** Where a report goes: standard output, or -o FILE, written atomically (replacing a file only with --force). */
interface ReportOutput {
	output?: string;
	force?: boolean;
}

/**
 * The HTML page of a trace, carrying its snapshot (recorded as taken with `takenWith`) and its delegation graph (laid
 * out by Graphviz). Both are loaded only when a page is asked for.
 */
async function htmlPage(analysed: AnalysedTrace, takenWith: TakenWith): Promise<string> {
	const [{renderHtmlReport}, {graphSvg}] = await Promise.all([import('../html/html-report.js'), import('../graph/graph-svg.js')]);
	const snapshot = serializeSnapshot(analysed, {name: TOOL.name, ...takenWith});
	return renderHtmlReport(analysed, {toolVersion: TOOL.version, takenWith, snapshot, graphSvg: await graphSvg(analysed.trace, analysed.analysis)});
}

async function deliver(text: string, options: ReportOutput, io: {stdout: (text: string) => void}): Promise<void> {
	if (options.output) await writeFileAtomic(options.output, text, {force: options.force ?? false});
	else io.stdout(text);
}

/** `digdeeper report FILE`: a saved trace as a report to paste into a ticket, or as a page to send. */
export async function runReport(file: string, options: {format: TraceReportFormat; at?: ValidationTime; whatIf?: string[]} & ReportOutput, io: {stdout: (text: string) => void}): Promise<number> {
	// Refused before any work: a name taken, or one --force must not replace.
	if (options.output) await checkOutput(options.output, {force: options.force ?? false});
	// The reader (schema validation, re-derivation) is loaded only for a file: a trace's own report never needs it.
	const {openSnapshot} = await import('./open-command.js');
	const opened = await openSnapshot(file, options.at, options.whatIf);
	const text = options.format === 'html' ? await htmlPage(opened, opened.takenWith) : (await import('../text/report.js')).renderReport(opened, {format: options.format, toolVersion: TOOL.version, takenWith: opened.takenWith, snapshot: file});
	await deliver(text, options, io);
	// As `open FILE` and a trace's own --report: a script that reports a saved failure, a bogus verdict or an unfinished
	// trace is told so (a break test found it always 0).
	return exitStatus(opened);
}

/**
 * `digdeeper NAME --report`: a trace shown as the report instead of the text trace, its snapshot written with -o.
 * As a page, -o FILE is the page, which carries the snapshot (`digdeeper open FILE` reads it back).
 */
export async function runTraceReport(request: TraceRequest, options: {format: TraceReportFormat}, io: {stdout: (text: string) => void}): Promise<number> {
	if (options.format === 'html') {
		const {output, ...traced} = request;
		if (output) await checkOutput(output, {force: request.force});
		// Nothing printed by the trace itself: the page is made from it afterwards.
		const analysed = await runTrace(traced, {stdout: () => {}}, async () => '');
		await deliver(await htmlPage(analysed, TOOL), {...(output ? {output} : {}), force: request.force}, io);
		return exitStatus(analysed);
	}
	const {format} = options;
	const report: Render = async (analysed) => (await import('../text/report.js')).renderReport(analysed, {format, toolVersion: TOOL.version, takenWith: TOOL, ...(request.output ? {snapshot: request.output} : {})});
	return exitStatus(await runTrace(request, io, report));
}
