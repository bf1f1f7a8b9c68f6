// downloadVideo against misbehaving file hosts (real HTTP on 127.0.0.1), with n8n-core's real
// httpRequest and prepareBinaryData (an ExecuteContext), in memory ('default') and 'filesystem' mode.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { ExecuteContext } from 'n8n-core';
import {
	createRunExecutionData,
	NodeHelpers,
	Workflow,
	type IExecuteFunctions,
	type INode,
	type INodeType,
	type INodeTypes,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { downloadVideo, type DownloadOptions } from '../../nodes/KlingVideo/run/download/download';
import { createEgressCheck } from '../../nodes/KlingVideo/transport/egress';
// The .js suffix: a specifier ending in ".node" is taken for a native addon by Node's loader under tsx.
import { KlingVideo } from '../../nodes/KlingVideo/KlingVideo.node.js';
import { binaryBuffer, useBinaryMode } from '../../tooling/harness/n8n';
import { SAMPLE_MP4 } from '../../tooling/simulator/files';
import { listen, sleep, type RunningServer } from '../../tooling/simulator/http';

const MB = 1_048_576;

/** A real n8n-core ExecuteContext: its helpers.httpRequest and helpers.prepareBinaryData are n8n's own. */
function realContext(): IExecuteFunctions {
	const node: INode = {
		id: 'dl',
		name: 'Kling Video',
		type: 'CUSTOM.klingVideo',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const type: INodeType = new KlingVideo();
	const nodeTypes: INodeTypes = {
		getByName: () => type,
		getByNameAndVersion: (_name, version) => NodeHelpers.getVersionedNodeType(type, version),
		getKnownTypes: () => ({}),
	};
	const workflow = new Workflow({
		id: 'wf-download',
		nodes: [node],
		connections: {},
		nodeTypes,
		active: false,
		settings: { executionOrder: 'v1' },
	});
	const additionalData = {
		executionId: `download-${Math.random().toString(36).slice(2)}`,
		restApiUrl: 'http://localhost:5678/rest',
		variables: {},
	} as unknown as IWorkflowExecuteAdditionalData;
	const runExecutionData = createRunExecutionData({});
	const inputData = { main: [[{ json: {} }]] };
	const executeData = { node, data: inputData, source: null };
	return new ExecuteContext(
		workflow,
		node,
		additionalData,
		'manual',
		runExecutionData,
		0,
		[{ json: {} }],
		inputData,
		executeData,
		[],
	);
}

/** Headers, then one byte every `everyMs`, until the client hangs up (or a minute passes). */
async function dripBytes(response: ServerResponse, everyMs: number) {
	for (let i = 0; i < 60_000 / everyMs && !response.destroyed; i++) {
		response.write(Buffer.from([i & 0xff]));
		await sleep(everyMs);
	}
	if (!response.destroyed) response.end();
}

/** Writes `size` bytes in 64 KB chunks, minding back-pressure; stops when the client hangs up. */
async function stream(response: ServerResponse, size: number, end = true) {
	const chunk = Buffer.alloc(65_536, 7);
	for (let left = size; left > 0 && !response.destroyed; left -= chunk.length) {
		if (!response.write(left >= chunk.length ? chunk : chunk.subarray(0, left))) {
			await new Promise<void>((resolve) => {
				const done = () => {
					response.off('drain', done);
					response.off('close', done);
					resolve();
				};
				response.on('drain', done);
				response.on('close', done);
			});
		}
	}
	if (end && !response.destroyed) response.end();
}

/** When the server saw each response closed (the client hung up or it ended), by path. */
const closedAt = new Map<string, number>();

let host: RunningServer;
let ctx: IExecuteFunctions;
beforeAll(async () => {
	ctx = realContext();
	host = await listen(async (request, response) => {
		const route = request.path.replace(/\?.*$/, '');
		response.on('close', () => closedAt.set(request.path, Date.now()));
		switch (route) {
			case '/video.mp4':
				response.writeHead(200, {
					'content-type': 'video/mp4',
					'content-length': SAMPLE_MP4.length,
				});
				return void response.end(SAMPLE_MP4);
			case '/chunked.mp4': // no content-length: the size is only known by counting
				response.writeHead(200, { 'content-type': 'video/mp4' });
				response.write(SAMPLE_MP4.subarray(0, 1000));
				await sleep(20);
				return void response.end(SAMPLE_MP4.subarray(1000));
			case '/octet':
				response.writeHead(200, {
					'content-type': 'application/octet-stream',
					'content-length': SAMPLE_MP4.length,
				});
				return void response.end(SAMPLE_MP4);
			case '/untyped':
				response.writeHead(200, { 'content-length': SAMPLE_MP4.length });
				return void response.end(SAMPLE_MP4);
			case '/drip':
				response.writeHead(200, { 'content-type': 'video/mp4' });
				return void (await dripBytes(response, 200));
			case '/silent': // never answers
				return;
			case '/announced-big': // announces 5 MB, sends 64 KB, then holds the connection open
				response.writeHead(200, { 'content-type': 'video/mp4', 'content-length': 5 * MB });
				response.write(Buffer.alloc(65_536));
				return;
			case '/unannounced-big': // 8 MB, no content-length
				response.writeHead(200, { 'content-type': 'video/mp4' });
				return void (await stream(response, 8 * MB));
			case '/big-then-stall': // 1 MB + 1 byte, no content-length, then holds the connection open
				response.writeHead(200, { 'content-type': 'video/mp4' });
				return void (await stream(response, MB + 1, false));
			case '/expired': {
				const page = `<!DOCTYPE html><html><head><title>Link expired</title><style>body{color:red}</style></head><body><h1>This link has expired</h1>${'<p>filler text</p>'.repeat(5000)}</body></html>`;
				response.writeHead(200, {
					'content-type': 'text/html; charset=utf-8',
					'content-length': Buffer.byteLength(page),
				});
				return void response.end(page);
			}
			case '/json':
				response.writeHead(200, { 'content-type': 'application/json' });
				return void response.end(
					JSON.stringify({
						error: { code: 'SignatureExpired', message: 'the signature has expired' },
					}),
				);
			case '/forbidden':
				response.writeHead(403, { 'content-type': 'application/xml' });
				return void response.end(
					'<?xml version="1.0"?><Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>',
				);
			default:
				response.writeHead(404, { 'content-type': 'text/plain' });
				response.end('not found');
		}
	});
});
afterAll(async () => {
	await host.close();
	await useBinaryMode('default');
});

// The file host runs on 127.0.0.1, as it would behind a provider on a local Base URL.
const options = (extra: Partial<DownloadOptions> = {}): DownloadOptions => ({
	fileName: 'task-1.mp4',
	timeoutMs: 10_000,
	maxBytes: 10 * MB,
	egress: createEgressCheck(ctx, host.url),
	...extra,
});

/** Runs a download and reports how it ended and after how long. */
async function timed(pathname: string, extra: Partial<DownloadOptions> = {}) {
	const startedAt = Date.now();
	try {
		const binary = await downloadVideo(ctx, `${host.url}${pathname}`, options(extra));
		return { binary, error: undefined, ms: Date.now() - startedAt };
	} catch (error) {
		return { binary: undefined, error: error as Error, ms: Date.now() - startedAt };
	}
}

/** Every file under a directory (the binary data store), recursively. */
function filesUnder(dir: string): string[] {
	return readdirSync(dir, { recursive: true, withFileTypes: true })
		.filter((entry) => entry.isFile())
		.map((entry) => path.join(entry.parentPath ?? entry.path, entry.name));
}

describe.each(['default', 'filesystem'] as const)('binary mode %s', (mode) => {
	let storage: string;
	beforeAll(async () => {
		storage = mkdtempSync(path.join(tmpdir(), 'kling-download-'));
		await useBinaryMode(mode, storage);
	});
	afterAll(async () => {
		await useBinaryMode('default');
		rmSync(storage, { recursive: true, force: true });
	});
	let before: string[] = [];
	beforeEach(() => {
		before = filesUnder(storage);
	});
	/** Files the test added to the store (a failed download must add none, not even a temp file). */
	const added = () => filesUnder(storage).filter((file) => !before.includes(file));

	it('stores a normal video byte for byte', async () => {
		const { binary, error } = await timed('/video.mp4');
		expect(error).toBeUndefined();
		expect(binary).toMatchObject({
			mimeType: 'video/mp4',
			fileName: 'task-1.mp4',
			fileExtension: 'mp4',
			bytes: SAMPLE_MP4.length,
		});
		if (mode === 'filesystem') expect(binary!.id).toMatch(/^filesystem/);
		expect(await binaryBuffer(binary!)).toEqual(SAMPLE_MP4);
	});

	it('stores a body without content-length that is exactly at the size limit', async () => {
		const { binary, error } = await timed('/chunked.mp4', { maxBytes: SAMPLE_MP4.length });
		expect(error).toBeUndefined();
		expect(await binaryBuffer(binary!)).toEqual(SAMPLE_MP4);
	});

	it('ends a dripping download at the overall time limit, with the time-out message', async () => {
		const { error, ms } = await timed('/drip', { timeoutMs: 1500 });
		expect(error?.message).toBe('the download did not finish within 1.5 seconds');
		expect(ms).toBeGreaterThanOrEqual(1400);
		expect(ms).toBeLessThan(3000);
		if (mode === 'filesystem') expect(added()).toEqual([]);
	});

	it('refuses a body without content-length once it passes the size limit, and keeps none of it', async () => {
		const { error, ms } = await timed('/unannounced-big', { maxBytes: 1 * MB });
		expect(error?.message).toMatch(
			/larger than the size limit of 1 MB \(more than that arrived\).*"Max Video Size \(MB\)"/,
		);
		expect(ms).toBeLessThan(3000);
		if (mode === 'filesystem') expect(added()).toEqual([]);
	});

	it('refuses a body past the size limit even when the host then stalls', async () => {
		const { error, ms } = await timed('/big-then-stall', { maxBytes: 1 * MB });
		expect(error?.message).toMatch(/larger than the size limit of 1 MB/);
		expect(ms).toBeLessThan(3000);
		if (mode === 'filesystem') expect(added()).toEqual([]);
	});

	it('refuses one byte over the size limit', async () => {
		const { error } = await timed('/chunked.mp4', { maxBytes: SAMPLE_MP4.length - 1 });
		expect(error?.message).toMatch(/larger than the size limit/);
		if (mode === 'filesystem') expect(added()).toEqual([]);
	});

	it('stops at once when the execution is cancelled mid-body', async () => {
		const controller = new AbortController();
		const download = timed('/drip', { signal: controller.signal, timeoutMs: 20_000 });
		await sleep(700);
		const cancelledAt = Date.now();
		controller.abort();
		const { error } = await download;
		expect(error?.message).toBe('The execution was cancelled');
		expect(Date.now() - cancelledAt).toBeLessThan(500);
		if (mode === 'filesystem') expect(added()).toEqual([]);
	});
});

describe('refused before the body is read', () => {
	it('refuses a content-length over the limit without reading the body, and hangs up', async () => {
		const { error, ms } = await timed('/announced-big', { maxBytes: 1 * MB });
		expect(error?.message).toBe(
			'the video is larger than the size limit of 1 MB (the file host announced 5 MB); the limit can be raised with the option "Max Video Size (MB)"',
		);
		expect(ms).toBeLessThan(1000);
		// The host holds the connection open for ever: only the client's hang-up closes it.
		for (let i = 0; i < 50 && !closedAt.has('/announced-big'); i++) await sleep(20);
		expect(closedAt.has('/announced-big')).toBe(true);
	});

	it('refuses an HTML page (an expired link) by its content type, without quoting the page', async () => {
		const { error, ms } = await timed('/expired');
		expect(error?.message).toBe(
			'the file host answered text/html instead of a video (its page says the link has expired)',
		);
		expect(ms).toBeLessThan(1000);
	});

	it('refuses a JSON answer, and never quotes it', async () => {
		const { error } = await timed('/json');
		expect(error?.message).toBe(
			'the file host answered application/json instead of a video (its page says the link has expired)',
		);
		expect(error?.message).not.toContain('SignatureExpired');
	});

	it('refuses a status that is not 2xx by its status; the body only decides the expiry hint', async () => {
		const { error } = await timed('/forbidden');
		expect(error?.message).toBe(
			'the file host answered HTTP 403 Forbidden instead of the video (its page says the link has expired)',
		);
		const missing = await timed('/gone');
		expect(missing.error?.message).toBe(
			'the file host answered HTTP 404 Not Found instead of the video',
		);
	});

	it('applies the time limit to the headers too', async () => {
		const { error, ms } = await timed('/silent', { timeoutMs: 1000 });
		expect(error?.message).toBe('the download did not finish within 1 second');
		expect(ms).toBeLessThan(2000);
	});

	it('says the execution was cancelled when it already was', async () => {
		const { error } = await timed('/video.mp4', { signal: AbortSignal.abort() });
		expect(error?.message).toBe('The execution was cancelled');
	});
});

describe('accepted content types', () => {
	it.each([
		['/octet', 'application/octet-stream'],
		['/untyped', 'no content type'],
	])('stores %s (%s) as video/mp4', async (pathname) => {
		const { binary, error } = await timed(pathname);
		expect(error).toBeUndefined();
		expect(binary!.mimeType).toBe('video/mp4');
		expect(await binaryBuffer(binary!)).toEqual(SAMPLE_MP4);
	});
});
