// Submits one task. Retries only what the provider certainly refused (rate limit, concurrency limit,
// connection refused), with Retry-After honoured; anything ambiguous is left to the caller, because a
// second submit of an accepted task would be billed twice.

import { attempt } from './attempt';
import { ProviderCallError } from './callError';
import type { CancelToken } from './cancel';
import type { ProviderClient } from './transport';
import type { ProviderAdapter, SubmitResult, VideoRequest } from './types';
import type { WaitClock } from './waiter';

export interface SubmitOptions {
	client: ProviderClient;
	provider: ProviderAdapter;
	request: VideoRequest;
	clock: WaitClock;
	cancel?: CancelToken;
	/** No retry is started that would end after this time. */
	deadline: number;
	/** Attempts while the provider pushes back (rate or concurrency limit). */
	maxAttempts?: number;
	/** Attempts while the provider cannot be reached at all (a wrong Base URL should fail fast). */
	maxUnreachableAttempts?: number;
}

export const SUBMIT_BACKOFF_MS = { first: 2_000, max: 30_000, least: 500 };

/** The provider's Retry-After when it gives one, else exponential backoff. */
export function submitRetryDelay(attempt: number, retryAfterMs: number | undefined): number {
	if (retryAfterMs !== undefined) return Math.max(SUBMIT_BACKOFF_MS.least, retryAfterMs);
	return Math.min(SUBMIT_BACKOFF_MS.max, SUBMIT_BACKOFF_MS.first * 2 ** (attempt - 1));
}

export async function submitTask(options: SubmitOptions): Promise<SubmitResult & { attempts: number }> {
	const { client, provider, clock, cancel } = options;
	const maxAttempts = options.maxAttempts ?? 8;
	const maxUnreachable = options.maxUnreachableAttempts ?? 4;
	const call = provider.buildSubmit(options.request);
	for (let attemptNumber = 1; ; attemptNumber++) {
		const sent = await attempt(async () => await client.call(call));
		if (!sent.ok) {
			const error = sent.error;
			const limit = error instanceof ProviderCallError && error.isBackPressure ? maxAttempts : maxUnreachable;
			const retry = error instanceof ProviderCallError && error.submitRetryable && attemptNumber < limit;
			const delay = retry ? submitRetryDelay(attemptNumber, error.details.retryAfterMs) : 0;
			if (!retry || clock.now() + delay > options.deadline) throw error;
			await clock.sleep(delay, cancel);
			if (cancel?.aborted) throw cancelledCall();
			continue;
		}
		const parsed = await attempt(async () => provider.parseSubmit(sent.value, options.request));
		// The provider said yes but the answer is unusable: the task may exist, so no retry.
		if (!parsed.ok) throw unusableAnswer(parsed.error);
		return { ...parsed.value, attempts: attemptNumber };
	}
}

function cancelledCall(): ProviderCallError {
	return new ProviderCallError('The execution was cancelled', { delivery: 'cancelled' });
}

function unusableAnswer(error: unknown): ProviderCallError {
	const message = error instanceof Error ? error.message : String(error);
	return new ProviderCallError(message, { delivery: 'answered', statusCode: 200, malformed: true });
}
