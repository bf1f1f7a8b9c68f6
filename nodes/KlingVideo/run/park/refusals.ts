// When the execution cannot pause until the provider calls back, the node says why before anything is
// sent (nothing is billed), instead of parking an execution that nothing would resume in time.

import type { IExecuteFunctions } from 'n8n-workflow';

import { safely } from '../../lib/attempt';
import type { ProviderAdapter } from '../../providers/types';
import { hostOf, internalHostOf, isInternalUrl } from '../../transport/publicHost';
import type { Job } from '../plan/plan';

/**
 * n8n looks for executions to resume once a minute, and a callback may not resume one in the last 75 s
 * (run/park/resume.ts): a shorter Max Wait would leave no time for the callbacks.
 */
export const MIN_PARK_WAIT_MINUTES = 2;

export interface ParkPlace {
	ctx: IExecuteFunctions;
	provider: ProviderAdapter;
	jobs: Job[];
	baseUrl: string;
	/** n8n's resume URL for this execution, if it gave one. */
	resumeUrl?: string;
}

const isToolRun = (ctx: IExecuteFunctions): boolean => {
	try {
		if (ctx.isToolExecution?.()) return true;
	} catch {
		// Older n8n: no such question; the node type tells.
	}
	return ctx.getNode().type.endsWith('Tool');
};

/** Why this run cannot pause, or undefined when it can. */
export function parkRefusal({
	ctx,
	provider,
	jobs,
	baseUrl,
	resumeUrl,
}: ParkPlace): string | undefined {
	if (!provider.acceptsCallback)
		return `${provider.displayName} does not call back when a task is done, so nothing would resume the execution`;
	if (isToolRun(ctx))
		return 'the node runs as an AI agent’s tool, and the agent waits for its answer in the same execution';
	if (!resumeUrl) return 'n8n gave this execution no resume URL';
	if (safely(() => ctx.getWorkflowSettings().engineType) === 'v2')
		return 'the workflow runs on n8n’s Engine 2.0, which cannot resume a paused execution yet (workflow settings)';
	// n8n 2.x signs the resume URL; 1.x does not, and gives a parent workflow its own input back.
	if (ctx.getMode() === 'integrated' && !new URL(resumeUrl).searchParams.has('signature'))
		return 'on n8n 1.x a parent workflow gets its own input back when a paused sub-workflow resumes (n8n 2.x passes the results on)';
	if (isInternalUrl(resumeUrl) && !internalHostOf(baseUrl))
		return `n8n's resume URL is on ${hostOf(resumeUrl)}, which ${provider.displayName} cannot reach: set WEBHOOK_URL to n8n's public address`;
	for (const { settings, itemIndex } of jobs) {
		if (!settings.wait)
			return `Wait for Completion is off for item ${itemIndex}: an execution pauses for all its items or none`;
		if (settings.callbackUrl)
			return `Callback URL is set for item ${itemIndex}: leave it empty, the node sets its own`;
		if (settings.maxWaitMinutes < MIN_PARK_WAIT_MINUTES)
			return `Max Wait is ${settings.maxWaitMinutes} min for item ${itemIndex}: pausing needs at least ${MIN_PARK_WAIT_MINUTES} (n8n resumes paused executions on a one-minute beat)`;
	}
	return undefined;
}
