// The official Kling AI API inside n8n's execution engine: every request signed with a fresh JWT that
// the simulator verifies, endpoint-encoded task ids that Get Task finds again, and Kling's error codes.
import type { INodeParameters } from 'n8n-workflow';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { binaryBuffer, runKlingNode } from '../../tooling/harness/n8n';
import { SAMPLE_MP4 } from '../../tooling/simulator/files';
import { KlingAiSimulator } from '../../tooling/simulator/klingAi';

let sim: KlingAiSimulator;
beforeAll(async () => {
	sim = await KlingAiSimulator.start({
		apiKey: 'ak-node-test',
		secretKey: 'sk-node-test-secret-value',
		renderMs: 1000,
	});
});
afterAll(async () => sim.close());
beforeEach(() => {
	sim.faults = {};
});

const run = (parameters: INodeParameters, secretKey = 'sk-node-test-secret-value') =>
	runKlingNode({
		parameters: {
			provider: 'klingAi',
			operation: 'textToVideo',
			prompt: 'a koi pond',
			duration: 5,
			options: { pollIntervalSeconds: 1 },
			...parameters,
		},
		credentials: { klingAiApi: { accessKey: 'ak-node-test', secretKey, baseUrl: sim.baseUrl } },
	});

describe('Kling AI in n8n', () => {
	it('signs every request, outputs the video, and the task id names its endpoint', async () => {
		const before = sim.api.requests.length;
		const result = await run({});
		expect(result.error).toBeUndefined();
		expect(result.output[0].json).toMatchObject({
			provider: 'klingAi',
			model: 'kling-v3',
			status: 'completed',
		});
		expect(result.output[0].json.taskId).toMatch(/^text2video:\d+$/);
		expect(await binaryBuffer(result.output[0].binary!.data)).toEqual(SAMPLE_MP4);
		const requests = sim.api.requests.slice(before);
		expect(requests.length).toBeGreaterThanOrEqual(2);
		for (const request of requests)
			expect(request.headers.authorization).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
		expect(JSON.stringify(result.run)).not.toContain('sk-node-test-secret-value');
	});

	it('a wrong secret key fails on the signature check with Kling code 1002', async () => {
		const result = await run({}, 'not-the-secret');
		expect(result.error?.message).toBe(
			'Kling AI rejected the credential (HTTP 401): authentication failed: check the access key and secret key (code 1002: Invalid API key: bad signature) [item 0]',
		);
		expect(JSON.stringify(result.run)).not.toContain('not-the-secret');
	});

	it('Get Task finds an image-to-video task from the output task id alone', async () => {
		const submitted = await run({
			operation: 'imageToVideo',
			firstFrameUrl: 'https://example.com/a.png',
			waitForCompletion: false,
		});
		const taskId = submitted.output[0].json.taskId as string;
		expect(taskId).toMatch(/^image2video:\d+$/);
		const collected = await run({ operation: 'getTask', taskId });
		expect(collected.error).toBeUndefined();
		expect(collected.output[0].json).toMatchObject({ taskId, status: 'completed' });
		expect(sim.api.requests.at(-1)?.path).not.toContain('text2video');
	});

	it('code 1303 inside an HTTP 200 is a refusal: backs off, submits again, one task billed', async () => {
		sim.envelopeErrorOnce = 1303;
		const tasks = sim.acceptedSubmits.length;
		const result = await run({});
		expect(result.error).toBeUndefined();
		expect(sim.acceptedSubmits.length - tasks).toBe(1);
	});

	it('code 1102 (HTTP 429) says the resource pack is used up, and is not retried', async () => {
		sim.faults = { quotaExhausted: true };
		const submits = () => sim.api.requests.filter((request) => request.method === 'POST').length;
		const before = submits();
		const result = await run({});
		expect(result.error?.message).toBe(
			'Kling AI says the account has insufficient balance (HTTP 429): the account is out of balance or its resource pack is used up (code 1102: Insufficient balance) [item 0]',
		);
		// One submit; the GET before it looks for a task an earlier run of the execution created.
		expect(submits() - before).toBe(1);
	});

	it('code 1301 is reported as the content policy; a failed task carries task_status_msg', async () => {
		const blocked = await run({ prompt: 'something [policy]' });
		expect(blocked.error?.message).toBe(
			'Kling AI blocked the request under its content policy (HTTP 400): blocked by the content policy (code 1301: Content security policy triggered) [item 0]',
		);
		const failed = await run({ prompt: 'something [fail]' });
		expect(failed.error?.message).toMatch(
			/^Kling AI task failed: Failure to pass the risk control system \(task text2video:\d+\) \[item 0\]$/,
		);
	});

	it('refuses Create Voice, and 4K (on the current design only), before sending anything', async () => {
		const before = sim.api.requests.length;
		expect(
			(await run({ operation: 'createVoice', voiceUrl: 'https://example.com/v.mp3' })).error
				?.message,
		).toBe('Kling AI does not offer the "createVoice" operation');
		expect((await run({ resolution: '4k' })).error?.message).toBe(
			'Invalid "Resolution" [item 0]: 4K is on Kling\'s current API only: use an API-key credential (Authentication: API Key)',
		);
		expect(sim.api.requests.length).toBe(before);
	});
});
