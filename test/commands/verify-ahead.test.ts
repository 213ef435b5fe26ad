/*
 * A trace's signatures are checked while its walk waits on the network (commands/verify-ahead.ts): by the time the
 * walk ends, checks were made, none twice, and the analysis needs no more than those. Every call to the one function
 * that verifies a signature (dns/dnssec.ts) is counted.
 */
import {describe, expect, it, vi} from 'vitest';
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
	};
});

const {prepareTrace, traceOnce} = await import('../../source/commands/trace-command.js');

describe('a trace checks its signatures while the walk waits', () => {
	// The lab with its latencies (a fifth of them): the walk waits on the network as it does outside.
	const request = {name: 'www.example.com', lab: true, json: false, force: false, port: 53, families: [4 as const], timeoutMs: 1500, retries: 1, dnssec: true, latencyScale: 0.2};

	it('before the walk ends, never twice, and the analysis verifies what is left at most', async () => {
		made.calls = [];
		let whenWalked = -1;
		const onEvent = (event: WalkEvent) => {
			if (event.type === 'finished') whenWalked = made.calls.length;
		};
		const analysed = await traceOnce(await prepareTrace(request), request, onEvent);
		expect(analysed.analysis.dnssec.outcome.status).toBe('secure');
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
