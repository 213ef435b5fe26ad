import {isUnsafeCharacter} from './sanitize.js';

/**
 * A character-string (RFC 1035 3.3: a TXT record's strings, a CAA record's tag and value) is bytes, not text: a
 * server may send Latin-1, or anything. The model keeps one as the text dig writes between its quotes (RFC 1035 5.1),
 * so it reads naturally and loses nothing: readable UTF-8 as itself, `"` and `\` after a backslash, and every other
 * byte (not UTF-8, or part of a character the escaping rule in sanitize.ts escapes: a control, a bidi override) as
 * `\DDD`. One text for each byte sequence and back (`characterStringBytes`): a signed RRset is written again exactly
 * as it was signed, and two servers' different bytes never look alike.
 */
export type CharacterString = string;

export class CharacterStringError extends Error {
	override name = 'CharacterStringError';
}

/** RFC 1035 3.3: a character-string's length is one byte. */
export const MAX_CHARACTER_STRING_OCTETS = 255;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Spaces other than the ASCII one (a no-break space, an ideographic space, a figure space): drawn as a space, so
 * `v=spf1 include:x ~all` with U+00A0 would read as the record that works, a classic broken SPF record. Shown as
 * their bytes.
 */
const LOOKS_LIKE_A_SPACE = /^\p{Zs}$/u;

/** The text of a character-string's bytes (see CharacterString). */
export function characterStringText(bytes: Uint8Array): CharacterString {
	let text = '';
	for (let at = 0; at < bytes.length; ) {
		const byte = bytes[at]!;
		if (byte >= 0x20 && byte < 0x7f) {
			text += byte === QUOTE || byte === BACKSLASH ? `\\${String.fromCharCode(byte)}` : String.fromCharCode(byte);
			at++;
			continue;
		}
		const size = utf8Length(bytes, at);
		const char = size > 1 ? Buffer.from(bytes.buffer, bytes.byteOffset + at, size).toString('utf8') : undefined;
		if (char !== undefined && !isUnsafeCharacter(char) && !LOOKS_LIKE_A_SPACE.test(char)) {
			text += char;
		} else {
			for (const each of bytes.subarray(at, at + Math.max(size, 1))) text += `\\${String(each).padStart(3, '0')}`;
		}
		at += Math.max(size, 1);
	}
	return text;
}

/**
 * The bytes of a character-string's text, read as a master file's quoted string is (RFC 1035 5.1): `\DDD` is that
 * byte, a backslash before any other character but a digit is that character, and every character stands for its
 * UTF-8 bytes.
 */
export function characterStringBytes(text: CharacterString): Buffer {
	if (!text.includes('\\')) return Buffer.from(text, 'utf8');
	const bytes: number[] = [];
	for (let at = 0; at < text.length; ) {
		if (text[at] === '\\' && at + 1 < text.length) {
			const digits = /^\d{1,3}/u.exec(text.slice(at + 1, at + 4))?.[0];
			if (digits !== undefined) {
				// `\1` or `\12` is no escape (BIND refuses it too), not the digits themselves: the writer meant a byte.
				if (digits.length < 3) throw new CharacterStringError(`\\${digits} is no escape: \\DDD takes three digits`);
				if (Number(digits) > 255) throw new CharacterStringError(`\\${digits} is no octet (0 to 255)`);
				bytes.push(Number(digits));
				at += 4;
				continue;
			}
			at++;
		}
		const char = String.fromCodePoint(text.codePointAt(at)!);
		bytes.push(...Buffer.from(char, 'utf8'));
		at += char.length;
	}
	return Buffer.from(bytes);
}

/** RFC 3629 4: each lead byte's character length, and the range its second byte must be in (the others: 0x80-0xbf). */
const UTF8_LEADS: ReadonlyArray<readonly [first: number, last: number, size: number, low: number, high: number]> = [
	[0xc2, 0xdf, 2, 0x80, 0xbf], // 0xc0 and 0xc1 only begin overlong forms
	[0xe0, 0xe0, 3, 0xa0, 0xbf], // no overlong form
	[0xe1, 0xec, 3, 0x80, 0xbf],
	[0xed, 0xed, 3, 0x80, 0x9f], // no surrogate
	[0xee, 0xef, 3, 0x80, 0xbf],
	[0xf0, 0xf0, 4, 0x90, 0xbf], // no overlong form
	[0xf1, 0xf3, 4, 0x80, 0xbf],
	[0xf4, 0xf4, 4, 0x80, 0x8f], // nothing past U+10FFFF
];

/**
 * How many bytes at `at` make one well-formed UTF-8 character: 1 to 4, or 0 where they make none (a stray
 * continuation byte, an overlong form, a surrogate, a code point past U+10FFFF, a sequence cut short).
 */
function utf8Length(bytes: Uint8Array, at: number): number {
	const lead = bytes[at]!;
	if (lead < 0x80) return 1;
	const [, , size, low, high] = UTF8_LEADS.find(([first, last]) => lead >= first && lead <= last) ?? [0, 0, 0, 0, 0];
	if (size === 0 || at + size > bytes.length) return 0;
	if (bytes[at + 1]! < low || bytes[at + 1]! > high) return 0;
	for (let next = at + 2; next < at + size; next++) if (bytes[next]! < 0x80 || bytes[next]! > 0xbf) return 0;
	return size;
}
