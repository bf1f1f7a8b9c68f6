// Park mode in n8n's execution engine (the execute() side: WorkflowExecute pauses the run) and through
// n8n-core's WebhookContext (the webhook() side: a callback to the paused run), against the simulators.
// What is refused before anything is sent, what the paused run keeps, and what each kind of callback
// does: a wrong token or signature, an early one, one near Max Wait, the last one (resume, with videos
// and error items), a second one, and one whose status read fails.
import type { INodeParameters } from 'n8n-workflow';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { toolClock } from '../../tooling/clock';
import { PARK_STATE_KEY } from '../../nodes/KlingVideo/run/park/parkState';
import { RESUME_CUTOFF_MS } from '../../nodes/KlingVideo/run/park/resume';
import { binaryBuffer, runKlingNode, type KlingResult } from '../../tooling/harness/n8n';
import { callBack, queryOf } from '../../tooling/harness/webhook';
import { SAMPLE_MP4 } from '../../tooling/simulator/files';
import { FoxApiSimulator } from '../../tooling/simulator/foxApi';
import { KlingAiSimulator, webhookHeaders } from '../../tooling/simulator/klingAi';
import { UniAllSimulator } from '../../tooling/simulator/uniAll';

const KEY = 'park-node-key-0001';
const SECRET = 'whsec_cGFyay1ub2RlLXNlY3JldC0wMDAx';
let fox: FoxApiSimulator;
let kling: KlingAiSimulator;
let uniAll: UniAllSimulator;

beforeAll(async () => {
	fox = await FoxApiSimulator.start({ apiKey: KEY, renderMs: 600 });
	kling = await KlingAiSimulator.start({ apiKey: KEY, renderMs: 600 });
	uniAll = await UniAllSimulator.start({ apiKey: KEY, renderMs: 600 });
});
afterAll(async () => {
	await Promise.all([fox.close(), kling.close(), uniAll.close()]);
});
beforeEach(() => {
	for (const sim of [fox, kling, uniAll]) {
		sim.faults = {};
		sim.sendCallbacks = false;
		sim.renderMs = 600;
	}
	kling.webhookSecret = undefined;
});

const parkOptions = { waitMode: 'park', pollIntervalSeconds: 1, maxWaitMinutes: 5 };
const runFox = (
	parameters: INodeParameters = {},
	extra: { continueOnFail?: boolean; items?: Array<{ prompt: string }> } = {},
) =>
	runKlingNode({
		parameters: {
			provider: 'foxApi',
			operation: 'textToVideo',
			prompt: '={{ $json.prompt }}',
			options: parkOptions,
			...parameters,
		},
		credentials: { foxApiApi: { apiKey: KEY, baseUrl: fox.baseUrl } },
		items: [{ prompt: 'a heron fishing' }, { prompt: 'a crane flying' }],
		...extra,
	});
const runKling = (items: Array<{ prompt: string }>, webhookSecret = '') =>
	runKlingNode({
		parameters: {
			provider: 'klingAi',
			operation: 'textToVideo',
			prompt: '={{ $json.prompt }}',
			duration: 5,
			options: parkOptions,
		},
		credentials: {
			klingAiApi: { authentication: 'apiKey', apiKey: KEY, baseUrl: kling.baseUrl, webhookSecret },
		},
		items,
	});

const callbackUrlOf = (sim: FoxApiSimulator, index = 0) =>
	String(sim.acceptedSubmits[sim.acceptedSubmits.length - 1 - index].body.callback_url);
const renderOver = async (sim: {
	acceptedSubmits: Array<{ createdAt: number; renderMs: number }>;
}) => {
	const last = Math.max(...sim.acceptedSubmits.map((task) => task.createdAt + task.renderMs));
	await toolClock.sleep(Math.max(0, last + 100 - toolClock.now()));
};
const statusReads = (sim: FoxApiSimulator) =>
	sim.api.requests.filter((request) => request.method === 'GET').length;

describe('park mode: refused before anything is sent', () => {
	const refusals: Array<[string, () => Promise<KlingResult>, RegExp, () => number]> = [
		[
			'a resume URL on localhost while the provider is on the internet',
			() =>
				runKlingNode({
					parameters: {
						provider: 'foxApi',
						operation: 'textToVideo',
						prompt: 'x',
						options: parkOptions,
					},
					credentials: { foxApiApi: { apiKey: KEY, baseUrl: 'https://api.example.com' } },
				}),
			/resume URL is on localhost.*WEBHOOK_URL/,
			() => 0,
		],
		[
			'a Callback URL of its own',
			() => runFox({ options: { ...parkOptions, callbackUrl: 'https://hooks.example.com/x' } }),
			/Callback URL is set for item 0: leave it empty/,
			() => fox.api.requests.length,
		],
		[
			'a Max Wait under 2 minutes',
			() => runFox({ options: { ...parkOptions, maxWaitMinutes: 1 } }),
			/Max Wait is 1 min for item 0: pausing needs at least 2/,
			() => fox.api.requests.length,
		],
		[
			'Wait for Completion off for some items only',
			() => runFox({ waitForCompletion: '={{ $itemIndex === 0 }}' }),
			/Wait for Completion is off for item 1/,
			() => fox.api.requests.length,
		],
	];
	it.each(refusals)('%s', async (_, run, message, requests) => {
		const before = requests();
		const result = await run();
		expect(result.error?.message).toMatch(/^The execution cannot pause: /);
		expect(result.error?.message).toMatch(message);
		expect(result.error?.description).toMatch(/Nothing was sent/);
		expect(requests()).toBe(before);
	});

	it('UniAll, which never calls back: the option is not offered there (n8n drops it); the node keeps polling', async () => {
		const result = await runKlingNode({
			parameters: {
				provider: 'uniAll',
				operation: 'textToVideo',
				prompt: 'a quiet street',
				options: parkOptions,
			},
			credentials: { uniAllApi: { apiKey: KEY, baseUrl: uniAll.baseUrl } },
		});
		expect(result.error).toBeUndefined();
		expect(result.run.waitTill).toBeUndefined();
		expect(result.output[0].json.status).toBe('completed');
		expect(result.output[0].binary?.data?.mimeType).toBe('video/mp4');
	});

	it('Get Task: the option is not one of its own (n8n drops it); the task is read at once', async () => {
		fox.renderMs = 1;
		await runFox({ options: { ...parkOptions, waitMode: 'poll' } });
		const taskId = fox.acceptedSubmits.at(-1)!.id;
		const result = await runFox({ operation: 'getTask', taskId });
		expect(result.run.waitTill).toBeUndefined();
		expect(result.output[0].json).toMatchObject({ taskId, status: 'completed' });
	});

	it('Wait for Completion off: While Waiting does not apply, the task ids come out at once', async () => {
		const result = await runFox({ waitForCompletion: false });
		expect(result.error).toBeUndefined();
		expect(result.run.waitTill).toBeUndefined();
		expect(result.output.map((item) => item.json.status)).toEqual(['submitted', 'submitted']);
	});
});

describe('park mode: the paused run', () => {
	it('submits every item with its own resume URL and token, reads each task once, and pauses until Max Wait', async () => {
		const before = statusReads(fox);
		const startedAt = toolClock.now();
		const paused = await runFox();
		expect(paused.error).toBeUndefined();
		expect(paused.run.status).toBe('waiting');
		const waitTill = paused.run.waitTill!.getTime();
		expect(waitTill).toBeGreaterThanOrEqual(startedAt + 5 * 60_000);
		expect(waitTill).toBeLessThan(toolClock.now() + 5 * 60_000 + 1000);
		const urls = [callbackUrlOf(fox, 1), callbackUrlOf(fox, 0)];
		expect(urls[0]).toBe(urls[1]);
		expect(urls[0]).toMatch(
			/^http:\/\/localhost:5678\/webhook-waiting\/test-\w+\/kling\?(signature=[0-9a-f]{64}&)?kling_token=[\w-]{32}$/,
		);
		expect(statusReads(fox) - before).toBe(2);
		// What Max Wait passes on: the tasks as they were, timedOut: true, in the run's stack entry.
		const stack = paused.run.data.executionData!.nodeExecutionStack[0].data.main[0]!;
		expect(stack.map((item) => [item.json.taskId, item.json.timedOut, item.pairedItem])).toEqual([
			[fox.acceptedSubmits.at(-2)!.id, true, { item: 0 }],
			[fox.acceptedSubmits.at(-1)!.id, true, { item: 1 }],
		]);
		const state = paused.run.data.executionData!.contextData['node:Kling Video'][PARK_STATE_KEY];
		expect(state).toMatchObject({ v: 1, deadline: waitTill, operation: 'textToVideo' });
		expect(JSON.stringify(state)).not.toContain(queryOf(urls[0]).kling_token);
		expect(JSON.stringify(state)).not.toContain(KEY);
	});

	it('tasks already over when read: the items finish in the run, without a pause', async () => {
		fox.renderMs = 1;
		const result = await runFox();
		expect(result.run.waitTill).toBeUndefined();
		expect(result.output.map((item) => item.json.status)).toEqual(['completed', 'completed']);
		expect(await binaryBuffer(result.output[0].binary!.data)).toEqual(SAMPLE_MP4);
	});
});

describe('park mode: callbacks', () => {
	it('a wrong token is refused; an early one reads the tasks and stays paused; the last resumes with the videos; another one then does nothing', async () => {
		// Long enough (10 s on the sped-up clock, 1 s of real time) for the early callback to be early.
		fox.renderMs = 10_000;
		const paused = await runFox();
		const query = queryOf(callbackUrlOf(fox));
		const wrong = await callBack(paused, { query: { ...query, kling_token: 'nope' } });
		expect(wrong.answer?.status).toBe(403);
		expect(wrong.data.workflowData).toBeUndefined();
		expect((await callBack(paused, {})).answer?.status).toBe(403);

		const reads = statusReads(fox);
		const early = await callBack(paused, { query });
		expect(early.answer).toEqual({ status: 200, body: { received: true, resumed: false } });
		expect(early.data.workflowData).toBeUndefined();
		// One by one, stopping at the first task still running.
		expect(statusReads(fox) - reads).toBe(1);

		await renderOver(fox);
		const last = await callBack(paused, { query });
		expect(last.answer).toEqual({ status: 200, body: { received: true, resumed: true } });
		const [items] = last.data.workflowData!;
		expect(items.map((item) => [item.json.status, item.pairedItem])).toEqual([
			['completed', { item: 0 }],
			['completed', { item: 1 }],
		]);
		expect(await binaryBuffer(items[1].binary!.data)).toEqual(SAMPLE_MP4);
		expect(items[0].json.timedOut).toBeUndefined();

		const again = await callBack(paused, { query });
		expect(again.data.workflowData).toBeUndefined();
		expect(again.answer?.status).toBe(200);
	});

	it('Continue On Fail: an item refused before the pause comes out as its error item, in its place, after the resume', async () => {
		const paused = await runFox(
			{},
			{ items: [{ prompt: 'a lighthouse' }, { prompt: '' }], continueOnFail: true },
		);
		expect(paused.run.waitTill).toBeDefined();
		await renderOver(fox);
		const { data } = await callBack(paused, { query: queryOf(callbackUrlOf(fox)) });
		const [ok, refused] = data.workflowData![0];
		expect(ok.json.status).toBe('completed');
		expect(refused.pairedItem).toEqual({ item: 1 });
		expect(String(refused.json.error)).toMatch(/Prompt/);
		expect(refused.binary).toBeUndefined();
	});

	it("a loop's next run pauses with a new token: the earlier run's callbacks do not count", async () => {
		const first = await runFox();
		const oldQuery = queryOf(callbackUrlOf(fox));
		const second = await runFox();
		await renderOver(fox);
		const stale = await callBack(second, { query: oldQuery });
		expect(stale.answer?.status).toBe(403);
		expect(stale.data.workflowData).toBeUndefined();
		expect((await callBack(first, { query: oldQuery })).data.workflowData).toHaveLength(1);
	});

	it('a failed task comes out as an error item; the others keep their videos', async () => {
		const paused = await runFox(
			{},
			{ items: [{ prompt: 'a bridge [fail]' }, { prompt: 'a tower' }] },
		);
		await renderOver(fox);
		const { data } = await callBack(paused, { query: queryOf(callbackUrlOf(fox)) });
		const [failed, ok] = data.workflowData![0];
		expect(failed.json).toMatchObject({ taskStatus: 'failed', provider: 'foxApi' });
		expect(failed.pairedItem).toEqual({ item: 0 });
		expect(ok.binary?.data).toBeDefined();
	});

	it('near Max Wait a callback does not resume (n8n resumes the run there itself)', async () => {
		const paused = await runFox();
		await renderOver(fox);
		const late = {
			now: () => paused.run.waitTill!.getTime() - RESUME_CUTOFF_MS + 1,
			sleep: toolClock.sleep,
		};
		const { answer, data } = await callBack(paused, {
			query: queryOf(callbackUrlOf(fox)),
			clock: late,
		});
		expect(answer?.body).toMatchObject({ resumed: false, reason: 'Max Wait is near' });
		expect(data.workflowData).toBeUndefined();
	});

	it('a status read that fails leaves the run paused (and the handler never throws)', async () => {
		const paused = await runFox();
		await renderOver(fox);
		fox.faults = { poll5xxRate: 1 };
		const { answer, data } = await callBack(paused, { query: queryOf(callbackUrlOf(fox)) });
		expect(answer?.status).toBe(200);
		expect(data.workflowData).toBeUndefined();
	});

	it('Kling AI with a Webhook Secret: an unsigned or wrongly signed callback is ignored; a signed one resumes, both tasks read in one query', async () => {
		kling.webhookSecret = SECRET;
		const paused = await runKling([{ prompt: 'a lantern' }, { prompt: 'a kite' }], SECRET);
		const task = kling.acceptedSubmits.at(-1)!;
		const url = String((task.body.options as Record<string, unknown>).callback_url);
		const body = JSON.stringify({ id: task.id, status: 'succeed' });
		await renderOver(kling);
		const unsigned = await callBack(paused, { query: queryOf(url), body });
		expect(unsigned.answer?.status).toBe(401);
		const forged = await callBack(paused, {
			query: queryOf(url),
			body,
			headers: webhookHeaders('whsec_b3RoZXI=', task.id, body, Math.floor(toolClock.now() / 1000)),
		});
		expect(forged.answer?.status).toBe(401);
		const stale = await callBack(paused, {
			query: queryOf(url),
			body,
			headers: webhookHeaders(SECRET, task.id, body, Math.floor(toolClock.now() / 1000) - 400),
		});
		expect(stale.answer?.status).toBe(401);
		const queries = kling.taskQueries.length;
		const signed = await callBack(paused, {
			query: queryOf(url),
			body,
			headers: webhookHeaders(SECRET, task.id, body, Math.floor(toolClock.now() / 1000)),
		});
		expect(signed.data.workflowData![0]).toHaveLength(2);
		const asked = kling.taskQueries.slice(queries);
		expect(asked.map((query) => [query.by, [...query.ids].sort()])).toEqual([
			[
				'task_ids',
				kling.acceptedSubmits
					.slice(-2)
					.map((entry) => entry.id)
					.sort(),
			],
		]);
	});
});
