/*
 * Fuzzing the snapshot reader with real files, mutated the ways a hostile one would be: a field's type changed, a
 * field deleted, prototype keys and references injected, huge, negative and NaN-ish numbers, control bytes and OSC
 * sequences in strings, raw bytes flipped, deep nesting, truncation. Every file must open (judged again from its
 * raw bytes) or be refused with the one line the CLI prints; nothing else may be thrown, and no ESC, BEL or C1
 * byte may reach the line, the --text view or the report.
 */
import {mkdtemp, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {diffTraces} from '../../source/compare/diff.js';
import {HOSTILE} from '../../source/lab/hostile-world.js';
import {buildWorld} from '../../source/lab/world.js';
import {renderDiff} from '../../source/text/diff-text.js';
import {cli} from '../helpers/cli.js';
import {ESCAPES, expectTerminalSafe, openText, savedLabTrace} from '../helpers/snapshots.js';

type Json = null | boolean | number | string | Json[] | {[key: string]: Json};

const hostile = buildWorld(HOSTILE);
/** Small real snapshots: an IDN NXDOMAIN, a CNAME chain over the limit, terminal escapes in TXT data. */
const bases: string[] = [
	await savedLabTrace('nic.xn--wgbh1c.', 'A', {timeoutMs: 40}),
	await savedLabTrace('c0.chain.evil.', 'A', {world: hostile, families: [4], timeoutMs: 40}),
	await savedLabTrace('www.tty.evil.', 'TXT', {world: hostile, families: [4], timeoutMs: 40}),
];

const opened = bases.map((text) => {
	const result = openText(text);
	if ('line' in result) throw new Error(`a base snapshot does not open: ${result.line}`);
	return result.opened;
});

const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty'] as const;
const DEEP = '\u0000deep';

/** Values a hostile file puts where another belongs. */
const hostileValue: fc.Arbitrary<Json> = fc.oneof(
	fc.constantFrom<Json>(null, true, false, 0, -1, -0.5, 1e308, 2 ** 53 + 2, -(2 ** 31), 65_536, '', 'NaN', 'Infinity', '-1', [], {}, [[[]]], {status: 'answered'}),
	fc.constantFrom<Json>(...PROTOTYPE_KEYS),
	fc.constantFrom<Json>('\u001b]0;pwned\u0007', '\u001b]52;c;ZXZpbA==\u0007', '\u001b[2J\u001b[H', 'a\u009b31mb', '\u0007\u0007', '\u202eevil', 'x\u0090y\u009d'),
	fc.constantFrom<Json>(DEEP),
	fc.string({maxLength: 12}),
	fc.integer(),
	fc.double(),
);

const op = fc.record({
	// Weighted towards changes a file can survive (raw bytes flipped, strings poisoned, keys injected), so that many
	// mutated files open and their views are checked too, not only the refusals.
	kind: fc.oneof(
		{arbitrary: fc.constant('flip-raw' as const), weight: 5},
		{arbitrary: fc.constant('poison-string' as const), weight: 4},
		{arbitrary: fc.constant('inject-key' as const), weight: 3},
		{arbitrary: fc.constant('replace' as const), weight: 2},
		{arbitrary: fc.constant('delete' as const), weight: 2},
		{arbitrary: fc.constant('prototype-reference' as const), weight: 1},
		{arbitrary: fc.constant('duplicate' as const), weight: 1},
	),
	at: fc.nat(),
	value: hostileValue,
	key: fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS), fc.string({maxLength: 8})),
	position: fc.nat(),
	char: fc.constantFrom(...'AQgw+/019azZ'),
});

const mutation = fc.record({
	base: fc.nat({max: bases.length - 1}),
	ops: fc.array(op, {minLength: 1, maxLength: 3}),
	// One file in ten cut short.
	cut: fc.oneof({arbitrary: fc.constant(null), weight: 9}, {arbitrary: fc.nat(), weight: 1}),
	depth: fc.integer({min: 1000, max: 100_000}),
});

/** Every place in a JSON tree: its parent and the key or index under which it sits. */
function places(root: Json): Array<{parent: Json[] | {[key: string]: Json}; key: string | number}> {
	const found: Array<{parent: Json[] | {[key: string]: Json}; key: string | number}> = [];
	const visit = (node: Json) => {
		if (Array.isArray(node)) node.forEach((child, index) => (found.push({parent: node, key: index}), visit(child)));
		else if (node !== null && typeof node === 'object') for (const key of Object.keys(node)) found.push({parent: node, key}), visit(node[key]!);
	};
	visit(root);
	return found;
}

type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate({base, ops, cut, depth}: Mutation): string {
	const file = JSON.parse(bases[base]!) as {[key: string]: Json};
	for (const {kind, at, value: shared, key, position, char} of ops) {
		const value = structuredClone(shared);
		const all = places(file);
		const {parent, key: slot} = all[at % all.length]!;
		const current = (parent as Record<string | number, Json>)[slot]!;
		switch (kind) {
			case 'replace':
				(parent as Record<string | number, Json>)[slot] = value;
				break;
			case 'delete':
				if (Array.isArray(parent)) parent.splice(slot as number, 1);
				else delete parent[slot];
				break;
			case 'inject-key': {
				const target = current !== null && typeof current === 'object' && !Array.isArray(current) ? current : file;
				// An own key, as JSON.parse makes it: `__proto__` included.
				Object.defineProperty(target, key, {value, enumerable: true, configurable: true, writable: true});
				break;
			}
			case 'poison-string':
				if (typeof current === 'string') (parent as Record<string | number, Json>)[slot] = `${current.slice(0, position % (current.length + 1))}${typeof value === 'string' ? value : '\u001b]0;x\u0007'}${current.slice(position % (current.length + 1))}`;
				break;
			case 'prototype-reference': {
				const probes = all.filter((place) => place.key === 'message' && typeof (place.parent as Record<string, Json>)['messageId'] === 'number');
				if (probes.length > 0) (probes[at % probes.length]!.parent as Record<string, Json>)['message'] = PROTOTYPE_KEYS[position % PROTOTYPE_KEYS.length]!;
				break;
			}
			case 'flip-raw': {
				const raws = all.filter((place) => place.key === 'raw' && typeof (place.parent as Record<string, Json>)['raw'] === 'string');
				const entry = raws[at % Math.max(1, raws.length)];
				if (entry) {
					const raw = (entry.parent as Record<string, string>)['raw']!;
					const index = position % Math.max(1, raw.length - 2);
					(entry.parent as Record<string, string>)['raw'] = `${raw.slice(0, index)}${char}${raw.slice(index + 1)}`;
				}
				break;
			}
			case 'duplicate':
				if (Array.isArray(parent)) parent.push(structuredClone(current));
				break;
		}
	}
	let text = JSON.stringify(file).replace(`"${JSON.stringify(DEEP).slice(1, -1)}"`, `${'['.repeat(depth)}${']'.repeat(depth)}`);
	if (cut !== null) text = text.slice(0, cut % (text.length + 1));
	return text;
}

describe('fuzzing the snapshot reader', () => {
	it('starts from real snapshots that open', () => {
		expect(opened.map((analysed) => analysed.trace.query.name)).toEqual(['nic.xn--wgbh1c.', 'c0.chain.evil.', 'www.tty.evil.']);
	});

	it('1,000 mutated snapshots each open, or are refused in one line; no control byte reaches the terminal', () => {
		const counts = {opened: 0, refused: 0};
		fc.assert(
			fc.property(mutation, (input) => {
				const result = openText(mutate(input));
				counts[expectTerminalSafe(result)]++;
				if (!('line' in result)) {
					// `digdeeper diff` against the file it was made from.
					const before = opened[input.base]!;
					expect(renderDiff(before.trace, result.opened.trace, diffTraces(before, result.opened))).not.toMatch(ESCAPES);
				}
			}),
			{numRuns: 1000, seed: 20_240_117},
		);
		console.log(`snapshot fuzzing: ${counts.opened} opened, ${counts.refused} refused in one line, 0 crashes`);
		expect(counts.opened + counts.refused).toBe(1000);
		expect(counts.opened).toBeGreaterThan(50);
		expect(counts.refused).toBeGreaterThan(50);
	}, 300_000);

	it('as the CLI runs them: open, report and diff print one line and exit 2, or show the file, with no control byte', async () => {
		const dir = await mkdtemp(path.join(tmpdir(), 'digdeeper-fuzz-'));
		const samples = fc.sample(mutation, {numRuns: 6, seed: 7});
		for (const [index, input] of samples.entries()) {
			const file = path.join(dir, `mutated-${index}.json`);
			await writeFile(file, mutate(input));
			const refused = 'line' in openText(mutate(input), file);
			for (const args of [['open', file, '--text'], ['report', file], ['diff', file, file, '--text']]) {
				const {code, stdout, stderr} = await cli(...args);
				expect(stdout).not.toMatch(ESCAPES);
				expect(stderr).not.toMatch(ESCAPES);
				if (refused) {
					expect(code).toBe(2);
					expect(stderr).toMatch(/^digdeeper: .*mutated-\d\.json: [^\n]+\n$/u);
				} else {
					expect(stderr).toBe('');
					expect([0, 1]).toContain(code);
				}
			}
		}
	}, 120_000);
});
