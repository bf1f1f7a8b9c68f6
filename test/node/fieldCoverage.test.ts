// Every field set, per provider and operation, inside n8n's engine: each field is in the request body,
// or hidden for that provider (n8n drops a hidden parameter before the node runs; what the node does with
// one that still arrives, a refusal naming the field and the provider, is test/unit/fieldRules.test.ts).
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import type { SimulatedProvider } from '../../tooling/simulator';
import { runOn, simulatorsForAll } from './fixtures';

const KEY = 'coverage-key';
const sims = simulatorsForAll(KEY);

async function run(provider: SimulatedProvider, parameters: INodeParameters) {
	const before = sims[provider].acceptedSubmits.length;
	const result = await runOn(sims, KEY, provider, {
		...parameters,
		options: { pollIntervalSeconds: 1, download: false, clientTaskId: false },
	});
	const submitted = sims[provider].acceptedSubmits.slice(before);
	return { error: result.error, body: submitted.at(-1)?.body, submits: submitted.length };
}

const url = (name: string) => `https://example.com/${name}`;
const shots = [
	{ prompt: 'shot one', duration: 4 },
	{ prompt: 'shot two', duration: 6 },
];
const generation = {
	prompt: 'every field',
	resolution: '1080p',
	aspectRatio: '9:16',
	duration: 10,
	generateAudio: true,
	additionalFields: {
		negativePrompt: 'blur',
		voiceIds: ['voice_a'],
		multiPrompt: { shots },
		cfgScale: 0.4,
		shotType: 'intelligent',
		watermark: true,
	},
};
const EVERY_FIELD: Record<string, INodeParameters> = {
	textToVideo: { operation: 'textToVideo', ...generation },
	imageToVideo: {
		operation: 'imageToVideo',
		...generation,
		firstFrameUrl: url('first.png'),
		lastFrameUrl: url('last.png'),
		referenceImageUrls: [url('ref.png')],
	},
	motionControl: {
		operation: 'motionControl',
		motionModel: 'v2.6',
		imageUrl: url('person.jpg'),
		videoUrl: url('dance.mp4'),
		motionMode: 'pro',
		prompt: 'dance',
		additionalFields: { characterOrientation: 'video', keepOriginalSound: false },
	},
	editVideo: {
		operation: 'editVideo',
		prompt: 'golden hour',
		videoUrl: url('clip.mp4'),
		resolution: '1080p',
		additionalFields: {
			keepAudio: false,
			imageUrls: [url('style.jpg')],
			elements: {
				element: [{ frontalImageUrl: url('front.jpg'), referenceImageUrls: url('side.jpg') }],
			},
		},
	},
	createVoice: { operation: 'createVoice', voiceUrl: url('voice.mp3') },
};

const foxShots = shots;
const uniAllExtra = {
	cfg_scale: 0.4,
	multi_prompt: shots,
	shot_type: 'intelligent',
	negative_prompt: 'blur',
};
const toApisCommon = {
	mode: 'pro',
	duration: 10,
	aspect_ratio: '9:16',
	audio: true,
	metadata: { negative_prompt: 'blur', watermark: true },
};
const klingShots = {
	cfg_scale: 0.4,
	multi_shot: true,
	shot_type: 'intelligence',
	// Kling numbers its shots and writes durations as strings.
	multi_prompt: [
		{ index: 1, prompt: 'shot one', duration: '4' },
		{ index: 2, prompt: 'shot two', duration: '6' },
	],
	voice_list: [{ voice_id: 'voice_a' }],
	watermark_info: { enabled: true },
};

/** [provider, operation, parameters on top of EVERY_FIELD, the body that must arrive]. */
const CASES: Array<[SimulatedProvider, string, INodeParameters, IDataObject]> = [
	[
		'foxApi',
		'textToVideo',
		{},
		{
			model: 'kling-v3-text-to-video',
			prompt: 'every field',
			resolution: '1080p',
			generate_audio: true,
			negative_prompt: 'blur',
			aspect_ratio: '9:16',
			duration: 10,
			voice_ids: ['voice_a'],
			multi_prompt: foxShots,
		},
	],
	[
		'foxApi',
		'imageToVideo',
		{},
		{
			model: 'kling-v3-image-to-video',
			prompt: 'every field',
			image_url: url('first.png'),
			image_tail_url: url('last.png'),
			resolution: '1080p',
			generate_audio: true,
			negative_prompt: 'blur',
			duration: 10,
			voice_ids: ['voice_a'],
			multi_prompt: foxShots,
		},
	],
	[
		'foxApi',
		'motionControl',
		{},
		{
			model: 'kling-v2-6-motion-control',
			image_url: url('person.jpg'),
			video_url: url('dance.mp4'),
			mode: 'pro',
			prompt: 'dance',
			character_orientation: 'video',
			keep_original_sound: 'no',
		},
	],
	[
		'foxApi',
		'editVideo',
		{},
		{
			model: 'kling-o3-video-to-video-edit',
			prompt: 'golden hour',
			resolution: '1080p',
			video_url: url('clip.mp4'),
			keep_audio: false,
			image_urls: [url('style.jpg')],
			elements: [{ frontal_image_url: url('front.jpg'), reference_image_urls: [url('side.jpg')] }],
		},
	],
	['foxApi', 'createVoice', {}, { model: 'kling-video-create-voice', voice_url: url('voice.mp3') }],
	[
		'uniAll',
		'textToVideo',
		{},
		{
			model: 'kling-v3-pro-audio',
			prompt: 'every field',
			aspect_ratio: '9:16',
			duration: 10,
			extra_body: uniAllExtra,
		},
	],
	// Seed 003: no prompt together with multi_prompt in image mode.
	[
		'uniAll',
		'imageToVideo',
		{ prompt: '' },
		{
			model: 'kling-v3-pro-audio',
			image: url('first.png'),
			last_image: url('last.png'),
			aspect_ratio: '9:16',
			duration: 10,
			extra_body: uniAllExtra,
		},
	],
	['toApis', 'textToVideo', {}, { model: 'kling-v3', prompt: 'every field', ...toApisCommon }],
	[
		'toApis',
		'imageToVideo',
		{},
		{
			model: 'kling-v3',
			prompt: 'every field',
			reference_images: [url('ref.png')],
			image_with_roles: [
				{ url: url('first.png'), role: 'first_frame' },
				{ url: url('last.png'), role: 'last_frame' },
			],
			...toApisCommon,
		},
	],
	[
		'klingAi',
		'textToVideo',
		{},
		{
			model_name: 'kling-v3',
			prompt: 'every field',
			negative_prompt: 'blur',
			duration: '10',
			aspect_ratio: '9:16',
			mode: 'pro',
			sound: 'on',
			...klingShots,
		},
	],
	[
		'klingAi',
		'imageToVideo',
		{},
		{
			model_name: 'kling-v3',
			prompt: 'every field',
			negative_prompt: 'blur',
			image: url('first.png'),
			image_tail: url('last.png'),
			duration: '10',
			mode: 'pro',
			sound: 'on',
			...klingShots,
		},
	],
	[
		'klingAi',
		'motionControl',
		{},
		{
			model_name: 'kling-v2-6',
			image_url: url('person.jpg'),
			video_url: url('dance.mp4'),
			prompt: 'dance',
			character_orientation: 'video',
			keep_original_sound: 'no',
			mode: 'pro',
		},
	],
	[
		'klingAi',
		'editVideo',
		{},
		{
			model_name: 'kling-v3-omni',
			prompt: 'golden hour',
			video_list: [{ video_url: url('clip.mp4'), refer_type: 'base', keep_original_sound: 'no' }],
			image_list: [{ image_url: url('style.jpg') }],
			mode: 'pro',
			sound: 'off',
		},
	],
];

describe('every field set: each one is in the body, or hidden for the provider', () => {
	it.each(CASES)('%s %s', async (provider, operation, patch, expected) => {
		const { error, body } = await run(provider, { ...EVERY_FIELD[operation], ...patch });
		expect(error).toBeUndefined();
		expect(body).toEqual(expected);
		// Same keys in the same order: the body is built in the provider's documented order.
		expect(Object.keys(body!)).toEqual(Object.keys(expected));
	});
});

describe('a value a provider cannot take is refused, naming the field and the provider', () => {
	it('Kling AI: a shot type without multi-prompt shots', async () => {
		const { error, submits } = await run('klingAi', {
			operation: 'textToVideo',
			prompt: 'p',
			additionalFields: { shotType: 'customize' },
		});
		expect(error?.message).toBe(
			'Invalid "Shot Type" [item 0]: Kling AI takes a shot type only with Multi-Prompt Shots; add shots or remove it',
		);
		expect(submits).toBe(0);
	});

	it('Kling AI: more than 6 shots', async () => {
		const seven = Array.from({ length: 7 }, (_, index) => ({
			prompt: `shot ${index}`,
			duration: index === 0 ? 4 : 1,
		}));
		const { error, submits } = await run('klingAi', {
			operation: 'textToVideo',
			prompt: 'p',
			duration: 10,
			additionalFields: { multiPrompt: { shots: seven } },
		});
		expect(error?.message).toBe(
			'Invalid "Multi-Prompt Shots" [item 0]: Kling AI takes at most 6 shots',
		);
		expect(submits).toBe(0);
	});
});
