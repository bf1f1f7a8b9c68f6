// Kling AI's models as the node's Model list offers them (the current design's names, docs/providers.md
// 6.9), what each takes, and the legacy design's model_name for those it also has.

import type { VideoRequest } from '../../request/operations';
import type { ModelChoice } from '../types';

export const KLING_VIDEO_MODELS: ModelChoice[] = [
	{ name: 'Kling 3.0', value: 'kling-3.0' },
	{ name: 'Kling 3.0 Turbo', value: 'kling-3.0-turbo' },
	{ name: 'Kling 2.6', value: 'kling-2.6' },
	{ name: 'Kling 2.5 Turbo', value: 'kling-2.5-turbo' },
];
export const KLING_OMNI_MODELS: ModelChoice[] = [
	{ name: 'Kling 3.0 Omni', value: 'kling-3.0-omni' },
	{ name: 'Kling O1', value: 'kling-o1' },
];

/** The legacy design's model_name of a model; absent: only the current design (an API key) has it. */
export const LEGACY_MODEL_NAME: Record<string, string> = {
	'kling-3.0': 'kling-v3',
	'kling-2.6': 'kling-v2-6',
	'kling-2.5-turbo': 'kling-v2-5-turbo',
	'kling-3.0-omni': 'kling-v3-omni',
};

/** The model a request asks for: its choice, else the default of its operation. */
export function chosenModel(request: VideoRequest): string {
	if (request.operation === 'motionControl')
		return request.modelVersion === 'v2.6' ? 'kling-2.6' : 'kling-3.0';
	if (request.operation === 'editVideo') return request.model ?? 'kling-3.0-omni';
	if (request.operation === 'createVoice') return 'kling-3.0';
	return request.model ?? 'kling-3.0';
}

/** What a model offers beyond the basics (the docs, 2026-09). */
export interface KlingModelTraits {
	durations: number[];
	fourK: boolean;
	/** How settings.audio is sent: always (native|off), only when on, or never (the model has none). */
	audio: 'always' | 'whenOn' | 'none';
	/** settings.multi_shot and Shot Type. */
	multiShot: boolean;
	/** Multi-Prompt Shots, as the prompt format. */
	shots: boolean;
	lastFrame: boolean;
}

const FIVE_OR_TEN = [5, 10];
const THREE_TO_FIFTEEN = Array.from({ length: 13 }, (_, index) => index + 3);

export const KLING_MODEL_TRAITS: Record<string, KlingModelTraits> = {
	'kling-3.0': {
		durations: THREE_TO_FIFTEEN,
		fourK: true,
		audio: 'always',
		multiShot: true,
		shots: true,
		lastFrame: true,
	},
	'kling-3.0-turbo': {
		durations: THREE_TO_FIFTEEN,
		fourK: false,
		audio: 'none',
		multiShot: false,
		shots: true,
		lastFrame: false,
	},
	'kling-2.6': {
		durations: FIVE_OR_TEN,
		fourK: false,
		audio: 'whenOn',
		multiShot: false,
		shots: false,
		lastFrame: true,
	},
	'kling-2.5-turbo': {
		durations: FIVE_OR_TEN,
		fourK: false,
		audio: 'none',
		multiShot: false,
		shots: false,
		lastFrame: true,
	},
};

/** Why a text or image to video request does not fit its model, or undefined when it does. */
export function modelProblem(
	request: VideoRequest,
): { parameter: string; message: string } | undefined {
	if (request.operation === 'editVideo') {
		if (request.model === 'kling-o1' && request.resolution === '4k')
			return { parameter: 'resolution', message: 'Kling O1 makes 720p or 1080p' };
		return undefined;
	}
	if (request.operation !== 'textToVideo' && request.operation !== 'imageToVideo') return undefined;
	const model = chosenModel(request);
	const traits = KLING_MODEL_TRAITS[model];
	if (!traits) return undefined;
	const name = KLING_VIDEO_MODELS.find((choice) => choice.value === model)?.name ?? model;
	const problem = (parameter: string, message: string) => ({
		parameter,
		message: `${name} ${message}`,
	});
	if (!traits.durations.includes(request.duration))
		return problem('duration', `takes ${traits.durations.join(' or ')} seconds`);
	if (request.resolution === '4k' && !traits.fourK)
		return problem('resolution', 'makes 720p or 1080p');
	if (request.generateAudio && traits.audio === 'none')
		return problem('generateAudio', 'makes no sound: turn Generate Audio off');
	if (request.multiPrompt.length > 0 && !traits.shots)
		return problem('multiPrompt', 'takes no Multi-Prompt Shots');
	if (request.shotType !== undefined && !traits.multiShot)
		return problem('shotType', 'takes no Shot Type');
	if (request.operation === 'imageToVideo' && request.lastFrameUrl && !traits.lastFrame)
		return problem('lastFrameUrl', 'takes a first frame only');
	return undefined;
}
