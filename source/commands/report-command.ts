import {renderReport, type ReportFormat} from '../text/report.js';
import {TOOL} from '../version.js';
import {exitStatus} from './exit-status.js';
import {openSnapshot} from './open-command.js';
import {runTrace, type TraceRequest} from './trace-command.js';
import {UsageError} from './usage-error.js';
import type {ValidationTime} from './validation-time.js';

export function parseReportFormat(format: string): ReportFormat {
	if (format !== 'markdown' && format !== 'text') throw new UsageError(`--format ${format}: use markdown or text`);
	return format;
}

/** `digdeeper report FILE`: a saved trace as a report to paste into a ticket. */
export async function runReport(file: string, options: {format: ReportFormat; at?: ValidationTime}, io: {stdout: (text: string) => void}): Promise<number> {
	const opened = await openSnapshot(file, options.at);
	io.stdout(renderReport(opened, {format: options.format, toolVersion: TOOL.version, takenWith: opened.takenWith, snapshot: file}));
	return 0;
}

/** `digdeeper NAME --report`: a trace (its snapshot written with -o), shown as the report instead of the text trace. */
export async function runTraceReport(request: TraceRequest, options: {format: ReportFormat}, io: {stdout: (text: string) => void}): Promise<number> {
	const analysed = await runTrace(request, {stdout: () => {}});
	io.stdout(renderReport(analysed, {format: options.format, toolVersion: TOOL.version, takenWith: TOOL, ...(request.output ? {snapshot: request.output} : {})}));
	return exitStatus(analysed);
}
