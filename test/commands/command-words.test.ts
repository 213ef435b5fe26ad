import {describe, expect, it} from 'vitest';
import {asksRegistries} from '../../source/commands/command-words.js';

describe('whether a run will ask the registries, as the bin guesses before the program loads', () => {
	it('is yes for a trace of a name, whatever it prints, and after an option that takes a value', () => {
		expect(asksRegistries(['www.example.com'])).toBe(true);
		expect(asksRegistries(['www.example.com', '--json'])).toBe(true);
		expect(asksRegistries(['--hints', 'lab.hints', 'www.example.com', '--port', '5300', '-4'])).toBe(true);
		expect(asksRegistries(['--watch', 'www.example.com', '--count', '2'])).toBe(true);
		// After `--` every word is a name, even one spelled as an option.
		expect(asksRegistries(['--', '--version'])).toBe(true);
		// @SERVER, anywhere, is where the root's servers are asked: the name is the word after it.
		expect(asksRegistries(['@127.0.0.1', 'www.example.com'])).toBe(true);
	});

	it('is no for another command (after an @SERVER too), no name, the lab, --no-rdap, help, --help and --version', () => {
		for (const words of [['open', 'trace.json'], ['survey', 'zones.txt'], ['lab', 'serve'], ['diff', 'a.json', 'b.json'], [], ['--json'], ['www.example.com', '--lab'], ['www.example.com', '--no-rdap'], ['www.example.com', '--rdap=false'], ['--help'], ['-h'], ['--version'], ['help'], ['help', 'www.example.com'], ['@127.0.0.1', 'open', 'trace.json'], ['@127.0.0.1']]) {
			expect(asksRegistries(words), words.join(' ')).toBe(false);
		}
	});
});
