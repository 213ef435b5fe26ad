/**
 * Generated hostile text, by class: every class yields at least twenty variants, each a code point (or string)
 * placed in ordinary text in a few ways, so a test covers the class rather than the one example someone thought of.
 */

function codePoints(first: number, last: number, step = 1): number[] {
	const points: number[] = [];
	for (let point = first; point <= last; point += step) points.push(point);
	return points;
}

/** Invisible and format characters, by class; each code point makes four variants (`placements`). */
export const INVISIBLE_CLASSES: Readonly<Record<string, readonly number[]>> = {
	'tags (U+E0000–E007F)': [0xe_00_00, 0xe_00_01, ...codePoints(0xe_00_20, 0xe_00_7f, 5), 0xe_00_7f],
	'variation selectors (U+FE00–FE0F, U+E0100–E01EF, Mongolian)': [...codePoints(0xfe_00, 0xfe_0f), ...codePoints(0xe_01_00, 0xe_01_ef, 40), 0xe_01_ef, ...codePoints(0x18_0b, 0x18_0f)],
	'fillers and invisible letters (soft hyphen, CGJ, Hangul, Khmer)': [0xad, 0x3_4f, 0x11_5f, 0x11_60, 0x17_b4, 0x17_b5, 0x31_64, 0xff_a0, 0x18_0e],
	'zero-width and bidi controls': [...codePoints(0x20_0b, 0x20_0f), ...codePoints(0x20_2a, 0x20_2e), ...codePoints(0x20_66, 0x20_69), 0x6_1c, 0xfe_ff, 0x20_28, 0x20_29, 0x20_60, 0x20_6a, 0x20_6f],
	'interlinear annotations and invisible operators': [0xff_f9, 0xff_fa, 0xff_fb, ...codePoints(0x20_60, 0x20_6f), 0x20_28, 0x20_29],
	'C1 controls and DEL': codePoints(0x7f, 0x9f),
	// Unicode's Prepended_Concatenation_Mark: measured zero columns (string-width), drawn one by terminals (tmux).
	'prepended concatenation marks (Arabic, Syriac, Kaithi number signs)': [...codePoints(0x6_00, 0x6_05), 0x6_dd, 0x7_0f, 0x8_90, 0x8_91, 0x8_e2, 0x1_10_bd, 0x1_10_cd],
	'noncharacters (U+FDD0–FDEF, U+FFFE and U+FFFF of every plane)': [...codePoints(0xfd_d0, 0xfd_ef), 0xff_fe, 0xff_ff, 0x1_ff_fe, 0x1_ff_ff, 0xe_ff_fe, 0x10_ff_ff],
};

/** Where a hostile character sits in otherwise ordinary text (the start, the middle, the end, doubled). */
export function placements(point: number): string[] {
	const char = String.fromCodePoint(point);
	return [`${char}bank`, `ba${char}nk`, `bank${char}`, `b${char}${char}ank`];
}

/** Markdown that, unescaped, would open a link, an image, raw HTML or a new table column, or restyle a report. */
export const MARKDOWN_HOSTILE: readonly string[] = [
	'[x](http://evil.example/)',
	'![x](http://evil.example/pixel.png)',
	'<script>alert(1)</script>',
	'<img src=x onerror=alert(1)>',
	'<http://evil.example/>',
	'<mailto:a@evil.example>',
	'a|b|c',
	'| evil | column |',
	'`code`',
	'``double`` backticks',
	'trailing backtick`',
	'```\nfence\n```',
	'&lt;script&gt;',
	'&#x3C;img&#x3E;',
	'# heading',
	'## smaller heading',
	'> quoted',
	'1. list item',
	'- bullet',
	'+ plus bullet',
	'*emphasis* and **strong**',
	'_under_ and __strong__',
	'~~strike~~',
	'[ref]: http://evil.example/',
	'[x]\n\n[x]: http://evil.example/',
	'\\[escaped\\](http://evil.example/)',
	'line\n---\nsetext heading',
	'<!-- comment -->',
	'[![img](a)](http://evil.example/)',
	'https://evil.example/ bare',
];
