// What comes from outside (provider answers, binary data of the workflow) is parsed without trusting it:
// a bad date in an answer is dropped, not fatal; a file name or MIME type cannot add a multipart header
// line; a failed task's error carries no made-up HTTP code.
import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import { ProviderCallError } from '../../nodes/KlingVideo/transport/callError';
import { taskFailure, toNodeFailure, type FailureContext } from '../../nodes/KlingVideo/run/errors';
import { failureJson } from '../../nodes/KlingVideo/run/output/output';
import { asIsoTime } from '../../nodes/KlingVideo/lib/json';
import { multipartBody } from '../../nodes/KlingVideo/transport/multipart';
import type { NormalizedTask } from '../../nodes/KlingVideo/providers/types';
import { foxApi } from '../../nodes/KlingVideo/providers/foxApi';
import { toApis } from '../../nodes/KlingVideo/providers/toApis';

describe('asIsoTime', () => {
	it('reads Unix seconds, Unix milliseconds and ISO text', () => {
		expect(asIsoTime(1_700_000_000)).toBe('2023-11-14T22:13:20.000Z');
		expect(asIsoTime(1_700_000_000_000)).toBe('2023-11-14T22:13:20.000Z');
		expect(asIsoTime('1700000000')).toBe('2023-11-14T22:13:20.000Z');
		expect(asIsoTime('2025-01-02T03:04:05Z')).toBe('2025-01-02T03:04:05.000Z');
		expect(asIsoTime('+275760-09-13T00:00:00.000Z')).toBe('+275760-09-13T00:00:00.000Z');
	});

	it.each<[string, unknown]>([
		['1e20 (beyond the last valid date)', 1e20],
		['-1e20', -1e20],
		['1e20 as text', '1e20'],
		['one ms after the last valid date', 8.64e15 + 1],
		['one ms after the last valid date, as ISO text', '+275760-09-13T00:00:00.001Z'],
		['NaN', NaN],
		['Infinity', Infinity],
		['-Infinity', -Infinity],
		['"Infinity"', 'Infinity'],
		['text that is no date', 'tomorrow-ish'],
		['an empty string', ''],
		['an object', { seconds: 1 }],
		['a boolean', true],
		['null', null],
	])('gives undefined, without throwing, for %s', (_, value) => {
		expect(() => asIsoTime(value)).not.toThrow();
		expect(asIsoTime(value)).toBeUndefined();
	});

	it('ToAPIs: a status answer whose expires_at is no valid date is parsed, the date left out', () => {
		for (const expiresAt of [1e20, '1e20', -1e20, '+275760-09-13T00:00:00.001Z']) {
			const body = {
				id: 'tsk_vid_1',
				status: 'completed',
				progress: 100,
				expires_at: expiresAt,
				result: { type: 'video', data: [{ url: 'https://cdn.example.com/v.mp4' }] },
			};
			let task: NormalizedTask | undefined;
			expect(() => (task = toApis.parseTask(body, 'tsk_vid_1'))).not.toThrow();
			expect(task).toMatchObject({
				id: 'tsk_vid_1',
				status: 'completed',
				videos: [{ url: 'https://cdn.example.com/v.mp4' }],
			});
			expect(task?.expiresAt).toBeUndefined();
		}
	});
});

interface ParsedPart {
	headers: string[];
	data: Buffer;
}

/** Splits a multipart body at its boundary: each part's header lines, and its data. */
function parseMultipart(
	body: Buffer,
	contentType: string,
): { parts: ParsedPart[]; boundary: string } {
	const boundary = /^multipart\/form-data; boundary=([!#$%&'*+.^_`|~0-9A-Za-z-]+)$/.exec(
		contentType,
	)?.[1];
	if (!boundary) throw new Error(`not a multipart content type: ${contentType}`);
	const delimiter = Buffer.from(`--${boundary}`);
	const parts: ParsedPart[] = [];
	let start = body.indexOf(delimiter);
	expect(start).toBe(0);
	for (;;) {
		const afterDelimiter = start + delimiter.length;
		if (body.subarray(afterDelimiter, afterDelimiter + 4).toString() === '--\r\n') break;
		expect(body.subarray(afterDelimiter, afterDelimiter + 2).toString()).toBe('\r\n');
		const next = body.indexOf(delimiter, afterDelimiter);
		expect(next).toBeGreaterThan(afterDelimiter);
		const part = body.subarray(afterDelimiter + 2, next - 2);
		expect(body.subarray(next - 2, next).toString()).toBe('\r\n');
		const split = part.indexOf('\r\n\r\n');
		parts.push({
			headers: part.subarray(0, split).toString('utf8').split('\r\n'),
			data: part.subarray(split + 4),
		});
		start = next;
	}
	expect(body.length).toBe(start + delimiter.length + 4);
	return { parts, boundary };
}

const FILE_DATA = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x22, 0x5c]);

/** The file part's header lines of a body built for this name and type. */
function fileHeaders(fileName: string, mimeType: string, field = 'file'): string[] {
	const { body, contentType } = multipartBody({}, { field, fileName, mimeType, data: FILE_DATA });
	const { parts } = parseMultipart(body, contentType);
	expect(parts).toHaveLength(1);
	expect(parts[0].data.equals(FILE_DATA)).toBe(true);
	return parts[0].headers;
}

/** The one header block a file part may have: exactly these two lines, nothing injected. */
function expectTwoHeaderLines(headers: string[]): { name: string; fileName: string; type: string } {
	expect(headers).toHaveLength(2);
	const disposition =
		/^Content-Disposition: form-data; name="([^"\\\x00-\x1f\x7f]*)"; filename="([^"\\/\x00-\x1f\x7f]*)"$/.exec(
			headers[0],
		);
	const type = /^Content-Type: ([!#$%&'*+.^_`|~0-9A-Za-z-]+\/[!#$%&'*+.^_`|~0-9A-Za-z-]+)$/.exec(
		headers[1],
	);
	expect(disposition, headers[0]).not.toBeNull();
	expect(type, headers[1]).not.toBeNull();
	return { name: disposition![1], fileName: disposition![2], type: type![1] };
}

describe('multipartBody: file names and MIME types from binary data', () => {
	it('keeps a plain name and type as they are, and the bytes untouched', () => {
		expect(expectTwoHeaderLines(fileHeaders('frame.png', 'image/png'))).toEqual({
			name: 'file',
			fileName: 'frame.png',
			type: 'image/png',
		});
	});

	it('a MIME type with a line break cannot add a header line', () => {
		const headers = fileHeaders('frame.png', 'image/png\r\nX-Injected: 1');
		expect(expectTwoHeaderLines(headers).type).toBe('application/octet-stream');
		expect(headers.join('\n')).not.toMatch(/X-Injected/i);
	});

	it.each([
		['image/png\nX-Injected: 1'],
		['image/png\rX-Injected: 1'],
		['image/png X-Injected: 1'],
		['image'],
		['image/'],
		['/png'],
		['image/png/x'],
		['image/p"ng'],
		['image/pñg'],
		[''],
		['\u0000/\u0000'],
	])('a MIME type that is not type/subtype (%j) becomes application/octet-stream', (mimeType) => {
		expect(expectTwoHeaderLines(fileHeaders('a.png', mimeType)).type).toBe(
			'application/octet-stream',
		);
	});

	it('keeps only type/subtype of a MIME type with parameters', () => {
		expect(expectTwoHeaderLines(fileHeaders('a.webm', 'Audio/WebM; codecs=opus')).type).toBe(
			'audio/webm',
		);
		expect(expectTwoHeaderLines(fileHeaders('a.bin', 'application/vnd.api+json')).type).toBe(
			'application/vnd.api+json',
		);
	});

	it('a file name with a line break and quotes cannot add a header line or leave its quotes', () => {
		const headers = fileHeaders('a.png"\r\nX-Injected: 1\r\n\r\nbody', 'image/png');
		const { fileName } = expectTwoHeaderLines(headers);
		expect(fileName).toBe('a.png_X-Injected: 1body');
		expect(headers.join('\n')).not.toMatch(/^X-Injected/im);
	});

	it.each([
		['../../etc/passwd', 'passwd'],
		['/tmp/a.png', 'a.png'],
		['C:\\Users\\me\\Pictures\\a.png', 'a.png'],
		['dir/sub\\b.jpg', 'b.jpg'],
		['a\u0000b\u001fc\u007fd\u0085e\u2028.png', 'abcde.png'],
		['tab\there.png', 'tabhere.png'],
		['say "cheese".png', 'say _cheese_.png'],
		['  spaced.png  ', 'spaced.png'],
		['émoji 🎬.mp4', 'émoji 🎬.mp4'],
	])('file name %j is sent as %j', (fileName, expected) => {
		expect(expectTwoHeaderLines(fileHeaders(fileName, 'image/png')).fileName).toBe(expected);
	});

	it.each([[''], ['   '], ['.'], ['..'], ['../'], ['a/..'], ['/'], ['\\'], ['\r\n'], ['\u0000']])(
		'an unusable file name (%j) becomes "file"',
		(fileName) => {
			expect(expectTwoHeaderLines(fileHeaders(fileName, 'image/png')).fileName).toBe('file');
		},
	);

	it('a very long file name is cut to 120 characters, its extension kept', () => {
		const { fileName } = expectTwoHeaderLines(fileHeaders(`${'x'.repeat(5000)}.png`, 'image/png'));
		expect(fileName).toBe(`${'x'.repeat(116)}.png`);
		const emoji = expectTwoHeaderLines(fileHeaders('🎬'.repeat(300), 'video/mp4')).fileName;
		expect(Array.from(emoji)).toHaveLength(120);
		expect(emoji).toBe('🎬'.repeat(120));
	});

	it('field names cannot add a header line or leave their quotes either', () => {
		const { body, contentType } = multipartBody(
			{ 'file_name"\r\nX-Injected: 1': 'v', plain: 'w' },
			{ field: 'up"load\\\r\n', fileName: 'a.png', mimeType: 'image/png', data: FILE_DATA },
		);
		const { parts } = parseMultipart(body, contentType);
		expect(parts.map((part) => part.headers)).toEqual([
			['Content-Disposition: form-data; name="file_name_X-Injected: 1"'],
			['Content-Disposition: form-data; name="plain"'],
			[
				'Content-Disposition: form-data; name="up_load_"; filename="a.png"',
				'Content-Type: image/png',
			],
		]);
		expect(parts.map((part) => part.data.toString('latin1'))).toEqual([
			'v',
			'w',
			FILE_DATA.toString('latin1'),
		]);
	});
});

const node: INode = {
	id: 'n',
	name: 'Kling Video',
	type: 'CUSTOM.klingVideo',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};
const context = (phase: FailureContext['phase'] = 'poll'): FailureContext => ({
	node,
	provider: foxApi,
	itemIndex: 2,
	taskId: 'task-1',
	phase,
});
const failedTask = (
	status: NormalizedTask['status'],
	error?: NormalizedTask['error'],
): NormalizedTask => ({ id: 'task-1', status, videos: [], error, raw: {} });
const isHttpStatus = (value: unknown) =>
	value === undefined || value === null || (typeof value === 'string' && /^[1-5]\d\d$/.test(value));

describe('failures: httpCode is a real HTTP status or nothing', () => {
	it('a failed task has no httpCode; its status and the provider code stay under their own names', () => {
		const error = taskFailure(
			context(),
			failedTask('failed', { message: 'Generation failed', code: 'generation_failed' }),
		);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).httpCode).toBeNull();
		expect(error.message).toBe('FoxAPI task failed: Generation failed (task task-1) [item 2]');
		expect(error.context).toMatchObject({
			itemIndex: 2,
			taskId: 'task-1',
			taskStatus: 'failed',
			providerCode: 'generation_failed',
		});
		expect(error.errorResponse).toMatchObject({
			taskStatus: 'failed',
			providerCode: 'generation_failed',
		});
		expect(failureJson(error, { provider: 'foxApi' })).toEqual({
			error: 'FoxAPI task failed: Generation failed (task task-1) [item 2]',
			description: 'The provider ended the task; most providers do not bill a failed task.',
			provider: 'foxApi',
			taskId: 'task-1',
			taskStatus: 'failed',
			providerCode: 'generation_failed',
		});
	});

	it.each<[string, NormalizedTask['error']]>([
		[
			'a numeric-looking provider code',
			{ message: 'Failure to pass the risk control system', code: '1301' },
		],
		[
			'a code n8n knows as a network error',
			{ message: 'upstream said ENOENT', code: 'ECONNRESET' },
		],
		['no reason at all', undefined],
	])(
		'a cancelled or failed task with %s still has no httpCode, and keeps its own message',
		(_, reason) => {
			for (const status of ['failed', 'cancelled'] as const) {
				const error = taskFailure(context(), failedTask(status, reason));
				expect((error as NodeApiError).httpCode).toBeNull();
				const verb = status === 'cancelled' ? 'was cancelled' : 'failed';
				expect(error.message).toBe(
					`FoxAPI task ${verb}: ${reason?.message ?? `status "${status}" without a reason`} (task task-1) [item 2]`,
				);
				const json = failureJson(error, {});
				expect(json).not.toHaveProperty('httpCode');
				expect(json.taskStatus).toBe(status);
			}
		},
	);

	it('a provider answer keeps its HTTP status as httpCode, and the provider code apart', () => {
		const call = new ProviderCallError('Insufficient balance', {
			delivery: 'answered',
			statusCode: 402,
			providerError: { kind: 'quota', code: 'insufficient_quota', message: 'Insufficient balance' },
		});
		const error = toNodeFailure(call, context('submit')) as NodeApiError;
		expect(error.httpCode).toBe('402');
		expect(error.message).toBe(
			'FoxAPI says the account has insufficient balance (HTTP 402): Insufficient balance (task task-1) [item 2]',
		);
		expect(error.errorResponse).toMatchObject({ providerCode: 'insufficient_quota' });
		expect(failureJson(error, {}).httpCode).toBe('402');
	});

	it('an answer without a status code gives no httpCode (not "0", not the provider code)', () => {
		const call = new ProviderCallError('Busy', {
			delivery: 'answered',
			providerError: { kind: 'busy', code: 'busy_code', message: 'Busy' },
		});
		const error = toNodeFailure(call, context('submit')) as NodeApiError;
		expect(isHttpStatus(error.httpCode)).toBe(true);
		expect(error.httpCode).toBeNull();
		expect(failureJson(error, {})).not.toHaveProperty('httpCode');
	});

	it('a provider message naming a network code is not swapped for a generic one', () => {
		const call = new ProviderCallError('upstream ECONNRESET', {
			delivery: 'answered',
			statusCode: 502,
		});
		const error = toNodeFailure(call, context('poll'));
		expect(error.message).toBe(
			'FoxAPI answered HTTP 502: upstream ECONNRESET (task task-1) [item 2]',
		);
	});

	it('failureJson shows httpCode only when it is an HTTP status', () => {
		const withCode = (httpCode: string) =>
			failureJson(
				new NodeApiError(node, { message: 'x' } as JsonObject, { message: 'x', httpCode }),
				{},
			);
		expect(withCode('failed')).not.toHaveProperty('httpCode');
		expect(withCode('generation_failed')).not.toHaveProperty('httpCode');
		expect(withCode('0')).not.toHaveProperty('httpCode');
		expect(withCode('1301')).not.toHaveProperty('httpCode');
		expect(withCode('500').httpCode).toBe('500');
		expect(failureJson(new NodeOperationError(node, 'no http here'), {})).not.toHaveProperty(
			'httpCode',
		);
	});
});
