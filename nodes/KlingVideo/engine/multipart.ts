// A multipart/form-data body built by hand: n8n 1.x sets multipart headers only for the form-data
// package, which community nodes may not import, so the body and its Content-Type are explicit here.
// The file name and MIME type come from the item's binary data, which anyone upstream can set: both
// are cleaned before they go into a part header, so that they can never end the header line, add a
// header, break out of the quoted string or carry a path.

import { randomBytes } from 'crypto';

export interface FilePart {
	field: string;
	fileName: string;
	mimeType: string;
	data: Buffer;
}

export const FALLBACK_FILE_NAME = 'file';
export const FALLBACK_MIME_TYPE = 'application/octet-stream';
/** Longest file name sent, in characters (servers and file systems commonly stop at 255 bytes). */
export const MAX_FILE_NAME_LENGTH = 120;

/** C0 controls, DEL, C1 controls and the Unicode line and paragraph separators. */
function isControl(codePoint: number): boolean {
	return codePoint <= 0x1f || (codePoint >= 0x7f && codePoint <= 0x9f) || codePoint === 0x2028 || codePoint === 0x2029;
}

function withoutControls(value: string): string {
	return Array.from(value)
		.filter((character) => !isControl(character.codePointAt(0) ?? 0))
		.join('');
}

/** RFC 7230 token characters. */
const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const MIME_TYPE = new RegExp(`^${TOKEN}/${TOKEN}$`);

/** Text safe inside a quoted header parameter: no control characters, quotes or backslashes. */
function quotable(value: string): string {
	return withoutControls(value).replace(/["\\]/g, '_');
}

/**
 * The base name of a file name (no directories, no control characters, quotes or backslashes), at
 * most MAX_FILE_NAME_LENGTH characters with its extension kept, or "file" when nothing usable is left.
 */
export function safeFileName(fileName: unknown): string {
	const raw = typeof fileName === 'string' ? fileName : '';
	const segments = withoutControls(raw).split(/[/\\]+/);
	let name = quotable(segments[segments.length - 1] ?? '').trim();
	if (name === '' || name === '.' || name === '..') return FALLBACK_FILE_NAME;
	const characters = Array.from(name);
	if (characters.length > MAX_FILE_NAME_LENGTH) {
		const dot = name.lastIndexOf('.');
		const extension = dot > 0 ? Array.from(name.slice(dot)) : [];
		const kept = extension.length > 0 && extension.length <= 16 ? extension : [];
		name = characters.slice(0, MAX_FILE_NAME_LENGTH - kept.length).join('') + kept.join('');
	}
	return name;
}

/** `type/subtype` when it is made of RFC 7230 tokens (parameters dropped), else application/octet-stream. */
export function safeMimeType(mimeType: unknown): string {
	if (typeof mimeType !== 'string') return FALLBACK_MIME_TYPE;
	const essence = mimeType.split(';')[0].trim().toLowerCase();
	return MIME_TYPE.test(essence) ? essence : FALLBACK_MIME_TYPE;
}

/** A form field name: no control characters, quotes or backslashes. */
function safeFieldName(name: string): string {
	const cleaned = quotable(name).trim();
	return cleaned === '' ? 'field' : cleaned;
}

export function multipartBody(fields: Record<string, string>, file: FilePart): { body: Buffer; contentType: string } {
	const boundary = `----n8nKlingVideo${randomBytes(12).toString('hex')}`;
	const parts: Buffer[] = [];
	for (const [name, value] of Object.entries(fields)) {
		parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${safeFieldName(name)}"\r\n\r\n${value}\r\n`));
	}
	parts.push(
		Buffer.from(
			`--${boundary}\r\nContent-Disposition: form-data; name="${safeFieldName(file.field)}"; filename="${safeFileName(file.fileName)}"\r\nContent-Type: ${safeMimeType(file.mimeType)}\r\n\r\n`,
		),
		file.data,
		Buffer.from(`\r\n--${boundary}--\r\n`),
	);
	return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}
