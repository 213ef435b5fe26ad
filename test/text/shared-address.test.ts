import {describe, expect, it} from 'vitest';
import {withAnalysis} from '../../source/analysis/analyze.js';
import {INTERNET} from '../../source/lab/internet.js';
import {buildWorld, type WorldSpec} from '../../source/lab/world.js';
import {summarizeZone} from '../../source/survey/zone-summary.js';
import {renderReport} from '../../source/text/report.js';
import {renderTraceText} from '../../source/text/trace-text.js';
import {labTrace} from '../helpers/lab.js';

/**
 * The lab's internet with ns2.example.com. moved onto ns1's address (glue at com. and the zone's own records): one
 * host known by two names, as a small zone often is. `down`: that host answers nothing.
 */
async function sharedAddress(down: boolean) {
	const share = (text: string) => text.replaceAll('127.77.110.2', '127.77.10.1');
	const spec: WorldSpec = {
		...INTERNET,
		zones: INTERNET.zones.map((zone) => (zone.origin === 'com.' || zone.origin === 'example.com.' ? {...zone, text: share(zone.text)} : zone)),
		servers: INTERNET.servers.map((server) => (server.name === 'ns1.example.com.' ? {...server, down} : server)),
	};
	const world = buildWorld(spec);
	const trace = await labTrace('www.example.com', 'A', {world, families: [4], timeoutMs: 100});
	return withAnalysis(trace, {anchors: {source: 'lab', records: world.trustAnchor}});
}

describe('two name servers at one address', () => {
	it('are one server address in the report\'s path, the --text summary and the survey, and two name servers in the zone\'s heading', async () => {
		const analysed = await sharedAddress(false);
		const report = String(renderReport(analysed, {format: 'text', toolVersion: 'test'}));
		expect(report).toContain('  example.com.: 1/1 server addresses answering; answer');
		const text = String(renderTraceText(analysed, {toolVersion: 'test'}));
		expect(text).toContain('example.com.  (delegated by com.; 2 name servers: ns1.example.com. ns2.example.com.)');
		// 4 root addresses, 2 of com., 1 of example.com.
		expect(text).toContain(' to 7 server addresses in 3 zones');
		expect(summarizeZone('example.com.', analysed).servers).toEqual({answering: 1, total: 1});
	});

	it('that answers nothing is one address that gave nothing: in ZONE_UNREACHABLE\'s words, its servers, and the report\'s path', async () => {
		const analysed = await sharedAddress(true);
		const unreachable = analysed.analysis.findings.find((finding) => finding.code === 'ZONE_UNREACHABLE' && finding.zone === 'example.com.')!;
		expect(unreachable.message).toMatch(/^example\.com\.: none of its 1 server address gave a usable answer \(/u);
		expect(unreachable.servers).toEqual(['127.77.10.1']);
		const timeout = analysed.analysis.findings.find((finding) => finding.code === 'SERVER_TIMEOUT' && finding.zone === 'example.com.')!;
		expect(timeout.servers).toEqual(['127.77.10.1']);
		expect(timeout.explanation).toContain('The zone\'s only server address times out');
		expect(String(renderReport(analysed, {format: 'text', toolVersion: 'test'}))).toContain('  example.com.: 0/1 server addresses answering; failure');
	});
});
