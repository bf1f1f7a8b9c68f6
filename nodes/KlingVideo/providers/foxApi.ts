// FoxAPI (https://api.foxapi.cc): every Kling model behind one create endpoint, picked by `model`.
// Request shapes follow seeds 000-002 key for key; status and errors follow FoxAPI's task-management
// docs (docs/providers.md section 1).

import {
	asArray,
	asNumber,
	asObject,
	asText,
	firstText,
	pick,
	preview,
	urlEntries,
} from '../lib/json';
import { MEGABYTE } from '../lib/units';
import type {
	FieldRules,
	GenerationCapabilities,
	NormalizedTask,
	ProviderAdapter,
	TaskStatus,
	TaskVideo,
} from './types';
import type { ImageToVideoRequest, TextToVideoRequest, VideoRequest } from '../request/operations';
import type { ProviderError } from '../transport/http';
import { compact, MOTION_CONTROL_FIELDS, NO_MODEL_CHOICE, nonEmpty, sent } from './shared/body';
import { gatewayError } from './shared/gatewayError';
import { multipartBody, safeFileName } from '../transport/multipart';
import { statusFromWord } from './shared/statusWords';

const MODELS = {
	textToVideo: 'kling-v3-text-to-video',
	imageToVideo: 'kling-v3-image-to-video',
	motionControlV3: 'kling-v3-motion-control',
	motionControlV26: 'kling-v2-6-motion-control',
	editVideo: 'kling-o3-video-to-video-edit',
	createVoice: 'kling-video-create-voice',
} as const;

function modelFor(request: VideoRequest): string {
	switch (request.operation) {
		case 'textToVideo':
			return MODELS.textToVideo;
		case 'imageToVideo':
			return MODELS.imageToVideo;
		case 'motionControl':
			return request.modelVersion === 'v2.6' ? MODELS.motionControlV26 : MODELS.motionControlV3;
		case 'editVideo':
			return MODELS.editVideo;
		case 'createVoice':
			return MODELS.createVoice;
	}
}

function buildBody(request: VideoRequest) {
	const model = modelFor(request);
	switch (request.operation) {
		case 'textToVideo':
		case 'imageToVideo': {
			const image = request.operation === 'imageToVideo' ? request : undefined;
			return compact({
				model,
				prompt: request.prompt,
				image_url: image?.firstFrameUrl,
				image_tail_url: image?.lastFrameUrl,
				resolution: request.resolution,
				generate_audio: request.generateAudio,
				negative_prompt: request.negativePrompt,
				// kling-v3-image-to-video takes its shape from the image and documents no aspect_ratio.
				aspect_ratio: image ? undefined : request.aspectRatio,
				duration: request.duration,
				voice_ids: nonEmpty(request.voiceIds),
				multi_prompt: nonEmpty(
					request.multiPrompt.map((segment) =>
						compact({ prompt: segment.prompt, duration: segment.duration }),
					),
				),
			});
		}
		case 'motionControl':
			return compact({
				model,
				image_url: request.imageUrl,
				video_url: request.videoUrl,
				mode: request.mode,
				prompt: request.prompt,
				character_orientation: request.characterOrientation,
				keep_original_sound:
					request.keepOriginalSound === undefined
						? undefined
						: request.keepOriginalSound
							? 'yes'
							: 'no',
			});
		case 'editVideo':
			return compact({
				model,
				prompt: request.prompt,
				resolution: request.resolution,
				video_url: request.videoUrl,
				keep_audio: request.keepAudio,
				image_urls: nonEmpty(request.imageUrls),
				elements: nonEmpty(
					request.elements.map((element) =>
						compact({
							frontal_image_url: element.frontalImageUrl,
							reference_image_urls: element.referenceImageUrls,
						}),
					),
				),
			});
		case 'createVoice':
			return { model, voice_url: request.voiceUrl };
	}
}

function parseTask(body: unknown, taskId: string): NormalizedTask {
	const raw = asObject(body) ?? {};
	// pending/processing/completed/failed, and `cancelled` in the older doc variant (docs/providers.md 1.4).
	let status: TaskStatus = statusFromWord(asText(raw.status));

	// Current docs: results[] ({url} or {voice_id}); older variant: output {url, urls[]}.
	const videos: TaskVideo[] = urlEntries(raw.results);
	const legacy = [
		asText(pick(raw, 'output.url')),
		...asArray(pick(raw, 'output.urls')).map(asText),
	];
	for (const url of legacy)
		if (url && !videos.some((video) => video.url === url)) videos.push({ url });
	const voiceId = asArray(raw.results)
		.map((item) => asText(asObject(item)?.voice_id))
		.find((id) => id !== undefined);

	// A "completed" answer sometimes arrives before its results (docs/providers.md 1.4): ask again.
	if (status === 'completed' && videos.length === 0 && voiceId === undefined) status = 'processing';

	const error = asObject(raw.error);
	return {
		id: asText(raw.id) ?? taskId,
		status,
		model: asText(raw.model),
		progress: asNumber(raw.progress),
		videos,
		voiceId,
		error: error
			? {
					message: asText(error.message) ?? preview(error),
					code: asText(error.code) ?? asText(error.type),
				}
			: undefined,
		estimatedSeconds: asNumber(pick(raw, 'task_info.estimated_time')),
		raw,
	};
}

// FoxAPI's documented error types (docs/providers.md 1.5); the HTTP status covers the rest.
const parseError = (statusCode: number, body: unknown): ProviderError =>
	gatewayError(statusCode, body, {
		authentication_error: 'auth',
		insufficient_quota: 'quota',
		rate_limit_error: 'rateLimited',
	});

// Seed 000: prompt is required (also with multi_prompt), shot durations add up to duration.
const GENERATION: GenerationCapabilities = {
	durations: [5, 10],
	resolutions: ['720p', '1080p', '4k'],
	maxVoiceIds: 2,
	multiPrompt: 'durationsRequired',
	promptRequired: true,
};

const TEXT_FIELDS: FieldRules<TextToVideoRequest> = {
	model: NO_MODEL_CHOICE,
	...sent(
		'prompt',
		'negativePrompt',
		'resolution',
		'aspectRatio',
		'duration',
		'generateAudio',
		'voiceIds',
		'multiPrompt',
	),
	cfgScale: { refused: 'its Kling v3 models document no cfg_scale' },
	shotType: { refused: 'its Kling v3 models document no shot_type' },
	watermark: { refused: 'it documents no watermark option' },
};

const IMAGE_FIELDS: FieldRules<ImageToVideoRequest> = {
	...TEXT_FIELDS,
	aspectRatio: { refused: 'kling-v3-image-to-video takes the shape from the image' },
	...sent('firstFrameUrl', 'lastFrameUrl'),
	referenceImageUrls: { refused: 'kling-v3-image-to-video takes a first and a last frame only' },
};

export const foxApi: ProviderAdapter = {
	id: 'foxApi',
	note: 'API gateway; runs every operation, the only one with Create Voice',
	displayName: 'FoxAPI',
	credentialName: 'foxApiApi',
	capabilities: {
		textToVideo: { ...GENERATION, fields: TEXT_FIELDS },
		imageToVideo: { ...GENERATION, requiresFirstFrame: true, fields: IMAGE_FIELDS },
		motionControl: {
			modelVersions: ['v3', 'v2.6'],
			// Seed 001: the motion video lasts at most 10 s (orientation from the image) or 30 s (from the video).
			video: { maxSecondsByOrientation: { image: 10, video: 30 } },
			fields: MOTION_CONTROL_FIELDS,
		},
		editVideo: {
			resolutions: ['720p', '1080p'],
			maxImagesAndElements: 4,
			// Seed 002: .mp4/.mov, 3-10 s, 720-2160 px, at most 200 MB.
			video: { maxBytes: 200 * MEGABYTE, seconds: [3, 10], pixels: [720, 2160] },
			fields: {
				...sent('prompt', 'videoUrl', 'resolution', 'keepAudio', 'imageUrls', 'elements'),
				model: NO_MODEL_CHOICE,
			},
		},
		createVoice: { fields: sent('voiceUrl') },
	},
	// Files from binary data go through FoxAPI's streaming upload; the answer's URL is then sent.
	media: {
		upload(file) {
			const { body, headers } = multipartBody(
				{ file_name: safeFileName(file.fileName) },
				{ ...file, field: 'file' },
			);
			return { method: 'POST', path: '/v1/files/upload/stream', body, headers };
		},
		uploadedUrl: (body) => firstText(body, ['url', 'data.url', 'file.url', 'data.file_url']),
	},
	modelFor,
	modelField: 'model',
	reservedBodyFields: { callback_url: 'the Callback URL option' },
	// callback_url is documented for FoxAPI's Veo models and, on its white-label twin, for Kling models
	// (UNVERIFIED for FoxAPI's Kling models; FoxAPI wants HTTPS and no internal addresses).
	acceptsCallback: true,
	buildSubmit: (request, extras) => ({
		method: 'POST',
		path: '/v1/videos/generations',
		body: extras?.callbackUrl
			? { ...buildBody(request), callback_url: extras.callbackUrl }
			: buildBody(request),
	}),
	parseSubmit(body) {
		const task = parseTask(body, '');
		const taskId = firstText(body, ['id', 'task_id', 'data.id', 'data.task_id']);
		if (!taskId) {
			throw new Error(`FoxAPI accepted the request but returned no task id: ${preview(body)}`);
		}
		return { taskId, task: { ...task, id: taskId }, estimatedSeconds: task.estimatedSeconds };
	},
	buildStatus: (taskId) => ({ method: 'GET', path: `/v1/tasks/${encodeURIComponent(taskId)}` }),
	parseTask,
	parseError,
};
