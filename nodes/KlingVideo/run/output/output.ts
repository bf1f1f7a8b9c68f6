// The output item's JSON (the public contract in DESIGN.md): the same fields for every provider.

import type { IDataObject } from 'n8n-workflow';

import type { NormalizedTask, OperationId, ProviderAdapter } from '../../providers/types';

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
	json.raw = task.raw;
	return json;
}
