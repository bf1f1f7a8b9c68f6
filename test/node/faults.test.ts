// Many items and a provider that misbehaves: nothing lost, nothing billed twice. The simulator injects
// faults at random from a fixed seed, so every run sees the same sequence.
import type { IDataObject } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runKlingNode } from '../../tooling/harness/n8n';
import type { ProviderSimulator } from '../../tooling/simulator/base';
import { SIMULATED, type SimulatedProvider } from '../../tooling/simulator';
import { toolClock } from '../../tooling/clock';

const KEY = 'faults-key-0123456789';
const sims = {} as Record<SimulatedProvider, ProviderSimulator>;
beforeAll(async () => {
	for (const provider of Object.keys(SIMULATED) as SimulatedProvider[]) {
		sims[provider] = await SIMULATED[provider].start({
			apiKey: KEY,
			renderMs: 400,
			seed: 20261122,
		});
	}
});
afterAll(async () => Promise.all(Object.values(sims).map((sim) => sim.close())));

function run(
	provider: SimulatedProvider,
	items: IDataObject[],
	extra: { continueOnFail?: boolean; options?: object; cancelAfterMs?: number } = {},
) {
	return runKlingNode({
		parameters: {
			provider,
			operation: 'textToVideo',
			prompt: '={{ $json.prompt }}',
			duration: 5,
			options: { pollIntervalSeconds: 1, ...extra.options },
		},
		credentials: {
			[SIMULATED[provider].credential]: SIMULATED[provider].credentialData(
				KEY,
				sims[provider].baseUrl,
			),
		},
		items,
		continueOnFail: extra.continueOnFail,
		cancelAfterMs: extra.cancelAfterMs,
	});
}

describe('a submit whose answer is lost', () => {
	it('Kling AI: the task is found by its external_task_id, not submitted again', async () => {
		const sim = sims.klingAi;
		sim.faults = { dropAfterAcceptCount: 1 };
		const tasks = sim.acceptedSubmits.length;
		const result = await run('klingAi', [{ prompt: 'lost answer' }]);
		expect(result.error).toBeUndefined();
		expect(sim.acceptedSubmits.length - tasks).toBe(1);
		const task = sim.acceptedSubmits.at(-1)!;
		expect(result.output[0].json).toMatchObject({
			status: 'completed',
			taskId: `text2video:${task.id}`,
			clientTaskId: task.body.external_task_id,
		});
	});

	it('ToAPIs: cut before the task existed, the lookup says "not found", so it is submitted again, once', async () => {
		const sim = sims.toApis;
		sim.faults = { dropBeforeAcceptCount: 1 };
		const tasks = sim.acceptedSubmits.length;
		const posts = sim.api.requests.filter((request) => request.method === 'POST').length;
		const result = await run('toApis', [{ prompt: 'cut early' }]);
		expect(result.error).toBeUndefined();
		expect(sim.acceptedSubmits.length - tasks).toBe(1);
		expect(sim.api.requests.filter((request) => request.method === 'POST').length - posts).toBe(2);
		expect(sim.acceptedSubmits.at(-1)!.body.client_business_id).toBe(
			result.output[0].json.clientTaskId,
		);
	});

	it('FoxAPI (no client id): the item fails saying the task may exist, and nothing is sent twice', async () => {
		const sim = sims.foxApi;
		sim.faults = { dropAfterAcceptCount: 1 };
		const tasks = sim.acceptedSubmits.length;
		const posts = sim.api.requests.filter((request) => request.method === 'POST').length;
		const result = await run('foxApi', [{ prompt: 'lost for good' }]);
		expect(result.error?.message).toBe(
			'The connection to FoxAPI broke after the request was sent: the task may have been created [item 0]',
		);
		expect(sim.acceptedSubmits.length - tasks).toBe(1);
		expect(sim.api.requests.filter((request) => request.method === 'POST').length - posts).toBe(1);
	});
});

describe('100 items against a flaky provider (seeded)', () => {
	it('gives exactly 100 outputs, a video for every success, a task id for every failure, one billed task per item', async () => {
		const sim = sims.foxApi;
		sim.faults = {
			submit429Rate: 0.2,
			retryAfterSeconds: 1,
			poll5xxRate: 0.2,
			pollMalformedRate: 0.1,
			failRate: 0.05,
		};
		const tasksBefore = sim.acceptedSubmits.length;
		// Every 20th row fails for certain (the simulator's [fail] mark), the rest by the seeded rate.
		const items = Array.from({ length: 100 }, (_, index) => ({
			prompt: index % 20 === 7 ? `row ${index} [fail]` : `row ${index}`,
		}));
		const result = await run('foxApi', items, {
			continueOnFail: true,
			options: { concurrency: 10 },
		});
		expect(result.error).toBeUndefined();
		expect(result.output).toHaveLength(100);
		expect(result.output.map((item) => item.pairedItem)).toEqual(
			items.map((_, index) => ({ item: index })),
		);

		const accepted = sim.acceptedSubmits.slice(tasksBefore);
		expect(accepted).toHaveLength(100);
		expect(new Set(accepted.map((task) => task.body.prompt)).size).toBe(100);
		const failed = result.output.filter((item) => item.json.error);
		for (const item of result.output.filter((entry) => !entry.json.error)) {
			expect(item.json.status).toBe('completed');
			expect(item.binary?.data?.mimeType).toBe('video/mp4');
		}
		for (const item of failed) {
			expect(item.json.error).toMatch(
				/^FoxAPI task failed: .* \(task task-unified-\S+\) \[item \d+\]$/,
			);
			expect(item.json.taskId).toMatch(/^task-unified-/);
		}
		// The seeded run does hit every fault kind.
		expect(failed.length).toBeGreaterThanOrEqual(5);
		expect(sim.api.requests.filter((request) => request.method === 'POST').length).toBeGreaterThan(
			accepted.length,
		);
	});

	it('cancelling ends every wait at once and no request follows', async () => {
		const sim = sims.foxApi;
		sim.faults = {};
		sim.renderMs = 30_000;
		try {
			const started = toolClock.now();
			const before = sim.api.requests.length;
			const items = Array.from({ length: 20 }, (_, index) => ({ prompt: `long ${index}` }));
			const result = await run('foxApi', items, {
				cancelAfterMs: 500,
				options: { concurrency: 20 },
			});
			expect(
				result.run.status === 'canceled' || /cancelled/.test(result.error?.message ?? ''),
			).toBe(true);
			expect(
				sim.api.requests
					.slice(before)
					.filter((request) => request.at > started + 550 * toolClock.factor),
			).toEqual([]);
		} finally {
			sim.renderMs = 400;
		}
	});
});
