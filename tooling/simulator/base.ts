// What every simulated provider shares: a task store with status progression over a render time, the
// file host for results, seeded fault switches, and request bookkeeping. Each protocol file only says
// how its routes, bodies and errors look.
import type { ServerResponse } from 'node:http';

import { deliverCallback, type CallbackRecord } from './callbacks';
import { startFileHost, type UploadStore } from './files';
import {
	deepJson,
	drip,
	listen,
	sendBomb,
	sendJson,
	type RecordedRequest,
	type RunningServer,
	type UploadedPart,
} from './http';
import { hits, rewrittenAnswer, type AnswerKind, type Faults } from './faults';
import { seededRandom } from './random';
import type { Phase, SimTask } from './task';
import type { ProviderErrorKind } from '../../nodes/KlingVideo/transport/http';
import { after, toolClock } from '../clock';

export type { AnswerKind, Faults } from './faults';
export type { Phase, SimTask } from './task';

export interface SimulatorOptions {
	apiKey?: string;
	renderMs?: number;
	seed?: number;
	faults?: Faults;
}

/** The error answers a simulator can give: the node's kinds, less those no simulated protocol answers. */
export type ErrorKind = Exclude<ProviderErrorKind, 'contentPolicy' | 'unknown'>;

export abstract class ProviderSimulator {
	readonly tasks = new Map<string, SimTask>();
	faults: Faults;
	renderMs: number;
	/** What submit answers give as the render's estimate, where the protocol has one (default: renderMs).
	 *  Shorter than the render keeps a client polling a long render often. */
	estimateMs?: number;
	peakConcurrentSubmits = 0;
	api!: RunningServer;
	files!: RunningServer;
	protected readonly apiKey: string;
	protected readonly random: () => number;
	private submitsInFlight = 0;
	private counter = 0;

	protected constructor(options: SimulatorOptions) {
		this.apiKey = options.apiKey ?? 'test-key';
		this.faults = options.faults ?? {};
		this.renderMs = options.renderMs ?? 1500;
		this.random = seededRandom(options.seed ?? 1);
	}

	/** Callbacks the simulator made: where to, and what the target answered. */
	readonly callbacks: CallbackRecord[] = [];
	/** Off: a provider that never calls back (the callbacks are recorded, not made). */
	sendCallbacks = true;

	/** Files received through the upload endpoints, by name. */
	readonly uploads: UploadStore = new Map();

	protected static async boot<T extends ProviderSimulator>(simulator: T): Promise<T> {
		simulator.files = await startFileHost(simulator.uploads);
		simulator.api = await listen((request, response) => simulator.handle(request, response));
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

	/** True when the request carries the credential this protocol expects (Bearer API key by default). */
	protected authorized(request: RecordedRequest): boolean {
		return request.headers.authorization === `Bearer ${this.apiKey}`;
	}
	/** An error answer in this protocol's shape. */
	protected abstract sendError(
		response: ServerResponse,
		kind: ErrorKind,
		message: string,
		headers?: Record<string, string>,
	): void;
	/** Routes an authorized request; returns false when no route matched. */
	protected abstract route(
		request: RecordedRequest,
		response: ServerResponse,
	): boolean | Promise<boolean>;
	/** A POST that creates a task (uploads are not submits). */
	protected isSubmit(request: RecordedRequest): boolean {
		return request.method === 'POST' && !request.path.includes('upload');
	}

	private answerKind(request: RecordedRequest): AnswerKind {
		if (this.isSubmit(request)) return 'submit';
		return request.method === 'POST' ? 'upload' : 'status';
	}

	/** The request each answer belongs to (for the echo fault). */
	private readonly requestOf = new WeakMap<ServerResponse, RecordedRequest>();

	/** Model names accepted besides the protocol's own (a provider that added a model before the node knew it). */
	extraModels: string[] = [];
	/** The model the answers say was used, when it is not the one asked for (a provider that routes elsewhere). */
	usedModel?: string;

	/** Where result videos are said to be; a test may point it elsewhere (another host, a redirect). */
	videoUrlFor?: (task: SimTask, defaultUrl: string) => string;
	/** Where uploaded files are said to be. */
	uploadUrlFor?: (name: string, defaultUrl: string) => string;

	private async handle(request: RecordedRequest, response: ServerResponse): Promise<void> {
		this.requestOf.set(response, request);
		const submit = this.isSubmit(request);
		if (submit)
			this.peakConcurrentSubmits = Math.max(this.peakConcurrentSubmits, ++this.submitsInFlight);
		try {
			if (this.faults.slowMs) await toolClock.sleep(this.faults.slowMs);
			if (!this.authorized(request)) return this.sendError(response, 'auth', 'Invalid API key');
			if (!(await this.route(request, response))) {
				this.sendError(response, 'notFound', `No route ${request.method} ${request.path}`);
			}
		} finally {
			if (submit) this.submitsInFlight--;
		}
	}

	/** Submits refused because the account limit was reached. */
	limitRefusals = 0;

	/** Tasks of this account still rendering now. */
	get runningTasks(): number {
		const now = toolClock.now();
		return [...this.tasks.values()].filter((task) => now < task.createdAt + task.renderMs).length;
	}

	/** Applies the submit faults; true when the submit was refused. */
	protected refuseSubmit(response: ServerResponse): boolean {
		const faults = this.faults;
		if (faults.quotaExhausted) {
			this.sendError(response, 'quota', 'Insufficient balance');
			return true;
		}
		if (
			faults.accountLimit !== undefined &&
			this.runningTasks + (faults.foreignRunning ?? 0) >= faults.accountLimit
		) {
			this.limitRefusals++;
			this.sendError(response, 'busy', 'Too many tasks running at once for this account');
			return true;
		}
		if ((faults.submit429Count ?? 0) > 0 || this.random() < (faults.submit429Rate ?? 0)) {
			if (faults.submit429Count) faults.submit429Count--;
			this.sendError(response, 'rateLimited', 'Rate limit exceeded', {
				'retry-after': String(faults.retryAfterSeconds ?? 1),
			});
			return true;
		}
		return false;
	}

	/**
	 * When the task has a callback URL, POSTs the task's status there once it has finished (as the
	 * providers' callbacks do; Kling AI also calls on intermediate states, which the node does not need).
	 */
	protected scheduleCallback(
		task: SimTask,
		url: unknown,
		payload: () => unknown,
		/** Extra headers for the exact body sent (a signature). */
		sign?: (body: string) => Record<string, string>,
	) {
		if (typeof url !== 'string' || url === '') return;
		after(task.renderMs + 50, async () => {
			const body = JSON.stringify(payload());
			await deliverCallback(this.callbacks, url, this.sendCallbacks, body, sign?.(body));
		});
	}

	/** Cuts the connection without an answer when the matching switch is on; true when it did. */
	protected loseAnswer(response: ServerResponse, when: 'before' | 'after'): boolean {
		const key = when === 'before' ? 'dropBeforeAcceptCount' : 'dropAfterAcceptCount';
		if (!this.faults[key]) return false;
		this.faults[key]! -= 1;
		response.socket?.destroy();
		return true;
	}

	/** A task by its id or by the client task id it was created with. */
	protected findTask(id: string, clientIdField: string): SimTask | undefined {
		return (
			this.tasks.get(id) ?? [...this.tasks.values()].find((task) => task.body[clientIdField] === id)
		);
	}

	/** Applies the poll faults; true when the answer was already sent. */
	protected pollFault(response: ServerResponse): boolean {
		if (this.faults.dripStatusMs) {
			drip(
				response,
				JSON.stringify({ status: 'processing', padding: 'x'.repeat(200) }),
				this.faults.dripStatusMs,
			);
			return true;
		}
		if (this.random() < (this.faults.poll5xxRate ?? 0)) {
			this.sendError(response, 'server', 'Internal error');
			return true;
		}
		if (this.random() < (this.faults.pollMalformedRate ?? 0)) {
			response.writeHead(200, { 'content-type': 'application/json' });
			response.end('{"status": "proc');
			return true;
		}
		return false;
	}

	protected createTask(
		id: string,
		model: string,
		body: Record<string, unknown>,
		kind?: string,
	): SimTask {
		const willFail =
			JSON.stringify(body).includes('[fail]') || this.random() < (this.faults.failRate ?? 0);
		const task: SimTask = {
			id,
			model,
			body,
			createdAt: toolClock.now(),
			renderMs: this.renderMs,
			willFail,
			emptyCompletionSent: false,
			polls: 0,
			kind,
		};
		this.tasks.set(id, task);
		return task;
	}

	/** Stores an uploaded file part and returns its public URL on the file host. */
	protected storeUpload(part: UploadedPart): { name: string; url: string } {
		const name = `${this.nextId()}-${(part.fileName ?? 'file').replace(/[^\w.-]/g, '_')}`;
		this.uploads.set(name, {
			data: part.data,
			contentType: part.contentType ?? 'application/octet-stream',
		});
		const url = `${this.files.url}/uploads/${name}`;
		return { name, url: this.uploadUrlFor?.(name, url) ?? url };
	}

	protected nextId(): number {
		return ++this.counter;
	}

	protected phase(task: SimTask): Phase {
		const elapsed = toolClock.now() - task.createdAt;
		if (elapsed < task.renderMs * 0.3) return 'pending';
		if (elapsed < task.renderMs) return 'processing';
		if (task.willFail) return 'failed';
		if (this.faults.completedWithoutResultsOnce && !task.emptyCompletionSent) {
			task.emptyCompletionSent = true;
			return 'completedEmpty';
		}
		task.completedAnsweredAt ??= toolClock.now();
		return 'completed';
	}

	protected progress(task: SimTask): number {
		return Math.min(
			100,
			Math.floor(((toolClock.now() - task.createdAt) / Math.max(1, task.renderMs)) * 100),
		);
	}

	/** Result size in bytes; the default serves the small sample MP4, a size serves a padded MP4 of it. */
	resultBytes?: number;

	protected videoUrl(task: SimTask): string {
		const url = this.resultBytes
			? `${this.files.url}/videos/big-${this.resultBytes}.mp4`
			: `${this.files.url}/videos/${task.id}.mp4`;
		return this.videoUrlFor?.(task, url) ?? url;
	}

	protected json(
		response: ServerResponse,
		status: number,
		body: unknown,
		headers?: Record<string, string>,
	) {
		const request = this.requestOf.get(response);
		const kind = request && this.answerKind(request);
		const { hugeAnswer, deepAnswer } = this.faults;
		if (status < 300 && hits(hugeAnswer, kind)) {
			void sendBomb(response, status, hugeAnswer!.bytes);
			return;
		}
		if (status < 300 && hits(deepAnswer, kind)) {
			response.writeHead(status, { 'content-type': 'application/json' });
			response.end(deepJson(deepAnswer!.levels));
			return;
		}
		const authorization = String(request?.headers.authorization ?? '');
		const answer = rewrittenAnswer(this.faults, kind, status, body, authorization);
		sendJson(response, status, answer, headers);
	}
}
