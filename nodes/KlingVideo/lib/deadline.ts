// An overall time limit for one piece of work (an HTTP call, a download): an AbortSignal that aborts
// when the work's parent is cancelled or when its time is up, whatever the remote side does. An idle
// timeout alone is not enough: a server that sends one byte now and then never trips it.

import { CancelHub, type CancelToken } from './cancel';
import type { Clock } from './clock';

export interface Deadline {
	/** Aborts on the parent's cancel or when the time is up. */
	readonly signal: AbortSignal;
	/** Whether the time ran out (as opposed to a cancel from the parent). */
	readonly expired: boolean;
	/** The work is over: stops the timer and lets go of the parent. */
	end(): void;
}

export function startDeadline(
	clock: Clock,
	ms: number,
	parent?: CancelToken | AbortSignal,
): Deadline {
	const work = new CancelHub(parent);
	const timer = new CancelHub();
	let expired = false;
	const signal = work.toSignal();
	void clock.sleep(Math.max(0, ms), timer).then(() => {
		if (timer.aborted || work.aborted) return;
		expired = true;
		work.cancel();
	});
	return {
		signal,
		get expired() {
			return expired;
		},
		end() {
			timer.cancel();
			work.release();
		},
	};
}
