import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import type { CreateVoiceRequest, ProviderAdapter } from '../engine/types';
import { httpUrl, labelsOf, parseParameters } from '../engine/validation';
import { showFor } from './display';
import { unsupported } from './unsupported';

const properties: INodeProperties[] = [
	{
		displayName: 'Voice Audio URL',
		name: 'voiceUrl',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. https://example.com/voice.mp3',
		description: 'Public URL of a voice sample (MP3, OGG, WAV, M4A or AAC). The result is a voice ID for the Voice IDs field.',
	},
];

export const description = showFor({ operation: ['createVoice'] }, properties);
const labels = labelsOf(properties);

export function read(ctx: IExecuteFunctions, itemIndex: number, provider: ProviderAdapter): CreateVoiceRequest {
	if (!provider.capabilities.createVoice) unsupported(ctx, provider, 'createVoice');
	const raw = { voiceUrl: ctx.getNodeParameter('voiceUrl', itemIndex, '') };
	return { operation: 'createVoice', ...parseParameters(ctx, z.object({ voiceUrl: httpUrl }), raw, itemIndex, labels) };
}
