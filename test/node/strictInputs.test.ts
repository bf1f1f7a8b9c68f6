// Values from expressions are read strictly, before anything is sent: "false" is false, "10" is 10, and
// a boolean or number option that is anything else fails naming the option and the item, with no request
// made. Get Task IDs cannot walk the status URL. A provider date out of range is dropped, not fatal. A
// failed task's error item carries no made-up httpCode. File names and MIME types of binary inputs
// cannot add a header to an upload.
import type { ServerResponse } from 'node:http';

import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { binaryBuffer, runKlingNode, type KlingResult } from '../../tooling/harness/n8n';
import { ProviderSimulator, type SimulatorOptions } from '../../tooling/simulator/base';
import { SAMPLE_MP4 } from '../../tooling/simulator/files';
import type { FoxApiSimulator } from '../../tooling/simulator/foxApi';
import { multipartParts } from '../../tooling/simulator/http';
import { ToApisSimulator } from '../../tooling/simulator/toApis';
import { foxSimulator, runFox } from './fixtures';

let sim: FoxApiSimulator;
beforeAll(async () => {
	sim = await foxSimulator({ renderMs: 600 });
});
afterAll(async () => sim.close());

/** Runs the node and returns its result with the number of requests and accepted submits it caused. */
async function counted(run: () => Promise<KlingResult>) {
	const requests = sim.api.requests.length;
	const submits = sim.acceptedSubmits.length;
	const result = await run();
	return {
		result,
		requests: sim.api.requests.length - requests,
		submits: sim.acceptedSubmits.length - submits,
	};
}

/** A parameter failure: a NodeOperationError with this exact message, for this item, and no request made. */
function expectRefusedBeforeSending(
	outcome: Awaited<ReturnType<typeof counted>>,
	message: string,
	itemIndex = 0,
) {
	expect(outcome.result.error?.name).toBe('NodeOperationError');
	expect(outcome.result.error?.message).toBe(message);
	expect(outcome.result.error?.context?.itemIndex).toBe(itemIndex);
	expect(outcome.result.error?.description).toBe(
		'Fix this parameter; nothing was sent to the provider for this item.',
	);
	expect(outcome.requests).toBe(0);
	expect(outcome.submits).toBe(0);
}

/** An n8n expression that resolves to this value (a string, a number, a boolean, an array...). */
const expression = (value: unknown) => `={{ ${JSON.stringify(value)} }}`;

describe('booleans from expressions', () => {
	it('Wait for Completion "false" (text from an expression) does not wait: the submitted task, no binary', async () => {
		const outcome = await counted(() => runFox(sim, { waitForCompletion: expression('false') }));
		expect(outcome.result.error).toBeUndefined();
		expect(outcome.result.output[0].json).toMatchObject({
			status: 'submitted',
			videoUrl: null,
			videos: [],
		});
		expect(outcome.result.output[0].binary).toBeUndefined();
		expect(outcome.submits).toBe(1);
		// One submit and no status query: the node did not wait.
		expect(outcome.requests).toBe(1);
	});

	it('Download "false" from an expression outputs the URL only; numbers as text are read as numbers', async () => {
		const outcome = await counted(() =>
			runFox(
				sim,
				{},
				{
					options: {
						download: expression('false'),
						maxWaitMinutes: expression('10'),
						pollIntervalSeconds: expression(' 1 '),
						concurrency: expression('2'),
					},
				},
			),
		);
		expect(outcome.result.error).toBeUndefined();
		expect(outcome.result.output[0].json).toMatchObject({
			status: 'completed',
			videoUrl: expect.stringMatching(/\.mp4$/),
		});
		expect(outcome.result.output[0].binary).toBeUndefined();
	});

	it('"true" from an expression is true (Download)', async () => {
		const result = await runFox(
			sim,
			{ waitForCompletion: expression('true') },
			{ options: { download: expression('true') } },
		);
		expect(result.error).toBeUndefined();
		expect(await binaryBuffer(result.output[0].binary!.data)).toEqual(SAMPLE_MP4);
	});

	const where: Array<[string, (value: unknown) => [INodeParameters, IDataObject]]> = [
		['Wait for Completion', (value) => [{ waitForCompletion: expression(value) }, {}]],
		['Download Video', (value) => [{}, { download: expression(value) }]],
		['Client Task ID', (value) => [{}, { clientTaskId: expression(value) }]],
	];
	const badBooleans: Array<[unknown, string]> = [
		['yes', '"yes"'],
		[1, '1'],
		['maybe', '"maybe"'],
		['TRUE ', '"TRUE "'],
		[[true], '[true]'],
	];
	describe.each(where)('%s', (label, place) => {
		it.each(badBooleans)(
			'%j fails naming the option and the item, and nothing is sent',
			async (value, shown) => {
				const [parameters, options] = place(value);
				const outcome = await counted(() => runFox(sim, parameters, { options }));
				expectRefusedBeforeSending(
					outcome,
					`Invalid "${label}" [item 0]: must be true or false, not ${shown}`,
				);
			},
		);
	});

	it('a bad boolean in the second item names item 1, and the first item is not sent either', async () => {
		const outcome = await counted(() =>
			runFox(
				sim,
				{ waitForCompletion: '={{ $json.wait }}' },
				{ items: [{ wait: 'false' }, { wait: 'no' }] },
			),
		);
		expectRefusedBeforeSending(
			outcome,
			'Invalid "Wait for Completion" [item 1]: must be true or false, not "no"',
			1,
		);
	});
});

describe('numbers from expressions', () => {
	const numberOptions: Array<[string, string]> = [
		['maxWaitMinutes', 'Max Wait (Minutes)'],
		['pollIntervalSeconds', 'Min Poll Interval (Seconds)'],
		['concurrency', 'Max Submissions at Once'],
	];
	const badNumbers: Array<[unknown, string]> = [
		[true, 'true'],
		[[1], '[1]'],
		['abc', '"abc"'],
		[{ minutes: 5 }, '{"minutes":5}'],
		['10 minutes', '"10 minutes"'],
	];
	describe.each(numberOptions)('%s', (name, label) => {
		it.each(badNumbers)(
			'%j fails naming the option and the item, and nothing is sent',
			async (value, shown) => {
				const outcome = await counted(() =>
					runFox(sim, {}, { options: { [name]: expression(value) } }),
				);
				expectRefusedBeforeSending(
					outcome,
					`Invalid "${label}" [item 0]: must be a positive number, not ${shown}`,
				);
			},
		);
	});

	it('a bad Max Wait in the second item names item 1, and the first item is not sent either', async () => {
		const outcome = await counted(() =>
			runFox(
				sim,
				{},
				{ items: [{ wait: 5 }, { wait: [5] }], options: { maxWaitMinutes: '={{ $json.wait }}' } },
			),
		);
		expectRefusedBeforeSending(
			outcome,
			'Invalid "Max Wait (Minutes)" [item 1]: must be a positive number, not [5]',
			1,
		);
	});
});

describe('text options from expressions', () => {
	it.each<[string, string, unknown, string]>([
		['Put Output File in Field', 'binaryPropertyName', ['data'], '["data"]'],
		['Put Output File in Field', 'binaryPropertyName', { name: 'data' }, '{"name":"data"}'],
		[
			'Callback URL',
			'callbackUrl',
			{ url: 'https://example.com/hook' },
			'{"url":"https://example.com/hook"}',
		],
	])(
		'%s (%s) given %j fails (not turned into "[object Object]"), and nothing is sent',
		async (label, name, value, shown) => {
			const outcome = await counted(() =>
				runFox(sim, {}, { options: { [name]: expression(value) } }),
			);
			expectRefusedBeforeSending(
				outcome,
				`Invalid "${label}" [item 0]: must be text, not ${shown}`,
			);
		},
	);
});

describe('Get Task IDs', () => {
	const getTask = (taskId: unknown, items?: IDataObject[]) =>
		counted(() => runFox(sim, { operation: 'getTask', taskId: taskId as string }, { items }));

	it.each<[string, string, string]>([
		['"."', '.', 'must be a task ID, not "." or ".."'],
		['".."', '..', 'must be a task ID, not "." or ".."'],
		['".." with spaces around', ' .. ', 'must be a task ID, not "." or ".."'],
		['a slash', 'abc/def', 'must be a task ID, not a URL or a path (no / or \\)'],
		['a path up', '../v1/tasks', 'must be a task ID, not a URL or a path (no / or \\)'],
		['a backslash', 'abc\\def', 'must be a task ID, not a URL or a path (no / or \\)'],
		['a lone backslash', '\\', 'must be a task ID, not a URL or a path (no / or \\)'],
		['a NUL', 'task\u0000', 'must be a task ID, without control characters'],
		['a unit separator', 'task\u001f1', 'must be a task ID, without control characters'],
		['a DEL', 'task\u007f1', 'must be a task ID, without control characters'],
		['a line break inside', 'task\r\nX: 1', 'must be a task ID, without control characters'],
	])('refuses %s before any request', async (_, taskId, message) => {
		const outcome = await getTask(taskId);
		expectRefusedBeforeSending(outcome, `Invalid "Task ID" [item 0]: ${message}`);
	});

	it('refuses ".." mapped from the second item, naming item 1, before any request', async () => {
		const outcome = await getTask('={{ $json.id }}', [{ id: 'task-unified-1' }, { id: '..' }]);
		expectRefusedBeforeSending(
			outcome,
			'Invalid "Task ID" [item 1]: must be a task ID, not "." or ".."',
			1,
		);
	});

	it('still sends Kling-style ids with a colon, and numeric ids mapped from JSON', async () => {
		const requests = sim.api.requests.length;
		const kling = await runFox(sim, {
			operation: 'getTask',
			taskId: 'image2video:867200000000001',
		});
		expect(kling.error?.message).toMatch(/^FoxAPI does not know this task \(HTTP 404\)/);
		const numeric = await runFox(
			sim,
			{ operation: 'getTask', taskId: '={{ $json.id }}' },
			{ items: [{ id: 8672 }] },
		);
		expect(numeric.error?.message).toMatch(
			/^FoxAPI does not know this task \(HTTP 404\).*\(task 8672\)/,
		);
		const paths = sim.api.requests.slice(requests).map((request) => request.path);
		expect(paths.filter((path) => path.startsWith('/v1/tasks/'))).toEqual([
			`/v1/tasks/${encodeURIComponent('image2video:867200000000001')}`,
			'/v1/tasks/8672',
		]);
	});
});

describe('a failed task under Continue On Fail', () => {
	const isHttpStatus = (value: unknown) =>
		value === undefined ||
		value === null ||
		(typeof value === 'string' && /^[1-5]\d\d$/.test(value));

	it('the error item has no httpCode such as "failed"; the task status and provider code are kept', async () => {
		const result = await runFox(
			sim,
			{ prompt: '={{ $json.prompt }}' },
			{
				items: [{ prompt: 'a fox [fail]' }, { prompt: 'a fox' }],
				continueOnFail: true,
				options: { download: false },
			},
		);
		expect(result.error).toBeUndefined();
		const failed = result.output[0].json;
		expect(failed.error).toMatch(
			/^FoxAPI task failed: Generation failed: content policy violation \(task task-unified-\S+\) \[item 0\]$/,
		);
		expect(failed).not.toHaveProperty('httpCode');
		expect(failed).toMatchObject({
			taskStatus: 'failed',
			providerCode: 'generation_failed',
			taskId: expect.any(String),
		});
		expect(result.output[1].json.status).toBe('completed');
	});

	it('without Continue On Fail the node error has no such httpCode either', async () => {
		const result = await runFox(sim, { prompt: 'a fox [fail]' }, { options: { download: false } });
		expect(result.error?.message).toMatch(/^FoxAPI task failed: /);
		expect(result.error?.httpCode).not.toBe('failed');
		expect(isHttpStatus(result.error?.httpCode)).toBe(true);
	});
});

/** ToAPIs as simulated, but every task answer carries this expires_at (the simulator's own is valid). */
class OddDateToApis extends ToApisSimulator {
	expiresAt: unknown = 1e20;

	static async startOdd(options: SimulatorOptions): Promise<OddDateToApis> {
		return await ProviderSimulator.boot(new OddDateToApis(options));
	}

	protected override json(
		response: ServerResponse,
		status: number,
		body: unknown,
		headers?: Record<string, string>,
	) {
		const task = body as Record<string, unknown> | undefined;
		super.json(
			response,
			status,
			task?.object === 'generation.task' ? { ...task, expires_at: this.expiresAt } : body,
			headers,
		);
	}
}

describe('a provider date that is no valid date', () => {
	let toApis: OddDateToApis;
	beforeAll(async () => {
		toApis = await OddDateToApis.startOdd({ apiKey: 'sk-toapis-odd-date', renderMs: 600 });
	});
	afterAll(async () => toApis.close());

	it.each<[string, unknown]>([
		['1e20', 1e20],
		['"1e20"', '1e20'],
		['-1e20', -1e20],
		['one ms after the last valid date', '+275760-09-13T00:00:00.001Z'],
	])('expires_at %s is left out and the video still comes', async (_, expiresAt) => {
		toApis.expiresAt = expiresAt;
		const result = await runKlingNode({
			parameters: {
				provider: 'toApis',
				operation: 'textToVideo',
				prompt: 'a lighthouse at dusk',
				duration: 5,
				// Bounded, so that the old code (which threw on this date) fails quickly instead of waiting 30 minutes.
				options: { pollIntervalSeconds: 1, maxWaitMinutes: 0.5 },
			},
			credentials: { toApisApi: { apiKey: 'sk-toapis-odd-date', baseUrl: toApis.baseUrl } },
		});
		expect(result.error).toBeUndefined();
		expect(result.output[0].json).toMatchObject({ provider: 'toApis', status: 'completed' });
		expect(result.output[0].json).not.toHaveProperty('expiresAt');
		expect(await binaryBuffer(result.output[0].binary!.data)).toEqual(SAMPLE_MP4);
	});
});

describe('file names and MIME types of binary inputs', () => {
	it('cannot add a header line to the upload: the name is cleaned, a bad type becomes application/octet-stream', async () => {
		const requests = sim.api.requests.length;
		const result = await runFox(
			sim,
			{ operation: 'imageToVideo', prompt: 'from a file', firstFrameUrl: 'image', duration: 5 },
			{
				options: { download: false },
				binaries: [
					{
						image: {
							data: Buffer.from('not-really-a-png'),
							mimeType: 'image/png\r\nX-Injected: 1',
							fileName: '../../etc/frame"\r\nX-Evil: 2.png',
						},
					},
				],
			},
		);
		expect(result.error).toBeUndefined();
		const upload = sim.api.requests
			.slice(requests)
			.find((request) => request.path.includes('upload'))!;
		// Every part's header block holds only its own Content-Disposition and Content-Type lines.
		const boundary = /boundary=(\S+)/.exec(String(upload.headers['content-type']))![1];
		const blocks = upload.rawBytes
			.toString('latin1')
			.split(`--${boundary}`)
			.slice(1, -1)
			.map((part) => part.slice(2, part.indexOf('\r\n\r\n')).split('\r\n'));
		expect(blocks.length).toBeGreaterThan(0);
		for (const lines of blocks) {
			for (const line of lines)
				expect(line).toMatch(
					/^Content-(Disposition: form-data; name="[^"]*"(; filename="[^"]*")?|Type: [\w.+-]+\/[\w.+-]+)$/,
				);
		}
		expect(blocks.flat().join('\n')).not.toMatch(/X-Injected/);
		expect(multipartParts(upload).find((part) => part.name === 'file')).toMatchObject({
			fileName: 'frame_X-Evil: 2.png',
			contentType: 'application/octet-stream',
		});
	});
});
