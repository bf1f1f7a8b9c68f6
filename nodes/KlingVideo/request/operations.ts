// The operations the node offers, in the order the editor lists them, and what each one asks for: the
// one table that the Operation list, the actions panel, the canvas subtitle, the media fields and the
// options' display rules are derived from. An operation's parameters and reader are operations/<id>.ts.

import type { IDataObject } from 'n8n-workflow';

export type MediaKind = 'image' | 'video' | 'audio';

interface OperationRow {
	/** The Operation list's entry. */
	name: string;
	/** The text of the action in n8n's nodes panel. */
	action: string;
	description: string;
	/** It submits a task (Get Task reads one). */
	submits: boolean;
	/** Its task ends in a video (Create Voice ends in a voice ID). */
	makesVideo: boolean;
	/** Request fields that hold a file (a URL or a binary field's name); `*` stands for every entry of a list. */
	media: ReadonlyArray<readonly [string, MediaKind]>;
}

export const OPERATIONS = {
	textToVideo: {
		name: 'Text to Video',
		action: 'Generate a video from text',
		description: 'Generate a video from a prompt',
		submits: true,
		makesVideo: true,
		media: [],
	},
	imageToVideo: {
		name: 'Image to Video',
		action: 'Generate a video from images',
		description: 'Generate a video from a first frame, an optional last frame or reference images',
		submits: true,
		makesVideo: true,
		media: [
			['firstFrameUrl', 'image'],
			['lastFrameUrl', 'image'],
			['referenceImageUrls', 'image'],
		],
	},
	motionControl: {
		name: 'Motion Control',
		action: 'Animate a character with motion from a video',
		description: 'Make the person in an image move like the person in a video',
		submits: true,
		makesVideo: true,
		media: [
			['imageUrl', 'image'],
			['videoUrl', 'video'],
		],
	},
	editVideo: {
		name: 'Edit Video',
		action: 'Edit a video',
		description: 'Edit a video with a prompt, images and elements (O3)',
		submits: true,
		makesVideo: true,
		media: [
			['videoUrl', 'video'],
			['imageUrls', 'image'],
			['elements.*.frontalImageUrl', 'image'],
			['elements.*.referenceImageUrls', 'image'],
		],
	},
	createVoice: {
		name: 'Create Voice',
		action: 'Create a voice',
		description: 'Create a voice ID from a voice sample',
		submits: true,
		makesVideo: false,
		media: [['voiceUrl', 'audio']],
	},
	getTask: {
		name: 'Get Task',
		action: 'Get a task',
		description: 'Read a task by ID, or wait for it to finish',
		submits: false,
		makesVideo: true,
		media: [],
	},
} as const satisfies Record<string, OperationRow>;

export type OperationId = keyof typeof OPERATIONS;

/** The operations that submit a task, each with a request type below. */
export type SubmitOperationId = {
	[K in OperationId]: (typeof OPERATIONS)[K]['submits'] extends true ? K : never;
}[OperationId];

/** In the table's order: the order of the Operation list and of n8n's actions panel. */
export const OPERATION_ORDER = Object.keys(OPERATIONS) as OperationId[];

export const operationsWhere = (test: (row: OperationRow) => boolean): OperationId[] =>
	OPERATION_ORDER.filter((id) => test(OPERATIONS[id]));

// What the user asked for, read and checked by operations/<id>.ts; provider adapters turn it into calls.

export type Resolution = '720p' | '1080p' | '4k';
export type AspectRatio = '16:9' | '9:16' | '1:1';

export interface PromptSegment {
	prompt: string;
	/** Seconds; undefined when the user left the segment's duration empty. */
	duration?: number;
}

/** Fields shared by text-to-video and image-to-video. */
export interface GenerationFields {
	/** The provider's own model choice (Kling AI); undefined: the model the adapter derives. */
	model?: string;
	prompt?: string;
	negativePrompt?: string;
	resolution: Resolution;
	/** undefined = the provider's default (the field is not sent). */
	aspectRatio?: AspectRatio;
	duration: number;
	generateAudio: boolean;
	voiceIds: string[];
	multiPrompt: PromptSegment[];
	cfgScale?: number;
	shotType?: 'customize' | 'intelligent';
	watermark?: boolean;
}

/** Fields every submit operation takes besides its own, applied to every provider alike (providers/requestRules.ts). */
export interface SubmitOverrides {
	/** Replaces the model name the adapter derives; the request is otherwise built the same way. */
	customModel?: string;
	/** Merged into the provider's request body last: objects key by key, anything else replaces. */
	extraBody?: IDataObject;
}

export interface TextToVideoRequest extends GenerationFields, SubmitOverrides {
	operation: 'textToVideo';
}

export interface ImageToVideoRequest extends GenerationFields, SubmitOverrides {
	operation: 'imageToVideo';
	firstFrameUrl?: string;
	lastFrameUrl?: string;
	referenceImageUrls: string[];
}

export interface MotionControlRequest extends SubmitOverrides {
	operation: 'motionControl';
	modelVersion: 'v3' | 'v2.6';
	imageUrl: string;
	videoUrl: string;
	mode: 'std' | 'pro';
	prompt?: string;
	characterOrientation?: 'image' | 'video';
	keepOriginalSound?: boolean;
}

export interface VideoElement {
	frontalImageUrl: string;
	referenceImageUrls: string[];
}

export interface EditVideoRequest extends SubmitOverrides {
	operation: 'editVideo';
	/** The provider's own model choice (Kling AI); undefined: the model the adapter derives. */
	model?: string;
	prompt: string;
	videoUrl: string;
	resolution: Resolution;
	keepAudio?: boolean;
	imageUrls: string[];
	elements: VideoElement[];
}

export interface CreateVoiceRequest extends SubmitOverrides {
	operation: 'createVoice';
	voiceUrl: string;
}

/** One request type per submitting operation: a new row above does not compile without its type here. */
interface Requests {
	textToVideo: TextToVideoRequest;
	imageToVideo: ImageToVideoRequest;
	motionControl: MotionControlRequest;
	editVideo: EditVideoRequest;
	createVoice: CreateVoiceRequest;
}

export type RequestOf<K extends SubmitOperationId> = Requests[K];
export type VideoRequest = Requests[SubmitOperationId];
