import {describe, expect, it} from 'vitest';
import {withAnalysis} from '../../source/analysis/analyze.js';
import {presentText} from '../../source/dns/sanitize.js';
import {HOSTILE} from '../../source/lab/hostile-world.js';
import {buildWorld} from '../../source/lab/world.js';
import {parseSnapshot, serializeSnapshot} from '../../source/snapshot/snapshot.js';
import {renderTraceText} from '../../source/text/trace-text.js';
import {labTrace} from '../helpers/lab.js';

const world = buildWorld(HOSTILE);
/** What must never reach a terminal: C0 (but newline and tab), DEL, C1, bidi controls, invisible and format characters. */
// eslint-disable-next-line no-control-regex, no-misleading-character-class
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb\u{e0000}-\u{e007f}\u{e0100}-\u{e01ef}]/u;

async function text(name: string, type: string, width?: number): Promise<string> {
	const trace = withAnalysis(await labTrace(name, type, {world, families: [4]}), {anchors: {source: 'hostile lab', records: world.trustAnchor}});
	return renderTraceText(trace, {toolVersion: 'test', ...(width === undefined ? {} : {width})});
}

describe('terminal safety', () => {
	it('shows OSC title and clipboard sequences, screen clears, BEL, C1, bidi and zero-width characters escaped in --text', async () => {
		const output = await text('www.tty.evil.', 'TXT');
		expect(output).not.toMatch(UNSAFE);
		expect(output).toContain('\\027]52;c;ZXZpbCBjbGlwYm9hcmQ=\\007');
		expect(output).toContain('\\027]0;pwned title\\007');
		expect(output).toContain('\\027[2J\\027[H cleared');
		// A TXT string is bytes: each character that may not reach the terminal is shown as its UTF-8 bytes, as dig shows them.
		expect(output).toContain('bidi \\226\\128\\174evil\\226\\128\\172 zero\\226\\128\\139width \\226\\129\\166isolate\\226\\129\\169');
		expect(output).toContain('C1 \\194\\15531m');
	});

	it('fitted to a terminal, never cuts an escape between lines', async () => {
		for (const [name, type] of [['www.tty.evil.', 'TXT'], ['www2.tty.evil.', 'A']] as const) {
			const output = await text(name, type, 60);
			expect(output).not.toMatch(UNSAFE);
			// A backslash, or an escape's start, at the end of a line would be an escape cut in two.
			expect(output).not.toMatch(/\\(?:\d{0,2}|u\{[0-9a-f]*)\n/u);
		}
		expect(await text('www.tty.evil.', 'TXT', 60)).toContain('\\027[2J\\027[H');
	});

	it('escapes a name that carries an escape sequence, wherever the name appears', async () => {
		const output = await text('www2.tty.evil.', 'A');
		expect(output).not.toMatch(UNSAFE);
		expect(output).toContain('www2.tty.evil.\t3600\tIN\tCNAME\t\\027[31mred.tty.evil.');
	});

	it('keeps the raw bytes unchanged in the snapshot', async () => {
		const trace = await labTrace('www.tty.evil.', 'TXT', {world, families: [4]});
		const {trace: loaded} = parseSnapshot(serializeSnapshot({trace, analysis: undefined}, {name: 'digdeeper', version: 'test'}));
		const probe = loaded.zones.find((zone) => zone.name === 'tty.evil.')!.servers[0]!.probes.find((candidate) => candidate.question.type === 'TXT' && candidate.kind === 'answer')!;
		const raw = Buffer.from(probe.raw!, 'base64');
		expect(raw.includes(Buffer.from('\u001b]52;c;ZXZpbCBjbGlwYm9hcmQ=\u0007'))).toBe(true);
	});

	it('writes the hostile text into --json escaped, and reads back the same value', async () => {
		const trace = await labTrace('www.tty.evil.', 'TXT', {world, families: [4]});
		const json = serializeSnapshot({trace, analysis: undefined}, {name: 'digdeeper', version: 'test'});
		expect(json.trimEnd()).not.toMatch(UNSAFE);
		// The decoded TXT strings, for other readers, are dig's text of their bytes (each backslash doubled in JSON).
		expect(json).toContain('"bidi \\\\226\\\\128\\\\174evil\\\\226\\\\128\\\\172 zero');
		expect(parseSnapshot(json).trace.query).toEqual(trace.query);
	});

	it('escapes every unsafe character, visibly, and leaves ordinary text alone', () => {
		expect(presentText('\u001b[31mred\u001b[0m')).toBe('\\027[31mred\\027[0m');
		expect(presentText('a\u009bb\u202ec\u200bd\ufeff')).toBe('a\\155b\\u{202e}c\\u{200b}d\\u{feff}');
		expect(presentText('Bücher.example. پاکستان 中文')).toBe('Bücher.example. پاکستان 中文');
	});
});
