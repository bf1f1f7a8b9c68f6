// The node's execute(): read and check every item first (a bad item fails before anything is sent),
// run all items together under the run's limits, and emit exactly one output item per input item, in
// input order, each with pairedItem. Without Continue On Fail the first failed item fails the node.

import {
	NodeApiError,
	NodeOperationError,
	type ICredentialDataDecryptedObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { CancelHub } from '../lib/cancel';
import { realClock, type Clock } from '../lib/clock';
import { createLimiter } from '../lib/limiter';
import { findProvider } from '../providers';
import type { OperationId } from '../request/operations';
import type { Redactor } from '../transport/redact';
import { runPlace } from './admit/clientTaskId';
import { openSession } from './session';
import { TaskSlots } from './admit/slots';
import type { ItemOutcome, RunContext } from './context';
import { toNodeFailure, type NodeFailure } from './errors';
import { runItem } from './item';
import { outcomeItem } from './output/output';
import { planJob, type Job } from './plan/plan';
import { readLimits, readWaitMode } from './plan/settings';
import { parkRun } from './park/park';
import { StatusBatch } from './wait/statusBatch';

/** Downloads stream to n8n's binary data; a few at once keep memory and bandwidth flat for any item count. */
const MAX_DOWNLOADS_AT_ONCE = 4;

/** What the node runs on; tests give it a faster clock. */
export interface Services {
	clock: Clock;
}

export async function executeNode(
	ctx: IExecuteFunctions,
	services: Services = { clock: realClock },
): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const providerId = ctx.getNodeParameter('provider', 0) as string;
	const registered = findProvider(providerId);
	if (!registered) throw new NodeOperationError(ctx.getNode(), `Unknown provider "${providerId}"`);
	const credentials: ICredentialDataDecryptedObject = await ctx.getCredentials(
		registered.credentialName,
	);
	// A provider with more than one API design speaks the one its credential is for (Kling AI).
	const provider = registered.forCredentials?.(credentials) ?? registered;
	const operation = ctx.getNodeParameter('operation', 0) as OperationId;
	const continueOnFail = ctx.continueOnFail();

	const planned: Array<Job | ItemOutcome> = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			planned.push(planJob(ctx, provider, operation, itemIndex));
		} catch (error) {
			const failure = toNodeFailure(error, {
				node: ctx.getNode(),
				provider,
				itemIndex,
				phase: 'read',
			});
			if (!continueOnFail) throw failure;
			planned.push({ itemIndex, ok: false, error: failure });
		}
	}

	const { clock } = services;
	const cancel = new CancelHub(ctx.getExecutionCancelSignal?.());
	const { client, redactor, baseUrl } = openSession(ctx, provider, credentials, cancel, clock);
	const limits = readLimits(ctx);
	let firstFailure: NodeFailure | undefined;
	const run: RunContext = {
		ctx,
		provider,
		client,
		clock,
		cancel,
		slots: new TaskSlots(clock, limits.maxRunningTasks),
		limiters: {
			submits: createLimiter(limits.concurrency),
			downloads: createLimiter(MAX_DOWNLOADS_AT_ONCE),
		},
		statusBatch: provider.buildStatusBatch
			? new StatusBatch(client, provider, provider.buildStatusBatch, clock, cancel)
			: undefined,
		place: runPlace(ctx),
		// Without Continue On Fail the node fails on the first failed item: nothing new starts, the rest stops.
		onItemFailed: (failure) => {
			if (continueOnFail || firstFailure) return;
			firstFailure = failure;
			cancel.cancel();
		},
	};

	let outcomes: ItemOutcome[];
	const parks = readWaitMode(ctx) === 'park' && planned.some((entry) => isWaitingJob(entry));
	if (parks) {
		const result = await parkRun(
			{ run, operation, baseUrl, continueOnFail, redact: (item) => redacted(item, redactor) },
			planned,
		);
		if ('parked' in result) return [result.parked];
		outcomes = result.outcomes;
	} else {
		outcomes = await Promise.all(
			planned.map(async (entry) => ('ok' in entry ? entry : await runItem(run, entry))),
		);
	}

	// The last line of defence: whatever a message or an answer picked up, no credential value leaves.
	if (firstFailure) throw redactFailure(withOtherTasks(firstFailure, outcomes), redactor);
	return [
		outcomes.map((outcome) =>
			redacted(outcomeItem(outcome, { provider: provider.id, operation }), redactor),
		),
	];
}

const isWaitingJob = (entry: Job | ItemOutcome): boolean => !('ok' in entry) && entry.settings.wait;

/** The last line of defence: whatever a message or an answer picked up, no credential value leaves. */
function redacted(item: INodeExecutionData, redactor: Redactor): INodeExecutionData {
	return { ...item, json: redactor.json(item.json) };
}

function redactFailure(failure: NodeFailure, redactor: Redactor): NodeFailure {
	failure.message = redactor.text(failure.message);
	if (failure.description) failure.description = redactor.text(failure.description);
	if (failure instanceof NodeApiError) failure.messages = failure.messages.map(redactor.text);
	return failure;
}

/** So that nothing is lost when one item fails the node: the other items' task ids, to pick up later. */
function withOtherTasks(failure: NodeFailure, outcomes: ItemOutcome[]): NodeFailure {
	const failedItem = failure.context.itemIndex;
	const others = outcomes
		.filter((outcome) => outcome.itemIndex !== failedItem && outcome.taskId)
		.map((outcome) => `item ${outcome.itemIndex}: ${outcome.taskId}`);
	if (others.length > 0) {
		const list = others.join(', ');
		failure.description =
			`${failure.description ?? ''} Tasks already submitted for other items (use Get Task to collect them): ${list}.`.trim();
	}
	return failure;
}
