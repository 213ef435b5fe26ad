import {describe, expect, it} from 'vitest';
import {ancestry, fqdn, InvalidNameError, isAtOrBelow, parseUserName, substituteSuffix, toUnicode} from '../../source/dns/name.js';

describe('names', () => {
	it('adds the trailing dot and lower-cases what a person types', () => {
		expect(parseUserName('WWW.Example.COM').name).toBe('www.example.com.');
		expect(parseUserName('www.example.com.').name).toBe('www.example.com.');
	});

	it('converts Unicode names to A-labels per UTS-46 and keeps both forms', () => {
		expect(parseUserName('Bücher.example')).toEqual({name: 'xn--bcher-kva.example.', unicode: 'bücher.example.'});
		expect(parseUserName('پاکستان').name).toBe('xn--mgbai9azgqp6j.');
		expect(toUnicode('xn--mgbai9azgqp6j.')).toBe('پاکستان.');
	});

	it('keeps underscores, which service names use', () => {
		expect(parseUserName('_dmarc.example.com').name).toBe('_dmarc.example.com.');
	});

	it('rejects empty labels, over-long labels and over-long names', () => {
		expect(() => parseUserName('a..b')).toThrow(InvalidNameError);
		expect(() => parseUserName(`${'a'.repeat(64)}.com`)).toThrow(/64 octets; the limit is 63/u);
		expect(() => parseUserName(Array.from({length: 50}, () => 'abcde').join('.'))).toThrow(/limit is 255/u);
		expect(() => parseUserName('')).toThrow(/empty/u);
	});

	it('normalises wire names and walks up the tree', () => {
		expect(fqdn('COM')).toBe('com.');
		expect(fqdn('')).toBe('.');
		expect(ancestry('www.example.com.')).toEqual(['www.example.com.', 'example.com.', 'com.', '.']);
		expect(isAtOrBelow('www.example.com.', 'example.com.')).toBe(true);
		expect(isAtOrBelow('badexample.com.', 'example.com.')).toBe(false);
	});

	it('substitutes a DNAME owner by its target', () => {
		expect(substituteSuffix('www.old.example.', 'old.example.', 'new.example.')).toBe('www.new.example.');
	});
});
