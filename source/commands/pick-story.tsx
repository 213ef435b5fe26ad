import {render} from 'ink';
import {INTERNET} from '../lab/internet.js';
import type {StorySpec} from '../lab/world.js';
import {StoryPicker} from '../ui/story-picker.js';

/** Shows the story picker until the user chooses a story (or quits: no story; with Ctrl-C: interrupted). */
export async function pickStory(): Promise<{story?: StorySpec; interrupted: boolean}> {
	let chosen: {story?: StorySpec; interrupted: boolean} = {interrupted: false};
	const app = render(
		<StoryPicker
			stories={INTERNET.stories}
			onChoose={(story, interrupted) => {
				chosen = {...(story ? {story} : {}), interrupted};
			}}
		/>,
		// The picker reads Ctrl-C as a key like any other, so one behind other keys in a chunk quits too.
		{exitOnCtrlC: false},
	);
	await app.waitUntilExit();
	app.clear();
	return chosen;
}
