import type {Message} from '../dns/record.js';
import type {Preverifier} from '../analysis/dnssec/preverify.js';
import type {WalkEvent} from '../trace/walk.js';

/**
 * The analysis's signature checks, made while the walk waits on the network (analysis/dnssec/preverify.ts), so the
 * analysis after the walk finds them done. One check a turn of the event loop, after the replies that came meanwhile
 * are read: a reply is read at most one check late (a tenth of a millisecond), and its round trip stays the network's.
 * Stopped when the walk ends: what is left, the analysis does.
 */
export function verifyAhead(): {onEvent(event: WalkEvent): void; stop(): void} {
	let preverifier: Preverifier | undefined;
	let loading = false;
	let scheduled = false;
	let stopped = false;
	const taken: Message[] = [];
	const run = () => {
		scheduled = false;
		if (stopped || !preverifier) return;
		for (const message of taken.splice(0)) preverifier.take(message);
		if (preverifier.step()) schedule();
	};
	const schedule = () => {
		if (scheduled || stopped) return;
		scheduled = true;
		setImmediate(run);
	};
	return {
		onEvent(event) {
			if (stopped || event.type !== 'probe-finished' || !event.probe.response) return;
			taken.push(event.probe.response);
			if (preverifier) return schedule();
			if (loading) return;
			loading = true;
			// The analysis is loaded once the walk has replies to read, not before its first query.
			void import('../analysis/dnssec/preverify.js').then(({createPreverifier}) => {
				preverifier = createPreverifier();
				schedule();
			});
		},
		stop() {
			stopped = true;
			taken.length = 0;
		},
	};
}
