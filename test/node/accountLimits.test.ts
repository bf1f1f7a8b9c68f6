// Accounts that run only a few tasks at once, for every provider, inside n8n's execution engine: every
// item finishes, the provider is asked little, nothing is submitted twice, and every bound holds (queue
// time, Max Wait from acceptance, a status answer that drips, stopping at the first failure).
import type { IDataObject } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runKlingNode } from '../../tooling/harness/n8n';
import type { Faults, ProviderSimulator } from '../../tooling/simulator/base';
import { SIMULATED, type SimulatedProvider } from '../../tooling/simulator';
import { toolClock } from '../../tooling/clock';

const KEY = 'limits-key-0123456789';
const PROVIDERS = Object.keys(SIMULATED) as SimulatedProvider[];
const sims = {} as Record<SimulatedProvider, ProviderSimulator>;
beforeAll(async () => {
	for (const provider of PROVIDERS)
		sims[provider] = await SIMULATED[provider].start({ apiKey: KEY, renderMs: 1200 });
});
afterAll(async () => Promise.all(Object.values(sims).map((sim) => sim.close())));

interface Run {
	items: number;
	faults?: Faults;
	renderMs?: number;
	options?: IDataObject;
	continueOnFail?: boolean;
	prompts?: string[];
}

async function run(provider: SimulatedProvider, spec: Run) {
	const sim = sims[provider];
	sim.faults = spec.faults ?? {};
	sim.renderMs = spec.renderMs ?? 1200;
	const before = {
		tasks: sim.acceptedSubmits.length,
		refusals: sim.limitRefusals,
		requests: sim.api.requests.length,
	};
	const items = Array.from({ length: spec.items }, (_, index) => ({
		prompt: spec.prompts?.[index] ?? `${provider} row ${index}`,
	}));
	const result = await runKlingNode({
		parameters: {
			provider,
			operation: 'textToVideo',
			prompt: '={{ $json.prompt }}',
			duration: 5,
			options: { pollIntervalSeconds: 1, ...spec.options },
		},
		credentials: {
			[SIMULATED[provider].credential]: SIMULATED[provider].credentialData(KEY, sim.baseUrl),
		},
		items,
		continueOnFail: spec.continueOnFail,
	});
	return {
		...result,
		accepted: sim.acceptedSubmits.slice(before.tasks),
		refusals: sim.limitRefusals - before.refusals,
		requests: sim.api.requests.slice(before.requests),
	};
}

describe.each(PROVIDERS)('%s, account limit 2', (provider) => {
	it('8 items all finish with their video, each submitted once, with few refused submits', async () => {
		const result = await run(provider, { items: 8, faults: { accountLimit: 2 } });
		expect(result.error).toBeUndefined();
		expect(result.output.map((item) => item.json.status)).toEqual(Array(8).fill('completed'));
		expect(result.output.every((item) => item.binary?.data?.mimeType === 'video/mp4')).toBe(true);
		expect(result.accepted).toHaveLength(8);
		expect(new Set(result.accepted.map((task) => JSON.stringify(task.body))).size).toBe(8);
		expect(result.refusals / 8).toBeLessThanOrEqual(2);
		// The queue is visible: refusals and time in line are reported per item.
		const timings = result.output.map((item) => item.json.timing as IDataObject);
		expect(timings.reduce((sum, timing) => sum + Number(timing.refusedSubmits), 0)).toBe(
			result.refusals,
		);
		expect(Math.max(...timings.map((timing) => Number(timing.queuedMs)))).toBeGreaterThan(500);
		for (const timing of timings)
			expect(timing).toMatchObject({
				statusChecks: expect.any(Number),
				runningMs: expect.any(Number),
				downloadMs: expect.any(Number),
			});
	});
});

describe('task slots, FoxAPI', () => {
	it('Max Running Tasks at the plan limit: no submit is refused at all', async () => {
		const result = await run('foxApi', {
			items: 6,
			faults: { accountLimit: 2 },
			options: { maxRunningTasks: 2 },
		});
		expect(result.error).toBeUndefined();
		expect(result.accepted).toHaveLength(6);
		expect(result.refusals).toBe(0);
	});

	it('an account filled by someone else: the items back off and finish once it frees up', async () => {
		const sim = sims.foxApi;
		const pending = run('foxApi', { items: 3, faults: { accountLimit: 1, foreignRunning: 1 } });
		await toolClock.sleep(3_000);
		sim.faults.foreignRunning = 0;
		const result = await pending;
		expect(result.error).toBeUndefined();
		expect(result.output.map((item) => item.json.status)).toEqual([
			'completed',
			'completed',
			'completed',
		]);
		expect(result.accepted).toHaveLength(3);
		// First wave of 3, then probes 5 s apart while full, then a probe per window.
		expect(result.refusals).toBeLessThanOrEqual(6);
	});

	it('an item that gets no slot within Max Queue Time fails without being submitted; the others finish', async () => {
		const result = await run('foxApi', {
			items: 2,
			renderMs: 4_000,
			options: { maxRunningTasks: 1, maxQueueMinutes: 0.02 },
			continueOnFail: true,
		});
		expect(result.output[0].json.status).toBe('completed');
		expect(result.output[1].json.error).toBe('No free slot at FoxAPI within 0.02 minutes [item 1]');
		expect(result.output[1].json.description).toContain('Nothing was created or billed');
		expect(result.accepted).toHaveLength(1);
	});

	it('Max Wait counts from acceptance: items that queued longer than Max Wait still finish', async () => {
		const result = await run('foxApi', {
			items: 3,
			renderMs: 1_500,
			options: { maxRunningTasks: 1, maxWaitMinutes: 0.05 },
		});
		expect(result.error).toBeUndefined();
		expect(result.output.map((item) => item.json.status)).toEqual([
			'completed',
			'completed',
			'completed',
		]);
		expect(Number((result.output[2].json.timing as IDataObject).queuedMs)).toBeGreaterThan(3_000);
	});

	it('a status answer that drips one byte at a time cannot hold the item past Max Wait', async () => {
		const started = toolClock.now();
		const result = await run('foxApi', {
			items: 1,
			renderMs: 2_000,
			faults: { dripStatusMs: 300 },
			options: { maxWaitMinutes: 0.05 },
		});
		expect(result.error?.message).toMatch(
			/^The task did not finish within 0\.05 minutes \(last status "submitted"(, 0%)?; the last status check failed: FoxAPI did not answer within [\d.]+ s\)/,
		);
		// The dripping answer alone would take a minute; Max Wait is 3 s.
		expect(toolClock.now() - started).toBeLessThan(10_000);
	});

	it('At Max Wait "output": the item comes out with its task id, last status and timedOut, for a later Get Task', async () => {
		const result = await run('foxApi', {
			items: 1,
			renderMs: 20_000,
			options: { maxWaitMinutes: 0.03, onTimeout: 'output' },
		});
		expect(result.error).toBeUndefined();
		const [item] = result.output;
		expect(item.json).toMatchObject({
			timedOut: true,
			taskId: result.accepted[0].id,
			provider: 'foxApi',
		});
		expect(['submitted', 'pending', 'processing']).toContain(item.json.status);
		expect(item.binary).toBeUndefined();
	});

	it('without Continue On Fail, no submit starts after an item has failed', async () => {
		const prompts = ['[fail] first', 'second', 'third', 'fourth'];
		const result = await run('foxApi', {
			items: 4,
			prompts,
			renderMs: 800,
			options: { maxRunningTasks: 1 },
		});
		expect(result.error?.message).toMatch(/^FoxAPI task failed: .*\[item 0\]$/);
		expect(result.requests.filter((request) => request.method === 'POST')).toHaveLength(1);
	});
});
