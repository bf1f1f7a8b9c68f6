// A provider's answer body, read as the untrusted input it is: a stream (n8n's HTTP client hands it
// over already decompressed) counted byte by byte and given up past a cap, then parsed as JSON only when
// it is not nested deeper than a cap. So a 1 MB gzip answer that inflates to 768 MB costs one
// megabyte, and a 200,000-deep array never reaches JSON.parse or the run data.

import { megabytes } from '../lib/units';
import type { BinaryStream } from './http';

/** The most an answer may hold after decompression (and so on the wire); real answers are a few KB. */
export const MAX_ANSWER_BYTES = 1_048_576;
/** The deepest nesting an answer may have; the providers' answers are 5 or 6 levels deep. */
export const MAX_ANSWER_DEPTH = 64;

/** An answer the node will not read: too large or too deep. Treated like any malformed answer. */
export class UnreadableAnswer extends Error {
	constructor(reason: string) {
		super(reason);
		this.name = 'UnreadableAnswer';
	}
}

export const tooLargeAnswer = (announced?: number) =>
	new UnreadableAnswer(
		`the answer is larger than ${megabytes(MAX_ANSWER_BYTES, 'short')}, the most the node reads of one answer${announced === undefined ? '' : ` (it announced ${megabytes(announced, 'short')})`}`,
	);

function isStream(body: unknown): body is BinaryStream {
	return (
		typeof body === 'object' &&
		body !== null &&
		typeof (body as { pipe?: unknown }).pipe === 'function' &&
		Symbol.asyncIterator in body
	);
}

/**
 * The body's text, at most MAX_ANSWER_BYTES of it: past that (or when Content-Length announces more)
 * the stream is destroyed and an UnreadableAnswer thrown. A body that is not a stream (an HTTP client
 * that already parsed it) is returned as it is.
 */
export async function readAnswerText(
	body: unknown,
	contentLength: unknown,
	maxBytes = MAX_ANSWER_BYTES,
): Promise<unknown> {
	if (!isStream(body)) return Buffer.isBuffer(body) ? capped(body, maxBytes) : body;
	const announced = Number(contentLength);
	if (Number.isFinite(announced) && announced > maxBytes) {
		body.destroy();
		throw tooLargeAnswer(announced);
	}
	const chunks: Buffer[] = [];
	let size = 0;
	try {
		for await (const chunk of body as AsyncIterable<Buffer | string>) {
			const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
			size += bytes.length;
			if (size > maxBytes) throw tooLargeAnswer();
			chunks.push(bytes);
		}
	} finally {
		body.destroy();
	}
	return Buffer.concat(chunks).toString('utf8');
}

function capped(bytes: Buffer, maxBytes: number): string {
	if (bytes.length > maxBytes) throw tooLargeAnswer(bytes.length);
	return bytes.toString('utf8');
}

/**
 * JSON text as a value; text that is not JSON stays text (the caller says it is not the expected
 * object, quoting it), an empty body is ''. Nesting deeper than MAX_ANSWER_DEPTH is refused unparsed.
 */
export function parseAnswer(text: unknown, maxDepth = MAX_ANSWER_DEPTH): unknown {
	if (typeof text !== 'string') return text;
	const json = text.replace(/^\uFEFF/, '');
	if (json.trim() === '') return '';
	if (nestingDepth(json) > maxDepth)
		throw new UnreadableAnswer(
			`the answer is nested deeper than ${maxDepth} levels, which no provider answer is`,
		);
	try {
		return JSON.parse(json) as unknown;
	} catch {
		return text;
	}
}

/** The deepest bracket nesting of JSON text, brackets inside strings not counted. Linear, no recursion. */
export function nestingDepth(text: string): number {
	let depth = 0;
	let deepest = 0;
	let inString = false;
	for (let index = 0; index < text.length; index++) {
		const char = text.charCodeAt(index);
		if (inString) {
			if (char === 0x5c) index++;
			else if (char === 0x22) inString = false;
		} else if (char === 0x22) inString = true;
		else if (char === 0x7b || char === 0x5b) deepest = Math.max(deepest, ++depth);
		else if (char === 0x7d || char === 0x5d) depth--;
	}
	return deepest;
}
