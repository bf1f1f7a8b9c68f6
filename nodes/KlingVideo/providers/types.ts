// The provider-neutral model of the node: what the user asked for, what a provider must supply, and
// what a task looks like once parsed. Mode readers produce `VideoRequest`s, provider adapters turn them
// into HTTP calls and turn responses back into `NormalizedTask`s.

import type { IDataObject, IExecuteFunctions, IHttpRequestMethods } from 'n8n-workflow';

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

/** Fields every submit operation takes besides its own, applied to every provider alike (engine/overrides.ts). */
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

export type VideoRequest =
	| TextToVideoRequest
	| ImageToVideoRequest
	| MotionControlRequest
	| EditVideoRequest
	| CreateVoiceRequest;

/** A readable stream as n8n's binary store hands it out (community nodes may not import Node's `stream`). */
export type BinaryStream = Awaited<ReturnType<IExecuteFunctions['helpers']['getBinaryStream']>>;

export interface HttpCall {
	method: IHttpRequestMethods;
	path: string;
	/**
	 * JSON, or a ready-made body (multipart uploads) with its Content-Type in headers. A stream body is
	 * read once: the call is never sent again with it.
	 */
	body?: IDataObject | Buffer | BinaryStream;
	qs?: IDataObject;
	headers?: IDataObject;
}

/** A file in n8n's binary store (filesystem, S3...), read as a stream rather than held in memory. */
export interface StoredFile {
	stream: BinaryStream;
	/** Its size from the store's metadata (else the binary data's `bytes`); unknown: the upload is sent chunked. */
	bytes?: number;
}

/** A file from the input item's binary data, on its way to the provider. */
export interface MediaFile {
	/** The request field it fills, e.g. "firstFrameUrl". */
	field: string;
	kind: 'image' | 'video' | 'audio';
	fileName: string;
	mimeType: string;
	/** In memory (binary data kept in the item), or streamed from n8n's store (only ever to `upload`). */
	data: Buffer | StoredFile;
}

/** How files from binary data reach a provider (none: only URLs are possible). */
export interface MediaSupport {
	/** The upload request for a file; undefined when this kind cannot be uploaded. */
	upload?(file: MediaFile): HttpCall | undefined;
	/** The public URL in an upload answer. */
	uploadedUrl?(body: unknown): string | undefined;
	/** Largest file per kind the provider accepts, checked before uploading. */
	maxBytes?: Partial<Record<MediaFile['kind'], number>>;
	/**
	 * Where the request field takes the file inline (e.g. base64): how to encode its bytes. Asked before
	 * the file is read, so a file that cannot go inline is never read into memory for nothing.
	 */
	inline?(file: Omit<MediaFile, 'data'>): ((data: Buffer) => string) | undefined;
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

/**
 * What a provider does with one request field: sends it, or refuses a value that is set (with the reason,
 * shown to the user). Hidden in the node for providers that do not send it (actions/providerFields.ts).
 */
export type FieldRule = 'sent' | { refused: string };

/** One rule per request field of an operation: a new field does not compile until every provider decides. */
export type FieldRules<R> = { [K in Exclude<keyof R, 'operation' | keyof SubmitOverrides>]-?: FieldRule };

/** Limits a provider puts on one generation operation; the mode readers validate against them. */
export interface GenerationCapabilities {
	durations: number[];
	resolutions: Resolution[];
	/** Most voice IDs (where Voice IDs are sent). */
	maxVoiceIds?: number;
	/** Where shots are sent: whether each must carry its duration. */
	multiPrompt?: 'durationsRequired' | 'durationsOptional';
	/** Most multi-prompt shots, where the provider says. */
	maxShots?: number;
	/** A prompt is needed even with multi-prompt shots (FoxAPI, seed 000). */
	promptRequired?: boolean;
	/** Image-to-video only: whether a first frame must be given. */
	requiresFirstFrame?: boolean;
}

/** What a provider accepts as an input video; checked before a file from binary data is uploaded. */
export interface VideoLimits {
	maxBytes?: number;
	/** Shortest and longest length, in seconds. */
	seconds?: [number, number];
	/** Smallest and largest width and height, in pixels. */
	pixels?: [number, number];
}

export interface ProviderCapabilities {
	textToVideo?: GenerationCapabilities & { fields: FieldRules<TextToVideoRequest> };
	imageToVideo?: GenerationCapabilities & { fields: FieldRules<ImageToVideoRequest> };
	motionControl?: {
		modelVersions: Array<MotionControlRequest['modelVersion']>;
		/** The motion video; its longest length depends on Character Orientation (seed 001). */
		video: VideoLimits & { maxSecondsByOrientation: Record<'image' | 'video', number> };
		fields: FieldRules<MotionControlRequest>;
	};
	editVideo?: { resolutions: Resolution[]; maxImagesAndElements: number; video: VideoLimits; fields: FieldRules<EditVideoRequest> };
	createVoice?: { fields: FieldRules<CreateVoiceRequest> };
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
	/** The model name the adapter derives for a request (Custom Model Name replaces it). */
	modelFor(request: VideoRequest): string;
	/** The body key that names the model, which Custom Model Name sets. */
	modelField: string;
	/** Body keys the node sets for its own use (callback, client task id), with the option that sets each: Extra Body Fields may not. */
	reservedBodyFields?: Record<string, string>;
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
