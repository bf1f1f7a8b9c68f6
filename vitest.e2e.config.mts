import { defineConfig } from 'vitest/config';

// End-to-end tests: a real n8n (installed once into .cache/) runs the built package.
export default defineConfig({
	test: {
		environment: 'node',
		include: ['test/e2e/**/*.e2e.test.ts'],
		testTimeout: 600_000,
		hookTimeout: 1_800_000,
		pool: 'forks',
		fileParallelism: false,
	},
});
