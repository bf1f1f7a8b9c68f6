// npm run bench: how the node behaves at scale, against the simulator, printed as one JSON summary.
// Ratios and counts, not single absolute times: the machines are shared and noisy. Not a test.
//   fanOut       50 items with render time T: wall time / T, against a one-at-a-time baseline
//   polling      polls per task and completion-detection delay (median, p95): measured at T = 5 s,
//                and modelled at T = 5 s and 60 s with the real waiter on a scaled (fake) clock
//   detection    modelled over renders of 60-600 s (scripts/bench/pollModel.ts): delay and request rate
//   accountLimit N items against an account that runs K tasks at once: wall / (ceil(N/K) x T), refusals
//   downloads    200 items with 4 MB videos: downloads at once and peak RSS growth
//   memory       peak RSS growth while a 300 MB result streams into filesystem binary data
//   upload       peak RSS growth while a 200 MB video from filesystem binary data is uploaded to FoxAPI
//   cpu          CPU per item to read, validate and build 1000 requests, against one local round trip
//   batchStatus  Kling AI's current design: status requests for 50 items against one (tasks read together)
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

import { read } from '../nodes/KlingVideo/operations/textToVideo';
import { DEFAULT_SCHEDULE } from '../nodes/KlingVideo/run/wait/schedule';
import { waitForTask } from '../nodes/KlingVideo/run/wait/wait';
import { foxApi } from '../nodes/KlingVideo/providers/foxApi';
import { runKlingNode, useBinaryMode } from '../tooling/harness/n8n';
import { FoxApiSimulator } from '../tooling/simulator/foxApi';
import { seededRandom } from '../tooling/simulator/random';
import { accountLimitRows, manyDownloadsRow } from './bench/benchLimits';
import { batchStatusRow } from './bench/benchBatchStatus';
import { bigUploadRow } from './bench/benchUpload';
import { modelledDetection } from './bench/pollModel';

// n8n-core reads these when it first builds its settings, which happens at the first run below.
process.env.N8N_USER_FOLDER ??= mkdtempSync(path.join(tmpdir(), 'kling-bench-'));
process.env.N8N_LOG_LEVEL ??= 'silent';

const T_FANOUT_MS = 5_000;
const FANOUT_ITEMS = 50;
const BASELINE_ITEMS = 5;
const BIG_RESULT_BYTES = 300_000_000;
const CPU_ITEMS = 1_000;
const KEY = 'bench-key';

const quantile = (values: number[], q: number) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const round = (value: number, digits = 2) => Number(value.toFixed(digits));
const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);

async function main() {
	const credentials = (baseUrl: string) => ({ foxApiApi: { apiKey: KEY, baseUrl } });
	const textToVideo = {
		provider: 'foxApi',
		operation: 'textToVideo',
		prompt: '={{ $json.prompt }}',
		duration: 5,
	};
	const rows = (count: number) =>
		Array.from({ length: count }, (_, index) => ({ prompt: `clip ${index}` }));

	// --- fan-out vs one at a time (default options: cap 5, min interval 5 s) ---
	await useBinaryMode('default');
	const sim = await FoxApiSimulator.start({ apiKey: KEY, renderMs: T_FANOUT_MS });
	log(`fan-out: ${FANOUT_ITEMS} items, T = ${T_FANOUT_MS / 1000} s`);
	let started = Date.now();
	const fanOut = await runKlingNode({
		parameters: textToVideo,
		credentials: credentials(sim.baseUrl),
		items: rows(FANOUT_ITEMS),
	});
	const fanOutWall = Date.now() - started;
	if (fanOut.error || fanOut.output.length !== FANOUT_ITEMS)
		throw new Error(`fan-out run failed: ${fanOut.error?.message}`);
	const measured = sim.acceptedSubmits.slice(-FANOUT_ITEMS);
	log(`baseline: ${BASELINE_ITEMS} items one at a time`);
	started = Date.now();
	for (const row of rows(BASELINE_ITEMS)) {
		const single = await runKlingNode({
			parameters: textToVideo,
			credentials: credentials(sim.baseUrl),
			items: [row],
		});
		if (single.error) throw new Error(single.error.message);
	}
	const baselineWall = Date.now() - started;

	// --- completion detection, measured at the simulator ---
	const delays = measured.map(
		(task) => (task.completedAnsweredAt ?? 0) - (task.createdAt + task.renderMs),
	);
	const polls = measured.map((task) => task.polls);

	// --- one local submit round trip, for the CPU ratio ---
	const roundTrips: number[] = [];
	for (let index = 0; index < 20; index++) {
		const begin = process.hrtime.bigint();
		await fetch(`${sim.baseUrl}/v1/videos/generations`, {
			method: 'POST',
			headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
			body: JSON.stringify({ model: 'kling-v3-text-to-video', prompt: 'round trip', duration: 5 }),
		});
		roundTrips.push(Number(process.hrtime.bigint() - begin) / 1e3);
	}
	await sim.close();

	const model = await modelledPolling();
	const detection = await modelledDetection();
	const accountLimit = await accountLimitRows(log);
	const downloads = await manyDownloadsRow(log);
	const memory = await bigDownload();
	const upload = await bigUploadRow(log);
	const cpu = await planningCpu();
	const batchStatus = await batchStatusRow(log);

	console.log(
		JSON.stringify(
			{
				fanOut: {
					items: FANOUT_ITEMS,
					renderSeconds: T_FANOUT_MS / 1000,
					wallOverRender: round(fanOutWall / T_FANOUT_MS),
					goal: 'at most 1.2',
					baselineOneAtATime: {
						items: BASELINE_ITEMS,
						wallOverRender: round(baselineWall / T_FANOUT_MS),
						perItemWallOverRender: round(baselineWall / T_FANOUT_MS / BASELINE_ITEMS),
					},
					speedupPerItem: round(baselineWall / BASELINE_ITEMS / (fanOutWall / FANOUT_ITEMS), 1),
				},
				polling: {
					measuredAtT5s: {
						tasks: measured.length,
						pollsPerTask: { median: quantile(polls, 0.5), p95: quantile(polls, 0.95) },
						detectionDelayOverT: {
							median: round(quantile(delays, 0.5) / T_FANOUT_MS, 3),
							p95: round(quantile(delays, 0.95) / T_FANOUT_MS, 3),
						},
					},
					modelled: model,
					modelledLongRenders: detection,
				},
				accountLimit,
				downloads,
				memory,
				upload,
				batchStatus,
				cpu: {
					items: CPU_ITEMS,
					cpuMicrosPerItem: round(cpu, 1),
					overOneLocalSubmitRoundTrip: round(cpu / quantile(roundTrips, 0.5), 3),
				},
			},
			null,
			2,
		),
	);
}

/**
 * The real waiter and schedule on a fake clock: the provider estimates T, the task really takes
 * T x U(0.8, 1.5) (estimates are rarely exact), answers are instant. 1000 tasks per T.
 */
async function modelledPolling() {
	const random = seededRandom(7);
	const result: Record<string, unknown> = {};
	for (const seconds of [5, 60]) {
		const polls: number[] = [];
		const delays: number[] = [];
		for (let index = 0; index < 1000; index++) {
			let now = 0;
			const estimate = seconds * 1000;
			const actual = estimate * (0.8 + 0.7 * random());
			const clock = { now: () => now, sleep: async (ms: number) => void (now += ms) };
			let pollCount = 0;
			await waitForTask({
				clock,
				schedule: DEFAULT_SCHEDULE,
				startedAt: 0,
				maxWaitMs: 30 * 60_000,
				estimatedMs: estimate,
				poll: async () => {
					pollCount++;
					return {
						id: 't',
						status: now >= actual ? 'completed' : 'processing',
						videos: [],
						raw: {},
					};
				},
			});
			polls.push(pollCount);
			delays.push(now - actual);
		}
		result[`T${seconds}s`] = {
			tasks: 1000,
			actualOverEstimate: '0.8 to 1.5 (uniform)',
			pollsPerTask: { median: quantile(polls, 0.5), p95: quantile(polls, 0.95) },
			detectionDelayOverT: {
				median: round(quantile(delays, 0.5) / (seconds * 1000), 3),
				p95: round(quantile(delays, 0.95) / (seconds * 1000), 3),
			},
		};
	}
	return result;
}

/** Peak RSS growth of this process while a 300 MB video streams into filesystem binary data. */
async function bigDownload() {
	await useBinaryMode('filesystem', mkdtempSync(path.join(tmpdir(), 'kling-bench-binary-')));
	// The simulator runs in its own process, so its buffers are not counted here.
	const child = spawn(
		process.execPath,
		[
			require.resolve('tsx/cli'),
			path.join(__dirname, '..', 'tooling', 'simulator', 'cli.ts'),
			JSON.stringify({
				provider: 'foxApi',
				apiKey: KEY,
				renderMs: 200,
				resultBytes: BIG_RESULT_BYTES,
			}),
		],
		{
			stdio: ['pipe', 'pipe', 'inherit'],
		},
	);
	const line = await new Promise<string>((resolve) =>
		createInterface({ input: child.stdout! }).once('line', resolve),
	);
	const { baseUrl } = JSON.parse(line) as { baseUrl: string };
	const parameters = {
		provider: 'foxApi',
		operation: 'textToVideo',
		prompt: 'big',
		duration: 5,
		options: { pollIntervalSeconds: 1 },
	};
	try {
		global.gc?.();
		const before = process.memoryUsage().rss;
		let peak = before;
		const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
		log(`memory: downloading ${BIG_RESULT_BYTES / 1e6} MB in filesystem mode`);
		const result = await runKlingNode({
			parameters,
			credentials: { foxApiApi: { apiKey: KEY, baseUrl } },
		});
		clearInterval(sampler);
		if (result.error) throw new Error(result.error.message);
		return {
			resultMegabytes: BIG_RESULT_BYTES / 1e6,
			binaryMode: 'filesystem',
			peakRssGrowthMegabytes: round((peak - before) / 1e6, 1),
			growthOverResultSize: round((peak - before) / BIG_RESULT_BYTES, 3),
			goal: 'at most 64 MB',
			// n8n's own rendering of the stored file's size, to show the whole file arrived.
			storedFileSize: result.output[0]?.binary?.data?.fileSize,
		};
	} finally {
		child.stdin!.end();
		await useBinaryMode('default');
	}
}

/** CPU time to read, validate and build one request, over 1000 items (parameters from a plain object). */
async function planningCpu(): Promise<number> {
	const parameters: Record<string, unknown> = {
		prompt: 'An old Japanese garden in the rain, slow push-in, cinematic, shallow depth of field',
		resolution: '1080p',
		aspectRatio: '16:9',
		duration: 10,
		generateAudio: true,
		additionalFields: {
			negativePrompt: 'blur, low quality',
			voiceIds: ['voice_1'],
			multiPrompt: {
				shots: [
					{ prompt: 'a', duration: 4 },
					{ prompt: 'b', duration: 6 },
				],
			},
		},
	};
	const ctx = {
		getNodeParameter: (name: string, _item: number, fallback?: unknown) =>
			parameters[name] ?? fallback,
		getNode: () => ({ name: 'Kling Video' }),
	} as unknown as Parameters<typeof read>[0];
	for (let index = 0; index < 200; index++)
		JSON.stringify(foxApi.buildSubmit(read(ctx, index, foxApi)).body);
	const begin = process.cpuUsage();
	for (let index = 0; index < CPU_ITEMS; index++)
		JSON.stringify(foxApi.buildSubmit(read(ctx, index, foxApi)).body);
	const used = process.cpuUsage(begin);
	return (used.user + used.system) / CPU_ITEMS;
}

main().catch((error: unknown) => {
	console.error(`[bench] ${error instanceof Error ? error.stack : String(error)}`);
	process.exit(1);
});
