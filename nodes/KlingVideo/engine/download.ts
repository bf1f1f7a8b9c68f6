// Fetches a finished video into n8n binary data as a stream (no whole-file buffer in this code).
// Uses the plain httpRequest on purpose: the file host is not the provider, and must not receive the
// credential. This module never reads credentials.
//
// Three limits, whatever the file host does: an overall time limit for headers and body (axios' own
// timeout only covers the wait for the headers, so a host that drips a byte now and then would keep a
// download alive for ever), a size limit (announced or counted), and a content type that can be a video.
// Every way out ends the HTTP exchange: the body is destroyed and the request aborted, so that
// prepareBinaryData rejects (memory mode) or removes its half-written file (filesystem mode).

import type { IBinaryData, IExecuteFunctions, IN8nHttpFullResponse } from 'n8n-workflow';

import { attempt } from './attempt';
import { CancelHub } from './cancel';
import { realClock } from './clock';
import { startDeadline } from './deadline';
import { duration, inspectAnswer, limitBytes, tooLarge, type BodyStream } from './downloadGuards';
import { isHttpUrl } from './validation';
import type { WaitClock } from './waiter';

/** Default for "Max Video Size (MB)": Kling results are tens of MB; this leaves room for long 1080p edits. */
export const DEFAULT_MAX_VIDEO_MB = 500;
/** Default for "Download Timeout (Minutes)": the whole download, headers and body. */
export const DEFAULT_DOWNLOAD_TIMEOUT_MINUTES = 10;

export interface DownloadOptions {
	fileName: string;
	/** The execution's (or the item's) cancel. */
	signal?: AbortSignal;
	/** Overall limit for the whole download, headers and body. */
	timeoutMs: number;
	maxBytes: number;
	clock?: WaitClock;
}

export async function downloadVideo(ctx: IExecuteFunctions, url: string, options: DownloadOptions): Promise<IBinaryData> {
	if (!isHttpUrl(url)) throw new Error(`the video URL is not an http(s) URL: ${url}`);
	const { timeoutMs, maxBytes, clock = realClock } = options;
	const deadline = startDeadline(clock, timeoutMs, options.signal);
	// Ends the HTTP exchange: on the deadline, on a cancel, or when this code refuses the answer.
	const stop = new CancelHub(deadline.signal);
	let body: BodyStream | undefined;
	let failure: Error | undefined;
	// Why the download ended early: a cancel first, then this code's own refusal, then the time limit.
	const reason = (): Error | undefined => {
		if (options.signal?.aborted && !deadline.expired) return new Error('The execution was cancelled');
		if (failure) return failure;
		if (deadline.expired) return new Error(`the download did not finish within ${duration(timeoutMs)}`);
		return undefined;
	};

	const stored = await attempt(async () => {
		const response = (await ctx.helpers.httpRequest({
			method: 'GET',
			url,
			encoding: 'stream',
			returnFullResponse: true,
			// Any status comes back as an answer, so that a refusal can quote it and its body is let go.
			ignoreHttpStatusErrors: true,
			abortSignal: stop.toSignal(),
		})) as IN8nHttpFullResponse;
		const stream = response.body as BodyStream;
		body = stream;
		// Failures reach the caller through prepareBinaryData or this function: never as an unhandled 'error'.
		stream.on('error', () => {});
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
		if (stream.destroyed) throw new Error('the file host closed the connection before the video arrived');
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
