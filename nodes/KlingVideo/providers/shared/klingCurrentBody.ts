// The request of Kling AI's current design (docs/providers.md 6.9): the create path with the model as
// its last step, and the body {prompt | contents[], settings{}, options{}} in the key order of the docs'
// request examples, as each model takes it (klingModels.ts).

import type {
	ImageToVideoRequest,
	TextToVideoRequest,
	VideoRequest,
} from '../../request/operations';
import type { SubmitExtras } from '../types';
import { compact } from './body';
import { chosenModel, KLING_MODEL_TRAITS } from './klingModels';

/** The path of each operation; the model is its last step (Custom Model Name replaces it). */
export function pathOf(request: VideoRequest, model: string): string {
	const path = {
		textToVideo: 'text-to-video',
		imageToVideo: 'image-to-video',
		motionControl: 'motion-control',
		editVideo: 'omni-video',
		createVoice: 'omni-video',
	}[request.operation];
	return `/${path}/${encodeURIComponent(model)}`;
}

/** Multi-shot is a prompt format: "shot n, m, words;" (GUESS: a main prompt goes before the shots). */
function promptWithShots(request: TextToVideoRequest | ImageToVideoRequest): string | undefined {
	const shots = request.multiPrompt.map(
		(shot, index) => `shot ${index + 1}, ${shot.duration}, ${shot.prompt};`,
	);
	if (shots.length === 0) return request.prompt;
	return [request.prompt, ...shots].filter((part) => part).join(' ');
}

/** settings.multi_shot: on with shots or "intelligent" shots, off with "customize" and no shots. */
function multiShot(request: TextToVideoRequest | ImageToVideoRequest): boolean | undefined {
	if (!traitsOf(request).multiShot) return undefined;
	if (request.multiPrompt.length > 0 || request.shotType === 'intelligent') return true;
	return request.shotType === 'customize' ? false : undefined;
}

function options(extras: SubmitExtras, watermark?: boolean) {
	return compact({
		callback_url: extras.callbackUrl,
		external_task_id: extras.clientTaskId,
		watermark_info: watermark === undefined ? undefined : { enabled: watermark },
	});
}

const traitsOf = (request: VideoRequest) =>
	KLING_MODEL_TRAITS[chosenModel(request)] ?? KLING_MODEL_TRAITS['kling-3.0'];

/** settings.audio as the model takes it: always (3.0), only when on (2.6), never (the Turbo models). */
function generatedAudio(request: TextToVideoRequest | ImageToVideoRequest): string | undefined {
	const audio = traitsOf(request).audio;
	if (audio === 'none' || (audio === 'whenOn' && !request.generateAudio)) return undefined;
	return request.generateAudio ? 'native' : 'off';
}

const text = (value: string | undefined) =>
	value === undefined ? undefined : { type: 'prompt', text: value };
const item = (type: string, url: string | undefined, id?: string) =>
	url === undefined ? undefined : compact({ type, url, id });
const list = (...entries: unknown[]) => entries.filter((entry) => entry !== undefined);
const audio = (keep: boolean | undefined) =>
	keep === undefined ? undefined : keep ? 'original' : 'off';

// Key order as the docs' request examples have it.
export function buildBody(request: VideoRequest, extras: SubmitExtras = {}) {
	switch (request.operation) {
		case 'textToVideo':
			return compact({
				prompt: promptWithShots(request),
				settings: compact({
					resolution: request.resolution,
					aspect_ratio: request.aspectRatio,
					duration: request.duration,
					audio: generatedAudio(request),
					multi_shot: multiShot(request),
				}),
				options: options(extras, request.watermark),
			});
		case 'imageToVideo':
			return compact({
				contents: list(
					text(promptWithShots(request)),
					item('first_frame', request.firstFrameUrl),
					item('last_frame', request.lastFrameUrl),
				),
				settings: compact({
					resolution: request.resolution,
					duration: request.duration,
					audio: generatedAudio(request),
					multi_shot: multiShot(request),
				}),
				options: options(extras, request.watermark),
			});
		case 'motionControl':
			return compact({
				contents: list(
					text(request.prompt),
					item('image', request.imageUrl),
					item('video', request.videoUrl),
				),
				settings: compact({
					character_orientation: request.characterOrientation,
					resolution: request.mode === 'pro' ? '1080p' : '720p',
					audio: audio(request.keepOriginalSound),
				}),
				options: options(extras),
			});
		case 'editVideo':
			return compact({
				contents: list(
					text(request.prompt),
					item('base_video', request.videoUrl, 'video_1'),
					...request.imageUrls.map((url, index) => item('refer_image', url, `image_${index + 1}`)),
				),
				settings: compact({
					resolution: request.resolution,
					audio: audio(request.keepAudio),
					multi_shot: false,
				}),
				options: options(extras),
			});
		case 'createVoice':
			throw new Error('Kling AI voice creation is not offered by this node');
	}
}
