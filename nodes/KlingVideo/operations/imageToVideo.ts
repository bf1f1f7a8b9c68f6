import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import type { ImageToVideoRequest } from '../request/operations';
import type { ProviderAdapter } from '../providers/types';
import {
	binaryFieldsOf,
	labelsOf,
	mediaInput,
	optionalMediaInput,
	parseParameters,
} from './shared/parameters';
import { showFor } from '../description/showFor';
import { generationFieldsFor, modelFieldFor, promptFieldsFor } from './shared/generationFields';
import { generationSchema, readGenerationFields } from './shared/generationSchema';
import { perProvider, showWhereSent } from '../description/providerFields';
import { unsupported } from './shared/unsupported';

const firstFrameField: INodeProperties = {
	displayName: 'First Frame Image',
	name: 'firstFrameUrl',
	type: 'string',
	default: '',
	placeholder: 'e.g. https://example.com/first-frame.png',
	description:
		'The image the video starts from (JPG or PNG): a public URL, or the name of a binary field of the input item',
};

const properties: INodeProperties[] = [
	...modelFieldFor('imageToVideo'),
	...promptFieldsFor('imageToVideo', {
		placeholder: 'e.g. The person slowly turns towards the camera',
		description: 'What happens in the video, up to 2500 characters',
	}),
	// Required where the provider needs a first frame (all but ToAPIs, which takes reference images instead).
	...perProvider('imageToVideo', firstFrameField, (provider) =>
		provider.capabilities.imageToVideo?.requiresFirstFrame
			? { required: true }
			: { hint: 'May stay empty when Reference Images are given' },
	),
	{
		displayName: 'Last Frame Image',
		name: 'lastFrameUrl',
		type: 'string',
		default: '',
		placeholder: 'e.g. https://example.com/last-frame.png',
		description:
			'The image the video ends on (optional): a public URL or the name of a binary field',
	},
	{
		displayName: 'Reference Images',
		name: 'referenceImageUrls',
		type: 'string',
		typeOptions: { multipleValues: true },
		default: [],
		placeholder: 'e.g. https://example.com/character.png',
		description:
			'Images the video keeps consistent with, e.g. a character: public URLs or binary field names',
	},
	...generationFieldsFor('imageToVideo'),
];

export const description = showFor(
	{ operation: ['imageToVideo'] },
	showWhereSent('imageToVideo', properties),
);
export const labels = labelsOf(properties);

export function read(
	ctx: IExecuteFunctions,
	itemIndex: number,
	provider: ProviderAdapter,
): ImageToVideoRequest {
	const caps = provider.capabilities.imageToVideo ?? unsupported(ctx, provider, 'imageToVideo');
	const files = binaryFieldsOf(ctx, itemIndex);
	const schema = generationSchema(provider, caps)
		.and(
			z.object({
				firstFrameUrl: optionalMediaInput(files),
				lastFrameUrl: optionalMediaInput(files),
				referenceImageUrls: z.array(mediaInput(files)),
			}),
		)
		.superRefine((value, context) => {
			if (
				value.firstFrameUrl === undefined &&
				(caps.requiresFirstFrame || value.referenceImageUrls.length === 0)
			) {
				context.addIssue({ code: 'custom', path: ['firstFrameUrl'], message: 'is required' });
			}
		});
	const raw = {
		...readGenerationFields(ctx, itemIndex),
		firstFrameUrl: ctx.getNodeParameter('firstFrameUrl', itemIndex, ''),
		lastFrameUrl: ctx.getNodeParameter('lastFrameUrl', itemIndex, ''),
		referenceImageUrls: ctx.getNodeParameter('referenceImageUrls', itemIndex, []),
	};
	const fields = parseParameters(ctx, schema, raw, itemIndex, labels);
	return { operation: 'imageToVideo', ...fields };
}
