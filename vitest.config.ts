import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
		testTimeout: 20_000,
		pool: 'forks',
		// Every test runs with the loopback guard on: a packet to anything but 127.0.0.0/8 or ::1 is refused.
		env: {DIGDEEPER_LOOPBACK_ONLY: '1'},
	},
});
