import {describe, expect, it} from 'vitest';
import {HOSTILE, HOSTILE_ESCAPED_LABELS} from '../../source/lab/hostile-world.js';
import {buildWorld} from '../../source/lab/world.js';
import {stepsFor, stepViewLines} from '../../source/ui/views/step-view.js';
import {labTrace} from '../helpers/lab.js';

describe('the step-through\'s tree at narrow widths', () => {
	it('cuts a name server\'s name between escapes, never inside one (`\\19…` reads as another byte than `\\192`)', async () => {
		const variant = HOSTILE_ESCAPED_LABELS.find((candidate) => candidate.title.startsWith('bytes that are not UTF-8') && candidate.title.endsWith('in the NS target of a delegation, with its glue'))!;
		expect(variant.shows).toBe('ns\\192\\2551.child.x5n.evil.');
		const trace = await labTrace(variant.name, 'A', {world: buildWorld(HOSTILE), families: [4]});
		let cuts = 0;
		for (let index = 0; index < stepsFor(trace).length; index++) {
			for (let width = 40; width <= 100; width++) {
				for (const line of stepViewLines(trace, {index, playing: false, speed: 0}, width, 60)) {
					const tree = line[0]!.text;
					if (tree.includes('ns\\') && tree.endsWith('…')) cuts++;
					expect(tree, `step ${index}, ${width} columns`).not.toMatch(/\\\d{0,2}…$/u);
				}
			}
		}
		// The name was cut at some of these widths: the check saw cuts.
		expect(cuts).toBeGreaterThan(0);
	});
});
