import {expect, it} from 'vitest';
import {withAnalysis} from '../../source/analysis/analyze.js';
import {buildWorld} from '../../source/lab/world.js';
import {renderTraceText} from '../../source/text/trace-text.js';
import type {LimitHit, Trace} from '../../source/trace/model.js';
import {CATALOGUE} from '../helpers/catalogue.js';
import {labTrace} from '../helpers/lab.js';

const world = buildWorld(CATALOGUE);

it('the limits a trace met are told in one order, whichever it met first: in the findings and in the text', async () => {
	const walked = await labTrace('www.tcp.cat.', 'A', {world, families: [4], limits: {maxQueries: 10}});
	// Two zones over the NS-name limit: one limit, one value, two details.
	const names = (zone: string): LimitHit => ({limit: 'ns-names-per-zone', value: 20, detail: `${zone} lists more than 20 name servers; the rest were not followed`});
	const limits = [...walked.limits, names('b.cat.'), names('a.cat.')];
	const told = (trace: Trace) => {
		const analysed = withAnalysis(trace, {anchors: {source: 'catalogue', records: world.trustAnchor}});
		return {
			findings: analysed.analysis.findings.filter((finding) => finding.code === 'LIMIT_REACHED').map((finding) => finding.message),
			text: String(renderTraceText(analysed, {toolVersion: 'test'})).split('\n').filter((line) => line.startsWith(';; LIMIT')),
		};
	};
	expect(told({...walked, limits: [...limits].reverse()})).toEqual(told({...walked, limits}));
});
