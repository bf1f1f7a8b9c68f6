// The node's execute(): read and check every item first (a bad item fails before anything is sent),
// submit all items under the concurrency cap, wait for them together, and emit exactly one output
// item per input item, in input order, each with pairedItem.

import {
	NodeOperationError,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { CancelHub } from '../engine/cancel';
import { realClock } from '../engine/clock';
import { failureJson, toNodeFailure, type NodeFailure } from '../engine/failures';
import { createLimiter } from '../engine/limiter';
import { createProviderClient, type ProviderClient } from '../engine/transport';
import type { OperationId, ProviderAdapter } from '../engine/types';
import { isHttpUrl, labelsOf, parameterError } from '../engine/validation';
import { findProvider } from '../providers';
import { getTask, operationProperties, operationReaders } from './operations';
import { runJob, type ItemSettings, type Job, type JobOutcome } from './runJob';

const REQUEST_TIMEOUT_MS = 60_000;
const PARAMETER_LABELS = labelsOf(operationProperties);
const DOWNLOAD_TIMEOUT_MS = 30 * 60_000;

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const providerId = this.getNodeParameter('provider', 0) as string;
	const provider = findProvider(providerId);
	if (!provider) throw new NodeOperationError(this.getNode(), `Unknown provider "${providerId}"`);
	const operation = this.getNodeParameter('operation', 0) as OperationId;
	const continueOnFail = this.continueOnFail();

	const planned: Array<Job | JobOutcome> = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			planned.push(planJob(this, provider, operation, itemIndex));
		} catch (error) {
			const failure = toNodeFailure(error, { node: this.getNode(), provider, itemIndex, phase: 'read' });
			if (!continueOnFail) throw failure;
			planned.push({ itemIndex, ok: false, error: failure });
		}
	}

	const signal = this.getExecutionCancelSignal?.();
	const cancel = new CancelHub(signal);
	const client = await openClient(this, provider, signal, cancel);
	const concurrency = Number((this.getNodeParameter('options', 0, {}) as IDataObject).concurrency ?? 5);
	const env = {
		ctx: this,
		labelOf: (field: string) => {
			const name = field.split('.').filter((part) => !/^\d+$/.test(part)).pop() ?? field;
			return PARAMETER_LABELS[name] ?? name;
		},
		provider,
		client,
		clock: realClock,
		cancel,
		signal,
		submitLimiter: createLimiter(Math.max(1, Math.floor(concurrency) || 1)),
		downloadTimeoutMs: DOWNLOAD_TIMEOUT_MS,
	};

	let firstFailure: NodeFailure | undefined;
	const outcomes = await Promise.all(
		planned.map(async (entry) => {
			const outcome = 'ok' in entry ? entry : await runJob(env, entry);
			// Without Continue On Fail the node fails on the first failed item: stop waiting for the rest.
			if (!outcome.ok && !continueOnFail && !firstFailure) {
				firstFailure = outcome.error;
				cancel.cancel();
			}
			return outcome;
		}),
	);

	if (firstFailure) throw withOtherTasks(firstFailure, outcomes);
	return [
		outcomes.map((outcome) =>
			outcome.ok
				? outcome.item
				: {
						json: failureJson(outcome.error, { provider: provider.id, operation }),
						pairedItem: { item: outcome.itemIndex },
					},
		),
	];
}

function planJob(ctx: IExecuteFunctions, provider: ProviderAdapter, operation: OperationId, itemIndex: number): Job {
	const settings = readSettings(ctx, itemIndex);
	if (operation === 'getTask') return { itemIndex, operation, settings, taskId: getTask.read(ctx, itemIndex) };
	if (settings.callbackUrl && !provider.acceptsCallback) {
		throw parameterError(ctx, 'Callback URL', `${provider.displayName} documents no callback; leave it empty`, itemIndex);
	}
	const reader = operationReaders[operation];
	if (!reader) throw new NodeOperationError(ctx.getNode(), `Unknown operation "${operation}"`, { itemIndex });
	const request = reader.read(ctx, itemIndex, provider);
	const problem = provider.checkRequest?.(request);
	if (problem) throw parameterError(ctx, PARAMETER_LABELS[problem.parameter] ?? problem.parameter, problem.message, itemIndex);
	return { itemIndex, operation, settings, request };
}

function readSettings(ctx: IExecuteFunctions, itemIndex: number): ItemSettings {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const positive = (value: unknown, fallback: number, name: string) => {
		const number = value === undefined || value === '' ? fallback : Number(value);
		if (!Number.isFinite(number) || number <= 0) {
			throw new NodeOperationError(ctx.getNode(), `Invalid "${name}" [item ${itemIndex}]: must be a positive number`, {
				itemIndex,
			});
		}
		return number;
	};
	const callbackUrl = String(options.callbackUrl ?? '').trim();
	if (callbackUrl && !isHttpUrl(callbackUrl)) {
		throw parameterError(ctx, 'Callback URL', 'must be an http(s) URL, e.g. {{ $execution.resumeUrl }}', itemIndex);
	}
	const binaryPropertyName = String(options.binaryPropertyName ?? 'data').trim();
	if (binaryPropertyName === '') {
		throw new NodeOperationError(ctx.getNode(), `Invalid "Put Output File in Field" [item ${itemIndex}]: is required`, {
			itemIndex,
		});
	}
	return {
		wait: ctx.getNodeParameter('waitForCompletion', itemIndex, true) as boolean,
		clientTaskId: options.clientTaskId !== false,
		callbackUrl: callbackUrl || undefined,
		maxWaitMinutes: positive(options.maxWaitMinutes, 30, 'Max Wait (Minutes)'),
		pollIntervalSeconds: positive(options.pollIntervalSeconds, 5, 'Min Poll Interval (Seconds)'),
		download: options.download !== false,
		binaryPropertyName,
	};
}

async function openClient(
	ctx: IExecuteFunctions,
	provider: ProviderAdapter,
	signal: AbortSignal | undefined,
	cancel: CancelHub,
): Promise<ProviderClient> {
	const credentials: ICredentialDataDecryptedObject = await ctx.getCredentials(provider.credentialName);
	const baseUrl = String(credentials.baseUrl ?? '').trim().replace(/\/+$/, '');
	if (!isHttpUrl(baseUrl)) {
		throw new NodeOperationError(ctx.getNode(), `The ${provider.displayName} credential has no valid Base URL`, {
			description: 'Set Base URL in the credential to an http(s) address, e.g. the provider default.',
		});
	}
	const secrets = Object.entries(credentials)
		.filter(([key, value]) => key !== 'baseUrl' && typeof value === 'string')
		.map(([, value]) => value as string);
	return createProviderClient(ctx, provider, { baseUrl, signal, cancel, timeoutMs: REQUEST_TIMEOUT_MS, secrets });
}

/** So that nothing is lost when one item fails the node: the other items' task ids, to pick up later. */
function withOtherTasks(failure: NodeFailure, outcomes: JobOutcome[]): NodeFailure {
	const failedItem = failure.context.itemIndex;
	const others = outcomes
		.filter((outcome) => outcome.itemIndex !== failedItem && outcome.taskId)
		.map((outcome) => `item ${outcome.itemIndex}: ${outcome.taskId}`);
	if (others.length > 0) {
		const list = others.join(', ');
		failure.description = `${failure.description ?? ''} Tasks already submitted for other items (use Get Task to collect them): ${list}.`.trim();
	}
	return failure;
}
