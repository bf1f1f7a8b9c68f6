// A clock with real concurrency and virtual time: every sleep is a timer in a queue, and `run` moves
// time to the next timer only when everything else has settled. Unlike FakeClock (one sleeper at a
// time), many waiters share it, so rules between items (slots, queues, deadlines) are tested exactly.
import type { CancelToken } from '../../nodes/KlingVideo/lib/cancel';
import type { Clock } from '../../nodes/KlingVideo/lib/clock';

interface Timer {
	at: number;
	seq: number;
	fire(): void;
}

export class VirtualClock implements Clock {
	private timers: Timer[] = [];
	private seq = 0;
	constructor(public time = 0) {}

	now(): number {
		return this.time;
	}

	/** Timers still set (a cancelled or finished wait must leave none behind). */
	get pendingTimers(): number {
		return this.timers.length;
	}

	async sleep(ms: number, cancel?: CancelToken): Promise<void> {
		if (ms <= 0 || cancel?.aborted) return;
		await new Promise<void>((resolve) => {
			const timer: Timer = { at: this.time + ms, seq: this.seq++, fire: () => {} };
			const stop = cancel?.onCancel(() => {
				this.timers = this.timers.filter((entry) => entry !== timer);
				resolve();
			});
			timer.fire = () => {
				stop?.();
				resolve();
			};
			this.timers.push(timer);
		});
	}

	/** Lets every pending promise chain run (the code under test reacts before time moves on). */
	async settle(): Promise<void> {
		for (let round = 0; round < 10; round++) await new Promise((resolve) => setImmediate(resolve));
	}

	/** Fires timers in time order until `done()` or no timer is left; returns the time reached. */
	async run(done: () => boolean = () => false, maxTime = Number.MAX_SAFE_INTEGER): Promise<number> {
		await this.settle();
		while (!done() && this.timers.length > 0) {
			this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
			const next = this.timers[0];
			if (next.at > maxTime) break;
			this.timers.shift();
			this.time = Math.max(this.time, next.at);
			next.fire();
			await this.settle();
		}
		return this.time;
	}
}
