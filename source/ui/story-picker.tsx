import {Box, useApp, useInput, useStdout} from 'ink';
import {useEffect, useReducer} from 'react';
import type {ListAction, ListState} from './list-state.js';
import type {StorySpec} from '../lab/world.js';
import {presentText, safe} from '../dns/sanitize.js';
import {commandFor, helpLine, type Command} from './keymap.js';
import {initialListState, listReducer} from './list-state.js';
import {Text} from './presented-text.js';

const COMMANDS: Command[] = ['up', 'down', 'first', 'last', 'pageUp', 'pageDown', 'open', 'back', 'quit'];
/** The keys the help line names; the rest are in the keymap for those who expect them. */
const SHOWN: Command[] = ['up', 'down', 'open', 'quit'];
/** Rows around the list: title, blank, blank, detail (4), help line, and one spare so a frame never fills the screen. */
const CHROME_ROWS = 9;

interface PickerState extends ListState {
	done: boolean;
	chosen?: number;
}

type PickerAction = ListAction | {type: 'choose'} | {type: 'cancel'};

function pickerReducer(state: PickerState, action: PickerAction): PickerState {
	if (state.done) return state;
	if (action.type === 'choose') return {...state, done: true, chosen: state.cursor};
	if (action.type === 'cancel') return {...state, done: true};
	return {...state, ...listReducer(state, action)};
}

export interface StoryPickerProps {
	stories: StorySpec[];
	onChoose: (story: StorySpec | undefined) => void;
}

/** The lab's stories: pick one, read what it models, Enter traces it. */
export function StoryPicker({stories, onChoose}: StoryPickerProps) {
	const {exit} = useApp();
	const {stdout} = useStdout();
	const rows = () => Math.max(3, (stdout.rows || 24) - CHROME_ROWS);
	const [state, dispatch] = useReducer(pickerReducer, {...initialListState(stories.length, rows()), done: false});

	// The choice is made in the reducer, after every key before it, so a fast Enter never uses a stale cursor.
	useEffect(() => {
		if (!state.done) return;
		onChoose(state.chosen === undefined ? undefined : stories[state.chosen]);
		exit();
	}, [state.done]);

	useEffect(() => {
		const onResize = () => dispatch({type: 'resize', height: rows()});
		stdout.on('resize', onResize);
		return () => {
			stdout.off('resize', onResize);
		};
	});

	useInput((input, key) => {
		switch (commandFor(input, key, COMMANDS)) {
			case 'up':
				dispatch({type: 'move', by: -1});
				break;
			case 'down':
				dispatch({type: 'move', by: 1});
				break;
			case 'pageUp':
				dispatch({type: 'move', by: -state.height});
				break;
			case 'pageDown':
				dispatch({type: 'move', by: state.height});
				break;
			case 'first':
				dispatch({type: 'first'});
				break;
			case 'last':
				dispatch({type: 'last'});
				break;
			case 'open':
				dispatch({type: 'choose'});
				break;
			case 'back':
			case 'quit':
				dispatch({type: 'cancel'});
				break;
			case undefined:
				break;
		}
	});

	const visible = stories.slice(state.top, state.top + state.height);
	const selected = stories[state.cursor];
	const width = Math.max(...stories.map((story) => `${story.name}${story.type ? ` ${story.type}` : ''}`.length));
	return (
		<Box flexDirection="column">
			<Text bold>{safe`digdeeper lab — real DNS outages, simulated. Pick one to trace.`}</Text>
			<Text>{safe` `}</Text>
			{visible.map((story, index) => {
				const active = state.top + index === state.cursor;
				const label = `${story.name}${story.type ? ` ${story.type}` : ''}`.padEnd(width);
				return (
					<Text key={`${story.name} ${story.type ?? ''}`} {...(active ? {inverse: true} : {})}>
						{presentText(`${active ? '› ' : '  '}${label}  ${story.title}`)}
					</Text>
				);
			})}
			<Text>{safe` `}</Text>
			{selected ? (
				<Box flexDirection="column" height={4}>
					<Text wrap="wrap">{presentText(selected.incident)}</Text>
					<Text dimColor wrap="wrap">
						{presentText(`Look for: ${selected.lookFor}`)}
					</Text>
				</Box>
			) : null}
			<Text dimColor>
				{presentText(`${helpLine(SHOWN)}${stories.length > state.height ? `  (${state.cursor + 1}/${stories.length})` : ''}`)}
			</Text>
		</Box>
	);
}
