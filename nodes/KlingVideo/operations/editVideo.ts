import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import type { EditVideoRequest } from '../request/operations';
import type { ProviderAdapter } from '../providers/types';
import {
	binaryFieldsOf,
	labelsOf,
	mediaInput,
	parseParameters,
	prompt,
	text,
} from './shared/parameters';
import { showFor } from '../description/showFor';
import {
	customModelField,
	extraBodyField,
	overridesSchema,
	readOverrides,
} from './shared/overrides';
import { perProvider, showWhereSent } from '../description/providerFields';
import { modelFieldFor } from './shared/generationFields';
import { modelChoice } from './shared/generationSchema';
import { unsupported } from './shared/unsupported';

const properties: INodeProperties[] = [
	...modelFieldFor('editVideo'),
	{
		displayName: 'Prompt',
		name: 'prompt',
		type: 'string',
		typeOptions: { rows: 4 },
		required: true,
		default: '',
		placeholder: 'e.g. Based on @Video1, turn the scene into golden-hour light',
		description:
			'The edit to make, up to 2500 characters. Refer to inputs as @Video1, @Image1, @Element1.',
	},
	{
		displayName: 'Video',
		name: 'videoUrl',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. https://example.com/clip.mp4',
		hint: 'MP4 or MOV, 3 to 10 s, 720 to 2160 px per side, at most 200 MB',
		description:
			'The video to edit (MP4 or MOV, 3 to 10 s, 720 to 2160 px per side, at most 200 MB): a public URL or the name of a binary field. A file from binary data is checked against these before it is uploaded, as far as its binary data tells.',
	},
	...perProvider(
		'editVideo',
		{
			displayName: 'Resolution',
			name: 'resolution',
			type: 'options',
			options: [],
			default: '720p',
		},
		(provider) => ({
			options: (provider.capabilities.editVideo?.resolutions ?? []).map((value) => ({
				name: value === '4k' ? '4K' : value,
				value,
			})),
		}),
	),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			customModelField,
			{
				displayName: 'Elements',
				name: 'elements',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				default: {},
				placeholder: 'Add Element',
				description:
					'Subjects referenced as @Element1, @Element2 (FoxAPI). Images and elements together: at most 4.',
				options: [
					{
						displayName: 'Element',
						name: 'element',
						values: [
							{
								displayName: 'Frontal Image',
								name: 'frontalImageUrl',
								type: 'string',
								default: '',
								placeholder: 'e.g. https://example.com/front.jpg',
							},
							{
								displayName: 'Reference Images',
								name: 'referenceImageUrls',
								type: 'string',
								default: '',
								placeholder: 'e.g. https://example.com/side.jpg, https://example.com/back.jpg',
								description:
									'More views of the subject (URLs or binary field names), separated by commas or new lines',
							},
						],
					},
				],
			},
			extraBodyField,
			{
				displayName: 'Images',
				name: 'imageUrls',
				type: 'string',
				typeOptions: { multipleValues: true },
				default: [],
				placeholder: 'e.g. https://example.com/style.jpg',
				hint: 'Images and Elements together: at most 4',
				description:
					'Reference images (URLs or binary field names), referred to as @Image1, @Image2',
			},
			{
				displayName: 'Keep Audio',
				name: 'keepAudio',
				type: 'boolean',
				default: true,
				description: 'Whether to keep the original audio of the video',
			},
		],
	},
];

export const description = showFor(
	{ operation: ['editVideo'] },
	showWhereSent('editVideo', properties),
);
export const labels = labelsOf(properties);

const splitList = (value: unknown) =>
	typeof value === 'string'
		? value
				.split(/[\n,]/)
				.map((part) => part.trim())
				.filter((part) => part !== '')
		: value;

export function read(
	ctx: IExecuteFunctions,
	itemIndex: number,
	provider: ProviderAdapter,
): EditVideoRequest {
	const caps = provider.capabilities.editVideo ?? unsupported(ctx, provider, 'editVideo');
	const files = binaryFieldsOf(ctx, itemIndex);
	const schema = z
		.object({
			model: modelChoice(provider, caps.models),
			prompt: text().trim().min(1, 'is required').pipe(prompt),
			videoUrl: mediaInput(files),
			resolution: z
				.enum(['720p', '1080p', '4k'])
				.refine((value) => caps.resolutions.includes(value), {
					message: `${provider.displayName} supports ${caps.resolutions.join(', ')}`,
				}),
			keepAudio: z.boolean().optional(),
			imageUrls: z.array(mediaInput(files)),
			elements: z.array(
				z.object({
					frontalImageUrl: mediaInput(files),
					referenceImageUrls: z.preprocess(splitList, z.array(mediaInput(files))),
				}),
			),
			...overridesSchema,
		})
		.superRefine((value, context) => {
			const count = value.imageUrls.length + value.elements.length;
			if (count > caps.maxImagesAndElements) {
				context.addIssue({
					code: 'custom',
					path: ['imageUrls'],
					message: `images and elements together are ${count}; at most ${caps.maxImagesAndElements}`,
				});
			}
		});
	const extra = ctx.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const raw = {
		model: ctx.getNodeParameter('model', itemIndex, ''),
		prompt: ctx.getNodeParameter('prompt', itemIndex, ''),
		videoUrl: ctx.getNodeParameter('videoUrl', itemIndex, ''),
		resolution: ctx.getNodeParameter('resolution', itemIndex, '720p'),
		keepAudio: extra.keepAudio,
		imageUrls: extra.imageUrls ?? [],
		elements:
			((extra.elements as IDataObject | undefined)?.element as IDataObject[] | undefined) ?? [],
		...readOverrides(extra),
	};
	return { operation: 'editVideo', ...parseParameters(ctx, schema, raw, itemIndex, labels) };
}
