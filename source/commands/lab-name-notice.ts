import {isAtOrBelow, labels, type Name} from '../dns/name.js';
import {editDistance} from './edit-distance.js';

/**
 * A name traced with --lab that the lab has no zone for: a mistyped story, nearly always, whose trace reads as a
 * registry that pulled a delegation (DELEGATION_MISSING: "the registry: .sn"). Said once, beside the trace, with the
 * story meant first (the explorer's status line is one row, cut at the terminal's width); the trace itself is still
 * what the lab answers. Two cases:
 * - a top-level domain the lab does not have (`www.puri.sn`): always said, with the story meant when one is close;
 * - a name under a top-level domain the lab has, but under no zone below it (`www.exmaple.com`): said only when a
 *   story is within two edits, as the lab's TLDs deny other names on purpose (`www.example.net`, NXDOMAIN).
 * Undefined for a story itself and for a name in a zone below a TLD (`nosuch.example.com`, a denial to study).
 */
export function labNameNotice(name: Name, zones: ReadonlyMap<Name, unknown>, stories: ReadonlyArray<{name: string}>): string | undefined {
	const tld = labels(name).at(-1);
	if (tld === undefined) return undefined;
	const typed = name.replace(/\.$/u, '').toLowerCase();
	const near = stories
		.map((story) => ({story: story.name, distance: editDistance(typed, story.name.replace(/\.$/u, '').toLowerCase())}))
		.filter(({distance}) => distance <= 2)
		.sort((a, b) => a.distance - b.distance)[0];
	if (near?.distance === 0) return undefined;
	const notice = (missing: string, denier: string) => `${near ? `did you mean ${near.story}? ` : ''}${name} is not in the lab${missing}; ${denier} denies it, and \`digdeeper lab\` lists the stories`;
	if (!zones.has(`${tld}.`)) return notice(` (it has no ${tld}.)`, "the lab's root");
	const deepest = [...zones.keys()].filter((zone) => isAtOrBelow(name, zone)).sort((a, b) => b.length - a.length)[0];
	// Not "tld. has no example.com.": the TLD's own zone may hold names below the domain (nic.bw. is bw.'s).
	if (deepest !== `${tld}.` || !near) return undefined;
	return notice('', `the lab's ${tld}.`);
}
