// Bad parameters fail before anything is sent: the message names the parameter and the item, and the
// provider sees no request at all (so nothing is billed).
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { FoxApiSimulator } from '../../tooling/simulator/foxApi';
import { foxSimulator, runFox } from './fixtures';

let sim: FoxApiSimulator;
beforeAll(async () => {
	sim = await foxSimulator();
});
afterAll(async () => sim.close());

const t2v = (extra: INodeParameters): INodeParameters => ({
	operation: 'textToVideo',
	prompt: 'a fox',
	duration: 5,
	...extra,
});
const i2v = (extra: INodeParameters): INodeParameters => ({
	operation: 'imageToVideo',
	prompt: 'a fox',
	firstFrameUrl: 'https://example.com/a.png',
	duration: 5,
	...extra,
});
const motion = (extra: INodeParameters): INodeParameters => ({
	operation: 'motionControl',
	imageUrl: 'https://example.com/p.jpg',
	videoUrl: 'https://example.com/d.mp4',
	...extra,
});
const edit = (extra: INodeParameters): INodeParameters => ({
	operation: 'editVideo',
	prompt: 'make it golden',
	videoUrl: 'https://example.com/v.mp4',
	...extra,
});
const url = (n: number) => `https://example.com/${n}.png`;

const cases: Array<[string, INodeParameters, RegExp, IDataObject?]> = [
	['empty prompt', t2v({ prompt: '   ' }), /^Invalid "Prompt" \[item 0\]: is required$/],
	[
		'an empty prompt with multi-prompt shots on FoxAPI (seed 000: prompt is required)',
		t2v({
			prompt: '={{ $json.prompt }}',
			additionalFields: { multiPrompt: { shots: [{ prompt: 'a', duration: 5 }] } },
		}),
		/^Invalid "Prompt" \[item 0\]: is required: FoxAPI needs a prompt even with Multi-Prompt Shots$/,
	],
	[
		'a negative shot duration',
		t2v({
			duration: 5,
			additionalFields: {
				multiPrompt: {
					shots: [
						{ prompt: 'a', duration: -2 },
						{ prompt: 'b', duration: 7 },
					],
				},
			},
		}),
		/^Invalid "Multi-Prompt Shots" \(entry 1\) \[item 0\]: a shot lasts at least 1 second$/,
	],
	[
		'a shot duration that is not whole seconds',
		t2v({
			duration: 5,
			additionalFields: {
				multiPrompt: {
					shots: [
						{ prompt: 'a', duration: 2.5 },
						{ prompt: 'b', duration: 2.5 },
					],
				},
			},
		}),
		/^Invalid "Multi-Prompt Shots" \(entry 1\) \[item 0\]: a shot lasts a whole number of seconds$/,
	],
	[
		'prompt over 2500 characters',
		t2v({ prompt: 'x'.repeat(2501) }),
		/^Invalid "Prompt" \[item 0\]: must be at most 2500 characters$/,
	],
	[
		'a duration FoxAPI does not offer',
		t2v({ duration: 7 }),
		/^Invalid "Duration \(Seconds\)" \[item 0\]: FoxAPI accepts 5 or 10 seconds here$/,
	],
	[
		'a duration that is not a number',
		t2v({ duration: '={{ "ten" }}' }),
		/^Invalid "Duration \(Seconds\)" \[item 0\]: must be a number$/,
	],
	['an unknown resolution', t2v({ resolution: '2k' }), /^Invalid "Resolution" \[item 0\]/],
	[
		'more than 2 voice ids',
		t2v({ generateAudio: true, additionalFields: { voiceIds: ['a', 'b', 'c'] } }),
		/^Invalid "Voice IDs" \[item 0\]: at most 2 voice IDs$/,
	],
	[
		'voice ids without audio',
		t2v({ additionalFields: { voiceIds: ['voice_1'] } }),
		/^Invalid "Voice IDs" \[item 0\]: need "Generate Audio" to be on$/,
	],
	[
		'shot durations that do not add up',
		t2v({
			duration: 10,
			additionalFields: {
				multiPrompt: {
					shots: [
						{ prompt: 'a', duration: 3 },
						{ prompt: 'b', duration: 5 },
					],
				},
			},
		}),
		/^Invalid "Multi-Prompt Shots" \[item 0\]: shot durations add up to 8 s, but the duration is 10 s$/,
	],
	[
		'a shot without a duration on FoxAPI',
		t2v({
			duration: 10,
			additionalFields: {
				multiPrompt: { shots: [{ prompt: 'a', duration: 10 }, { prompt: 'b' }] },
			},
		}),
		/^Invalid "Multi-Prompt Shots" \[item 0\]: FoxAPI needs a duration for every shot$/,
	],
	[
		'a shot without a prompt',
		t2v({ additionalFields: { multiPrompt: { shots: [{ prompt: ' ', duration: 5 }] } } }),
		/^Invalid "Multi-Prompt Shots" \(entry 1\) \[item 0\]: every shot needs a prompt$/,
	],
	[
		'negative prompt over 2500 characters',
		t2v({ additionalFields: { negativePrompt: 'n'.repeat(2501) } }),
		/^Invalid "Negative Prompt" \[item 0\]: must be at most 2500/,
	],
	[
		'image to video without a first frame',
		i2v({ firstFrameUrl: '={{ $json.image }}' }),
		/^Invalid "First Frame Image" \[item 0\]: is required$/,
	],
	[
		'a first frame that is not http(s)',
		i2v({ firstFrameUrl: 'ftp://example.com/a.png' }),
		/^Invalid "First Frame Image" \[item 0\]: must be a public http\(s\) URL/,
	],
	[
		'a last frame that is not a URL',
		i2v({ lastFrameUrl: 'last frame please' }),
		/^Invalid "Last Frame Image" \[item 0\]: must be a public http\(s\) URL/,
	],
	// Expressions that resolve to nothing: n8n's own "required" check cannot see these.
	[
		'motion control without a character image',
		motion({ imageUrl: '={{ $json.image }}' }),
		/^Invalid "Character Image" \[item 0\]: is required$/,
	],
	[
		'a motion video on the local disk',
		motion({ videoUrl: 'file:///etc/passwd' }),
		/^Invalid "Motion Video" \[item 0\]: must be a public http\(s\) URL/,
	],
	[
		'edit without a prompt',
		edit({ prompt: '={{ $json.prompt }}' }),
		/^Invalid "Prompt" \[item 0\]: is required$/,
	],
	[
		'edit at 4K',
		edit({ resolution: '4k' }),
		/^Invalid "Resolution" \[item 0\]: FoxAPI supports 720p, 1080p$/,
	],
	[
		'more than 4 images and elements',
		edit({
			additionalFields: {
				imageUrls: [url(1), url(2), url(3)],
				elements: {
					element: [
						{ frontalImageUrl: url(4), referenceImageUrls: url(5) },
						{ frontalImageUrl: url(6), referenceImageUrls: '' },
					],
				},
			},
		}),
		/^Invalid "Images" \[item 0\]: images and elements together are 5; at most 4$/,
	],
	[
		'an element reference that is not a URL',
		edit({
			additionalFields: {
				elements: {
					element: [{ frontalImageUrl: url(1), referenceImageUrls: `${url(2)}, side view` }],
				},
			},
		}),
		/^Invalid "Elements" \(entry 1\) \[item 0\]: must be a public http\(s\) URL/,
	],
	[
		'a voice sample that is a script',
		{ operation: 'createVoice', voiceUrl: 'javascript:alert(1)' },
		/^Invalid "Voice Audio" \[item 0\]: must be a public http\(s\) URL/,
	],
	[
		'get task without an id',
		{ operation: 'getTask', taskId: '={{ $json.taskId }}' },
		/^Invalid "Task ID" \[item 0\]: is required$/,
	],
	[
		'get task with a URL instead of an id',
		{ operation: 'getTask', taskId: 'https://api.foxapi.cc/v1/tasks/1' },
		/^Invalid "Task ID" \[item 0\]: must be a task ID/,
	],
	[
		'a negative Max Wait',
		t2v({}),
		/^Invalid "Max Wait \(Minutes\)" \[item 0\]: must be a positive number, not -1$/,
		{ maxWaitMinutes: -1 },
	],
	[
		'an empty binary field name',
		t2v({}),
		/^Invalid "Put Output File in Field" \[item 0\]: is required$/,
		{ binaryPropertyName: ' ' },
	],
];

describe('bad inputs fail before any request', () => {
	it.each(cases)('%s', async (_, parameters, message, options) => {
		const before = sim.api.requests.length;
		const result = await runFox(sim, parameters, { options });
		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error?.message).toMatch(message);
		expect(result.error?.context?.itemIndex).toBe(0);
		expect(sim.api.requests.length - before).toBe(0);
	});

	it('a literally empty required parameter is stopped by n8n itself, before the node runs', async () => {
		const before = sim.api.requests.length;
		await expect(runFox(sim, edit({ prompt: '' }))).rejects.toThrow(
			'Parameter "Prompt" is required',
		);
		// FoxAPI needs a prompt even with shots (seed 000), and a first frame: both marked required for it.
		const shots = { multiPrompt: { shots: [{ prompt: 'a', duration: 5 }] } };
		await expect(runFox(sim, t2v({ prompt: '', additionalFields: shots }))).rejects.toThrow(
			'Parameter "Prompt" is required',
		);
		await expect(runFox(sim, i2v({ firstFrameUrl: '' }))).rejects.toThrow(
			'Parameter "First Frame Image" is required',
		);
		expect(sim.api.requests.length - before).toBe(0);
	});

	it('a bad second item stops the run before the good first item is sent', async () => {
		const before = sim.api.requests.length;
		const result = await runFox(
			sim,
			{ prompt: '={{ $json.prompt }}' },
			{ items: [{ prompt: 'fine' }, { prompt: '' }] },
		);
		expect(result.error?.message).toBe('Invalid "Prompt" [item 1]: is required');
		expect(sim.api.requests.length - before).toBe(0);
	});

	it('under Continue On Fail, the bad item becomes an error item and the good one still runs', async () => {
		const result = await runFox(
			sim,
			{ prompt: '={{ $json.prompt }}' },
			{
				items: [{ prompt: 'fine' }, { prompt: '' }],
				continueOnFail: true,
				options: { download: false },
			},
		);
		expect(result.output[0].json.status).toBe('completed');
		expect(result.output[1]).toEqual({
			json: {
				error: 'Invalid "Prompt" [item 1]: is required',
				description: 'Fix this parameter; nothing was sent to the provider for this item.',
				provider: 'foxApi',
				operation: 'textToVideo',
			},
			pairedItem: { item: 1 },
		});
	});
});
