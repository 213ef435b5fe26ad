import path from 'node:path';
import {changesTheDns, diffTraces} from '../compare/diff.js';
import {terminalSafeJson} from '../dns/safe-json.js';
import {renderDiff} from '../text/diff-text.js';
import {INTERRUPTED_STATUS} from './exit-status.js';
import {openSnapshot} from './open-command.js';
import {UsageError} from './usage-error.js';
import type {ValidationTime} from './validation-time.js';

/**
 * `digdeeper diff A B`: what changed between two traces of one question, in the explorer (the later one explored,
 * the changes marked) or as text or JSON; exit status 1 when something changed (130 when the explorer is left with Ctrl-C).
 */
export async function runDiff(files: [string, string], options: {json: boolean; interactive: boolean; at?: ValidationTime}, io: {stdout: (text: string) => void}): Promise<number> {
	// With --at both are judged as of that moment (a relative one: each from its own trace's time).
	const [first, second] = [await openSnapshot(files[0], options.at), await openSnapshot(files[1], options.at)];
	const [a, b] = [first.trace, second.trace];
	if (a.query.name !== b.query.name || a.query.type !== b.query.type) {
		throw new UsageError(`cannot compare ${files[0]} and ${files[1]}: they trace different questions (${a.query.name} ${a.query.type} and ${b.query.name} ${b.query.type})`);
	}
	if (options.interactive) {
		const labelled = [
			{...first, label: path.basename(files[0])},
			{...second, label: path.basename(files[1])},
		] as const;
		const [older, newer] = a.startedAt <= b.startedAt ? labelled : [labelled[1], labelled[0]];
		const status = await (await import('./explore-command.js')).exploreDiff(older, newer);
		return status === INTERRUPTED_STATUS ? status : diffTraces(first, second).some(changesTheDns) ? 1 : 0;
	}
	const changes = diffTraces(first, second);
	io.stdout(options.json ? `${terminalSafeJson(JSON.stringify({before: a.startedAt, after: b.startedAt, changes}, null, 1))}\n` : renderDiff(a, b, changes));
	// Round trips that moved alone are no change of the DNS: the exit status says the answers are the same.
	return changes.some(changesTheDns) ? 1 : 0;
}
