// One status request for many tasks, where the provider reads tasks together (Kling AI's current
// design: GET /tasks?task_ids=a,b,c). Every item still polls on its own schedule; a read waits a moment
// for others to join, then one request asks for every task of the run still being waited on, and an
// item whose turn comes shortly after takes that answer instead of asking again. So 50 items cost about
// as many status requests as one. A task missing from an answer is asked about again, never taken as
// done (the adapter's parseTask says so).

import { attempt, safely } from '../../lib/attempt';
import { CancelHub, type CancelToken } from '../../lib/cancel';
import type { Clock } from '../../lib/clock';
import type { NormalizedTask, ProviderAdapter } from '../../providers/types';
import { cancelledCall, ProviderCallError } from '../../transport/callError';
import type { ProviderClient } from '../../transport/client';
import type { HttpCall } from '../../transport/http';

/** How long a read waits for other items' reads to join the same request. */
export const JOIN_MS = 200;
/** How old an answer an item takes instead of asking again (its schedule's floor is 1-5 s). */
export const SHARED_ANSWER_MS = 5_000;

interface Reader {
	id: string;
	deadline: number;
	resolve(body: unknown): void;
	reject(error: unknown): void;
}

export class StatusBatch {
	private readonly watched = new Set<string>();
	/** The last answer that listed each task, when it came, and whether the item has read it already. */
	private readonly latest = new Map<string, { body: unknown; at: number; taken: boolean }>();
	private queue: Reader[] = [];
	private flushing = false;

	constructor(
		private readonly client: ProviderClient,
		private readonly provider: ProviderAdapter,
		/** The provider's request for several tasks (buildStatusBatch). */
		private readonly buildBatch: (taskIds: string[]) => HttpCall,
		private readonly clock: Clock,
		private readonly cancel: CancelToken,
	) {}

	/** The task's status, from a request shared with the run's other tasks. */
	async read(
		id: string,
		limits: { deadline: number; cancel?: CancelToken },
	): Promise<NormalizedTask> {
		this.watched.add(id);
		const fresh = this.latest.get(id);
		if (fresh && !fresh.taken && this.clock.now() - fresh.at <= SHARED_ANSWER_MS) {
			fresh.taken = true;
			return this.provider.parseTask(fresh.body, id);
		}
		let stopListening = () => {};
		// The item's own limits end its read (the shared request goes on for the others): its cancel at
		// once, and its Max Wait, which a request shared with later deadlines must not stretch.
		const timer = new CancelHub(this.cancel);
		const body = await new Promise<unknown>((resolve, reject) => {
			this.queue.push({ id, deadline: limits.deadline, resolve, reject });
			stopListening = limits.cancel?.onCancel(() => reject(cancelledCall())) ?? stopListening;
			void this.clock.sleep(limits.deadline - this.clock.now(), timer).then(() => {
				if (!timer.aborted)
					reject(
						new ProviderCallError(`${this.provider.displayName} did not answer within Max Wait`, {
							delivery: 'unknown',
							networkCode: 'ETIMEDOUT',
						}),
					);
			});
			if (!this.flushing) void this.flush();
		}).finally(() => {
			stopListening();
			timer.cancel();
		});
		const entry = this.latest.get(id);
		if (entry) entry.taken = true;
		return this.provider.parseTask(body, id);
	}

	/** The task is over (or its item stopped): it is no longer asked about. */
	forget(id: string): void {
		this.watched.delete(id);
		this.latest.delete(id);
	}

	private async flush(): Promise<void> {
		this.flushing = true;
		await this.clock.sleep(JOIN_MS, this.cancel);
		const readers = this.queue;
		this.queue = [];
		this.flushing = false;
		if (this.cancel.aborted) return readers.forEach((reader) => reader.reject(cancelledCall()));
		const asked = [...new Set([...readers.map((reader) => reader.id), ...this.watched])];
		const size = this.provider.maxStatusBatch ?? 50;
		const chunks: string[][] = [];
		for (let start = 0; start < asked.length; start += size)
			chunks.push(asked.slice(start, start + size));
		// Side by side: a slow chunk does not hold the readers of the next.
		await Promise.all(chunks.map(async (ids) => await this.ask(ids, readers)));
	}

	/** One request for these ids, answering their readers and keeping the answer for the others. */
	private async ask(ids: string[], readers: Reader[]): Promise<void> {
		const mine = readers.filter((reader) => ids.includes(reader.id));
		const deadline = Math.max(this.clock.now(), ...mine.map((reader) => reader.deadline));
		const answer = await attempt(async () =>
			this.client.call(this.buildBatch(ids), { deadline, cancel: this.cancel }),
		);
		if (!answer.ok) {
			// One id the provider refuses must not fail the others: a refused list is asked one by one.
			const refused = answer.error instanceof ProviderCallError && !answer.error.pollRetryable;
			if (refused && ids.length > 1 && !this.cancel.aborted) {
				await Promise.all(mine.map(async (reader) => await this.ask([reader.id], [reader])));
			} else for (const reader of mine) reader.reject(answer.error);
			return;
		}
		const at = this.clock.now();
		for (const reader of mine) reader.resolve(answer.value);
		// The answer counts for every task it lists, so that their items need not ask again.
		for (const id of ids) {
			if (!this.watched.has(id) || !safely(() => this.provider.parseTask(answer.value, id)))
				continue;
			this.latest.set(id, { body: answer.value, at, taken: false });
		}
	}
}
