import { describe, expect, it } from 'vitest';

import { signKlingToken } from '../../credentials/KlingAiApi.credentials';
import type {
	ImageToVideoRequest,
	TextToVideoRequest,
} from '../../nodes/KlingVideo/request/operations';
import { klingAi } from '../../nodes/KlingVideo/providers/klingAi';
import { splitTaskId } from '../../nodes/KlingVideo/providers/shared/klingTaskId';
import { jwtProblem, webhookHeaders } from '../../tooling/simulator/klingAi';

describe('Kling AI JWT', () => {
	it('matches a vector computed independently (Python hmac) for fixed keys and time', () => {
		expect(signKlingToken('ak-test', 'sk-test-secret', 1_700_000_000)).toBe(
			'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJhay10ZXN0IiwiZXhwIjoxNzAwMDAxODAwLCJuYmYiOjE2OTk5OTk5OTV9.M4nfRl5ZIQrZbQWFOp7VZ36JrMkLjH3W9YDakXgAXSw',
		);
	});

	it('carries iss, exp = now + 1800 and nbf = now - 5', () => {
		const [, payload] = signKlingToken('ak', 'sk', 1000).split('.');
		expect(JSON.parse(Buffer.from(payload, 'base64url').toString())).toEqual({
			iss: 'ak',
			exp: 2800,
			nbf: 995,
		});
	});

	it('is accepted by the simulator check only with the right secret, issuer and time', () => {
		const now = Math.floor(Date.now() / 1000);
		const token = `Bearer ${signKlingToken('ak', 'sk', now)}`;
		expect(jwtProblem(token, 'ak', 'sk', now)).toBeUndefined();
		expect(jwtProblem(token, 'ak', 'other-secret', now)).toBe('bad signature');
		expect(jwtProblem(token, 'someone-else', 'sk', now)).toBe('wrong iss');
		expect(jwtProblem(token, 'ak', 'sk', now + 1801)).toBe('expired');
		expect(jwtProblem(token, 'ak', 'sk', now - 10)).toBe('not yet valid');
	});
});

const t2v: TextToVideoRequest = {
	operation: 'textToVideo',
	prompt: 'a robot says <<<voice_1>>>',
	negativePrompt: 'blur',
	resolution: '1080p',
	aspectRatio: '16:9',
	duration: 10,
	generateAudio: true,
	voiceIds: ['voice_a'],
	multiPrompt: [
		{ prompt: 'wide shot', duration: 4 },
		{ prompt: 'close up', duration: 6 },
	],
	cfgScale: 0.5,
	shotType: 'intelligent',
};

describe('Kling AI requests', () => {
	it('text to video: string duration, mode, sound, multi-shot with index, voice list', () => {
		expect(klingAi.buildSubmit(t2v)).toEqual({
			method: 'POST',
			path: '/v1/videos/text2video',
			body: {
				model_name: 'kling-v3',
				prompt: 'a robot says <<<voice_1>>>',
				negative_prompt: 'blur',
				duration: '10',
				aspect_ratio: '16:9',
				mode: 'pro',
				sound: 'on',
				cfg_scale: 0.5,
				multi_shot: true,
				shot_type: 'intelligence',
				multi_prompt: [
					{ index: 1, prompt: 'wide shot', duration: '4' },
					{ index: 2, prompt: 'close up', duration: '6' },
				],
				voice_list: [{ voice_id: 'voice_a' }],
			},
		});
	});

	it('image to video: image and image_tail, no aspect ratio', () => {
		const request: ImageToVideoRequest = {
			operation: 'imageToVideo',
			prompt: 'open the door',
			firstFrameUrl: 'https://example.com/a.png',
			lastFrameUrl: 'https://example.com/b.png',
			referenceImageUrls: [],
			resolution: '720p',
			aspectRatio: '9:16',
			duration: 5,
			generateAudio: false,
			voiceIds: [],
			multiPrompt: [],
		};
		expect(klingAi.buildSubmit(request)).toEqual({
			method: 'POST',
			path: '/v1/videos/image2video',
			body: {
				model_name: 'kling-v3',
				prompt: 'open the door',
				image: 'https://example.com/a.png',
				image_tail: 'https://example.com/b.png',
				duration: '5',
				mode: 'std',
				sound: 'off',
			},
		});
	});

	it('motion control and edit (omni-video with a base video)', () => {
		expect(
			klingAi.buildSubmit({
				operation: 'motionControl',
				modelVersion: 'v2.6',
				imageUrl: 'https://a/p.jpg',
				videoUrl: 'https://a/d.mp4',
				mode: 'pro',
				characterOrientation: 'video',
				keepOriginalSound: false,
			}),
		).toEqual({
			method: 'POST',
			path: '/v1/videos/motion-control',
			body: {
				model_name: 'kling-v2-6',
				image_url: 'https://a/p.jpg',
				video_url: 'https://a/d.mp4',
				character_orientation: 'video',
				keep_original_sound: 'no',
				mode: 'pro',
			},
		});
		expect(
			klingAi.buildSubmit({
				operation: 'editVideo',
				prompt: 'golden hour in @Video1',
				videoUrl: 'https://a/v.mp4',
				resolution: '1080p',
				keepAudio: true,
				imageUrls: ['https://a/s.jpg'],
				elements: [],
			}),
		).toEqual({
			method: 'POST',
			path: '/v1/videos/omni-video',
			body: {
				model_name: 'kling-v3-omni',
				prompt: 'golden hour in @Video1',
				video_list: [
					{ video_url: 'https://a/v.mp4', refer_type: 'base', keep_original_sound: 'yes' },
				],
				image_list: [{ image_url: 'https://a/s.jpg' }],
				mode: 'pro',
				sound: 'off',
			},
		});
	});

	it('encodes the endpoint in the task id, and queries under it', () => {
		const submitted = klingAi.parseSubmit(
			{ code: 0, data: { task_id: '8672', task_status: 'submitted' } },
			t2v,
		);
		expect(submitted.taskId).toBe('text2video:8672');
		expect(klingAi.buildStatus('image2video:42')).toEqual({
			method: 'GET',
			path: '/v1/videos/image2video/42',
		});
		expect(klingAi.buildStatus('42')).toEqual({ method: 'GET', path: '/v1/videos/text2video/42' });
		expect(splitTaskId('motion-control:7')).toEqual({ endpoint: 'motion-control', id: '7' });
	});
});

describe('Kling AI answers', () => {
	it('maps submitted, processing, succeed and failed, with videos and the failure reason', () => {
		const parse = (data: object) => klingAi.parseTask({ code: 0, data }, 'text2video:1');
		expect(parse({ task_status: 'submitted' }).status).toBe('submitted');
		expect(parse({ task_status: 'processing' }).status).toBe('processing');
		expect(
			parse({
				task_status: 'succeed',
				task_result: { videos: [{ id: 'v', url: 'https://k/v.mp4', duration: '5.042' }] },
			}),
		).toMatchObject({
			status: 'completed',
			videos: [{ id: 'v', url: 'https://k/v.mp4', duration: '5.042' }],
		});
		expect(parse({ task_status: 'failed', task_status_msg: 'risk control' })).toMatchObject({
			status: 'failed',
			error: { message: 'risk control' },
		});
	});

	it('turns a code != 0 inside an HTTP 200 into an error, and maps the documented codes', () => {
		expect(klingAi.parseBodyError?.({ code: 0, data: {} })).toBeUndefined();
		const kind = (code: number, status = 400) =>
			klingAi.parseError(status, { code, message: 'm' }).kind;
		expect([1000, 1001, 1002, 1003, 1004].map((code) => kind(code, 401))).toEqual(
			Array(5).fill('auth'),
		);
		expect([kind(1101, 429), kind(1102, 429)]).toEqual(['quota', 'quota']);
		expect(kind(1301)).toBe('contentPolicy');
		expect([kind(1302, 429), kind(1303, 429)]).toEqual(['rateLimited', 'busy']);
		expect(kind(5001, 503)).toBe('server');
		expect(
			klingAi.parseBodyError?.({ code: 1303, message: 'parallel task over resource pack limit' }),
		).toEqual({
			kind: 'busy',
			code: '1303',
			documented: true,
			message:
				'too many tasks running at once for the resource pack (code 1303: parallel task over resource pack limit)',
		});
		expect(
			klingAi.parseError(429, { code: 1102, message: 'resource pack exhausted' }).message,
		).toBe(
			'the account is out of balance or its resource pack is used up (code 1102: resource pack exhausted)',
		);
	});
});

describe("the simulator's signed callbacks (Kling's current design)", () => {
	it("sign as Kling's own verification example says", () => {
		const body =
			'{"id":"1234567890","status":"succeeded","message":"","create_time":1781080778802,"update_time":1781080794151}';
		expect(
			webhookHeaders(
				'whsec_dGVzdHNlY3JldHRlc3RzZWNyZXR0ZXN0c2VjcmV0MTI=',
				'9876543210',
				body,
				1781080794,
			),
		).toEqual({
			'webhook-id': '9876543210',
			'webhook-timestamp': '1781080794',
			'webhook-signature': 'v1,UsKlJP00XoQyOn410NM9xv34sP+Gl0jnOO9Lcpr7NJ4=',
		});
	});
});
