// A task answer of Kling AI's legacy design ({data: {task_status, task_result.videos, ...}}); read by the
// legacy adapter, and by the current one for a legacy task id (Get Task with an API key).

import { asNumber, asObject, asText, pick, urlEntries } from '../../lib/json';
import type { NormalizedTask, TaskVideo } from '../types';
import { statusFromWord } from './statusWords';

export function parseLegacyTask(body: unknown, taskId: string): NormalizedTask {
	const raw = asObject(body) ?? {};
	const data = asObject(raw.data) ?? {};
	const videos: TaskVideo[] = urlEntries(pick(data, 'task_result.videos'));
	let status = statusFromWord(asText(data.task_status));
	if (status === 'completed' && videos.length === 0) status = 'processing';
	const reason = asText(data.task_status_msg);
	const task: NormalizedTask = {
		id: taskId,
		status,
		model: asText(data.model_name),
		videos,
		error: status === 'failed' ? { message: reason ?? 'no reason given' } : undefined,
		raw,
	};
	// The units the task took from a resource pack, where the answer says (UNVERIFIED field name).
	const units = asNumber(data.final_unit_deduction);
	if (units !== undefined) task.cost = { amount: units, unit: 'units' };
	return task;
}
