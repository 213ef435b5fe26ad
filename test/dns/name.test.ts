import {describe, expect, it} from 'vitest';
import {ancestry, fqdn, InvalidNameError, isAtOrBelow, isStrictlyBelow, labels, nameFromLabels, parentName, parseUserName, substituteSuffix, toUnicode, wireLabels, wireLength} from '../../source/dns/name.js';

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

describe('a Name is the presentation form of its wire labels, as dig prints it', () => {
	const bytes = (...labels: Array<string | number[]>) => labels.map((label) => (typeof label === 'string' ? Buffer.from(label, 'latin1') : Uint8Array.from(label)));

	it('writes a dot, a backslash and a master file\'s specials inside a label after a backslash', () => {
		expect(nameFromLabels(bytes('www.bank', 'evil'))).toBe('www\\.bank.evil.');
		expect(nameFromLabels(bytes('a\\b', 'evil'))).toBe('a\\\\b.evil.');
		expect(nameFromLabels(bytes('"();@$', 'evil'))).toBe('\\"\\(\\)\\;\\@\\$.evil.');
	});

	it('writes bytes at or below a space, DEL and above as three decimal digits, and lower-cases ASCII only', () => {
		expect(nameFromLabels(bytes([0, 0x20, 0x09, 0x7f, 0xc0, 0xff], 'EVIL'))).toBe('\\000\\032\\009\\127\\192\\255.evil.');
		expect(nameFromLabels(bytes([0xc4]))).toBe('\\196.');
		expect(nameFromLabels([])).toBe('.');
	});

	it('reads every escape back into the same bytes, and normalises what was not written canonically', () => {
		expect(wireLabels('www\\.bank.evil.').map((label) => Buffer.from(label).toString('latin1'))).toEqual(['www.bank', 'evil']);
		expect(fqdn('\\097\\066c.Evil')).toBe('abc.evil.');
		expect(fqdn('a\\ b.evil.')).toBe('a\\032b.evil.');
		expect(fqdn('a\\\\.evil.')).toBe('a\\\\.evil.');
		expect(wireLength('a\\.b.evil.')).toBe(1 + 3 + 1 + 4 + 1);
	});

	it('counts labels, finds parents and judges bailiwick label by label', () => {
		expect(labels('a\\.b.evil.')).toEqual(['a\\.b', 'evil']);
		expect(labels('a\\\\.b.evil.')).toEqual(['a\\\\', 'b', 'evil']);
		expect(parentName('a\\.b.evil.')).toBe('evil.');
		expect(ancestry('x.a\\.b.evil.')).toEqual(['x.a\\.b.evil.', 'a\\.b.evil.', 'evil.', '.']);
		expect(isAtOrBelow('a\\.b.evil.', 'evil.')).toBe(true);
		expect(isAtOrBelow('a\\.b.evil.', 'b.evil.')).toBe(false);
		expect(isStrictlyBelow('www\\.bank.evil.', 'bank.evil.')).toBe(false);
		// An escaped backslash before a dot leaves the dot a separator: `a\\` then `b`.
		expect(isAtOrBelow('a\\\\.b.evil.', 'b.evil.')).toBe(true);
		expect(substituteSuffix('x\\.y.old.example.', 'old.example.', 'new.example.')).toBe('x\\.y.new.example.');
	});

	it('reads escapes a person types, and says what is wrong with a bad one', () => {
		expect(parseUserName('WWW\\.Bank.com')).toEqual({name: 'www\\.bank.com.', unicode: 'www\\.bank.com.'});
		expect(parseUserName('a\\032b.example').name).toBe('a\\032b.example.');
		expect(() => parseUserName('a\\256.example')).toThrow(/the escape \\256, which is not a byte \(at most \\255\)/u);
		expect(() => parseUserName('example\\')).toThrow(/ends in a lone backslash/u);
		expect(() => parseUserName('a\\12.example')).toThrow(/three digits/u);
		// `a\.` is a label ending in a dot, then comes `b`: not an empty label.
		expect(parseUserName('a\\..b').name).toBe('a\\..b.');
		expect(() => parseUserName('a\\.\\256')).toThrow(InvalidNameError);
	});

	it('shows A-labels as Unicode only where the label is plain letters, digits and hyphens', () => {
		expect(toUnicode('xn--bcher-kva.a\\.b.example.')).toBe('bücher.a\\.b.example.');
		expect(toUnicode('xn--bcher-kva\\.x.example.')).toBe('xn--bcher-kva\\.x.example.');
	});
});
