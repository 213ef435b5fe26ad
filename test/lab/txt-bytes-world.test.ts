import {describe, expect, it} from 'vitest';
import {withAnalysis} from '../../source/analysis/analyze.js';
import {presentRecord} from '../../source/dns/present.js';
import {buildWorld, type WorldSpec} from '../../source/lab/world.js';
import {labTrace, probeFor, serverOf, zoneOf} from '../helpers/lab.js';
import {openText, saved} from '../helpers/snapshots.js';

/*
 * A signed zone whose TXT strings are Latin-1 and binary, written in its master file as `\DDD`: the lab serves those
 * very bytes, signed over them, and the trace, its analysis and its snapshot opened again all keep them.
 */
const WORLD: WorldSpec = {
	roots: ['a.root.bytes-lab.'],
	stories: [],
	servers: [
		{name: 'a.root.bytes-lab.', ipv4: '127.77.201.1', zones: [{zone: '.'}]},
		{name: 'ns1.bytes.test.', ipv4: '127.77.201.2', zones: [{zone: 'bytes.test.'}]},
	],
	zones: [
		{origin: '.', signing: {algorithm: 13}, text: '$TTL 86400\n@ SOA a.root.bytes-lab. h.bytes-lab. 1 1800 900 604800 86400\n@ NS a.root.bytes-lab.\na.root.bytes-lab. A 127.77.201.1\nbytes.test. NS ns1.bytes.test.\nns1.bytes.test. A 127.77.201.2'},
		{
			origin: 'bytes.test.',
			signing: {algorithm: 13},
			text: '$TTL 3600\n@ SOA ns1.bytes.test. hostmaster.bytes.test. 1 7200 3600 1209600 3600\n@ NS ns1.bytes.test.\nns1 A 127.77.201.2\nwww TXT "caf\\233" "\\128\\255\\000" "Grüße"',
		},
	],
};

describe('a signed TXT record of Latin-1 and binary strings in the lab', async () => {
	const world = buildWorld(WORLD);
	const trace = await labTrace('www.bytes.test.', 'TXT', {world, families: [4]});
	const shown = 'www.bytes.test.\t3600\tIN\tTXT\t"caf\\233" "\\128\\255\\000" "Grüße"';

	it('is served as the bytes its zone file says, not as their UTF-8 replacement', () => {
		const probe = probeFor(serverOf(zoneOf(trace, 'bytes.test.'), '127.77.201.2'), 'www.bytes.test.', 'TXT');
		const raw = Buffer.from(probe.raw!, 'base64');
		expect(raw.includes(Buffer.from([4, 0x63, 0x61, 0x66, 0xe9, 3, 0x80, 0xff, 0x00]))).toBe(true);
		expect(raw.includes(Buffer.from([0xef, 0xbf, 0xbd]))).toBe(false);
	});

	it('validates as secure, and is shown as dig shows it', () => {
		const {analysis} = withAnalysis(trace, {anchors: {source: 'lab', records: world.trustAnchor}});
		expect(analysis.dnssec.outcome.status).toBe('secure');
		expect(trace.outcome.status === 'answer' && trace.outcome.records.filter((record) => record.type === 'TXT').map(presentRecord)).toEqual([shown]);
	});

	it('is judged and shown the same from its snapshot, decoded again from the bytes kept', () => {
		const opened = openText(saved(trace, world));
		if (!('opened' in opened)) throw new Error(opened.line);
		expect(opened.opened.analysis.dnssec.outcome.status).toBe('secure');
		expect(opened.text).toContain(shown);
	});

	it('is judged and shown the same from a snapshot an older version wrote, whose decoded strings lost the bytes', () => {
		const file = JSON.parse(saved(trace, world));
		const decodedTxt = (Object.values(file.messages) as Array<{decoded?: {answer: Array<{type: string; data: {strings: string[]}}>}}>).flatMap((message) => message.decoded?.answer.filter((record) => record.type === 'TXT') ?? []);
		expect(decodedTxt.length).toBeGreaterThan(0);
		for (const record of decodedTxt) record.data.strings = ['caf\ufffd', '\ufffd\ufffd\u0000', 'Grüße'];
		const opened = openText(JSON.stringify(file));
		if (!('opened' in opened)) throw new Error(opened.line);
		expect(opened.opened.analysis.dnssec.outcome.status).toBe('secure');
		expect(opened.text).toContain(shown);
	});
});
