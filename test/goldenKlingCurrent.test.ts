// Golden tests of Kling AI's current design: each request example of Kling's docs
// (test/fixtures/kling-current/) is produced from node parameters with an API-key credential, sent
// through n8n's execution engine to the simulator, and the body that arrives must be the docs' body as
// compact JSON, key order included. One difference is allowed and asserted: the docs show an empty
// "external_task_id": "" (no custom id), which the node leaves out when Client Task ID is off.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { INodeParameters } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runKlingNode } from '../tooling/harness/n8n';
import { KlingAiSimulator } from '../tooling/simulator/klingAi';

const FIXTURES = path.join(__dirname, 'fixtures', 'kling-current');
const API_KEY = 'golden-current-key';
const OPTIONS = { callbackUrl: 'https://xxx/callback', clientTaskId: false };
const PROMPT =
	'A girl sat on the train, looking out the window with a melancholic expression, her head swaying with the train.';
const PARROT =
	'Change the color of the parrot’s feathers to match the reference image. Keep all other elements of the video unchanged.';

const CASES: Array<[string, string, INodeParameters]> = [
	[
		'text-to-video-kling-3.0.json',
		'/text-to-video/kling-3.0',
		{
			operation: 'textToVideo',
			prompt: PROMPT,
			resolution: '4k',
			aspectRatio: '16:9',
			duration: 15,
			generateAudio: false,
			additionalFields: { shotType: 'intelligent', watermark: false },
		},
	],
	// The 2.6 and 2.5 Turbo pages give the same example, each under its own model.
	...(['kling-2.6', 'kling-2.5-turbo'].map((model) => [
		`text-to-video-${model}.json`,
		`/text-to-video/${model}`,
		{
			operation: 'textToVideo',
			model,
			prompt: PROMPT,
			resolution: '1080p',
			aspectRatio: '9:16',
			duration: 10,
			generateAudio: false,
			additionalFields: { watermark: true },
		},
	]) as Array<[string, string, INodeParameters]>),
	[
		'image-to-video-kling-3.0.json',
		'/image-to-video/kling-3.0',
		{
			operation: 'imageToVideo',
			prompt: PROMPT,
			firstFrameUrl:
				'https://p2-kling.klingai.com/kcdn/cdn-kcdn112452/kling-tob-release_note/image_25.png',
			resolution: '4k',
			duration: 10,
			generateAudio: false,
			additionalFields: { shotType: 'customize', watermark: false },
		},
	],
	[
		'motion-control-kling-3.0.json',
		'/motion-control/kling-3.0',
		{
			operation: 'motionControl',
			motionModel: 'v3',
			prompt: 'The girl is wearing a loose gray T-shirt and denim shorts',
			imageUrl:
				'https://p2-kling.klingai.com/kcdn/cdn-kcdn112452/kling-qa-test/35d77e27300cf5e8995704cd858d759c.png',
			videoUrl: 'https://v4-kling.kechuangai.com/kcdn/cdn-kcdn112452/kling-qa-test/dance_10s.mp4',
			motionMode: 'pro',
			additionalFields: { characterOrientation: 'video', keepOriginalSound: true },
		},
	],
	[
		'omni-video-kling-3.0-omni-base-video.json',
		'/omni-video/kling-3.0-omni',
		{
			operation: 'editVideo',
			prompt: PARROT,
			videoUrl:
				'https://p2-kling.klingai.com/kcdn/cdn-kcdn112452/kling-tob-release_note/video_7.1.mp4',
			resolution: '1080p',
			additionalFields: { keepAudio: true },
		},
	],
];

let sim: KlingAiSimulator;
beforeAll(async () => {
	sim = await KlingAiSimulator.start({ apiKey: API_KEY, renderMs: 0 });
});
afterAll(async () => sim.close());

describe("Kling AI's current design: the docs' request examples", () => {
	it.each(CASES)(
		'%s is sent to its path, body as the docs give it',
		async (file, path, parameters) => {
			const documented = JSON.parse(readFileSync(`${FIXTURES}/${file}`, 'utf8')) as {
				options: Record<string, unknown>;
			};
			// The one allowed difference: the docs' empty placeholder for a custom task id.
			expect(documented.options.external_task_id).toBe('');
			delete documented.options.external_task_id;

			const before = sim.api.requests.length;
			const result = await runKlingNode({
				parameters: {
					provider: 'klingAi',
					...parameters,
					options: { ...OPTIONS, pollIntervalSeconds: 1, download: false },
				},
				credentials: {
					klingAiApi: { authentication: 'apiKey', apiKey: API_KEY, baseUrl: sim.baseUrl },
				},
			});
			expect(result.error).toBeUndefined();
			const submits = sim.api.requests.slice(before).filter((request) => request.method === 'POST');
			expect(submits).toHaveLength(1);
			expect(submits[0].path).toBe(path);
			expect(submits[0].rawBody).toBe(JSON.stringify(documented));
			expect(result.output[0].json).toMatchObject({ provider: 'klingAi', status: 'completed' });
		},
	);
});
