import {UsageError} from './usage-error.js';

/** `--at TIME`: a moment (ISO 8601), or a distance from the trace's own time (`+7d`, `-1d`). */
export type ValidationTime = {kind: 'moment'; ms: number} | {kind: 'offset'; ms: number};

const UNIT_MS: Record<string, number> = {s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000};
/** A century either way: as far as a signature's 32-bit times reach, and the moment stays a four-digit year. */
const MAX_OFFSET_MS = 100 * 366 * UNIT_MS['d']!;

/**
 * Reads --at: `2026-12-01T00:00:00Z` (seconds and fractions optional, `Z` or an offset such as `+02:00`),
 * `2026-12-01` (midnight UTC), or `+7d`/`-1d` (s, m, h, d, w) from the trace's time. A time of day with no zone is
 * refused rather than read in this machine's zone: a snapshot is judged the same wherever it is opened.
 */
export function parseValidationTime(text: string): ValidationTime {
	const invalid = () => new UsageError(`invalid --at: ${text} (give an ISO 8601 time such as 2026-12-01T00:00:00Z or 2026-12-01, or +7d/-1d from the trace's time)`);
	const offset = /^([+-])(\d{1,10})([smhdw])$/u.exec(text);
	if (offset) {
		const ms = Number(offset[2]) * UNIT_MS[offset[3]!]!;
		if (ms > MAX_OFFSET_MS) throw invalid();
		return {kind: 'offset', ms: offset[1] === '-' ? -ms : ms};
	}
	const date = /^(\d{4})-(\d\d)-(\d\d)$/u.exec(text);
	const moment = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)(?::(\d\d)(?:\.\d{1,9})?)?(?:Z|[+-]\d\d:\d\d)$/u.exec(text);
	const parts = date ?? moment;
	if (!parts) throw invalid();
	const ms = Date.parse(date ? `${text}T00:00:00Z` : text);
	// Date.parse rolls 2026-02-31 over to March: the fields must be the ones given.
	const [year, month, day] = parts.slice(1, 4).map(Number) as [number, number, number];
	const calendar = new Date(Date.UTC(year, month - 1, day));
	if (Number.isNaN(ms) || calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day || year < 1970) throw invalid();
	return {kind: 'moment', ms};
}

/** The moment --at means for a trace that started at `startedAt`, in the form the snapshot keeps (ISO 8601, UTC). */
export function resolveValidationTime(at: ValidationTime, startedAt: string): string {
	const ms = at.kind === 'moment' ? at.ms : Date.parse(startedAt) + at.ms;
	return new Date(ms).toISOString();
}
