// A clock for the waiter and submit rules: sleeping advances time at once and is recorded, so tests
// check schedules exactly without real waiting.
import type { CancelToken } from '../../nodes/KlingVideo/lib/cancel';
import type { Clock } from '../../nodes/KlingVideo/lib/clock';

export class FakeClock implements Clock {
	readonly sleeps: number[] = [];
	constructor(public time = 1_000_000) {}
	now(): number {
		return this.time;
	}
	async sleep(ms: number, cancel?: CancelToken): Promise<void> {
		if (cancel?.aborted) return;
		this.sleeps.push(ms);
		this.time += ms;
	}
}
