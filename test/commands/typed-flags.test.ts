import fc from 'fast-check';
import meow from 'meow';
import {describe, expect, it} from 'vitest';
import {FLAGS} from '../../source/commands/flag-table.js';
import {attachedShortFlag, flagNamesIn, meowTyped, shortFlags, untypedValues} from '../../source/commands/typed-flags.js';

/** meow as main() called it before: told of every flag. */
const meowWhole = (argv: string[]) => meow('help', {importMeta: import.meta, pkg: {name: 'digdeeper', version: '0'}, argv, autoVersion: false, allowUnknownFlags: true, flags: FLAGS});
const meowShown = (argv: string[]) => meowTyped('help', {importMeta: import.meta, pkg: {name: 'digdeeper', version: '0'}, argv, autoVersion: false, allowUnknownFlags: true, flags: FLAGS});

/** What meow made of a command line, or what it threw. */
function outcome(read: () => {flags: object; input: string[]}): object {
	try {
		const {flags, input} = read();
		return {flags, input};
	} catch (error) {
		return {threw: (error as Error).message};
	}
}

/** The words of a command line, as main() hands them to meow (its own short flags already spelled out). */
const WORDS = ['www.example.com', 'MX', '-o', 'out.json', '--json', '--text', '--report', '--force', '--hints', 'lab.hints', '--trust-anchor', 'a.ds', '--trust-anchor=b.ds', '--port', '5300', '--port=53', '--ipv4', '--ipv6', '--timeout', '300', '--retries', '0', '--no-dnssec', '--dnssec', '--no-rdap', '--rdap-bootstrap', 'dns.json', '--expiry-warning', '7', '--lab', '--latency-scale', '0', '--lab-tlds', '300', '--lab-seed', '4', '--address', '127.77.0.1', '--dir', '/tmp', '--format', 'html', '--watch=10s', '--count', '2', '--quiet', '--type', 'AAAA', '--file', 'zones.txt', '--concurrency', '8', '--rate', '100', '--shard', '1/2', '--since', 'old', '--tlds', '--resolvers', 'system', '--step', '--what-if', 'down ns1.example.com', '--what-if=zone-down com.', '--at=-1d', '--port', 'abc', '--', '-h', '@127.77.0.1', '--unknown', '--timeout=', '-', 'open', 'report', '-o=x.json', '-ox', '-o/tmp/x', '-o5', '-oo', '-x', '-xo', '-o=', '--'];

describe('meow shown only the flags typed', () => {
	it('gives every flag not typed what meow gives it: its default, [] when repeatable, false for a switch', () => {
		expect(untypedValues(FLAGS)).toEqual(meowWhole([]).flags);
		expect(untypedValues({n: {type: 'number'}, many: {type: 'string', isMultiple: true, default: ['x']}, on: {type: 'boolean'}})).toEqual({many: ['x'], on: false});
	});

	it('names the flags typed as meow does, the short ones by the table', () => {
		expect(shortFlags(FLAGS)).toEqual({o: 'output'});
		expect(flagNamesIn(['www.example.com', '--no-dnssec', '--trust-anchor=a.ds', '-o', 'x', '--latency-scale', '0', '--help', '--', '--json'], FLAGS)).toEqual(['dnssec', 'trustAnchor', 'output', 'latencyScale']);
		expect(flagNamesIn(['-o=x.json', '-o/tmp/x', '-ox', '-x=1'], FLAGS)).toEqual(['output', 'output']);
	});

	it('tells a short flag with its value attached from a group of short flags, as meow does', () => {
		expect(['-o=x.json', '-o=', '-o/tmp/x', '-o5', '-ox', '-o', '--o=x'].map(attachedShortFlag)).toEqual([{letter: 'o', value: 'x.json'}, {letter: 'o', value: ''}, {letter: 'o', value: '/tmp/x'}, {letter: 'o', value: '5'}, undefined, undefined, undefined]);
	});

	it('reads a value given with -o as meow told of every flag reads it, written in any of the ways it takes', () => {
		for (const attached of ['-o=x.json', '-o/tmp/x.json', '-o5']) {
			const argv = ['www.example.com', '--text', attached];
			expect(meowShown(argv).flags).toEqual(meowWhole(argv).flags);
			expect(meowShown(argv).flags.output).toBe(attached.replace(/^-o=?/u, ''));
		}
		expect(meowShown(['-h', '--', '-o']).flags).toEqual(meowWhole(['-h', '--', '-o']).flags);
	});

	it('reads a trace’s command line as meow told of every flag reads it', () => {
		const argv = ['www.example.com', '--hints', 'lab.hints', '--trust-anchor', 'lab.anchor', '--port', '5396', '--ipv4', '--no-rdap', '--json'];
		const whole = meowWhole(argv);
		const shown = meowShown(argv);
		expect(shown.flags).toEqual(whole.flags);
		expect(shown.input).toEqual(whole.input);
		expect(shown.flags).toMatchObject({hints: 'lab.hints', trustAnchor: ['lab.anchor'], port: 5396, ipv4: true, rdap: false, dnssec: true, json: true, timeout: 1500});
	});

	it('reads any command line of these words as meow told of every flag reads it', () => {
		fc.assert(
			fc.property(fc.array(fc.constantFrom(...WORDS), {maxLength: 12}), (argv) => {
				// A number flag given text is NaN in both (main() names it; toEqual takes NaN as equal to NaN). A flag that takes
				// one value, given twice, makes both throw (main() gives meow no words then, and names the flag itself).
				expect(outcome(() => meowShown(argv))).toEqual(outcome(() => meowWhole(argv)));
			}),
			{numRuns: 2000},
		);
	});
});
