// n8n runs the same execution again (in queue mode, n8n 1.x hands a stalled job to another worker): an
// item whose task was already accepted must not be submitted, and billed, a second time. The client task
// id comes from the execution, node, run and item, and is looked up before a first submit. Every accepted
// task is logged with where it came from, so that a task whose worker died can still be collected.
import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import type { INodeParameters } from 'n8n-workflow';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import { binaryBuffer, runKlingNode } from '../../tooling/harness/n8n';
import { SAMPLE_MP4 } from '../../tooling/simulator/files';
import { KlingAiSimulator } from '../../tooling/simulator/klingAi';
import { ToApisSimulator } from '../../tooling/simulator/toApis';

const KEY = 'sk-rerun-0123456789';
let kling: KlingAiSimulator;
let toApis: ToApisSimulator;
beforeAll(async () => {
	kling = await KlingAiSimulator.start({ apiKey: 'ak-rerun', secretKey: KEY, renderMs: 800 });
	toApis = await ToApisSimulator.start({ apiKey: KEY, renderMs: 800 });
});
afterAll(async () => Promise.all([kling.close(), toApis.close()]));
afterEach(() => vi.restoreAllMocks());

const ITEMS = [{ prompt: 'a koi pond' }, { prompt: 'a paper boat' }, { prompt: 'a lantern' }];
const runOn = (
	provider: 'klingAi' | 'toApis',
	executionId: string | undefined,
	options: INodeParameters = {},
) =>
	runKlingNode({
		parameters: {
			provider,
			operation: 'textToVideo',
			prompt: '={{ $json.prompt }}',
			duration: 5,
			options: { pollIntervalSeconds: 1, ...options },
		},
		credentials:
			provider === 'klingAi'
				? { klingAiApi: { accessKey: 'ak-rerun', secretKey: KEY, baseUrl: kling.baseUrl } }
				: { toApisApi: { apiKey: KEY, baseUrl: toApis.baseUrl } },
		items: ITEMS,
		executionId,
	});

describe.each([
	['klingAi', () => kling],
	['toApis', () => toApis],
] as const)('%s: the same execution run again', (provider, sim) => {
	it('submits each item once, and the re-run waits for the same tasks and outputs their videos', async () => {
		const executionId = `rerun-${provider}-${Date.now()}`;
		const before = sim().acceptedSubmits.length;
		const first = await runOn(provider, executionId);
		expect(first.error).toBeUndefined();
		expect(sim().acceptedSubmits.length - before).toBe(3);

		const again = await runOn(provider, executionId);
		expect(again.error).toBeUndefined();
		expect(sim().acceptedSubmits.length - before).toBe(3);
		expect(again.output.map((item) => item.json.taskId)).toEqual(
			first.output.map((item) => item.json.taskId),
		);
		expect(again.output.map((item) => item.json.clientTaskId)).toEqual(
			first.output.map((item) => item.json.clientTaskId),
		);
		for (const item of again.output)
			expect(await binaryBuffer(item.binary!.data)).toEqual(SAMPLE_MP4);
		// Three items, three different ids.
		expect(new Set(first.output.map((item) => item.json.clientTaskId)).size).toBe(3);
	});

	it('another execution submits its own tasks', async () => {
		const before = sim().acceptedSubmits.length;
		await runOn(provider, `one-${provider}-${Date.now()}`);
		await runOn(provider, `two-${provider}-${Date.now()}`);
		expect(sim().acceptedSubmits.length - before).toBe(6);
	});

	it('without Client Task ID no id is sent or looked up; in this process the re-run still waits for its tasks', async () => {
		const executionId = `off-${provider}-${Date.now()}`;
		const before = sim().acceptedSubmits.length;
		await runOn(provider, executionId, { clientTaskId: false });
		const requests = sim().api.requests.length;
		await runOn(provider, executionId, { clientTaskId: false });
		// The process remembers what it had accepted for the same place (run/admit/knownTasks.ts); another
		// process (a queue worker that took over) would submit again, as it cannot look the tasks up.
		expect(sim().acceptedSubmits.length - before).toBe(3);
		expect(
			sim()
				.acceptedSubmits.slice(before)
				.every((task) => !JSON.stringify(task.body).includes('n8n-')),
		).toBe(true);
		expect(
			sim()
				.api.requests.slice(requests)
				.filter((request) => request.method === 'GET' && request.path.includes('n8n-')),
		).toEqual([]);
	});
});

describe('Kling AI: an earlier task that failed', () => {
	it('is not taken again: the re-run submits a new task under a new client task id', async () => {
		const executionId = `failed-${Date.now()}`;
		const parameters = {
			provider: 'klingAi',
			operation: 'textToVideo',
			prompt: 'a storm [fail]',
			duration: 5,
			options: { pollIntervalSeconds: 1 },
		};
		const credentials = {
			klingAiApi: { accessKey: 'ak-rerun', secretKey: KEY, baseUrl: kling.baseUrl },
		};
		const first = await runKlingNode({
			parameters,
			credentials,
			executionId,
			continueOnFail: true,
		});
		const before = kling.acceptedSubmits.length;
		const again = await runKlingNode({
			parameters,
			credentials,
			executionId,
			continueOnFail: true,
		});
		expect(kling.acceptedSubmits.length - before).toBe(1);
		const sentIds = kling.acceptedSubmits.slice(-2).map((task) => task.body.external_task_id);
		expect(sentIds[0]).not.toBe(sentIds[1]);
		expect(first.output[0].json.taskStatus).toBe('failed');
		expect(again.output[0].json.taskId).not.toBe(first.output[0].json.taskId);
	});
});

describe("n8n's log", () => {
	it('names every accepted task with its workflow, execution, node and item, and says when a re-run found it', async () => {
		const info = vi.spyOn(Container.get(Logger), 'info');
		const executionId = `logged-${Date.now()}`;
		const first = await runOn('toApis', executionId);
		const again = await runOn('toApis', executionId);
		const lines = info.mock.calls
			.map(([message]) => String(message))
			.filter((message) => message.startsWith('Kling Video:'));
		const taskIds = first.output.map((item) => String(item.json.taskId));
		for (const [itemIndex, taskId] of taskIds.entries()) {
			const clientTaskId = String(first.output[itemIndex].json.clientTaskId);
			const where = `for workflow wf, execution ${executionId}, node "Kling Video", item ${itemIndex} (client task id ${clientTaskId})`;
			expect(lines).toContain(`Kling Video: ToAPIs accepted task ${taskId} ${where}`);
			expect(lines).toContain(`Kling Video: ToAPIs found its earlier task ${taskId} ${where}`);
		}
		expect(again.output.map((item) => item.json.taskId)).toEqual(taskIds);
		expect(JSON.stringify(info.mock.calls)).not.toContain(KEY);
	});
});
