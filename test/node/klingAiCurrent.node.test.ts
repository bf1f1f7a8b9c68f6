// Kling AI's current API design with an API key, in n8n's execution engine against the simulator of
// both designs: the model in the path, the current body, the task query GET /tasks, the cost, a lost
// answer found again by external_task_id, what the current design does not take, and Get Task of
// either design's ids.
import type { INodeParameters } from 'n8n-workflow';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { toolClock } from '../../tooling/clock';
import { binaryBuffer, runKlingNode } from '../../tooling/harness/n8n';
import { SAMPLE_MP4 } from '../../tooling/simulator/files';
import { listen, sleep } from '../../tooling/simulator/http';
import { KlingAiSimulator, webhookHeaders } from '../../tooling/simulator/klingAi';

const API_KEY = 'kling-current-api-key-0123456789';
let sim: KlingAiSimulator;
beforeAll(async () => {
	sim = await KlingAiSimulator.start({ apiKey: API_KEY, renderMs: 800 });
});
afterAll(async () => sim.close());
beforeEach(() => {
	sim.faults = {};
});

const apiKeyCredential = () => ({
	klingAiApi: { authentication: 'apiKey', apiKey: API_KEY, baseUrl: sim.baseUrl },
});
const run = (parameters: INodeParameters, extra: { continueOnFail?: boolean } = {}) =>
	runKlingNode({
		parameters: {
			provider: 'klingAi',
			operation: 'textToVideo',
			prompt: 'a koi pond at dawn',
			duration: 5,
			options: { pollIntervalSeconds: 1 },
			...parameters,
		},
		credentials: apiKeyCredential(),
		...extra,
	});

/** Text to video over rows, each row's prompt, with the API key. */
const runRows = (items: Array<{ prompt: string }>) =>
	runKlingNode({
		parameters: {
			provider: 'klingAi',
			operation: 'textToVideo',
			prompt: '={{ $json.prompt }}',
			duration: 5,
			options: { pollIntervalSeconds: 1, download: false },
		},
		credentials: apiKeyCredential(),
		items,
	});

/** The same node with an access key pair saved before the Authentication choice (the legacy design). */
const runWithPair = (parameters: INodeParameters) =>
	runKlingNode({
		parameters: {
			provider: 'klingAi',
			operation: 'textToVideo',
			duration: 5,
			options: { pollIntervalSeconds: 1, download: false },
			...parameters,
		},
		credentials: {
			klingAiApi: { accessKey: API_KEY, secretKey: `${API_KEY}-secret`, baseUrl: sim.baseUrl },
		},
	});

describe('Kling AI with an API key: the current design', () => {
	it('text to video goes to /text-to-video/kling-3.0 with the current body, and completes with its cost', async () => {
		const before = sim.api.requests.length;
		const result = await run({ resolution: '1080p', aspectRatio: '9:16' });
		expect(result.error).toBeUndefined();
		const requests = sim.api.requests.slice(before);
		const submit = requests.find((request) => request.method === 'POST')!;
		expect(submit.path).toBe('/text-to-video/kling-3.0');
		expect(submit.headers.authorization).toBe(`Bearer ${API_KEY}`);
		expect(submit.body).toEqual({
			prompt: 'a koi pond at dawn',
			settings: { resolution: '1080p', aspect_ratio: '9:16', duration: 5, audio: 'off' },
			options: { external_task_id: expect.stringMatching(/^n8n-/) },
		});
		// Status checks read the task query; the one lookup before the submit asks by external_task_id.
		const reads = requests.filter((request) => request.method === 'GET').map((r) => r.path);
		expect(reads.filter((path) => path.startsWith('/tasks?task_ids=')).length).toBeGreaterThan(0);
		expect(reads.every((path) => /^\/tasks\?(task_ids|external_task_ids)=/.test(path))).toBe(true);
		const json = result.output[0].json;
		expect(json).toMatchObject({
			provider: 'klingAi',
			model: 'kling-3.0',
			status: 'completed',
			cost: { amount: 5, unit: 'units', packageType: 'video' },
		});
		expect(json.taskId).toMatch(/^\d+$/);
		expect(await binaryBuffer(result.output[0].binary!.data)).toEqual(SAMPLE_MP4);
		expect(JSON.stringify(result.run)).not.toContain(API_KEY);
	});

	it('cash billing is summed in its currency', async () => {
		sim.billing = [
			{ charge_type: 'cash', amount: '0.70', currency: 'USD', cash_type: 'balance' },
			{ charge_type: 'cash', amount: '0.14', currency: 'USD', cash_type: 'balance' },
		];
		try {
			const result = await run({ options: { download: false } });
			expect(result.output[0].json.cost).toEqual({ amount: 0.84, currency: 'USD' });
		} finally {
			sim.billing = [{ charge_type: 'unit', amount: '5', package_type: 'video' }];
		}
	});

	it('a lost submit answer is found again by external_task_id, never submitted twice', async () => {
		sim.faults = { dropAfterAcceptCount: 1 };
		const before = sim.acceptedSubmits.length;
		const queries = sim.taskQueries.length;
		const result = await run({ options: { download: false } });
		expect(result.error).toBeUndefined();
		expect(sim.acceptedSubmits.length - before).toBe(1);
		expect(sim.taskQueries.slice(queries).some((query) => query.by === 'external_task_ids')).toBe(
			true,
		);
		expect(result.output[0].json.status).toBe('completed');
	});

	it.each([
		['negativePrompt', { additionalFields: { negativePrompt: 'blur' } }, 'no negative prompt'],
		['cfgScale', { additionalFields: { cfgScale: 0.5 } }, 'no cfg_scale'],
	])('%s is refused before anything is sent', async (field, parameters, reason) => {
		const before = sim.api.requests.length;
		const result = await run(parameters as INodeParameters);
		expect(result.error?.message).toContain(reason);
		expect(result.error?.message).toContain('[item 0]');
		expect(sim.api.requests.length).toBe(before);
		void field;
	});

	it('Custom Model Name replaces the model in the path', async () => {
		const before = sim.api.requests.length;
		const result = await run({
			additionalFields: { customModel: 'kling-2.6' },
			options: { download: false },
		});
		expect(result.error).toBeUndefined();
		const submit = sim.api.requests.slice(before).find((request) => request.method === 'POST')!;
		expect(submit.path).toBe('/text-to-video/kling-2.6');
	});

	it('Get Task finds a current task by its bare id, and a legacy one by its endpoint-named id', async () => {
		const made = await run({ options: { download: false } });
		const taskId = String(made.output[0].json.taskId);
		const current = await run({ operation: 'getTask', taskId, options: { download: false } });
		expect(current.output[0].json).toMatchObject({ taskId, status: 'completed' });

		const legacy = await runWithPair({ prompt: 'legacy koi' });
		const legacyId = String(legacy.output[0].json.taskId);
		expect(legacyId).toMatch(/^text2video:\d+$/);
		const found = await run({
			operation: 'getTask',
			taskId: legacyId,
			options: { download: false },
		});
		expect(found.output[0].json).toMatchObject({ taskId: legacyId, status: 'completed' });
	});

	it('status is read together: 12 items cost about as many status requests as one', async () => {
		const statusQueries = (from: number) =>
			sim.taskQueries.slice(from).filter((query) => query.by === 'task_ids');
		let from = sim.taskQueries.length;
		const one = await runRows([{ prompt: 'alone' }]);
		expect(one.error).toBeUndefined();
		const single = statusQueries(from).length;
		from = sim.taskQueries.length;
		const many = await runRows(
			Array.from({ length: 12 }, (_, index) => ({ prompt: `together ${index}` })),
		);
		expect(many.error).toBeUndefined();
		expect(many.output.map((item) => item.json.status)).toEqual(new Array(12).fill('completed'));
		const together = statusQueries(from);
		// Every item checked its status at least once, but the checks shared their requests: fewer
		// requests than items, and a few for all of them, like the one item's (timing on a shared machine
		// varies, so the bound is loose; npm run bench measures it: 6 requests for 50 items, 4 for one).
		const checks = many.output.reduce(
			(sum, item) => sum + Number((item.json.timing as { statusChecks: number }).statusChecks),
			0,
		);
		expect(checks).toBeGreaterThanOrEqual(12);
		expect(together.length).toBeLessThan(12);
		expect(together.length).toBeLessThanOrEqual(Math.ceil(checks / 2));
		expect(single).toBeGreaterThan(0);
		expect(Math.max(...together.map((query) => query.ids.length))).toBeGreaterThan(1);
	});

	it('a task missing from a query answer is asked about again, never taken as done', async () => {
		sim.omitFromQueries = 2;
		const result = await run({ options: { download: false } });
		expect(result.error).toBeUndefined();
		expect(sim.omitFromQueries).toBe(0);
		expect(result.output[0].json.status).toBe('completed');
	});
});

describe('Kling AI: the Model list', () => {
	it.each([
		[{ model: 'kling-3.0-turbo', generateAudio: true }, 'Kling 3.0 Turbo makes no sound'],
		[{ model: 'kling-2.6', duration: 7 }, 'Kling 2.6 takes 5 or 10 seconds'],
		[{ model: 'kling-2.6', resolution: '4k' }, 'Kling 2.6 makes 720p or 1080p'],
		[
			{ model: 'kling-2.5-turbo', additionalFields: { shotType: 'intelligent' } },
			'Kling 2.5 Turbo takes no Shot Type',
		],
	])('with an API key, %j is refused before sending: %s', async (parameters, message) => {
		const before = sim.api.requests.length;
		const result = await run(parameters as INodeParameters);
		expect(result.error?.message).toContain(message);
		expect(sim.api.requests.length).toBe(before);
	});

	it('with an access key pair, a model of the current design only is refused, naming the API key', async () => {
		const before = sim.api.requests.length;
		const result = await runWithPair({ model: 'kling-3.0-turbo', prompt: 'turbo' });
		expect(result.error?.message).toBe(
			'Invalid "Model" [item 0]: kling-3.0-turbo is on Kling\'s current API only: use an API-key credential (Authentication: API Key)',
		);
		expect(sim.api.requests.length).toBe(before);
	});

	it('with an access key pair, Kling 2.6 is sent as model_name kling-v2-6', async () => {
		const before = sim.api.requests.length;
		const result = await runWithPair({ model: 'kling-2.6', prompt: 'legacy 2.6' });
		expect(result.error).toBeUndefined();
		const submit = sim.api.requests.slice(before).find((request) => request.method === 'POST')!;
		expect(submit.path).toBe('/v1/videos/text2video');
		expect((submit.body as { model_name: string }).model_name).toBe('kling-v2-6');
	});

	it('Edit Video with Kling O1 goes to /omni-video/kling-o1', async () => {
		const before = sim.api.requests.length;
		const result = await run({
			operation: 'editVideo',
			model: 'kling-o1',
			prompt: 'make it rain',
			videoUrl: 'https://example.com/clip.mp4',
			resolution: '720p',
			options: { download: false },
		});
		expect(result.error).toBeUndefined();
		const submit = sim.api.requests.slice(before).find((request) => request.method === 'POST')!;
		expect(submit.path).toBe('/omni-video/kling-o1');
	});
});

describe('Kling AI current design: callbacks', () => {
	it.each([
		['signed, with a Webhook Secret', 'whsec_dGVzdHNlY3JldHRlc3RzZWNyZXR0ZXN0c2VjcmV0MTI='],
		['unsigned, without one', undefined],
	])('the callback_url option gets the task entry, %s', async (_name, secret) => {
		const received: Array<{ headers: Record<string, unknown>; rawBody: string }> = [];
		const receiver = await listen((request, response) => {
			received.push({ headers: request.headers, rawBody: request.rawBody });
			response.end('ok');
		});
		sim.webhookSecret = secret;
		try {
			const result = await run({
				options: { callbackUrl: `${receiver.url}/hook`, download: false },
			});
			expect(result.error).toBeUndefined();
			for (let wait = 0; wait < 50 && received.length === 0; wait++) await sleep(20);
			expect(received).toHaveLength(1);
			const [call] = received;
			expect(JSON.parse(call.rawBody)).toMatchObject({ id: result.output[0].json.taskId });
			if (secret === undefined) expect(call.headers['webhook-signature']).toBeUndefined();
			else
				expect(call.headers['webhook-signature']).toBe(
					webhookHeaders(
						secret,
						String(call.headers['webhook-id']),
						call.rawBody,
						Number(call.headers['webhook-timestamp']),
					)['webhook-signature'],
				);
		} finally {
			sim.webhookSecret = undefined;
			await receiver.close();
		}
	});
});

describe('Kling AI current design: a shared status request keeps each item to its own Max Wait', () => {
	it('an item with a shorter Max Wait ends at it, not when a dripping request shared with a longer one ends', async () => {
		sim.faults = { dripStatusMs: 300 };
		const started = toolClock.now();
		const result = await runKlingNode({
			parameters: {
				provider: 'klingAi',
				operation: 'textToVideo',
				prompt: '={{ $json.prompt }}',
				duration: 5,
				options: { pollIntervalSeconds: 1, maxWaitMinutes: '={{ $json.wait }}' },
			},
			credentials: apiKeyCredential(),
			items: [
				{ prompt: 'short wait', wait: 0.05 },
				{ prompt: 'long wait', wait: 0.2 },
			],
			continueOnFail: true,
		});
		const [short, long] = result.output.map((item) => String(item.json.error));
		expect(short).toMatch(/^The task did not finish within 0\.05 minutes/);
		expect(short).toContain('Kling AI did not answer within Max Wait');
		expect(long).toMatch(/^The task did not finish within 0\.2 minutes/);
		expect(toolClock.now() - started).toBeLessThan(40_000);
	});
});

describe('Kling AI current design: one refused id does not fail the others', () => {
	it('Get Task of two ids, one of which the provider refuses: the other still completes, asked on its own', async () => {
		const made = await run({ options: { download: false } });
		const good = String(made.output[0].json.taskId);
		sim.refuseQueriesWith = 'refused-id';
		try {
			const result = await runKlingNode({
				parameters: {
					provider: 'klingAi',
					operation: 'getTask',
					taskId: '={{ $json.id }}',
					options: { pollIntervalSeconds: 1, download: false },
				},
				credentials: apiKeyCredential(),
				items: [{ id: 'refused-id' }, { id: good }],
				continueOnFail: true,
			});
			expect(String(result.output[0].json.error)).toContain('invalid task id refused-id');
			expect(result.output[1].json).toMatchObject({ taskId: good, status: 'completed' });
		} finally {
			sim.refuseQueriesWith = undefined;
		}
		// Once read, the refused id is no longer asked about with later tasks.
		const from = sim.taskQueries.length;
		await run({ options: { download: false } });
		expect(sim.taskQueries.slice(from).some((query) => query.ids.includes('refused-id'))).toBe(
			false,
		);
	});

	it('a Get Task ID with a comma is refused before anything is sent', async () => {
		const before = sim.api.requests.length;
		const result = await run({ operation: 'getTask', taskId: '123,456' });
		expect(result.error?.message).toContain('must be one task ID (no commas)');
		expect(sim.api.requests.length).toBe(before);
	});
});

describe('Kling AI current design at its account limit', () => {
	it('5 items against an account that runs 2 tasks at once (code 1303): all complete, each submitted once', async () => {
		sim.faults = { accountLimit: 2 };
		const before = sim.acceptedSubmits.length;
		const result = await runRows(
			Array.from({ length: 5 }, (_, index) => ({ prompt: `limited ${index}` })),
		);
		expect(result.error).toBeUndefined();
		expect(result.output.map((item) => item.json.status)).toEqual(new Array(5).fill('completed'));
		const accepted = sim.acceptedSubmits.slice(before).map((task) => String(task.body.prompt));
		expect(accepted.sort()).toEqual([0, 1, 2, 3, 4].map((index) => `limited ${index}`));
		expect(sim.limitRefusals).toBeGreaterThan(0);
	});
});
