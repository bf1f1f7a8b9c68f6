// A provider's callback to a run that the node paused (tooling/harness/n8n.ts), through n8n-core's real
// WebhookContext over the paused run's data, as n8n's waiting-webhook handler builds it. The HTTP
// request and response are plain stand-ins that record what the node answered.
import { WebhookContext } from 'n8n-core';
import type { IDataObject, IWebhookData, IWebhookResponseData } from 'n8n-workflow';

import type { Clock } from '../../nodes/KlingVideo/lib/clock';
import { resumeNode } from '../../nodes/KlingVideo/run/park/resume';
import { toolClock } from '../clock';
import type { KlingResult } from './n8n';

export interface Callback {
	query?: Record<string, string>;
	headers?: Record<string, string>;
	/** The body as sent; n8n keeps it as rawBody and parses it as JSON. */
	body?: string;
	/** The node's clock (the shared tool clock by default; a later one plays a callback near Max Wait). */
	clock?: Clock;
}

export interface CallbackResult {
	/** What the node answered the provider with, if it answered. */
	answer?: { status: number; body: unknown };
	/** What it gave n8n: workflowData means "resume with these items". */
	data: IWebhookResponseData;
}

/** The query of a callback URL the node sent, as n8n's router gives it. */
export const queryOf = (url: string): Record<string, string> =>
	Object.fromEntries(new URL(url).searchParams.entries());

export async function callBack(paused: KlingResult, callback: Callback): Promise<CallbackResult> {
	const { workflow, node, additionalData } = paused.engine;
	const rawBody = Buffer.from(callback.body ?? '{}');
	const request = {
		method: 'POST',
		query: callback.query ?? {},
		headers: { 'content-type': 'application/json', ...callback.headers },
		body: JSON.parse(rawBody.toString()) as IDataObject,
		rawBody,
	};
	const result: CallbackResult = { data: {} };
	const response = {
		headersSent: false,
		statusCode: 200,
		status(code: number) {
			this.statusCode = code;
			return this;
		},
		json(body: unknown) {
			this.headersSent = true;
			result.answer = { status: this.statusCode, body };
			return this;
		},
	};
	const webhookData = {
		httpMethod: 'POST',
		node: node.name,
		path: node.id,
		webhookDescription: {},
		workflowId: workflow.id,
		workflowExecuteAdditionalData: additionalData,
	} as unknown as IWebhookData;
	const context = new WebhookContext(
		workflow,
		node,
		{ ...additionalData, httpRequest: request, httpResponse: response } as never,
		'webhook',
		webhookData,
		[],
		paused.run.data,
	);
	result.data = await resumeNode(context, { clock: callback.clock ?? toolClock });
	return result;
}
