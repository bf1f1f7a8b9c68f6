// Before a submit: every media field that names a binary field of the item is replaced by what the
// provider takes (base64 inline, or the URL of an upload). Limits are checked before uploading, and a
// provider that takes URLs only gets a message that says so, naming the field.

import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { ProviderCallError } from '../engine/callError';
import { preview } from '../engine/json';
import { internalHostReason } from '../engine/publicHost';
import { isBinaryRef, mediaSlots, refProperty, replaceMedia } from '../engine/media';
import type { ProviderClient } from '../engine/transport';
import type { MediaFile, ProviderAdapter, VideoRequest } from '../engine/types';
import { limitProblem, limitsOf } from './mediaLimits';

export interface MediaContext {
	ctx: IExecuteFunctions;
	provider: ProviderAdapter;
	client: ProviderClient;
	itemIndex: number;
	/** The parameter's display name for a request field. */
	labelOf: (field: string) => string;
}

export async function resolveMediaInputs<T extends VideoRequest>(media: MediaContext, request: T): Promise<T> {
	const { ctx, provider, itemIndex } = media;
	const slots = mediaSlots(request).filter((slot) => isBinaryRef(slot.value));
	if (slots.length === 0) return request;
	const replacements = new Map<string, string>();
	for (const slot of slots) {
		const property = refProperty(slot.value);
		const label = media.labelOf(slot.field);
		const refuse = (reason: string) =>
			new NodeOperationError(ctx.getNode(), `"${label}" cannot come from binary field "${property}" [item ${itemIndex}]: ${reason}`, {
				itemIndex,
				description: 'Pass a public http(s) URL instead (for example from an upload or storage node).',
			});
		const binary = ctx.getInputData()[itemIndex]?.binary?.[property];
		const limits = limitsOf(provider, request, slot);
		// What the binary data says of the file (size, length, frame size) is checked before it is read.
		const known = limitProblem(provider, slot.kind, limits, { binary });
		if (known) throw refuse(known);
		const file: MediaFile = {
			field: slot.field,
			kind: slot.kind,
			fileName: binary?.fileName ?? property,
			mimeType: binary?.mimeType ?? 'application/octet-stream',
			data: await ctx.helpers.getBinaryDataBuffer(itemIndex, property),
		};
		const inline = provider.media?.inline?.(file);
		if (inline !== undefined) {
			replacements.set(slot.field, inline);
			continue;
		}
		const upload = provider.media?.upload?.(file);
		if (!upload) throw refuse(`${provider.displayName} has no way to receive this file from n8n`);
		const tooLarge = limitProblem(provider, slot.kind, limits, { bytes: file.data.length });
		if (tooLarge) throw refuse(tooLarge);
		const answer = await media.client.call(upload);
		const url = provider.media?.uploadedUrl?.(answer);
		if (!url) throw unusableUpload(`${provider.displayName} took the upload but its answer has no URL: ${preview(answer)}`);
		// The provider will fetch this URL; one that points inside a network is not sent on.
		const internal = media.client.internalNetwork ? undefined : internalHostReason(url);
		if (internal) throw unusableUpload(`${provider.displayName} answered the upload with a URL inside a private network (${internal}): ${url}`);
		replacements.set(slot.field, url);
	}
	return replaceMedia(request, replacements);
}

/** The provider took the file but its answer cannot be used (as a malformed 200 answer). */
function unusableUpload(message: string): ProviderCallError {
	return new ProviderCallError(message, { delivery: 'answered', statusCode: 200, malformed: true });
}
