// The default of every run option, read from the parameters themselves (description/options.ts), so
// that what the editor shows and what the reader (run/plan/settings.ts) falls back to are one value.

import type { INodeProperties } from 'n8n-workflow';

import { waitingProperties } from './options';

export interface OptionDefaults {
	waitForCompletion: boolean;
	/** poll: the node checks the tasks in the execution; park: the execution pauses until the provider calls back. */
	waitMode: 'poll' | 'park';
	onTimeout: 'fail' | 'output';
	callbackUrl: string;
	clientTaskId: boolean;
	downloadTimeoutMinutes: number;
	download: boolean;
	maxQueueMinutes: number;
	/** 0: learned from the provider's refusals. */
	maxRunningTasks: number;
	concurrency: number;
	maxVideoMegabytes: number;
	maxWaitMinutes: number;
	pollIntervalSeconds: number;
	binaryPropertyName: string;
}

const options = (waitingProperties.find((property) => property.name === 'options')?.options ??
	[]) as INodeProperties[];

export const OPTION_DEFAULTS = Object.fromEntries(
	[...waitingProperties, ...options].map((property) => [property.name, property.default]),
) as unknown as OptionDefaults;
