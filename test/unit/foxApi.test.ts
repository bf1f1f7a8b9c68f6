import { describe, expect, it } from 'vitest';

import type { ImageToVideoRequest } from '../../nodes/KlingVideo/request/operations';
import { foxApi } from '../../nodes/KlingVideo/providers/foxApi';

describe('FoxAPI task parsing', () => {
	it('reads the current results[] shape', () => {
		const task = foxApi.parseTask(
			{
				id: 't',
				status: 'completed',
				progress: 100,
				model: 'kling-v3-text-to-video',
				results: [{ url: 'https://cdn/x.mp4', width: 1920 }],
			},
			't',
		);
		expect(task).toMatchObject({
			status: 'completed',
			model: 'kling-v3-text-to-video',
			videos: [{ url: 'https://cdn/x.mp4', width: 1920 }],
		});
	});

	it('reads the older output{} shape', () => {
		const task = foxApi.parseTask(
			{
				id: 't',
				status: 'completed',
				output: { url: 'https://cdn/a.mp4', urls: ['https://cdn/a.mp4', 'https://cdn/b.mp4'] },
			},
			't',
		);
		expect(task.videos.map((video) => video.url)).toEqual([
			'https://cdn/a.mp4',
			'https://cdn/b.mp4',
		]);
	});

	it('treats "completed" without results as still running (queried again)', () => {
		expect(foxApi.parseTask({ id: 't', status: 'completed', results: null }, 't').status).toBe(
			'processing',
		);
		expect(foxApi.parseTask({ id: 't', status: 'completed', results: [] }, 't').status).toBe(
			'processing',
		);
	});

	it('maps pending, processing, failed, cancelled and unknown statuses', () => {
		const status = (value: string) => foxApi.parseTask({ id: 't', status: value }, 't').status;
		expect(
			['pending', 'processing', 'failed', 'cancelled', 'canceled', 'warming-up'].map(status),
		).toEqual(['submitted', 'processing', 'failed', 'cancelled', 'cancelled', 'processing']);
	});

	it('reads the failure reason and the voice id', () => {
		const failed = foxApi.parseTask(
			{
				status: 'failed',
				error: { code: 'generation_failed', message: 'policy', type: 'task_error' },
			},
			't',
		);
		expect(failed).toMatchObject({
			id: 't',
			status: 'failed',
			error: { message: 'policy', code: 'generation_failed' },
		});
		const voice = foxApi.parseTask(
			{ id: 'v', status: 'completed', results: [{ voice_id: 'voice_1' }] },
			'v',
		);
		expect(voice).toMatchObject({ status: 'completed', voiceId: 'voice_1', videos: [] });
	});

	it('survives bodies that are not what the docs say', () => {
		for (const body of [null, 'text', [], { status: 42, results: 'nope', output: 7 }]) {
			expect(foxApi.parseTask(body, 'fallback')).toMatchObject({
				id: 'fallback',
				status: 'processing',
				videos: [],
			});
		}
	});
});

describe('FoxAPI errors', () => {
	it('classifies the documented error answers', () => {
		const kind = (status: number, type: string) =>
			foxApi.parseError(status, { error: { message: 'm', type } }).kind;
		expect(kind(401, 'authentication_error')).toBe('auth');
		expect(kind(402, 'insufficient_quota')).toBe('quota');
		expect(kind(429, 'rate_limit_error')).toBe('rateLimited');
		expect(kind(404, 'not_found')).toBe('notFound');
		expect(kind(422, 'invalid_request_error')).toBe('invalid');
		expect(kind(503, 'service_unavailable_error')).toBe('server');
	});

	it('keeps the provider message, or shows the body when there is none', () => {
		expect(
			foxApi.parseError(400, { error: { message: 'Bad prompt', type: 'invalid_request_error' } })
				.message,
		).toBe('Bad prompt');
		expect(foxApi.parseError(502, '<html>Bad gateway</html>').message).toBe(
			'HTTP 502: <html>Bad gateway</html>',
		);
	});
});

describe('FoxAPI request bodies beyond the seeds', () => {
	it('image to video: first and last frame, no aspect ratio, voices and shots', () => {
		const request: ImageToVideoRequest = {
			operation: 'imageToVideo',
			prompt: 'turn <<<voice_1>>>',
			firstFrameUrl: 'https://example.com/a.png',
			lastFrameUrl: 'https://example.com/b.png',
			referenceImageUrls: [],
			resolution: '4k',
			aspectRatio: '9:16',
			duration: 10,
			generateAudio: true,
			voiceIds: ['voice_1'],
			multiPrompt: [
				{ prompt: 'one', duration: 4 },
				{ prompt: 'two', duration: 6 },
			],
		};
		expect(JSON.stringify(foxApi.buildSubmit(request).body)).toBe(
			JSON.stringify({
				model: 'kling-v3-image-to-video',
				prompt: 'turn <<<voice_1>>>',
				image_url: 'https://example.com/a.png',
				image_tail_url: 'https://example.com/b.png',
				resolution: '4k',
				generate_audio: true,
				duration: 10,
				voice_ids: ['voice_1'],
				multi_prompt: [
					{ prompt: 'one', duration: 4 },
					{ prompt: 'two', duration: 6 },
				],
			}),
		);
	});

	it('motion control v2.6 and create voice', () => {
		expect(
			foxApi.buildSubmit({
				operation: 'motionControl',
				modelVersion: 'v2.6',
				imageUrl: 'https://a/i.png',
				videoUrl: 'https://a/v.mp4',
				mode: 'std',
			}).body,
		).toEqual({
			model: 'kling-v2-6-motion-control',
			image_url: 'https://a/i.png',
			video_url: 'https://a/v.mp4',
			mode: 'std',
		});
		expect(foxApi.buildSubmit({ operation: 'createVoice', voiceUrl: 'https://a/v.mp3' })).toEqual({
			method: 'POST',
			path: '/v1/videos/generations',
			body: { model: 'kling-video-create-voice', voice_url: 'https://a/v.mp3' },
		});
	});
});
