// The fields text-to-video and image-to-video share (prompt, resolution, duration, audio, voices,
// multi-prompt shots...), their schema against a provider's limits, and their reader.

import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import type { FieldRules, GenerationCapabilities, ProviderAdapter } from '../../providers/types';
import type { GenerationFields, Resolution } from '../../request/operations';
import { numeric, prompt, text } from './parameters';
import { customModelField, extraBodyField, overridesSchema, readOverrides } from './overrides';
import { perProvider } from '../../description/providerFields';

const RESOLUTION_NAMES: Record<Resolution, string> = { '720p': '720p', '1080p': '1080p', '4k': '4K' };

const resolutionField: INodeProperties = {
	displayName: 'Resolution',
	name: 'resolution',
	type: 'options',
	options: [],
	default: '720p',
	description: 'Output resolution, as the provider offers it. ToAPIs, UniAll and Kling AI send 720p as std and 1080p as pro mode.',
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
	description: 'Shape of the video. In image to video the image decides on FoxAPI and Kling AI (not shown there); UniAll does not guarantee it.',
};

type GenerationOperation = 'textToVideo' | 'imageToVideo';

/** Resolution and Duration with the choices of each provider (and operation: ToAPIs takes at most 10 s with images). */
function limitedFields(operation: GenerationOperation): INodeProperties[] {
	const caps = (provider: ProviderAdapter) => provider.capabilities[operation] as GenerationCapabilities;
	return [
		...perProvider(operation, resolutionField, (provider) => ({
			options: (['720p', '1080p', '4k'] as Resolution[])
				.filter((resolution) => caps(provider).resolutions.includes(resolution))
				.map((resolution) => ({ name: RESOLUTION_NAMES[resolution], value: resolution })),
		})),
		aspectRatioField,
		...perProvider(operation, durationField, (provider) => ({
			options: [...caps(provider).durations].sort((a, b) => a - b).map((seconds) => ({ name: `${seconds}`, value: seconds })),
			default: caps(provider).durations.includes(5) ? 5 : Math.min(...caps(provider).durations),
		})),
	];
}

/**
 * The Prompt of text or image to video: marked required where the provider needs a prompt even with
 * Multi-Prompt Shots (FoxAPI, seed 000), so that n8n flags it empty; elsewhere it may stay empty with shots.
 */
export function promptFieldsFor(operation: GenerationOperation, own: Pick<INodeProperties, 'placeholder' | 'description'>): INodeProperties[] {
	const prompt: INodeProperties = { displayName: 'Prompt', name: 'prompt', type: 'string', typeOptions: { rows: 4 }, default: '', ...own };
	return perProvider(operation, prompt, (provider) =>
		provider.capabilities[operation]?.promptRequired ? { required: true } : { hint: 'May stay empty when Multi-Prompt Shots are given' },
	);
}

/** The fields text to video and image to video share, after their own (Prompt, images). */
export function generationFieldsFor(operation: GenerationOperation): INodeProperties[] {
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
							{ displayName: 'Prompt', name: 'prompt', type: 'string', default: '', typeOptions: { rows: 2 } },
							{
								displayName: 'Duration (Seconds)',
								name: 'duration',
								type: 'number',
								default: 0,
								description: 'Length of this shot in whole seconds; 0 leaves it unset (UniAll only)',
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

/** Reads the shared fields as a plain object for the schema; nothing is checked here. */
export function readGenerationFields(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const extra = ctx.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const shots = ((extra.multiPrompt as IDataObject | undefined)?.shots ?? []) as IDataObject[];
	return {
		prompt: ctx.getNodeParameter('prompt', itemIndex, ''),
		resolution: ctx.getNodeParameter('resolution', itemIndex, '720p'),
		// Hidden (so absent) where the provider does not send it: absent means not set.
		aspectRatio: ctx.getNodeParameter('aspectRatio', itemIndex, 'default'),
		duration: ctx.getNodeParameter('duration', itemIndex, 5),
		generateAudio: ctx.getNodeParameter('generateAudio', itemIndex, false),
		negativePrompt: extra.negativePrompt,
		voiceIds: extra.voiceIds ?? [],
		multiPrompt: shots.map((shot) => ({ prompt: shot.prompt, duration: shot.duration })),
		cfgScale: extra.cfgScale,
		shotType: extra.shotType,
		watermark: extra.watermark,
		...readOverrides(extra),
	};
}

const emptyToUndefined = (value: unknown) =>
	typeof value === 'string' && value.trim() === '' ? undefined : value;

const schemas = new WeakMap<GenerationCapabilities, ReturnType<typeof buildGenerationSchema>>();

/** The schema of the shared fields under one provider's limits for one operation (built once). */
export function generationSchema(provider: ProviderAdapter, caps: GenerationCapabilities & { fields: FieldRules<GenerationFields> }) {
	let schema = schemas.get(caps);
	if (!schema) schemas.set(caps, (schema = buildGenerationSchema(provider, caps)));
	return schema;
}

function buildGenerationSchema(provider: ProviderAdapter, caps: GenerationCapabilities & { fields: FieldRules<GenerationFields> }) {
	const name = provider.displayName;
	const sends = (field: keyof GenerationFields) => caps.fields[field] === 'sent';
	const shot = z.object({
		prompt: text().trim().min(1, 'every shot needs a prompt').pipe(prompt),
		duration: z.preprocess(
			(value) => (value === 0 || value === '' ? undefined : value),
			numeric((schema) => schema.int('a shot lasts a whole number of seconds').min(1, 'a shot lasts at least 1 second')).optional(),
		),
	});
	return z
		.object({
			prompt: z.preprocess(emptyToUndefined, prompt.optional()),
			negativePrompt: z.preprocess(emptyToUndefined, prompt.optional()),
			resolution: z.enum(['720p', '1080p', '4k']).refine((value) => caps.resolutions.includes(value), {
				message: `${name} supports ${caps.resolutions.join(', ')}`,
			}),
			aspectRatio: z
				.enum(['16:9', '9:16', '1:1', 'default'])
				.transform((value) => (value === 'default' ? undefined : value)),
			duration: numeric().refine((value) => caps.durations.includes(value), {
				message: `${name} accepts ${describeDurations(caps.durations)} seconds here`,
			}),
			generateAudio: z.boolean({ invalid_type_error: 'must be true or false' }),
			voiceIds: z
				.array(text().trim().min(1, 'must not be empty'))
				.max(caps.maxVoiceIds ?? Number.MAX_SAFE_INTEGER, { message: `at most ${caps.maxVoiceIds} voice IDs` }),
			multiPrompt: z.array(shot).max(caps.maxShots ?? Number.MAX_SAFE_INTEGER, { message: `${name} takes at most ${caps.maxShots} shots` }),
			cfgScale: numeric((schema) => schema.min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1')).optional(),
			shotType: z.enum(['customize', 'intelligent']).optional(),
			watermark: z.boolean().optional(),
			...overridesSchema,
		})
		.superRefine((value, context) => {
			const issue = (path: string, message: string) => context.addIssue({ code: 'custom', path: [path], message });
			if (value.prompt === undefined && value.multiPrompt.length === 0) {
				issue('prompt', caps.promptRequired ? 'is required' : 'is required (or give Multi-Prompt Shots)');
			} else if (value.prompt === undefined && caps.promptRequired) {
				issue('prompt', `is required: ${name} needs a prompt even with Multi-Prompt Shots`);
			}
			// Fields the provider does not send are refused as such (engine/requestRules.ts), not checked here.
			if (sends('voiceIds') && value.voiceIds.length > 0 && !value.generateAudio) {
				issue('voiceIds', 'need "Generate Audio" to be on');
			}
			if (sends('multiPrompt') && value.multiPrompt.length > 0) checkShots(value.multiPrompt, value.duration, caps, name, issue);
		});
}

function checkShots(
	shots: Array<{ duration?: number }>,
	total: number,
	caps: GenerationCapabilities,
	provider: string,
	issue: (path: string, message: string) => void,
) {
	const timed = shots.filter((shot) => shot.duration !== undefined);
	if (timed.length === 0 && caps.multiPrompt === 'durationsOptional') return;
	if (timed.length !== shots.length) {
		const rule = caps.multiPrompt === 'durationsRequired' ? `${provider} needs a duration for every shot` : 'give every shot a duration, or none';
		return issue('multiPrompt', rule);
	}
	const sum = timed.reduce((total, shot) => total + (shot.duration ?? 0), 0);
	if (sum !== total) issue('multiPrompt', `shot durations add up to ${sum} s, but the duration is ${total} s`);
}

function describeDurations(durations: number[]): string {
	const sorted = [...durations].sort((a, b) => a - b);
	const contiguous = sorted.every((value, index) => index === 0 || value === sorted[index - 1] + 1);
	if (contiguous && sorted.length > 2) return `${sorted[0]} to ${sorted[sorted.length - 1]}`;
	return sorted.length > 1 ? `${sorted.slice(0, -1).join(', ')} or ${sorted[sorted.length - 1]}` : `${sorted[0]}`;
}

