// The output item's JSON (the public contract in DESIGN.md): the same fields for every provider.

import type { IDataObject } from 'n8n-workflow';

import type { NormalizedTask, OperationId, ProviderAdapter } from './types';

export function taskJson(
	provider: ProviderAdapter,
	operation: OperationId,
	model: string | undefined,
	task: NormalizedTask,
): IDataObject {
	const json: IDataObject = {
		provider: provider.id,
		operation,
		model: model ?? task.model ?? null,
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
