// UniAll and ToAPIs inside n8n's execution engine against their simulators: success with the video,
// failed tasks, provider errors, bad input, and UniAll's undocumented answers parsed defensively.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { INodeParameters } from 'n8n-workflow';

import { binaryBuffer, runKlingNode, type KlingRun } from '../../tooling/harness/n8n';
import type { ProviderSimulator } from '../../tooling/simulator/base';
import { SAMPLE_MP4 } from '../../tooling/simulator/files';
import { ToApisSimulator } from '../../tooling/simulator/toApis';
import { UniAllSimulator } from '../../tooling/simulator/uniAll';

const KEY = 'sk-gateway-test-123456';

function runner(sim: () => ProviderSimulator, provider: string, credential: string) {
	return (parameters: INodeParameters, extra: Partial<KlingRun> = {}) =>
		runKlingNode({
			parameters: {
				provider,
				operation: 'textToVideo',
				prompt: 'a lighthouse at dusk',
				duration: 5,
				options: { pollIntervalSeconds: 1 },
				...parameters,
			},
			credentials: { [credential]: { apiKey: KEY, baseUrl: sim().baseUrl } },
			...extra,
		});
}

describe('UniAll', () => {
	let sim: UniAllSimulator;
	const run = runner(() => sim, 'uniAll', 'uniAllApi');
	beforeAll(async () => {
		sim = await UniAllSimulator.start({ apiKey: KEY, renderMs: 1000 });
	});
	afterAll(async () => sim.close());
	beforeEach(() => {
		sim.shape = 'job';
		sim.faults = {};
	});

	it('text to video: picks the model from resolution and sound, and outputs the video', async () => {
		const result = await run({ resolution: '1080p', generateAudio: true });
		expect(result.error).toBeUndefined();
		expect(sim.acceptedSubmits.at(-1)?.model).toBe('kling-v3-pro-audio');
		expect(result.output[0].json).toMatchObject({
			provider: 'uniAll',
			model: 'kling-v3-pro-audio',
			status: 'completed',
		});
		expect(await binaryBuffer(result.output[0].binary!.data)).toEqual(SAMPLE_MP4);
	});

	it('reads the new-api style answer (metadata.url) as well', async () => {
		sim.shape = 'newApi';
		const result = await run({});
		expect(result.error).toBeUndefined();
		expect(result.output[0].json.videoUrl).toMatch(/\.mp4$/);
	});

	it('an accepted submit without a task id fails, says the task may exist and shows the answer', async () => {
		sim.shape = 'noTaskId';
		const result = await run({});
		expect(result.error?.message).toContain(
			'UniAll sent an unexpected answer (HTTP 200): UniAll accepted the request but its answer has no task id: {}',
		);
		expect(result.error?.description).toContain('The task may have been created');
	});

	it('a completed answer without a video URL fails and shows what came back', async () => {
		sim.shape = 'noVideoUrl';
		const result = await run({});
		expect(result.error?.message).toMatch(
			/UniAll says the task is completed, but the answer holds no video URL: \{"id":"video_\d+".*"status":"completed"/,
		);
		expect(result.error?.message).toMatch(/\(task video_\d+\) \[item 0\]$/);
	});

	it('a failed task carries the gateway reason', async () => {
		const result = await run({ prompt: 'x [fail]' });
		expect(result.error?.message).toMatch(
			/^UniAll task failed: Video generation failed: content moderation \(task video_\d+\) \[item 0\]$/,
		);
	});

	it('403 insufficient_user_quota is reported as no balance', async () => {
		sim.faults = { quotaExhausted: true };
		const result = await run({});
		expect(result.error?.message).toBe(
			'UniAll says the account has insufficient balance (HTTP 403): Insufficient balance [item 0]',
		);
	});

	it('refuses a prompt together with multi-prompt shots in image mode, before sending', async () => {
		const before = sim.api.requests.length;
		const result = await run({
			operation: 'imageToVideo',
			firstFrameUrl: 'https://example.com/a.png',
			duration: 6,
			additionalFields: { multiPrompt: { shots: [{ prompt: 'a' }, { prompt: 'b' }] } },
		});
		expect(result.error?.message).toBe(
			'Invalid "Prompt" [item 0]: UniAll does not accept a prompt together with Multi-Prompt Shots in image to video; leave it empty',
		);
		expect(sim.api.requests.length).toBe(before);
	});

	it('refuses what UniAll does not offer (4K, 16 s) and a CFG scale above 1, before sending', async () => {
		const before = sim.api.requests.length;
		expect((await run({ resolution: '4k' })).error?.message).toBe(
			'Invalid "Resolution" [item 0]: UniAll supports 720p, 1080p',
		);
		expect((await run({ duration: 16 })).error?.message).toBe(
			'Invalid "Duration (Seconds)" [item 0]: UniAll accepts 3 to 15 seconds here',
		);
		expect((await run({ additionalFields: { cfgScale: 2 } })).error?.message).toBe(
			'Invalid "CFG Scale" [item 0]: must be between 0 and 1',
		);
		expect(sim.api.requests.length).toBe(before);
	});

	it('always sends extra_body (seed 003 marks it required), {} when no extra is set', async () => {
		const result = await run({ additionalFields: {} });
		expect(result.error).toBeUndefined();
		expect(sim.acceptedSubmits.at(-1)?.body).toEqual({
			model: 'kling-v3-std-silent',
			prompt: 'a lighthouse at dusk',
			aspect_ratio: '16:9',
			duration: 5,
			extra_body: {},
		});
	});
});

describe('ToAPIs', () => {
	let sim: ToApisSimulator;
	const run = runner(() => sim, 'toApis', 'toApisApi');
	beforeAll(async () => {
		sim = await ToApisSimulator.start({ apiKey: KEY, renderMs: 1000 });
	});
	afterAll(async () => sim.close());
	beforeEach(() => {
		sim.faults = {};
	});

	it('outputs the video with expiresAt from the provider', async () => {
		const result = await run({ resolution: '1080p' });
		expect(result.error).toBeUndefined();
		const json = result.output[0].json;
		expect(json).toMatchObject({ provider: 'toApis', model: 'kling-v3', status: 'completed' });
		expect(json.expiresAt).toMatch(/^\d{4}-\d\d-\d\dT/);
		expect(Date.parse(json.expiresAt as string) - Date.now()).toBeGreaterThan(23 * 3600_000);
		expect(sim.acceptedSubmits.at(-1)?.body.mode).toBe('pro');
		expect(await binaryBuffer(result.output[0].binary!.data)).toEqual(SAMPLE_MP4);
	});

	it('a failed task carries the provider reason', async () => {
		const result = await run({ prompt: 'x [fail]' });
		expect(result.error?.message).toMatch(
			/^ToAPIs task failed: Generation failed: Content violates the content policy \(task tsk_vid_\w+\) \[item 0\]$/,
		);
	});

	it('429 with Retry-After is retried and bills once; 402 says no balance; numeric error codes are read', async () => {
		sim.faults = { submit429Count: 1, retryAfterSeconds: 1 };
		const tasks = sim.acceptedSubmits.length;
		expect((await run({})).error).toBeUndefined();
		expect(sim.acceptedSubmits.length - tasks).toBe(1);

		sim.faults = { quotaExhausted: true };
		expect((await run({})).error?.message).toBe(
			'ToAPIs says the account has insufficient balance (HTTP 402): Insufficient balance [item 0]',
		);

		sim.faults = {};
		const missing = await run({ operation: 'getTask', taskId: 'tsk_vid_missing' });
		expect(missing.error?.message).toBe(
			'ToAPIs does not know this task (HTTP 404): Task not found (task tsk_vid_missing) [item 0]',
		);
	});

	it('image to video needs a first frame or a reference image, and at most 10 s', async () => {
		const before = sim.api.requests.length;
		expect((await run({ operation: 'imageToVideo' })).error?.message).toBe(
			'Invalid "First Frame Image" [item 0]: is required',
		);
		expect(
			(
				await run({
					operation: 'imageToVideo',
					referenceImageUrls: ['https://example.com/r.png'],
					duration: 15,
				})
			).error?.message,
		).toBe('Invalid "Duration (Seconds)" [item 0]: ToAPIs accepts 5 or 10 seconds here');
		expect(sim.api.requests.length).toBe(before);
	});
});
