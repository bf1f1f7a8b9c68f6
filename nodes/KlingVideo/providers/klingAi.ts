// The official Kling AI API in its legacy design (docs/providers.md 6), spoken with an access key pair:
// an endpoint per mode under /v1/videos/, model_name in the body, a JWT per request
// (credentials/KlingAiApi). An API-key credential speaks the current design instead (klingAiCurrent.ts,
// chosen by forCredentials). kling-v3's tables come from third-party copies of Kling's docs (UNVERIFIED).

import { klingAuthMode } from '../../../credentials/KlingAiApi.credentials';
import { firstText, preview } from '../lib/json';
import { MEGABYTE } from '../lib/units';
import type {
	FieldRules,
	GenerationCapabilities,
	ProviderAdapter,
	SubmitExtras,
	VideoLimits,
} from './types';
import type { ImageToVideoRequest, TextToVideoRequest, VideoRequest } from '../request/operations';
import { compact, nonEmpty, seconds, sent } from './shared/body';
import { klingAiCurrent } from './klingAiCurrent';
import { KLING_AI, KLING_MOTION_CONTROL } from './shared/klingAiBase';
import { endpointOf, splitTaskId } from './shared/klingTaskId';
import { parseKlingBodyError, parseKlingError } from './shared/klingErrors';
import { parseLegacyTask } from './shared/klingLegacyTask';
import {
	chosenModel,
	KLING_OMNI_MODELS,
	KLING_VIDEO_MODELS,
	LEGACY_MODEL_NAME,
} from './shared/klingModels';

/** The legacy model_name of the chosen model (the Model list names the current design's models). */
function modelFor(request: VideoRequest): string {
	if (request.operation === 'motionControl')
		return request.modelVersion === 'v2.6' ? 'kling-v2-6' : 'kling-v3';
	const model = chosenModel(request);
	return LEGACY_MODEL_NAME[model] ?? model;
}

// Kling spells the automatic shot type "intelligence".
const SHOT_TYPES = { customize: 'customize', intelligent: 'intelligence' } as const;
const mode = (resolution: string) => (resolution === '1080p' ? 'pro' : 'std');
const yesNo = (value: boolean | undefined) =>
	value === undefined ? undefined : value ? 'yes' : 'no';

function buildBody(request: VideoRequest, extras: SubmitExtras = {}) {
	return compact({
		...modeBody(request),
		callback_url: extras.callbackUrl,
		external_task_id: extras.clientTaskId,
	});
}

function modeBody(request: VideoRequest) {
	const model_name = modelFor(request);
	switch (request.operation) {
		case 'textToVideo':
		case 'imageToVideo': {
			const image = request.operation === 'imageToVideo' ? request : undefined;
			const shots = request.multiPrompt;
			return compact({
				model_name,
				prompt: request.prompt,
				negative_prompt: request.negativePrompt,
				image: image?.firstFrameUrl,
				image_tail: image?.lastFrameUrl,
				duration: String(request.duration),
				aspect_ratio: image ? undefined : request.aspectRatio,
				mode: mode(request.resolution),
				sound: request.generateAudio ? 'on' : 'off',
				cfg_scale: request.cfgScale,
				multi_shot: shots.length > 0 ? true : undefined,
				shot_type: shots.length > 0 ? SHOT_TYPES[request.shotType ?? 'customize'] : undefined,
				multi_prompt: nonEmpty(
					shots.map((shot, index) => ({
						index: index + 1,
						prompt: shot.prompt,
						duration: String(shot.duration),
					})),
				),
				voice_list: nonEmpty(request.voiceIds.map((voice_id) => ({ voice_id }))),
				watermark_info:
					request.watermark === undefined ? undefined : { enabled: request.watermark },
			});
		}
		case 'motionControl':
			return compact({
				model_name,
				image_url: request.imageUrl,
				video_url: request.videoUrl,
				prompt: request.prompt,
				character_orientation: request.characterOrientation,
				keep_original_sound: yesNo(request.keepOriginalSound),
				mode: request.mode,
			});
		case 'editVideo':
			return compact({
				model_name,
				prompt: request.prompt,
				video_list: [
					compact({
						video_url: request.videoUrl,
						refer_type: 'base',
						keep_original_sound: yesNo(request.keepAudio),
					}),
				],
				image_list: nonEmpty(request.imageUrls.map((image_url) => ({ image_url }))),
				mode: mode(request.resolution),
				// Omni requires sound off when a video is given.
				sound: 'off',
			});
		case 'createVoice':
			throw new Error('Kling AI voice creation is not offered by this node');
	}
}

// The Model list and 4K are the current design's (an API key): the editor cannot know the credential,
// so it offers them, and this design refuses what it does not have (checkRequest) before sending.
const GENERATION: GenerationCapabilities = {
	models: KLING_VIDEO_MODELS,
	durations: seconds(3, 15),
	resolutions: ['720p', '1080p', '4k'],
	maxVoiceIds: 2,
	// 1-6 shots, each at least 1 s, adding up to the duration (UNVERIFIED copies of the docs).
	multiPrompt: 'durationsRequired',
	maxShots: 6,
};

// Resolution is sent as mode; shot type only with shots (checkRequest); watermark as watermark_info (UNVERIFIED).
const TEXT_FIELDS: FieldRules<TextToVideoRequest> = sent(
	'model',
	'prompt',
	'negativePrompt',
	'resolution',
	'aspectRatio',
	'duration',
	'generateAudio',
	'voiceIds',
	'multiPrompt',
	'cfgScale',
	'shotType',
	'watermark',
);

const IMAGE_FIELDS: FieldRules<ImageToVideoRequest> = {
	...TEXT_FIELDS,
	aspectRatio: { refused: 'image2video takes the shape from the image' },
	...sent('firstFrameUrl', 'lastFrameUrl'),
	referenceImageUrls: {
		refused: 'image2video takes a first frame (image) and a last frame (image_tail) only',
	},
};

// Omni inputs (UNVERIFIED copies of the docs).
const OMNI_VIDEO: VideoLimits = { maxBytes: 200 * MEGABYTE, seconds: [3, 10], pixels: [720, 2160] };

export const klingAi: ProviderAdapter = {
	...KLING_AI,
	capabilities: {
		textToVideo: { ...GENERATION, fields: TEXT_FIELDS },
		imageToVideo: { ...GENERATION, requiresFirstFrame: true, fields: IMAGE_FIELDS },
		motionControl: KLING_MOTION_CONTROL,
		editVideo: {
			models: KLING_OMNI_MODELS,
			resolutions: ['720p', '1080p', '4k'],
			maxImagesAndElements: 4,
			video: OMNI_VIDEO,
			fields: {
				...sent('model', 'prompt', 'videoUrl', 'resolution', 'keepAudio', 'imageUrls'),
				elements: {
					refused: "Omni elements are element IDs made in Kling's console, not image URLs",
				},
			},
		},
	},
	checkRequest(request) {
		const current =
			"is on Kling's current API only: use an API-key credential (Authentication: API Key)";
		if ('model' in request && request.model && !LEGACY_MODEL_NAME[request.model])
			return { parameter: 'model', message: `${request.model} ${current}` };
		if ('resolution' in request && request.resolution === '4k')
			return { parameter: 'resolution', message: `4K ${current}` };
		const shots = 'multiPrompt' in request ? request : undefined;
		if (shots?.shotType === undefined || shots.multiPrompt.length > 0) return undefined;
		const message =
			'Kling AI takes a shot type only with Multi-Prompt Shots; add shots or remove it';
		return { parameter: 'shotType', message };
	},
	// image / image_tail take raw base64 (no data: prefix); no other field documents it, and Kling has no upload.
	media: {
		inline: (file) =>
			file.kind === 'image' && ['firstFrameUrl', 'lastFrameUrl'].includes(file.field)
				? (data) => data.toString('base64')
				: undefined,
	},
	modelFor,
	modelField: 'model_name',
	reservedBodyFields: {
		callback_url: 'the Callback URL option',
		external_task_id: 'the Client Task ID option',
	},
	acceptsCallback: true,
	buildSubmit: (request, extras) => ({
		method: 'POST',
		path: `/v1/videos/${endpointOf(request)}`,
		body: buildBody(request, extras),
	}),
	// The single-task query takes the task id or the external_task_id (UNVERIFIED: from copies of the docs).
	lookupByClientTaskId: (clientTaskId, request) => ({
		method: 'GET',
		path: `/v1/videos/${endpointOf(request)}/${encodeURIComponent(clientTaskId)}`,
	}),
	parseSubmit(body, request) {
		const id = firstText(body, ['data.task_id']);
		const answer = preview(body, 500);
		if (!id)
			throw new Error(`Kling AI accepted the request but its answer has no task id: ${answer}`);
		const taskId = `${endpointOf(request)}:${id}`;
		return { taskId, task: parseLegacyTask(body, taskId) };
	},
	buildStatus(taskId) {
		const { endpoint, id } = splitTaskId(taskId);
		return { method: 'GET', path: `/v1/videos/${endpoint}/${encodeURIComponent(id)}` };
	},
	parseTask: parseLegacyTask,
	parseError: (statusCode, body) => parseKlingError(statusCode, body, 'access key and secret key'),
	parseBodyError: (body) => parseKlingBodyError(body, 'access key and secret key'),
	forCredentials: (credentials) =>
		klingAuthMode(credentials) === 'apiKey' ? klingAiCurrent : klingAi,
};
