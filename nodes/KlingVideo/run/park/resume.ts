// Park mode, in webhook(): a provider's callback to a paused execution (in the main or a webhook
// process). A callback only wakes the node up: it counts when its token is this run's (and, with a
// Webhook Secret, its signature verifies), and then the provider is asked for the real status. While a
// task runs, the answer is 200 and the execution stays paused; when all are over, the callback is
// answered at once and the execution resumes with the output items. This never throws: n8n would
// resume the execution with one empty item and drop the earlier nodes' data (docs/park-and-resume.md).

import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { safely } from '../../lib/attempt';
import { CancelHub } from '../../lib/cancel';
import { realClock, type Clock } from '../../lib/clock';
import { startDeadline } from '../../lib/deadline';
import { createLimiter } from '../../lib/limiter';
import { findProvider } from '../../providers';
import type { NormalizedTask, ProviderAdapter } from '../../providers/types';
import type { ResultContext } from '../context';
import { openSession, type Session } from '../session';
import { readStatus } from '../wait/itemWait';
import { StatusBatch } from '../wait/statusBatch';
import { isTerminal } from '../wait/wait';
import { TOKEN_PARAMETER, tokenMatches } from './callbackUrl';
import { readParkState, type ParkState } from './parkState';
import { resumedItems } from './resumedItems';
import { signatureProblem } from './signature';

/**
 * No resume this close to the deadline: n8n arms its own timer for a waiting execution up to 70 s
 * ahead, and that timer would still fire after a resume (on whatever is waiting then).
 */
export const RESUME_CUTOFF_MS = 75_000;
/** The resume's own work (status reads, downloads) ends here, before n8n's timer can be armed. */
const WORK_CUTOFF_MS = 70_000;
/**
 * The status reads a callback sets off end within this, so the provider gets its answer in time (it
 * waits seconds, then calls again), whatever a slow or dripping status answer does.
 */
export const CALLBACK_READ_MS = 30_000;
/** Downloads at once in this process, for every execution it resumes. */
const MAX_DOWNLOADS_AT_ONCE = 4;
/** How long an execution this process resumed stays claimed (n8n 1.x would resume it twice). */
const CLAIM_MS = 10 * 60_000;

const downloads = createLimiter(MAX_DOWNLOADS_AT_ONCE);
const claims = new Map<string, number>();

export interface ResumeServices {
	clock: Clock;
}

export async function resumeNode(
	ctx: IWebhookFunctions,
	services: ResumeServices = { clock: realClock },
): Promise<IWebhookResponseData> {
	const { clock } = services;
	const executionId = String(safely(() => ctx.getExecutionId()) ?? '');
	let claimed = false;
	let resumed = false;
	try {
		const state = readParkState(ctx);
		if (!state || !tokenMatches(ctx.getQueryData()[TOKEN_PARAMETER as never], state.tokenHash))
			return answer(ctx, 403, { received: false, reason: 'not a callback of this run' });
		const registered = findProvider(String(ctx.getNodeParameter('provider', '')));
		if (!registered) return answer(ctx, 200, { received: true, resumed: false });
		const credentials = await ctx.getCredentials(registered.credentialName);
		const secret = String(credentials.webhookSecret ?? '').trim();
		if (secret) {
			const request = ctx.getRequestObject() as unknown as {
				rawBody?: Buffer;
				headers: IDataObject;
			};
			const problem = signatureProblem(
				secret,
				{ headers: request.headers as never, rawBody: request.rawBody },
				clock.now(),
			);
			if (problem) {
				ctx.logger?.warn(
					`Kling Video: a callback was ignored: ${problem} (execution ${executionId})`,
				);
				return answer(ctx, 401, { received: false, reason: 'signature does not verify' });
			}
		}
		if (clock.now() >= state.deadline - RESUME_CUTOFF_MS)
			return answer(ctx, 200, { received: true, resumed: false, reason: 'Max Wait is near' });
		if (isClaimed(executionId, clock.now())) return answer(ctx, 200, { received: true });

		const provider = registered.forCredentials?.(credentials) ?? registered;
		const stopAt = state.deadline - WORK_CUTOFF_MS;
		const cutoff = startDeadline(clock, stopAt - clock.now());
		const cancel = new CancelHub(cutoff.signal);
		try {
			const session = openSession(ctx, provider, credentials, cancel, clock);
			const readUntil = Math.min(stopAt, clock.now() + CALLBACK_READ_MS);
			const tasks = await readTasks(session, provider, state, clock, cancel, readUntil);
			if (!tasks) return answer(ctx, 200, { received: true, resumed: false });
			if (isClaimed(executionId, clock.now())) return answer(ctx, 200, { received: true });
			claims.set(executionId, clock.now());
			claimed = true;
			// Answered before the downloads: a provider waits seconds at most, and may call again.
			answer(ctx, 200, { received: true, resumed: true });
			const result: ResultContext = {
				ctx,
				provider,
				client: session.client,
				clock,
				cancel,
				limiters: { downloads },
			};
			const items = await resumedItems(result, state.operation, state.items, tasks, cancel);
			if (cancel.aborted) {
				ctx.logger?.warn(
					`Kling Video: execution ${executionId} was not resumed: its downloads ran into Max Wait; it resumes there with the task ids`,
				);
				return { noWebhookResponse: true };
			}
			resumed = true;
			return {
				noWebhookResponse: true,
				workflowData: [items.map((item) => ({ ...item, json: session.redactor.json(item.json) }))],
			};
		} finally {
			cutoff.end();
			cancel.release();
		}
	} catch (error) {
		ctx.logger?.warn(
			`Kling Video: a callback for execution ${executionId} could not be handled; the execution stays paused (${
				error instanceof Error ? error.message : String(error)
			})`,
		);
		return ctx.getResponseObject().headersSent
			? { noWebhookResponse: true }
			: answer(ctx, 200, { received: true, resumed: false });
	} finally {
		if (claimed && !resumed) claims.delete(executionId);
	}
}

/** Every task's status, or undefined while one still runs (or cannot be read now). */
async function readTasks(
	session: Session,
	provider: ProviderAdapter,
	state: ParkState,
	clock: Clock,
	cancel: CancelHub,
	deadline: number,
): Promise<Map<string, NormalizedTask> | undefined> {
	const ids = state.items.flatMap(({ task }) => (task ? [task.taskId] : []));
	const reader = {
		client: session.client,
		provider,
		statusBatch: provider.buildStatusBatch
			? new StatusBatch(session.client, provider, provider.buildStatusBatch, clock, cancel)
			: undefined,
	};
	const tasks = new Map<string, NormalizedTask>();
	const limits = { deadline, cancel };
	if (reader.statusBatch) {
		// One request for all of them (Kling AI's current design).
		const read = await Promise.allSettled(
			ids.map(async (id) => await readStatus(reader, id, limits)),
		);
		for (const [index, entry] of read.entries()) {
			if (entry.status === 'rejected' || !isTerminal(entry.value)) return undefined;
			tasks.set(ids[index], entry.value);
		}
		return tasks;
	}
	// One by one, stopping at the first that still runs: most callbacks find one.
	for (const id of ids) {
		const task = await readStatus(reader, id, limits).catch(() => undefined);
		if (!task || !isTerminal(task)) return undefined;
		tasks.set(id, task);
	}
	return tasks;
}

function isClaimed(executionId: string, now: number): boolean {
	for (const [id, at] of claims) if (now - at > CLAIM_MS) claims.delete(id);
	return claims.has(executionId);
}

/** Answers the callback itself; no resume. */
function answer(ctx: IWebhookFunctions, status: number, body: IDataObject): IWebhookResponseData {
	const response = ctx.getResponseObject();
	if (!response.headersSent) response.status(status).json(body);
	return { noWebhookResponse: true };
}
