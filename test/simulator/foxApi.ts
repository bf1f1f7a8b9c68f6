// A FoxAPI stand-in that speaks the protocol as reference/vendor-apis.md section 1 describes it:
// POST /v1/videos/generations creates a task, GET /v1/tasks/{id} reports pending -> processing ->
// completed|failed over a configurable render time, results point at the file host, errors use
// FoxAPI's {"error":{message,type}} shape. Faults can be switched on for resilience tests.
import type { ServerResponse } from 'node:http';

import { startFileHost } from './files';
import { listen, sendJson, sleep, type RecordedRequest, type RunningServer } from './http';
import { seededRandom } from './random';

export interface FoxFaults {
	/** Probability that a submit is refused with 429 (and Retry-After). */
	submit429Rate?: number;
	/** The next N submits are refused with 429. */
	submit429Count?: number;
	retryAfterSeconds?: number;
	/** Probability that a status query answers 500 / a non-JSON body. */
	poll5xxRate?: number;
	pollMalformedRate?: number;
	/** Probability that a task ends as failed (a prompt containing "[fail]" always does). */
	failRate?: number;
	/** Delay before every API answer. */
	slowMs?: number;
	/** Every submit answers 402 insufficient_quota. */
	quotaExhausted?: boolean;
	/** Result shape of completed tasks: current `results[]` or the older `output{}` variant. */
	resultShape?: 'results' | 'output';
	/** The first query of a finished task says completed but carries no results. */
	completedWithoutResultsOnce?: boolean;
}

export interface SimTask {
	id: string;
	model: string;
	body: Record<string, unknown>;
	createdAt: number;
	renderMs: number;
	willFail: boolean;
	emptyCompletionSent: boolean;
	polls: number;
}

export interface FoxSimulatorOptions {
	apiKey?: string;
	renderMs?: number;
	seed?: number;
	faults?: FoxFaults;
}

const REQUIRED: Record<string, string[]> = {
	'kling-v3-text-to-video': ['prompt'],
	'kling-v3-image-to-video': ['prompt', 'image_url'],
	'kling-v3-motion-control': ['image_url', 'video_url'],
	'kling-v2-6-motion-control': ['image_url', 'video_url'],
	'kling-o3-video-to-video-edit': ['prompt', 'video_url'],
	'kling-video-create-voice': ['voice_url'],
};

export class FoxApiSimulator {
	readonly tasks = new Map<string, SimTask>();
	faults: FoxFaults;
	renderMs: number;
	/** Most submits the simulator was handling at the same moment. */
	peakConcurrentSubmits = 0;
	private submitsInFlight = 0;
	private readonly random: () => number;
	private counter = 0;

	private constructor(
		readonly api: RunningServer,
		readonly files: RunningServer,
		private readonly apiKey: string,
		options: FoxSimulatorOptions,
	) {
		this.faults = options.faults ?? {};
		this.renderMs = options.renderMs ?? 1500;
		this.random = seededRandom(options.seed ?? 1);
	}

	static async start(options: FoxSimulatorOptions = {}): Promise<FoxApiSimulator> {
		const files = await startFileHost();
		let simulator: FoxApiSimulator | undefined;
		const api = await listen((request, response) => simulator!.handle(request, response));
		simulator = new FoxApiSimulator(api, files, options.apiKey ?? 'test-key', options);
		return simulator;
	}

	get baseUrl(): string {
		return this.api.url;
	}

	/** Submits the provider accepted (each one creates a billable task). */
	get acceptedSubmits(): SimTask[] {
		return [...this.tasks.values()];
	}

	async close(): Promise<void> {
		await Promise.all([this.api.close(), this.files.close()]);
	}

	private async handle(request: RecordedRequest, response: ServerResponse): Promise<void> {
		const isSubmit = request.method === 'POST';
		if (isSubmit) this.peakConcurrentSubmits = Math.max(this.peakConcurrentSubmits, ++this.submitsInFlight);
		try {
			await this.answer(request, response);
		} finally {
			if (isSubmit) this.submitsInFlight--;
		}
	}

	private async answer(request: RecordedRequest, response: ServerResponse): Promise<void> {
		if (this.faults.slowMs) await sleep(this.faults.slowMs);
		if (request.headers.authorization !== `Bearer ${this.apiKey}`) {
			return sendJson(response, 401, { error: { message: 'Invalid API key', type: 'authentication_error' } });
		}
		if (request.method === 'POST' && request.path === '/v1/videos/generations') return this.create(request, response);
		const query = /^\/v1\/tasks\/([^/?]+)/.exec(request.path);
		if (request.method === 'GET' && query) return this.query(decodeURIComponent(query[1]), response);
		sendJson(response, 404, { error: { message: `No route ${request.method} ${request.path}`, type: 'not_found' } });
	}

	private create(request: RecordedRequest, response: ServerResponse) {
		const faults = this.faults;
		if (faults.quotaExhausted) {
			return sendJson(response, 402, { error: { message: 'Insufficient balance', type: 'insufficient_quota' } });
		}
		const refuse = (faults.submit429Count ?? 0) > 0 || this.random() < (faults.submit429Rate ?? 0);
		if (refuse) {
			if (faults.submit429Count) faults.submit429Count--;
			return sendJson(
				response,
				429,
				{ error: { message: 'Rate limit exceeded', type: 'rate_limit_error' } },
				{ 'retry-after': String(faults.retryAfterSeconds ?? 1) },
			);
		}
		const body = request.body as Record<string, unknown> | undefined;
		const model = typeof body?.model === 'string' ? body.model : '';
		const required = REQUIRED[model];
		if (!body || !required) {
			return sendJson(response, 422, { error: { message: `Unknown model "${model}"`, type: 'invalid_request_error' } });
		}
		const missing = required.filter((field) => typeof body[field] !== 'string' || body[field] === '');
		if (missing.length > 0) {
			return sendJson(response, 422, { error: { message: `Missing ${missing.join(', ')}`, type: 'invalid_request_error' } });
		}
		const createdAt = Date.now();
		const id = `task-unified-${Math.floor(createdAt / 1000)}-${(++this.counter).toString(36).padStart(8, '0')}`;
		const willFail = String(body.prompt ?? '').includes('[fail]') || this.random() < (faults.failRate ?? 0);
		this.tasks.set(id, { id, model, body, createdAt, renderMs: this.renderMs, willFail, emptyCompletionSent: false, polls: 0 });
		sendJson(response, 200, {
			created: Math.floor(createdAt / 1000),
			id,
			model,
			object: 'video.generation.task',
			progress: 0,
			status: 'pending',
			task_info: { can_cancel: true, estimated_time: this.renderMs / 1000 },
			type: model === 'kling-video-create-voice' ? 'audio' : 'video',
		});
	}

	private query(id: string, response: ServerResponse) {
		const task = this.tasks.get(id);
		if (!task) return sendJson(response, 404, { error: { message: 'Task not found', type: 'not_found' } });
		task.polls++;
		if (this.random() < (this.faults.poll5xxRate ?? 0)) {
			return sendJson(response, 500, { error: { message: 'Internal error', type: 'server_error' } });
		}
		if (this.random() < (this.faults.pollMalformedRate ?? 0)) {
			response.writeHead(200, { 'content-type': 'application/json' });
			return void response.end('{"status": "proc');
		}
		sendJson(response, 200, this.describe(task));
	}

	private describe(task: SimTask): Record<string, unknown> {
		const elapsed = Date.now() - task.createdAt;
		const base = {
			id: task.id,
			object: 'video.generation.task',
			type: 'video',
			model: task.model,
			created: Math.floor(task.createdAt / 1000),
			usage: { credits_reserved: 5, user_group: 'default' },
		};
		if (elapsed < task.renderMs * 0.3) return { ...base, status: 'pending', progress: 0, results: null, error: null };
		if (elapsed < task.renderMs) {
			return { ...base, status: 'processing', progress: Math.floor((elapsed / task.renderMs) * 100), results: null, error: null };
		}
		if (task.willFail) {
			return {
				...base,
				status: 'failed',
				progress: 100,
				results: null,
				error: { code: 'generation_failed', message: 'Generation failed: content policy violation', type: 'task_error' },
			};
		}
		if (this.faults.completedWithoutResultsOnce && !task.emptyCompletionSent) {
			task.emptyCompletionSent = true;
			return { ...base, status: 'completed', progress: 100, results: null, error: null };
		}
		if (task.model === 'kling-video-create-voice') {
			return { ...base, status: 'completed', progress: 100, results: [{ voice_id: `voice_${task.id.slice(-8)}` }], error: null };
		}
		const url = `${this.files.url}/videos/${task.id}.mp4`;
		if (this.faults.resultShape === 'output') {
			return { ...base, status: 'completed', progress: 100, output: { url, urls: [url], duration: 5, width: 64, height: 64 } };
		}
		return { ...base, status: 'completed', progress: 100, results: [{ url, width: 64, height: 64 }], error: null };
	}
}
