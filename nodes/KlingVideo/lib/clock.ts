// The real clock for the engine. Delays come from n8n-workflow's `sleep` (community nodes may not use
// timers directly; sleepWithAbort is gone from current n8n-workflow). Two rules make every wait safe:
// - a long wait is a loop of short timers, so no timer outlives its wait by more than one step, and a
//   huge Max Wait or Retry-After can never overflow a timer (which would fire at once, in a busy loop);
// - the step's timer gets an AbortSignal: n8n-workflow 2.x clears it when the wait ends early, and on
//   1.x (whose sleep ignores the signal) the step ends by itself within TIMER_STEP_MS.

import { sleep } from 'n8n-workflow';

import type { CancelToken } from './cancel';

/** The longest single timer the engine starts. */
export const TIMER_STEP_MS = 30_000;
/** Any requested delay is clamped to this (about 24 days: no wait in the node is ever longer). */
export const MAX_DELAY_MS = 2_000_000_000;

export function clampDelay(ms: number): number {
	if (!Number.isFinite(ms)) return ms > 0 ? MAX_DELAY_MS : 0;
	return Math.min(MAX_DELAY_MS, Math.max(0, ms));
}

async function step(ms: number, cancel: CancelToken | undefined): Promise<void> {
	const controller = new AbortController();
	let unsubscribe = () => {};
	const cancelled = new Promise<void>((resolve) => {
		unsubscribe =
			cancel?.onCancel(() => {
				controller.abort();
				resolve();
			}) ?? unsubscribe;
	});
	const timer = (sleep as (ms: number, signal?: AbortSignal) => Promise<void>)(
		ms,
		controller.signal,
	).catch(() => {});
	try {
		await Promise.race([timer, cancelled]);
	} finally {
		unsubscribe();
		controller.abort();
	}
}

/** Time as the node sees it: the real one in n8n, a faster or virtual one in tests. */
export interface Clock {
	now(): number;
	/** Resolves after ms, or early (without throwing) on cancel. */
	sleep(ms: number, cancel?: CancelToken): Promise<void>;
}

export const realClock: Clock = {
	now: () => Date.now(),
	async sleep(ms: number, cancel?: CancelToken): Promise<void> {
		const end = Date.now() + clampDelay(ms);
		for (let left = end - Date.now(); left > 0 && !cancel?.aborted; left = end - Date.now()) {
			await step(Math.min(left, TIMER_STEP_MS), cancel);
		}
	},
};
