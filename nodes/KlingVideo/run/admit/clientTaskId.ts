// The client task id sent with a task (Kling AI external_task_id, ToAPIs client_business_id). It is
// derived from where the item runs, not drawn at random: when n8n runs the same execution again (a queue
// worker died and n8n 1.x hands the job to another one), the same item gets the same id, so the task it
// already paid for is looked up and waited for instead of submitted twice.

import { createHash } from 'crypto';

export interface ItemPlace {
	/** n8n's instance id: ids stay apart between n8n instances that share a provider account. */
	instanceId: string;
	workflowId: string;
	executionId: string;
	nodeId: string;
	/** The node's run in this execution (a loop runs it more than once). */
	runIndex: number;
	itemIndex: number;
}

/** "n8n-" and 36 hex digits: as long as a random UUID id, and the same for the same place every time. */
export function clientTaskIdOf(place: ItemPlace): string {
	const key = [place.instanceId, place.workflowId, place.executionId, place.nodeId, place.runIndex, place.itemIndex].join('\n');
	return `n8n-${createHash('sha256').update(key).digest('hex').slice(0, 36)}`;
}
