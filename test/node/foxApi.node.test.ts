// The node inside n8n's execution engine against the FoxAPI simulator: results, binary data, errors,
// retries, timeouts, cancel, and several items at once.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { binaryBuffer, useBinaryMode } from '../../tooling/harness/n8n';
import { SAMPLE_MP4 } from '../../tooling/simulator/files';
import type { FoxApiSimulator } from '../../tooling/simulator/foxApi';
import { API_KEY, foxSimulator, runFox } from './fixtures';
import { toolClock } from '../../tooling/clock';

let sim: FoxApiSimulator;
beforeAll(async () => {
	sim = await foxSimulator();
});
afterAll(async () => sim.close());
beforeEach(() => {
	sim.faults = {};
	sim.renderMs = 1200;
});

const posts = (from = 0) =>
	sim.api.requests.slice(from).filter((request) => request.method === 'POST');

describe('a successful task', () => {
	it('outputs the normalized JSON and the video as binary data', async () => {
		await useBinaryMode('default');
		const result = await runFox(sim);
		expect(result.error).toBeUndefined();
		expect(result.output).toHaveLength(1);
		const [item] = result.output;
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(item.json).toMatchObject({
			provider: 'foxApi',
			operation: 'textToVideo',
			model: 'kling-v3-text-to-video',
			status: 'completed',
			progress: 100,
		});
		expect(item.json.taskId).toMatch(/^task-unified-/);
		expect(item.json.videoUrl).toBe(`${sim.files.url}/videos/${item.json.taskId}.mp4`);
		expect(item.json.videos).toEqual([{ url: item.json.videoUrl, width: 64, height: 64 }]);
		expect(item.json.raw).toMatchObject({ id: item.json.taskId, status: 'completed' });
		const binary = item.binary!.data;
		expect(binary).toMatchObject({
			mimeType: 'video/mp4',
			fileName: `${item.json.taskId}.mp4`,
			fileExtension: 'mp4',
		});
		expect(await binaryBuffer(binary)).toEqual(SAMPLE_MP4);
	});

	it('stores the video on disk in filesystem binary mode', async () => {
		await useBinaryMode('filesystem');
		try {
			const result = await runFox(sim, {}, { options: { binaryPropertyName: 'video' } });
			const binary = result.output[0].binary!.video;
			expect(binary.id).toMatch(/^filesystem/);
			expect(await binaryBuffer(binary)).toEqual(SAMPLE_MP4);
		} finally {
			await useBinaryMode('default');
		}
	});

	it('sends the API key to the provider only, never to the file host', async () => {
		const fileRequestsBefore = sim.files.requests.length;
		const apiRequestsBefore = sim.api.requests.length;
		const result = await runFox(sim);
		expect(result.error).toBeUndefined();
		const fileRequests = sim.files.requests.slice(fileRequestsBefore);
		expect(fileRequests).toHaveLength(1);
		expect(fileRequests[0].headers.authorization).toBeUndefined();
		expect(JSON.stringify(fileRequests[0].headers)).not.toContain(API_KEY);
		for (const request of sim.api.requests.slice(apiRequestsBefore))
			expect(request.headers.authorization).toBe(`Bearer ${API_KEY}`);
		expect(JSON.stringify(result.output)).not.toContain(API_KEY);
	});

	it('outputs the URL only when Download Video is off', async () => {
		const result = await runFox(sim, {}, { options: { download: false } });
		expect(result.output[0].binary).toBeUndefined();
		expect(result.output[0].json.videoUrl).toMatch(/\.mp4$/);
	});

	it('accepts the older output{} result shape and a completed answer that comes before its results', async () => {
		sim.faults = { resultShape: 'output', completedWithoutResultsOnce: true };
		sim.renderMs = 0;
		const before = sim.api.requests.length;
		const result = await runFox(sim);
		expect(result.error).toBeUndefined();
		expect(result.output[0].json.status).toBe('completed');
		expect(await binaryBuffer(result.output[0].binary!.data)).toEqual(SAMPLE_MP4);
		expect(
			sim.api.requests.slice(before).filter((request) => request.method === 'GET').length,
		).toBeGreaterThanOrEqual(2);
	});

	it('creates a voice and outputs its voice id instead of video fields', async () => {
		const result = await runFox(sim, {
			operation: 'createVoice',
			voiceUrl: 'https://example.com/voice.mp3',
		});
		expect(result.error).toBeUndefined();
		expect(result.output[0].json).toMatchObject({
			operation: 'createVoice',
			model: 'kling-video-create-voice',
			status: 'completed',
		});
		expect(result.output[0].json.voiceId).toMatch(/^voice_/);
		expect(result.output[0].json).not.toHaveProperty('videoUrl');
		expect(result.output[0].binary).toBeUndefined();
	});
});

describe('provider errors', () => {
	it('a failed task fails the item with the provider reason and the task id', async () => {
		const result = await runFox(sim, { prompt: 'something [fail]' });
		expect(result.error?.message).toMatch(
			/^FoxAPI task failed: Generation failed: content policy violation \(task task-unified-\S+\) \[item 0\]$/,
		);
		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.context?.taskId).toMatch(/^task-unified-/);
	});

	it('401: says the credential was rejected, with the HTTP status, and never shows the key', async () => {
		const wrongKey = 'sk-wrong-key-abcdef123456';
		const result = await runFox(sim, {}, { apiKey: wrongKey });
		expect(result.error?.message).toBe(
			'FoxAPI rejected the credential (HTTP 401): Invalid API key [item 0]',
		);
		expect(result.error?.httpCode).toBe('401');
		expect(JSON.stringify(result.run)).not.toContain(wrongKey);
	});

	it('402: says plainly that the balance is insufficient', async () => {
		sim.faults = { quotaExhausted: true };
		const before = posts().length;
		const result = await runFox(sim);
		expect(result.error?.message).toBe(
			'FoxAPI says the account has insufficient balance (HTTP 402): Insufficient balance [item 0]',
		);
		expect(result.error?.httpCode).toBe('402');
		expect(posts().length - before).toBe(1);
	});

	it('429 then accepted: backs off, submits again, and bills one task', async () => {
		sim.faults = { submit429Count: 2, retryAfterSeconds: 1 };
		const before = posts().length;
		const tasksBefore = sim.acceptedSubmits.length;
		const result = await runFox(sim);
		expect(result.error).toBeUndefined();
		expect(result.output[0].json.status).toBe('completed');
		expect(posts().length - before).toBe(3);
		expect(sim.acceptedSubmits.length - tasksBefore).toBe(1);
	});

	it('keeps polling through 5xx and malformed answers', async () => {
		sim.faults = { poll5xxRate: 0.4, pollMalformedRate: 0.2 };
		const result = await runFox(sim);
		expect(result.error).toBeUndefined();
		expect(result.output[0].json.status).toBe('completed');
	});
});

describe('waiting', () => {
	it('times out with the task id and how to pick the task up later', async () => {
		sim.renderMs = 60_000;
		const result = await runFox(sim, {}, { options: { maxWaitMinutes: 0.05 } });
		expect(result.error?.message).toMatch(
			/^The task did not finish within 0.05 minutes \(last status "(submitted|processing)".*\) \(task task-unified-\S+\) \[item 0\]$/,
		);
		expect(result.error?.description).toContain('Get Task operation');
		expect(result.error?.description).toContain(String(result.error?.context?.taskId));
	});

	it('with Wait for Completion off, outputs the task at once; Get Task picks it up later', async () => {
		sim.renderMs = 1500;
		const submitted = await runFox(sim, { waitForCompletion: false });
		expect(submitted.output[0].json).toMatchObject({
			status: 'submitted',
			videoUrl: null,
			videos: [],
		});
		expect(submitted.output[0].binary).toBeUndefined();
		const taskId = submitted.output[0].json.taskId as string;

		const peek = await runFox(sim, { operation: 'getTask', taskId, waitForCompletion: false });
		expect(peek.output[0].json).toMatchObject({
			operation: 'getTask',
			taskId,
			model: 'kling-v3-text-to-video',
		});
		expect(['submitted', 'processing']).toContain(peek.output[0].json.status);

		const collected = await runFox(sim, { operation: 'getTask', taskId });
		expect(collected.output[0].json).toMatchObject({
			operation: 'getTask',
			taskId,
			status: 'completed',
		});
		expect(await binaryBuffer(collected.output[0].binary!.data)).toEqual(SAMPLE_MP4);
	});

	it('Get Task on an unknown id says the provider does not know it', async () => {
		const result = await runFox(sim, { operation: 'getTask', taskId: 'task-unified-0-nope' });
		expect(result.error?.message).toBe(
			'FoxAPI does not know this task (HTTP 404): Task not found (task task-unified-0-nope) [item 0]',
		);
	});

	it('cancelling the execution ends the wait at once and sends nothing more', async () => {
		sim.renderMs = 20_000;
		const before = sim.api.requests.length;
		const startedAt = toolClock.now();
		const result = await runFox(sim, {}, { cancelAfterMs: 300 });
		// The cancel comes 300 real ms in; the simulator records times on the (sped-up) shared clock.
		const realMs = (ms: number) => ms * toolClock.factor;
		const cancelledBy = startedAt + realMs(300);
		// Either the engine marks the run cancelled, or the node reports the cancel as its error.
		expect(result.run.status === 'canceled' || /cancelled/.test(result.error?.message ?? '')).toBe(
			true,
		);
		const after = sim.api.requests.slice(before);
		expect(after.filter((request) => request.method === 'POST')).toHaveLength(1);
		expect(after.filter((request) => request.at > cancelledBy + realMs(50))).toEqual([]);
		expect(sim.files.requests.filter((request) => request.at > cancelledBy)).toEqual([]);
	});
});

describe('several items', () => {
	const prompts = [{ prompt: 'one' }, { prompt: 'two [fail]' }, { prompt: 'three' }];

	it('Continue On Fail: one output per input, in order, the failure as an error item with its task id', async () => {
		const result = await runFox(
			sim,
			{ prompt: '={{ $json.prompt }}' },
			{ items: prompts, continueOnFail: true },
		);
		expect(result.error).toBeUndefined();
		expect(result.output.map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
		expect(result.output[0].json.status).toBe('completed');
		expect(result.output[2].json.status).toBe('completed');
		expect(result.output[0].binary?.data).toBeDefined();
		expect(result.output[1].json).toMatchObject({
			provider: 'foxApi',
			operation: 'textToVideo',
			error: expect.stringContaining('FoxAPI task failed'),
		});
		expect(result.output[1].json.taskId).toMatch(/^task-unified-/);
		const sent = sim.acceptedSubmits.slice(-3).map((task) => task.body.prompt);
		expect(sent.sort()).toEqual(['one', 'three', 'two [fail]']);
	});

	it('without Continue On Fail: the node fails and names the tasks already submitted for the other items', async () => {
		const result = await runFox(sim, { prompt: '={{ $json.prompt }}' }, { items: prompts });
		expect(result.error?.message).toContain('[item 1]');
		expect(result.error?.description).toMatch(
			/Tasks already submitted for other items \(use Get Task to collect them\): item 0: task-unified-\S+, item 2: task-unified-\S+/,
		);
	});

	it('submits under the concurrency cap and waits for all items together', async () => {
		sim.faults = { slowMs: 150 };
		sim.peakConcurrentSubmits = 0;
		const items = Array.from({ length: 6 }, (_, index) => ({ prompt: `clip ${index}` }));
		const result = await runFox(
			sim,
			{ prompt: '={{ $json.prompt }}' },
			{ items, options: { concurrency: 2, download: false } },
		);
		expect(result.error).toBeUndefined();
		expect(result.output.map((item) => item.json.status)).toEqual(Array(6).fill('completed'));
		expect(sim.peakConcurrentSubmits).toBe(2);
	});
});
