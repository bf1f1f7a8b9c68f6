// The default of every run option: what the Options collection shows and what the reader
// (run/plan/settings.ts) falls back to when an option is not set or an expression gives nothing.

export const OPTION_DEFAULTS = {
	waitForCompletion: true,
	onTimeout: 'fail',
	callbackUrl: '',
	clientTaskId: true,
	downloadTimeoutMinutes: 10,
	download: true,
	maxQueueMinutes: 60,
	/** 0: learned from the provider's refusals. */
	maxRunningTasks: 0,
	concurrency: 5,
	/** Kling results are tens of MB; this leaves room for long 1080p edits. */
	maxVideoMegabytes: 500,
	maxWaitMinutes: 30,
	pollIntervalSeconds: 5,
	binaryPropertyName: 'data',
} as const;
