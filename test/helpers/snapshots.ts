import {expect} from 'vitest';
import {withAnalysis, type AnalysedTrace} from '../../source/analysis/analyze.js';
import {analyseSnapshot} from '../../source/commands/open-command.js';
import {errorLine} from '../../source/commands/error-line.js';
import type {LabWorld} from '../../source/lab/world.js';
import {serializeSnapshot} from '../../source/snapshot/snapshot.js';
import {renderReport} from '../../source/text/report.js';
import {renderTraceText} from '../../source/text/trace-text.js';
import type {Trace} from '../../source/trace/model.js';
import {labTrace, labWorld, type LabTraceOptions} from './lab.js';

/** What must never reach a terminal from a file: ESC (ANSI and OSC sequences), BEL, and the C1 controls. */
// eslint-disable-next-line no-control-regex
export const ESCAPES = /[\u001b\u0007\u0080-\u009f]/u;

export const TOOL = {name: 'digdeeper', version: 'test'};

/** A trace as `digdeeper NAME -o FILE` writes it: analysed, with the trust anchors it was taken with. */
export function saved(trace: Trace, world: LabWorld = labWorld()): string {
	const anchored = {...trace, options: {...trace.options, trustAnchor: 'lab', trustAnchorRecords: world.trustAnchor}};
	return serializeSnapshot(withAnalysis(anchored, {anchors: {source: 'lab', records: world.trustAnchor}}), TOOL);
}

/** A lab trace saved as a snapshot file's text. */
export async function savedLabTrace(name: string, type = 'A', options: LabTraceOptions & {world?: LabWorld} = {}): Promise<string> {
	return saved(await labTrace(name, type, options), options.world);
}

export type Opened = {opened: AnalysedTrace; text: string; report: string} | {line: string};

/**
 * A snapshot's text opened as `digdeeper open` and `report` do, in process: either the re-derived trace with its
 * text and report views, or the one line the CLI prints on stderr. Anything else thrown is a bug and escapes.
 */
export function openText(text: string, file = 'hostile.json'): Opened {
	let opened: AnalysedTrace;
	try {
		opened = analyseSnapshot(file, text);
	} catch (error) {
		const line = errorLine(error);
		if (line === undefined) throw error;
		return {line};
	}
	return {opened, text: renderTraceText(opened, {toolVersion: 'test'}), report: renderReport(opened, {format: 'markdown', toolVersion: 'test', snapshot: file})};
}

/**
 * What anyone sees of a file, whatever it holds: a refusal in one line, or a text view and a report; never an escape
 * byte in any of them. Says which it was.
 */
export function expectTerminalSafe(opened: Opened): 'opened' | 'refused' {
	if ('line' in opened) {
		expect(opened.line.split('\n')).toHaveLength(1);
		expect(opened.line).not.toMatch(ESCAPES);
		return 'refused';
	}
	expect(opened.text).not.toMatch(ESCAPES);
	expect(opened.report).not.toMatch(ESCAPES);
	return 'opened';
}
