// The plumbing every simulated provider shares: a real HTTP server on 127.0.0.1, JSON in and out,
// and a record of every request for the tests to assert on.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGzip } from 'node:zlib';
import { toolClock } from '../clock';

export interface RecordedRequest {
	method: string;
	path: string;
	headers: IncomingMessage['headers'];
	/** The body exactly as it arrived, as text and as bytes. */
	rawBody: string;
	rawBytes: Buffer;
	body: unknown;
	at: number;
}

export type Handler = (request: RecordedRequest, response: ServerResponse) => void | Promise<void>;

export interface RunningServer {
	server: Server;
	url: string;
	requests: RecordedRequest[];
	close(): Promise<void>;
}

export async function listen(handler: Handler): Promise<RunningServer> {
	const requests: RecordedRequest[] = [];
	const server = createServer((incoming, response) => {
		const chunks: Buffer[] = [];
		incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
		incoming.on('end', () => {
			const rawBytes = Buffer.concat(chunks);
			const rawBody = rawBytes.toString('utf8');
			let body: unknown;
			try {
				body = rawBody ? JSON.parse(rawBody) : undefined;
			} catch {
				body = rawBody;
			}
			const url = new URL(incoming.url ?? '/', 'http://127.0.0.1');
			const request: RecordedRequest = {
				method: incoming.method ?? 'GET',
				path: url.pathname + url.search,
				headers: incoming.headers,
				rawBody,
				rawBytes,
				body,
				at: toolClock.now(),
			};
			requests.push(request);
			Promise.resolve(handler(request, response)).catch((error: unknown) => {
				if (!response.headersSent)
					sendJson(response, 500, { error: { message: String(error), type: 'server_error' } });
			});
		});
	});
	server.keepAliveTimeout = 1000;
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		server,
		url: `http://127.0.0.1:${port}`,
		requests,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

export function sendJson(
	response: ServerResponse,
	status: number,
	body: unknown,
	headers: Record<string, string> = {},
) {
	const text = JSON.stringify(body);
	response.writeHead(status, {
		'content-type': 'application/json',
		'content-length': Buffer.byteLength(text),
		...headers,
	});
	response.end(text);
}

/** Sends the headers, then the body one byte every `everyMs` of the shared clock (a host that never trips an idle timeout). */
export function drip(response: ServerResponse, body: string, everyMs: number) {
	response.writeHead(200, {
		'content-type': 'application/json',
		'content-length': Buffer.byteLength(body),
	});
	let sent = 0;
	const timer = setInterval(
		() => {
			if (response.destroyed || sent >= body.length) {
				clearInterval(timer);
				if (!response.destroyed) response.end();
				return;
			}
			response.write(body[sent++]);
		},
		Math.max(1, everyMs / toolClock.factor),
	);
	response.on('close', () => clearInterval(timer));
}

/** Gzip bodies of `bombJson(bytes)`, made once per size (1 MB on the wire holds about 1 GB). */
const bombs = new Map<number, Promise<Buffer>>();

/** A JSON object that inflates to exactly `bytes`: a processing status padded with one long string. */
function bomb(bytes: number): Promise<Buffer> {
	const cached = bombs.get(bytes);
	if (cached) return cached;
	const made = new Promise<Buffer>((resolve, reject) => {
		const head = '{"status":"processing","padding":"';
		const tail = '"}';
		const gzip = createGzip({ level: 9 });
		const out: Buffer[] = [];
		gzip.on('data', (chunk: Buffer) => out.push(chunk));
		gzip.on('end', () => resolve(Buffer.concat(out)));
		gzip.on('error', reject);
		const chunk = Buffer.alloc(1_048_576, 'x');
		let left = Math.max(0, bytes - head.length - tail.length);
		gzip.write(head);
		const pump = () => {
			while (left > 0) {
				const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
				left -= piece.length;
				if (!gzip.write(piece)) return void gzip.once('drain', pump);
			}
			gzip.end(tail);
		};
		pump();
	});
	bombs.set(bytes, made);
	return made;
}

/** An answer whose gzip body inflates to `bytes` of JSON (what a broken or hostile gateway may send). */
export async function sendBomb(response: ServerResponse, status: number, bytes: number) {
	const body = await bomb(bytes);
	response.writeHead(status, {
		'content-type': 'application/json',
		'content-encoding': 'gzip',
		'content-length': body.length,
	});
	response.end(body);
}

/** A processing status with one value nested `levels` deep. */
export function deepJson(levels: number): string {
	return `{"status":"processing","nested":${'['.repeat(levels)}${']'.repeat(levels)}}`;
}

/** A real-time pause (for servers that tests drive on the real clock). */
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface UploadedPart {
	name: string;
	fileName?: string;
	contentType?: string;
	data: Buffer;
}

/** The parts of a multipart/form-data body. */
export function multipartParts(request: RecordedRequest): UploadedPart[] {
	const boundary = /boundary=([^;]+)/.exec(String(request.headers['content-type'] ?? ''))?.[1];
	if (!boundary) return [];
	const parts: UploadedPart[] = [];
	const delimiter = Buffer.from(`--${boundary}`);
	let start = request.rawBytes.indexOf(delimiter);
	while (start !== -1) {
		const next = request.rawBytes.indexOf(delimiter, start + delimiter.length);
		if (next === -1) break;
		const part = request.rawBytes.subarray(start + delimiter.length + 2, next - 2);
		const split = part.indexOf('\r\n\r\n');
		const head = part.subarray(0, split).toString('utf8');
		const name = /name="([^"]*)"/.exec(head)?.[1] ?? '';
		parts.push({
			name,
			fileName: /filename="([^"]*)"/.exec(head)?.[1],
			contentType: /content-type:\s*([^\r\n]+)/i.exec(head)?.[1],
			data: part.subarray(split + 4),
		});
		start = next;
	}
	return parts;
}
