// The client task id sent with a task (Kling AI external_task_id, ToAPIs client_business_id). It is
// derived from where the item runs, not drawn at random: when n8n runs the same execution again (a queue
// worker died and n8n 1.x hands the job to another one), the same item gets the same id, so the task it
// already paid for is looked up and waited for instead of submitted twice.

import { createHash, randomUUID } from 'crypto';
import type { IExecuteFunctions } from 'n8n-workflow';

import { safely } from '../../lib/attempt';

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

/** The place of the whole run; each item adds its index. */
export type RunPlace = Omit<ItemPlace, 'itemIndex'>;

/** The client task id to send: `derived` ones are the same when n8n runs the execution again. */
export interface ClientTaskId {
	id: string;
	derived: boolean;
}

/** "n8n-" and 36 hex digits: as long as a random UUID id, and the same for the same place every time. */
export function clientTaskIdOf(place: ItemPlace): string {
	const key = [
		place.instanceId,
		place.workflowId,
		place.executionId,
		place.nodeId,
		place.runIndex,
		place.itemIndex,
	].join('\n');
	return `n8n-${createHash('sha256').update(key).digest('hex').slice(0, 36)}`;
}

/** A random id, for a place n8n does not tell, or for a new task after an earlier one failed. */
export const freshClientTaskId = (): string => `n8n-${randomUUID()}`;

/** The item's id: derived from its place where n8n gives one, else random. */
export function clientTaskIdFor(place: RunPlace | undefined, itemIndex: number): ClientTaskId {
	return place
		? { id: clientTaskIdOf({ ...place, itemIndex }), derived: true }
		: { id: freshClientTaskId(), derived: false };
}

/** Where this run of the node is; undefined where n8n gives no execution id (then ids are random). */
export function runPlace(ctx: IExecuteFunctions): RunPlace | undefined {
	const executionId = safely(() => ctx.getExecutionId());
	if (!executionId) return undefined;
	return {
		instanceId: safely(() => ctx.getInstanceId()) ?? '',
		workflowId: String(safely(() => ctx.getWorkflow().id) ?? ''),
		executionId: String(executionId),
		nodeId: ctx.getNode().id ?? ctx.getNode().name,
		runIndex: Number(safely(() => ctx.getWorkflowDataProxy(0).$runIndex) ?? 0) || 0,
	};
}
