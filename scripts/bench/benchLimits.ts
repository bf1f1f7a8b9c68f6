// Bench rows for limits (used by scripts/bench.ts): an account that runs only K tasks at once, and many
// large downloads at once. Ratios and counts, measured against the simulator on 127.0.0.1.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { INodeParameters } from 'n8n-workflow';

import { runKlingNode, useBinaryMode } from '../../tooling/harness/n8n';
import { SIMULATED, type SimulatedProvider } from '../../tooling/simulator';
import { downloadStats } from '../../tooling/simulator/files';

const KEY = 'bench-limits-key';
const round = (value: number, digits = 2) => Number(value.toFixed(digits));
const rows = (count: number) =>
	Array.from({ length: count }, (_, index) => ({ prompt: `clip ${index}` }));

function parameters(provider: SimulatedProvider, options: INodeParameters = {}): INodeParameters {
	return {
		provider,
		operation: 'textToVideo',
		prompt: '={{ $json.prompt }}',
		duration: 5,
		options,
	};
}

/** N items against an account limited to K running tasks, default options: wall / (ceil(N/K) x T). */
export async function accountLimitRows(log: (message: string) => void) {
	const items = 12;
	const limit = 3;
	const renderMs = 10_000;
	const result: Record<string, unknown> = {};
	for (const provider of ['foxApi', 'klingAi'] as SimulatedProvider[]) {
		const sim = await SIMULATED[provider].start({
			apiKey: KEY,
			renderMs,
			faults: { accountLimit: limit },
		});
		log(`account limit: ${provider}, ${items} items, limit ${limit}, T = ${renderMs / 1000} s`);
		const started = Date.now();
		const run = await runKlingNode({
			parameters: parameters(provider),
			credentials: {
				[SIMULATED[provider].credential]: SIMULATED[provider].credentialData(KEY, sim.baseUrl),
			},
			items: rows(items),
		});
		const wall = Date.now() - started;
		await sim.close();
		if (run.error || run.output.some((item) => item.json.status !== 'completed'))
			throw new Error(`${provider} account-limit run failed: ${run.error?.message}`);
		const ideal = Math.ceil(items / limit) * renderMs;
		result[provider] = {
			items,
			accountLimit: limit,
			renderSeconds: renderMs / 1000,
			wallOverIdeal: round(wall / ideal),
			idealIs: 'ceil(N/K) x T',
			refusedSubmitsPerItem: round(sim.limitRefusals / items),
			acceptedSubmits: sim.acceptedSubmits.length,
			goal: 'wall approaches ceil(N/K) renders; at most about 2 refused submits per item; every item once',
		};
	}
	return result;
}

/** 200 items with 4 MB results in filesystem mode: peak RSS growth and downloads under way at once. */
export async function manyDownloadsRow(log: (message: string) => void) {
	const items = 200;
	const bytes = 4_000_000;
	await useBinaryMode('filesystem', mkdtempSync(path.join(tmpdir(), 'kling-bench-many-')));
	const sim = await SIMULATED.foxApi.start({ apiKey: KEY, renderMs: 1_000 });
	sim.resultBytes = bytes;
	downloadStats.peak = 0;
	try {
		global.gc?.();
		const before = process.memoryUsage().rss;
		let peak = before;
		const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
		log(`downloads: ${items} items with ${bytes / 1e6} MB videos in filesystem mode`);
		const run = await runKlingNode({
			parameters: parameters('foxApi', { pollIntervalSeconds: 1, concurrency: 50 }),
			credentials: { foxApiApi: { apiKey: KEY, baseUrl: sim.baseUrl } },
			items: rows(items),
		});
		clearInterval(sampler);
		if (run.error || run.output.length !== items)
			throw new Error(`download run failed: ${run.error?.message}`);
		return {
			items,
			videoMegabytes: bytes / 1e6,
			binaryMode: 'filesystem',
			peakDownloadsAtOnce: downloadStats.peak,
			peakRssGrowthMegabytes: round((peak - before) / 1e6, 1),
			goal: 'downloads run under a cap (4); RSS growth independent of the item count',
		};
	} finally {
		await sim.close();
		await useBinaryMode('default');
	}
}
