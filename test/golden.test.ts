// Golden tests: every request example of the seeds is produced from node parameters (the ones stored
// in examples/<seed>-<n>.json), sent through n8n's execution engine to the provider simulator, and the
// body that arrived must equal the seed's body byte for byte (compact JSON, key order included).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runKlingNode } from '../tooling/harness/n8n';
import { seedExamples, SEEDS_DIR } from './seeds';
import type { ProviderSimulator } from '../tooling/simulator/base';
import { SIMULATED, type SimulatedProvider } from '../tooling/simulator';

const EXAMPLES_DIR = path.join(__dirname, '..', 'examples');
const API_KEY = 'golden-key';

/** Seed prefix -> provider, and how many request examples the seed has (docs/architecture.md, the public contract). */
const SEEDS: Array<[string, SimulatedProvider, number]> = [
	['000', 'foxApi', 1],
	['001', 'foxApi', 1],
	['002', 'foxApi', 1],
	['003', 'uniAll', 4],
	['004', 'toApis', 5],
];

function exampleNode(name: string) {
	const workflow = JSON.parse(readFileSync(path.join(EXAMPLES_DIR, `${name}.json`), 'utf8'));
	return workflow.nodes.find(
		(node: { type: string }) => node.type === 'n8n-nodes-kling-video.klingVideo',
	);
}

describe('seed examples', () => {
	it('the vendored seed copies are the documents they were copied from (SHA256SUMS; npm run check:seeds compares them with shared/seeds)', () => {
		const sums = readFileSync(path.join(SEEDS_DIR, 'SHA256SUMS'), 'utf8').trim().split('\n');
		const files = readdirSync(SEEDS_DIR).filter((file) => file.endsWith('.txt'));
		expect(sums).toHaveLength(files.length);
		for (const line of sums) {
			const [sum, file] = line.split(/\s+/);
			expect(
				createHash('sha256')
					.update(readFileSync(path.join(SEEDS_DIR, file)))
					.digest('hex'),
				file,
			).toBe(sum);
		}
	});

	it('finds the number of request examples each seed has', () => {
		expect(SEEDS.map(([seed]) => seedExamples(seed).length)).toEqual(
			SEEDS.map(([, , count]) => count),
		);
	});

	it('has exactly one example workflow per seed example, using the seed provider credential', () => {
		const expected = SEEDS.flatMap(([seed]) =>
			seedExamples(seed).map((example) => `${example.seed}-${example.number}.json`),
		);
		expect(
			readdirSync(EXAMPLES_DIR)
				.filter((file) => /^\d{3}_/.test(file))
				.sort(),
		).toEqual(expected.sort());
		for (const [seed, provider] of SEEDS) {
			for (const example of seedExamples(seed)) {
				const node = exampleNode(`${example.seed}-${example.number}`);
				expect(node.parameters.provider).toBe(provider);
				expect(Object.keys(node.credentials)).toEqual([SIMULATED[provider].credential]);
			}
		}
	});
});

for (const provider of [...new Set(SEEDS.map(([, name]) => name))]) {
	describe(`${provider} golden request bodies`, () => {
		let sim: ProviderSimulator;
		beforeAll(async () => {
			sim = await SIMULATED[provider].start({ apiKey: API_KEY, renderMs: 0 });
		});
		afterAll(async () => sim.close());

		for (const [seed] of SEEDS.filter(([, name]) => name === provider)) {
			for (const example of seedExamples(seed)) {
				const name = `${example.seed}-${example.number}`;
				it(`${name} sends the seed body exactly`, async () => {
					const node = exampleNode(name);
					const before = sim.api.requests.length;
					const result = await runKlingNode({
						parameters: {
							...node.parameters,
							options: { ...node.parameters.options, pollIntervalSeconds: 1, download: false },
						},
						credentials: {
							[SIMULATED[provider].credential]: SIMULATED[provider].credentialData(
								API_KEY,
								sim.baseUrl,
							),
						},
					});
					expect(result.error).toBeUndefined();
					const submits = sim.api.requests
						.slice(before)
						.filter((request) => request.method === 'POST');
					expect(submits).toHaveLength(1);
					expect(submits[0].rawBody).toBe(example.wire);
					expect(submits[0].body).toEqual(example.body);
					expect(result.output[0].json).toMatchObject({
						provider,
						operation: node.parameters.operation,
						status: 'completed',
					});
				});
			}
		}
	});
}
