// npm run bench:queue: n8n in queue mode (PostgreSQL, Redis, a main and one worker; tooling/n8n/n8nQueue.ts)
// with a large video. For each binary data mode: the worker's peak RSS growth while the node stores the
// video, then the main's while the video is read back through it as the editor downloads it, and whether
// that worked. Ratios to the video's size, not times. Not a test (slow, and the machine is shared).
//   N8N_LINE=1|2 (default 2), BENCH_MB (default 300), BENCH_MODES (default "database,filesystem")
import { readFileSync } from 'node:fs';

import { N8nExecutions } from '../tooling/n8n/n8nExecutions';
import { N8nQueue, type QueueBinaryMode } from '../tooling/n8n/n8nQueue';
import { EXTENSION_NODE_TYPE, lineFromEnv } from '../tooling/n8n/n8nRunner';
import { FoxApiSimulator } from '../tooling/simulator/foxApi';
import { webhookItemsWorkflow } from '../tooling/workflows';

const KEY = 'bench-queue-key';
const WORKFLOW = 'benchqueuebig001';
const MB = 1_048_576;
const megabytes = Number(process.env.BENCH_MB ?? 300);
const modes = (process.env.BENCH_MODES ?? 'database,filesystem').split(',') as QueueBinaryMode[];

/** A process's resident memory in bytes (Linux), or 0 once it is gone. */
function rss(pid: number): number {
	try {
		const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m);
		return line ? Number(line[1]) * 1024 : 0;
	} catch {
		return 0;
	}
}

/** Samples a process's RSS while `work` runs; returns the peak growth over the RSS before it. */
async function peakGrowth<T>(
	pid: number,
	work: () => Promise<T>,
): Promise<{ value: T; growthMb: number }> {
	const before = rss(pid);
	let peak = before;
	const timer = setInterval(() => (peak = Math.max(peak, rss(pid))), 50);
	try {
		const value = await work();
		return { value, growthMb: Math.round((peak - before) / MB) };
	} finally {
		clearInterval(timer);
	}
}

/** Reads the binary back through the main, counting the bytes without keeping them. */
async function readBack(queue: N8nQueue, binaryId: string): Promise<string> {
	const url = `${queue.rest.base}/rest/binary-data?id=${encodeURIComponent(binaryId)}&action=download`;
	let bytes = 0;
	try {
		const response = await fetch(url, { headers: { cookie: queue.rest.cookie } });
		if (response.body)
			for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>)
				bytes += chunk.length;
		return response.status === 200 && bytes === megabytes * MB
			? 'ok'
			: `HTTP ${response.status}, ${bytes} bytes`;
	} catch (error) {
		// undici gives up after 300 s without an answer's headers.
		const cause =
			error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
		return `failed after ${bytes} bytes (${error instanceof Error ? error.message : String(error)}${cause})`;
	}
}

async function measure(sim: FoxApiSimulator, mode: QueueBinaryMode) {
	const credential = {
		id: 'benchqueuecred01',
		name: 'FoxAPI bench',
		type: 'foxApiApi',
		data: { apiKey: KEY, baseUrl: sim.baseUrl },
	};
	const kling = {
		provider: 'foxApi',
		operation: 'textToVideo',
		prompt: '={{ $json.prompt }}',
		options: { pollIntervalSeconds: 1, maxVideoMegabytes: 2048 },
	};
	const workflow = webhookItemsWorkflow(
		WORKFLOW,
		'kling-bench-big',
		'7b1f2d63-4a2c-4e8f-8b66-1d9f3c5a7b01',
		EXTENSION_NODE_TYPE,
		credential.id,
		kling,
	);
	const queue = await N8nQueue.start({
		binaryMode: mode,
		workers: 1,
		credentials: [credential],
		workflows: [workflow],
		activate: [WORKFLOW],
	});
	try {
		const executions = new N8nExecutions(queue.rest, queue.n8n.hostDir);
		const worker = queue.workerPids[0];
		const store = await peakGrowth(worker, async () => {
			const answer = await fetch(`${queue.baseUrl}/webhook/kling-bench-big`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ prompts: [{ prompt: 'one big video' }] }),
			});
			if (answer.status !== 200) throw new Error(`webhook answered ${answer.status}`);
			const [finished] = await executions.waitForFinished(WORKFLOW, 1, 600_000);
			return await executions.get(finished.id);
		});
		const run = store.value;
		const item = run.runData['Kling Video']?.[0]?.data?.main[0]?.[0];
		const binaryId = item?.binary?.data?.id as string | undefined;
		const result: Record<string, unknown> = {
			mode,
			videoMb: megabytes,
			execution: run.status,
			workerGrowthMb: store.growthMb,
			workerGrowthPerVideoMb: Number((store.growthMb / megabytes).toFixed(2)),
			warning: item?.json.warning !== undefined,
		};
		if (!binaryId)
			return {
				...result,
				error:
					run.runData['Kling Video']?.[0]?.error?.message ?? run.error?.message ?? 'no binary data',
			};
		console.error(
			`[bench:queue] ${mode}: stored (${JSON.stringify(result)}); reading it back through the main...`,
		);
		const read = await peakGrowth(queue.mainPid, () => readBack(queue, binaryId));
		return {
			...result,
			readBack: read.value,
			mainGrowthMb: read.growthMb,
			mainGrowthPerVideoMb: Number((read.growthMb / megabytes).toFixed(2)),
		};
	} finally {
		await queue.stop();
	}
}

async function main() {
	const sim = await FoxApiSimulator.start({ apiKey: KEY, renderMs: 1_000 });
	sim.resultBytes = megabytes * MB;
	const rows = [];
	try {
		for (const mode of modes) rows.push(await measure(sim, mode));
	} finally {
		await sim.close();
	}
	console.log(JSON.stringify({ line: lineFromEnv(2), rows }, null, 2));
}

main().then(
	() => process.exit(0),
	(error) => {
		console.error(error);
		process.exit(1);
	},
);
