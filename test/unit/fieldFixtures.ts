// Every request field of every submit operation, twice over: as a request with every field set (FULL)
// and with every field set otherwise (ALT), and as the node parameters that set it (SET) on top of a
// valid minimum (BASE). The types require an entry per field: a new field does not compile here either
// until it has values, so the field-rule tests cover it.
import type { IDataObject } from 'n8n-workflow';

import type {
	CreateVoiceRequest,
	EditVideoRequest,
	GenerationFields,
	ImageToVideoRequest,
	MotionControlRequest,
	SubmitOperationId,
	SubmitOverrides,
	TextToVideoRequest,
	VideoRequest,
} from '../../nodes/KlingVideo/request/operations';
import type { FieldRules } from '../../nodes/KlingVideo/providers/types';

type Full<R> = Required<Omit<R, 'operation' | keyof SubmitOverrides>>;
type Setters<R> = Record<keyof FieldRules<R>, IDataObject>;

const url = (name: string) => `https://example.com/${name}`;

const FULL_GENERATION: Full<GenerationFields> = {
	model: 'kling-3.0',
	prompt: 'every field set',
	negativePrompt: 'blur',
	resolution: '1080p',
	aspectRatio: '9:16',
	duration: 10,
	generateAudio: true,
	voiceIds: ['voice_a'],
	multiPrompt: [
		{ prompt: 'shot one', duration: 4 },
		{ prompt: 'shot two', duration: 6 },
	],
	cfgScale: 0.4,
	shotType: 'customize',
	watermark: true,
};

const ALT_GENERATION: Full<GenerationFields> = {
	model: 'kling-2.6',
	prompt: 'set otherwise',
	negativePrompt: 'noise',
	resolution: '720p',
	aspectRatio: '1:1',
	duration: 5,
	generateAudio: false,
	voiceIds: ['voice_b'],
	multiPrompt: [{ prompt: 'one long shot', duration: 10 }],
	cfgScale: 0.8,
	shotType: 'intelligent',
	watermark: false,
};

const FULL_IMAGES = {
	firstFrameUrl: url('first.png'),
	lastFrameUrl: url('last.png'),
	referenceImageUrls: [url('ref.png')],
};
const ALT_IMAGES = {
	firstFrameUrl: url('first-2.png'),
	lastFrameUrl: url('last-2.png'),
	referenceImageUrls: [url('ref-2.png')],
};

export const FULL: { [K in SubmitOperationId]: Full<Extract<VideoRequest, { operation: K }>> } = {
	textToVideo: FULL_GENERATION,
	imageToVideo: { ...FULL_GENERATION, ...FULL_IMAGES },
	motionControl: {
		modelVersion: 'v3',
		imageUrl: url('person.jpg'),
		videoUrl: url('dance.mp4'),
		mode: 'pro',
		prompt: 'dance',
		characterOrientation: 'video',
		keepOriginalSound: true,
	},
	editVideo: {
		model: 'kling-3.0-omni',
		prompt: 'golden hour',
		videoUrl: url('clip.mp4'),
		resolution: '1080p',
		keepAudio: true,
		imageUrls: [url('style.jpg')],
		elements: [{ frontalImageUrl: url('front.jpg'), referenceImageUrls: [url('side.jpg')] }],
	},
	createVoice: { voiceUrl: url('voice.mp3') },
};

export const ALT: typeof FULL = {
	textToVideo: ALT_GENERATION,
	imageToVideo: { ...ALT_GENERATION, ...ALT_IMAGES },
	motionControl: {
		modelVersion: 'v2.6',
		imageUrl: url('person-2.jpg'),
		videoUrl: url('dance-2.mp4'),
		mode: 'std',
		prompt: 'walk',
		characterOrientation: 'image',
		keepOriginalSound: false,
	},
	editVideo: {
		model: 'kling-o1',
		prompt: 'blue hour',
		videoUrl: url('clip-2.mp4'),
		resolution: '720p',
		keepAudio: false,
		imageUrls: [url('style-2.jpg')],
		elements: [{ frontalImageUrl: url('front-2.jpg'), referenceImageUrls: [] }],
	},
	createVoice: { voiceUrl: url('voice-2.mp3') },
};

/** A request of the operation with every field set (and `patch` on top). */
export function fullRequest(operation: SubmitOperationId, patch: IDataObject = {}): VideoRequest {
	return { operation, ...FULL[operation], ...patch } as VideoRequest;
}

const BASE_GENERATION = {
	prompt: 'base prompt',
	resolution: '720p',
	aspectRatio: 'default',
	duration: 10,
	generateAudio: false,
};

/** Valid node parameters of each operation with nothing optional set. */
export const BASE: Record<SubmitOperationId, IDataObject> = {
	textToVideo: BASE_GENERATION,
	imageToVideo: { ...BASE_GENERATION, firstFrameUrl: url('base.png') },
	motionControl: {
		motionModel: 'v3',
		imageUrl: url('base.jpg'),
		videoUrl: url('base.mp4'),
		motionMode: 'std',
		prompt: '',
	},
	editVideo: { prompt: 'base edit', videoUrl: url('base.mp4'), resolution: '720p' },
	createVoice: { voiceUrl: url('base.mp3') },
};

const extra = (fields: IDataObject) => ({ additionalFields: fields });

const SET_GENERATION: Setters<TextToVideoRequest> = {
	model: { model: 'kling-2.6' },
	prompt: { prompt: 'a set prompt' },
	negativePrompt: extra({ negativePrompt: 'blur' }),
	resolution: { resolution: '1080p' },
	aspectRatio: { aspectRatio: '9:16' },
	duration: { duration: 5 },
	generateAudio: { generateAudio: true },
	voiceIds: { generateAudio: true, ...extra({ voiceIds: ['voice_a'] }) },
	multiPrompt: extra({
		multiPrompt: {
			shots: [
				{ prompt: 'shot one', duration: 4 },
				{ prompt: 'shot two', duration: 6 },
			],
		},
	}),
	cfgScale: extra({ cfgScale: 0.4 }),
	shotType: extra({ shotType: 'intelligent' }),
	watermark: extra({ watermark: true }),
};

/** Per operation and request field, the node parameters that set the field (merged over BASE). */
export const SET: { [K in SubmitOperationId]: Setters<Extract<VideoRequest, { operation: K }>> } = {
	textToVideo: SET_GENERATION,
	imageToVideo: {
		...SET_GENERATION,
		firstFrameUrl: { firstFrameUrl: url('first.png') },
		lastFrameUrl: { lastFrameUrl: url('last.png') },
		referenceImageUrls: { referenceImageUrls: [url('ref.png')] },
	} satisfies Setters<ImageToVideoRequest>,
	motionControl: {
		modelVersion: { motionModel: 'v2.6' },
		imageUrl: { imageUrl: url('person.jpg') },
		videoUrl: { videoUrl: url('dance.mp4') },
		mode: { motionMode: 'pro' },
		prompt: { prompt: 'dance' },
		characterOrientation: extra({ characterOrientation: 'video' }),
		keepOriginalSound: extra({ keepOriginalSound: false }),
	} satisfies Setters<MotionControlRequest>,
	editVideo: {
		model: { model: 'kling-3.0-omni' },
		prompt: { prompt: 'golden hour' },
		videoUrl: { videoUrl: url('clip.mp4') },
		resolution: { resolution: '1080p' },
		keepAudio: extra({ keepAudio: false }),
		imageUrls: extra({ imageUrls: [url('style.jpg')] }),
		elements: extra({
			elements: {
				element: [{ frontalImageUrl: url('front.jpg'), referenceImageUrls: url('side.jpg') }],
			},
		}),
	} satisfies Setters<EditVideoRequest>,
	createVoice: { voiceUrl: { voiceUrl: url('voice.mp3') } } satisfies Setters<CreateVoiceRequest>,
};

/** BASE with `patches` on top, Additional Fields merged rather than replaced. */
export function parameters(operation: SubmitOperationId, ...patches: IDataObject[]): IDataObject {
	let merged: IDataObject = { ...BASE[operation] };
	for (const patch of patches) {
		const additionalFields = {
			...(merged.additionalFields as IDataObject),
			...(patch.additionalFields as IDataObject),
		};
		merged = { ...merged, ...patch, additionalFields };
	}
	return merged;
}

/** Node parameter name -> request field, where they differ. */
export const FIELD_OF: Record<string, string> = { motionModel: 'modelVersion', motionMode: 'mode' };
