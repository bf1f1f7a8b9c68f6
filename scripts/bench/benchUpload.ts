// Bench row (used by scripts/bench.ts; alone: npx tsx scripts/bench/benchUpload.ts): peak RSS growth of this
// process while a 200 MB video from binary data in filesystem mode is uploaded to the FoxAPI simulator
// through the node in n8n-core's engine. The simulator runs in its own process, so the bytes it receives
// and keeps are not counted here; it reports what arrived (framing, size, SHA-256) for the check.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';

import { Container } from '@n8n/di';
import { BinaryDataService, FileLocation } from 'n8n-core';

import { runKlingNode, useBinaryMode } from '../../tooling/harness/n8n';
import { paddedMp4Chunks } from '../../tooling/simulator/files';

const KEY = 'bench-upload-key';
const UPLOAD_BYTES = 200_000_000;
const SAMPLE_MS = 20;
const round = (value: number, digits = 2) => Number(value.toFixed(digits));

interface Arrived {
	contentLength?: string;
	transferEncoding?: string;
	fileBytes?: number;
	sha256?: string;
}

/** The FoxAPI simulator in a child process; `uploads()` asks it what the upload requests carried. */
async function childSimulator() {
	const cli = path.join(__dirname, '..', '..', 'tooling', 'simulator', 'cli.ts');
	const child = spawn(
		process.execPath,
		[
			require.resolve('tsx/cli'),
			cli,
			JSON.stringify({ provider: 'foxApi', apiKey: KEY, renderMs: 200 }),
		],
		{
			stdio: ['pipe', 'pipe', 'inherit'],
		},
	);
	const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
	const next = async () =>
		JSON.parse(String((await lines.next()).value)) as Record<string, unknown>;
	const { baseUrl } = (await next()) as { baseUrl: string };
	return {
		baseUrl,
		uploads: async () => {
			child.stdin!.write('uploads\n');
			return ((await next()) as { uploads: Arrived[] }).uploads;
		},
		close: () => child.stdin!.end(),
	};
}

/** A video of `bytes` bytes written to n8n's binary store in 1 MB chunks (never whole in memory), and its SHA-256. */
async function storedVideo(bytes: number) {
	const hash = createHash('sha256');
	const chunks = (function* () {
		for (const chunk of paddedMp4Chunks(bytes)) {
			hash.update(chunk);
			yield chunk;
		}
	})();
	const binary = await Container.get(BinaryDataService).store(
		FileLocation.ofExecution('bench', 'upload'),
		Readable.from(chunks),
		{
			data: '',
			mimeType: 'video/mp4',
			fileName: 'big.mp4',
		},
	);
	return { binary, sha256: hash.digest('hex') };
}

/** Peak RSS growth over the baseline taken just before the run, sampled every 20 ms. */
export async function bigUploadRow(log: (message: string) => void) {
	const storage = mkdtempSync(path.join(tmpdir(), 'kling-bench-upload-'));
	await useBinaryMode('filesystem', storage);
	const sim = await childSimulator();
	try {
		const { binary, sha256 } = await storedVideo(UPLOAD_BYTES);
		// As n8n hands it to the next node: an id into the store, the size (n8n 2.x also sets `bytes`).
		const video = {
			data: Buffer.alloc(0),
			mimeType: 'video/mp4',
			fileName: 'big.mp4',
			metadata: {
				id: String(binary.id),
				fileSize: String(binary.fileSize),
				bytes: Number(binary.bytes),
			},
		};
		const parameters = {
			provider: 'foxApi',
			operation: 'editVideo',
			prompt: 'make it golden',
			videoUrl: 'video',
			options: { pollIntervalSeconds: 1, download: false },
		};
		global.gc?.();
		const before = process.memoryUsage().rss;
		let peak = before;
		const sampler = setInterval(
			() => (peak = Math.max(peak, process.memoryUsage().rss)),
			SAMPLE_MS,
		);
		log(`upload: ${UPLOAD_BYTES / 1e6} MB video from binary data in filesystem mode to FoxAPI`);
		const started = Date.now();
		const result = await runKlingNode({
			parameters,
			credentials: { foxApiApi: { apiKey: KEY, baseUrl: sim.baseUrl } },
			binaries: [{ video }],
		});
		const wallMs = Date.now() - started;
		clearInterval(sampler);
		peak = Math.max(peak, process.memoryUsage().rss);
		if (result.error) throw new Error(`upload run failed: ${result.error.message}`);
		const [arrived] = await sim.uploads();
		return {
			uploadMegabytes: UPLOAD_BYTES / 1e6,
			binaryMode: 'filesystem',
			provider: 'foxApi',
			peakRssGrowthMegabytes: round((peak - before) / 1e6, 1),
			growthOverFileSize: round((peak - before) / UPLOAD_BYTES, 3),
			goal: 'at most 64 MB',
			sampleEveryMs: SAMPLE_MS,
			wallSecondsWithSubmitAndPoll: round(wallMs / 1000, 1),
			framing:
				arrived?.transferEncoding === 'chunked'
					? 'chunked'
					: `content-length ${arrived?.contentLength}`,
			arrivedIntact: arrived?.fileBytes === UPLOAD_BYTES && arrived.sha256 === sha256,
		};
	} finally {
		sim.close();
		await useBinaryMode('default');
		rmSync(storage, { recursive: true, force: true });
	}
}

if (require.main === module) {
	process.env.N8N_USER_FOLDER ??= mkdtempSync(path.join(tmpdir(), 'kling-bench-'));
	process.env.N8N_LOG_LEVEL ??= 'silent';
	bigUploadRow((message) => process.stderr.write(`[bench] ${message}\n`))
		.then((row) => console.log(JSON.stringify({ upload: row }, null, 2)))
		.catch((error: unknown) => {
			console.error(`[bench] ${error instanceof Error ? error.stack : String(error)}`);
			process.exit(1);
		});
}
