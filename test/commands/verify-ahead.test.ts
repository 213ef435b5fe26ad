/*
 * A trace's signatures are checked while its walk waits on the network (commands/verify-ahead.ts): none before its
 * answer is known, some by the time the walk ends, none twice. Every call to the one function
 * that verifies a signature (dns/dnssec.ts) is counted.
 */
import {describe, expect, it, vi} from 'vitest';
import {firstAnswer} from '../../source/trace/first-answer.js';
import type {Trace} from '../../source/trace/model.js';
import type {WalkEvent} from '../../source/trace/walk.js';

const made = vi.hoisted(() => ({calls: [] as string[]}));
vi.mock('../../source/dns/dnssec.js', async (importOriginal) => {
	const original = await importOriginal<typeof import('../../source/dns/dnssec.js')>();
	return {
		...original,
		verifySignature: (...args: Parameters<typeof original.verifySignature>) => {
			const [algorithm, key, data, signature] = args;
			made.calls.push(`${algorithm} ${key.toString('base64')} ${signature.toString('base64')} ${data.toString('base64')}`);
			return original.verifySignature(...args);
		},
		verifySignatureInPool: (...args: Parameters<typeof original.verifySignatureInPool>) => {
			const [algorithm, key, data, signature] = args;
			made.calls.push(`${algorithm} ${key.toString('base64')} ${signature.toString('base64')} ${data.toString('base64')}`);
			return original.verifySignatureInPool(...args);
		},
	};
});

const {prepareTrace, traceOnce} = await import('../../source/commands/trace-command.js');
// Loaded before the walk, as the bundle's program has it at hand: what verify-ahead holds back is its own doing.
await import('../../source/analysis/dnssec/preverify.js');

describe('a trace checks its signatures while the walk waits', () => {
	// A TLD with a dead server (the lab's www.nic.bw): the walk waits for its time-outs well after the answer is known.
	const request = {name: 'www.nic.bw', lab: true, json: false, force: false, port: 53, families: [4 as const], timeoutMs: 400, retries: 0, dnssec: true, latencyScale: 1};

	it('once the answer is known and before the walk ends, never twice', async () => {
		made.calls = [];
		let trace: Trace | undefined;
		let whenAnswered = -1;
		let whenWalked = -1;
		const onEvent = (event: WalkEvent) => {
			if (event.type === 'started') trace = event.trace;
			// The moment the first replies give the answer (the live explorer shows it then), or the walk decides it.
			if (whenAnswered === -1 && trace && (firstAnswer(trace) || event.type === 'outcome')) whenAnswered = made.calls.length;
			if (event.type === 'finished') whenWalked = made.calls.length;
		};
		const analysed = await traceOnce(await prepareTrace(request), request, onEvent);
		expect(analysed.trace.outcome.status).toBe('answer');
		// Nothing on the way to the answer: no reply was read late for a check.
		expect(whenAnswered).toBe(0);
		expect(whenWalked).toBeGreaterThan(0);
		expect(new Set(made.calls).size).toBe(made.calls.length);
	});

	it('asks nothing of the kind with --no-dnssec', async () => {
		made.calls = [];
		const plain = {...request, dnssec: false};
		const analysed = await traceOnce(await prepareTrace(plain), plain);
		expect(analysed.analysis.dnssec.outcome.status).toBe('not-checked');
		expect(made.calls).toEqual([]);
	});
});
