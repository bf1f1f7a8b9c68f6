// The run options of an item (waiting, limits, output), read and checked before anything is sent.
// Values may come from expressions, so "false" is false and "10" is 10; anything else that is not of
// the option's type is an error that names the option and the item.

import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { OPTION_DEFAULTS as DEFAULTS } from '../../description/defaults';
import { isHttpUrl, parameterError } from '../../operations/shared/parameters';

/** The shortest gap between two status checks of a task, whatever an expression says. */
export const MIN_POLL_INTERVAL_SECONDS = 1;

export interface ItemSettings {
	wait: boolean;
	/** Send a client task id where the provider accepts one. */
	clientTaskId: boolean;
	/** Where the provider should report the finished task. */
	callbackUrl?: string;
	/** From the provider's acceptance to the end of the download. */
	maxWaitMinutes: number;
	/** What happens at Max Wait: fail the item, or output the task to pick up later. */
	onTimeout: 'fail' | 'output';
	/** How long an item may wait for a free slot before it is submitted. */
	maxQueueMinutes: number;
	pollIntervalSeconds: number;
	download: boolean;
	binaryPropertyName: string;
	downloadTimeoutMinutes: number;
	maxVideoMegabytes: number;
}

/** A refused value as the error shows it: JSON (so quotes and line breaks stay visible), at most 80 characters. */
function shown(value: unknown): string {
	let text: string | undefined;
	try {
		text = JSON.stringify(value);
	} catch {
		text = undefined;
	}
	text ??= String(value);
	return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

/** A number > 0 (or >= 0 where zero means "none"); booleans, arrays and other text are refused. */
function readNumber(
	ctx: IExecuteFunctions,
	value: unknown,
	fallback: number,
	label: string,
	itemIndex: number,
	zeroAllowed = false,
): number {
	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === ''))
		return fallback;
	const number =
		typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : NaN;
	if (!Number.isFinite(number) || number < 0 || (number === 0 && !zeroAllowed)) {
		const kind = zeroAllowed ? 'a number, 0 or more' : 'a positive number';
		throw parameterError(ctx, label, `must be ${kind}, not ${shown(value)}`, itemIndex);
	}
	return number;
}

function readBoolean(
	ctx: IExecuteFunctions,
	value: unknown,
	fallback: boolean,
	label: string,
	itemIndex: number,
): boolean {
	if (value === undefined || value === null || value === '') return fallback;
	if (typeof value === 'boolean') return value;
	if (value === 'true' || value === 'false') return value === 'true';
	throw parameterError(ctx, label, `must be true or false, not ${shown(value)}`, itemIndex);
}

/** Text (a number is taken as its digits); objects, arrays and booleans are refused, not turned into "[object Object]". */
function readText(
	ctx: IExecuteFunctions,
	value: unknown,
	fallback: string,
	label: string,
	itemIndex: number,
): string {
	if (value === undefined || value === null) return fallback;
	if (typeof value === 'string') return value.trim();
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	throw parameterError(ctx, label, `must be text, not ${shown(value)}`, itemIndex);
}

export function readSettings(ctx: IExecuteFunctions, itemIndex: number): ItemSettings {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const number = (name: string, fallback: number, label: string) =>
		readNumber(ctx, options[name], fallback, label, itemIndex);
	const callbackUrl = readText(
		ctx,
		options.callbackUrl,
		DEFAULTS.callbackUrl,
		'Callback URL',
		itemIndex,
	);
	if (callbackUrl && !isHttpUrl(callbackUrl)) {
		throw parameterError(
			ctx,
			'Callback URL',
			'must be an http(s) URL, e.g. {{ $execution.resumeUrl }}',
			itemIndex,
		);
	}
	const binaryPropertyName = readText(
		ctx,
		options.binaryPropertyName,
		DEFAULTS.binaryPropertyName,
		'Put Output File in Field',
		itemIndex,
	);
	if (binaryPropertyName === '')
		throw parameterError(ctx, 'Put Output File in Field', 'is required', itemIndex);
	const onTimeout = options.onTimeout ?? DEFAULTS.onTimeout;
	if (onTimeout !== 'fail' && onTimeout !== 'output') {
		throw parameterError(
			ctx,
			'At Max Wait',
			`must be "fail" or "output", not ${shown(onTimeout)}`,
			itemIndex,
		);
	}
	return {
		wait: readBoolean(
			ctx,
			ctx.getNodeParameter('waitForCompletion', itemIndex, DEFAULTS.waitForCompletion),
			DEFAULTS.waitForCompletion,
			'Wait for Completion',
			itemIndex,
		),
		clientTaskId: readBoolean(
			ctx,
			options.clientTaskId,
			DEFAULTS.clientTaskId,
			'Client Task ID',
			itemIndex,
		),
		callbackUrl: callbackUrl || undefined,
		maxWaitMinutes: number('maxWaitMinutes', DEFAULTS.maxWaitMinutes, 'Max Wait (Minutes)'),
		onTimeout,
		maxQueueMinutes: number(
			'maxQueueMinutes',
			DEFAULTS.maxQueueMinutes,
			'Max Queue Time (Minutes)',
		),
		// The editor's minimum, held at run time too: an expression may give less.
		pollIntervalSeconds: Math.max(
			MIN_POLL_INTERVAL_SECONDS,
			number('pollIntervalSeconds', DEFAULTS.pollIntervalSeconds, 'Min Poll Interval (Seconds)'),
		),
		download: readBoolean(ctx, options.download, DEFAULTS.download, 'Download Video', itemIndex),
		binaryPropertyName,
		downloadTimeoutMinutes: number(
			'downloadTimeoutMinutes',
			DEFAULTS.downloadTimeoutMinutes,
			'Download Timeout (Minutes)',
		),
		maxVideoMegabytes: number(
			'maxVideoMegabytes',
			DEFAULTS.maxVideoMegabytes,
			'Max Video Size (MB)',
		),
	};
}

/** Limits shared by all items of a run (read from the first item, like n8n's own batching options). */
export function readLimits(ctx: IExecuteFunctions): {
	concurrency: number;
	maxRunningTasks?: number;
} {
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const concurrency = readNumber(
		ctx,
		options.concurrency,
		DEFAULTS.concurrency,
		'Max Submissions at Once',
		0,
	);
	const running = readNumber(
		ctx,
		options.maxRunningTasks,
		DEFAULTS.maxRunningTasks,
		'Max Running Tasks',
		0,
		true,
	);
	return {
		concurrency: Math.max(1, Math.floor(concurrency)),
		maxRunningTasks: running >= 1 ? Math.floor(running) : undefined,
	};
}

/** While Waiting, for the whole run (an execution pauses as one): read from the first item. */
export function readWaitMode(ctx: IExecuteFunctions): 'poll' | 'park' {
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const mode = options.waitMode ?? DEFAULTS.waitMode;
	if (mode !== 'poll' && mode !== 'park')
		throw parameterError(ctx, 'While Waiting', `must be "poll" or "park", not ${shown(mode)}`, 0);
	return mode;
}
