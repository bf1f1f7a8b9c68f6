// Every item is read and checked before anything is sent: its options, then its request (the
// operation's schema, every set field against what the provider sends, the provider's own rules). A
// bad item fails here, so it never costs money.

import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { getTask, submitOperations } from '../../operations';
import { parameterError } from '../../operations/shared/parameters';
import { requestProblem } from '../../providers/requestRules';
import type { ProviderAdapter } from '../../providers/types';
import type { OperationId, SubmitOperationId, VideoRequest } from '../../request/operations';
import { readSettings, type ItemSettings } from './settings';

/** One item's work, as read from its parameters. */
export interface Job {
	itemIndex: number;
	operation: OperationId;
	settings: ItemSettings;
	/** What to submit; absent for Get Task. */
	request?: VideoRequest;
	/** The task to read; Get Task only. */
	taskId?: string;
}

export function planJob(
	ctx: IExecuteFunctions,
	provider: ProviderAdapter,
	operation: OperationId,
	itemIndex: number,
): Job {
	const settings = readSettings(ctx, itemIndex);
	if (operation === 'getTask')
		return { itemIndex, operation, settings, taskId: getTask.read(ctx, itemIndex) };
	if (settings.callbackUrl && !provider.acceptsCallback) {
		throw parameterError(
			ctx,
			'Callback URL',
			`${provider.displayName} documents no callback; leave it empty`,
			itemIndex,
		);
	}
	return {
		itemIndex,
		operation,
		settings,
		request: readRequest(ctx, provider, operation, itemIndex),
	};
}

/** One item's request, read and checked; a problem names the node parameter. */
export function readRequest(
	ctx: IExecuteFunctions,
	provider: ProviderAdapter,
	operation: SubmitOperationId,
	itemIndex: number,
): VideoRequest {
	const reader = submitOperations[operation];
	if (!reader)
		throw new NodeOperationError(ctx.getNode(), `Unknown operation "${operation}"`, { itemIndex });
	const request = reader.read(ctx, itemIndex, provider);
	const problem = requestProblem(provider, request) ?? provider.checkRequest?.(request);
	if (problem)
		throw parameterError(
			ctx,
			reader.labels[problem.parameter] ?? problem.parameter,
			problem.message,
			itemIndex,
		);
	return request;
}
