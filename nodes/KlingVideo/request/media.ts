// Images, videos and audio can come from the workflow's own files: a media field holds either a public
// URL or the name of a binary field of the input item. Readers mark the latter as "binary:<field>";
// before submitting, each mark is replaced by what the provider takes (an uploaded file's URL, or
// base64 inline), or refused with a message that says to pass a URL.

import { OPERATIONS, type MediaKind, type VideoRequest } from './operations';

const PREFIX = 'binary:';

export const binaryRef = (property: string) => `${PREFIX}${property}`;
export const isBinaryRef = (value: unknown): value is string =>
	typeof value === 'string' && value.startsWith(PREFIX);
export const refProperty = (ref: string) => ref.slice(PREFIX.length);

/** A media value of a request: where it sits (for replacing it) and what kind of file it is. */
export interface MediaSlot {
	/** The request field, e.g. "firstFrameUrl" or "elements.0.referenceImageUrls.1". */
	field: string;
	kind: MediaKind;
	value: string;
}

/** Every media value of the request, URL or binary mark, with its place. */
export function mediaSlots(request: VideoRequest): MediaSlot[] {
	const slots: MediaSlot[] = [];
	const visit = (value: unknown, path: string[], field: string, kind: MediaKind) => {
		if (path.length === 0) {
			if (typeof value === 'string') slots.push({ field, kind, value });
			else if (Array.isArray(value))
				value.forEach((entry, index) => visit(entry, [], `${field}.${index}`, kind));
			return;
		}
		const [head, ...rest] = path;
		if (head === '*' && Array.isArray(value))
			value.forEach((entry, index) => visit(entry, rest, `${field}.${index}`, kind));
		else if (value && typeof value === 'object')
			visit(
				(value as Record<string, unknown>)[head],
				rest,
				field ? `${field}.${head}` : head,
				kind,
			);
	};
	for (const [path, kind] of OPERATIONS[request.operation].media)
		visit(request, path.split('.'), '', kind);
	return slots;
}

/** A copy of the request with the values at the given fields replaced. */
export function replaceMedia<T extends VideoRequest>(
	request: T,
	replacements: Map<string, string>,
): T {
	const copy = JSON.parse(JSON.stringify(request)) as T;
	for (const [field, value] of replacements) {
		const keys = field.split('.');
		let target = copy as unknown as Record<string, unknown>;
		for (const key of keys.slice(0, -1)) target = target[key] as Record<string, unknown>;
		target[keys[keys.length - 1]] = value;
	}
	return copy;
}
