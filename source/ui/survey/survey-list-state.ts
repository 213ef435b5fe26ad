import type {KeyPress} from '../key-press.js';
import {editedDraft, INTERRUPT, PROMPT_KEYS} from '../keymap.js';
import {listReducer, type ListAction} from '../list-state.js';
import {SEVERITY_FILTER_WORDS, SEVERITY_FILTERS, type RowsShown, type SeverityFilter} from './survey-rows.js';
import {surveyCommandFor} from './survey-keymap.js';

/** Everything the survey's list remembers between keys; the rows come from outside. Kept while a zone's trace is open. */
export interface SurveyListState {
	/** Index into the rows shown (after the filters). */
	cursor: number;
	/** First row on screen. */
	top: number;
	/** Rows that fit. */
	height: number;
	filter: string;
	severity: SeverityFilter;
	/** The text being typed after `/`; undefined when no prompt is open. */
	draft?: string;
	help: boolean;
	/** A one-line message ("no zone matches", "opening …"). */
	status: string;
}

/** What a key asks of the world outside the list: open the zone at a row of those shown, or quit (Ctrl-C: interrupted). */
export type SurveyEffect = {type: 'open'; index: number} | {type: 'quit'; interrupted: boolean};

export function initialSurveyListState(height: number): SurveyListState {
	return {cursor: 0, top: 0, height: Math.max(1, height), filter: '', severity: 'all', help: false, status: ''};
}

function moved(state: SurveyListState, action: ListAction, count: number): SurveyListState {
	const {cursor, top, height} = listReducer({count, cursor: state.cursor, top: state.top, height: state.height}, action);
	return {...state, cursor, top, height};
}

/** The terminal changed size: the window follows, the cursor stays on its row. */
export function resized(state: SurveyListState, height: number, count: number): SurveyListState {
	return moved(state, {type: 'resize', height}, count);
}

/** New filters: the cursor goes to the first row they show, and the status says how many that is. */
function filtered(state: SurveyListState, filter: string, severity: SeverityFilter, shownBy: RowsShown): SurveyListState {
	const shown = shownBy(filter, severity).length;
	const what = [...(severity === 'all' ? [] : [SEVERITY_FILTER_WORDS[severity]]), ...(filter ? [`"${filter}"`] : [])].join(', ');
	const status = what ? (shown === 0 ? `no zone matches ${what} (Esc clears)` : `${shown} zone${shown === 1 ? '' : 's'}: ${what} (Esc clears)`) : '';
	return {...state, filter, severity, draft: undefined, cursor: 0, top: 0, status};
}

/**
 * New filters that may still show the zone under the cursor (Esc clears them, `s` steps the severity): the cursor
 * stays on that zone, on the same line of the screen where the list allows (one looked for with a filter is then seen
 * among its neighbours); on the first row when they hide it.
 */
function refiltered(state: SurveyListState, filter: string, severity: SeverityFilter, shownBy: RowsShown): SurveyListState {
	const zone = shownBy(state.filter, state.severity)[state.cursor]?.summary.zone;
	const rows = shownBy(filter, severity);
	const next = filtered(state, filter, severity, shownBy);
	const index = zone === undefined ? -1 : rows.findIndex((row) => row.summary.zone === zone);
	if (index < 0) return next;
	return moved({...next, cursor: index, top: index - (state.cursor - state.top)}, {type: 'move', by: 0}, rows.length);
}

/**
 * One key on the state the key before it left: Ctrl-C first, then the prompt (it types every character), then the
 * help, then the list. Keys in one chunk ("/bw" and Enter) act in order.
 */
export function surveyKey(state: SurveyListState, key: KeyPress, shownBy: RowsShown): {state: SurveyListState; effects: SurveyEffect[]} {
	const none = (next: SurveyListState) => ({state: next, effects: []});
	if (key === INTERRUPT) return {state, effects: [{type: 'quit', interrupted: true}]};
	if (state.draft !== undefined) {
		if (key === PROMPT_KEYS.cancel) return none({...state, draft: undefined});
		if (key === PROMPT_KEYS.confirm) return none(filtered(state, state.draft.trim(), state.severity, shownBy));
		const edited = editedDraft(state.draft, key);
		return none(edited === undefined ? state : {...state, draft: edited});
	}
	const command = surveyCommandFor(key);
	if (state.help) return none(command === 'help' || command === 'clear' || command === 'quit' ? {...state, help: false} : state);
	const shown = shownBy(state.filter, state.severity).length;
	switch (command) {
		case 'up':
			return none(moved(state, {type: 'move', by: -1}, shown));
		case 'down':
			return none(moved(state, {type: 'move', by: 1}, shown));
		case 'pageUp':
			return none(moved(state, {type: 'move', by: -state.height}, shown));
		case 'pageDown':
			return none(moved(state, {type: 'move', by: state.height}, shown));
		case 'first':
			return none(moved(state, {type: 'first'}, shown));
		case 'last':
			return none(moved(state, {type: 'last'}, shown));
		case 'open':
			return shown === 0 ? none({...state, status: 'no zone to open: Esc clears the filters'}) : {state, effects: [{type: 'open', index: state.cursor}]};
		case 'filter':
			return none({...state, draft: state.filter});
		case 'severity':
			return none(refiltered(state, state.filter, SEVERITY_FILTERS[(SEVERITY_FILTERS.indexOf(state.severity) + 1) % SEVERITY_FILTERS.length]!, shownBy));
		case 'clear':
			return none(state.filter || state.severity !== 'all' ? refiltered(state, '', 'all', shownBy) : state);
		case 'help':
			return none({...state, help: true});
		case 'quit':
			return {state, effects: [{type: 'quit', interrupted: false}]};
		case undefined:
			return none(state);
	}
}

/** A message for the status line, from outside (a snapshot that could not be opened). */
export function withStatus(state: SurveyListState, status: string): SurveyListState {
	return {...state, status};
}
