// A workflow moved from one provider to another keeps every parameter both support: the same node
// parameters, only `provider` changed, must carry the same values into each provider's request.
import type { INodeParameters } from 'n8n-workflow';
import { expect, it } from 'vitest';

import type { SimulatedProvider } from '../../tooling/simulator';
import { runOn, simulatorsForAll } from './fixtures';

const KEY = 'switch-key';
const sims = simulatorsForAll(KEY);

async function bodyFor(provider: SimulatedProvider, parameters: INodeParameters) {
	const result = await runOn(sims, KEY, provider, {
		...parameters,
		options: { pollIntervalSeconds: 1, download: false },
	});
	expect(result.error).toBeUndefined();
	return sims[provider].acceptedSubmits.at(-1)!.body as Record<string, any>;
}

it('text to video keeps prompt, negative prompt, resolution, aspect ratio, duration and sound', async () => {
	const parameters: INodeParameters = {
		operation: 'textToVideo',
		prompt: 'a paper boat on a river',
		resolution: '1080p',
		aspectRatio: '9:16',
		duration: 10,
		generateAudio: true,
		additionalFields: { negativePrompt: 'blur' },
	};
	expect(await bodyFor('foxApi', parameters)).toEqual({
		model: 'kling-v3-text-to-video',
		prompt: 'a paper boat on a river',
		resolution: '1080p',
		generate_audio: true,
		negative_prompt: 'blur',
		aspect_ratio: '9:16',
		duration: 10,
	});
	expect(await bodyFor('uniAll', parameters)).toEqual({
		model: 'kling-v3-pro-audio',
		prompt: 'a paper boat on a river',
		aspect_ratio: '9:16',
		duration: 10,
		extra_body: { negative_prompt: 'blur' },
	});
	expect(await bodyFor('toApis', parameters)).toEqual({
		model: 'kling-v3',
		prompt: 'a paper boat on a river',
		mode: 'pro',
		duration: 10,
		aspect_ratio: '9:16',
		audio: true,
		metadata: { negative_prompt: 'blur' },
		client_business_id: expect.stringMatching(/^n8n-[0-9a-f-]{36}$/),
	});
	expect(await bodyFor('klingAi', parameters)).toEqual({
		model_name: 'kling-v3',
		prompt: 'a paper boat on a river',
		negative_prompt: 'blur',
		duration: '10',
		aspect_ratio: '9:16',
		mode: 'pro',
		sound: 'on',
		external_task_id: expect.stringMatching(/^n8n-[0-9a-f-]{36}$/),
	});
});

it('image to video keeps the first and last frame', async () => {
	const parameters: INodeParameters = {
		operation: 'imageToVideo',
		prompt: 'the door opens',
		firstFrameUrl: 'https://example.com/closed.png',
		lastFrameUrl: 'https://example.com/open.png',
		duration: 5,
	};
	const fox = await bodyFor('foxApi', parameters);
	expect([fox.image_url, fox.image_tail_url, fox.duration, fox.prompt]).toEqual([
		'https://example.com/closed.png',
		'https://example.com/open.png',
		5,
		'the door opens',
	]);
	const uni = await bodyFor('uniAll', parameters);
	expect([uni.image, uni.last_image, uni.duration, uni.prompt]).toEqual([
		'https://example.com/closed.png',
		'https://example.com/open.png',
		5,
		'the door opens',
	]);
	const to = await bodyFor('toApis', parameters);
	expect([to.image_with_roles, to.duration, to.prompt]).toEqual([
		[
			{ url: 'https://example.com/closed.png', role: 'first_frame' },
			{ url: 'https://example.com/open.png', role: 'last_frame' },
		],
		5,
		'the door opens',
	]);
	const kling = await bodyFor('klingAi', parameters);
	expect([kling.image, kling.image_tail, kling.duration, kling.prompt]).toEqual([
		'https://example.com/closed.png',
		'https://example.com/open.png',
		'5',
		'the door opens',
	]);
});

it('a field only some providers take is sent by those and hidden (so dropped by n8n) for the others', async () => {
	const parameters: INodeParameters = {
		operation: 'textToVideo',
		prompt: 'a paper boat on a river',
		duration: 5,
		additionalFields: { cfgScale: 0.3, watermark: true },
	};
	expect(await bodyFor('foxApi', parameters)).not.toHaveProperty('cfg_scale');
	expect((await bodyFor('uniAll', parameters)).extra_body).toEqual({ cfg_scale: 0.3 });
	expect((await bodyFor('toApis', parameters)).metadata).toEqual({ watermark: true });
	expect(await bodyFor('klingAi', parameters)).toMatchObject({
		cfg_scale: 0.3,
		watermark_info: { enabled: true },
	});
});
