// Every way an item can fail, as the n8n error a user reads: what happened, the item, the task id,
// and what to do next. Provider answers become NodeApiErrors (message, HTTP status, task id); the
// node's own checks, timeouts and cancels become NodeOperationErrors.

import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';

import { ProviderCallError } from '../transport/callError';
import type { NormalizedTask, ProviderAdapter } from '../providers/types';

export type NodeFailure = NodeApiError | NodeOperationError;

const BACK_OFF_ADVICE =
	"The node backed off and retried without success; set Options > Max Running Tasks to your plan's limit, or try again later.";

/** What the item was doing: it decides what a lost answer means (a submit's may have created a task). */
export type Phase = 'read' | 'submit' | 'poll' | 'download';

export interface FailureContext {
	node: INode;
	provider: ProviderAdapter;
	itemIndex: number;
	taskId?: string;
	phase: Phase;
}

function tagged<T extends NodeFailure>(error: T, context: FailureContext): T {
	error.context.itemIndex = context.itemIndex;
	if (context.taskId) error.context.taskId = context.taskId;
	return error;
}

function suffix(context: FailureContext): string {
	return context.taskId
		? ` (task ${context.taskId}) [item ${context.itemIndex}]`
		: ` [item ${context.itemIndex}]`;
}

export function toNodeFailure(error: unknown, context: FailureContext): NodeFailure {
	if (error instanceof NodeApiError || error instanceof NodeOperationError)
		return tagged(error, context);
	if (error instanceof ProviderCallError) return tagged(fromCallError(error, context), context);
	const message = error instanceof Error ? error.message : String(error);
	return tagged(
		new NodeOperationError(context.node, `${message}${suffix(context)}`, {
			itemIndex: context.itemIndex,
		}),
		context,
	);
}

function fromCallError(error: ProviderCallError, context: FailureContext): NodeFailure {
	const { node, provider, itemIndex } = context;
	const name = provider.displayName;
	const { delivery, statusCode, providerError } = error.details;
	if (delivery === 'cancelled') {
		return new NodeOperationError(node, `The execution was cancelled${suffix(context)}`, {
			itemIndex,
		});
	}
	if (delivery !== 'answered') {
		// A NodeOperationError: NodeApiError would swap a message naming ECONNREFUSED for a generic one.
		const maybeCreated = context.phase === 'submit' && delivery === 'unknown';
		return new NodeOperationError(
			node,
			maybeCreated
				? `The connection to ${name} broke after the request was sent: the task may have been created${suffix(context)}`
				: `Could not reach ${name}${suffix(context)}`,
			{
				itemIndex,
				description: `${error.message}. ${
					maybeCreated
						? `Look for the task in your ${name} account before running this item again, so that it is not paid for twice.`
						: "Check the credential's Base URL and the network; nothing was submitted by this attempt."
				}`,
			},
		);
	}
	const status = statusCode ?? 0;
	const detail = error.message;
	const headlines: Record<string, [string, string]> = {
		auth: [
			`${name} rejected the credential (HTTP ${status}): ${detail}`,
			`Check the API key in the ${name} credential.`,
		],
		quota: [
			`${name} says the account has insufficient balance (HTTP ${status}): ${detail}`,
			`Top up your ${name} account, then run again. Nothing was generated for this item.`,
		],
		rateLimited: [`${name} is rate limiting requests (HTTP ${status}): ${detail}`, BACK_OFF_ADVICE],
		busy: [`${name} is at its concurrency limit (HTTP ${status}): ${detail}`, BACK_OFF_ADVICE],
		notFound: [
			`${name} does not know this task (HTTP ${status}): ${detail}`,
			'Check the Task ID and the provider.',
		],
		invalid: [
			`${name} rejected the request (HTTP ${status}): ${detail}`,
			'Check the parameters against the README.',
		],
		contentPolicy: [
			`${name} blocked the request under its content policy (HTTP ${status}): ${detail}`,
			'Change the prompt or the images.',
		],
	};
	const [headline, description] = headlines[providerError?.kind ?? ''] ?? [
		error.details.malformed
			? `${name} sent an unexpected answer (HTTP ${status}): ${detail}`
			: `${name} answered HTTP ${status}: ${detail}`,
		context.phase === 'submit' && error.details.malformed
			? `The task may have been created; look for it in your ${name} account before running again.`
			: `The provider's own message is shown above.`,
	];
	// httpCode only from a real HTTP status; the provider's code under a name NodeApiError does not read
	// as a status (it reads statusCode, status, code, status_code, errorCode, error_code).
	const httpCode = httpStatusCode(statusCode);
	const message = `${headline}${suffix(context)}`;
	const apiError = new NodeApiError(
		node,
		{
			message: detail,
			providerCode: providerError?.code ?? null,
			...(httpCode ? { httpCode } : {}),
		} as JsonObject,
		{ itemIndex, httpCode, message, description },
	);
	return withMessage(apiError, message);
}

/** A status code as NodeApiError's httpCode: three digits, or undefined. */
export function httpStatusCode(status: unknown): string | undefined {
	const text = typeof status === 'number' ? String(status) : status;
	return typeof text === 'string' && /^[1-5]\d\d$/.test(text) ? text : undefined;
}

/** NodeApiError swaps a message that mentions e.g. "ENOENT" for a generic one: keep ours. */
function withMessage<T extends NodeFailure>(error: T, message: string): T {
	error.message = message;
	return error;
}

export function taskFailure(context: FailureContext, task: NormalizedTask): NodeFailure {
	const reason = task.error?.message ?? `status "${task.status}" without a reason`;
	const verb = task.status === 'cancelled' ? 'was cancelled' : 'failed';
	const message = `${context.provider.displayName} task ${verb}: ${reason}${suffix(context)}`;
	// No HTTP status here (the status answer itself was a 200): the task status and the provider's code
	// go under names NodeApiError does not take for an httpCode, so the error carries none.
	const providerCode = task.error?.code ?? null;
	const error = new NodeApiError(
		context.node,
		{ message: reason, taskStatus: task.status, providerCode } as JsonObject,
		{
			itemIndex: context.itemIndex,
			message,
			description: 'The provider ended the task; most providers do not bill a failed task.',
		},
	);
	error.httpCode = null;
	error.context.taskStatus = task.status;
	if (providerCode !== null) error.context.providerCode = providerCode;
	return tagged(withMessage(error, message), context);
}

export function timeoutFailure(
	context: FailureContext,
	maxWaitMinutes: number,
	task: NormalizedTask | undefined,
	lastError: Error | undefined,
): NodeFailure {
	const last = task
		? `last status "${task.status}"${task.progress !== undefined ? `, ${task.progress}%` : ''}`
		: 'no status yet';
	const problem = lastError ? `; the last status check failed: ${lastError.message}` : '';
	const error = new NodeOperationError(
		context.node,
		`The task did not finish within ${maxWaitMinutes} minutes (${last}${problem})${suffix(context)}`,
		{
			itemIndex: context.itemIndex,
			description: `The task keeps running at ${context.provider.displayName}. Pick it up with the Get Task operation and Task ID "${context.taskId}", or raise Options > Max Wait.`,
		},
	);
	return tagged(error, context);
}

/** No slot came free within Max Queue Time: nothing was sent for the item. */
export function queueTimeout(
	context: FailureContext,
	maxQueueMinutes: number,
	refused: number,
	lastRefusal?: Error,
): NodeFailure {
	const name = context.provider.displayName;
	const why = lastRefusal
		? `; ${name} refused ${refused} submit(s), last with: ${lastRefusal.message}`
		: '';
	return new NodeOperationError(
		context.node,
		`No free slot at ${name} within ${maxQueueMinutes} minutes${why} [item ${context.itemIndex}]`,
		{
			itemIndex: context.itemIndex,
			description: `Nothing was created or billed for this item. The ${name} account runs only so many tasks at once; raise Options > Max Queue Time, or run fewer items per execution.`,
		},
	);
}

/** The task is done but its video did not arrive: the URL is kept in the message, so nothing is lost. */
export function downloadFailure(url: string, error: unknown): Error {
	const reason = error instanceof Error ? error.message : String(error);
	return new Error(`The video is ready but could not be downloaded (${reason}); its URL is ${url}`);
}
