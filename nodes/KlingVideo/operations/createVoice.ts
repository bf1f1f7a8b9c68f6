import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import type { CreateVoiceRequest } from '../request/operations';
import type { ProviderAdapter } from '../providers/types';
import { binaryFieldsOf, labelsOf, mediaInput, parseParameters } from './shared/parameters';
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
		displayName: 'Voice Audio',
		name: 'voiceUrl',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. https://example.com/voice.mp3',
		description:
			'A voice sample (MP3, OGG, WAV, M4A or AAC): a public URL or the name of a binary field. The result is a voice ID for the Voice IDs field.',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [customModelField, extraBodyField],
	},
];

export const description = showFor(
	{ operation: ['createVoice'] },
	showWhereSent('createVoice', properties),
);
export const labels = labelsOf(properties);

export function read(
	ctx: IExecuteFunctions,
	itemIndex: number,
	provider: ProviderAdapter,
): CreateVoiceRequest {
	if (!provider.capabilities.createVoice) unsupported(ctx, provider, 'createVoice');
	const extra = ctx.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const raw = {
		voiceUrl: ctx.getNodeParameter('voiceUrl', itemIndex, ''),
		...readOverrides(extra),
	};
	const schema = z.object({
		voiceUrl: mediaInput(binaryFieldsOf(ctx, itemIndex)),
		...overridesSchema,
	});
	return { operation: 'createVoice', ...parseParameters(ctx, schema, raw, itemIndex, labels) };
}
