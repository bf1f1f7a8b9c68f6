// ToAPIs as docs/providers.md section 2 describes it: POST /v1/videos/generations (kling-v3),
// GET /v1/videos/generations/{id} with queued / in_progress / completed / failed, results in
// result.data[].url with expires_at, errors {"error":{code,message,type}} where code is a string or a
// number, 429 with Retry-After, 402 insufficient_quota.
import type { ServerResponse } from 'node:http';

import { ProviderSimulator, type ErrorKind, type SimTask, type SimulatorOptions } from './base';
import { multipartParts, type RecordedRequest } from './http';
import { toolClock } from '../clock';

const ERRORS: Record<ErrorKind, [number, string | number, string]> = {
	auth: [401, 401, 'authentication_error'],
	quota: [402, 'insufficient_quota', 'insufficient_quota'],
	rateLimited: [429, 'rate_limit_exceeded', 'rate_limit_exceeded'],
	busy: [429, 'rate_limit_unavailable', 'rate_limit_unavailable'],
	notFound: [404, 404, 'not_found_error'],
	invalid: [400, 'invalid_request', 'invalid_request'],
	server: [500, 'internal_error', 'internal_error'],
};

export class ToApisSimulator extends ProviderSimulator {
	static async start(options: SimulatorOptions = {}): Promise<ToApisSimulator> {
		return await ProviderSimulator.boot(new ToApisSimulator(options));
	}

	protected sendError(
		response: ServerResponse,
		kind: ErrorKind,
		message: string,
		headers?: Record<string, string>,
	) {
		const [status, code, type] = ERRORS[kind];
		this.json(response, status, { error: { code, message, type } }, headers);
	}

	protected route(request: RecordedRequest, response: ServerResponse): boolean {
		const upload = /^\/v1\/uploads\/(images|videos)$/.exec(request.path);
		if (request.method === 'POST' && upload) {
			this.upload(upload[1] as 'images' | 'videos', request, response);
			return true;
		}
		if (request.method === 'POST' && request.path === '/v1/videos/generations') {
			this.create(request, response);
			return true;
		}
		const query = /^\/v1\/videos\/generations\/([^/?]+)$/.exec(request.path);
		if (request.method === 'GET' && query) {
			this.query(decodeURIComponent(query[1]), response);
			return true;
		}
		return false;
	}

	/** Uploads answer in their own envelope, {success, message} on errors (docs/providers.md 2.5). */
	private upload(kind: 'images' | 'videos', request: RecordedRequest, response: ServerResponse) {
		const file = multipartParts(request).find((part) => part.name === 'file');
		const limit = kind === 'images' ? 10 : 50;
		if (!file) return this.json(response, 400, { success: false, message: 'No file uploaded' });
		if (file.data.length > limit * 1024 * 1024) {
			return this.json(response, 400, {
				success: false,
				message: `${kind === 'images' ? 'Image' : 'Video'} too large. Maximum size is ${limit}MB`,
			});
		}
		const { name, url } = this.storeUpload(file);
		this.json(response, 200, {
			success: true,
			data: { url, filename: name, size: file.data.length },
		});
	}

	private create(request: RecordedRequest, response: ServerResponse) {
		if (this.refuseSubmit(response) || this.loseAnswer(response, 'before')) return;
		const body = (request.body ?? {}) as Record<string, unknown>;
		const model = String(body.model);
		if (model !== 'kling-v3' && !this.extraModels.includes(model))
			return this.sendError(response, 'invalid', `Unsupported model ${model}`);
		if (typeof body.prompt !== 'string' || body.prompt === '')
			return this.sendError(response, 'invalid', 'prompt is required');
		const withImages = Boolean(body.reference_images || body.image_with_roles);
		const duration = body.duration ?? 5;
		if (![5, 10, 15].includes(duration as number) || (withImages && (duration as number) > 10)) {
			return this.sendError(
				response,
				'invalid',
				'duration must be 5, 10 or 15 (at most 10 with images)',
			);
		}
		if (body.mode !== undefined && body.mode !== 'std' && body.mode !== 'pro')
			return this.sendError(response, 'invalid', 'mode must be std or pro');
		const id = `tsk_vid_${this.nextId().toString(36).padStart(10, '0')}`;
		const task = this.createTask(id, model, body);
		this.scheduleCallback(task, body.callback_url, () => this.describe(task));
		if (this.loseAnswer(response, 'after')) return;
		this.json(response, 200, {
			id,
			object: 'generation.task',
			model: this.usedModel ?? model,
			status: 'queued',
			progress: 0,
			created_at: Math.floor(toolClock.now() / 1000),
		});
	}

	private query(id: string, response: ServerResponse) {
		const task = this.findTask(id, 'client_business_id');
		if (!task) return this.sendError(response, 'notFound', 'Task not found');
		task.polls++;
		if (this.pollFault(response)) return;
		this.json(response, 200, this.describe(task));
	}

	private describe(task: SimTask): Record<string, unknown> {
		const base = {
			id: task.id,
			object: 'generation.task',
			model: this.usedModel ?? task.model,
			created_at: Math.floor(task.createdAt / 1000),
		};
		const phase = this.phase(task);
		if (phase === 'pending') return { ...base, status: 'queued', progress: 0 };
		if (phase === 'processing')
			return { ...base, status: 'in_progress', progress: this.progress(task) };
		if (phase === 'failed') {
			return {
				...base,
				status: 'failed',
				progress: 100,
				error: {
					code: 'generation_failed',
					message: 'Generation failed: Content violates the content policy',
				},
			};
		}
		const completedAt = Math.floor((task.createdAt + task.renderMs) / 1000);
		const done = {
			...base,
			status: 'completed',
			progress: 100,
			completed_at: completedAt,
			expires_at: completedAt + 86_400,
		};
		if (phase === 'completedEmpty') return done;
		return {
			...done,
			result: { type: 'video', data: [{ url: this.videoUrl(task), format: 'mp4' }] },
		};
	}
}
