// The node's execute(): read and check every item first (a bad item fails before anything is sent),
// submit all items under the concurrency cap, wait for them together, and emit exactly one output
// item per input item, in input order, each with pairedItem.

import {
	NodeApiError,
	NodeOperationError,
	type ICredentialDataDecryptedObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { CancelHub } from '../lib/cancel';
import { realClock } from '../lib/clock';
import { failureJson, toNodeFailure, type NodeFailure } from './errors';
import { createLimiter } from '../lib/limiter';
import { TaskSlots } from './admit/slots';
import { createRedactor, type Redactor } from '../transport/redact';
import { createProviderClient, type ProviderClient } from '../transport/client';
import { requestProblem } from '../providers/requestRules';
import type { OperationId, ProviderAdapter, SubmitOperationId, VideoRequest } from '../providers/types';
import { labelsOf, parameterError } from '../operations/shared/parameters';
import { baseUrlProblem } from '../../../credentials/baseUrl';
import { findProvider } from '../providers';
import { getTask, operationProperties, operationReaders } from '../operations/index';
import { readLimits, readSettings } from './plan/settings';
import { runJob, type Job, type JobOutcome, type RunEnv } from './item';
import { runPlace } from './admit/itemPlace';
import { clientTaskIdOf } from './admit/clientTaskId';

const REQUEST_TIMEOUT_MS = 60_000;
const PARAMETER_LABELS = labelsOf(operationProperties);
/** Downloads stream to n8n's binary data; a few at once keep memory and bandwidth flat for any item count. */
const MAX_DOWNLOADS_AT_ONCE = 4;

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

	const cancel = new CancelHub(this.getExecutionCancelSignal?.());
	const { client, redactor } = await openClient(this, provider, cancel);
	const limits = readLimits(this);
	let firstFailure: NodeFailure | undefined;
	const place = runPlace(this);
	const env: RunEnv = {
		ctx: this,
		labelOf: (field: string) => {
			const name = field.split('.').filter((part) => !/^\d+$/.test(part)).pop() ?? field;
			const own = operation === 'getTask' ? undefined : operationReaders[operation]?.labels[name];
			return own ?? PARAMETER_LABELS[name] ?? name;
		},
		provider,
		client,
		clock: realClock,
		cancel,
		slots: new TaskSlots(realClock, limits.maxRunningTasks),
		submitLimiter: createLimiter(limits.concurrency),
		downloadLimiter: createLimiter(MAX_DOWNLOADS_AT_ONCE),
		clientTaskIdOf: place ? (itemIndex) => clientTaskIdOf({ ...place, itemIndex }) : undefined,
		// Without Continue On Fail the node fails on the first failed item: nothing new starts, the rest stops.
		onItemFailed: (failure) => {
			if (continueOnFail || firstFailure) return;
			firstFailure = failure;
			cancel.cancel();
		},
	};

	const outcomes = await Promise.all(planned.map(async (entry) => ('ok' in entry ? entry : await runJob(env, entry))));

	// The last line of defence: whatever a message or an answer picked up, no credential value leaves.
	if (firstFailure) throw redactFailure(withOtherTasks(firstFailure, outcomes), redactor);
	return [
		outcomes.map((outcome) =>
			outcome.ok
				? { ...outcome.item, json: redactor.json(outcome.item.json) }
				: {
						json: redactor.json(failureJson(outcome.error, { provider: provider.id, operation })),
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
	return { itemIndex, operation, settings, request: readRequest(ctx, provider, operation, itemIndex) };
}

/**
 * One item's request, read and checked: the operation's schema, then every field the user set against
 * what the provider sends (nothing is dropped without a word), then the provider's own rules.
 */
export function readRequest(ctx: IExecuteFunctions, provider: ProviderAdapter, operation: SubmitOperationId, itemIndex: number): VideoRequest {
	const reader = operationReaders[operation];
	if (!reader) throw new NodeOperationError(ctx.getNode(), `Unknown operation "${operation}"`, { itemIndex });
	const request = reader.read(ctx, itemIndex, provider);
	const problem = requestProblem(provider, request) ?? provider.checkRequest?.(request);
	if (problem) throw parameterError(ctx, reader.labels[problem.parameter] ?? problem.parameter, problem.message, itemIndex);
	return request;
}

async function openClient(
	ctx: IExecuteFunctions,
	provider: ProviderAdapter,
	cancel: CancelHub,
): Promise<{ client: ProviderClient; redactor: Redactor }> {
	const credentials: ICredentialDataDecryptedObject = await ctx.getCredentials(provider.credentialName);
	const problem = baseUrlProblem(String(credentials.baseUrl ?? '').trim());
	if (problem) {
		throw new NodeOperationError(ctx.getNode(), `The ${provider.displayName} credential's Base URL is refused: ${problem}`, {
			description: 'Fix Base URL in the credential (the provider default works unless you use a proxy); nothing was sent.',
		});
	}
	const baseUrl = String(credentials.baseUrl).trim().replace(/\/+$/, '');
	const redactor = createRedactor(
		Object.entries(credentials)
			.filter(([key, value]) => key !== 'baseUrl' && typeof value === 'string')
			.map(([, value]) => value as string),
	);
	const client = createProviderClient(ctx, provider, { baseUrl, cancel, clock: realClock, timeoutMs: REQUEST_TIMEOUT_MS, redactor });
	return { client, redactor };
}

function redactFailure(failure: NodeFailure, redactor: Redactor): NodeFailure {
	failure.message = redactor.text(failure.message);
	if (failure.description) failure.description = redactor.text(failure.description);
	if (failure instanceof NodeApiError) failure.messages = failure.messages.map(redactor.text);
	return failure;
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
