import {describe, expect, it} from 'vitest';
import {failedStatusWords, truncatedThenFailed} from '../../source/trace/probe-facts.js';

describe('a probe that got no usable answer, in words', () => {
	it('says tcp when the server answered over UDP with TC=1 and TCP then failed', () => {
		expect(failedStatusWords({status: 'unreachable', truncatedOverUdp: true, transport: 'tcp'})).toBe('tcp unreachable');
		expect(failedStatusWords({status: 'timeout', transport: 'udp'})).toBe('timeout');
	});

	it('believes no file that says a probe skipped, or last asked over UDP, was truncated and then failed over TCP', () => {
		expect(truncatedThenFailed({status: 'skipped', truncatedOverUdp: true, transport: 'tcp'})).toBe(false);
		expect(failedStatusWords({status: 'skipped', truncatedOverUdp: true, transport: 'tcp'})).toBe('skipped');
		expect(failedStatusWords({status: 'timeout', truncatedOverUdp: true, transport: 'udp'})).toBe('timeout');
	});
});
