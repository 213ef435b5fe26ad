import {Box, useApp} from 'ink';
import {useEffect, useReducer} from 'react';
import type {ListAction, ListState} from './list-state.js';
import type {StorySpec} from '../lab/world.js';
import {presentText, safe} from '../dns/sanitize.js';
import type {KeyPress} from './key-press.js';
import {commandFor, helpLine, INTERRUPT, type Command} from './keymap.js';
import {initialListState, listReducer} from './list-state.js';
import {Text} from './presented-text.js';
import {useKeyPresses} from './use-key-presses.js';
import {useTerminalSize} from './use-terminal-size.js';

const COMMANDS: Command[] = ['up', 'down', 'first', 'last', 'pageUp', 'pageDown', 'open', 'back', 'quit'];
/** The keys the help line names; the rest are in the keymap for those who expect them. */
const SHOWN: Command[] = ['up', 'down', 'open', 'quit'];
/** What is shown around the list, and the rows each takes. */
interface PickerChrome {
	title: boolean;
	gapAbove: boolean;
	gapBelow: boolean;
	incident: boolean;
	lookFor: boolean;
}

/** The fewest rows the list keeps before the chrome around it gives way. */
const MIN_LIST_ROWS = 3;
/** What gives way first in a short terminal: the blank rows, then what to look for, the title, the incident. */
const GIVES_WAY: Array<keyof PickerChrome> = ['gapBelow', 'gapAbove', 'lookFor', 'title', 'incident'];

/** The help line, and one spare row so a frame never fills the screen (Ink then leaves its last newline off). */
const chromeRows = (chrome: PickerChrome) => Number(chrome.title) + Number(chrome.gapAbove) + Number(chrome.gapBelow) + 2 * Number(chrome.incident) + 2 * Number(chrome.lookFor) + 2;

/**
 * The picker's layout in a terminal of `rows`: everything while the list keeps three rows, then the chrome gives way
 * (GIVES_WAY) so the list, with the selected story, and the help line stay on screen. At 10 rows the title had
 * scrolled off, at 7 the selected story too.
 */
export function pickerLayout(rows: number): {chrome: PickerChrome; listRows: number} {
	const chrome: PickerChrome = {title: true, gapAbove: true, gapBelow: true, incident: true, lookFor: true};
	for (const part of GIVES_WAY) {
		if (rows - chromeRows(chrome) >= MIN_LIST_ROWS) break;
		chrome[part] = false;
	}
	return {chrome, listRows: Math.max(1, rows - chromeRows(chrome))};
}

export interface PickerState extends ListState {
	done: boolean;
	chosen?: number;
	/** Ended by Ctrl-C, which exits 130 as everywhere else, rather than by q or Esc. */
	interrupted?: boolean;
}

type PickerAction = ListAction | {type: 'key'; key: KeyPress};

/** Each key acts on the state the key before it left, so "jjj" and Enter in one chunk choose the fourth story. */
export function pickerReducer(state: PickerState, action: PickerAction): PickerState {
	if (state.done) return state;
	if (action.type !== 'key') return {...state, ...listReducer(state, action)};
	if (action.key === INTERRUPT) return {...state, done: true, interrupted: true};
	switch (commandFor(action.key, COMMANDS)) {
		case 'up':
			return pickerReducer(state, {type: 'move', by: -1});
		case 'down':
			return pickerReducer(state, {type: 'move', by: 1});
		case 'pageUp':
			return pickerReducer(state, {type: 'move', by: -state.height});
		case 'pageDown':
			return pickerReducer(state, {type: 'move', by: state.height});
		case 'first':
			return pickerReducer(state, {type: 'first'});
		case 'last':
			return pickerReducer(state, {type: 'last'});
		case 'open':
			return {...state, done: true, chosen: state.cursor};
		case 'back':
		case 'quit':
			return {...state, done: true};
		default:
			return state;
	}
}

export interface StoryPickerProps {
	stories: StorySpec[];
	onChoose: (story: StorySpec | undefined, interrupted: boolean) => void;
}

/** The lab's stories: pick one, read what it models, Enter traces it. */
export function StoryPicker({stories, onChoose}: StoryPickerProps) {
	const {exit} = useApp();
	const {chrome, listRows: height} = pickerLayout(useTerminalSize().rows);
	const [state, dispatch] = useReducer(pickerReducer, {...initialListState(stories.length, height), done: false});

	// The choice is made in the reducer, after every key before it, so a fast Enter never uses a stale cursor.
	useEffect(() => {
		if (!state.done) return;
		onChoose(state.chosen === undefined ? undefined : stories[state.chosen], state.interrupted === true);
		exit();
	}, [state.done]);

	useEffect(() => dispatch({type: 'resize', height}), [height]);

	useKeyPresses((keys) => {
		for (const key of keys) dispatch({type: 'key', key});
	});

	const visible = stories.slice(state.top, state.top + state.height);
	const selected = stories[state.cursor];
	const width = Math.max(...stories.map((story) => `${story.name}${story.type ? ` ${story.type}` : ''}`.length));
	return (
		<Box flexDirection="column">
			{chrome.title ? <Text bold wrap="truncate-end">{safe`digdeeper lab — real DNS outages, simulated. Pick one to trace.`}</Text> : null}
			{chrome.gapAbove ? <Text>{safe` `}</Text> : null}
			{visible.map((story, index) => {
				const active = state.top + index === state.cursor;
				const label = `${story.name}${story.type ? ` ${story.type}` : ''}`.padEnd(width);
				return (
					<Text key={`${story.name} ${story.type ?? ''}`} wrap="truncate-end" {...(active ? {inverse: true} : {})}>
						{presentText(`${active ? '› ' : '  '}${label}  ${story.title}`)}
					</Text>
				);
			})}
			{chrome.gapBelow ? <Text>{safe` `}</Text> : null}
			{selected && (chrome.incident || chrome.lookFor) ? (
				<Box flexDirection="column" height={2 * Number(chrome.incident) + 2 * Number(chrome.lookFor)}>
					{/* Two rows each, cut there: a narrow terminal never pushes the help line down or leaves rows behind. */}
					{chrome.incident ? (
						<Box height={2} overflow="hidden">
							<Text wrap="wrap">{presentText(selected.incident)}</Text>
						</Box>
					) : null}
					{chrome.lookFor ? (
						<Box height={2} overflow="hidden">
							<Text dimColor wrap="wrap">
								{presentText(`Look for: ${selected.lookFor}`)}
							</Text>
						</Box>
					) : null}
				</Box>
			) : null}
			<Text dimColor wrap="truncate-end">
				{presentText(`${helpLine(SHOWN)}${stories.length > state.height ? `  (${state.cursor + 1}/${stories.length})` : ''}`)}
			</Text>
		</Box>
	);
}
