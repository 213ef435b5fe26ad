import {Profiler} from 'react';
import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import {frameWhere} from '../helpers/frames.js';
import {withAnalysis} from '../../source/analysis/analyze.js';
import {Explorer} from '../../source/ui/explorer.js';
import {labTrace, labWorld} from '../helpers/lab.js';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The first keys after the explorer opens used to run Ink's and the views' code cold (21 ms against 7 for the third
 * key, bench/README.md): a still trace's first frame is drawn a few more times at once, unseen. Counted here as the
 * explorer's commits (React's Profiler), each drawing the frame already shown.
 */
describe('the explorer warming up', () => {
	it('draws a still trace again, writing nothing new, and never while its walk runs', async () => {
		const world = labWorld();
		const {trace, analysis} = withAnalysis(await labTrace('www.example.com.', 'A', {world}), {anchors: {source: 'lab', records: world.trustAnchor}});
		const commitsWhen = async (running: boolean) => {
			let commits = 0;
			const app = render(
				<Profiler id="explorer" onRender={() => commits++}>
					<Explorer trace={trace} analysis={analysis} running={running} onExport={async () => '/tmp/x.json'} onQuit={() => {}} />
				</Profiler>,
			);
			// Still, the cursor goes to the zone that answered; walking, it stays where it is.
			const wanted = (text: string) => text.includes(running ? 'NOERROR' : 'Findings here:');
			await frameWhere(app.lastFrame, wanted);
			// Counted from the first frame that showed it, not from when this test looked: on a loaded machine the look
			// comes late, after some of the warm-up's draws (ink-testing-library keeps every frame Ink writes, one per commit).
			const first = app.frames.findIndex(wanted);
			const [before, later] = [commits, () => app.frames.length - first - 1];
			// Still: until the warm-up's draws are in (a loaded machine takes a while), then a moment for any more. Walking:
			// short of a second turn of the spinner.
			if (running) await pause(60);
			else {
				for (const deadline = Date.now() + 5000; later() < 4 && Date.now() < deadline; ) await pause(10);
				await pause(100);
			}
			const after = {commits: running ? commits - before : later(), drawn: app.frames.slice(first + 1)};
			const shown = app.frames[first];
			app.unmount();
			return {shown, after};
		};
		const still = await commitsWhen(false);
		// Four draws among the warm-up's steps, each after the one before it was committed (ticks queued together would be
		// batched into one): the first may come in the commit that moves the cursor, the other three follow the frame it
		// shows.
		expect(still.after.commits).toBeGreaterThanOrEqual(3);
		expect(still.after.commits).toBeLessThanOrEqual(6);
		// (A terminal is written to only when a frame differs: every draw here is the frame already shown.)
		expect(new Set(still.after.drawn)).toEqual(new Set([still.shown]));
		const walking = await commitsWhen(true);
		// Walking, the spinner turns every 120 ms: its beat may land in those 60 ms once; a warm-up would draw four times.
		expect(walking.after.commits).toBeLessThanOrEqual(1);
	});

	// A watch's rounds walk and go still again every few seconds: the code is warm after the first, so the warm-up is not
	// repeated (it would take the overlays' time again as each round lands, when keys are likeliest).
	it('warms up once, not again when a watch round or a re-trace goes still', async () => {
		const world = labWorld();
		const {trace, analysis} = withAnalysis(await labTrace('www.example.com.', 'A', {world}), {anchors: {source: 'lab', records: world.trustAnchor}});
		let commits = 0;
		const explorer = (running: boolean) => (
			<Profiler id="explorer" onRender={() => commits++}>
				<Explorer trace={trace} analysis={analysis} running={running} onExport={async () => '/tmp/x.json'} onQuit={() => {}} />
			</Profiler>
		);
		const app = render(explorer(false));
		await frameWhere(app.lastFrame, (text) => text.includes('Findings here:'));
		for (const deadline = Date.now() + 5000; commits < 5 && Date.now() < deadline; ) await pause(10);
		await pause(60);
		const first = commits;
		app.rerender(explorer(true));
		await pause(20);
		app.rerender(explorer(false));
		await pause(60);
		app.unmount();
		expect(first).toBeGreaterThanOrEqual(5);
		// The two re-renders (and an effect's commit after each, at most): not the warm-up's steps again.
		expect(commits - first).toBeLessThanOrEqual(3);
	});
});
