// The package inside a real n8n (CLI: import:credentials, import:workflow, execute --rawOutput) against
// the provider simulators on 127.0.0.1: loaded as a custom extension from dist/, and installed from the
// npm pack tarball as users install it, with binary data in memory and on disk. Runs on n8n 1.123 and
// 2.40 alike (N8N_LINE, see docs/n8n-hosts.md): the same expectations hold on both.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { N8n, prepareWorkflow, ROOT, type RunResult } from '../../tooling/n8n/n8nRunner';
import { seedExamples } from '../seeds';
import type { ProviderSimulator } from '../../tooling/simulator/base';
import { SAMPLE_MP4 } from '../../tooling/simulator/files';
import { multipartParts } from '../../tooling/simulator/http';
import { SIMULATED, type SimulatedProvider } from '../../tooling/simulator';
import { itemsWorkflow, storedFileWorkflow } from '../../tooling/workflows';

const KEY = 'e2e-key-0123456789';
/** The Kling Video parameters of most workflows here: FoxAPI text to video from each row's prompt. */
const FOX_TEXT_TO_VIDEO = {
	provider: 'foxApi',
	operation: 'textToVideo',
	prompt: '={{ $json.prompt }}',
	options: { pollIntervalSeconds: 1 },
};
const EXAMPLES = path.join(ROOT, 'examples');
const SEED_PROVIDERS: Array<[string, SimulatedProvider]> = [
	['000', 'foxApi'],
	['001', 'foxApi'],
	['002', 'foxApi'],
	['003', 'uniAll'],
	['004', 'toApis'],
];

const sims = {} as Record<SimulatedProvider, ProviderSimulator>;
beforeAll(async () => {
	for (const provider of Object.keys(SIMULATED) as SimulatedProvider[]) {
		sims[provider] = await SIMULATED[provider].start({ apiKey: KEY, renderMs: 1500 });
	}
});
afterAll(async () => Promise.all(Object.values(sims).map((sim) => sim.close())));

async function importSimulatorCredentials(n8n: N8n) {
	await n8n.importCredentials(
		(Object.keys(SIMULATED) as SimulatedProvider[]).map((provider) => ({
			id: `cred-${provider}`,
			name: `${provider} (simulator)`,
			type: SIMULATED[provider].credential,
			data: SIMULATED[provider].credentialData(KEY, sims[provider].baseUrl),
		})),
	);
}

function klingOutput(run: RunResult) {
	const task = run.runData['Kling Video']?.[0];
	return { items: task?.data?.main[0] ?? [], error: task?.error };
}

describe('custom extension from dist/, binary data in memory', () => {
	let n8n: N8n;
	beforeAll(async () => {
		n8n = new N8n({ load: 'extension' });
		await importSimulatorCredentials(n8n);
	});
	afterAll(() => n8n?.dispose());

	for (const [seed, provider] of SEED_PROVIDERS) {
		for (const example of seedExamples(seed)) {
			const name = `${example.seed}-${example.number}`;
			it(`${name}: sends the seed body and outputs the video`, async () => {
				const workflow = JSON.parse(readFileSync(path.join(EXAMPLES, `${name}.json`), 'utf8'));
				const id = `seed${example.seed.slice(0, 3)}example${example.number}`;
				await n8n.importWorkflow(
					prepareWorkflow(workflow, id, n8n.nodeType, `cred-${provider}`, {
						pollIntervalSeconds: 1,
					}),
				);
				const before = sims[provider].api.requests.length;
				const run = await n8n.execute(id);
				const { items, error } = klingOutput(run);
				expect(error).toBeUndefined();
				const submits = sims[provider].api.requests
					.slice(before)
					.filter((request) => request.method === 'POST');
				expect(submits.map((request) => request.rawBody)).toEqual([example.wire]);
				expect(items).toHaveLength(1);
				expect(items[0].json).toMatchObject({ provider, status: 'completed' });
				const binary = items[0].binary!.data;
				expect(binary).toMatchObject({
					mimeType: 'video/mp4',
					fileName: `${items[0].json.taskId}.mp4`.replace(/[^A-Za-z0-9._-]+/g, '_'),
				});
				expect(Buffer.from(binary.data as string, 'base64')).toEqual(SAMPLE_MP4);
			});
		}
	}

	it('several items: one output per input, paired, a failed task as an error item under Continue On Fail', async () => {
		const rows = [{ prompt: 'first' }, { prompt: 'second [fail]' }, { prompt: 'third' }];
		await n8n.importWorkflow(
			itemsWorkflow('wfitems', n8n.nodeType, 'cred-foxApi', rows, FOX_TEXT_TO_VIDEO, true),
		);
		const run = await n8n.execute('wfitems');
		const { items, error } = klingOutput(run);
		expect(error).toBeUndefined();
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[0].json.status).toBe('completed');
		expect(items[2].json.status).toBe('completed');
		expect(String(items[1].json.error)).toMatch(
			/^FoxAPI task failed: .* \(task task-unified-\S+\) \[item 1\]$/,
		);
		expect(items[1].json.taskId).toMatch(/^task-unified-/);
	});

	it.each(Object.keys(SIMULATED) as SimulatedProvider[])(
		"n8n's Retry On Fail on %s: the other items are billed once, the failing one once a try",
		async (provider) => {
			const sim = sims[provider];
			const prompts = ['retry first', 'retry second [fail]', 'retry third'].map(
				(prompt) => `${provider} ${prompt}`,
			);
			const id = `wfretry${provider}`.padEnd(16, '0');
			await n8n.importWorkflow(
				itemsWorkflow(
					id,
					n8n.nodeType,
					`cred-${provider}`,
					prompts.map((prompt) => ({ prompt })),
					{ ...FOX_TEXT_TO_VIDEO, provider, duration: 5 },
					false,
					{ retryOnFail: true, maxTries: 3, waitBetweenTries: 100 },
				),
			);
			const before = sim.acceptedSubmits.length;
			const run = await n8n.execute(id);
			expect(klingOutput(run).error?.message).toMatch(/ task failed: .*\[item 1\]$/);
			const accepted = sim.acceptedSubmits.slice(before).map((task) => JSON.stringify(task.body));
			// Three tries: the failing item is submitted once a try, the others once in all.
			expect(
				prompts.map((prompt) => accepted.filter((body) => body.includes(prompt)).length),
			).toEqual([1, 3, 1]);
		},
	);

	it('a first frame from binary data is uploaded to FoxAPI, then its URL is sent', async () => {
		const frame = Buffer.from('not-really-a-png-but-bytes');
		const rows = [
			{
				prompt: 'from a file',
				binary: {
					image: { data: frame.toString('base64'), mimeType: 'image/png', fileName: 'frame.png' },
				},
			},
		];
		await n8n.importWorkflow(
			itemsWorkflow('wfbinaryinput', n8n.nodeType, 'cred-foxApi', rows, {
				provider: 'foxApi',
				operation: 'imageToVideo',
				prompt: '={{ $json.prompt }}',
				firstFrameUrl: 'image',
				duration: 5,
				options: { pollIntervalSeconds: 1, download: false },
			}),
		);
		const before = sims.foxApi.api.requests.length;
		const { items, error } = klingOutput(await n8n.execute('wfbinaryinput'));
		expect(error).toBeUndefined();
		expect(items[0].json.status).toBe('completed');
		const posts = sims.foxApi.api.requests
			.slice(before)
			.filter((request) => request.method === 'POST');
		expect(posts.map((request) => request.path)).toEqual([
			'/v1/files/upload/stream',
			'/v1/videos/generations',
		]);
		expect(posts[0].rawBytes.includes(frame)).toBe(true);
		expect((posts[1].body as Record<string, string>).image_url).toMatch(
			/\/uploads\/\d+-frame\.png$/,
		);
	});

	it('an unreachable provider is reported as such (n8n 1.x wraps connection errors its own way)', async () => {
		await n8n.importCredentials([
			{
				id: 'credunreachable1',
				name: 'closed port',
				type: 'foxApiApi',
				data: { apiKey: KEY, baseUrl: 'http://127.0.0.1:9' },
			},
		]);
		await n8n.importWorkflow(
			itemsWorkflow('wfunreachable', n8n.nodeType, 'credunreachable1', [{ prompt: 'hello' }], {
				provider: 'foxApi',
				operation: 'textToVideo',
				prompt: '={{ $json.prompt }}',
			}),
		);
		const run = await n8n.execute('wfunreachable');
		expect(klingOutput(run).error?.message).toBe('Could not reach FoxAPI [item 0]');
	});

	it('without Continue On Fail a failed task fails the execution with the provider message', async () => {
		await n8n.importWorkflow(
			itemsWorkflow(
				'wffail',
				n8n.nodeType,
				'cred-foxApi',
				[{ prompt: 'boom [fail]' }],
				FOX_TEXT_TO_VIDEO,
			),
		);
		const run = await n8n.execute('wffail');
		expect(run.status).not.toBe('success');
		expect(klingOutput(run).error?.message).toMatch(
			/^FoxAPI task failed: Generation failed: content policy violation/,
		);
	});
});

describe('installed from the npm pack tarball, binary data on disk (filesystem mode)', () => {
	let n8n: N8n;
	beforeAll(async () => {
		n8n = new N8n({ load: 'package', binaryMode: 'filesystem' });
		await importSimulatorCredentials(n8n);
	});
	afterAll(() => n8n?.dispose());

	it('runs as n8n-nodes-kling-video.klingVideo and stores the video as a file', async () => {
		expect(n8n.nodeType).toBe('n8n-nodes-kling-video.klingVideo');
		const workflow = JSON.parse(
			readFileSync(path.join(EXAMPLES, '000_bbaf951555d62f40-1.json'), 'utf8'),
		);
		await n8n.importWorkflow(
			prepareWorkflow(workflow, 'wfpackage', n8n.nodeType, 'cred-foxApi', {
				pollIntervalSeconds: 1,
			}),
		);
		const run = await n8n.execute('wfpackage');
		const { items, error } = klingOutput(run);
		expect(error).toBeUndefined();
		const binary = items[0].binary!.data;
		expect(binary).toMatchObject({ mimeType: 'video/mp4' });
		expect(String(binary.id)).toMatch(/^filesystem/);
		expect(binary.data).not.toBe(SAMPLE_MP4.toString('base64'));
		// The stored file is the MP4 the provider served, byte for byte.
		const stored = findFiles(
			path.join(n8n.userFolder, '.n8n'),
			(file) => statSync(file).size === SAMPLE_MP4.length,
		);
		expect(stored.some((file) => readFileSync(file).equals(SAMPLE_MP4))).toBe(true);
	});

	it("a video from stored binary data (filesystem mode) is streamed to FoxAPI's upload, byte for byte", async () => {
		// Not a real render: bytes of a known size and content, which the upload must carry whole.
		const video = Buffer.alloc(3 * 1024 * 1024 + 17, 'kling-stream-');
		await n8n.importWorkflow(
			storedFileWorkflow(
				'wfstoredfile',
				n8n.nodeType,
				'cred-foxApi',
				{ data: video, fileName: 'clip.mp4', mimeType: 'video/mp4' },
				{
					provider: 'foxApi',
					operation: 'editVideo',
					prompt: 'make it snow in @Video1',
					videoUrl: 'file',
					options: { pollIntervalSeconds: 1, download: false },
				},
			),
		);
		const before = sims.foxApi.api.requests.length;
		const { items, error } = klingOutput(await n8n.execute('wfstoredfile'));
		expect(error).toBeUndefined();
		expect(items[0].json.status).toBe('completed');
		const posts = sims.foxApi.api.requests
			.slice(before)
			.filter((request) => request.method === 'POST');
		expect(posts.map((request) => request.path)).toEqual([
			'/v1/files/upload/stream',
			'/v1/videos/generations',
		]);
		const file = multipartParts(posts[0]).find((part) => part.name === 'file')!;
		expect(file).toMatchObject({ fileName: 'clip.mp4', contentType: 'video/mp4' });
		expect(file.data.equals(video)).toBe(true);
		expect(Number(posts[0].headers['content-length'])).toBe(posts[0].rawBytes.length);
	});

	it('follows a CDN redirect one checked hop at a time (the node follows redirects itself)', async () => {
		const sim = sims.foxApi;
		sim.videoUrlFor = (task) =>
			`${sim.files.url}/redirect?to=${encodeURIComponent(`${sim.files.url}/videos/${task.id}.mp4`)}`;
		try {
			await n8n.importWorkflow(
				itemsWorkflow(
					'wfredirect',
					n8n.nodeType,
					'cred-foxApi',
					[{ prompt: 'via a CDN' }],
					FOX_TEXT_TO_VIDEO,
				),
			);
			const before = sim.files.requests.length;
			const { items, error } = klingOutput(await n8n.execute('wfredirect'));
			expect(error).toBeUndefined();
			expect(items[0].binary!.data).toMatchObject({ mimeType: 'video/mp4' });
			expect(sim.files.requests.slice(before).map((request) => request.path.split('?')[0])).toEqual(
				['/redirect', `/videos/${items[0].json.taskId}.mp4`],
			);
		} finally {
			sim.videoUrlFor = undefined;
		}
	});
});

function findFiles(dir: string, keep: (file: string) => boolean): string[] {
	const found: string[] = [];
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) found.push(...findFiles(full, keep));
		else if (keep(full)) found.push(full);
	}
	return found;
}
