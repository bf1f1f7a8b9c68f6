import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { waitingProperties } from './description/options';
import {
	credentials,
	credentialsPlacement,
	operationProperty,
	providerProperties,
	subtitle,
} from './description/selection';
import { resumeWebhooks } from './description/resumeWebhook';
import { operationProperties } from './operations';
import { executeNode } from './run/execute';
import { resumeNode } from './run/park/resume';

export class KlingVideo implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Kling Video',
		name: 'klingVideo',
		icon: { light: 'file:klingVideo.svg', dark: 'file:klingVideo.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle,
		description:
			'Generate Kling videos (text, images, motion control, edits, voices) through FoxAPI and other providers',
		defaults: { name: 'Kling Video' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials,
		webhooks: resumeWebhooks,
		properties: [
			operationProperty,
			...providerProperties,
			credentialsPlacement,
			...operationProperties,
			...waitingProperties,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeNode(this);
	}

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await resumeNode(this);
	}
}
