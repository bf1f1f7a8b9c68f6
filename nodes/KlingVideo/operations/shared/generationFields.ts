// The parameters text-to-video and image-to-video share (prompt, resolution, duration, audio, voices,
// multi-prompt shots...), with each provider's choices; their reader is generationSchema.ts.

import type { INodeProperties } from 'n8n-workflow';

import { perProvider } from '../../description/providerFields';
import type { GenerationCapabilities, ProviderAdapter } from '../../providers/types';
import type { Resolution } from '../../request/operations';
import { customModelField, extraBodyField } from './overrides';

const RESOLUTION_NAMES: Record<Resolution, string> = {
	'720p': '720p',
	'1080p': '1080p',
	'4k': '4K',
};

const resolutionField: INodeProperties = {
	displayName: 'Resolution',
	name: 'resolution',
	type: 'options',
	options: [],
	default: '720p',
	description:
		'Output resolution, as the provider offers it. ToAPIs, UniAll and Kling AI send 720p as std and 1080p as pro mode.',
};

const durationField: INodeProperties = {
	displayName: 'Duration (Seconds)',
	name: 'duration',
	type: 'options',
	options: [],
	default: 5,
	description: 'Length of the video: the lengths the provider offers for this operation',
};

const aspectRatioField: INodeProperties = {
	displayName: 'Aspect Ratio',
	name: 'aspectRatio',
	type: 'options',
	options: [
		{ name: '16:9 (Landscape)', value: '16:9' },
		{ name: '1:1 (Square)', value: '1:1' },
		{ name: '9:16 (Portrait)', value: '9:16' },
		{ name: 'Provider Default (Not Sent)', value: 'default' },
	],
	default: '16:9',
	description:
		'Shape of the video. In image to video the image decides on FoxAPI and Kling AI (not shown there); UniAll does not guarantee it.',
};

type GenerationOperation = 'textToVideo' | 'imageToVideo' | 'editVideo';

const modelChoiceField: INodeProperties = {
	displayName: 'Model',
	name: 'model',
	type: 'options',
	options: [],
	default: '',
	description:
		"Kling AI's model, by the names of its current API (an API-key credential). With an access key pair (the legacy API) Kling 3.0 is sent as kling-v3, 2.6 as kling-v2-6, 2.5 Turbo as kling-v2-5-turbo, 3.0 Omni as kling-v3-omni; the others need an API key.",
};

/** The Model list of each provider that lets the user choose one (Kling AI); hidden for the others. */
export function modelFieldFor(operation: GenerationOperation): INodeProperties[] {
	return perProvider(operation, modelChoiceField, (provider) => {
		const models = provider.capabilities[operation]?.models ?? [];
		return { options: models, default: models[0]?.value ?? '' };
	});
}

/** Resolution and Duration with the choices of each provider (and operation: ToAPIs takes at most 10 s with images). */
function limitedFields(operation: Exclude<GenerationOperation, 'editVideo'>): INodeProperties[] {
	const caps = (provider: ProviderAdapter) =>
		provider.capabilities[operation] as GenerationCapabilities;
	return [
		...perProvider(operation, resolutionField, (provider) => ({
			options: (['720p', '1080p', '4k'] as Resolution[])
				.filter((resolution) => caps(provider).resolutions.includes(resolution))
				.map((resolution) => ({ name: RESOLUTION_NAMES[resolution], value: resolution })),
		})),
		aspectRatioField,
		...perProvider(operation, durationField, (provider) => ({
			options: [...caps(provider).durations]
				.sort((a, b) => a - b)
				.map((seconds) => ({ name: `${seconds}`, value: seconds })),
			default: caps(provider).durations.includes(5) ? 5 : Math.min(...caps(provider).durations),
		})),
	];
}

/**
 * The Prompt of text or image to video: marked required where the provider needs a prompt even with
 * Multi-Prompt Shots (FoxAPI, seed 000), so that n8n flags it empty; elsewhere it may stay empty with shots.
 */
export function promptFieldsFor(
	operation: Exclude<GenerationOperation, 'editVideo'>,
	own: Pick<INodeProperties, 'placeholder' | 'description'>,
): INodeProperties[] {
	const prompt: INodeProperties = {
		displayName: 'Prompt',
		name: 'prompt',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		...own,
	};
	return perProvider(operation, prompt, (provider) =>
		provider.capabilities[operation]?.promptRequired
			? { required: true }
			: { hint: 'May stay empty when Multi-Prompt Shots are given' },
	);
}

/** The fields text to video and image to video share, after their own (Prompt, images). */
export function generationFieldsFor(
	operation: Exclude<GenerationOperation, 'editVideo'>,
): INodeProperties[] {
	return [...limitedFields(operation), ...sharedFields];
}

const sharedFields: INodeProperties[] = [
	{
		displayName: 'Generate Audio',
		name: 'generateAudio',
		type: 'boolean',
		default: false,
		description: 'Whether to generate sound with the video (billed at the sound price)',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'CFG Scale',
				name: 'cfgScale',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
				default: 0.5,
				description: 'How closely the video follows the prompt, from 0 to 1 (UniAll, Kling AI)',
			},
			customModelField,
			extraBodyField,
			{
				displayName: 'Multi-Prompt Shots',
				name: 'multiPrompt',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				default: {},
				placeholder: 'Add Shot',
				hint: 'Shot durations are whole seconds that add up to Duration',
				description:
					'A sequence of shots, each with its own prompt and a whole number of seconds (at least 1) that add up to the total duration. UniAll also takes shots without durations; Kling AI takes at most 6 shots.',
				options: [
					{
						displayName: 'Shot',
						name: 'shots',
						values: [
							{
								displayName: 'Prompt',
								name: 'prompt',
								type: 'string',
								default: '',
								typeOptions: { rows: 2 },
							},
							{
								displayName: 'Duration (Seconds)',
								name: 'duration',
								type: 'number',
								default: 0,
								description:
									'Length of this shot in whole seconds; 0 leaves it unset (UniAll only)',
							},
						],
					},
				],
			},
			{
				displayName: 'Negative Prompt',
				name: 'negativePrompt',
				type: 'string',
				default: '',
				placeholder: 'e.g. blurry, low quality, watermark',
				description: 'What the video should not show, as comma-separated keywords',
			},
			{
				displayName: 'Shot Type',
				name: 'shotType',
				type: 'options',
				options: [
					{ name: 'Customize', value: 'customize' },
					{ name: 'Intelligent', value: 'intelligent' },
				],
				default: 'customize',
				description: 'How shots are cut (UniAll; Kling AI with Multi-Prompt Shots)',
			},
			{
				displayName: 'Voice IDs',
				name: 'voiceIds',
				type: 'string',
				typeOptions: { multipleValues: true },
				default: [],
				placeholder: 'e.g. voice_123456',
				hint: 'At most 2, and only with Generate Audio on',
				description:
					'Up to 2 voices from the Create Voice operation, referenced in the prompt as &lt;&lt;&lt;voice_1&gt;&gt;&gt; and &lt;&lt;&lt;voice_2&gt;&gt;&gt;. Needs Generate Audio.',
			},
			{
				displayName: 'Watermark',
				name: 'watermark',
				type: 'boolean',
				default: false,
				description: 'Whether the provider should add its watermark (ToAPIs, Kling AI)',
			},
		],
	},
];
