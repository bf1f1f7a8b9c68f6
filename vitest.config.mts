import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
	resolve: {
		// n8n-core requires n8n-workflow's CJS build; pin every import to it so that the node, the
		// tests and the engine share one copy of each class (instanceof checks depend on it).
		alias: { 'n8n-workflow': require.resolve('n8n-workflow') },
	},
	test: {
		environment: 'node',
		include: ['test/**/*.test.ts'],
		// The end-to-end suite needs a real n8n: npm run test:e2e (vitest.e2e.config.mts).
		exclude: ['test/e2e/**', 'node_modules/**'],
		globalSetup: ['./test/globalSetup.ts'],
		setupFiles: ['./test/setup/fastTime.ts'],
		testTimeout: 30_000,
		pool: 'forks',
		// npm run test:coverage: what the unit, golden and node tests run of the package's own code.
		coverage: {
			provider: 'v8',
			include: ['nodes/**/*.ts', 'credentials/**/*.ts'],
			reporter: ['text-summary', 'json-summary'],
			reportsDirectory: 'coverage',
			reportOnFailure: true,
		},
	},
});
