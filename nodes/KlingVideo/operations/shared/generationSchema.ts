// The shared generation fields read from an item and checked against one provider's limits for one
// operation (durations, resolutions, voices, shots); their parameters are generationFields.ts.

import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { z } from 'zod';

import type {
	FieldRules,
	GenerationCapabilities,
	ModelChoice,
	ProviderAdapter,
} from '../../providers/types';
import type { GenerationFields } from '../../request/operations';
import { overridesSchema, readOverrides } from './overrides';
import { numeric, prompt, text } from './parameters';

/** Reads the shared fields as a plain object for the schema; nothing is checked here. */
export function readGenerationFields(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const extra = ctx.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const shots = ((extra.multiPrompt as IDataObject | undefined)?.shots ?? []) as IDataObject[];
	return {
		// Hidden (so absent) where the provider has no Model list.
		model: ctx.getNodeParameter('model', itemIndex, ''),
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

/**
 * A choice from the provider's Model list (undefined: its default). A provider without one refuses a
 * set value through its field rules ("does not take it"), not here.
 */
export function modelChoice(provider: ProviderAdapter, models: ModelChoice[] | undefined) {
	const values = (models ?? []).map((choice) => choice.value);
	const choice = models
		? text().refine((value) => values.includes(value), {
				message: `${provider.displayName} offers ${values.join(', ')}`,
			})
		: text();
	return z.preprocess(emptyToUndefined, choice.optional());
}

const schemas = new WeakMap<GenerationCapabilities, ReturnType<typeof buildGenerationSchema>>();

/** The schema of the shared fields under one provider's limits for one operation (built once). */
export function generationSchema(
	provider: ProviderAdapter,
	caps: GenerationCapabilities & { fields: FieldRules<GenerationFields> },
) {
	let schema = schemas.get(caps);
	if (!schema) schemas.set(caps, (schema = buildGenerationSchema(provider, caps)));
	return schema;
}

function buildGenerationSchema(
	provider: ProviderAdapter,
	caps: GenerationCapabilities & { fields: FieldRules<GenerationFields> },
) {
	const name = provider.displayName;
	const sends = (field: keyof GenerationFields) => caps.fields[field] === 'sent';
	const shot = z.object({
		prompt: text().trim().min(1, 'every shot needs a prompt').pipe(prompt),
		duration: z.preprocess(
			(value) => (value === 0 || value === '' ? undefined : value),
			numeric((schema) =>
				schema
					.int('a shot lasts a whole number of seconds')
					.min(1, 'a shot lasts at least 1 second'),
			).optional(),
		),
	});
	return z
		.object({
			model: modelChoice(provider, caps.models),
			prompt: z.preprocess(emptyToUndefined, prompt.optional()),
			negativePrompt: z.preprocess(emptyToUndefined, prompt.optional()),
			resolution: z
				.enum(['720p', '1080p', '4k'])
				.refine((value) => caps.resolutions.includes(value), {
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
				.max(caps.maxVoiceIds ?? Number.MAX_SAFE_INTEGER, {
					message: `at most ${caps.maxVoiceIds} voice IDs`,
				}),
			multiPrompt: z.array(shot).max(caps.maxShots ?? Number.MAX_SAFE_INTEGER, {
				message: `${name} takes at most ${caps.maxShots} shots`,
			}),
			cfgScale: numeric((schema) =>
				schema.min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1'),
			).optional(),
			shotType: z.enum(['customize', 'intelligent']).optional(),
			watermark: z.boolean().optional(),
			...overridesSchema,
		})
		.superRefine((value, context) => {
			const issue = (path: string, message: string) =>
				context.addIssue({ code: 'custom', path: [path], message });
			if (value.prompt === undefined && value.multiPrompt.length === 0) {
				issue(
					'prompt',
					caps.promptRequired ? 'is required' : 'is required (or give Multi-Prompt Shots)',
				);
			} else if (value.prompt === undefined && caps.promptRequired) {
				issue('prompt', `is required: ${name} needs a prompt even with Multi-Prompt Shots`);
			}
			// Fields the provider does not send are refused as such (engine/requestRules.ts), not checked here.
			if (sends('voiceIds') && value.voiceIds.length > 0 && !value.generateAudio) {
				issue('voiceIds', 'need "Generate Audio" to be on');
			}
			if (sends('multiPrompt') && value.multiPrompt.length > 0)
				checkShots(value.multiPrompt, value.duration, caps, name, issue);
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
		const rule =
			caps.multiPrompt === 'durationsRequired'
				? `${provider} needs a duration for every shot`
				: 'give every shot a duration, or none';
		return issue('multiPrompt', rule);
	}
	const sum = timed.reduce((total, shot) => total + (shot.duration ?? 0), 0);
	if (sum !== total)
		issue('multiPrompt', `shot durations add up to ${sum} s, but the duration is ${total} s`);
}

function describeDurations(durations: number[]): string {
	const sorted = [...durations].sort((a, b) => a - b);
	const contiguous = sorted.every((value, index) => index === 0 || value === sorted[index - 1] + 1);
	if (contiguous && sorted.length > 2) return `${sorted[0]} to ${sorted[sorted.length - 1]}`;
	return sorted.length > 1
		? `${sorted.slice(0, -1).join(', ')} or ${sorted[sorted.length - 1]}`
		: `${sorted[0]}`;
}
