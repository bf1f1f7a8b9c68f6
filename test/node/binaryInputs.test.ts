// Images, videos and audio from the workflow's own files: a media field names a binary field of the
// item instead of a URL. FoxAPI and ToAPIs get an upload first, Kling AI gets base64 where its API takes
// it, and where neither works the item fails before anything is sent.
import type { INodeParameters } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import type { ItemFile } from '../../tooling/harness/n8n';
import { SAMPLE_MP4 } from '../../tooling/simulator/files';
import { multipartParts } from '../../tooling/simulator/http';
import type { SimulatedProvider } from '../../tooling/simulator';
import { runOn, simulatorsForAll } from './fixtures';

const KEY = 'binary-key-0123456789';
const PNG = Buffer.concat([
	Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
	Buffer.from('frame-pixels'),
	Buffer.alloc(64, 7),
]);
const png = { data: PNG, mimeType: 'image/png', fileName: 'frame.png' };
const sims = simulatorsForAll(KEY, { renderMs: 300 });

function run(
	provider: SimulatedProvider,
	parameters: INodeParameters,
	binaries: Record<string, ItemFile>,
) {
	return runOn(
		sims,
		KEY,
		provider,
		{ duration: 5, options: { pollIntervalSeconds: 1, download: false }, ...parameters },
		{ binaries: [binaries] },
	);
}

const requestsOf = (provider: SimulatedProvider, from: number) =>
	sims[provider].api.requests.slice(from);

describe('binary data as media input', () => {
	it('FoxAPI: uploads the first frame (multipart), then sends the uploaded URL', async () => {
		const before = sims.foxApi.api.requests.length;
		const result = await run(
			'foxApi',
			{ operation: 'imageToVideo', prompt: 'from a file', firstFrameUrl: 'image' },
			{ image: png },
		);
		expect(result.error).toBeUndefined();
		const [upload, submit] = requestsOf('foxApi', before).filter(
			(request) => request.method === 'POST',
		);
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
		const audio = {
			data: Buffer.from('ID3-voice-sample'),
			mimeType: 'audio/mpeg',
			fileName: 'voice.mp3',
		};
		const result = await run(
			'foxApi',
			{ operation: 'createVoice', voiceUrl: 'voice' },
			{ voice: audio },
		);
		expect(result.error).toBeUndefined();
		const submit = requestsOf('foxApi', before).find(
			(request) => request.path === '/v1/videos/generations',
		)!;
		expect((submit.body as Record<string, string>).voice_url).toMatch(/\/uploads\/\d+-voice\.mp3$/);
	});

	it('ToAPIs: reference images go through /v1/uploads/images, URLs stay as they are', async () => {
		const before = sims.toApis.api.requests.length;
		const result = await run(
			'toApis',
			{
				operation: 'imageToVideo',
				prompt: 'keep the character',
				referenceImageUrls: ['character', 'https://example.com/b.png'],
				options: { pollIntervalSeconds: 1, download: false, clientTaskId: false },
			},
			{ character: png },
		);
		expect(result.error).toBeUndefined();
		const posts = requestsOf('toApis', before).filter((request) => request.method === 'POST');
		expect(posts.map((request) => request.path)).toEqual([
			'/v1/uploads/images',
			'/v1/videos/generations',
		]);
		const references = (posts[1].body as Record<string, string[]>).reference_images;
		expect(references[0]).toMatch(/\/uploads\/\d+-frame\.png$/);
		expect(references[1]).toBe('https://example.com/b.png');
	});

	it('ToAPIs: an image over 10 MB is refused before uploading', async () => {
		const before = sims.toApis.api.requests.length;
		const big = {
			data: Buffer.alloc(11 * 1024 * 1024, 1),
			mimeType: 'image/png',
			fileName: 'big.png',
		};
		const result = await run(
			'toApis',
			{ operation: 'imageToVideo', prompt: 'x', firstFrameUrl: 'big' },
			{ big },
		);
		expect(result.error?.message).toBe(
			'"First Frame Image" cannot come from binary field "big" [item 0]: the file is 11.0 MB; ToAPIs accepts images up to 10.0 MB',
		);
		expect(requestsOf('toApis', before)).toEqual([]);
	});

	it('Kling AI: a first frame from binary data is sent as base64 in "image"', async () => {
		const before = sims.klingAi.api.requests.length;
		const result = await run(
			'klingAi',
			{
				operation: 'imageToVideo',
				prompt: 'from a file',
				firstFrameUrl: 'image',
				lastFrameUrl: 'https://example.com/end.png',
			},
			{ image: png },
		);
		expect(result.error).toBeUndefined();
		const submit = requestsOf('klingAi', before).find((request) => request.method === 'POST')!;
		expect((submit.body as Record<string, string>).image).toBe(PNG.toString('base64'));
		expect((submit.body as Record<string, string>).image_tail).toBe('https://example.com/end.png');
	});

	it('Kling AI: a motion video from binary data is refused before anything is sent (no upload, no base64 there)', async () => {
		const before = sims.klingAi.api.requests.length;
		const clip = { data: SAMPLE_MP4, mimeType: 'video/mp4', fileName: 'dance.mp4' };
		const result = await run(
			'klingAi',
			{ operation: 'motionControl', imageUrl: 'https://example.com/p.jpg', videoUrl: 'clip' },
			{ clip },
		);
		expect(result.error?.message).toBe(
			'"Motion Video" cannot come from binary field "clip" [item 0]: Kling AI has no way to receive this file from n8n',
		);
		expect(result.error?.description).toContain('Pass a public http(s) URL');
		expect(requestsOf('klingAi', before)).toEqual([]);
	});

	it('UniAll: no upload endpoint is known, so binary data is refused with a message to pass a URL', async () => {
		const before = sims.uniAll.api.requests.length;
		const result = await run(
			'uniAll',
			{ operation: 'imageToVideo', prompt: 'x', firstFrameUrl: 'image' },
			{ image: png },
		);
		expect(result.error?.message).toBe(
			'"First Frame Image" cannot come from binary field "image" [item 0]: UniAll has no way to receive this file from n8n',
		);
		expect(requestsOf('uniAll', before)).toEqual([]);
	});

	it('a value that is neither a URL nor one of the item binary fields names the fields there are', async () => {
		const before = sims.foxApi.api.requests.length;
		const result = await run(
			'foxApi',
			{ operation: 'imageToVideo', prompt: 'x', firstFrameUrl: 'imgae' },
			{ image: png },
		);
		expect(result.error?.message).toBe(
			'Invalid "First Frame Image" [item 0]: must be a public http(s) URL, e.g. https://example.com/file.png, or one of this item\'s binary fields (image)',
		);
		expect(requestsOf('foxApi', before)).toEqual([]);
	});
});

describe('seed limits on input videos from binary data, checked before uploading (FoxAPI)', () => {
	const clip = (metadata: Record<string, string | number>): ItemFile => ({
		data: SAMPLE_MP4,
		mimeType: 'video/mp4',
		fileName: 'clip.mp4',
		metadata,
	});
	const edit = { operation: 'editVideo', prompt: 'make it golden', videoUrl: 'clip' };
	const motion = {
		operation: 'motionControl',
		imageUrl: 'https://example.com/p.jpg',
		videoUrl: 'clip',
	};
	const refusal = (label: string, reason: string) =>
		`"${label}" cannot come from binary field "clip" [item 0]: ${reason}`;

	it.each([
		[
			'an edit video over 200 MB',
			edit,
			{ bytes: 210 * 1024 * 1024 },
			refusal('Video', 'the file is 210.0 MB; FoxAPI accepts videos up to 200.0 MB'),
		],
		[
			'an edit video over 10 s',
			edit,
			{ duration: 12 },
			refusal(
				'Video',
				'the video lasts 12 s (from its binary data); FoxAPI accepts 3 to 10 s here',
			),
		],
		[
			'an edit video under 3 s',
			edit,
			{ duration: '2.5' },
			refusal(
				'Video',
				'the video lasts 2.5 s (from its binary data); FoxAPI accepts 3 to 10 s here',
			),
		],
		[
			'an edit video under 720 px',
			edit,
			{ width: 640, height: 360 },
			refusal(
				'Video',
				'the video is 640 x 360 px (from its binary data); FoxAPI accepts 720 to 2160 px per side here',
			),
		],
		[
			'a motion video over 10 s, orientation from the image',
			motion,
			{ duration: 12 },
			refusal(
				'Motion Video',
				'the video lasts 12 s (from its binary data); FoxAPI accepts at most 10 s here',
			),
		],
		[
			'a motion video over 30 s, orientation from the video',
			{ ...motion, additionalFields: { characterOrientation: 'video' } },
			{ duration: 31 },
			refusal(
				'Motion Video',
				'the video lasts 31 s (from its binary data); FoxAPI accepts at most 30 s here',
			),
		],
	] as Array<[string, INodeParameters, Record<string, string | number>, string]>)(
		'%s',
		async (_, parameters, metadata, message) => {
			const before = sims.foxApi.api.requests.length;
			const result = await run('foxApi', parameters, { clip: clip(metadata) });
			expect(result.error?.message).toBe(message);
			expect(requestsOf('foxApi', before)).toEqual([]);
		},
	);

	it('within the limits (12 s with the orientation from the video), the video is uploaded and sent', async () => {
		const before = sims.foxApi.api.requests.length;
		const parameters = { ...motion, additionalFields: { characterOrientation: 'video' } };
		const result = await run('foxApi', parameters, {
			clip: clip({ duration: 12, width: 1280, height: 720, bytes: SAMPLE_MP4.length }),
		});
		expect(result.error).toBeUndefined();
		expect(
			requestsOf('foxApi', before)
				.filter((request) => request.method === 'POST')
				.map((request) => request.path),
		).toEqual(['/v1/files/upload/stream', '/v1/videos/generations']);
	});
});
