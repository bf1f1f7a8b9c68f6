import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

// End-to-end tests: a real n8n (installed once into .cache/) runs the built package. N8N_LINE=1|2 picks
// the n8n line (default 1); `npm run test:e2e` (scripts/e2e.ts) runs this config once per line. See
// docs/n8n-hosts.md.
const hosts = createRequire(import.meta.url)('./tooling/n8n/n8nHost.cjs') as {
	resolveLine(value?: unknown): number;
	n8nHost(line: number): { line: number; n8nVersion: string };
};
const host = hosts.n8nHost(hosts.resolveLine(process.env.N8N_LINE));

export default defineConfig({
	test: {
		// Shown next to every file in the report: which n8n ran it.
		name: `n8n ${host.n8nVersion}`,
		environment: 'node',
		include: ['test/e2e/**/*.e2e.test.ts'],
		testTimeout: 600_000,
		hookTimeout: 1_800_000,
		pool: 'forks',
		fileParallelism: false,
	},
});
