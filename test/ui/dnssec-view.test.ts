import {describe, expect, it} from 'vitest';
import {withAnalysis} from '../../source/analysis/analyze.js';
import {dnssecLines} from '../../source/ui/views/dnssec-view.js';
import {dependencyLines} from '../../source/ui/views/dependency-view.js';
import type {Line} from '../../source/ui/views/lines.js';
import {labTrace, labWorld} from '../helpers/lab.js';

const text = (lines: Line[]) => lines.map((line) => line.map((segment) => segment.text).join('')).join('\n');

async function view(name: string) {
	const {trace, analysis} = withAnalysis(await labTrace(name, 'A', {timeoutMs: 250}), {anchors: {source: 'lab', records: labWorld().trustAnchor}});
	return text(dnssecLines(trace, analysis));
}

describe('the DNSSEC view, link by link', () => {
	it('dump', async () => {
		const {trace, analysis} = withAnalysis(await labTrace('tox.im.', 'A', {timeoutMs: 250}), {anchors: {source: 'lab', records: labWorld().trustAnchor}});
		console.log(text(dependencyLines(trace, analysis)));
		const b = withAnalysis(await labTrace('www.pureos.net.', 'A', {timeoutMs: 250}), {anchors: {source: 'lab', records: labWorld().trustAnchor}});
		console.log(text(dependencyLines(b.trace, b.analysis)));
	});
});
