// ToAPIs (seed 004, toapis.com): POST /v1/videos/generations with model kling-v3, `mode` std (720p) or
// pro (1080p), frames only as explicit `image_with_roles`, plain references as `reference_images`, extras
// in `metadata`. Status: GET /v1/videos/generations/{id} (docs/providers.md section 2).

import {
	asIsoTime,
	asNumber,
	asObject,
	asText,
	firstText,
	pick,
	preview,
	urlEntries,
} from '../lib/json';
import { MEGABYTE } from '../lib/units';
import type { FieldRules, NormalizedTask, ProviderAdapter, SubmitExtras, TaskVideo } from './types';
import type { TextToVideoRequest, VideoRequest } from '../request/operations';
import { compact, NO_MODEL_CHOICE, nonEmpty, sent } from './shared/body';
import { gatewayError } from './shared/gatewayError';
import { multipartBody } from '../transport/multipart';
import { statusFromWord } from './shared/statusWords';

function parseTask(body: unknown, taskId: string): NormalizedTask {
	const raw = asObject(body) ?? {};
	const videos: TaskVideo[] = urlEntries(pick(raw, 'result.data'));
	// An older copy of the docs read result.url; accept it too.
	const legacyUrl = asText(pick(raw, 'result.url'));
	if (videos.length === 0 && legacyUrl) videos.push({ url: legacyUrl });
	let status = statusFromWord(asText(raw.status));
	if (status === 'completed' && videos.length === 0) status = 'processing';
	const error = asObject(raw.error);
	return {
		id: asText(raw.id) ?? taskId,
		status,
		model: asText(raw.model),
		progress: asNumber(raw.progress),
		videos,
		// `code` is a string in some answers and a number in others.
		error: error
			? { message: asText(error.message) ?? preview(error), code: asText(error.code) }
			: undefined,
		expiresAt: asIsoTime(raw.expires_at),
		raw,
	};
}

function buildBody(request: VideoRequest, extras: SubmitExtras = {}) {
	if (request.operation !== 'textToVideo' && request.operation !== 'imageToVideo') {
		throw new Error(`ToAPIs does not offer ${request.operation}`);
	}
	const image = request.operation === 'imageToVideo' ? request : undefined;
	// Frames are sent only when the user gives them: ToAPIs no longer guesses a last frame from references.
	const roles = [
		image?.firstFrameUrl ? { url: image.firstFrameUrl, role: 'first_frame' } : undefined,
		image?.lastFrameUrl ? { url: image.lastFrameUrl, role: 'last_frame' } : undefined,
	].filter((role) => role !== undefined);
	const metadata = compact({
		negative_prompt: request.negativePrompt,
		watermark: request.watermark,
	});
	return compact({
		model: 'kling-v3',
		prompt: request.prompt,
		reference_images: nonEmpty(image?.referenceImageUrls ?? []),
		image_with_roles: nonEmpty(roles),
		mode: request.resolution === '1080p' ? 'pro' : 'std',
		duration: request.duration,
		aspect_ratio: request.aspectRatio,
		// Default false: sent only when on, as in the seed.
		audio: request.generateAudio ? true : undefined,
		metadata: Object.keys(metadata).length > 0 ? metadata : undefined,
		// Needs a webhook configured on the ToAPIs token, or ToAPIs answers 400 webhook_not_configured.
		callback_url: extras.callbackUrl,
		client_business_id: extras.clientTaskId,
	});
}

// Resolution is sent as mode (720p std, 1080p pro); negative prompt and watermark in metadata.
const TEXT_FIELDS: FieldRules<TextToVideoRequest> = {
	model: NO_MODEL_CHOICE,
	...sent('prompt', 'negativePrompt', 'resolution', 'aspectRatio', 'duration', 'generateAudio'),
	voiceIds: { refused: 'seed 004 documents no voice field' },
	multiPrompt: { refused: 'seed 004 documents no multi-prompt shots' },
	cfgScale: { refused: 'seed 004 documents no cfg_scale' },
	shotType: { refused: 'seed 004 documents no shot_type' },
	watermark: 'sent',
};

export const toApis: ProviderAdapter = {
	id: 'toApis',
	note: 'API gateway; text and image to video, with reference images',
	displayName: 'ToAPIs',
	credentialName: 'toApisApi',
	capabilities: {
		// Seed 004: 5, 10 or 15 s, and at most 10 s with images. Newer ToAPIs docs say 3-15; the seed rules.
		textToVideo: { durations: [5, 10, 15], resolutions: ['720p', '1080p'], fields: TEXT_FIELDS },
		imageToVideo: {
			durations: [5, 10],
			resolutions: ['720p', '1080p'],
			requiresFirstFrame: false,
			fields: {
				...TEXT_FIELDS,
				firstFrameUrl: 'sent',
				lastFrameUrl: 'sent',
				referenceImageUrls: 'sent',
			},
		},
	},
	// Uploads (docs/providers.md 2.1): images up to 10 MB, videos up to 50 MB; base64 is not accepted in requests.
	media: {
		upload(file) {
			if (file.kind === 'audio') return undefined;
			const { body, headers } = multipartBody({}, { ...file, field: 'file' });
			return { method: 'POST', path: `/v1/uploads/${file.kind}s`, body, headers };
		},
		// The upload answer's shape is not documented beyond {success, message} on errors (GUESS).
		uploadedUrl: (body) => firstText(body, ['url', 'data.url', 'file.url', 'data.file_url']),
		maxBytes: { image: 10 * MEGABYTE, video: 50 * MEGABYTE },
	},
	modelFor: () => 'kling-v3',
	modelField: 'model',
	reservedBodyFields: {
		callback_url: 'the Callback URL option',
		client_business_id: 'the Client Task ID option',
	},
	acceptsCallback: true,
	buildSubmit: (request, extras) => ({
		method: 'POST',
		path: '/v1/videos/generations',
		body: buildBody(request, extras),
	}),
	// The status path also accepts the client_business_id given at creation (ToAPIs cn docs, T7).
	lookupByClientTaskId: (clientTaskId) => ({
		method: 'GET',
		path: `/v1/videos/generations/${encodeURIComponent(clientTaskId)}`,
	}),
	parseSubmit(body) {
		const taskId = firstText(body, ['id', 'task_id', 'data.id']);
		if (!taskId)
			throw new Error(
				`ToAPIs accepted the request but its answer has no task id: ${preview(body, 500)}`,
			);
		const task = parseTask(body, taskId);
		return { taskId, task };
	},
	buildStatus: (taskId) => ({
		method: 'GET',
		path: `/v1/videos/generations/${encodeURIComponent(taskId)}`,
	}),
	parseTask,
	parseError: (statusCode, body) =>
		gatewayError(statusCode, body, {
			insufficient_quota: 'quota',
			rate_limit_exceeded: 'rateLimited',
			// The submit limiter itself is degraded: the request was refused, status queries still work.
			rate_limit_unavailable: 'busy',
			content_policy_violation: 'contentPolicy',
			authentication_error: 'auth',
			unauthorized: 'auth',
			// The error table says task_not_found; the documented example body says not_found_error.
			task_not_found: 'notFound',
			not_found_error: 'notFound',
		}),
};
