import {render} from 'ink';
import {INTERNET} from '../lab/internet.js';
import type {StorySpec} from '../lab/world.js';
import {StoryPicker} from '../ui/story-picker.js';

/** Shows the story picker until the user chooses a story (or quits: undefined). */
export async function pickStory(): Promise<StorySpec | undefined> {
	let chosen: StorySpec | undefined;
	const app = render(
		<StoryPicker
			stories={INTERNET.stories}
			onChoose={(story) => {
				chosen = story;
			}}
		/>,
		// The picker reads Ctrl-C as a key like any other, so one behind other keys in a chunk quits too.
		{exitOnCtrlC: false},
	);
	await app.waitUntilExit();
	app.clear();
	return chosen;
}
