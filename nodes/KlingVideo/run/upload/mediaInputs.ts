// Before a submit: every media field that names a binary field of the item is replaced by what the
// provider takes (base64 inline, or the URL of an upload). Limits are checked before uploading, and a
// provider that takes URLs only gets a message that says so, naming the field.
// A file that n8n keeps outside memory (filesystem or S3 binary data mode: the binary data has an id) is
// streamed from n8n's store into the upload, never held whole in memory; its size, for the limits and the
// Content-Length, comes from the store's metadata. Binary data kept in the item is uploaded as a Buffer.

import { NodeOperationError, type IBinaryData, type IExecuteFunctions } from 'n8n-workflow';

import { attempt } from '../../lib/attempt';
import { ProviderCallError } from '../../transport/callError';
import { asNumber, preview } from '../../lib/json';
import { isBinaryRef, mediaSlots, refProperty, replaceMedia } from '../../request/media';
import { canStream } from '../../transport/multipart';
import type { ProviderClient } from '../../transport/client';
import type { BinaryStream, HttpCall, StoredFile } from '../../transport/http';
import type { MediaFile, ProviderAdapter } from '../../providers/types';
import type { VideoRequest } from '../../request/operations';
import { limitProblem, limitsOf } from './mediaLimits';

/** Bytes read from n8n's store at a time. */
const STREAM_CHUNK_BYTES = 256 * 1024;

export interface MediaContext {
	ctx: IExecuteFunctions;
	provider: ProviderAdapter;
	client: ProviderClient;
	itemIndex: number;
	/** The parameter's display name for a request field. */
	labelOf: (field: string) => string;
}

export async function resolveMediaInputs<T extends VideoRequest>(
	media: MediaContext,
	request: T,
): Promise<T> {
	const { ctx, provider, itemIndex } = media;
	const slots = mediaSlots(request).filter((slot) => isBinaryRef(slot.value));
	if (slots.length === 0) return request;
	const replacements = new Map<string, string>();
	for (const slot of slots) {
		const property = refProperty(slot.value);
		const label = media.labelOf(slot.field);
		const refuse = (reason: string) =>
			new NodeOperationError(
				ctx.getNode(),
				`"${label}" cannot come from binary field "${property}" [item ${itemIndex}]: ${reason}`,
				{
					itemIndex,
					description:
						'Pass a public http(s) URL instead (for example from an upload or storage node).',
				},
			);
		const binary = ctx.getInputData()[itemIndex]?.binary?.[property];
		const limits = limitsOf(provider, request, slot);
		const check = (file: { bytes?: number; binary?: IBinaryData }) => {
			const problem = limitProblem(provider, slot.kind, limits, file);
			if (problem) throw refuse(problem);
		};
		// What the binary data says of the file (size, length, frame size) is checked before it is read.
		check({ binary });
		const described = {
			field: slot.field,
			kind: slot.kind,
			fileName: binary?.fileName ?? property,
			mimeType: binary?.mimeType ?? 'application/octet-stream',
		};
		// Kling AI takes some images inline (base64): only those are read into memory here.
		const encode = provider.media?.inline?.(described);
		if (encode) {
			replacements.set(
				slot.field,
				encode(await ctx.helpers.getBinaryDataBuffer(itemIndex, property)),
			);
			continue;
		}
		const noWay = () => refuse(`${provider.displayName} has no way to receive this file from n8n`);
		if (!provider.media?.upload) throw noWay();
		const data = await uploadData(media, property, binary, limits.maxBytes !== undefined, check);
		const upload = provider.media.upload({ ...described, data } satisfies MediaFile);
		if (!upload) {
			close(data);
			throw noWay();
		}
		const unreadable = (reason: string) =>
			new NodeOperationError(
				ctx.getNode(),
				`"${label}" could not be read from binary field "${property}" [item ${itemIndex}]: ${reason}`,
				{
					itemIndex,
					description: `The upload to ${provider.displayName} was stopped and nothing was submitted for this item.`,
				},
			);
		const answer = await sendOnce(media.client, upload, data, unreadable);
		const url = provider.media?.uploadedUrl?.(answer);
		if (!url)
			throw unusableUpload(
				`${provider.displayName} took the upload but its answer has no URL: ${preview(answer)}`,
			);
		// The provider will fetch this URL; one that points inside a network is not sent on.
		const internal = await media.client.egress(url);
		if (internal)
			throw unusableUpload(
				`${provider.displayName} answered the upload with a URL inside a private network (${internal}): ${url}`,
			);
		replacements.set(slot.field, url);
	}
	return replaceMedia(request, replacements);
}

/**
 * The file to upload: a stream from n8n's store when the binary data is kept there, with the size the
 * store records (checked by `check` before the stream is opened), else the bytes in memory. A stored file
 * of unknown size under a size limit is read into memory instead, so that the limit is still checked
 * before anything is sent.
 */
async function uploadData(
	{ ctx, itemIndex }: MediaContext,
	property: string,
	binary: IBinaryData | undefined,
	sizeLimited: boolean,
	check: (file: { bytes?: number }) => void,
): Promise<Buffer | StoredFile> {
	if (binary?.id) {
		const bytes = (await storedBytes(ctx, binary.id)) ?? asNumber(binary.bytes);
		if (bytes !== undefined || !sizeLimited) {
			check({ bytes });
			const stream = await ctx.helpers.getBinaryStream(binary.id, STREAM_CHUNK_BYTES);
			if (canStream(stream)) return { stream, bytes };
			stream.destroy();
		}
	}
	const data = await ctx.helpers.getBinaryDataBuffer(itemIndex, property);
	check({ bytes: data.length });
	return data;
}

/** The size n8n's store records for a file (n8n 1.x puts no `bytes` in the binary data), if it says. */
async function storedBytes(ctx: IExecuteFunctions, id: string): Promise<number | undefined> {
	const metadata = await attempt(async () => await ctx.helpers.getBinaryMetadata(id));
	const bytes = metadata.ok ? asNumber(metadata.value.fileSize) : undefined;
	return bytes !== undefined && Number.isSafeInteger(bytes) && bytes >= 0 ? bytes : undefined;
}

/**
 * Sends an upload once. A body streamed from the store is read by this one request and closed after it,
 * whatever happened (nothing in the node sends a call again; a new attempt opens a new stream). When
 * reading the store failed, that is the error (the request was aborted, so nothing was received).
 */
async function sendOnce(
	client: ProviderClient,
	upload: HttpCall,
	data: Buffer | StoredFile,
	unreadable: (reason: string) => Error,
): Promise<unknown> {
	const body =
		upload.body !== undefined && !Buffer.isBuffer(upload.body) && isStream(upload.body)
			? upload.body
			: undefined;
	let readError: unknown;
	body?.once('error', (error) => (readError = error));
	try {
		return await client.call(upload);
	} catch (error) {
		throw readError === undefined
			? error
			: unreadable(readError instanceof Error ? readError.message : String(readError));
	} finally {
		body?.destroy();
		close(data);
	}
}

function isStream(body: NonNullable<HttpCall['body']>): body is BinaryStream {
	return (
		typeof (body as { pipe?: unknown }).pipe === 'function' &&
		typeof (body as { destroy?: unknown }).destroy === 'function'
	);
}

/** Lets go of the store's stream (its file handle) when the file was not sent or has been. */
function close(data: Buffer | StoredFile): void {
	if (!Buffer.isBuffer(data)) data.stream.destroy();
}

/** The provider took the file but its answer cannot be used (as a malformed 200 answer). */
function unusableUpload(message: string): ProviderCallError {
	return new ProviderCallError(message, { delivery: 'answered', statusCode: 200, malformed: true });
}
