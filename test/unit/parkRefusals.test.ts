// When a run may not pause (run/park/refusals.ts): the reasons that depend on where the node runs (an AI
// tool, an n8n 1.x sub-workflow, a resume URL the provider cannot reach), on a stand-in for execute()'s
// functions; the node-level tests (test/node/park.test.ts) cover the rest in n8n-core.
import type { IExecuteFunctions } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import { foxApi } from '../../nodes/KlingVideo/providers/foxApi';
import type { ProviderAdapter } from '../../nodes/KlingVideo/providers/types';
import { uniAll } from '../../nodes/KlingVideo/providers/uniAll';
import type { Job } from '../../nodes/KlingVideo/run/plan/plan';
import type { ItemSettings } from '../../nodes/KlingVideo/run/plan/settings';
import { parkRefusal } from '../../nodes/KlingVideo/run/park/refusals';

const V1_RESUME = 'https://n8n.example.com/webhook-waiting/42';
const V2_RESUME = `${V1_RESUME}?signature=${'a'.repeat(64)}`;

function place(
	options: {
		mode?: string;
		tool?: boolean;
		type?: string;
		resumeUrl?: string;
		baseUrl?: string;
		provider?: ProviderAdapter;
		engineType?: 'v1' | 'v2';
	} = {},
) {
	const ctx = {
		getMode: () => options.mode ?? 'webhook',
		isToolExecution: () => options.tool ?? false,
		getWorkflowSettings: () => ({ engineType: options.engineType }),
		getNode: () => ({ type: options.type ?? 'n8n-nodes-kling-video.klingVideo' }),
	} as unknown as IExecuteFunctions;
	const settings: ItemSettings = {
		wait: true,
		clientTaskId: true,
		maxWaitMinutes: 30,
		onTimeout: 'fail',
		maxQueueMinutes: 60,
		pollIntervalSeconds: 5,
		download: true,
		binaryPropertyName: 'data',
		downloadTimeoutMinutes: 10,
		maxVideoMegabytes: 500,
	};
	const job: Job = { itemIndex: 0, operation: 'textToVideo', settings };
	return {
		ctx,
		provider: options.provider ?? foxApi,
		jobs: [job],
		baseUrl: options.baseUrl ?? 'https://api.foxapi.cc',
		resumeUrl: 'resumeUrl' in options ? options.resumeUrl : V2_RESUME,
	};
}

describe('park refusals', () => {
	it('allows a public resume URL on n8n 1.x and 2.x', () => {
		expect(parkRefusal(place())).toBeUndefined();
		expect(parkRefusal(place({ resumeUrl: V1_RESUME }))).toBeUndefined();
	});

	it('refuses a provider that never calls back', () => {
		expect(parkRefusal(place({ provider: uniAll }))).toMatch(/UniAll does not call back/);
	});

	it('refuses a run as an AI tool, asked or told by the node type', () => {
		expect(parkRefusal(place({ tool: true }))).toMatch(/AI agent/);
		expect(parkRefusal(place({ type: 'n8n-nodes-kling-video.klingVideoTool' }))).toMatch(
			/AI agent/,
		);
	});

	it('refuses a sub-workflow on n8n 1.x (no signature in its resume URL), not on 2.x', () => {
		expect(parkRefusal(place({ mode: 'integrated', resumeUrl: V1_RESUME }))).toMatch(/n8n 1\.x/);
		expect(parkRefusal(place({ mode: 'integrated', resumeUrl: V2_RESUME }))).toBeUndefined();
	});

	it('refuses a resume URL the provider cannot reach, unless the provider is local too', () => {
		const local = 'http://192.168.1.20:5678/webhook-waiting/42';
		expect(parkRefusal(place({ resumeUrl: local }))).toMatch(/192\.168\.1\.20.*WEBHOOK_URL/);
		expect(
			parkRefusal(place({ resumeUrl: local, baseUrl: 'http://127.0.0.1:8080' })),
		).toBeUndefined();
	});

	it("refuses a workflow on n8n 2.x's Engine 2.0, which cannot resume paused executions", () => {
		expect(parkRefusal(place({ engineType: 'v2' }))).toMatch(/Engine 2\.0/);
		expect(parkRefusal(place({ engineType: 'v1' }))).toBeUndefined();
	});

	it('refuses an execution without a resume URL', () => {
		expect(parkRefusal(place({ resumeUrl: undefined }))).toMatch(/no resume URL/);
	});
});
