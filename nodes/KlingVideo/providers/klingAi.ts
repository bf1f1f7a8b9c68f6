// The official Kling AI API (docs/providers.md): an endpoint per mode under /v1/videos/, a JWT per
// request (credentials/KlingAiApi), answers in {code, message, request_id, data} where code != 0 is an
// error even in an HTTP 200. kling-v3's tables come from third-party copies of Kling's docs (UNVERIFIED).

import { asNumber, asObject, asText, firstText, pick, preview, urlEntries } from '../lib/json';
import { MEGABYTE } from '../lib/units';
import type {
	FieldRules,
	GenerationCapabilities,
	NormalizedTask,
	ProviderAdapter,
	SubmitExtras,
	TaskVideo,
	VideoLimits,
} from './types';
import type { ImageToVideoRequest, TextToVideoRequest, VideoRequest } from '../request/operations';
import type { ProviderError, ProviderErrorKind } from '../transport/http';
import { compact, MOTION_CONTROL_FIELDS, nonEmpty, seconds, sent } from './shared/body';
import { kindFromStatus } from './shared/gatewayError';
import { statusFromWord } from './shared/statusWords';

/** The endpoint under /v1/videos/ of each operation (Kling AI has no voice endpoint). */
const ENDPOINT_OF = {
	textToVideo: 'text2video',
	imageToVideo: 'image2video',
	motionControl: 'motion-control',
	editVideo: 'omni-video',
} as const;
type Endpoint = (typeof ENDPOINT_OF)[keyof typeof ENDPOINT_OF];
const ENDPOINTS = Object.values(ENDPOINT_OF) as Endpoint[];
const endpointOf = (request: VideoRequest): Endpoint =>
	request.operation === 'createVoice' ? 'omni-video' : ENDPOINT_OF[request.operation];

// Kling's error codes (docs/providers.md), as kinds the node acts on.
const CODE_KINDS: Array<[number, number, ProviderErrorKind, string]> = [
	[1000, 1004, 'auth', 'authentication failed: check the access key and secret key'],
	[1100, 1100, 'auth', 'the account has a problem'],
	[1101, 1102, 'quota', 'the account is out of balance or its resource pack is used up'],
	[1103, 1103, 'auth', 'the account has no permission for this resource'],
	[1104, 1199, 'auth', 'account problem'],
	[1200, 1201, 'invalid', 'invalid parameters'],
	[1202, 1203, 'notFound', 'not found'],
	[1300, 1301, 'contentPolicy', 'blocked by the content policy'],
	[1302, 1302, 'rateLimited', 'too many requests'],
	[1303, 1303, 'busy', 'too many tasks running at once for the resource pack'],
	[1304, 1304, 'auth', 'the IP address is not on the allow list'],
	[5000, 5999, 'server', 'server error'],
];

/**
 * The task id the node outputs carries its endpoint ("image2video:8672..."), because Kling answers a
 * query only under the endpoint that created the task. A bare id is looked up as text2video.
 */
export function splitTaskId(taskId: string): { endpoint: Endpoint; id: string } {
	const [prefix, ...rest] = taskId.split(':');
	if (rest.length > 0 && ENDPOINTS.includes(prefix as Endpoint))
		return { endpoint: prefix as Endpoint, id: rest.join(':') };
	return { endpoint: 'text2video', id: taskId };
}

function modelFor(request: VideoRequest): string {
	if (request.operation === 'motionControl')
		return request.modelVersion === 'v2.6' ? 'kling-v2-6' : 'kling-v3';
	if (request.operation === 'editVideo') return 'kling-v3-omni';
	return 'kling-v3';
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

function parseError(statusCode: number, body: unknown): ProviderError {
	const code = asNumber(pick(body, 'code'));
	const message =
		firstText(body, ['message', 'error.message']) ?? `HTTP ${statusCode}: ${preview(body)}`;
	const known =
		code === undefined ? undefined : CODE_KINDS.find(([from, to]) => code >= from && code <= to);
	if (!known) return { kind: kindFromStatus(statusCode), message, code: code?.toString() };
	return {
		kind: known[2],
		message: `${known[3]} (code ${code}: ${message})`,
		code: String(code),
		documented: true,
	};
}

function parseTask(body: unknown, taskId: string): NormalizedTask {
	const raw = asObject(body) ?? {};
	const data = asObject(raw.data) ?? {};
	const videos: TaskVideo[] = urlEntries(pick(data, 'task_result.videos'));
	let status = statusFromWord(asText(data.task_status));
	if (status === 'completed' && videos.length === 0) status = 'processing';
	const reason = asText(data.task_status_msg);
	return {
		id: taskId,
		status,
		model: asText(data.model_name),
		videos,
		error: status === 'failed' ? { message: reason ?? 'no reason given' } : undefined,
		raw,
	};
}

const GENERATION: GenerationCapabilities = {
	durations: seconds(3, 15),
	// 4K is reported for kling-v3 by third parties only (UNVERIFIED), so it is not offered.
	resolutions: ['720p', '1080p'],
	maxVoiceIds: 2,
	// 1-6 shots, each at least 1 s, adding up to the duration (UNVERIFIED copies of the docs).
	multiPrompt: 'durationsRequired',
	maxShots: 6,
};

// Resolution is sent as mode; shot type only with shots (checkRequest); watermark as watermark_info (UNVERIFIED).
const TEXT_FIELDS: FieldRules<TextToVideoRequest> = sent(
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

// Omni and motion-control inputs (UNVERIFIED copies of the docs).
const OMNI_VIDEO: VideoLimits = { maxBytes: 200 * MEGABYTE, seconds: [3, 10], pixels: [720, 2160] };
const MOTION_VIDEO: VideoLimits = {
	maxBytes: 100 * MEGABYTE,
	seconds: [3, 30],
	pixels: [340, 3850],
};

export const klingAi: ProviderAdapter = {
	id: 'klingAi',
	note: "Kling's official API (access key and secret key)",
	displayName: 'Kling AI',
	credentialName: 'klingAiApi',
	capabilities: {
		textToVideo: { ...GENERATION, fields: TEXT_FIELDS },
		imageToVideo: { ...GENERATION, requiresFirstFrame: true, fields: IMAGE_FIELDS },
		motionControl: {
			modelVersions: ['v3', 'v2.6'],
			video: { ...MOTION_VIDEO, maxSecondsByOrientation: { image: 10, video: 30 } },
			fields: MOTION_CONTROL_FIELDS,
		},
		editVideo: {
			resolutions: ['720p', '1080p'],
			maxImagesAndElements: 4,
			video: OMNI_VIDEO,
			fields: {
				...sent('prompt', 'videoUrl', 'resolution', 'keepAudio', 'imageUrls'),
				elements: {
					refused: "Omni elements are element IDs made in Kling's console, not image URLs",
				},
			},
		},
	},
	checkRequest(request) {
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
		return { taskId, task: parseTask(body, taskId) };
	},
	buildStatus(taskId) {
		const { endpoint, id } = splitTaskId(taskId);
		return { method: 'GET', path: `/v1/videos/${endpoint}/${encodeURIComponent(id)}` };
	},
	parseTask,
	parseError,
	parseBodyError(body) {
		const code = asNumber(pick(body, 'code'));
		return code === undefined || code === 0 ? undefined : parseError(200, body);
	},
};
