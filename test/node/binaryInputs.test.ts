// Images, videos and audio from the workflow's own files: a media field names a binary field of the
// item instead of a URL. FoxAPI and ToAPIs get an upload first, Kling AI gets base64 where its API takes
// it, and where neither works the item fails before anything is sent.
import type { INodeParameters } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runKlingNode } from '../harness/n8n';
import type { ProviderSimulator } from '../simulator/base';
import { SAMPLE_MP4 } from '../simulator/files';
import { multipartParts } from '../simulator/http';
import { SIMULATED, type SimulatedProvider } from '../simulator';

const KEY = 'binary-key-0123456789';
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('frame-pixels'), Buffer.alloc(64, 7)]);
const png = { data: PNG, mimeType: 'image/png', fileName: 'frame.png' };
const sims = {} as Record<SimulatedProvider, ProviderSimulator>;

beforeAll(async () => {
	for (const provider of Object.keys(SIMULATED) as SimulatedProvider[]) {
		sims[provider] = await SIMULATED[provider].start({ apiKey: KEY, renderMs: 300 });
	}
});
afterAll(async () => Promise.all(Object.values(sims).map((sim) => sim.close())));

function run(provider: SimulatedProvider, parameters: INodeParameters, binaries: Record<string, { data: Buffer; mimeType: string; fileName: string }>) {
	return runKlingNode({
		parameters: { provider, duration: 5, options: { pollIntervalSeconds: 1, download: false }, ...parameters },
		credentials: { [SIMULATED[provider].credential]: SIMULATED[provider].credentialData(KEY, sims[provider].baseUrl) },
		binaries: [binaries],
	});
}

const requestsOf = (provider: SimulatedProvider, from: number) => sims[provider].api.requests.slice(from);

describe('binary data as media input', () => {
	it('FoxAPI: uploads the first frame (multipart), then sends the uploaded URL', async () => {
		const before = sims.foxApi.api.requests.length;
		const result = await run('foxApi', { operation: 'imageToVideo', prompt: 'from a file', firstFrameUrl: 'image' }, { image: png });
		expect(result.error).toBeUndefined();
		const [upload, submit] = requestsOf('foxApi', before).filter((request) => request.method === 'POST');
		expect(upload.path).toBe('/v1/files/upload/stream');
		expect(upload.headers.authorization).toBe(`Bearer ${KEY}`);
		const file = multipartParts(upload).find((part) => part.name === 'file')!;
		expect(file).toMatchObject({ fileName: 'frame.png', contentType: 'image/png' });
		expect(file.data.equals(PNG)).toBe(true);
		const imageUrl = (submit.body as Record<string, string>).image_url;
		expect(imageUrl).toMatch(new RegExp(`^${sims.foxApi.files.url}/uploads/`));
		expect((await (await fetch(imageUrl)).arrayBuffer()).byteLength).toBe(PNG.length);
	});

	it('FoxAPI: a voice sample from binary data is uploaded too', async () => {
		const before = sims.foxApi.api.requests.length;
		const audio = { data: Buffer.from('ID3-voice-sample'), mimeType: 'audio/mpeg', fileName: 'voice.mp3' };
		const result = await run('foxApi', { operation: 'createVoice', voiceUrl: 'voice' }, { voice: audio });
		expect(result.error).toBeUndefined();
		const submit = requestsOf('foxApi', before).find((request) => request.path === '/v1/videos/generations')!;
		expect((submit.body as Record<string, string>).voice_url).toMatch(/\/uploads\/\d+-voice\.mp3$/);
	});

	it('ToAPIs: reference images go through /v1/uploads/images, URLs stay as they are', async () => {
		const before = sims.toApis.api.requests.length;
		const result = await run(
			'toApis',
			{ operation: 'imageToVideo', prompt: 'keep the character', referenceImageUrls: ['character', 'https://example.com/b.png'], options: { pollIntervalSeconds: 1, download: false, clientTaskId: false } },
			{ character: png },
		);
		expect(result.error).toBeUndefined();
		const posts = requestsOf('toApis', before).filter((request) => request.method === 'POST');
		expect(posts.map((request) => request.path)).toEqual(['/v1/uploads/images', '/v1/videos/generations']);
		const references = (posts[1].body as Record<string, string[]>).reference_images;
		expect(references[0]).toMatch(/\/uploads\/\d+-frame\.png$/);
		expect(references[1]).toBe('https://example.com/b.png');
	});

	it('ToAPIs: an image over 10 MB is refused before uploading', async () => {
		const before = sims.toApis.api.requests.length;
		const big = { data: Buffer.alloc(11 * 1024 * 1024, 1), mimeType: 'image/png', fileName: 'big.png' };
		const result = await run('toApis', { operation: 'imageToVideo', prompt: 'x', firstFrameUrl: 'big' }, { big });
		expect(result.error?.message).toBe(
			'"First Frame Image" cannot come from binary field "big" [item 0]: the file is 11.0 MB; ToAPIs accepts images up to 10.0 MB',
		);
		expect(requestsOf('toApis', before)).toEqual([]);
	});

	it('Kling AI: a first frame from binary data is sent as base64 in "image"', async () => {
		const before = sims.klingAi.api.requests.length;
		const result = await run('klingAi', { operation: 'imageToVideo', prompt: 'from a file', firstFrameUrl: 'image', lastFrameUrl: 'https://example.com/end.png' }, { image: png });
		expect(result.error).toBeUndefined();
		const submit = requestsOf('klingAi', before).find((request) => request.method === 'POST')!;
		expect((submit.body as Record<string, string>).image).toBe(PNG.toString('base64'));
		expect((submit.body as Record<string, string>).image_tail).toBe('https://example.com/end.png');
	});

	it('Kling AI: a motion video from binary data is refused before anything is sent (no upload, no base64 there)', async () => {
		const before = sims.klingAi.api.requests.length;
		const clip = { data: SAMPLE_MP4, mimeType: 'video/mp4', fileName: 'dance.mp4' };
		const result = await run('klingAi', { operation: 'motionControl', imageUrl: 'https://example.com/p.jpg', videoUrl: 'clip' }, { clip });
		expect(result.error?.message).toBe('"Motion Video" cannot come from binary field "clip" [item 0]: Kling AI has no way to receive this file from n8n');
		expect(result.error?.description).toContain('Pass a public http(s) URL');
		expect(requestsOf('klingAi', before)).toEqual([]);
	});

	it('UniAll: no upload endpoint is known, so binary data is refused with a message to pass a URL', async () => {
		const before = sims.uniAll.api.requests.length;
		const result = await run('uniAll', { operation: 'imageToVideo', prompt: 'x', firstFrameUrl: 'image' }, { image: png });
		expect(result.error?.message).toBe('"First Frame Image" cannot come from binary field "image" [item 0]: UniAll has no way to receive this file from n8n');
		expect(requestsOf('uniAll', before)).toEqual([]);
	});

	it('a value that is neither a URL nor one of the item binary fields names the fields there are', async () => {
		const before = sims.foxApi.api.requests.length;
		const result = await run('foxApi', { operation: 'imageToVideo', prompt: 'x', firstFrameUrl: 'imgae' }, { image: png });
		expect(result.error?.message).toBe(
			"Invalid \"First Frame Image\" [item 0]: must be a public http(s) URL, e.g. https://example.com/file.png, or one of this item's binary fields (image)",
		);
		expect(requestsOf('foxApi', before)).toEqual([]);
	});
});
