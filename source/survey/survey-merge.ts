import {shardOf, shardText} from './shard.js';
import type {Name} from '../dns/name.js';
import {SurveyFileError, type SurveySummaryRecord} from './survey-record.js';

/**
 * A part as the merge gets it: its zones, its summary and the file it came from, to name in a refusal. A zone is
 * anything that says its name: the merge orders zones and checks their names, and leaves the rest alone (the command
 * gives each zone's line as written, far smaller than the parsed record).
 */
export interface SurveyPart<Zone extends {zone: Name}> {
	file: string;
	record: {zones: Zone[]; summary: SurveySummaryRecord};
}

/** Zones in the one order a merged survey and a compared one list them: by name, as strings (names are values). */
export const byZone = (a: {zone: Name}, b: {zone: Name}) => (a.zone < b.zone ? -1 : a.zone > b.zone ? 1 : 0);

/**
 * The parts of a sharded survey combined into the survey of the whole list: exactly what the unsharded survey records,
 * once both are in canonical order (zones by name), for everything the zones decide (each zone's object; the counts of
 * zones and of their worst findings). What depends on the run is combined and said so: `durationMs` is the longest
 * part's (parts run side by side), `queriesSent` and `queriesShared` are the parts' sums (each part asks the root for
 * itself, so more than one run would), `peakInFlight` the highest part's, `startedAt` the earliest, `endedAt` the
 * latest; each zone keeps its own `surveyedAt` and `probes.shared`. Refused, in one line, unless the parts are every
 * shard of one list exactly once, surveyed with the same options, each complete.
 */
export function mergeSurveys<Zone extends {zone: Name}>(parts: ReadonlyArray<SurveyPart<Zone>>): {zones: Zone[]; summary: SurveySummaryRecord} {
	const first = parts[0];
	if (!first) throw new SurveyFileError('survey merge needs the parts: digdeeper survey merge PART…');
	const count = first.record.summary.shard?.count;
	const byIndex = new Map<number, string>();
	for (const {file, record} of parts) {
		const {shard, list, lab, dnssec, validateAt, parts: merged} = record.summary;
		if (merged !== undefined) throw new SurveyFileError(`${file} is already a merged survey (of ${merged} parts): merge the parts themselves`);
		if (!shard) throw new SurveyFileError(`${file} is no shard: it was surveyed without --shard K/N`);
		if (shard.count !== count) throw new SurveyFileError(`${file} is shard ${shardText(shard)}, and ${first.file} is one of ${count}: parts of different splits`);
		if (list.digest !== first.record.summary.list.digest) throw new SurveyFileError(`${file} is a part of another list than ${first.file} (${list.zones} zones against ${first.record.summary.list.zones})`);
		if (lab !== first.record.summary.lab || dnssec !== first.record.summary.dnssec || validateAt !== first.record.summary.validateAt) throw new SurveyFileError(`${file} was surveyed with other options than ${first.file} (--lab, --no-dnssec, --at)`);
		const other = byIndex.get(shard.index);
		if (other !== undefined) throw new SurveyFileError(`${file} and ${other} are both shard ${shardText(shard)}: give each part once`);
		byIndex.set(shard.index, file);
		const stray = record.zones.find((zone) => shardOf(zone.zone, shard.count) !== shard.index);
		if (stray) throw new SurveyFileError(`${file} says it is shard ${shardText(shard)}, and zone ${JSON.stringify(stray.zone)} in it belongs to shard ${shardOf(stray.zone, shard.count)}/${shard.count}`);
	}
	const missing = Array.from({length: count!}, (_, index) => index + 1).filter((index) => !byIndex.has(index));
	if (missing.length > 0) throw new SurveyFileError(`incomplete: shard${missing.length === 1 ? '' : 's'} ${missing.slice(0, 10).map((index) => `${index}/${count}`).join(', ')}${missing.length > 10 ? ` and ${missing.length - 10} more` : ''} missing`);

	const zones = parts.flatMap((part) => part.record.zones).sort(byZone);
	const listed = first.record.summary.list.zones;
	if (zones.length !== listed) throw new SurveyFileError(`incomplete: the parts hold ${zones.length} zones of the list's ${listed}`);
	const summaries = parts.map((part) => part.record.summary);
	const sum = (pick: (summary: SurveySummaryRecord) => number) => summaries.reduce((total, summary) => total + pick(summary), 0);
	const max = (pick: (summary: SurveySummaryRecord) => number) => Math.max(...summaries.map(pick));
	const {shard: _shard, ...base} = first.record.summary;
	const summary: SurveySummaryRecord = {
		...base,
		zones: zones.length,
		worst: {error: sum((s) => s.worst.error), warning: sum((s) => s.worst.warning), info: sum((s) => s.worst.info), clean: sum((s) => s.worst.clean)},
		queriesSent: sum((s) => s.queriesSent),
		queriesShared: sum((s) => s.queriesShared),
		peakInFlight: max((s) => s.peakInFlight),
		durationMs: max((s) => s.durationMs),
		startedAt: summaries.map((s) => s.startedAt).sort()[0]!,
		endedAt: summaries.map((s) => s.endedAt).sort().at(-1)!,
		parts: parts.length,
	};
	return {zones, summary};
}

