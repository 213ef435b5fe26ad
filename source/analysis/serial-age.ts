/**
 * How old a lagging copy of a zone is, read from its SOA serial against the newest one: serials are often a date
 * with a change number (YYYYMMDDnn, RFC 1912 2.2) or a Unix timestamp (what BIND's `serial-update-method unixtime`
 * and most signers write), and then the difference is a time a user understands; any other serial is a plain counter
 * whose difference is only a count of changes.
 */
export type SerialAge =
	| {kind: 'date'; older: string; newer: string; seconds: number}
	| {kind: 'timestamp'; seconds: number}
	| {kind: 'counter'; changes: number};

const DAY_SECONDS = 86_400;

/** Dates a YYYYMMDDnn serial plausibly carries: from before the DNS's first zones to far beyond any zone alive. */
const DATE_YEARS = {first: 1980, last: 2200} as const;

/** Unix timestamps a serial plausibly carries: from 1990-01-01 to the end of the 32-bit serial space (2106). */
const TIMESTAMP_SECONDS = {first: 631_152_000, last: 2 ** 32 - 1} as const;

/** The day a YYYYMMDDnn serial names (UTC midnight, in seconds), or undefined when its digits are no calendar date. */
function serialDate(serial: number): {day: string; seconds: number} | undefined {
	const digits = String(serial);
	if (digits.length !== 10) return undefined;
	const year = Number(digits.slice(0, 4));
	const month = Number(digits.slice(4, 6));
	const day = Number(digits.slice(6, 8));
	if (year < DATE_YEARS.first || year > DATE_YEARS.last) return undefined;
	const time = Date.UTC(year, month - 1, day);
	const date = new Date(time);
	// Date.UTC rolls 2024-02-30 over into March: a date that does not round-trip is not one.
	if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
	return {day: `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}`, seconds: time / 1000};
}

const isTimestamp = (serial: number) => serial >= TIMESTAMP_SECONDS.first && serial <= TIMESTAMP_SECONDS.last;

/**
 * The age of `older` against `newer` (`older` is behind in RFC 1982 order; `behind` is that distance). A date reading
 * wins over a timestamp one: a date serial of this century is also a timestamp of the 2030s, never the reverse for
 * the timestamps of today (1.7 billion is no date).
 */
export function serialAge(older: number, newer: number, behind: number): SerialAge {
	const olderDate = serialDate(older);
	const newerDate = serialDate(newer);
	if (olderDate && newerDate && newerDate.seconds >= olderDate.seconds) return {kind: 'date', older: olderDate.day, newer: newerDate.day, seconds: newerDate.seconds - olderDate.seconds};
	if (isTimestamp(older) && isTimestamp(newer) && newer >= older) return {kind: 'timestamp', seconds: newer - older};
	return {kind: 'counter', changes: behind};
}

/** A duration as people say it: "4 days", "about a month", "about 3 years". */
export function describeDuration(seconds: number): string {
	const plural = (count: number, unit: string) => `${count} ${unit}${count === 1 ? '' : 's'}`;
	if (seconds < 90) return plural(seconds, 'second');
	if (seconds < 90 * 60) return `about ${plural(Math.round(seconds / 60), 'minute')}`;
	if (seconds < 36 * 3600) return `about ${plural(Math.round(seconds / 3600), 'hour')}`;
	const days = Math.round(seconds / DAY_SECONDS);
	if (days < 28) return plural(days, 'day');
	if (days < 45) return 'about a month';
	if (days < 335) return `about ${Math.round(days / 30.44)} months`;
	if (days < 548) return 'about a year';
	return `about ${Math.round(days / 365.25)} years`;
}

/**
 * A TTL as people say it: exactly, when it is a whole number of days, hours or minutes (as TTLs usually are: 3600 is
 * "1 hour"), else as describeDuration rounds it.
 */
export function describeTtl(seconds: number): string {
	const plural = (count: number, unit: string) => `${count} ${unit}${count === 1 ? '' : 's'}`;
	if (seconds >= DAY_SECONDS && seconds % DAY_SECONDS === 0) return plural(seconds / DAY_SECONDS, 'day');
	if (seconds >= 3600 && seconds % 3600 === 0) return plural(seconds / 3600, 'hour');
	if (seconds >= 60 && seconds % 60 === 0) return plural(seconds / 60, 'minute');
	return describeDuration(seconds);
}

/** How old a lagging copy is, where the serials tell it ("about a month", "the same day"); undefined for a counter. */
export function describeAge(older: number, newer: number, behind: number): string | undefined {
	const age = serialAge(older, newer, behind);
	if (age.kind === 'counter') return undefined;
	return age.kind === 'date' && age.seconds === 0 ? 'the same day' : describeDuration(age.seconds);
}

/** How far behind a serial is, with its age where the serials tell it: "10000 behind, about a month", "3 behind". */
export function describeLag(older: number, newer: number, behind: number): string {
	const age = describeAge(older, newer, behind);
	return age === undefined ? `${behind} behind` : `${behind} behind, ${age}`;
}
