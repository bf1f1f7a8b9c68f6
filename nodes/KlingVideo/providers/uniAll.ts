// UniAll (seed 003, docs.uniall.ai): POST /v1/video/generations (singular "video"), the model name
// carries tier and sound (kling-v3-{std,pro}-{silent,audio}), Kling extras go in `extra_body`.
// Its create and query answers are NOT documented for Kling (docs/providers.md section 3): the task id,
// status and video URL are looked for under every name the gateway family uses (GUESS), and an answer
// with none of them fails with a message that shows what came back.

import { asArray, asNumber, asObject, asText, firstText, pick, preview } from '../lib/json';
import type {
	FieldRules,
	GenerationCapabilities,
	NormalizedTask,
	ProviderAdapter,
	TaskVideo,
} from './types';
import type { ImageToVideoRequest, TextToVideoRequest, VideoRequest } from '../request/operations';
import { compact, NO_MODEL_CHOICE, nonEmpty, seconds, sent } from './shared/body';
import { gatewayError } from './shared/gatewayError';
import { statusFromWord } from './shared/statusWords';

const TASK_ID_PATHS = ['task_id', 'id', 'data.task_id', 'data.id', 'data.taskId', 'taskId'];
const STATUS_PATHS = [
	'status',
	'data.status',
	'state',
	'data.state',
	'task_status',
	'data.task_status',
];
// UniAll's generic query pages show a top-level video_url and result.outputs[]; new-api puts it in
// metadata.url or data.result_url; Kling's own shape is task_result.videos[].url.
const URL_PATHS = [
	'video_url',
	'result.video_url',
	'metadata.url',
	'data.result_url',
	'data.video_url',
	'url',
	'output.url',
	'data.url',
];
const URL_LIST_PATHS = [
	'result.outputs',
	'outputs',
	'results',
	'data.outputs',
	'task_result.videos',
	'data.task_result.videos',
];

function modelFor(request: VideoRequest): string {
	if (request.operation !== 'textToVideo' && request.operation !== 'imageToVideo')
		return 'kling-v3';
	const tier = request.resolution === '1080p' ? 'pro' : 'std';
	return `kling-v3-${tier}-${request.generateAudio ? 'audio' : 'silent'}`;
}

function videoUrls(raw: unknown): string[] {
	const urls: string[] = [];
	for (const path of URL_PATHS) {
		const url = firstText(raw, [path]);
		if (url) urls.push(url);
	}
	for (const path of URL_LIST_PATHS) {
		for (const entry of asArray(pick(raw, path))) {
			const url = asText(entry) ?? firstText(entry, ['url', 'video_url']);
			if (url) urls.push(url);
		}
	}
	return [...new Set(urls)].filter((url) => /^https?:\/\//i.test(url));
}

function parseTask(body: unknown, taskId: string): NormalizedTask {
	const raw = asObject(body) ?? {};
	const status = statusFromWord(firstText(raw, STATUS_PATHS));
	const videos: TaskVideo[] = videoUrls(raw).map((url) => ({ url }));
	if (status === 'completed' && videos.length === 0) {
		throw new Error(
			`UniAll says the task is completed, but the answer holds no video URL: ${preview(raw, 500)}`,
		);
	}
	const message = firstText(raw, [
		'error.message',
		'fail_reason',
		'data.fail_reason',
		'error',
		'message',
		'task_status_msg',
	]);
	return {
		id: firstText(raw, TASK_ID_PATHS) ?? taskId,
		status,
		model: firstText(raw, ['model', 'data.model']),
		progress: asNumber(firstText(raw, ['progress', 'data.progress'])?.replace('%', '')),
		videos,
		error:
			status === 'failed' || status === 'cancelled'
				? { message: message ?? preview(raw), code: firstText(raw, ['error.code', 'code']) }
				: undefined,
		raw,
	};
}

// The seed's multi_prompt shots carry no duration; one may be given.
const GENERATION: GenerationCapabilities = {
	durations: seconds(3, 15),
	resolutions: ['720p', '1080p'],
	multiPrompt: 'durationsOptional',
};

// Resolution and Generate Audio are sent in the model name (kling-v3-{std,pro}-{silent,audio}).
const TEXT_FIELDS: FieldRules<TextToVideoRequest> = {
	model: NO_MODEL_CHOICE,
	...sent('prompt', 'negativePrompt', 'resolution', 'aspectRatio', 'duration', 'generateAudio'),
	voiceIds: { refused: 'seed 003 documents no voice field' },
	...sent('multiPrompt', 'cfgScale', 'shotType'),
	watermark: { refused: 'seed 003 documents no watermark field' },
};

const IMAGE_FIELDS: FieldRules<ImageToVideoRequest> = {
	...TEXT_FIELDS,
	...sent('firstFrameUrl', 'lastFrameUrl'),
	referenceImageUrls: {
		refused: 'seed 003 takes a first frame (image) and a last frame (last_image) only',
	},
};

export const uniAll: ProviderAdapter = {
	id: 'uniAll',
	note: 'API gateway; text and image to video',
	displayName: 'UniAll',
	credentialName: 'uniAllApi',
	capabilities: {
		textToVideo: { ...GENERATION, fields: TEXT_FIELDS },
		imageToVideo: { ...GENERATION, requiresFirstFrame: true, fields: IMAGE_FIELDS },
	},
	checkRequest(request) {
		// Seed 003: "in image mode prompt cannot be sent together with extra_body.multi_prompt".
		if (
			request.operation === 'imageToVideo' &&
			request.prompt !== undefined &&
			request.multiPrompt.length > 0
		) {
			return {
				parameter: 'prompt',
				message:
					'UniAll does not accept a prompt together with Multi-Prompt Shots in image to video; leave it empty',
			};
		}
		return undefined;
	},
	modelFor,
	modelField: 'model',
	buildSubmit(request) {
		if (request.operation !== 'textToVideo' && request.operation !== 'imageToVideo') {
			throw new Error(`UniAll does not offer ${request.operation}`);
		}
		const image = request.operation === 'imageToVideo' ? request : undefined;
		const extra = compact({
			cfg_scale: request.cfgScale,
			multi_prompt: nonEmpty(
				request.multiPrompt.map((shot) =>
					compact({ prompt: shot.prompt, duration: shot.duration }),
				),
			),
			shot_type: request.shotType,
			negative_prompt: request.negativePrompt,
		});
		return {
			method: 'POST',
			path: '/v1/video/generations',
			body: compact({
				model: modelFor(request),
				prompt: request.prompt,
				image: image?.firstFrameUrl,
				last_image: image?.lastFrameUrl,
				aspect_ratio: request.aspectRatio,
				// Typed "string" in the seed's table but an integer in every example: sent as an integer.
				duration: request.duration,
				// Marked required in seed 003's table and present in all four examples: always sent, {} when empty.
				extra_body: extra,
			}),
		};
	},
	parseSubmit(body) {
		const taskId = firstText(body, TASK_ID_PATHS);
		if (!taskId)
			throw new Error(
				`UniAll accepted the request but its answer has no task id: ${preview(body, 500)}`,
			);
		return { taskId };
	},
	buildStatus: (taskId) => ({ method: 'GET', path: `/v1/videos/${encodeURIComponent(taskId)}` }),
	parseTask,
	// Not documented: new-api's 403 insufficient_user_quota is the closest known shape.
	parseError: (statusCode, body) =>
		gatewayError(statusCode, body, {
			insufficient_user_quota: 'quota',
			insufficient_quota: 'quota',
		}),
};
