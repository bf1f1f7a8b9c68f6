// FoxAPI (https://api.foxapi.cc): every Kling model behind one create endpoint, picked by `model`.
// Request shapes follow seeds 000-002 key for key; status and errors follow FoxAPI's task-management
// docs (reference/vendor-apis.md section 1).

import { asArray, asNumber, asObject, asText, firstText, pick, preview, urlEntries } from '../engine/json';
import type {
	GenerationCapabilities,
	NormalizedTask,
	ProviderAdapter,
	ProviderError,
	TaskStatus,
	TaskVideo,
	VideoRequest,
} from '../engine/types';
import { compact, nonEmpty } from './body';
import { gatewayError } from './errors';
import { multipartBody, safeFileName } from '../engine/multipart';
import { statusFromWord } from './status';

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
					request.multiPrompt.map((segment) => compact({ prompt: segment.prompt, duration: segment.duration })),
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
					request.keepOriginalSound === undefined ? undefined : request.keepOriginalSound ? 'yes' : 'no',
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
	// pending/processing/completed/failed, and `cancelled` in the older doc variant (vendor-apis.md 1.4).
	let status: TaskStatus = statusFromWord(asText(raw.status));

	// Current docs: results[] ({url} or {voice_id}); older variant: output {url, urls[]}.
	const videos: TaskVideo[] = urlEntries(raw.results);
	const legacy = [asText(pick(raw, 'output.url')), ...asArray(pick(raw, 'output.urls')).map(asText)];
	for (const url of legacy) if (url && !videos.some((video) => video.url === url)) videos.push({ url });
	const voiceId = asArray(raw.results)
		.map((item) => asText(asObject(item)?.voice_id))
		.find((id) => id !== undefined);

	// A "completed" answer sometimes arrives before its results (vendor-apis.md 1.4): ask again.
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
			? { message: asText(error.message) ?? preview(error), code: asText(error.code) ?? asText(error.type) }
			: undefined,
		estimatedSeconds: asNumber(pick(raw, 'task_info.estimated_time')),
		raw,
	};
}

// FoxAPI's documented error types (vendor-apis.md 1.5); the HTTP status covers the rest.
const parseError = (statusCode: number, body: unknown): ProviderError =>
	gatewayError(statusCode, body, {
		authentication_error: 'auth',
		insufficient_quota: 'quota',
		rate_limit_error: 'rateLimited',
	});

const GENERATION: GenerationCapabilities = {
	durations: [5, 10],
	resolutions: ['720p', '1080p', '4k'],
	maxVoiceIds: 2,
	multiPrompt: 'durationsRequired',
};

export const foxApi: ProviderAdapter = {
	id: 'foxApi',
	displayName: 'FoxAPI',
	credentialName: 'foxApiApi',
	capabilities: {
		textToVideo: GENERATION,
		imageToVideo: {
			...GENERATION,
			requiresFirstFrame: true,
			lastFrame: true,
			referenceImages: false,
		},
		motionControl: { modelVersions: ['v3', 'v2.6'] },
		editVideo: { resolutions: ['720p', '1080p'], maxImagesAndElements: 4, elements: true },
		createVoice: {},
	},
	// Files from binary data go through FoxAPI's streaming upload; the answer's URL is then sent.
	media: {
		upload(file) {
			const { body, contentType } = multipartBody({ file_name: safeFileName(file.fileName) }, { field: 'file', fileName: file.fileName, mimeType: file.mimeType, data: file.data });
			return { method: 'POST', path: '/v1/files/upload/stream', body, headers: { 'content-type': contentType } };
		},
		uploadedUrl: (body) => firstText(body, ['url', 'data.url', 'file.url', 'data.file_url']),
	},
	modelFor,
	// callback_url is documented for FoxAPI's Veo models and, on its white-label twin, for Kling models
	// (UNVERIFIED for FoxAPI's Kling models; FoxAPI wants HTTPS and no internal addresses).
	acceptsCallback: true,
	buildSubmit: (request, extras) => ({
		method: 'POST',
		path: '/v1/videos/generations',
		body: extras?.callbackUrl ? { ...buildBody(request), callback_url: extras.callbackUrl } : buildBody(request),
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
