import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { waitingProperties } from './description/options';
import {
	credentials,
	credentialsPlacement,
	operationProperty,
	providerProperties,
	subtitle,
} from './description/selection';
import { operationProperties } from './operations';
import { executeNode } from './run/execute';

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
}
