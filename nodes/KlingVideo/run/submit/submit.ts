// Submits one task. Retries only what certainly did not reach the provider (connection refused). A
// refusal for lack of room (rate or concurrency limit) is thrown at once: waiting for room is the task
// slots' job (admit/slots.ts), which knows what else runs. When the answer to a submit is lost, a second submit
// could bill twice: the task is looked up by its client task id where the provider has one, and only a
// provider's own "not found" (its documented code, not a bare HTTP 404) allows sending it again;
// otherwise the caller says the task may exist.

import { attempt } from '../../lib/attempt';
import { cancelledCall, ProviderCallError } from '../../transport/callError';
import type { CancelToken } from '../../lib/cancel';
import { withOverrides } from '../../providers/requestRules';
import type { ProviderClient } from '../../transport/client';
import type { ProviderAdapter, SubmitResult } from '../../providers/types';
import type { VideoRequest } from '../../request/operations';
import type { Clock } from '../../lib/clock';

export interface SubmitOptions {
	client: ProviderClient;
	provider: ProviderAdapter;
	request: VideoRequest;
	/** Sent with the task where the provider accepts one, to find it again after a lost answer. */
	clientTaskId?: string;
	callbackUrl?: string;
	clock: Clock;
	cancel?: CancelToken;
	/** No retry is started that would end after this time. */
	deadline: number;
	/** Attempts while the provider cannot be reached at all (a wrong Base URL should fail fast). */
	maxUnreachableAttempts?: number;
}

export const SUBMIT_BACKOFF_MS = { first: 2_000, max: 30_000 };

/** Exponential backoff between attempts to reach a provider that did not take the connection. */
export function submitRetryDelay(attempt: number): number {
	return Math.min(SUBMIT_BACKOFF_MS.max, SUBMIT_BACKOFF_MS.first * 2 ** (attempt - 1));
}

export async function submitTask(options: SubmitOptions): Promise<SubmitResult> {
	const { client, provider, clock, cancel } = options;
	const clientTaskId = provider.lookupByClientTaskId ? options.clientTaskId : undefined;
	const maxUnreachable = options.maxUnreachableAttempts ?? 4;
	const call = withOverrides(
		provider,
		options.request,
		provider.buildSubmit(options.request, { clientTaskId, callbackUrl: options.callbackUrl }),
	);
	for (let attemptNumber = 1; ; attemptNumber++) {
		const sent = await attempt(async () => await client.call(call, { cancel }));
		if (!sent.ok) {
			const error = sent.error;
			if (
				clientTaskId &&
				error instanceof ProviderCallError &&
				error.details.delivery === 'unknown'
			) {
				const found = await findLostTask(options, clientTaskId);
				if (found === undefined) throw error;
				if (found !== 'notCreated') return found;
				if (attemptNumber >= maxUnreachable) throw error;
				continue;
			}
			const retry =
				error instanceof ProviderCallError &&
				error.details.delivery === 'notSent' &&
				attemptNumber < maxUnreachable;
			const delay = retry ? submitRetryDelay(attemptNumber) : 0;
			if (!retry || clock.now() + delay > options.deadline) throw error;
			await clock.sleep(delay, cancel);
			if (cancel?.aborted) throw cancelledCall();
			continue;
		}
		const parsed = await attempt(async () => provider.parseSubmit(sent.value, options.request));
		// The provider said yes but the answer is unusable: the task may exist, so no retry.
		if (!parsed.ok) throw unusableAnswer(parsed.error);
		return parsed.value;
	}
}

const LOOKUP_DELAYS_MS = [1_000, 3_000, 9_000];

/**
 * Before a first submit: the task an earlier run of the same execution already created under this
 * client task id, if any. Anything but such a task (the provider's "not found", an error) means none is
 * known, and the item is submitted as usual.
 */
export async function findEarlierTask(
	options: Omit<SubmitOptions, 'deadline'>,
	clientTaskId: string,
): Promise<SubmitResult | undefined> {
	const found = await lookUp(options, clientTaskId, [0, ...LOOKUP_DELAYS_MS.slice(0, 2)]);
	return typeof found === 'string' ? undefined : found;
}

/** The task a lost submit may have created; 'notCreated' when the provider says it does not exist. */
async function findLostTask(
	options: SubmitOptions,
	clientTaskId: string,
): Promise<SubmitResult | 'notCreated' | undefined> {
	const found = await lookUp(options, clientTaskId, LOOKUP_DELAYS_MS);
	// Only the provider's own "not found" proves it: a bare 404 may come from a proxy in front of it.
	if (found === 'documentedNotFound') return 'notCreated';
	return typeof found === 'string' ? undefined : found;
}

/** Looks the task up by its client task id, after each delay in turn while the trouble is a passing one. */
async function lookUp(
	options: Omit<SubmitOptions, 'deadline'>,
	clientTaskId: string,
	delaysMs: number[],
): Promise<SubmitResult | 'documentedNotFound' | 'notFound' | undefined> {
	const { client, provider, request, clock, cancel } = options;
	if (!provider.lookupByClientTaskId) return undefined;
	const lookup = provider.lookupByClientTaskId(clientTaskId, request);
	for (const delay of delaysMs) {
		if (delay) await clock.sleep(delay, cancel);
		if (cancel?.aborted) return undefined;
		const answer = await attempt(async () =>
			provider.parseSubmit(await client.call(lookup, { cancel }), request),
		);
		if (answer.ok) return answer.value;
		const error = answer.error;
		const providerError =
			error instanceof ProviderCallError ? error.details.providerError : undefined;
		if (providerError?.kind === 'notFound')
			return providerError.documented ? 'documentedNotFound' : 'notFound';
		// Only a passing trouble (a timeout, a 5xx) is worth asking again.
		if (!(error instanceof ProviderCallError) || !error.pollRetryable) return undefined;
	}
	return undefined;
}

function unusableAnswer(error: unknown): ProviderCallError {
	const message = error instanceof Error ? error.message : String(error);
	return new ProviderCallError(message, { delivery: 'answered', statusCode: 200, malformed: true });
}
