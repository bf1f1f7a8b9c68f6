// Checks on a file host's answer before and while its body is stored: the status, the content type (an
// expired link's HTML page is not a video), the size. Everything here works on the body stream that
// httpRequest returns, typed without importing 'stream' (community nodes may not).

import type { IDataObject, IExecuteFunctions, IN8nHttpFullResponse } from 'n8n-workflow';

import { CancelHub } from '../../lib/cancel';
import { megabytes } from '../../lib/units';
import type { EgressCheck } from '../../transport/egress';
import type { Clock } from '../../lib/clock';

type BinaryInput = Parameters<IExecuteFunctions['helpers']['prepareBinaryData']>[0];
/** The body of an `encoding: 'stream'` answer: a Node Readable. */
export type BodyStream = Exclude<BinaryInput, Buffer>;

/** At most this much of a refused body is read, to tell an expired link from other refusals... */
const HINT_READ_BYTES = 2048;
/** ...and for at most this long. */
const HINT_WAIT_MS = 2000;

const VIDEO_LIKE = new Set([
	'',
	'application/mp4',
	'application/octet-stream',
	'binary/octet-stream',
]);
const PLAYLISTS = new Set([
	'application/vnd.apple.mpegurl',
	'application/x-mpegurl',
	'audio/mpegurl',
	'audio/x-mpegurl',
]);

/** The MIME type to store a body of this content type under, or undefined when it is not a video. */
export function videoMimeType(contentType: string): string | undefined {
	const type = contentType.split(';')[0].trim().toLowerCase();
	if (type.startsWith('video/')) return type;
	if (VIDEO_LIKE.has(type)) return 'video/mp4';
	if (/^(text|image)\//.test(type) || /[/+](json|xml)$/.test(type) || PLAYLISTS.has(type))
		return undefined;
	return 'video/mp4';
}

export function duration(ms: number): string {
	const seconds = ms / 1000;
	if (seconds < 120) return `${Number(seconds.toFixed(1))} second${seconds === 1 ? '' : 's'}`;
	return `${Number((seconds / 60).toFixed(1))} minutes`;
}

export function tooLarge(maxBytes: number, announcedBytes?: number): Error {
	const seen =
		announcedBytes === undefined
			? 'more than that arrived'
			: `the file host announced ${megabytes(announcedBytes, 'short')}`;
	return new Error(
		`the video is larger than the size limit of ${megabytes(maxBytes, 'short')} (${seen}); the limit can be raised with the option "Max Video Size (MB)"`,
	);
}

function header(headers: IDataObject | undefined, name: string): string {
	const key = Object.keys(headers ?? {}).find((candidate) => candidate.toLowerCase() === name);
	const value = key === undefined ? undefined : headers?.[key];
	return value === undefined || value === null
		? ''
		: String(Array.isArray(value) ? value[0] : value);
}

/**
 * Whether a refused body says the link expired. Read with a small cap and a short wait, and never
 * quoted: the page may come from anywhere a name pointed (an internal service, on n8n 1.x).
 */
async function saysExpired(body: BodyStream, clock: Clock): Promise<boolean> {
	const chunks: Buffer[] = [];
	let size = 0;
	const read = (async () => {
		for await (const chunk of body as AsyncIterable<Buffer | string>) {
			chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
			size += chunks[chunks.length - 1].length;
			if (size >= HINT_READ_BYTES) break;
		}
	})().catch(() => {});
	const wait = new CancelHub();
	await Promise.race([read, clock.sleep(HINT_WAIT_MS, wait)]);
	wait.cancel();
	return /expired/i.test(Buffer.concat(chunks).subarray(0, HINT_READ_BYTES).toString('utf8'));
}

/** The MIME type to store the body under, or why the answer is refused (before its body is stored). */
export async function inspectAnswer(
	response: IN8nHttpFullResponse,
	body: BodyStream,
	maxBytes: number,
	clock: Clock,
): Promise<{ mimeType: string } | { refused: Error }> {
	const contentType = header(response.headers, 'content-type');
	const status = Number(response.statusCode);
	if (!(status >= 200 && status < 300)) {
		const answer = `HTTP ${status}${response.statusMessage ? ` ${response.statusMessage}` : ''}`;
		const expired = (await saysExpired(body, clock)) ? ' (its page says the link has expired)' : '';
		return {
			refused: new Error(`the file host answered ${answer} instead of the video${expired}`),
		};
	}
	const mimeType = videoMimeType(contentType);
	if (mimeType === undefined) {
		const type = contentType.split(';')[0].trim();
		const why = (await saysExpired(body, clock))
			? 'its page says the link has expired'
			: 'the link may have expired';
		return { refused: new Error(`the file host answered ${type} instead of a video (${why})`) };
	}
	const length = Number(header(response.headers, 'content-length') || Number.NaN);
	if (Number.isFinite(length) && length > maxBytes) return { refused: tooLarge(maxBytes, length) };
	return { mimeType };
}

/**
 * Calls over() once more than maxBytes of the body reached its reader, and drops every chunk from then
 * on. It watches emit('data'), which every chunk passes whether the reader listens for 'data' (memory
 * mode) or iterates (filesystem mode); a 'data' listener of its own would switch the stream to flowing
 * before the reader is attached, and the first chunks would be lost.
 */
export function limitBytes(body: BodyStream, maxBytes: number, over: () => void): void {
	if (!Number.isFinite(maxBytes)) return;
	let received = 0;
	const emit = body.emit;
	body.emit = function (this: BodyStream, event: string | symbol, ...args: unknown[]): boolean {
		if (event === 'data') {
			if (received > maxBytes) return false;
			const chunk = args[0];
			received += typeof chunk === 'string' ? Buffer.byteLength(chunk) : (chunk as Buffer).length;
			if (received > maxBytes) {
				over();
				return false;
			}
		}
		return (emit as (...all: unknown[]) => boolean).call(this, event, ...args);
	} as BodyStream['emit'];
}

/** The absolute URL a 3xx answer points to, or undefined when the answer is not a redirect. */
export function redirectTarget(response: IN8nHttpFullResponse, from: string): string | undefined {
	const status = Number(response.statusCode);
	const location = header(response.headers, 'location');
	if (![301, 302, 303, 307, 308].includes(status) || !location) return undefined;
	try {
		return new URL(location, from).href;
	} catch {
		return undefined;
	}
}

/** Why the video URL, or a redirect hop, may not be fetched; undefined when it may. */
export async function hostRefusal(
	target: string,
	isRedirect: boolean,
	egress: EgressCheck,
): Promise<Error | undefined> {
	const where = isRedirect ? `the file host redirected to ${target}, which` : 'the video URL';
	if (!/^https?:\/\//i.test(target)) return new Error(`${where} is not an http(s) URL`);
	const reason = await egress(target);
	if (!reason) return undefined;
	return new Error(
		`${where} points inside a private network and is refused: ${reason}. A provider on a public address only gets videos from public hosts; a Base URL on a local address (a proxy) allows that host`,
	);
}
