import {describe, expect, it} from 'vitest';
import {withAnalysis} from '../../source/analysis/analyze.js';
import {INTERNET} from '../../source/lab/internet.js';
import {buildWorld, type WorldSpec} from '../../source/lab/world.js';
import {renderTraceText} from '../../source/text/trace-text.js';
import {labTrace, labWorld} from '../helpers/lab.js';

/** The --text lines of the SUB-TRACES section that look a name server up. */
async function subtraceLines(world: ReturnType<typeof buildWorld>) {
	const trace = await labTrace('www.shop.com', 'A', {world, families: [4], timeoutMs: 100});
	const text = String(renderTraceText(withAnalysis(trace, {anchors: {source: 'lab', records: world.trustAnchor}}), {toolVersion: 'test'}));
	return text.split('\n').filter((line) => line.startsWith(';   '));
}

describe('the SUB-TRACES section of --text', () => {
	it('gives each glueless name server\'s address as the look-up found it', async () => {
		expect(await subtraceLines(labWorld())).toEqual([
			';   ns1.dnsprovider.net. A for shop.com.: 127.77.11.1  [. → net. → dnsprovider.net.]',
			';   ns2.dnsprovider.net. A for shop.com.: 127.77.111.2  [. → net. → dnsprovider.net.]',
		]);
	});

	it('names the addresses other servers of the name\'s zone gave too: the zone was asked at those as well', async () => {
		// ns2.dnsprovider.net. serves a copy of dnsprovider.net. that gives ns1 another address, where nothing answers.
		const provider = INTERNET.zones.find((zone) => zone.origin === 'dnsprovider.net.')!;
		const stale = {origin: provider.origin, text: provider.text.replace('127.77.11.1', '127.77.11.9')};
		const spec: WorldSpec = {...INTERNET, servers: INTERNET.servers.map((server) => (server.name === 'ns2.dnsprovider.net.' ? {...server, zones: server.zones.map((zone) => (zone.zone === provider.origin ? {...zone, copy: stale} : zone))} : server))};
		expect(await subtraceLines(buildWorld(spec))).toEqual([
			';   ns1.dnsprovider.net. A for shop.com.: 127.77.11.1; other servers\' answers gave 127.77.11.9 too  [. → net. → dnsprovider.net.]',
			';   ns2.dnsprovider.net. A for shop.com.: 127.77.111.2  [. → net. → dnsprovider.net.]',
		]);
	});
});
