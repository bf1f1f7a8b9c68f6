// The time that the simulators, the in-process n8n harness and the node under test share. Real time by
// default (the demo, the dev editor, the bench). `speedUp(factor)` makes it run `factor` times faster,
// so that node-level tests, which wait for renders, polls, backoffs and deadlines, take a fraction of
// their real time while every HTTP exchange stays real: the simulators schedule their renders and
// callbacks on this clock and the node is given it (run/execute.ts Services), so all sides agree on
// what a second is. Timing rules themselves are tested exactly on virtual time (test/unit/virtualClock.ts).
import type { CancelToken } from '../nodes/KlingVideo/lib/cancel';
import type { Clock } from '../nodes/KlingVideo/lib/clock';

class ScaledClock implements Clock {
	private readonly origin = Date.now();
	constructor(readonly factor: number) {}

	now(): number {
		return this.origin + (Date.now() - this.origin) * this.factor;
	}

	async sleep(ms: number, cancel?: CancelToken): Promise<void> {
		if (!(ms > 0) || cancel?.aborted) return;
		await new Promise<void>((resolve) => {
			let stop = () => {};
			const timer = setTimeout(done, Math.min(2_000_000_000, ms / this.factor));
			stop = cancel?.onCancel(done) ?? stop;
			function done() {
				clearTimeout(timer);
				stop();
				resolve();
			}
		});
	}
}

let current = new ScaledClock(1);

/** The shared clock; what `speedUp` set, else real time. */
export const toolClock: Clock & { readonly factor: number } = {
	now: () => current.now(),
	sleep: async (ms, cancel) => await current.sleep(ms, cancel),
	get factor() {
		return current.factor;
	},
};

/** From now on, time runs `factor` times faster for everything that uses toolClock. */
export function speedUp(factor: number): void {
	if (!(factor >= 1)) throw new Error(`speedUp needs a factor of 1 or more, not ${factor}`);
	current = new ScaledClock(factor);
}

/** A timer on the shared clock that may be left running (it never holds the process open). */
export function after(ms: number, action: () => void): void {
	const timer = setTimeout(action, Math.max(0, ms / current.factor));
	timer.unref();
}
