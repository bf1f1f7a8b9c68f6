// UniAll as far as it is known (docs/providers.md section 3): POST /v1/video/generations creates a task,
// GET /v1/videos/{task_id} reports it. Its Kling answers are undocumented, so the answer shape is a
// switch: the gateway's generic job shape (default), new-api's OpenAI-style shape, or an empty body.
import type { ServerResponse } from 'node:http';

import { ProviderSimulator, type ErrorKind, type SimTask, type SimulatorOptions } from './base';
import type { RecordedRequest } from './http';
import { toolClock } from '../clock';

export type UniAllShape = 'job' | 'newApi' | 'noTaskId' | 'noVideoUrl';

const MODELS = [
	'kling-v3-std-silent',
	'kling-v3-std-audio',
	'kling-v3-pro-silent',
	'kling-v3-pro-audio',
];
const ERRORS: Record<ErrorKind, [number, string]> = {
	auth: [401, 'invalid_api_key'],
	quota: [403, 'insufficient_user_quota'],
	rateLimited: [429, 'rate_limit'],
	busy: [429, 'rate_limit'],
	notFound: [404, 'task_not_exist'],
	invalid: [400, 'invalid_request'],
	server: [500, 'server_error'],
};

export class UniAllSimulator extends ProviderSimulator {
	shape: UniAllShape = 'job';

	static async start(options: SimulatorOptions = {}): Promise<UniAllSimulator> {
		return await ProviderSimulator.boot(new UniAllSimulator(options));
	}

	protected sendError(
		response: ServerResponse,
		kind: ErrorKind,
		message: string,
		headers?: Record<string, string>,
	) {
		const [status, code] = ERRORS[kind];
		this.json(response, status, { error: { message, type: 'new_api_error', code } }, headers);
	}

	protected route(request: RecordedRequest, response: ServerResponse): boolean {
		if (request.method === 'GET' && request.path === '/v1/models') {
			this.json(response, 200, {
				object: 'list',
				data: MODELS.map((id) => ({ id, object: 'model' })),
			});
			return true;
		}
		if (request.method === 'POST' && request.path === '/v1/video/generations') {
			this.create(request, response);
			return true;
		}
		const query = /^\/v1\/videos\/([^/?]+)$/.exec(request.path);
		if (request.method === 'GET' && query) {
			this.query(decodeURIComponent(query[1]), response);
			return true;
		}
		return false;
	}

	private create(request: RecordedRequest, response: ServerResponse) {
		if (this.refuseSubmit(response) || this.loseAnswer(response, 'before')) return;
		const body = (request.body ?? {}) as Record<string, unknown>;
		const model = String(body.model ?? '');
		const extra = (body.extra_body ?? {}) as Record<string, unknown>;
		if (!MODELS.includes(model) && !this.extraModels.includes(model))
			return this.sendError(response, 'invalid', `model ${model} is not available`);
		if (
			!Number.isInteger(body.duration) ||
			(body.duration as number) < 3 ||
			(body.duration as number) > 15
		) {
			return this.sendError(response, 'invalid', 'duration must be 3 to 15');
		}
		if (body.image && body.prompt && extra.multi_prompt) {
			return this.sendError(
				response,
				'invalid',
				'prompt and extra_body.multi_prompt cannot be used together in image mode',
			);
		}
		if (!body.prompt && !extra.multi_prompt)
			return this.sendError(response, 'invalid', 'prompt is required');
		const id = `video_${this.nextId().toString().padStart(6, '0')}`;
		this.createTask(id, model, body);
		if (this.loseAnswer(response, 'after')) return;
		if (this.shape === 'noTaskId') return this.json(response, 200, {});
		const used = this.usedModel ?? model;
		if (this.shape === 'newApi')
			return this.json(response, 200, {
				id,
				task_id: id,
				object: 'video',
				model: used,
				status: 'queued',
				progress: 0,
			});
		this.json(response, 200, {
			task_id: id,
			object: 'video.generation.job',
			model: used,
			status: 'queued',
			created_at: Math.floor(toolClock.now() / 1000),
		});
	}

	private query(id: string, response: ServerResponse) {
		const task = this.tasks.get(id);
		if (!task) return this.sendError(response, 'notFound', 'task_not_exist');
		task.polls++;
		if (this.pollFault(response)) return;
		this.json(response, 200, this.describe(task));
	}

	private describe(task: SimTask): Record<string, unknown> {
		const phase = this.phase(task);
		const status = {
			pending: 'queued',
			processing: 'in_progress',
			failed: 'failed',
			completed: 'completed',
			completedEmpty: 'completed',
		}[phase];
		const url =
			phase === 'completed' && this.shape !== 'noVideoUrl' ? this.videoUrl(task) : undefined;
		const error =
			phase === 'failed'
				? { message: 'Video generation failed: content moderation', code: 'task_failed' }
				: null;
		if (this.shape === 'newApi') {
			return {
				id: task.id,
				task_id: task.id,
				object: 'video',
				model: this.usedModel ?? task.model,
				status,
				progress: this.progress(task),
				metadata: url ? { url } : {},
				error,
			};
		}
		return {
			id: task.id,
			task_id: task.id,
			object: 'video.generation.job',
			model: this.usedModel ?? task.model,
			status,
			progress: this.progress(task),
			video_url: url ?? null,
			result: url ? { outputs: [url], video_url: url } : null,
			error,
		};
	}
}
