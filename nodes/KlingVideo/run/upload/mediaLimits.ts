// What a provider accepts for a file from binary data, checked before it is uploaded: the size always,
// the length and the frame size when the binary data says them (`duration` in seconds, `width` and
// `height` in pixels, as a metadata step or a Code node may set them; n8n itself records only the size).
// A URL cannot be checked here: the limits are in the field descriptions, and the provider checks.

import type { IBinaryData } from 'n8n-workflow';

import { asNumber } from '../../lib/json';
import { megabytes } from '../../lib/units';
import type { MediaSlot } from '../../request/media';
import type { ProviderAdapter, VideoLimits } from '../../providers/types';
import type { VideoRequest } from '../../request/operations';

/** The limits of one media field: the provider's upload limit for its kind and the operation's own. */
export function limitsOf(
	provider: ProviderAdapter,
	request: VideoRequest,
	slot: Pick<MediaSlot, 'field' | 'kind'>,
): VideoLimits {
	const upload = provider.media?.maxBytes?.[slot.kind];
	let field: VideoLimits | undefined;
	if (request.operation === 'editVideo' && slot.field === 'videoUrl')
		field = provider.capabilities.editVideo?.video;
	if (request.operation === 'motionControl' && slot.field === 'videoUrl') {
		const video = provider.capabilities.motionControl?.video;
		const longest = video?.maxSecondsByOrientation[request.characterOrientation ?? 'image'];
		field =
			video && longest !== undefined
				? { ...video, seconds: [video.seconds?.[0] ?? 0, longest] }
				: video;
	}
	const sizes = [upload, field?.maxBytes].filter((size): size is number => size !== undefined);
	return { ...field, maxBytes: sizes.length > 0 ? Math.min(...sizes) : undefined };
}

/** Why a file breaks the limits, from what is known of it (its size, and the binary data's metadata). */
export function limitProblem(
	provider: ProviderAdapter,
	kind: MediaSlot['kind'],
	limits: VideoLimits,
	file: { bytes?: number; binary?: IBinaryData },
): string | undefined {
	const name = provider.displayName;
	const bytes = file.bytes ?? asNumber(file.binary?.bytes);
	if (limits.maxBytes !== undefined && bytes !== undefined && bytes > limits.maxBytes) {
		return `the file is ${megabytes(bytes, 'exact')}; ${name} accepts ${kind}s up to ${megabytes(limits.maxBytes, 'exact')}`;
	}
	const seconds = asNumber(file.binary?.duration);
	if (
		limits.seconds &&
		seconds !== undefined &&
		(seconds < limits.seconds[0] || seconds > limits.seconds[1])
	) {
		const [shortest, longest] = limits.seconds;
		const range = shortest > 0 ? `${shortest} to ${longest} s` : `at most ${longest} s`;
		return `the ${kind} lasts ${seconds} s (from its binary data); ${name} accepts ${range} here`;
	}
	const sides = [asNumber(file.binary?.width), asNumber(file.binary?.height)].filter(
		(side): side is number => side !== undefined,
	);
	if (limits.pixels && sides.some((side) => side < limits.pixels![0] || side > limits.pixels![1])) {
		return `the ${kind} is ${sides.join(' x ')} px (from its binary data); ${name} accepts ${limits.pixels[0]} to ${limits.pixels[1]} px per side here`;
	}
	return undefined;
}
