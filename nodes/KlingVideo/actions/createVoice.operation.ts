import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import type { CreateVoiceRequest, ProviderAdapter } from '../engine/types';
import { binaryFieldsOf, labelsOf, mediaInput, parseParameters } from '../engine/validation';
import { showFor } from './display';
import { unsupported } from './unsupported';

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
];

export const description = showFor({ operation: ['createVoice'] }, properties);
const labels = labelsOf(properties);

export function read(ctx: IExecuteFunctions, itemIndex: number, provider: ProviderAdapter): CreateVoiceRequest {
	if (!provider.capabilities.createVoice) unsupported(ctx, provider, 'createVoice');
	const raw = { voiceUrl: ctx.getNodeParameter('voiceUrl', itemIndex, '') };
	const schema = z.object({ voiceUrl: mediaInput(binaryFieldsOf(ctx, itemIndex)) });
	return { operation: 'createVoice', ...parseParameters(ctx, schema, raw, itemIndex, labels) };
}
