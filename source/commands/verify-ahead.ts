import type {Message} from '../dns/record.js';
import type {Preverifier} from '../analysis/dnssec/preverify.js';
import {firstAnswer} from '../trace/first-answer.js';
import type {Trace} from '../trace/model.js';
import type {WalkEvent} from '../trace/walk.js';

/** Responses read a turn: not all that came before the answer at once, which would hold the next reply back. */
const RESPONSES_A_TURN = 4;

/** What a reply to the walk's question says when it ends the question (a referral or a CNAME goes on). */
const FINAL_KINDS = new Set(['answer', 'nxdomain', 'nodata']);

/**
 * The analysis's signature checks, made while the walk waits on the network (analysis/dnssec/preverify.ts), so the
 * analysis after the walk finds them done. Not before the answer is in hand (`firstAnswer`: the first replies down
 * the path give it, or the walk's decision): until then any reply may be on the way to it. Then one check at a time,
 * its cryptography in libuv's thread pool, and the bookkeeping around it (a few responses read, one signed RRset put
 * in canonical form) in a turn of the event loop of its own, after the replies that came meanwhile are read: their
 * round trips stay the network's. The walk goes on well after its answer (the other servers, the zones' checks, a
 * dead server's time-outs). Stopped when the walk ends: what is left, the analysis does.
 */
export function verifyAhead(): {onEvent(event: WalkEvent): void; stop(): void} {
	let trace: Trace | undefined;
	let preverifier: Preverifier | undefined;
	let loading = false;
	let answered = false;
	// A reply that may end the question: only then is the path looked at again (`firstAnswer`), not at every reply.
	let mayAnswer = false;
	let scheduled = false;
	let stopped = false;
	const taken: Message[] = [];
	const run = () => {
		scheduled = false;
		if (stopped) return;
		if (!answered && mayAnswer) answered = trace !== undefined && firstAnswer(trace) !== undefined;
		mayAnswer = false;
		if (!answered) return;
		if (!preverifier) {
			if (loading) return;
			loading = true;
			// Loaded once the answer is in hand, not before the walk's first query nor on the way to its answer.
			void import('../analysis/dnssec/preverify.js').then(({createPreverifier}) => {
				preverifier = createPreverifier();
				schedule();
			});
			return;
		}
		for (const message of taken.splice(0, RESPONSES_A_TURN)) preverifier.take(message);
		// One check at a time in the thread pool: the next once it is settled, so the walk keeps a core to itself.
		const checking = preverifier.step();
		if (checking) void checking.then(schedule);
		else if (taken.length > 0) schedule();
	};
	const schedule = () => {
		if (scheduled || stopped) return;
		scheduled = true;
		setImmediate(run);
	};
	return {
		onEvent(event) {
			if (stopped) return;
			if (event.type === 'started') trace = event.trace;
			else if (event.type === 'outcome') answered = true;
			else if (event.type === 'probe-finished' && event.probe.response) {
				taken.push(event.probe.response);
				mayAnswer ||= event.probe.purpose === 'walk' && FINAL_KINDS.has(event.probe.kind ?? '');
				if (!answered && !mayAnswer) return;
			} else return;
			schedule();
		},
		stop() {
			stopped = true;
			taken.length = 0;
		},
	};
}
