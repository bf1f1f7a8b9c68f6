// The official Kling AI API's legacy design as docs/providers.md section 6 describes it. Every request
// must carry a valid HS256 JWT (signature with the secret key, iss = access key, exp not passed, nbf
// reached), or it is refused with Kling's 401 codes. Answers use the {code, message, request_id, data}
// envelope. klingAi.ts adds the current design (API key) on the same host and task store.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ServerResponse } from 'node:http';

import { ProviderSimulator, type ErrorKind, type SimTask, type SimulatorOptions } from './base';
import type { RecordedRequest } from './http';
import { toolClock } from '../clock';

const ENDPOINTS = ['text2video', 'image2video', 'motion-control', 'omni-video'];
export const ERRORS: Record<ErrorKind, [number, number]> = {
	auth: [401, 1002],
	quota: [429, 1102],
	rateLimited: [429, 1302],
	busy: [429, 1303],
	notFound: [404, 1203],
	invalid: [400, 1201],
	server: [500, 5000],
};

export type KlingSimulatorOptions = SimulatorOptions & { secretKey?: string };

/** Why a bearer token is not acceptable, or undefined when it is. */
export function jwtProblem(
	authorization: string | undefined,
	accessKey: string,
	secretKey: string,
	nowSeconds: number,
): string | undefined {
	const match = /^Bearer (.+)$/.exec(authorization ?? '');
	if (!match) return 'missing bearer token';
	const parts = match[1].split('.');
	if (parts.length !== 3) return 'not a JWT';
	const expected = createHmac('sha256', secretKey).update(`${parts[0]}.${parts[1]}`).digest();
	const given = Buffer.from(parts[2], 'base64url');
	if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'bad signature';
	const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString());
	const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString());
	if (header.alg !== 'HS256' || header.typ !== 'JWT') return 'wrong header';
	if (payload.iss !== accessKey) return 'wrong iss';
	if (typeof payload.exp !== 'number' || payload.exp <= nowSeconds) return 'expired';
	if (typeof payload.nbf !== 'number' || payload.nbf > nowSeconds) return 'not yet valid';
	return undefined;
}

export class KlingLegacySimulator extends ProviderSimulator {
	readonly secretKey: string;
	/** The next submit answers HTTP 200 with this error code in the envelope. */
	envelopeErrorOnce?: number;
	/** Why the last refused token was refused. */
	lastJwtProblem?: string;

	protected constructor(options: KlingSimulatorOptions) {
		super(options);
		this.secretKey = options.secretKey ?? `${this.apiKey}-secret`;
	}

	get accessKey(): string {
		return this.apiKey;
	}

	protected authorized(request: RecordedRequest): boolean {
		this.lastJwtProblem = jwtProblem(
			request.headers.authorization,
			this.apiKey,
			this.secretKey,
			Math.floor(Date.now() / 1000),
		);
		return this.lastJwtProblem === undefined;
	}

	protected sendError(
		response: ServerResponse,
		kind: ErrorKind,
		message: string,
		headers?: Record<string, string>,
	) {
		const [status, code] = ERRORS[kind];
		this.json(
			response,
			status,
			{
				code,
				message: kind === 'auth' ? `${message}: ${this.lastJwtProblem}` : message,
				request_id: 'req-sim',
			},
			headers,
		);
	}

	protected route(request: RecordedRequest, response: ServerResponse): boolean {
		const create = /^\/v1\/videos\/([\w-]+)$/.exec(request.path);
		if (request.method === 'POST' && create && ENDPOINTS.includes(create[1])) {
			this.create(create[1], request, response);
			return true;
		}
		const query = /^\/v1\/videos\/([\w-]+)\/([^/?]+)$/.exec(request.path);
		if (request.method === 'GET' && query && ENDPOINTS.includes(query[1])) {
			this.query(query[1], decodeURIComponent(query[2]), response);
			return true;
		}
		return false;
	}

	/** An error in Kling's envelope: {code, message, request_id}. */
	protected refuse(response: ServerResponse, status: number, code: number, message: string) {
		this.json(response, status, { code, message, request_id: 'req-sim' });
	}

	protected create(endpoint: string, request: RecordedRequest, response: ServerResponse) {
		if (this.envelopeErrorOnce !== undefined) {
			const code = this.envelopeErrorOnce;
			this.envelopeErrorOnce = undefined;
			return this.refuse(response, 200, code, 'parallel task over resource pack limit');
		}
		if (this.refuseSubmit(response) || this.loseAnswer(response, 'before')) return;
		const body = (request.body ?? {}) as Record<string, unknown>;
		if (typeof body.duration === 'number')
			return this.refuse(response, 400, 1201, 'duration must be a string');
		if (String(body.prompt ?? '').includes('[policy]')) {
			return this.refuse(response, 400, 1301, 'Content security policy triggered');
		}
		// Kling: external_task_id must be unique per account (UNVERIFIED which code it answers; 1201 here).
		if (
			typeof body.external_task_id === 'string' &&
			this.findTask(body.external_task_id, 'external_task_id')
		) {
			return this.refuse(response, 400, 1201, 'external_task_id already exists');
		}
		const id = String(867283741759111200n + BigInt(this.nextId()));
		const task = this.createTask(id, String(body.model_name ?? 'kling-v1'), body, endpoint);
		this.scheduleCallback(task, body.callback_url, () => this.describe(task));
		if (this.loseAnswer(response, 'after')) return;
		const now = toolClock.now();
		this.json(response, 200, {
			code: 0,
			message: 'SUCCEED',
			request_id: 'req-sim',
			data: {
				task_id: id,
				task_status: 'submitted',
				task_info: {},
				created_at: now,
				updated_at: now,
			},
		});
	}

	protected query(endpoint: string, id: string, response: ServerResponse) {
		const task = this.findTask(id, 'external_task_id');
		if (!task || task.kind !== endpoint)
			return this.sendError(response, 'notFound', 'task not found');
		task.polls++;
		if (this.pollFault(response)) return;
		this.json(response, 200, {
			code: 0,
			message: 'SUCCEED',
			request_id: 'req-sim',
			data: this.describe(task),
		});
	}

	protected describe(task: SimTask): Record<string, unknown> {
		const base = { task_id: task.id, created_at: task.createdAt, updated_at: toolClock.now() };
		const phase = this.phase(task);
		if (phase === 'pending') return { ...base, task_status: 'submitted' };
		if (phase === 'processing') return { ...base, task_status: 'processing' };
		if (phase === 'failed')
			return {
				...base,
				task_status: 'failed',
				task_status_msg: 'Failure to pass the risk control system',
			};
		if (phase === 'completedEmpty')
			return { ...base, task_status: 'succeed', task_result: { videos: [] } };
		return {
			...base,
			task_status: 'succeed',
			task_result: { videos: [{ id: `v${task.id}`, url: this.videoUrl(task), duration: '5.042' }] },
		};
	}
}
