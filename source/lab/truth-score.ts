import type {Name} from '../dns/name.js';
import type {TldTruth} from './generated-root.js';
import type {FailureMode} from './tld-failure-modes.js';

/** One failure mode's count (or the healthy TLDs'), in expected finding codes: found, missed and said without cause. */
export interface ModeScore {
	mode: FailureMode | 'healthy';
	zones: number;
	/** Expected codes reported. */
	truePositives: number;
	/** Expected codes not reported. */
	falseNegatives: number;
	/** Error and warning codes reported that the TLD's ground truth does not expect. */
	falsePositives: number;
}

/** A TLD whose reported codes are not exactly its expected ones. */
export interface TruthMiss {
	tld: Name;
	modes: FailureMode[];
	missed: string[];
	unexpected: string[];
}

export interface TruthScore {
	modes: ModeScore[];
	/** Expected codes found over all expected codes; 1 when nothing was expected. */
	recall: number;
	/** Expected codes found over all error and warning codes reported; 1 when nothing was reported. */
	precision: number;
	misses: TruthMiss[];
}

/**
 * A survey of the generated root scored against its ground truth, code by code: for each TLD, the error and warning
 * codes reported (`reported`, deduplicated) against `truth.expected`. A TLD missing from `reported` counts as having
 * reported nothing. Healthy TLDs expect nothing, so anything said about them is a false positive.
 */
export function scoreAgainstTruth(truth: readonly TldTruth[], reported: ReadonlyMap<Name, readonly string[]>): TruthScore {
	const byMode = new Map<ModeScore['mode'], ModeScore>();
	const misses: TruthMiss[] = [];
	for (const entry of truth) {
		const mode = entry.modes[0] ?? 'healthy';
		const score = byMode.get(mode) ?? {mode, zones: 0, truePositives: 0, falseNegatives: 0, falsePositives: 0};
		byMode.set(mode, score);
		const said = new Set(reported.get(entry.tld) ?? []);
		const expected = new Set<string>(entry.expected);
		const missed = [...expected].filter((code) => !said.has(code));
		const unexpected = [...said].filter((code) => !expected.has(code)).sort();
		score.zones++;
		score.truePositives += expected.size - missed.length;
		score.falseNegatives += missed.length;
		score.falsePositives += unexpected.length;
		if (missed.length > 0 || unexpected.length > 0) misses.push({tld: entry.tld, modes: entry.modes, missed, unexpected});
	}
	const modes = [...byMode.values()].sort((a, b) => (a.mode === 'healthy' ? 1 : b.mode === 'healthy' ? -1 : a.mode.localeCompare(b.mode)));
	const sum = (field: 'truePositives' | 'falseNegatives' | 'falsePositives') => modes.reduce((total, score) => total + score[field], 0);
	const found = sum('truePositives');
	return {
		modes,
		recall: found + sum('falseNegatives') === 0 ? 1 : found / (found + sum('falseNegatives')),
		precision: found + sum('falsePositives') === 0 ? 1 : found / (found + sum('falsePositives')),
		misses,
	};
}
