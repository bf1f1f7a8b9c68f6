// Kling AI's current API design (docs/providers.md 6.9), spoken with an API key: the model in the path
// (POST /text-to-video/kling-3.0), bodies {prompt | contents[], settings{}, options{}}, one task query
// for every model (GET /tasks?task_ids=), answers {code, message, request_id, data}. No negative prompt,
// no cfg_scale; multi-shot is a prompt format. Chosen by the Kling AI adapter for an API-key credential.

import { asArray, asNumber, asObject, asText, firstText, pick, preview } from '../lib/json';
import { MEGABYTE } from '../lib/units';
import { ProviderCallError } from '../transport/callError';
import { compact, seconds, sent } from './shared/body';
import { parseKlingBodyError, parseKlingError } from './shared/klingErrors';
import { KLING_AI, KLING_MOTION_CONTROL } from './shared/klingAiBase';
import { buildBody, pathOf } from './shared/klingCurrentBody';
import { parseLegacyTask } from './shared/klingLegacyTask';
import {
	chosenModel,
	KLING_OMNI_MODELS,
	KLING_VIDEO_MODELS,
	modelProblem,
} from './shared/klingModels';
import { legacyTaskId } from './shared/klingTaskId';
import { statusFromWord } from './shared/statusWords';
import type {
	FieldRules,
	GenerationCapabilities,
	NormalizedTask,
	ProviderAdapter,
	TaskCost,
	TaskVideo,
} from './types';
import type { ImageToVideoRequest, TextToVideoRequest } from '../request/operations';

const KEY = 'API key';
const NOT_IN_CURRENT = (what: string) =>
	`Kling's current API (API key) has no ${what}; an Access Key + Secret Key credential sends it to the legacy API`;

/** billing[] as one cost: amounts of the first kind summed (cash in its currency, or pack units). */
function costOf(billing: unknown): TaskCost | undefined {
	const lines = asArray(billing)
		.map(asObject)
		.filter((line) => line !== undefined);
	const first = lines[0];
	if (!first) return undefined;
	const same = lines.filter(
		(line) => line.charge_type === first.charge_type && line.currency === first.currency,
	);
	const amount = same.reduce((sum, line) => sum + (asNumber(line.amount) ?? 0), 0);
	if (first.charge_type === 'cash') return { amount, currency: asText(first.currency) };
	return compact({ amount, unit: 'units', packageType: asText(first.package_type) }) as TaskCost;
}

/** One entry of a task answer (a create answer's data, or one of a query's data[]) as a task. */
function taskOf(entry: Record<string, unknown>, taskId: string, raw: NormalizedTask['raw']) {
	const videos: TaskVideo[] = asArray(entry.outputs)
		.map(asObject)
		.filter((output) => output?.type === 'video' && asText(output.url))
		.map((output) => ({ ...output, url: String(output!.url) }));
	let status = statusFromWord(asText(entry.status));
	if (status === 'completed' && videos.length === 0) status = 'processing';
	const task: NormalizedTask = { id: taskId, status, videos, raw, cost: costOf(entry.billing) };
	if (status === 'failed') task.error = { message: asText(entry.message) ?? 'no reason given' };
	if (task.cost === undefined) delete task.cost;
	return task;
}

/** A query answer's entry for the task; missing: asked again (never taken as done or as failed). */
function parseTask(body: unknown, taskId: string): NormalizedTask {
	if (legacyTaskId(taskId)) return parseLegacyTask(body, taskId);
	const raw = asObject(body) ?? {};
	const entries = asArray(raw.data).map(asObject);
	const entry = entries.find((candidate) => asText(candidate?.id) === taskId) ?? undefined;
	if (!entry)
		throw new ProviderCallError(`Kling AI's task query did not list task ${taskId}`, {
			delivery: 'answered',
			statusCode: 200,
			malformed: true,
		});
	return taskOf(entry, taskId, raw);
}

const GENERATION: GenerationCapabilities = {
	models: KLING_VIDEO_MODELS,
	durations: seconds(3, 15),
	resolutions: ['720p', '1080p', '4k'],
	multiPrompt: 'durationsRequired',
	maxShots: 6,
};

const TEXT_FIELDS: FieldRules<TextToVideoRequest> = {
	...sent(
		'model',
		'prompt',
		'resolution',
		'aspectRatio',
		'duration',
		'generateAudio',
		'multiPrompt',
	),
	...sent('shotType', 'watermark'),
	negativePrompt: {
		refused: NOT_IN_CURRENT('negative prompt (write what to avoid into the prompt)'),
	},
	cfgScale: { refused: NOT_IN_CURRENT('cfg_scale') },
	voiceIds: { refused: 'Kling 3.0 takes no voice IDs' },
};

const IMAGE_FIELDS: FieldRules<ImageToVideoRequest> = {
	...TEXT_FIELDS,
	aspectRatio: { refused: 'image-to-video takes the shape from the image' },
	...sent('firstFrameUrl', 'lastFrameUrl'),
	referenceImageUrls: { refused: 'image-to-video takes a first and a last frame only' },
};

export const klingAiCurrent: ProviderAdapter = {
	...KLING_AI,
	capabilities: {
		textToVideo: { ...GENERATION, fields: TEXT_FIELDS },
		imageToVideo: { ...GENERATION, requiresFirstFrame: true, fields: IMAGE_FIELDS },
		motionControl: KLING_MOTION_CONTROL,
		editVideo: {
			models: KLING_OMNI_MODELS,
			resolutions: ['720p', '1080p', '4k'],
			maxImagesAndElements: 4,
			video: { maxBytes: 200 * MEGABYTE, seconds: [3, 15.5], pixels: [700, 4553] },
			fields: {
				...sent('model', 'prompt', 'videoUrl', 'resolution', 'keepAudio', 'imageUrls'),
				elements: {
					refused: "Omni elements are element IDs made in Kling's console, not image URLs",
				},
			},
		},
	},
	// Frames and images: "URL or Base64" (the docs); videos are URLs only.
	media: {
		inline: (file) =>
			file.kind === 'image' && ['firstFrameUrl', 'lastFrameUrl', 'imageUrl'].includes(file.field)
				? (data) => data.toString('base64')
				: undefined,
	},
	checkRequest: modelProblem,
	modelFor: chosenModel,
	modelField: 'model',
	modelInPath: true,
	reservedBodyFields: {
		'options.callback_url': 'the Callback URL option',
		'options.external_task_id': 'the Client Task ID option',
	},
	acceptsCallback: true,
	buildSubmit: (request, extras) => ({
		method: 'POST',
		path: pathOf(request, chosenModel(request)),
		body: buildBody(request, extras),
	}),
	lookupByClientTaskId: (clientTaskId) => ({
		method: 'GET',
		path: '/tasks',
		qs: { external_task_ids: clientTaskId },
	}),
	parseSubmit(body) {
		const data = pick(body, 'data');
		// A lookup by external_task_id answers a list: none listed is the task not being there (GUESS).
		if (Array.isArray(data)) {
			const found = asObject(data[0]);
			const id = asText(found?.id);
			if (!found || !id)
				throw new ProviderCallError('Kling AI has no task under this Client Task ID', {
					delivery: 'answered',
					providerError: { kind: 'notFound', message: 'no such task', documented: true },
				});
			return { taskId: id, task: taskOf(found, id, asObject(body) ?? {}) };
		}
		const id = firstText(body, ['data.id']);
		if (!id)
			throw new Error(
				`Kling AI accepted the request but its answer has no task id: ${preview(body, 500)}`,
			);
		return { taskId: id, task: taskOf(asObject(data) ?? {}, id, asObject(body) ?? {}) };
	},
	buildStatus(taskId) {
		// An id of the legacy design (it names its endpoint) is read where it was made (GUESS: an API
		// key may read legacy endpoints; the docs say it is "for all models").
		const legacy = legacyTaskId(taskId);
		if (legacy)
			return {
				method: 'GET',
				path: `/v1/videos/${legacy.endpoint}/${encodeURIComponent(legacy.id)}`,
			};
		return { method: 'GET', path: '/tasks', qs: { task_ids: taskId } };
	},
	// Ids joined by commas (the docs); how many one query takes is not documented (GUESS: 50).
	buildStatusBatch: (taskIds) => ({
		method: 'GET',
		path: '/tasks',
		qs: { task_ids: taskIds.join(',') },
	}),
	batchable: (taskId) => legacyTaskId(taskId) === undefined,
	maxStatusBatch: 50,
	parseTask,
	parseError: (statusCode, body) => parseKlingError(statusCode, body, KEY),
	parseBodyError: (body) => parseKlingBodyError(body, KEY),
};
