import {tmpdir} from 'node:os';
import path from 'node:path';
import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
		testTimeout: 20_000,
		pool: 'forks',
		// Every test runs with the loopback guard on: a packet to anything but 127.0.0.0/8 or ::1 is refused.
		// The lab's keys are kept in a cache of the tests' own, never in the user's.
		env: {DIGDEEPER_LOOPBACK_ONLY: '1', DIGDEEPER_CACHE: path.join(tmpdir(), 'digdeeper-test-cache')},
	},
});
