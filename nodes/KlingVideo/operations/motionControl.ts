import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import type { MotionControlRequest } from '../request/operations';
import type { ProviderAdapter } from '../providers/types';
import { binaryFieldsOf, labelsOf, mediaInput, parseParameters, prompt } from './shared/parameters';
import { showFor } from '../description/showFor';
import {
	customModelField,
	extraBodyField,
	overridesSchema,
	readOverrides,
} from './shared/overrides';
import { showWhereSent } from '../description/providerFields';
import { unsupported } from './shared/unsupported';

const properties: INodeProperties[] = [
	{
		displayName: 'Model',
		name: 'motionModel',
		type: 'options',
		options: [
			{ name: 'Kling V2.6', value: 'v2.6' },
			{ name: 'Kling V3', value: 'v3' },
		],
		default: 'v3',
	},
	{
		displayName: 'Character Image',
		name: 'imageUrl',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. https://example.com/person.jpg',
		description:
			'The person to animate (JPG or PNG; unobstructed, over 5% of the frame): a public URL or the name of a binary field',
	},
	{
		displayName: 'Motion Video',
		name: 'videoUrl',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. https://example.com/dance.mp4',
		hint: 'At most 10 s with Character Orientation From Image (the default), 30 s From Video',
		description:
			'The video whose motion is copied (MP4 or MOV): a public URL or the name of a binary field. Its length sets the output length and the bill: at most 10 s with Character Orientation From Image (the default), 30 s From Video. Kling AI: at least 3 s, 340 to 3850 px, at most 100 MB.',
	},
	// Not named "mode": n8n's actions panel would list the options of an AI node's first "mode" parameter as actions.
	{
		displayName: 'Mode',
		name: 'motionMode',
		type: 'options',
		options: [
			{ name: 'Professional', value: 'pro' },
			{ name: 'Standard', value: 'std' },
		],
		default: 'std',
		description: 'Standard or Professional quality (billed at its price)',
	},
	{
		displayName: 'Prompt',
		name: 'prompt',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		placeholder: 'e.g. The person follows the dance moves smoothly',
		description: 'Optional description of the result; sent only when not empty',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Character Orientation',
				name: 'characterOrientation',
				type: 'options',
				options: [
					{
						name: 'From Image',
						value: 'image',
						description: 'Face as in the image; the motion video may last up to 10 s',
					},
					{
						name: 'From Video',
						value: 'video',
						description: 'Face as in the video; the motion video may last up to 30 s',
					},
				],
				default: 'image',
				description: 'Which way the character faces',
			},
			customModelField,
			extraBodyField,
			{
				displayName: 'Keep Original Sound',
				name: 'keepOriginalSound',
				type: 'boolean',
				default: true,
				description: 'Whether to keep the sound of the motion video',
			},
		],
	},
];

const FIELD_OF = { motionModel: 'modelVersion', motionMode: 'mode' };
export const description = showFor(
	{ operation: ['motionControl'] },
	showWhereSent('motionControl', properties, FIELD_OF),
);
/** Display names by request field ("modelVersion" is the Model parameter, "mode" the Mode parameter). */
export const labels: Record<string, string> = {
	...labelsOf(properties),
	modelVersion: 'Model',
	mode: 'Mode',
};

export function read(
	ctx: IExecuteFunctions,
	itemIndex: number,
	provider: ProviderAdapter,
): MotionControlRequest {
	const caps = provider.capabilities.motionControl ?? unsupported(ctx, provider, 'motionControl');
	const files = binaryFieldsOf(ctx, itemIndex);
	const schema = z.object({
		modelVersion: z.enum(['v3', 'v2.6']).refine((version) => caps.modelVersions.includes(version), {
			message: `${provider.displayName} does not offer this motion-control model`,
		}),
		imageUrl: mediaInput(files),
		videoUrl: mediaInput(files),
		mode: z.enum(['std', 'pro']),
		prompt: z.preprocess((value) => (value === '' ? undefined : value), prompt.optional()),
		characterOrientation: z.enum(['image', 'video']).optional(),
		keepOriginalSound: z.boolean().optional(),
		...overridesSchema,
	});
	const extra = ctx.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const raw = {
		modelVersion: ctx.getNodeParameter('motionModel', itemIndex, 'v3'),
		imageUrl: ctx.getNodeParameter('imageUrl', itemIndex, ''),
		videoUrl: ctx.getNodeParameter('videoUrl', itemIndex, ''),
		mode: ctx.getNodeParameter('motionMode', itemIndex, 'std'),
		prompt: ctx.getNodeParameter('prompt', itemIndex, ''),
		characterOrientation: extra.characterOrientation,
		keepOriginalSound: extra.keepOriginalSound,
		...readOverrides(extra),
	};
	return { operation: 'motionControl', ...parseParameters(ctx, schema, raw, itemIndex, labels) };
}
