// n8n's Retry On Fail runs the node again, for every item, in the same process: on every provider an item
// whose task was accepted by an earlier try waits for that task (nothing is billed twice), and only the
// item whose task failed is submitted anew, as the user asked.
import { describe, expect, it } from 'vitest';

import { SIMULATED, type SimulatedProvider } from '../../tooling/simulator';
import { runOn, simulatorsForAll } from './fixtures';

const KEY = 'retry-on-fail-key-0123456789';
const sims = simulatorsForAll(KEY, { renderMs: 1_500 });
const PROVIDERS = Object.keys(SIMULATED) as SimulatedProvider[];

async function retried(provider: SimulatedProvider, failing: number, continueOnFail: boolean) {
	const sim = sims[provider];
	sim.faults = {};
	const before = sim.acceptedSubmits.length;
	const prompts = [0, 1, 2].map(
		(index) => `${provider} retry ${continueOnFail} ${index}${index === failing ? ' [fail]' : ''}`,
	);
	const result = await runOn(
		sims,
		KEY,
		provider,
		{
			operation: 'textToVideo',
			prompt: '={{ $json.prompt }}',
			duration: 5,
			options: { pollIntervalSeconds: 1 },
		},
		{
			items: prompts.map((prompt) => ({ prompt })),
			continueOnFail,
			retryOnFail: { maxTries: 3, waitBetweenTries: 1 },
		},
	);
	const accepted = sim.acceptedSubmits.slice(before);
	const submitsOf = (index: number) =>
		accepted.filter((task) => JSON.stringify(task.body).includes(prompts[index])).length;
	return { result, submits: [0, 1, 2].map(submitsOf) };
}

describe.each(PROVIDERS)('%s with Retry On Fail (3 tries)', (provider) => {
	it('without Continue On Fail: the other items are billed once, the failing one once a try', async () => {
		const { result, submits } = await retried(provider, 1, false);
		expect(result.error?.message).toMatch(/task failed: .*\[item 1\]$/);
		expect(submits).toEqual([1, 3, 1]);
	});

	it('with Continue On Fail (n8n retries while the first item is an error): the others once, with their videos', async () => {
		const { result, submits } = await retried(provider, 0, true);
		expect(result.error).toBeUndefined();
		expect(submits).toEqual([3, 1, 1]);
		expect(result.output[0].json.error).toMatch(/task failed/);
		for (const item of result.output.slice(1)) {
			expect(item.json.status).toBe('completed');
			expect(item.binary?.data?.mimeType).toBe('video/mp4');
		}
	});
});
