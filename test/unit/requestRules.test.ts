// The pieces behind "say what is sent": merging extra body fields, the output's model, and the input
// video limits of seeds 001/002 (what a file's size and binary metadata are checked against).
import type { IBinaryData, IDataObject } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import { limitProblem, limitsOf } from '../../nodes/KlingVideo/run/upload/mediaLimits';
import { taskJson } from '../../nodes/KlingVideo/run/output/output';
import { mergeBody } from '../../nodes/KlingVideo/providers/requestRules';
import type { MotionControlRequest } from '../../nodes/KlingVideo/request/operations';
import { foxApi } from '../../nodes/KlingVideo/providers/foxApi';
import { klingAi } from '../../nodes/KlingVideo/providers/klingAi';
import { toApis } from '../../nodes/KlingVideo/providers/toApis';
import { fullRequest } from './fieldFixtures';

describe('mergeBody', () => {
	it('merges objects key by key, replaces anything else, and leaves the base untouched', () => {
		const base = {
			model: 'm',
			extra_body: { cfg_scale: 0.5, multi_prompt: [{ prompt: 'a' }] },
			duration: 5,
		};
		const merged = mergeBody(base, {
			extra_body: { multi_prompt: [], new_key: { deep: true } },
			duration: '7',
			added: null,
		});
		expect(merged).toEqual({
			model: 'm',
			extra_body: { cfg_scale: 0.5, multi_prompt: [], new_key: { deep: true } },
			duration: '7',
			added: null,
		});
		expect(base.extra_body.multi_prompt).toEqual([{ prompt: 'a' }]);
	});

	it('keeps "__proto__" a plain key: no prototype changes, here or anywhere', () => {
		const extra = JSON.parse(
			'{"__proto__": {"polluted": true}, "nested": {"__proto__": {"polluted": true}}}',
		) as IDataObject;
		const merged = mergeBody({ nested: {} }, extra);
		expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
		expect((merged as { polluted?: boolean }).polluted).toBeUndefined();
		expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
		expect(JSON.parse(JSON.stringify(merged))).toEqual(
			JSON.parse('{"nested": {"__proto__": {"polluted": true}}, "__proto__": {"polluted": true}}'),
		);
	});
});

describe("the output's model", () => {
	const task = { id: 't', status: 'completed' as const, videos: [], raw: {} };
	it('is the model the provider says it used, else the one asked for', () => {
		expect(
			taskJson(foxApi, 'textToVideo', 'kling-v3-text-to-video', {
				...task,
				model: 'kling-v3-text-to-video-0301',
			}).model,
		).toBe('kling-v3-text-to-video-0301');
		expect(taskJson(foxApi, 'textToVideo', 'kling-v3-text-to-video', task).model).toBe(
			'kling-v3-text-to-video',
		);
		expect(taskJson(foxApi, 'getTask', undefined, task).model).toBeNull();
	});
});

describe('input video limits', () => {
	const motion = (characterOrientation?: 'image' | 'video') =>
		({ ...fullRequest('motionControl'), characterOrientation }) as MotionControlRequest;
	const video = { field: 'videoUrl', kind: 'video' as const };
	const metadata = (values: IDataObject) =>
		({ data: '', mimeType: 'video/mp4', ...values }) as IBinaryData;

	it('motion video: the longest length follows Character Orientation (seed 001), Kling AI adds its own', () => {
		expect(limitsOf(foxApi, motion(), video)).toEqual({
			maxSecondsByOrientation: { image: 10, video: 30 },
			seconds: [0, 10],
			maxBytes: undefined,
		});
		expect(limitsOf(foxApi, motion('video'), video).seconds).toEqual([0, 30]);
		expect(limitsOf(klingAi, motion('image'), video)).toMatchObject({
			seconds: [3, 10],
			pixels: [340, 3850],
			maxBytes: 100 * 1024 * 1024,
		});
		expect(limitsOf(foxApi, motion(), { field: 'imageUrl', kind: 'image' })).toEqual({
			maxBytes: undefined,
		});
	});

	it('edit video: seed 002 (3-10 s, 720-2160 px, at most 200 MB); the smaller of field and upload limits wins', () => {
		expect(limitsOf(foxApi, fullRequest('editVideo'), video)).toEqual({
			maxBytes: 200 * 1024 * 1024,
			seconds: [3, 10],
			pixels: [720, 2160],
		});
		expect(
			limitsOf(toApis, fullRequest('imageToVideo'), { field: 'firstFrameUrl', kind: 'image' }),
		).toEqual({ maxBytes: 10 * 1024 * 1024 });
	});

	it('checks the size read, then what the binary data says; unknown values pass', () => {
		const limits = limitsOf(foxApi, fullRequest('editVideo'), video);
		expect(limitProblem(foxApi, 'video', limits, { bytes: 200 * 1024 * 1024 + 1 })).toBe(
			'the file is 200.0 MB; FoxAPI accepts videos up to 200.0 MB',
		);
		expect(limitProblem(foxApi, 'video', limits, { bytes: 200 * 1024 * 1024 })).toBeUndefined();
		expect(
			limitProblem(foxApi, 'video', limits, {
				binary: metadata({ duration: 10, width: 2160, height: 720 }),
			}),
		).toBeUndefined();
		expect(limitProblem(foxApi, 'video', limits, { binary: metadata({ height: 2161 }) })).toBe(
			'the video is 2161 px (from its binary data); FoxAPI accepts 720 to 2160 px per side here',
		);
		expect(
			limitProblem(foxApi, 'video', limits, {
				binary: metadata({ duration: 'about a minute', fileSize: '1 GB' }),
			}),
		).toBeUndefined();
	});
});
