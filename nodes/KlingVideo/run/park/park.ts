// Park mode, in execute(): every item is admitted as usual (limits, client task ids), with the node's own
// callback URL; a task that ends while other items still wait for a place is watched so that its place
// frees. Then every task is read once: all over already, and the items finish here. Otherwise the state
// goes into the node's context and the execution pauses until a callback finds every task over
// (resume.ts), or until Max Wait, where n8n passes on the placeholder items: the tasks as they were, with
// timedOut: true (docs/park-and-resume.md).

import { NodeOperationError, type INodeExecutionData } from 'n8n-workflow';

import { attempt, safely } from '../../lib/attempt';
import { CancelHub } from '../../lib/cancel';
import { requestedModel } from '../../providers/requestRules';
import type { OperationId } from '../../request/operations';
import type { ItemOutcome, ItemRun, RunContext } from '../context';
import { finishedOutcome, newItemRun, releaseItem, settled, startTask } from '../item';
import { outcomeItem, outputItem } from '../output/output';
import type { Job } from '../plan/plan';
import { awaitResult, readTask } from '../wait/itemWait';
import { isTerminal } from '../wait/wait';
import { parkCallback } from './callbackUrl';
import { saveParkState, type ParkedItem } from './parkState';
import { parkRefusal } from './refusals';

export type ParkResult = { parked: INodeExecutionData[] } | { outcomes: ItemOutcome[] };

interface ParkRun {
	run: RunContext;
	operation: OperationId;
	baseUrl: string;
	continueOnFail: boolean;
	/** What an output item may carry (no credential value). */
	redact: (item: INodeExecutionData) => INodeExecutionData;
}

/** An item after stage 1: its record, and its failure if it had one. */
interface Started {
	item: ItemRun;
	failure?: ItemOutcome;
}

const isJob = (entry: Job | ItemOutcome): entry is Job => !('ok' in entry);

export async function parkRun(
	park: ParkRun,
	planned: Array<Job | ItemOutcome>,
): Promise<ParkResult> {
	const { run } = park;
	const { ctx, provider } = run;
	const jobs = planned.filter(isJob);
	const resumeUrl = safely(() => ctx.evaluateExpression('{{ $execution.resumeUrl }}', 0));
	const refusal = parkRefusal({
		ctx,
		provider,
		jobs,
		baseUrl: park.baseUrl,
		resumeUrl: typeof resumeUrl === 'string' && resumeUrl !== '' ? resumeUrl : undefined,
	});
	if (refusal)
		throw new NodeOperationError(ctx.getNode(), `The execution cannot pause: ${refusal}`, {
			description:
				'Nothing was sent. Options > While Waiting > Keep the Execution Running works everywhere.',
		});
	const callback = parkCallback(String(resumeUrl), ctx.getNode().id);

	const items = jobs.map((job) =>
		newItemRun(run, { ...job, settings: { ...job.settings, callbackUrl: callback.url } }),
	);
	const allAccepted = new CancelHub();
	let admitting = items.length;
	const started: Started[] = await Promise.all(
		items.map(async (item) => {
			const result = await settled(run, item, async () => {
				try {
					await startTask(run, item);
				} finally {
					if (--admitting === 0) allAccepted.cancel();
				}
				await awaitResult(run, item, allAccepted);
			});
			return { item, failure: result.ok ? undefined : result };
		}),
	);
	try {
		const running = started.filter(({ item, failure }) => !failure && !isTerminal(item.task!));
		// Tasks that ended while the run was admitting (their callbacks found the execution running).
		await Promise.all(running.map(({ item }) => attempt(async () => await readTask(run, item))));

		// The node fails on this item anyway (its error lists the other items' task ids).
		if (!park.continueOnFail && started.some(({ failure }) => failure))
			return { outcomes: mergeOutcomes(planned, started.map(asPlaceholder(run))) };
		// Nothing left to wait for: the items finish here, without a pause.
		if (started.every(({ item, failure }) => failure || isTerminal(item.task!))) {
			const finished = await Promise.all(
				started.map(async ({ item, failure }) => failure ?? (await finishedOutcome(run, item))),
			);
			return { outcomes: mergeOutcomes(planned, finished) };
		}
		return { parked: await pause(park, planned, started, callback.tokenHash) };
	} finally {
		started.forEach(({ item }) => releaseItem(item));
	}
}

/** Saves the state, leaves the placeholders for Max Wait, and pauses the execution. */
async function pause(
	{ run, operation, redact }: ParkRun,
	planned: Array<Job | ItemOutcome>,
	started: Started[],
	tokenHash: string,
): Promise<INodeExecutionData[]> {
	const { ctx, provider } = run;
	const deadline = Math.max(
		...started
			.filter(({ failure }) => !failure)
			.map(({ item }) => item.startedAt + item.job.settings.maxWaitMinutes * 60_000),
	);
	const outcomes = mergeOutcomes(planned, started.map(asPlaceholder(run)));
	const base = { provider: provider.id, operation };
	const itemsByIndex = new Map(started.map(({ item }) => [item.job.itemIndex, item]));
	const placeholders = outcomes.map((outcome) => redact(outcomeItem(outcome, base)));
	saveParkState(ctx, {
		v: 1,
		tokenHash,
		deadline,
		operation,
		items: outcomes.map((outcome, index) =>
			parkedItem(run, outcome, itemsByIndex.get(outcome.itemIndex), placeholders[index]),
		),
	});
	// What n8n passes on if the deadline comes first: the node's input, replaced by the placeholders.
	const executeData = safely(() => ctx.getExecuteData());
	if (executeData?.data?.main) executeData.data.main[0] = placeholders;
	await ctx.putExecutionToWait(new Date(deadline));
	return placeholders;
}

/** An item as it goes out if Max Wait comes first: its task as last read, with timedOut: true. */
const asPlaceholder =
	(run: RunContext) =>
	({ item, failure }: Started): ItemOutcome => {
		if (failure) return failure;
		item.timedOut = true;
		return {
			itemIndex: item.job.itemIndex,
			ok: true,
			item: outputItem(run, item),
			taskId: item.taskId,
		};
	};

/** The run's outcomes in input order: the items read as failed, then the ones this run started. */
function mergeOutcomes(planned: Array<Job | ItemOutcome>, started: ItemOutcome[]): ItemOutcome[] {
	const byIndex = new Map(started.map((outcome) => [outcome.itemIndex, outcome]));
	return planned.map((entry) => (isJob(entry) ? byIndex.get(entry.itemIndex)! : entry));
}

function parkedItem(
	run: RunContext,
	outcome: ItemOutcome,
	item: ItemRun | undefined,
	placeholder: INodeExecutionData,
): ParkedItem {
	// Decided before the park (an item that failed under Continue On Fail): it goes out as it is.
	if (!outcome.ok || !item) return { itemIndex: outcome.itemIndex, output: placeholder.json };
	const { job } = item;
	return {
		itemIndex: job.itemIndex,
		task: {
			taskId: item.taskId!,
			clientTaskId: item.clientTaskId,
			model: job.request ? requestedModel(run.provider, job.request) : undefined,
			startedAt: item.startedAt,
			timing: item.timing,
			// Without the callback URL: the state keeps the token's hash only.
			settings: { ...job.settings, callbackUrl: undefined },
		},
	};
}
