// Every call to a provider's API goes through here: n8n's httpRequestWithAuthentication (so the
// credential's own `authenticate` adds the secret), status codes read rather than thrown, and each
// failure turned into a ProviderCallError that says whether the request reached the provider.

import type { IHttpRequestOptions, IN8nHttpFullResponse } from 'n8n-workflow';

import { attempt } from '../lib/attempt';
import { cancelledCall, ProviderCallError, type Delivery } from './callError';
import type { CancelToken } from '../lib/cancel';
import { startDeadline } from '../lib/deadline';
import { asObject, preview } from '../lib/json';
import { parseAnswer, readAnswerText, UnreadableAnswer } from './answer';
import type { NodeHost } from './host';
import { createEgressCheck, type EgressCheck } from './egress';
import { parseRetryAfter } from './retryAfter';
import type { HttpCall, ProviderEndpoint } from './http';
import type { Redactor } from './redact';
import type { Clock } from '../lib/clock';

export interface CallLimits {
	/** No part of the call runs past this time (e.g. the item's Max Wait). */
	deadline?: number;
	/** The item's own cancel (narrower than the client's). */
	cancel?: CancelToken;
}

export interface ProviderClient {
	call(call: HttpCall, limits?: CallLimits): Promise<unknown>;
	/** Whether a URL this provider's answers named may be fetched or passed on (egress.ts). */
	readonly egress: EgressCheck;
}

export interface ClientOptions {
	baseUrl: string;
	/** Once cancelled, no further request is sent and calls under way are aborted. */
	cancel?: CancelToken;
	/** Overall limit of one call, headers and body (a server that drips bytes cannot stretch it). */
	timeoutMs: number;
	clock: Clock;
	/** Takes credential values (and the Kling JWT) out of every answer and message. */
	redactor: Redactor;
}

/** Codes after which the request certainly did not reach the provider. */
const NOT_SENT_CODES = new Set([
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'EADDRNOTAVAIL',
]);
const CANCEL_CODES = new Set(['ERR_CANCELED', 'ABORT_ERR']);

export function createProviderClient(
	ctx: NodeHost,
	adapter: ProviderEndpoint,
	options: ClientOptions,
): ProviderClient {
	const redact = options.redactor.text;
	return {
		egress: createEgressCheck(ctx, options.baseUrl),
		async call(call: HttpCall, limits: CallLimits = {}): Promise<unknown> {
			// An id from an answer goes into the path: "." or ".." would send the credential elsewhere.
			if (hasDotSegment(call.path)) {
				throw new Error(
					`${adapter.displayName} gave a task id that is a path step ("." or ".."); nothing was sent for it`,
				);
			}
			const cancel = limits.cancel ?? options.cancel;
			if (cancel?.aborted || options.cancel?.aborted) throw cancelledCall();
			const budget = Math.min(
				options.timeoutMs,
				(limits.deadline ?? Infinity) - options.clock.now(),
			);
			if (budget <= 0) throw timedOut(adapter, 0, 'notSent');
			const deadline = startDeadline(options.clock, budget, cancel);
			const request: IHttpRequestOptions = {
				method: call.method,
				url: `${options.baseUrl}${call.path}`,
				qs: call.qs,
				body: call.body,
				headers: call.headers,
				json: true,
				// Read here, under a byte cap: n8n's client would buffer any size (maxContentLength: Infinity).
				encoding: 'stream',
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				// A redirect could carry the Authorization header to another host.
				disableFollowRedirect: true,
				timeout: budget,
				abortSignal: deadline.signal,
			};
			// Raced against the deadline: whatever the HTTP client does with a dripping body, the call ends.
			const aborted = new Promise<never>((_, reject) => {
				if (deadline.signal.aborted) reject(new Error('aborted'));
				deadline.signal.addEventListener('abort', () => reject(new Error('aborted')), {
					once: true,
				});
			});
			aborted.catch(() => {});
			let statusCode: number | undefined;
			const answer = await attempt(async () => {
				const response = (await Promise.race([
					ctx.helpers.httpRequestWithAuthentication.call(ctx, adapter.credentialName, request),
					aborted,
				])) as IN8nHttpFullResponse;
				statusCode = response.statusCode;
				return { ...response, body: await Promise.race([bodyOf(response), aborted]) };
			});
			deadline.end();
			if (!answer.ok) {
				if (deadline.expired) throw timedOut(adapter, budget, 'unknown');
				if (deadline.signal.aborted) throw cancelledCall();
				if (answer.error instanceof UnreadableAnswer)
					throw new ProviderCallError(
						`${adapter.displayName} answered, but ${answer.error.message}`,
						{
							delivery: 'answered',
							statusCode,
							malformed: true,
						},
					);
				throw networkError(answer.error, redact);
			}
			// Answers are untrusted: one that echoes a request header must not carry the key any further.
			return readResponse(
				adapter,
				{ ...answer.value, body: options.redactor.json(answer.value.body) },
				redact,
				options.clock.now(),
			);
		},
	};
}

/** The answer's body, parsed. An error answer too large to read still counts, by its status. */
async function bodyOf(response: IN8nHttpFullResponse): Promise<unknown> {
	const length = asObject(response.headers)?.['content-length'];
	const read = await attempt(async () => parseAnswer(await readAnswerText(response.body, length)));
	if (read.ok) return read.value;
	if (read.error instanceof UnreadableAnswer && response.statusCode >= 300)
		return `(the error answer was not read: ${read.error.message})`;
	throw read.error;
}

/** The call ran out of time: before it was sent (no time left) or after (it may have arrived). */
function timedOut(
	adapter: ProviderEndpoint,
	budgetMs: number,
	delivery: Delivery,
): ProviderCallError {
	const message =
		delivery === 'notSent'
			? `No time was left to call ${adapter.displayName}`
			: `${adapter.displayName} did not answer within ${Math.round(budgetMs / 100) / 10} s`;
	return new ProviderCallError(message, { delivery, networkCode: 'ETIMEDOUT' });
}

/** An answer whose body has been read and parsed. */
type ReadAnswer = Pick<IN8nHttpFullResponse, 'statusCode' | 'headers'> & { body: unknown };

function readResponse(
	adapter: ProviderEndpoint,
	response: ReadAnswer,
	redact: (text: string) => string,
	now: number,
): unknown {
	const { statusCode, body } = response;
	const retryAfterMs = parseRetryAfter(asObject(response.headers)?.['retry-after'], now);
	if (statusCode >= 300) {
		const providerError = adapter.parseError(statusCode, body);
		return throwAnswered(redact(providerError.message), {
			statusCode,
			providerError,
			retryAfterMs,
		});
	}
	if (asObject(body) === undefined) {
		throw new ProviderCallError(
			redact(
				`${adapter.displayName} answered with something that is not a JSON object: ${preview(body)}`,
			),
			{ delivery: 'answered', statusCode, malformed: true, retryAfterMs },
		);
	}
	const bodyError = adapter.parseBodyError?.(body);
	if (bodyError) {
		return throwAnswered(redact(bodyError.message), {
			statusCode,
			providerError: bodyError,
			retryAfterMs,
		});
	}
	return body;
}

function throwAnswered(
	message: string,
	details: Omit<ConstructorParameters<typeof ProviderCallError>[1], 'delivery'>,
): never {
	throw new ProviderCallError(message, { delivery: 'answered', ...details });
}

/**
 * Reads the low-level cause out of n8n's wrapped error without keeping the request (it holds headers).
 * n8n 2.x keeps the axios error as `cause`; n8n 1.x as `errorResponse`, with the code also in `httpCode`
 * and the original text in `messages`.
 */
function networkError(error: unknown, redact: (text: string) => string): ProviderCallError {
	const codes = new Set<string>();
	let message = '';
	const queue: unknown[] = [error];
	for (let visited = 0; queue.length > 0 && visited < 8; visited++) {
		const object = asObject(queue.shift());
		if (!object) continue;
		for (const key of ['code', 'httpCode']) {
			const value = object[key];
			if (typeof value === 'string' && /^E[A-Z_]+$|^ERR_[A-Z_]+$/.test(value)) codes.add(value);
		}
		if (object.name === 'AbortError' || object.name === 'CanceledError') codes.add('ABORT_ERR');
		const texts = [object.message, ...(Array.isArray(object.messages) ? object.messages : [])];
		for (const text of texts) {
			if (typeof text !== 'string') continue;
			if (!message || /E[A-Z]{4,}/.test(text)) message = text;
			for (const match of text.match(/\bE[A-Z]{4,}\b/g) ?? []) codes.add(match);
		}
		queue.push(object.cause, object.errorResponse);
	}
	const found = [...codes];
	let delivery: Delivery = 'unknown';
	if (found.some((code) => CANCEL_CODES.has(code))) delivery = 'cancelled';
	else if (found.some((code) => NOT_SENT_CODES.has(code))) delivery = 'notSent';
	const networkCode = found.find((code) => !CANCEL_CODES.has(code));
	const text = message || 'Network problem';
	return new ProviderCallError(
		redact(networkCode && !text.includes(networkCode) ? `${text} (${networkCode})` : text),
		{
			delivery,
			networkCode,
		},
	);
}

/** Whether a path has a "." or ".." segment, percent-encoded ones included. */
function hasDotSegment(path: string): boolean {
	return path
		.split('?')[0]
		.split('/')
		.some((segment) => /^(\.|%2e){1,2}$/i.test(segment));
}
