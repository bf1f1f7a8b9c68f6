// Slots for tasks running at the provider. Accounts limit how many tasks run at once (Kling's resource
// pack parallelism, a gateway's per-key limit), and say so by refusing a submit. Such a refusal is not a
// failure: the item gives its slot back and waits in line. The window of slots is learned from the
// refusals (it shrinks to what was running when the provider said no, and grows by one after a window's
// worth of accepted submits), or fixed by the user. When none of this execution's tasks runs, someone
// else fills the account: nothing of ours will free a slot, so the line waits out a growing backoff
// (or the provider's Retry-After) and one item probes at a time.

import { CancelHub, type CancelToken } from '../../lib/cancel';
import type { Clock } from '../../lib/clock';

export interface Refusal {
	/** The provider's Retry-After, in ms. */
	retryAfterMs?: number;
	/** The refusal means "too many tasks running" (as opposed to "too many requests per second"). */
	concurrency: boolean;
}

export type Admission = { ok: true; slot: Slot } | { ok: false; reason: 'timeout' | 'cancelled' };

/** Backoff while the account is full with tasks that are not ours. */
export const IDLE_BACKOFF_MS = { first: 5_000, max: 60_000 };
/** After any refusal the line waits at least this long: a Retry-After of 0, below 0 or in the past
 *  must not turn it into a busy loop (at most about one submit a second per item). */
export const MIN_REFUSAL_PAUSE_MS = 1_000;

interface Waiter {
	deadline: number;
	admit(result: Admission): void;
}

export class Slot {
	private state: 'held' | 'running' | 'done' = 'held';
	constructor(private readonly slots: TaskSlots) {}

	/** The provider accepted the task: it now occupies a place in the account until released. */
	accepted(): void {
		if (this.state !== 'held') return;
		this.state = 'running';
		this.slots.onAccepted();
	}

	/** The provider refused for lack of room: the slot goes back, and the window learns from it. */
	refused(refusal: Refusal): void {
		if (this.state !== 'held') return;
		this.state = 'done';
		this.slots.onRefused(refusal);
	}

	/** The task finished, or the item gave up: the place is free for the next in line. */
	release(): void {
		if (this.state === 'done') return;
		const wasRunning = this.state === 'running';
		this.state = 'done';
		this.slots.onReleased(wasRunning);
	}
}

export class TaskSlots {
	private limit: number;
	private held = 0;
	private running = 0;
	private acceptedSinceShrink = 0;
	private idleRefusals = 0;
	private pausedUntil = 0;
	private wake?: CancelHub;
	private readonly line: Waiter[] = [];

	constructor(
		private readonly clock: Clock,
		/** A fixed cap on tasks running at once (the user's Max Running Tasks); undefined: learned. */
		private readonly fixedCap?: number,
	) {
		this.limit = fixedCap ?? Infinity;
	}

	/**
	 * Waits for a slot until `deadline`. `retry`: an item that was just refused goes back to the front
	 * of the line (it has waited longest).
	 */
	async acquire(deadline: number, cancel: CancelToken, retry = false): Promise<Admission> {
		if (cancel.aborted) return { ok: false, reason: 'cancelled' };
		if (deadline <= this.clock.now()) return { ok: false, reason: 'timeout' };
		return await new Promise<Admission>((resolve) => {
			const timer = new CancelHub(cancel);
			const waiter: Waiter = {
				deadline,
				admit: (result) => {
					const index = this.line.indexOf(waiter);
					if (index !== -1) this.line.splice(index, 1);
					if (this.line.length === 0) this.wake?.cancel();
					timer.cancel();
					resolve(result);
				},
			};
			const stopListening = cancel.onCancel(() => waiter.admit({ ok: false, reason: 'cancelled' }));
			void this.clock.sleep(deadline - this.clock.now(), timer).then(() => {
				if (!timer.aborted) waiter.admit({ ok: false, reason: 'timeout' });
				stopListening();
			});
			if (retry) this.line.unshift(waiter);
			else this.line.push(waiter);
			this.pump();
		});
	}

	onAccepted(): void {
		this.running++;
		this.idleRefusals = 0;
		this.acceptedSinceShrink++;
		const ceiling = this.fixedCap ?? Infinity;
		if (
			Number.isFinite(this.limit) &&
			this.limit < ceiling &&
			this.acceptedSinceShrink > this.limit
		) {
			this.limit++;
			this.acceptedSinceShrink = 0;
		}
		this.pump();
	}

	onRefused(refusal: Refusal): void {
		this.held--;
		const now = this.clock.now();
		let pause = Math.max(MIN_REFUSAL_PAUSE_MS, refusal.retryAfterMs ?? 0);
		// Ours at the provider when it said no: the running ones, and those whose answer is still on its way
		// (a refusal can arrive before the acceptance of a submit sent earlier).
		const ours = this.held;
		if (refusal.concurrency) {
			this.limit = Math.max(1, Math.min(this.limit, ours));
			this.acceptedSinceShrink = 0;
		}
		if (ours === 0 || !refusal.concurrency) {
			// Nothing of ours will free a slot (or it is a request-rate limit): wait out time instead.
			this.idleRefusals++;
			const backoff = Math.min(
				IDLE_BACKOFF_MS.max,
				IDLE_BACKOFF_MS.first * 2 ** (this.idleRefusals - 1),
			);
			pause = Math.max(pause, refusal.retryAfterMs === undefined ? backoff : 0);
		}
		this.pausedUntil = Math.max(this.pausedUntil, now + pause);
		this.pump();
	}

	onReleased(wasRunning: boolean): void {
		this.held--;
		if (wasRunning) this.running--;
		this.pump();
	}

	/** Hands free slots to the line, in order; while paused, sets one wake-up for the end of the pause. */
	private pump(): void {
		while (this.line.length > 0 && this.held < this.limit) {
			const now = this.clock.now();
			if (now < this.pausedUntil) {
				this.wakeAt(this.pausedUntil);
				return;
			}
			const waiter = this.line[0];
			this.held++;
			waiter.admit({ ok: true, slot: new Slot(this) });
		}
	}

	private wakeAt(time: number): void {
		if (this.wake) return;
		const wake = new CancelHub();
		this.wake = wake;
		void this.clock.sleep(time - this.clock.now(), wake).then(() => {
			if (this.wake === wake) this.wake = undefined;
			if (!wake.aborted) this.pump();
		});
	}
}
