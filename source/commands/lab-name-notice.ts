import {labels, type Name} from '../dns/name.js';
import {editDistance} from './edit-distance.js';

/**
 * A name traced with --lab whose top-level domain the lab does not have: the lab's root denies it, and the trace reads
 * as a registry that pulled a delegation (DELEGATION_MISSING, "the registry: .sn"). Nearly always a mistyped story
 * (`www.puri.sn`), so it is said once, beside the trace, with the story meant: the trace itself is still what the lab
 * answers. Undefined for a name under a zone the lab has.
 */
export function labNameNotice(name: Name, zones: ReadonlyMap<Name, unknown>, stories: ReadonlyArray<{name: string}>): string | undefined {
	const tld = labels(name).at(-1);
	if (tld === undefined || zones.has(`${tld}.`)) return undefined;
	const typed = name.replace(/\.$/u, '').toLowerCase();
	const meant = stories
		.map((story) => ({story: story.name, distance: editDistance(typed, story.name.replace(/\.$/u, '').toLowerCase())}))
		.filter(({distance}) => distance <= 2)
		.sort((a, b) => a.distance - b.distance)[0]?.story;
	// The story meant first: the explorer's status line is one row, cut at the terminal's width.
	return `${name} is not in the lab (it has no ${tld}.)${meant ? `: did you mean ${meant}?` : '.'} The lab's root denies it; \`digdeeper lab\` lists the stories`;
}
