// Where the node runs, for ids that must be the same when n8n runs the same execution again.

import type { IExecuteFunctions } from 'n8n-workflow';

import type { ItemPlace } from './clientTaskId';

/** The execution's place of item 0; undefined where n8n gives no execution id (then ids are random). */
export function runPlace(ctx: IExecuteFunctions): Omit<ItemPlace, 'itemIndex'> | undefined {
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

/** A value n8n may not give in every context (tests, older versions), or undefined. */
export function safely<T>(read: () => T): T | undefined {
	try {
		return read();
	} catch {
		return undefined;
	}
}
