// What both of Kling AI's API designs share: who they are to the node, and motion control (the same
// request fields and the same limits on the motion video in both).

import { MEGABYTE } from '../../lib/units';
import type { ProviderAdapter, ProviderCapabilities } from '../types';
import { MOTION_CONTROL_FIELDS } from './body';

export const KLING_AI: Pick<ProviderAdapter, 'id' | 'note' | 'displayName' | 'credentialName'> = {
	id: 'klingAi',
	note: "Kling's official API (API key, or access key and secret key)",
	displayName: 'Kling AI',
	credentialName: 'klingAiApi',
};

// At most 100 MB, 340-3850 px, 3-30 s (at most 10 s when the character follows the image).
export const KLING_MOTION_CONTROL: NonNullable<ProviderCapabilities['motionControl']> = {
	modelVersions: ['v3', 'v2.6'],
	video: {
		maxBytes: 100 * MEGABYTE,
		seconds: [3, 30],
		pixels: [340, 3850],
		maxSecondsByOrientation: { image: 10, video: 30 },
	},
	fields: MOTION_CONTROL_FIELDS,
};
