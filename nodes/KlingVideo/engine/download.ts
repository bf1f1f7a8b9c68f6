// Fetches a finished video into n8n binary data as a stream (no whole-file buffer in this code).
// Uses the plain httpRequest on purpose: the file host is not the provider, and must not receive the
// credential. This module never reads credentials.

import type { IBinaryData, IExecuteFunctions, IN8nHttpFullResponse } from 'n8n-workflow';

import { isHttpUrl } from './validation';

type BinaryInput = Parameters<IExecuteFunctions['helpers']['prepareBinaryData']>[0];

export interface DownloadOptions {
	fileName: string;
	signal?: AbortSignal;
	timeoutMs: number;
}

export async function downloadVideo(
	ctx: IExecuteFunctions,
	url: string,
	options: DownloadOptions,
): Promise<IBinaryData> {
	if (!isHttpUrl(url)) throw new Error(`the video URL is not an http(s) URL: ${url}`);
	const response = (await ctx.helpers.httpRequest({
		method: 'GET',
		url,
		encoding: 'stream',
		returnFullResponse: true,
		timeout: options.timeoutMs,
		abortSignal: options.signal,
	})) as IN8nHttpFullResponse;
	const contentType = String(response.headers?.['content-type'] ?? '').split(';')[0].trim();
	const mimeType = contentType.startsWith('video/') ? contentType : 'video/mp4';
	return await ctx.helpers.prepareBinaryData(response.body as BinaryInput, options.fileName, mimeType);
}

/** A file name from a task id that every file system and storage node accepts. */
export function videoFileName(taskId: string): string {
	const safe = taskId.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 120) || 'video';
	return `${safe}.mp4`;
}
