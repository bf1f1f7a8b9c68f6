// Fetches a finished video into n8n binary data as a stream (no whole-file buffer in this code).
// Uses the plain httpRequest on purpose: the file host is not the provider, and must not receive the
// credential. This module never reads credentials.
//
// Three limits, whatever the file host does: an overall time limit for headers and body (axios' own
// timeout only covers the wait for the headers, so a host that drips a byte now and then would keep a
// download alive for ever), a size limit (announced or counted), and a content type that can be a video.
// Redirects are followed one at a time so that every hop's host is checked: a provider's answer (or a
// file host) may not send the node to an address inside the n8n server's network (publicHost.ts).
// Every way out ends the HTTP exchange: the body is destroyed and the request aborted, so that
// prepareBinaryData rejects (memory mode) or removes its half-written file (filesystem mode).

import type { IBinaryData, IN8nHttpFullResponse } from 'n8n-workflow';

import { attempt } from '../../lib/attempt';
import { cancelledCall } from '../../transport/callError';
import type { NodeHost } from '../../transport/host';
import { CancelHub } from '../../lib/cancel';
import { realClock } from '../../lib/clock';
import { startDeadline } from '../../lib/deadline';
import {
	duration,
	hostRefusal,
	inspectAnswer,
	limitBytes,
	redirectTarget,
	tooLarge,
	type BodyStream,
} from './guards';
import type { Clock } from '../../lib/clock';
import type { EgressCheck } from '../../transport/egress';

export interface DownloadOptions {
	fileName: string;
	/** The execution's (or the item's) cancel. */
	signal?: AbortSignal;
	/** Overall limit for the whole download, headers and body. */
	timeoutMs: number;
	maxBytes: number;
	clock?: Clock;
	/** Which hosts the video URL and every redirect hop may be on (transport/egress.ts). */
	egress: EgressCheck;
}

/** Hops followed after the first request; a CDN needs one or two. */
export const MAX_REDIRECTS = 5;

export async function downloadVideo(
	ctx: NodeHost,
	url: string,
	options: DownloadOptions,
): Promise<IBinaryData> {
	const { timeoutMs, maxBytes, clock = realClock } = options;
	const deadline = startDeadline(clock, timeoutMs, options.signal);
	// Ends the HTTP exchange: on the deadline, on a cancel, or when this code refuses the answer.
	const stop = new CancelHub(deadline.signal);
	// The body under way; failures reach the caller through prepareBinaryData or this function, never
	// as an unhandled 'error' event.
	let body: BodyStream | undefined;
	let failure: Error | undefined;
	// Why the download ended early: a cancel first, then this code's own refusal, then the time limit.
	const reason = (): Error | undefined => {
		if (options.signal?.aborted && !deadline.expired) return cancelledCall();
		if (failure) return failure;
		if (deadline.expired)
			return new Error(`the download did not finish within ${duration(timeoutMs)}`);
		return undefined;
	};

	const stored = await attempt(async () => {
		let target = url;
		let response: IN8nHttpFullResponse;
		for (let hop = 0; ; hop++) {
			const refused = await hostRefusal(target, hop > 0, options.egress);
			if (refused) throw (failure = refused);
			response = (await ctx.helpers.httpRequest({
				method: 'GET',
				url: target,
				encoding: 'stream',
				returnFullResponse: true,
				// Any status comes back as an answer, so that a refusal can quote it and its body is let go.
				ignoreHttpStatusErrors: true,
				// Redirects are followed here, one checked hop at a time.
				disableFollowRedirect: true,
				abortSignal: stop.toSignal(),
			})) as IN8nHttpFullResponse;
			body = response.body as BodyStream;
			body.on('error', () => {});
			const next = redirectTarget(response, target);
			if (next === undefined) break;
			body.destroy();
			if (hop >= MAX_REDIRECTS)
				throw (failure = new Error(`the file host redirected more than ${MAX_REDIRECTS} times`));
			target = next;
		}
		const stream = response.body as BodyStream;
		stop.onCancel(() => stream.destroy(reason()));
		const answer = await inspectAnswer(response, stream, maxBytes, clock);
		if ('refused' in answer) {
			failure = answer.refused;
			throw failure;
		}
		limitBytes(stream, maxBytes, () => {
			failure = tooLarge(maxBytes);
			stop.cancel();
		});
		// Memory mode's reader would wait for events that a body closed before now no longer emits.
		if (stream.destroyed)
			throw new Error('the file host closed the connection before the video arrived');
		return await ctx.helpers.prepareBinaryData(stream, options.fileName, answer.mimeType);
	});

	if (!stored.ok) {
		// Destroyed first, then aborted: the abort makes axios emit 'error' on a body still open.
		(body as BodyStream | undefined)?.destroy();
		stop.cancel();
	}
	stop.release();
	deadline.end();
	if (!stored.ok) throw reason() ?? stored.error;
	return stored.value;
}

/** A file name from a task id that every file system and storage node accepts. */
export function videoFileName(taskId: string): string {
	const safe = taskId.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 120) || 'video';
	return `${safe}.mp4`;
}
