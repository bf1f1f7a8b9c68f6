// The official Kling AI API, both designs on one host and one task store (as Kling runs them): the
// legacy one (klingLegacy.ts, JWT from the access key pair) and the current one (docs/providers.md 6.9):
// an API key as the bearer, the model in the create path, bodies {prompt | contents[], settings,
// options}, and one task query for every model, GET /tasks?task_ids=a,b (or external_task_ids=),
// answering data[] with outputs[] and billing[]. An unknown id is left out of data[] (GUESS: the docs
// are silent). The access key pair is refused on the current design (GUESS), the API key taken on both.
import { createHmac } from 'node:crypto';
import type { ServerResponse } from 'node:http';

import type { SimTask } from './base';
import type { RecordedRequest } from './http';
import { KlingLegacySimulator, type KlingSimulatorOptions } from './klingLegacy';
import { toolClock } from '../clock';

export { jwtProblem, type KlingSimulatorOptions } from './klingLegacy';

/** Create paths of the current design and the models each takes (the docs, 2026-09). */
const CURRENT_MODELS: Record<string, string[]> = {
	'text-to-video': ['kling-3.0', 'kling-3.0-turbo', 'kling-2.6', 'kling-2.5-turbo'],
	'image-to-video': ['kling-3.0', 'kling-3.0-turbo', 'kling-2.6', 'kling-2.5-turbo'],
	'omni-video': ['kling-3.0-omni', 'kling-o1'],
	'motion-control': ['kling-3.0', 'kling-2.6'],
};
const CURRENT = 'current:';

export class KlingAiSimulator extends KlingLegacySimulator {
	/** Status queries of the current design (GET /tasks), each possibly for several tasks. */
	readonly taskQueries: Array<{ ids: string[]; by: 'task_ids' | 'external_task_ids' }> = [];
	/** What a finished current-design task says it cost (billing[]). */
	billing: Array<Record<string, string>> = [
		{ charge_type: 'unit', amount: '5', package_type: 'video' },
	];
	/** A Webhook Secret (`whsec_<base64>`): current-design callbacks are then signed (Standard Webhooks). */
	webhookSecret?: string;
	/** A task query that lists this id is refused as invalid (code 1201), whatever else it lists. */
	refuseQueriesWith?: string;
	/** The next so many task queries leave every task out of their answer (an answer missing tasks). */
	omitFromQueries = 0;
	private readonly usesApiKey = new WeakSet<RecordedRequest>();

	static async start(options: KlingSimulatorOptions = {}): Promise<KlingAiSimulator> {
		return await KlingLegacySimulator.boot(new KlingAiSimulator(options));
	}

	/** The API key this simulator takes as `Bearer <key>`: its `apiKey` option. */
	get apiKeyValue(): string {
		return this.apiKey;
	}

	protected authorized(request: RecordedRequest): boolean {
		if (request.headers.authorization === `Bearer ${this.apiKey}`) {
			this.usesApiKey.add(request);
			return true;
		}
		if (!super.authorized(request)) return false;
		if (!isCurrentPath(request.path)) return true;
		this.lastJwtProblem = 'an access key pair works on the legacy design only';
		return false;
	}

	protected route(request: RecordedRequest, response: ServerResponse): boolean {
		if (!isCurrentPath(request.path)) return super.route(request, response);
		const url = new URL(request.path, 'http://simulator');
		const create = /^\/([\w-]+)\/([^/]+)$/.exec(url.pathname);
		if (request.method === 'POST' && create && CURRENT_MODELS[create[1]]) {
			this.createCurrent(create[1], decodeURIComponent(create[2]), request, response);
			return true;
		}
		if (request.method === 'GET' && url.pathname === '/tasks') {
			this.queryCurrent(url.searchParams, response);
			return true;
		}
		return false;
	}

	private createCurrent(
		path: string,
		model: string,
		request: RecordedRequest,
		response: ServerResponse,
	) {
		if (!CURRENT_MODELS[path].includes(model))
			return this.refuse(response, 404, 1203, `model ${model} does not exist`);
		if (this.refuseSubmit(response) || this.loseAnswer(response, 'before')) return;
		const body = (request.body ?? {}) as Record<string, unknown>;
		const options = (body.options ?? {}) as Record<string, unknown>;
		if (JSON.stringify(body).includes('[policy]'))
			return this.refuse(response, 400, 1301, 'Content security policy triggered');
		const external = typeof options.external_task_id === 'string' ? options.external_task_id : '';
		if (external && this.byExternalId(external))
			return this.refuse(response, 400, 1201, 'external_task_id already exists');
		const id = String(893605946402811000n + BigInt(this.nextId()));
		const task = this.createTask(id, model, body, `${CURRENT}${path}`);
		this.scheduleCallback(
			task,
			options.callback_url,
			() => this.describeCurrent(task),
			this.webhookSecret ? (body) => webhookHeaders(this.webhookSecret!, task.id, body) : undefined,
		);
		if (this.loseAnswer(response, 'after')) return;
		const now = toolClock.now();
		this.json(response, 200, {
			code: 0,
			message: 'SUCCEED',
			request_id: 'req-sim',
			data: compactEntry({
				id,
				status: 'submitted',
				create_time: now,
				update_time: now,
				external_id: external || undefined,
			}),
		});
	}

	private queryCurrent(params: URLSearchParams, response: ServerResponse) {
		const taskIds = params.get('task_ids');
		const externalIds = params.get('external_task_ids');
		if ((taskIds === null) === (externalIds === null))
			return this.refuse(response, 400, 1201, 'give task_ids or external_task_ids, not both');
		const by = taskIds !== null ? 'task_ids' : 'external_task_ids';
		const ids = (taskIds ?? externalIds ?? '').split(',').filter((id) => id !== '');
		this.taskQueries.push({ ids, by });
		if (this.refuseQueriesWith !== undefined && ids.includes(this.refuseQueriesWith))
			return this.refuse(response, 400, 1201, `invalid task id ${this.refuseQueriesWith}`);
		// The status faults hit status checks; a lookup by external id is the submit's business.
		if (by === 'task_ids' && this.pollFault(response)) return;
		const tasks = ids
			.map((id) => (by === 'task_ids' ? this.tasks.get(id) : this.byExternalId(id)))
			.filter((task): task is SimTask => task?.kind?.startsWith(CURRENT) === true);
		for (const task of tasks) task.polls++;
		if (this.omitFromQueries > 0) {
			this.omitFromQueries--;
			tasks.length = 0;
		}
		this.json(response, 200, {
			code: 0,
			message: 'SUCCEED',
			request_id: 'req-sim',
			data: tasks.map((task) => this.describeCurrent(task)),
		});
	}

	private byExternalId(external: string): SimTask | undefined {
		return [...this.tasks.values()].find(
			(task) =>
				(task.body.options as Record<string, unknown> | undefined)?.external_task_id === external,
		);
	}

	protected describeCurrent(task: SimTask): Record<string, unknown> {
		const external = (task.body.options as Record<string, unknown> | undefined)?.external_task_id;
		const base = {
			id: task.id,
			create_time: task.createdAt,
			update_time: toolClock.now(),
			external_id: typeof external === 'string' && external ? external : undefined,
		};
		const phase = this.phase(task);
		if (phase === 'pending') return compactEntry({ ...base, status: 'submitted' });
		if (phase === 'processing') return compactEntry({ ...base, status: 'processing' });
		if (phase === 'failed')
			return compactEntry({
				...base,
				status: 'failed',
				message: 'Failure to pass the risk control system',
			});
		const outputs =
			phase === 'completedEmpty'
				? []
				: [{ type: 'video', id: `v${task.id}`, url: this.videoUrl(task), duration: '5.042' }];
		return compactEntry({ ...base, status: 'succeeded', outputs, billing: this.billing });
	}
}

/**
 * Kling's webhook signature headers: v1,Base64(HMAC-SHA256(Base64Decode(secret after "whsec_"),
 * "{webhook-id}.{webhook-timestamp}.{raw body}")), the timestamp in seconds.
 */
export function webhookHeaders(
	secret: string,
	id: string,
	body: string,
	timestampSeconds = Math.floor(Date.now() / 1000),
): Record<string, string> {
	const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
	const signature = createHmac('sha256', key)
		.update(`${id}.${timestampSeconds}.${body}`)
		.digest('base64');
	return {
		'webhook-id': id,
		'webhook-timestamp': String(timestampSeconds),
		'webhook-signature': `v1,${signature}`,
	};
}

function isCurrentPath(path: string): boolean {
	return !path.startsWith('/v1/');
}

function compactEntry(entry: Record<string, unknown>): Record<string, unknown> {
	return Object.fromEntries(Object.entries(entry).filter(([, value]) => value !== undefined));
}
