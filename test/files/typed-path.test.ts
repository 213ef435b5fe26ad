import {describe, expect, it} from 'vitest';
import {typedPath} from '../../source/files/typed-path.js';

describe('a file name typed at the explorer\'s o and D prompts', () => {
	it('reads ~ and ~/… as the home directory, as a shell would', () => {
		expect(typedPath('~/traces/x.json', '/home/ana')).toBe('/home/ana/traces/x.json');
		expect(typedPath('~', '/home/ana')).toBe('/home/ana');
	});

	it('leaves everything else as typed: relative, absolute, ~user, a ~ inside a name', () => {
		for (const text of ['x.json', './x.json', '/tmp/x.json', '~ana/x.json', 'a~/x.json', '']) expect(typedPath(text, '/home/ana')).toBe(text);
	});
});
