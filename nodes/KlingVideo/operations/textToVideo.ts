import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ProviderAdapter } from '../providers/types';
import type { TextToVideoRequest } from '../request/operations';
import { labelsOf, parseParameters } from './shared/parameters';
import { showFor } from '../description/showFor';
import { generationFieldsFor, modelFieldFor, promptFieldsFor } from './shared/generationFields';
import { generationSchema, readGenerationFields } from './shared/generationSchema';
import { showWhereSent } from '../description/providerFields';
import { unsupported } from './shared/unsupported';

const properties: INodeProperties[] = [
	...modelFieldFor('textToVideo'),
	...promptFieldsFor('textToVideo', {
		placeholder:
			'e.g. An old Japanese garden in the rain, slow push-in, cinematic, shallow depth of field',
		description:
			'What the video shows, up to 2500 characters. Reference voices as &lt;&lt;&lt;voice_1&gt;&gt;&gt;.',
	}),
	...generationFieldsFor('textToVideo'),
];

export const description = showFor(
	{ operation: ['textToVideo'] },
	showWhereSent('textToVideo', properties),
);
export const labels = labelsOf(properties);

export function read(
	ctx: IExecuteFunctions,
	itemIndex: number,
	provider: ProviderAdapter,
): TextToVideoRequest {
	const caps = provider.capabilities.textToVideo ?? unsupported(ctx, provider, 'textToVideo');
	const fields = parseParameters(
		ctx,
		generationSchema(provider, caps),
		readGenerationFields(ctx, itemIndex),
		itemIndex,
		labels,
	);
	return { operation: 'textToVideo', ...fields };
}
