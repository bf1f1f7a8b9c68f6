// Golden tests: every request example of the FoxAPI seeds is produced from node parameters (the ones
// stored in examples/<seed>-<n>.json), sent through n8n's execution engine to the simulator, and the
// body that arrived must equal the seed's body byte for byte (compact JSON, key order included).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runKlingNode } from './harness/n8n';
import { seedExamples, SEEDS_DIR, SHARED_SEEDS_DIR } from './seeds';
import { FoxApiSimulator } from './simulator/foxApi';

const EXAMPLES_DIR = path.join(__dirname, '..', 'examples');

function exampleWorkflow(name: string) {
	const workflow = JSON.parse(readFileSync(path.join(EXAMPLES_DIR, `${name}.json`), 'utf8'));
	const node = workflow.nodes.find((candidate: { type: string }) => candidate.type === 'n8n-nodes-kling-video.klingVideo');
	return { workflow, node };
}

const FOX_SEEDS = ['000', '001', '002'];

describe('seed examples', () => {
	it('the vendored seed copies equal shared/seeds', () => {
		if (!SHARED_SEEDS_DIR) return;
		for (const file of readdirSync(SHARED_SEEDS_DIR)) {
			expect(readFileSync(path.join(SEEDS_DIR, file), 'utf8'), file).toBe(readFileSync(path.join(SHARED_SEEDS_DIR, file), 'utf8'));
		}
	});

	it('finds one request example in each FoxAPI seed', () => {
		expect(FOX_SEEDS.map((seed) => seedExamples(seed).length)).toEqual([1, 1, 1]);
	});

	it('has exactly one example workflow per FoxAPI seed example', () => {
		const expected = FOX_SEEDS.flatMap((seed) => seedExamples(seed).map((example) => `${example.seed}-${example.number}.json`));
		const present = readdirSync(EXAMPLES_DIR).filter((file) => FOX_SEEDS.some((seed) => file.startsWith(seed)));
		expect(present.sort()).toEqual(expected.sort());
	});
});

describe('FoxAPI golden request bodies', () => {
	let sim: FoxApiSimulator;
	beforeAll(async () => {
		sim = await FoxApiSimulator.start({ renderMs: 0 });
	});
	afterAll(async () => sim.close());

	for (const seed of FOX_SEEDS) {
		for (const example of seedExamples(seed)) {
			const name = `${example.seed}-${example.number}`;
			it(`${name} sends the seed body exactly`, async () => {
				const { node } = exampleWorkflow(name);
				const before = sim.api.requests.length;
				const result = await runKlingNode({
					parameters: { ...node.parameters, options: { pollIntervalSeconds: 1, download: false } },
					credentials: { foxApiApi: { apiKey: 'test-key', baseUrl: sim.baseUrl } },
				});
				expect(result.error).toBeUndefined();
				const submits = sim.api.requests.slice(before).filter((request) => request.method === 'POST');
				expect(submits).toHaveLength(1);
				expect(submits[0].rawBody).toBe(example.wire);
				expect(submits[0].body).toEqual(example.body);
				expect(result.output[0].json).toMatchObject({ provider: 'foxApi', operation: node.parameters.operation, status: 'completed' });
			});
		}
	}
});
