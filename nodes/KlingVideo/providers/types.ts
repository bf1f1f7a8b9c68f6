// The provider contract: what an adapter must supply (capabilities, field rules, request builders,
// parsers) and what a task looks like once parsed. Adapters turn `VideoRequest`s into HTTP calls and
// answers back into `NormalizedTask`s.

import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import type {
	CreateVoiceRequest,
	EditVideoRequest,
	ImageToVideoRequest,
	MediaKind,
	MotionControlRequest,
	Resolution,
	SubmitOverrides,
	TextToVideoRequest,
	VideoRequest,
} from '../request/operations';
import type { HttpCall, ProviderEndpoint, StoredFile } from '../transport/http';

/** A provider's id: the Provider parameter's value, as the registry (providers/index.ts) lists it. */
export type ProviderId = string;

/** A file from the input item's binary data, on its way to the provider. */
export interface MediaFile {
	/** The request field it fills, e.g. "firstFrameUrl". */
	field: string;
	kind: MediaKind;
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
	maxBytes?: Partial<Record<MediaKind, number>>;
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

/**
 * What the provider says the task cost, in a shape a spreadsheet can sum: an amount of money in a
 * currency, or an amount of a resource pack's units.
 */
export interface TaskCost extends IDataObject {
	amount: number;
	currency?: string;
	unit?: string;
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
	/** Where the provider reports it (Kling AI). */
	cost?: TaskCost;
	/** Seconds the provider expects the task to take, when it says. */
	estimatedSeconds?: number;
	raw: IDataObject;
}

/**
 * What a provider does with one request field: sends it, or refuses a value that is set (with the reason,
 * shown to the user). Hidden in the node for providers that do not send it (description/providerFields.ts).
 */
export type FieldRule = 'sent' | { refused: string };

/** One rule per request field of an operation: a new field does not compile until every provider decides. */
export type FieldRules<R> = {
	[K in Exclude<keyof R, 'operation' | keyof SubmitOverrides>]-?: FieldRule;
};

/** Limits a provider puts on one generation operation; the mode readers validate against them. */
/** A model a provider lets the user choose (Kling AI), as the Model list shows it. */
export interface ModelChoice {
	name: string;
	value: string;
}

export interface GenerationCapabilities {
	/** The Model list, first the default; absent: the model follows from the other fields. */
	models?: ModelChoice[];
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
	editVideo?: {
		models?: ModelChoice[];
		resolutions: Resolution[];
		maxImagesAndElements: number;
		video: VideoLimits;
		fields: FieldRules<EditVideoRequest>;
	};
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
 * One API provider. Adding a provider is one file implementing this interface, one credential file and
 * one line in the registry (providers/index.ts); nothing else in the node changes.
 */
export interface ProviderAdapter extends ProviderEndpoint {
	id: ProviderId;
	/** What the Provider list says of it. */
	note: string;
	capabilities: ProviderCapabilities;
	/** Files from binary data: uploaded or inlined; absent when the provider takes URLs only. */
	media?: MediaSupport;
	/** Rules of this provider the shared schemas cannot express; a problem names the node parameter. */
	checkRequest?(request: VideoRequest): { parameter: string; message: string } | undefined;
	/** The model name the adapter derives for a request (Custom Model Name replaces it). */
	modelFor(request: VideoRequest): string;
	/** The body key that names the model, which Custom Model Name sets. */
	modelField: string;
	/** The model is the call path's last step instead (Kling AI's current design): Custom Model Name replaces it. */
	modelInPath?: boolean;
	/** Body keys (dotted for nested ones) the node sets for its own use (callback, client task id), with the option that sets each: Extra Body Fields may not. */
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
	/**
	 * Providers that read several tasks in one request (Kling AI's current design): the request for
	 * these ids, whose answer parseTask reads for each of them. `batchable` says which ids it takes.
	 */
	buildStatusBatch?(taskIds: string[]): HttpCall;
	batchable?(taskId: string): boolean;
	/** Most ids in one such request (the URL must stay short). */
	maxStatusBatch?: number;
	/** A status response as a task; a provider quirk (e.g. "completed" without results) stays in here. */
	parseTask(body: unknown, taskId: string): NormalizedTask;
	/**
	 * A provider with more than one API design: the adapter for the design this credential is for
	 * (Kling AI: an API key speaks the current one). Asked once per run, before any item is read.
	 */
	forCredentials?(credentials: ICredentialDataDecryptedObject): ProviderAdapter;
}
