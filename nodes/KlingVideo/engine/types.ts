// The provider-neutral model of the node: what the user asked for, what a provider must supply, and
// what a task looks like once parsed. Mode readers produce `VideoRequest`s, provider adapters turn them
// into HTTP calls and turn responses back into `NormalizedTask`s.

import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';

export type ProviderId = 'foxApi' | 'uniAll' | 'toApis' | 'klingAi';

export type OperationId =
	| 'textToVideo'
	| 'imageToVideo'
	| 'motionControl'
	| 'editVideo'
	| 'createVoice'
	| 'getTask';

export type SubmitOperationId = Exclude<OperationId, 'getTask'>;

export type Resolution = '720p' | '1080p' | '4k';
export type AspectRatio = '16:9' | '9:16' | '1:1';

export interface PromptSegment {
	prompt: string;
	/** Seconds; undefined when the user left the segment's duration empty. */
	duration?: number;
}

/** Fields shared by text-to-video and image-to-video. */
export interface GenerationFields {
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

export interface TextToVideoRequest extends GenerationFields {
	operation: 'textToVideo';
}

export interface ImageToVideoRequest extends GenerationFields {
	operation: 'imageToVideo';
	firstFrameUrl?: string;
	lastFrameUrl?: string;
	referenceImageUrls: string[];
}

export interface MotionControlRequest {
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

export interface EditVideoRequest {
	operation: 'editVideo';
	prompt: string;
	videoUrl: string;
	resolution: Resolution;
	keepAudio?: boolean;
	imageUrls: string[];
	elements: VideoElement[];
}

export interface CreateVoiceRequest {
	operation: 'createVoice';
	voiceUrl: string;
}

export type VideoRequest =
	| TextToVideoRequest
	| ImageToVideoRequest
	| MotionControlRequest
	| EditVideoRequest
	| CreateVoiceRequest;

export interface HttpCall {
	method: IHttpRequestMethods;
	path: string;
	/** JSON, or a ready-made body (multipart uploads) with its Content-Type in headers. */
	body?: IDataObject | Buffer;
	qs?: IDataObject;
	headers?: IDataObject;
}

/** A file from the input item's binary data, on its way to the provider. */
export interface MediaFile {
	/** The request field it fills, e.g. "firstFrameUrl". */
	field: string;
	kind: 'image' | 'video' | 'audio';
	fileName: string;
	mimeType: string;
	data: Buffer;
}

/** How files from binary data reach a provider (none: only URLs are possible). */
export interface MediaSupport {
	/** The upload request for a file; undefined when this kind cannot be uploaded. */
	upload?(file: MediaFile): HttpCall | undefined;
	/** The public URL in an upload answer. */
	uploadedUrl?(body: unknown): string | undefined;
	/** Largest file per kind the provider accepts, checked before uploading. */
	maxBytes?: Partial<Record<MediaFile['kind'], number>>;
	/** The file inline (e.g. base64) where the request field accepts it. */
	inline?(file: MediaFile): string | undefined;
}

export type TaskStatus = 'submitted' | 'processing' | 'completed' | 'failed' | 'cancelled';

export interface TaskVideo extends IDataObject {
	url: string;
}

export interface NormalizedTask {
	id: string;
	status: TaskStatus;
	model?: string;
	progress?: number;
	videos: TaskVideo[];
	voiceId?: string;
	/** Failure reason given by the provider, for failed and cancelled tasks. */
	error?: { message: string; code?: string };
	expiresAt?: string;
	/** Seconds the provider expects the task to take, when it says. */
	estimatedSeconds?: number;
	raw: IDataObject;
}

/** What a provider error response means for the caller. */
export type ProviderErrorKind =
	| 'auth'
	| 'quota'
	| 'rateLimited'
	| 'busy'
	| 'notFound'
	| 'invalid'
	| 'contentPolicy'
	| 'server'
	| 'unknown';

export interface ProviderError {
	kind: ProviderErrorKind;
	message: string;
	code?: string;
	/**
	 * The kind comes from an error code or type the provider documents, not from the HTTP status alone
	 * (a bare 404 may come from a proxy or gateway in front of the provider).
	 */
	documented?: boolean;
}

/** Limits a provider puts on one generation operation; the mode readers validate against them. */
export interface GenerationCapabilities {
	durations: number[];
	resolutions: Resolution[];
	maxVoiceIds: number;
	/** Whether multi-prompt shots are supported, and whether each shot must carry its duration. */
	multiPrompt: false | 'durationsRequired' | 'durationsOptional';
	/** Image-to-video only: whether a first frame must be given. */
	requiresFirstFrame?: boolean;
	referenceImages?: boolean;
	lastFrame?: boolean;
}

export interface ProviderCapabilities {
	textToVideo?: GenerationCapabilities;
	imageToVideo?: GenerationCapabilities;
	motionControl?: { modelVersions: Array<MotionControlRequest['modelVersion']> };
	editVideo?: { resolutions: Resolution[]; maxImagesAndElements: number; elements: boolean };
	createVoice?: Record<string, never>;
}

/** Fields a submit carries besides the user's request. */
export interface SubmitExtras {
	/** A unique id to find the task again after a lost answer (providers with lookupByClientTaskId). */
	clientTaskId?: string;
	/** Where the provider should report the finished task (providers with acceptsCallback). */
	callbackUrl?: string;
}

export interface SubmitResult {
	taskId: string;
	task?: NormalizedTask;
	estimatedSeconds?: number;
}

/**
 * One API provider. Adding a provider means one file implementing this interface plus one credential
 * file; nothing else in the engine changes.
 */
export interface ProviderAdapter {
	id: ProviderId;
	displayName: string;
	credentialName: string;
	capabilities: ProviderCapabilities;
	/** Files from binary data: uploaded or inlined; absent when the provider takes URLs only. */
	media?: MediaSupport;
	/** Rules of this provider the shared schemas cannot express; a problem names the node parameter. */
	checkRequest?(request: VideoRequest): { parameter: string; message: string } | undefined;
	/** The model name recorded in the output for a request. */
	modelFor(request: VideoRequest): string;
	buildSubmit(request: VideoRequest, extras?: SubmitExtras): HttpCall;
	/** Whether the provider takes a callback URL (sent as callback_url) for this operation. */
	acceptsCallback?: boolean;
	/**
	 * Providers that accept a client-side task id: after a submit whose answer was lost, the task is
	 * looked up by that id instead of being submitted again (which could bill twice).
	 */
	lookupByClientTaskId?(clientTaskId: string, request: VideoRequest): HttpCall;
	parseSubmit(body: unknown, request: VideoRequest): SubmitResult;
	buildStatus(taskId: string): HttpCall;
	/** A status response as a task; a provider quirk (e.g. "completed" without results) stays in here. */
	parseTask(body: unknown, taskId: string): NormalizedTask;
	/** An HTTP error response as a typed provider error. */
	parseError(statusCode: number, body: unknown): ProviderError;
	/** An error envelope inside a successful HTTP answer (Kling AI: `code != 0`), if the provider has one. */
	parseBodyError?(body: unknown): ProviderError | undefined;
}
