// Where providers call back while the execution is paused (Options > While Waiting). A restart webhook,
// as n8n's own send-and-wait nodes declare one: n8n serves it under the execution's resume URL only
// while this node waits, and registers it nowhere (no create/delete lifecycle: activating a workflow
// skips restart webhooks). The node id as the path keeps a late callback from resuming another
// waiting node; the empty response data keeps n8n from answering with the first item's JSON.

import type { IWebhookDescription } from 'n8n-workflow';

export const resumeWebhooks: IWebhookDescription[] = [
	{
		name: 'default',
		httpMethod: 'POST',
		responseMode: 'onReceived',
		responseData: '',
		path: '={{ $nodeId }}',
		restartWebhook: true,
		isFullPath: true,
	},
];
