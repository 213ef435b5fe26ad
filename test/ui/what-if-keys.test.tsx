import {render} from 'ink-testing-library';
import {useState} from 'react';
import {describe, expect, it} from 'vitest';
import {withAnalysis, type AnalysedTrace} from '../../source/analysis/analyze.js';
import type {Trace, WhatIfChange} from '../../source/trace/model.js';
import {Explorer} from '../../source/ui/explorer.js';
import {applyChanges} from '../../source/what-if/apply-changes.js';
import {whatIfChoices} from '../../source/ui/views/what-if-view.js';
import {frameWhere} from '../helpers/frames.js';
import {labTrace, labWorld} from '../helpers/lab.js';
import {renderSized} from '../helpers/terminal.js';

const anchors = () => ({source: 'lab', records: labWorld().trustAnchor});

/** The explorer as the command runs it: w hands over the changes, the measured trace is changed and judged again. */
function WhatIfExplorer({measured}: {measured: Trace}) {
	const [shown, setShown] = useState<AnalysedTrace>(() => withAnalysis(measured, {anchors: anchors()}));
	const onWhatIf = (changes: WhatIfChange[]) => {
		const next = withAnalysis(changes.length > 0 ? applyChanges(measured, changes) : measured, {anchors: anchors()});
		setShown(next);
		return next.trace.assumed ?? [];
	};
	return <Explorer trace={shown.trace} analysis={shown.analysis} running={false} onExport={async () => '/tmp/x.json'} onWhatIf={onWhatIf} onQuit={() => undefined} />;
}

describe('w: what if', () => {
	it('lists the changes to try on the zone, applies one at once, marks it WHAT-IF, and takes it back', async () => {
		const measured = await labTrace('www.nic.bw.', 'A', {timeoutMs: 250});
		const {lastFrame, stdin} = render(<WhatIfExplorer measured={measured} />);
		// The newcomer lands on the zone of the worst finding: bw.
		await frameWhere(lastFrame, (text) => text.includes('bw. — 4 server addresses'));
		stdin.write('w');
		const list = await frameWhere(lastFrame, (text) => text.includes('What if…'));
		expect(list).toContain('every server of bw. down');
		// bw. is signed, but the root holds no DS for it: removing one would change nothing, so it is not offered.
		expect(list).not.toContain('the DS of bw. removed');
		expect(list).toContain("dns1.btc.bw. removed from bw.'s delegation");
		expect(list).toMatch(/signatures judged at \d{4}-\d\d-\d\dT/u);
		expect(list.split('\n').at(-1)).toContain('Enter apply / undo');

		// The first line is every server of bw. down: Enter applies it, and the outcome follows.
		stdin.write('\r');
		const applied = await frameWhere(lastFrame, (text) => text.includes('WHAT-IF (1 assumed'));
		expect(applied).toContain('FAILURE');
		expect(applied).toContain('assuming: every server of bw. down');
		// The rows it changed are marked, closed as they are: the zone and each of its name servers.
		expect(applied).toMatch(/Δ\s*▾ bw\./u);
		expect(applied).toMatch(/Δ\s*▸ pch\.nic\.bw\./u);

		// w again: the change in force is last, to take back.
		stdin.write('w');
		const inForce = await frameWhere(lastFrame, (text) => text.includes('In force (WHAT-IF, not measured):'));
		expect(inForce).toContain('undo: every server of bw. down');
		// And what it reaches, wherever those addresses serve.
		expect(inForce).toContain('Addresses assumed down: 127.77.150.1, 127.77.151.1, 127.77.50.1, 127.77.50.2');
		expect(inForce).not.toMatch(/^\s+every server of bw\. down/mu);
		stdin.write('G\r');
		const undone = await frameWhere(lastFrame, (text) => text.includes('taken back: every server of bw. down'));
		expect(undone).not.toContain('WHAT-IF');
		expect(undone).toContain('ANSWER');
	});

	it('keeps the findings list\'s cursor on a finding when a change shrinks the list under it', async () => {
		// A break test: the 4th finding selected, then every server of bw. down: 2 findings, no row lit, an empty
		// detail, and Enter doing nothing until k was pressed.
		const measured = await labTrace('www.nic.bw.', 'A', {timeoutMs: 250});
		const {lastFrame, stdin} = render(<WhatIfExplorer measured={measured} />);
		await frameWhere(lastFrame, (text) => text.includes('bw. — 4 server addresses'));
		stdin.write('f');
		await frameWhere(lastFrame, (text) => /Findings \(\d+\)/u.test(text));
		stdin.write('jjjjjjjj');
		await new Promise((resolve) => setTimeout(resolve, 100));
		stdin.write('\u001B');
		await frameWhere(lastFrame, (text) => !/Findings \(\d+\)/u.test(text));
		stdin.write('w');
		await frameWhere(lastFrame, (text) => text.includes('What if…'));
		stdin.write('\r');
		await frameWhere(lastFrame, (text) => text.includes('WHAT-IF (1 assumed'));
		stdin.write('f');
		const shrunk = await frameWhere(lastFrame, (text) => /Findings \(\d+\)/u.test(text));
		const count = Number(/Findings \((\d+)\)/u.exec(shrunk)![1]);
		expect(count).toBeLessThan(8);
		// The last finding is lit, with its detail: its "Who can fix it" is drawn.
		expect(shrunk).toContain('Who can fix it');
	});

	it('offers removing a DS only where the parent served one', async () => {
		const trace = await labTrace('www.example.com.');
		const offered = (zone: string) => whatIfChoices(trace, {kind: 'zone', zone}).map((choice) => choice.change.kind);
		expect(offered('example.com.')).toContain('ds-remove');
		expect(offered('com.')).toContain('ds-remove');
		const puri = await labTrace('www.puri.sm.');
		expect(whatIfChoices(puri, {kind: 'zone', zone: 'sm.'}).map((choice) => choice.change.kind)).not.toContain('ds-remove');
	});

	it('says so, rather than "taken back", for a change the trace came with (--what-if), which stays', async () => {
		const given = applyChanges(await labTrace('www.nic.bw.', 'A', {timeoutMs: 250}), [{kind: 'zone-down', zone: 'bw.'}]);
		const {lastFrame, stdin} = render(<WhatIfExplorer measured={given} />);
		await frameWhere(lastFrame, (text) => text.includes('WHAT-IF (1 assumed'));
		stdin.write('w');
		await frameWhere(lastFrame, (text) => text.includes('undo: every server of bw. down'));
		stdin.write('G\r');
		const kept = await frameWhere(lastFrame, (text) => text.includes('kept: every server of bw. down came with the trace (--what-if, or the file)'));
		expect(kept).toContain('WHAT-IF (1 assumed');
		expect(kept).not.toContain('taken back:');
	});

	it('two changes picked in one chunk of keys are the two picked one key at a time', async () => {
		const measured = await labTrace('www.nic.bw.', 'A', {timeoutMs: 250});
		const slow = render(<WhatIfExplorer measured={measured} />);
		await frameWhere(slow.lastFrame, (text) => text.includes('bw. — 4 server addresses'));
		for (const key of ['w', 'j', '\r', 'w', 'j', 'j', '\r']) {
			slow.stdin.write(key);
			await new Promise((resolve) => setTimeout(resolve, 150));
		}
		const oneByOne = await frameWhere(slow.lastFrame, (text) => text.includes('WHAT-IF (2 assumed'));
		const fast = render(<WhatIfExplorer measured={measured} />);
		await frameWhere(fast.lastFrame, (text) => text.includes('bw. — 4 server addresses'));
		fast.stdin.write('wj\rwjj\r');
		const chunk = await frameWhere(fast.lastFrame, (text) => text.includes('WHAT-IF (2 assumed'));
		expect(chunk).toBe(oneByOne);
	});

	it('says why not while the trace still runs', async () => {
		const trace = await labTrace('www.example.com.', 'A');
		const {lastFrame, stdin} = render(<Explorer trace={trace} running onExport={async () => '/tmp/x.json'} onWhatIf={() => []} onQuit={() => undefined} />);
		await frameWhere(lastFrame, (text) => text.includes('example.com'));
		stdin.write('w');
		await frameWhere(lastFrame, (text) => text.includes('changes can be assumed once the trace has finished'));
	});
});

describe('the header of a trace given --what-if', () => {
	it('says WHAT-IF while the walk still measures, and that the first reply is as measured', async () => {
		const trace = await labTrace('www.nic.bw.', 'A', {timeoutMs: 250});
		// As it stands while bw.'s dead server is waited for: the root's referral decided, bw.'s step not yet.
		const [query, ...others] = trace.resolutions;
		const waiting: Trace = {...trace, resolutions: [{...query!, steps: query!.steps.slice(0, 1)}, ...others], outcome: {status: 'pending', records: [], atMs: 0}};
		const shown = async (columns: number) => {
			const terminal = renderSized(<Explorer trace={waiting} running whatIfPending={2} onExport={async () => ''} onQuit={() => {}} />, {columns, rows: 24});
			const frame = await frameWhere(() => terminal.lastFrame() ?? '', (text) => text.includes('first reply'));
			terminal.unmount();
			return frame.split('\n');
		};
		const [header, verdict] = await shown(120);
		// Before, the header was a measured trace's, and the ANSWER below read as the what-if's verdict.
		expect(header).toMatch(/^digdeeper WHAT-IF once measured \(2 given\) · www\.nic\.bw\. A {2}· {2}. analysing, [\d.]+ m?s {2}· {2}\d+ queries done, 2 zones$/u);
		expect(verdict).toBe('measuring (the what-if follows)… first reply: ANSWER from bw.: www.nic.bw. A 192.0.2.101');
		const [narrow] = await shown(80);
		expect(narrow).toMatch(/^WHAT-IF next · www\.nic\.bw\. A · . analysing, [\d.]+ m?s · \d+ queries done, 2 zones$/u);
		// Narrower, the counts go (the queries last) rather than be cut; the mark stays.
		const [narrower] = await shown(66);
		expect(narrower).toMatch(/^WHAT-IF next · www\.nic\.bw\. A · . analysing, [\d.]+ m?s · \d+ queries$/u);
		const [narrowest] = await shown(60);
		expect(narrowest).toMatch(/^WHAT-IF next · www\.nic\.bw\. A · . analysing, [\d.]+ m?s$/u);
	});

	it('says an export while it measures is of the measured trace, with no change in it', async () => {
		const measured = await labTrace('www.nic.bw.', 'A', {timeoutMs: 250});
		const {lastFrame, stdin} = render(<Explorer trace={{...measured, outcome: {status: 'pending', records: [], atMs: 0}}} running whatIfPending={1} onExport={async () => '/tmp/www.nic.bw-unfinished.json'} onQuit={() => {}} />);
		await frameWhere(lastFrame, (text) => text.includes('measuring'));
		stdin.write('e');
		await frameWhere(lastFrame, (text) => text.includes('measured snapshot (no what-if) written to /tmp/www.nic.bw-unfinished.json'));
	});

	it('marks the measured verdict as measured until the changes apply, after the walk has decided it too', async () => {
		// The walk has decided (ANSWER) and the changes are not applied yet: the analysis, or an added server being asked.
		const decided = await labTrace('www.nic.bw.', 'A', {timeoutMs: 250});
		const terminal = renderSized(<Explorer trace={decided} running whatIfPending={1} onExport={async () => ''} onQuit={() => {}} />, {columns: 100, rows: 24});
		const frame = await frameWhere(() => terminal.lastFrame() ?? '', (text) => text.includes('measured:'));
		terminal.unmount();
		// Before, "ANSWER from bw." stood unmarked for as long as an added server took to answer.
		expect(frame.split('\n')[1]).toBe('measuring (the what-if follows)… measured: ANSWER from bw.: www.nic.bw. A 192.0.2.101');
	});

	it('keeps WHAT-IF and the counts at 80 columns, in fewer words', async () => {
		const measured = await labTrace('www.nic.bw.', 'A', {timeoutMs: 250});
		const assumed = withAnalysis(applyChanges(measured, [{kind: 'zone-down', zone: 'bw.'}]), {anchors: anchors()});
		const narrow = renderSized(<Explorer trace={assumed.trace} analysis={assumed.analysis} running={false} onExport={async () => ''} onQuit={() => {}} />, {columns: 80, rows: 24});
		const header = (await frameWhere(() => narrow.lastFrame() ?? '', (text) => text.includes('FAILURE'))).split('\n')[0]!;
		// The whole mark cut the counts off ("… · 124 queries, 2…"); w still lists the changes.
		expect(header).toMatch(new RegExp(`^WHAT-IF · www\\.nic\\.bw\\. A · done [\\d.]+ m?s · ${assumed.trace.stats.queries} queries, 2 zones$`, 'u'));
		narrow.unmount();
		const wide = renderSized(<Explorer trace={assumed.trace} analysis={assumed.analysis} running={false} onExport={async () => ''} onQuit={() => {}} />, {columns: 120, rows: 24});
		expect((await frameWhere(() => wide.lastFrame() ?? '', (text) => text.includes('FAILURE'))).split('\n')[0]).toMatch(/^digdeeper WHAT-IF \(1 assumed, w lists them\) · www\.nic\.bw\. A {2}· {2}all done at /u);
		wide.unmount();
	});
});

