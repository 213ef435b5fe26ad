import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {isoTime} from '../../source/trace/walk.js';

describe("isoTime, a trace's start as Date#toISOString writes it", () => {
	it('writes the form toISOString writes', () => {
		expect(isoTime(new Date(Date.UTC(2026, 11, 1, 5, 7, 9, 42)))).toBe('2026-12-01T05:07:09.042Z');
		expect(isoTime(new Date('0099-03-04T05:06:07.008Z'))).toBe('0099-03-04T05:06:07.008Z');
		expect(isoTime(new Date('+012345-01-01T00:00:00.000Z'))).toBe('+012345-01-01T00:00:00.000Z');
	});

	it('agrees with toISOString on any time, years before 0 and after 9999 included', () => {
		fc.assert(
			fc.property(fc.integer({min: -8.64e15, max: 8.64e15}), (ms) => {
				const date = new Date(ms);
				expect(isoTime(date)).toBe(date.toISOString());
			}),
			{numRuns: 20_000},
		);
	});
});
