// What a parked run leaves for its callbacks, in the node's context (saved with the execution; n8n does
// not run execute() again, and webhook() reads the context back through an expression). Read back
// untrusted: a state of another version or shape means "nothing parked here".

import type { IDataObject, IExecuteFunctions, IWebhookFunctions } from 'n8n-workflow';
import { z } from 'zod';

import { OPERATION_ORDER, type OperationId } from '../../request/operations';

export const PARK_STATE_KEY = 'klingVideoPark';

const settingsSchema = z.object({
	wait: z.boolean(),
	clientTaskId: z.boolean(),
	callbackUrl: z.string().optional(),
	maxWaitMinutes: z.number(),
	onTimeout: z.enum(['fail', 'output']),
	maxQueueMinutes: z.number(),
	pollIntervalSeconds: z.number(),
	download: z.boolean(),
	binaryPropertyName: z.string(),
	downloadTimeoutMinutes: z.number(),
	maxVideoMegabytes: z.number(),
});

/** A task the callbacks wait for: what its output item needs besides the task itself. */
const parkedTaskSchema = z.object({
	taskId: z.string().min(1),
	clientTaskId: z.string().optional(),
	model: z.string().optional(),
	startedAt: z.number(),
	timing: z.object({
		queuedMs: z.number(),
		statusChecks: z.number(),
		refusedSubmits: z.number(),
	}),
	settings: settingsSchema,
});

/** One input item: its task, or the output item decided before the park (failed under Continue On Fail). */
const parkedItemSchema = z.object({
	itemIndex: z.number().int().min(0),
	task: parkedTaskSchema.optional(),
	output: z.record(z.string(), z.unknown()).optional(),
});

const parkStateSchema = z.object({
	v: z.literal(1),
	tokenHash: z.string().regex(/^[0-9a-f]{64}$/),
	/** When n8n resumes the execution by itself (ms since the epoch). */
	deadline: z.number(),
	operation: z.enum(OPERATION_ORDER as [OperationId, ...OperationId[]]),
	items: z.array(parkedItemSchema).max(100_000),
});

export type ParkState = z.infer<typeof parkStateSchema>;
export type ParkedItem = z.infer<typeof parkedItemSchema>;
export type ParkedTask = z.infer<typeof parkedTaskSchema>;

export function saveParkState(ctx: IExecuteFunctions, state: ParkState): void {
	ctx.getContext('node')[PARK_STATE_KEY] = state as unknown as IDataObject;
}

/** The state the waiting node left, or undefined when there is none (or none this code can read). */
export function readParkState(ctx: IWebhookFunctions): ParkState | undefined {
	const node = JSON.stringify(ctx.getNode().name);
	const text = ctx.evaluateExpression(
		`{{ JSON.stringify($node[${node}].context[${JSON.stringify(PARK_STATE_KEY)}] ?? null) }}`,
	);
	if (typeof text !== 'string') return undefined;
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		return undefined;
	}
	const parsed = parkStateSchema.safeParse(value);
	return parsed.success ? parsed.data : undefined;
}
