// FoxAPI as docs/providers.md section 1 describes it: POST /v1/videos/generations creates a task,
// GET /v1/tasks/{id} reports pending -> processing -> completed|failed, results point at the file host,
// errors use FoxAPI's {"error":{message,type}} shape.
import type { ServerResponse } from 'node:http';

import {
	ProviderSimulator,
	type ErrorKind,
	type Faults,
	type SimTask,
	type SimulatorOptions,
} from './base';
import { multipartParts, type RecordedRequest } from './http';
import { toolClock } from '../clock';

export interface FoxFaults extends Faults {
	/** Result shape of completed tasks: current `results[]` or the older `output{}` variant. */
	resultShape?: 'results' | 'output';
}

const REQUIRED: Record<string, string[]> = {
	'kling-v3-text-to-video': ['prompt'],
	'kling-v3-image-to-video': ['prompt', 'image_url'],
	'kling-v3-motion-control': ['image_url', 'video_url'],
	'kling-v2-6-motion-control': ['image_url', 'video_url'],
	'kling-o3-video-to-video-edit': ['prompt', 'video_url'],
	'kling-video-create-voice': ['voice_url'],
};

const ERRORS: Record<ErrorKind, [number, string]> = {
	auth: [401, 'authentication_error'],
	quota: [402, 'insufficient_quota'],
	rateLimited: [429, 'rate_limit_error'],
	busy: [429, 'rate_limit_error'],
	notFound: [404, 'not_found'],
	invalid: [422, 'invalid_request_error'],
	server: [500, 'server_error'],
};

export type FoxSimulatorOptions = SimulatorOptions & { faults?: FoxFaults };

export class FoxApiSimulator extends ProviderSimulator {
	declare faults: FoxFaults;

	static async start(options: FoxSimulatorOptions = {}): Promise<FoxApiSimulator> {
		return await ProviderSimulator.boot(new FoxApiSimulator(options));
	}

	protected sendError(
		response: ServerResponse,
		kind: ErrorKind,
		message: string,
		headers?: Record<string, string>,
	) {
		const [status, type] = ERRORS[kind];
		this.json(response, status, { error: { message, type } }, headers);
	}

	protected route(request: RecordedRequest, response: ServerResponse): boolean {
		if (request.method === 'POST' && request.path === '/v1/files/upload/stream') {
			const file = multipartParts(request).find((part) => part.name === 'file');
			if (!file) this.sendError(response, 'invalid', 'file is required');
			else {
				const { name, url } = this.storeUpload(file);
				this.json(response, 200, {
					id: name,
					filename: file.fileName,
					url,
					size: file.data.length,
					created: Math.floor(toolClock.now() / 1000),
				});
			}
			return true;
		}
		if (request.method === 'POST' && request.path === '/v1/videos/generations') {
			this.create(request, response);
			return true;
		}
		const query = /^\/v1\/tasks\/([^/?]+)/.exec(request.path);
		if (request.method === 'GET' && query) {
			this.query(decodeURIComponent(query[1]), response);
			return true;
		}
		return false;
	}

	private create(request: RecordedRequest, response: ServerResponse) {
		if (this.refuseSubmit(response) || this.loseAnswer(response, 'before')) return;
		const body = request.body as Record<string, unknown> | undefined;
		const model = typeof body?.model === 'string' ? body.model : '';
		const required = REQUIRED[model] ?? (this.extraModels.includes(model) ? [] : undefined);
		if (!body || !required) return this.sendError(response, 'invalid', `Unknown model "${model}"`);
		const missing = required.filter(
			(field) => typeof body[field] !== 'string' || body[field] === '',
		);
		if (missing.length > 0)
			return this.sendError(response, 'invalid', `Missing ${missing.join(', ')}`);
		const now = toolClock.now();
		const id = `task-unified-${Math.floor(now / 1000)}-${this.nextId().toString(36).padStart(8, '0')}`;
		const task = this.createTask(id, model, body);
		this.scheduleCallback(task, body.callback_url, () => this.describe(task));
		if (this.loseAnswer(response, 'after')) return;
		this.json(response, 200, {
			created: Math.floor(now / 1000),
			id,
			model: this.usedModel ?? model,
			object: 'video.generation.task',
			progress: 0,
			status: 'pending',
			task_info: { can_cancel: true, estimated_time: (this.estimateMs ?? this.renderMs) / 1000 },
			type: model === 'kling-video-create-voice' ? 'audio' : 'video',
		});
	}

	private query(id: string, response: ServerResponse) {
		const task = this.tasks.get(id);
		if (!task) return this.sendError(response, 'notFound', 'Task not found');
		task.polls++;
		if (this.pollFault(response)) return;
		this.json(response, 200, this.describe(task));
	}

	private describe(task: SimTask): Record<string, unknown> {
		const base = {
			id: task.id,
			object: 'video.generation.task',
			type: 'video',
			model: this.usedModel ?? task.model,
			created: Math.floor(task.createdAt / 1000),
			usage: { credits_reserved: 5, user_group: 'default' },
		};
		const phase = this.phase(task);
		if (phase === 'pending')
			return { ...base, status: 'pending', progress: 0, results: null, error: null };
		if (phase === 'processing')
			return {
				...base,
				status: 'processing',
				progress: this.progress(task),
				results: null,
				error: null,
			};
		if (phase === 'failed') {
			return {
				...base,
				status: 'failed',
				progress: 100,
				results: null,
				error: {
					code: 'generation_failed',
					message: 'Generation failed: content policy violation',
					type: 'task_error',
				},
			};
		}
		if (phase === 'completedEmpty')
			return { ...base, status: 'completed', progress: 100, results: null, error: null };
		if (task.model === 'kling-video-create-voice') {
			return {
				...base,
				status: 'completed',
				progress: 100,
				results: [{ voice_id: `voice_${task.id.slice(-8)}` }],
				error: null,
			};
		}
		const url = this.videoUrl(task);
		if (this.faults.resultShape === 'output') {
			return {
				...base,
				status: 'completed',
				progress: 100,
				output: { url, urls: [url], duration: 5, width: 64, height: 64 },
			};
		}
		return {
			...base,
			status: 'completed',
			progress: 100,
			results: [{ url, width: 64, height: 64 }],
			error: null,
		};
	}
}
