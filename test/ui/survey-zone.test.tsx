import {beforeAll, describe, expect, it} from 'vitest';
import {withAnalysis} from '../../source/analysis/analyze.js';
import type {OpenedSnapshot} from '../../source/commands/open-command.js';
import {SurveyZone} from '../../source/commands/survey-explore.js';
import type {Name} from '../../source/dns/name.js';
import {summarizeZone} from '../../source/survey/zone-summary.js';
import type {SurveyRow} from '../../source/ui/survey/survey-rows.js';
import {TOOL} from '../../source/version.js';
import {frameWhere} from '../helpers/frames.js';
import {labTrace, labWorld} from '../helpers/lab.js';
import {renderSized} from '../helpers/terminal.js';

/** A zone of `survey --lab nosuch. www.example.com. com.` as the list holds it, and its trace as opening it reads it. */
async function surveyed(zone: string): Promise<{row: SurveyRow; opened: OpenedSnapshot}> {
	const world = labWorld();
	const anchors = {source: 'lab', records: world.trustAnchor.filter((record) => record.type === 'DS')};
	const analysed = withAnalysis(await labTrace(zone, 'SOA', {world, timeoutMs: 1000, retries: 0}), {anchors});
	return {row: {summary: summarizeZone(zone as Name, analysed), snapshot: `/surveys/${zone}json`}, opened: {...analysed, takenWith: TOOL}};
}

const zone = (opened: {row: SurveyRow; opened: OpenedSnapshot}) => renderSized(<SurveyZone {...opened} onBack={() => {}} onInterrupt={() => {}} />, {columns: 80, rows: 24});

type Surveyed = Awaited<ReturnType<typeof surveyed>>;
let nosuch: Surveyed;
let inside: Surveyed;
let com: Surveyed;
beforeAll(async () => {
	[nosuch, inside, com] = await Promise.all([surveyed('nosuch.'), surveyed('www.example.com.'), surveyed('com.')]);
});

describe('a zone opened from the survey says what the survey judged', () => {
	it("counts a TLD the root denies as the list does, and shows the survey's finding and whose judgement it is", async () => {
		// The trace's own analysis has nothing to say: an NXDOMAIN is an honest answer to `nosuch. SOA`.
		expect(nosuch.opened.analysis.findings.filter((finding) => finding.severity === 'error')).toEqual([]);
		expect(nosuch.row.summary.findings.map((finding) => finding.code)).toEqual(['DELEGATION_MISSING']);
		const frame = await frameWhere(zone(nosuch).lastFrame, (text) => text.includes('judged no zone'));
		expect(frame).toContain('NXDOMAIN from .  ·  DNSSEC secure  ·  1 error, 0 warnings');
		expect(frame).not.toContain('0 errors');
		expect(frame).toContain('ERROR DELEGATION_MISSING: nosuch.: the');
		expect(frame).toContain('nosuch. judged no zone by the survey (DELEGATION_MISSING) · Esc or q: the list');
	});

	it("keeps the survey's count of errors in the header at 40×10", async () => {
		const {lastFrame} = renderSized(<SurveyZone {...nosuch} onBack={() => {}} onInterrupt={() => {}} />, {columns: 40, rows: 10});
		const frame = await frameWhere(lastFrame, (text) => text.includes('judged no zone'));
		expect(frame.split('\n')[1]).toBe('NXDOMAIN from . · secure · 1 err, 0 warn');
	});

	it('says a name inside its parent is no zone (NOT_A_ZONE), as its row does', async () => {
		expect(inside.row.summary.findings[0]?.code).toBe('NOT_A_ZONE');
		const frame = await frameWhere(zone(inside).lastFrame, (text) => text.includes('judged no zone'));
		expect(frame).toContain('1 error, 0 warnings');
		expect(frame).toContain('www.example.com. judged no zone by the survey (NOT_A_ZONE) · Esc or q: the list');
	});

	it('adds nothing to a zone that is one', async () => {
		const frame = await frameWhere(zone(com).lastFrame, (text) => text.includes('from the survey'));
		expect(frame).toContain('DNSSEC secure  ·  0 errors, 0 warnings');
		expect(frame).toContain('com. from the survey: Esc or q goes back to the list');
	});
});
