import {Box} from 'ink';
import {memo, useEffect, useMemo, useRef, useState} from 'react';
import {presentText, safe, slicePresented} from '../../dns/sanitize.js';
import type {SurveyProgress} from '../../survey/survey-progress.js';
import type {ZoneSummary} from '../../survey/zone-summary.js';
import type {KeyPress} from '../key-press.js';
import {INTERRUPT, keyLabel, leavingLine, PROMPT_LINE} from '../keymap.js';
import {Text} from '../presented-text.js';
import {useKeyPresses} from '../use-key-presses.js';
import {promptLine} from '../views/prompt-line.js';
import {useTerminalSize} from '../use-terminal-size.js';
import {timeLeft} from './survey-progress-view.js';
import {SURVEY_KEYMAP, surveyKeyLine} from './survey-keymap.js';
import {initialSurveyListState, resized, surveyKey, withStatus, type SurveyListState} from './survey-list-state.js';
import {columnHeads, rowFilter, SEVERITY_FILTER_WORDS, worstOf, zoneRowParts, type SurveyRow, type Worst} from './survey-rows.js';

/** Header (2), column heads, status, key line, and one spare row: Ink repaints the whole screen once a frame fills it. */
const CHROME_ROWS = 6;
const KEY_LINE = surveyKeyLine([
	{command: 'open', does: 'trace'},
	{command: 'filter', does: 'filter'},
	{command: 'severity', does: 'severity'},
	{command: 'help', does: 'help'},
	{command: 'quit', does: 'quit'},
]);
const COLOUR: Record<Worst, 'red' | 'yellow' | 'gray' | 'green'> = {error: 'red', warning: 'yellow', info: 'gray', clean: 'green'};

export interface SurveyListProps {
	/** Every zone, worst first. */
	rows: readonly SurveyRow[];
	/** The survey's last progress: its queries and how long it took, for the header. */
	done: SurveyProgress | undefined;
	/** Where the list was when a zone's trace was opened from it: it comes back to the same row. */
	initial?: SurveyListState;
	/** The keys that came behind the Esc or q that left the trace, in the same chunk: the list's, pressed as it comes back. */
	typedAhead?: readonly KeyPress[];
	/**
	 * Opens a zone's trace; resolves to why it could not be (the list stays), or undefined once it is shown. `typedAhead`
	 * holds the keys typed after Enter while the trace is read, and grows until it is shown: they are the trace's.
	 */
	onOpen: (row: SurveyRow, state: SurveyListState, typedAhead: readonly KeyPress[]) => Promise<string | undefined>;
	onQuit: (how: {interrupted: boolean}) => void;
}

/**
 * One zone's line, cut to the width here rather than by Ink (a finding's message can be hundreds of characters, and
 * Ink measures all of them on every frame); memoised, so a key that moves the cursor redraws two rows, not the window.
 * The cut's mark is a Text of its own: Ink measures every Text's width on every frame, and a line with one character
 * outside printable ASCII is measured grapheme by grapheme, a hundred times as slowly: a quarter of a frame's time, when
 * every row on screen was cut.
 */
const ZoneRow = memo(function ZoneRow({summary, active, columns, colour}: {summary: ZoneSummary; active: boolean; columns: number; colour: boolean}) {
	const {lead, severity, finding} = zoneRowParts(summary, columns - 2);
	const worst = worstOf(summary);
	const room = Math.max(0, columns - 2 - lead.length - severity.length);
	const cut = finding.length > room;
	const inverse = active ? {inverse: true} : {};
	return (
		<Box>
			<Text wrap="truncate-end" {...inverse}>
				{safe`${presentText(active ? '› ' : '  ')}${lead}`}
				<Text {...(colour ? {color: COLOUR[worst]} : {})} bold={worst === 'error'}>
					{severity}
				</Text>
				{cut ? slicePresented(finding, 0, Math.max(0, room - 1)) : finding}
			</Text>
			{cut ? <Text {...inverse}>{safe`…`}</Text> : null}
		</Box>
	);
});

/** The survey's zones, one a line, worst first, filterable; only the visible window is drawn. */
export function SurveyList({rows, done, initial, typedAhead: typedBehind = [], onOpen, onQuit}: SurveyListProps) {
	const size = useTerminalSize();
	const height = Math.max(1, size.rows - CHROME_ROWS);
	// Prepared once for the survey's rows; a key that changes no filter is given the rows it was given before.
	const shownBy = useMemo(() => rowFilter(rows), [rows]);
	const latest = useRef<SurveyListState | undefined>(undefined);
	const [state, setState] = useState(() => (latest.current = initial ? resized(initial, height, shownBy(initial.filter, initial.severity).length) : initialSurveyListState(height)));
	const commit = (next: SurveyListState) => {
		latest.current = next;
		setState(next);
	};
	const shown = shownBy(state.filter, state.severity);
	useEffect(() => {
		if (latest.current!.height !== height) commit(resized(latest.current!, height, shown.length));
	}, [height]);

	// While a zone's trace is read, the keys typed (Esc, a move) wait for it, in order: they are for the trace the user
	// asked for, not for the list still on screen. Ctrl-C does not wait.
	const typedAhead = useRef<KeyPress[] | undefined>(undefined);
	const press = (keys: readonly KeyPress[]): void => {
		for (const [at, key] of keys.entries()) {
			if (typedAhead.current) {
				if (key === INTERRUPT) return onQuit({interrupted: true});
				typedAhead.current.push(key);
				continue;
			}
			const routed = surveyKey(latest.current!, key, shownBy);
			commit(routed.state);
			for (const effect of routed.effects) {
				if (effect.type === 'quit') return onQuit({interrupted: effect.interrupted});
				const row = shownBy(routed.state.filter, routed.state.severity)[effect.index];
				if (!row) continue;
				commit(withStatus(routed.state, `opening ${row.summary.zone}…`));
				const opened = latest.current!;
				const waiting = (typedAhead.current = [...keys.slice(at + 1)]);
				void onOpen(row, {...opened, status: ''}, waiting).then((problem) => {
					typedAhead.current = undefined;
					if (problem === undefined) return;
					// No trace to give them to: the keys typed meanwhile are the list's after all.
					commit(withStatus(latest.current!, problem));
					press(waiting);
				});
				return;
			}
		}
	};
	useKeyPresses(press);
	useEffect(() => {
		if (typedBehind.length > 0) press([...typedBehind]);
	}, []);

	const worst = useMemo(() => {
		const tally = {error: 0, warning: 0, info: 0, clean: 0};
		for (const row of rows) tally[worstOf(row.summary)]++;
		return tally;
	}, [rows]);
	const colour = !process.env['NO_COLOR'];
	const took = done ? safe` in ${presentText(timeLeft(done.elapsedMs))}  ·  ${done.queriesSent} queries sent` : safe``;
	const filters = state.filter || state.severity !== 'all' ? safe`  ·  showing ${shown.length}: ${presentText([...(state.severity === 'all' ? [] : [SEVERITY_FILTER_WORDS[state.severity]]), ...(state.filter ? [`"${state.filter}"`] : [])].join(', '))}` : safe``;
	const labelWidth = Math.max(...SURVEY_KEYMAP.map((binding) => binding.label.length)) + 2;
	return (
		<Box flexDirection="column" width={size.columns}>
			<Text bold wrap="truncate-end">{safe`digdeeper survey  ·  ${rows.length} zones${took}`}</Text>
			<Text wrap="truncate-end">
				{safe`worst: `}
				<Text {...(colour ? {color: 'red'} : {})}>{safe`${worst.error} errors`}</Text>
				{safe`, ${worst.warning} warnings, ${worst.info} notes, ${worst.clean} clean${filters}`}
			</Text>
			{state.help ? (
				<Box flexDirection="column" height={height + 1}>
					{[presentText(leavingLine(`? or ${keyLabel('escape')}`)), ...SURVEY_KEYMAP.map((binding) => presentText(`${binding.label.padEnd(labelWidth)}${binding.description}`))].slice(0, height + 1).map((line, index) => (
						<Text key={index} wrap="truncate-end">
							{line}
						</Text>
					))}
				</Box>
			) : (
				<Box flexDirection="column" height={height + 1}>
					<Text dimColor wrap="truncate-end">{safe`  ${columnHeads(size.columns - 2)}`}</Text>
					{shown.length === 0 ? <Text>{safe`  No zone matches the filters (Esc clears them).`}</Text> : null}
					{shown.slice(state.top, state.top + height).map((row, index) => (
						<ZoneRow key={row.summary.zone} summary={row.summary} active={state.top + index === state.cursor} columns={size.columns} colour={colour} />
					))}
				</Box>
			)}
			<Text wrap="truncate-end" {...(colour ? {color: 'cyan'} : {})}>
				{/* The explorer's prompt line: a long draft shows its end and the cursor (it showed its start, the typing unseen). */}
				{state.draft !== undefined ? promptLine('filter zones', state.draft, size.columns, '  (Enter, or Esc to cancel)') : presentText(state.status || (shown.length > height ? `${state.cursor + 1}/${shown.length}` : ' '))}
			</Text>
			<Text dimColor wrap="truncate-end">
				{presentText(state.draft !== undefined ? PROMPT_LINE : KEY_LINE)}
			</Text>
		</Box>
	);
}
