import {describe, expect, it} from 'vitest';
import {zoneFileName} from '../../source/commands/survey-file.js';

describe("a survey's snapshot file for each zone", () => {
	it('keeps a plain name as it reads, without the final dot', () => {
		expect(zoneFileName('bw.')).toBe('bw.json');
		expect(zoneFileName('nic.xn--wgbh1c.')).toBe('nic.xn--wgbh1c.json');
	});

	it('is one file per zone: names that differ only in characters a file name cannot keep stay apart', () => {
		const zones = ['foo_bar.', 'foo/bar.', 'foo-bar.', 'foo\\032bar.', 'foo\\.bar.', 'root.', '.', '_root.'];
		const files = zones.map(zoneFileName);
		expect(files).toEqual(['foo_5fbar.json', 'foo_2fbar.json', 'foo-bar.json', 'foo_5c032bar.json', 'foo_5c.bar.json', 'root.json', '_root.json', '_5froot.json']);
		expect(new Set(files).size).toBe(zones.length);
		// Where the file system ignores case, still one file each: nothing but lower-case letters is written as it is.
		expect(new Set(files.map((file) => file.toLowerCase())).size).toBe(zones.length);
	});

	it('fits a file name when the zone name is as long as a name can be, and two such names stay apart', () => {
		const long = (last: string) => `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(60)}${last}.`;
		const [one, other] = [zoneFileName(long('x')), zoneFileName(long('y'))];
		expect(one.length).toBeLessThanOrEqual(205);
		expect(one).toMatch(/^a{63}\.b{63}\.c{55}_[0-9a-f]{16}\.json$/u);
		expect(one).not.toBe(other);
	});
});
