// Files from binary data that n8n keeps outside memory (filesystem mode: the binary data has an id) are
// streamed from n8n's store into the upload, never read whole: they arrive byte for byte (FoxAPI, ToAPIs)
// with a Content-Length from the store's size, or chunked when the store does not say it. Limits are
// checked on the stored size before any upload request. Binary data kept in the item (memory mode) keeps
// the Buffer path, and Kling AI's inline base64 reads the file as before.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ServerResponse } from 'node:http';

import { Container } from '@n8n/di';
import { BinaryDataService, FileLocation } from 'n8n-core';
import type { INodeParameters } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { useBinaryMode, type ItemFile } from '../../tooling/harness/n8n';
import type { SimulatedProvider } from '../../tooling/simulator';
import { multipartParts, type RecordedRequest } from '../../tooling/simulator/http';
import { runOn, simulatorsForAll } from './fixtures';

const KEY = 'streamed-key-0123456789';
const MB = 1024 * 1024;
const sims = simulatorsForAll(KEY, { renderMs: 300 });

const VIDEO = randomBytes(3 * MB + 123);
const IMAGE = Buffer.concat([
	Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
	randomBytes(700_000),
]);
const edit = { operation: 'editVideo', prompt: 'make it golden', videoUrl: 'clip' };
const firstFrame = { operation: 'imageToVideo', prompt: 'from a file', firstFrameUrl: 'image' };

function run(
	provider: SimulatedProvider,
	parameters: INodeParameters,
	binaries: Record<string, ItemFile>,
) {
	const options = {
		pollIntervalSeconds: 1,
		download: false,
		...(provider === 'toApis' ? { clientTaskId: false } : {}),
	};
	return runOn(
		sims,
		KEY,
		provider,
		{ duration: 5, options, ...parameters },
		{ binaries: [binaries] },
	);
}

const requestsOf = (provider: SimulatedProvider, from: number) =>
	sims[provider].api.requests.slice(from);
const posts = (provider: SimulatedProvider, from: number) =>
	requestsOf(provider, from).filter((request) => request.method === 'POST');

/** The file part arrived byte for byte, framed with a Content-Length that matches the body, or chunked. */
function expectUploaded(
	request: RecordedRequest,
	file: { data: Buffer; fileName: string; mimeType: string },
	framing: 'content-length' | 'chunked',
) {
	const part = multipartParts(request).find((candidate) => candidate.name === 'file')!;
	expect(part).toMatchObject({ fileName: file.fileName, contentType: file.mimeType });
	expect(part.data.length).toBe(file.data.length);
	expect(part.data.equals(file.data)).toBe(true);
	if (framing === 'content-length') {
		expect(request.headers['content-length']).toBe(String(request.rawBytes.length));
		expect(request.headers['transfer-encoding']).toBeUndefined();
	} else {
		expect(request.headers['transfer-encoding']).toBe('chunked');
		expect(request.headers['content-length']).toBeUndefined();
	}
}

/** Runs one item with one file; what was sent, and how the node read n8n's binary store (streams opened, files read whole). */
async function runWith(
	provider: SimulatedProvider,
	parameters: INodeParameters,
	property: string,
	file: ItemFile,
) {
	const service = Container.get(BinaryDataService);
	const streams = vi.spyOn(service, 'getAsStream');
	const buffers = vi.spyOn(service, 'getAsBuffer');
	const before = sims[provider].api.requests.length;
	try {
		const result = await run(provider, parameters, { [property]: file });
		const sent = posts(provider, before);
		return {
			result,
			sent,
			all: requestsOf(provider, before),
			streams: streams.mock.calls.length,
			buffers: buffers.mock.calls.length,
		};
	} finally {
		streams.mockRestore();
		buffers.mockRestore();
	}
}

const clipFile = (data = VIDEO) => ({ data, fileName: 'clip.mp4', mimeType: 'video/mp4' });
const imageFile = (data = IMAGE) => ({ data, fileName: 'frame.png', mimeType: 'image/png' });

describe("files from binary data in filesystem mode are streamed from n8n's store", () => {
	let storage: string;
	beforeAll(async () => {
		storage = mkdtempSync(path.join(tmpdir(), 'kling-streamed-'));
		await useBinaryMode('filesystem', storage);
	});
	afterAll(async () => {
		await useBinaryMode('default');
		rmSync(storage, { recursive: true, force: true });
	});

	interface StoreOptions {
		/** n8n 2.x puts the size in bytes in the binary data; n8n 1.x only a human-readable fileSize. */
		form?: 'n8n2' | 'n8n1';
		/** Rewrites the size the store's metadata records, or deletes the metadata. */
		storedSize?: number | 'none';
		/** Overrides the `bytes` the binary data carries. */
		bytes?: number;
	}

	/** The file put in n8n's store, and the binary data an upstream node hands on for it. */
	async function stored(
		file: { data: Buffer; fileName: string; mimeType: string },
		options: StoreOptions = {},
	): Promise<ItemFile> {
		const { mimeType, fileName } = file;
		const service = Container.get(BinaryDataService);
		const binary = await service.store(FileLocation.ofExecution('wf', 'streamed'), file.data, {
			data: '',
			mimeType,
			fileName,
		});
		const metadataFile = `${service.getPath(binary.id!)}.metadata`;
		expect(existsSync(metadataFile)).toBe(true);
		if (options.storedSize === 'none') rmSync(metadataFile);
		else if (options.storedSize !== undefined)
			writeFileSync(
				metadataFile,
				JSON.stringify({ mimeType, fileName, fileSize: options.storedSize }),
			);
		const metadata: Record<string, string | number> = {
			id: binary.id!,
			fileSize: binary.fileSize!,
		};
		if (options.form !== 'n8n1') metadata.bytes = options.bytes ?? binary.bytes!;
		return { data: Buffer.alloc(0), mimeType, fileName, metadata };
	}

	it.each([
		['n8n 2.x binary data (with bytes)', 'n8n2'],
		['n8n 1.x binary data (size from the store metadata)', 'n8n1'],
	] as const)(
		'FoxAPI: an edit video is uploaded byte for byte from the store, never read whole: %s',
		async (_, form) => {
			const { result, sent, streams, buffers } = await runWith(
				'foxApi',
				edit,
				'clip',
				await stored(clipFile(), { form }),
			);
			expect(result.error).toBeUndefined();
			const [upload, submit] = sent;
			expect(upload.path).toBe('/v1/files/upload/stream');
			expectUploaded(upload, clipFile(), 'content-length');
			expect(
				multipartParts(upload)
					.find((part) => part.name === 'file_name')
					?.data.toString(),
			).toBe('clip.mp4');
			expect((submit.body as Record<string, string>).video_url).toMatch(
				/\/uploads\/\d+-clip\.mp4$/,
			);
			expect({ streams, buffers }).toEqual({ streams: 1, buffers: 0 });
		},
	);

	it('ToAPIs: a first frame is uploaded byte for byte from the store to /v1/uploads/images', async () => {
		const { result, sent, streams, buffers } = await runWith(
			'toApis',
			firstFrame,
			'image',
			await stored(imageFile(), { form: 'n8n1' }),
		);
		expect(result.error).toBeUndefined();
		expect(sent.map((request) => request.path)).toEqual([
			'/v1/uploads/images',
			'/v1/videos/generations',
		]);
		expectUploaded(sent[0], imageFile(), 'content-length');
		expect(JSON.stringify(sent[1].body)).toMatch(/\/uploads\/\d+-frame\.png"/);
		expect({ streams, buffers }).toEqual({ streams: 1, buffers: 0 });
	});

	it('a stored file whose size the store does not record goes chunked where no size limit applies', async () => {
		const { result, sent, streams, buffers } = await runWith(
			'foxApi',
			firstFrame,
			'image',
			await stored(imageFile(), { form: 'n8n1', storedSize: 'none' }),
		);
		expect(result.error).toBeUndefined();
		expectUploaded(sent[0], imageFile(), 'chunked');
		expect({ streams, buffers }).toEqual({ streams: 1, buffers: 0 });
	});

	it('...and is read into memory where a size limit applies, so that the limit is checked before sending', async () => {
		const { result, sent, streams, buffers } = await runWith(
			'foxApi',
			edit,
			'clip',
			await stored(clipFile(), { form: 'n8n1', storedSize: 'none' }),
		);
		expect(result.error).toBeUndefined();
		expectUploaded(sent[0], clipFile(), 'content-length');
		expect({ streams, buffers }).toEqual({ streams: 0, buffers: 1 });
	});

	const refusal = (label: string, property: string, reason: string) =>
		`"${label}" cannot come from binary field "${property}" [item 0]: ${reason}`;

	it.each([
		[
			'FoxAPI: an edit video the store records as 210 MB',
			'foxApi',
			edit,
			{ form: 'n8n1', storedSize: 210 * MB },
			refusal('Video', 'clip', 'the file is 210.0 MB; FoxAPI accepts videos up to 200.0 MB'),
		],
		[
			'FoxAPI: an edit video whose binary data says 201 MB',
			'foxApi',
			edit,
			{ bytes: 201 * MB },
			refusal('Video', 'clip', 'the file is 201.0 MB; FoxAPI accepts videos up to 200.0 MB'),
		],
		[
			'ToAPIs: an image the store records as 11 MB',
			'toApis',
			firstFrame,
			{ form: 'n8n1', storedSize: 11 * MB },
			refusal(
				'First Frame Image',
				'image',
				'the file is 11.0 MB; ToAPIs accepts images up to 10.0 MB',
			),
		],
	] as const)(
		'%s is refused before any upload request, without opening the file',
		async (_, provider, parameters, options, message) => {
			const property = parameters === edit ? 'clip' : 'image';
			const file = await stored(parameters === edit ? clipFile() : imageFile(), options);
			const { result, all, streams, buffers } = await runWith(provider, parameters, property, file);
			expect(result.error?.message).toBe(message);
			expect(all).toEqual([]);
			expect({ streams, buffers }).toEqual({ streams: 0, buffers: 0 });
		},
	);

	it.each([
		['shorter', VIDEO.length + 1000, `only ${VIDEO.length}`],
		[
			'longer (no byte past the recorded size is sent)',
			VIDEO.length - 1000,
			`more than ${VIDEO.length - 1000}`,
		],
	])(
		'a stored file %s than its recorded size aborts its upload: nothing is submitted',
		async (_, storedSize, has) => {
			const { result, sent } = await runWith(
				'foxApi',
				edit,
				'clip',
				await stored(clipFile(), { form: 'n8n1', storedSize }),
			);
			expect(result.error?.message).toBe(
				`"Video" could not be read from binary field "clip" [item 0]: the file in n8n's binary store has ${has} bytes; its metadata says ${storedSize}`,
			);
			expect(result.error?.description).toBe(
				'The upload to FoxAPI was stopped and nothing was submitted for this item.',
			);
			// The aborted upload never completed at the simulator, and no task was created.
			expect(sent).toEqual([]);
		},
	);

	it('an upload refused for the request rate is sent again from a newly opened stream, whole', async () => {
		const sim = sims.foxApi as unknown as {
			route: (request: RecordedRequest, response: ServerResponse) => boolean | Promise<boolean>;
			sendError: (
				response: ServerResponse,
				kind: string,
				message: string,
				headers?: Record<string, string>,
			) => void;
		};
		const route = sim.route.bind(sim);
		let refused = 0;
		sim.route = (request, response) => {
			if (request.path !== '/v1/files/upload/stream' || refused++ > 0)
				return route(request, response);
			sim.sendError(response, 'rateLimited', 'Rate limit exceeded', { 'retry-after': '1' });
			return true;
		};
		try {
			const { result, sent, streams } = await runWith(
				'foxApi',
				edit,
				'clip',
				await stored(clipFile()),
			);
			expect(result.error).toBeUndefined();
			expect(sent.map((request) => request.path)).toEqual([
				'/v1/files/upload/stream',
				'/v1/files/upload/stream',
				'/v1/videos/generations',
			]);
			for (const upload of sent.slice(0, 2)) expectUploaded(upload, clipFile(), 'content-length');
			expect(streams).toBe(2);
		} finally {
			Reflect.deleteProperty(sim, 'route');
		}
	});

	it('Kling AI: a first frame from the store is still sent inline as base64', async () => {
		const { result, sent } = await runWith(
			'klingAi',
			firstFrame,
			'image',
			await stored(imageFile()),
		);
		expect(result.error).toBeUndefined();
		expect((sent[0].body as Record<string, string>).image).toBe(IMAGE.toString('base64'));
	});
});

describe('binary data kept in the item (memory mode) is uploaded as before', () => {
	it.each([
		['FoxAPI', 'foxApi', edit, 'clip', clipFile()],
		['ToAPIs', 'toApis', firstFrame, 'image', imageFile()],
	] as const)(
		'%s: byte for byte with a Content-Length, no stream from the store',
		async (_, provider, parameters, property, file) => {
			const { result, sent, streams } = await runWith(provider, parameters, property, file);
			expect(result.error).toBeUndefined();
			expectUploaded(sent[0], file, 'content-length');
			expect(streams).toBe(0);
		},
	);
});
