// A multipart/form-data body built by hand: n8n 1.x sets multipart headers only for the form-data
// package, which community nodes may not import, so the body and its Content-Type are explicit here.
// A file in memory makes one Buffer; a file in n8n's binary store makes a stream (the part headers, the
// file as the store reads it, the closing boundary), with its Content-Length when the size is known.
// The file name and MIME type come from the item's binary data, which anyone upstream can set: both
// are cleaned before they go into a part header, so that they can never end the header line, add a
// header, break out of the quoted string or carry a path.

import { randomBytes } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import { withoutControls } from '../lib/text';

import type { BinaryStream, StoredFile } from './http';

export interface FilePart {
	field: string;
	fileName: string;
	mimeType: string;
	data: Buffer | StoredFile;
}

export const FALLBACK_FILE_NAME = 'file';
export const FALLBACK_MIME_TYPE = 'application/octet-stream';
/** Longest file name sent, in characters (servers and file systems commonly stop at 255 bytes). */
export const MAX_FILE_NAME_LENGTH = 120;

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

export interface MultipartBody<B> {
	body: B;
	contentType: string;
	/** Content-Type, and Content-Length unless the size of a file in the store is unknown (then chunked). */
	headers: IDataObject;
}

export function multipartBody(
	fields: Record<string, string>,
	file: FilePart & { data: Buffer },
): MultipartBody<Buffer>;
export function multipartBody(
	fields: Record<string, string>,
	file: FilePart,
): MultipartBody<Buffer | BinaryStream>;
export function multipartBody(
	fields: Record<string, string>,
	file: FilePart,
): MultipartBody<Buffer | BinaryStream> {
	const boundary = `----n8nKlingVideo${randomBytes(12).toString('hex')}`;
	const parts: string[] = [];
	for (const [name, value] of Object.entries(fields)) {
		parts.push(
			`--${boundary}\r\nContent-Disposition: form-data; name="${safeFieldName(name)}"\r\n\r\n${value}\r\n`,
		);
	}
	parts.push(
		`--${boundary}\r\nContent-Disposition: form-data; name="${safeFieldName(file.field)}"; filename="${safeFileName(file.fileName)}"\r\nContent-Type: ${safeMimeType(file.mimeType)}\r\n\r\n`,
	);
	const head = Buffer.from(parts.join(''));
	const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
	const contentType = `multipart/form-data; boundary=${boundary}`;
	const headers: IDataObject = { 'content-type': contentType };
	if (Buffer.isBuffer(file.data))
		return { body: Buffer.concat([head, file.data, tail]), contentType, headers };
	const { stream, bytes } = file.data;
	if (bytes !== undefined) headers['content-length'] = String(head.length + bytes + tail.length);
	return { body: streamed(stream, head, tail, bytes), contentType, headers };
}

/** Readable.from, reached through the stream n8n gave: community nodes may not import Node's `stream`. */
type ReadableFrom = (
	iterable: AsyncIterable<Buffer>,
	options: { objectMode: boolean },
) => BinaryStream;

function readableFrom(source: BinaryStream): ReadableFrom | undefined {
	const from = (source.constructor as { from?: unknown } | undefined)?.from;
	return typeof from === 'function' ? (from as ReadableFrom).bind(source.constructor) : undefined;
}

/** Whether a stream from n8n's store can become a multipart body (every Node Readable can). */
export function canStream(source: BinaryStream): boolean {
	return readableFrom(source) !== undefined;
}

/**
 * `head`, the source's bytes and `tail` as one stream, read as the HTTP client asks for them. A source
 * that turns out longer or shorter than its stored size fails the stream (the request is aborted)
 * rather than sending a body that disagrees with its Content-Length.
 */
function streamed(
	source: BinaryStream,
	head: Buffer,
	tail: Buffer,
	bytes: number | undefined,
): BinaryStream {
	const from = readableFrom(source);
	if (!from) throw new Error('The binary data stream cannot be read as a stream here');
	async function* body() {
		yield head;
		let read = 0;
		for await (const chunk of source as AsyncIterable<Buffer>) {
			read += chunk.length;
			if (bytes !== undefined && read > bytes) break;
			yield chunk;
		}
		if (bytes !== undefined && read !== bytes) {
			throw new Error(
				`the file in n8n's binary store has ${read > bytes ? `more than ${bytes}` : `only ${read}`} bytes; its metadata says ${bytes}`,
			);
		}
		yield tail;
	}
	const stream = from(body(), { objectMode: false });
	// The HTTP client listens for errors while it sends (and then aborts the request); one that comes
	// after it stopped listening, as the stream is closed, must not go unhandled.
	stream.on('error', () => {});
	return stream;
}
