// The one error type the transport raises. It records what is known about delivery, because that
// decides what is safe: a request the provider refused can be sent again, one that may have created a
// task must not be (that would bill twice).

import type { ProviderError } from './http';

export type Delivery =
	/** The request never reached the provider (connection refused, unknown host). */
	| 'notSent'
	/** The request may have reached the provider; the answer was lost (timeout, reset). */
	| 'unknown'
	/** The provider answered with an error. */
	| 'answered'
	/** The execution was cancelled. */
	| 'cancelled';

export interface CallErrorDetails {
	delivery: Delivery;
	statusCode?: number;
	providerError?: ProviderError;
	retryAfterMs?: number;
	/** The answer was not the JSON the provider documents. */
	malformed?: boolean;
	/** A low-level code such as ECONNREFUSED, when there was one. */
	networkCode?: string;
}

export class ProviderCallError extends Error {
	constructor(
		message: string,
		readonly details: CallErrorDetails,
	) {
		super(message);
		this.name = 'ProviderCallError';
	}

	get isCancelled(): boolean {
		return this.details.delivery === 'cancelled';
	}

	/** The provider is overloaded or rate limiting: the request was refused and may be repeated. */
	get isBackPressure(): boolean {
		const kind = this.details.providerError?.kind;
		return kind === 'rateLimited' || kind === 'busy';
	}

	/** Worth polling again: the problem is on the way or at the provider, not in the request. */
	get pollRetryable(): boolean {
		const { delivery, statusCode, malformed } = this.details;
		if (delivery === 'cancelled') return false;
		if (delivery !== 'answered' || malformed) return true;
		return this.isBackPressure || (statusCode !== undefined && statusCode >= 500);
	}
}

/** The one error for a cancelled execution, whichever stage it stops. */
export function cancelledCall(): ProviderCallError {
	return new ProviderCallError('The execution was cancelled', { delivery: 'cancelled' });
}
