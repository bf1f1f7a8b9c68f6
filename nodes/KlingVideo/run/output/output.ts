// Stage 4, the one place that shapes what an item puts out: the task's JSON (the public contract in
// docs/architecture.md, the same fields for every provider) with the video as binary data, or an error item.

import { NodeApiError, type IDataObject, type INodeExecutionData } from 'n8n-workflow';

import { requestedModel } from '../../providers/requestRules';
import type { NormalizedTask, ProviderAdapter } from '../../providers/types';
import type { OperationId } from '../../request/operations';
import type { ItemOutcome, ItemRun, ResultContext } from '../context';
import { httpStatusCode, type NodeFailure } from '../errors';
import { storageWarning } from './storageWarning';

/** `requestedModel`: what the request asked for, the fallback when the provider's answer names no model. */
export function taskJson(
	provider: ProviderAdapter,
	operation: OperationId,
	requestedModel: string | undefined,
	task: NormalizedTask,
): IDataObject {
	const json: IDataObject = {
		provider: provider.id,
		operation,
		// The model the provider says it used (seeds 000-002 document it), else the one asked for.
		model: task.model ?? requestedModel ?? null,
		taskId: task.id,
		status: task.status,
	};
	if (task.progress !== undefined) json.progress = task.progress;
	if (operation === 'createVoice' || (task.voiceId !== undefined && task.videos.length === 0)) {
		json.voiceId = task.voiceId ?? null;
	} else {
		json.videoUrl = task.videos[0]?.url ?? null;
		json.videos = task.videos;
	}
	if (task.expiresAt !== undefined) json.expiresAt = task.expiresAt;
	if (task.cost !== undefined) json.cost = task.cost;
	json.raw = keptRaw(task.raw);
	return json;
}

/** The most of a provider's answer that `raw` keeps whole; the answers the node reads are a few KB. */
export const MAX_RAW_CHARACTERS = 65_536;

/** The answer as `raw`, when it is small enough to carry through a workflow (and its run data). */
function keptRaw(raw: IDataObject): IDataObject {
	const size = JSON.stringify(raw).length;
	if (size <= MAX_RAW_CHARACTERS) return raw;
	return {
		cut: `The provider's answer was ${Math.ceil(size / 1024)} KB; raw keeps answers up to ${MAX_RAW_CHARACTERS / 1024} KB. The fields above were read from it.`,
	};
}

/** The output item of an item whose task ended (or was left running at Max Wait). */
export function outputItem(run: ResultContext, item: ItemRun): INodeExecutionData {
	const { job } = item;
	const model = job.request ? requestedModel(run.provider, job.request) : item.model;
	const json = taskJson(run.provider, job.operation, model, item.task as NormalizedTask);
	if (item.clientTaskId) json.clientTaskId = item.clientTaskId;
	if (item.timedOut) json.timedOut = true;
	json.timing = item.timing;
	const output: INodeExecutionData = { json, pairedItem: { item: job.itemIndex } };
	if (item.video) {
		output.binary = { [job.settings.binaryPropertyName]: item.video };
		const warning = storageWarning(item.video);
		if (warning) {
			json.warning = warning;
			run.ctx.logger?.warn(
				`Kling Video: ${warning} (task ${item.task?.id}, item ${job.itemIndex})`,
			);
		}
	}
	return output;
}

/** The JSON of an error item under Continue On Fail. */
export function failureJson(error: NodeFailure, base: IDataObject): IDataObject {
	const json: IDataObject = { error: error.message, ...base };
	if (error.description) json.description = error.description;
	// Only a real HTTP status: never a task status or a provider's own code.
	const httpCode = error instanceof NodeApiError ? httpStatusCode(error.httpCode) : undefined;
	if (httpCode) json.httpCode = httpCode;
	if (typeof error.context.taskId === 'string') json.taskId = error.context.taskId;
	if (typeof error.context.taskStatus === 'string') json.taskStatus = error.context.taskStatus;
	if (typeof error.context.providerCode === 'string')
		json.providerCode = error.context.providerCode;
	return json;
}

/** An error item under Continue On Fail: one output item for its input item, as for every other. */
export function errorItem(
	error: NodeFailure,
	base: IDataObject,
	itemIndex: number,
): INodeExecutionData {
	return { json: failureJson(error, base), pairedItem: { item: itemIndex } };
}

/** The output item of an item's outcome: its result, or its error item. */
export function outcomeItem(outcome: ItemOutcome, base: IDataObject): INodeExecutionData {
	return outcome.ok ? outcome.item : errorItem(outcome.error, base, outcome.itemIndex);
}
