import {describe, expect, it} from 'vitest';
import type {Name} from '../../source/dns/name.js';
import type {ZoneSummary} from '../../source/survey/zone-summary.js';
import {surveyZoneLine} from '../../source/text/survey-text.js';

function zone(servers: ZoneSummary['servers'], serials: number[], dnssec: ZoneSummary['dnssec']): ZoneSummary {
	return {zone: 'govose.' as Name, servers, serials, dnssec, findings: [], probes: {total: 40, shared: 10}};
}

describe('survey --text lines', () => {
	it('keep the DNSSEC column and the findings where they are, whatever the serials, servers and status say', () => {
		const lines = [
			zone({answering: 3, total: 3}, [2024101582], 'secure'),
			zone({answering: 3, total: 3}, [2024101582, 2024101082], 'secure'),
			zone({answering: 11, total: 12}, [4294967295, 2024101082, 1], 'unanchored'),
			zone({answering: 0, total: 0}, [], 'no-zone'),
		].map((summary) => surveyZoneLine(summary));
		expect(lines[1]).toBe(`govose.              3/3 answering     serials 2024101582…2024101082 (2)   secure             no findings\n`);
		expect(lines[2]).toBe(`govose.              11/12 answering   serials 4294967295…1 (3)            outside validation no findings\n`);
		const words = ['secure', 'secure', 'outside validation', 'no zone'];
		// Each line's DNSSEC status and findings start in the same column as every other line's.
		expect(lines.map((line, index) => [line.indexOf(` ${words[index]} `) + 1, line.indexOf('no findings')])).toEqual(Array.from({length: 4}, () => [75, 94]));
	});
});
