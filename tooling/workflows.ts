// Workflows the end-to-end tests run besides the seed examples.
import type { IDataObject } from 'n8n-workflow';
import { findProvider } from '../nodes/KlingVideo/providers';

const trigger = {
	parameters: {},
	id: 'e2e-trigger',
	name: 'Start',
	type: 'n8n-nodes-base.manualTrigger',
	typeVersion: 1,
	position: [0, 0],
};

/** Manual Trigger -> Code (emits `items`, which may carry binary data) -> Kling Video, optionally with Continue On Fail. */
/** The credential type the parameters' provider signs with (FoxAPI's by default). */
function credentialTypeOf(klingParameters: IDataObject): string {
	return findProvider(String(klingParameters.provider ?? 'foxApi'))?.credentialName ?? 'foxApiApi';
}

export function itemsWorkflow(
	id: string,
	nodeType: string,
	credentialId: string,
	items: IDataObject[],
	klingParameters: IDataObject,
	continueOnFail = false,
	/** The Kling Video node's own settings, e.g. { retryOnFail: true, maxTries: 3 }. */
	nodeSettings: IDataObject = {},
) {
	return {
		id,
		name: `e2e ${id}`,
		nodes: [
			trigger,
			{
				parameters: {
					jsCode: `return ${JSON.stringify(items.map(({ binary, ...json }) => (binary ? { json, binary } : { json })))};`,
				},
				id: 'e2e-code',
				name: 'Rows',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [200, 0],
			},
			{
				parameters: klingParameters,
				id: 'e2e-kling',
				name: 'Kling Video',
				type: nodeType,
				typeVersion: 1,
				position: [400, 0],
				credentials: {
					[credentialTypeOf(klingParameters)]: { id: credentialId, name: 'simulator' },
				},
				...(continueOnFail ? { onError: 'continueRegularOutput' } : {}),
				...nodeSettings,
			},
		],
		connections: {
			Start: { main: [[{ node: 'Rows', type: 'main', index: 0 }]] },
			Rows: { main: [[{ node: 'Kling Video', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

/**
 * Manual Trigger -> Code (one item with `base64`) -> Convert to File (n8n stores the file through its
 * binary data service: in filesystem mode it gets an id, as files from Google Drive or S3 do) -> Kling Video.
 */
export function storedFileWorkflow(
	id: string,
	nodeType: string,
	credentialId: string,
	file: { data: Buffer; fileName: string; mimeType: string },
	klingParameters: IDataObject,
) {
	const workflow = itemsWorkflow(
		id,
		nodeType,
		credentialId,
		[{ base64: file.data.toString('base64') }],
		klingParameters,
	);
	const convert = {
		parameters: {
			operation: 'toBinary',
			sourceProperty: 'base64',
			binaryPropertyName: 'file',
			options: { fileName: file.fileName, mimeType: file.mimeType },
		},
		id: 'e2e-convert',
		name: 'Convert to File',
		type: 'n8n-nodes-base.convertToFile',
		typeVersion: 1.1,
		position: [300, 0],
	};
	return {
		...workflow,
		nodes: [...workflow.nodes, convert],
		connections: {
			Start: { main: [[{ node: 'Rows', type: 'main', index: 0 }]] },
			Rows: { main: [[{ node: 'Convert to File', type: 'main', index: 0 }]] },
			'Convert to File': { main: [[{ node: 'Kling Video', type: 'main', index: 0 }]] },
		},
	};
}

/** `workflow` with its first node (a Manual Trigger) replaced by a Webhook trigger on POST /webhook/<path>. */
export function withWebhookTrigger(workflow: Record<string, any>, path: string, webhookId: string) {
	const trigger = workflow.nodes[0];
	const webhook = {
		parameters: { httpMethod: 'POST', path, options: {} },
		id: trigger.id,
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: trigger.position,
		webhookId,
	};
	return {
		...workflow,
		nodes: [webhook, ...workflow.nodes.slice(1)],
		connections: {
			Webhook: workflow.connections[trigger.name],
			...Object.fromEntries(
				Object.entries(workflow.connections).filter(([name]) => name !== trigger.name),
			),
		},
	};
}

/**
 * Webhook (POST /webhook/<path>, answered at once) -> Split Out (one item per entry of the body's
 * `prompts`) -> Kling Video: an execution per request, with as many items as the request sends.
 */
export function webhookItemsWorkflow(
	id: string,
	path: string,
	webhookId: string,
	nodeType: string,
	credentialId: string,
	klingParameters: IDataObject,
) {
	const workflow = itemsWorkflow(id, nodeType, credentialId, [], klingParameters);
	const split = {
		parameters: { fieldToSplitOut: 'body.prompts', options: {} },
		id: 'e2e-split',
		name: 'Split Out',
		type: 'n8n-nodes-base.splitOut',
		typeVersion: 1,
		position: [200, 0],
	};
	const [trigger, , kling] = workflow.nodes;
	return withWebhookTrigger(
		{
			...workflow,
			nodes: [trigger, split, kling],
			connections: {
				Start: { main: [[{ node: 'Split Out', type: 'main', index: 0 }]] },
				'Split Out': { main: [[{ node: 'Kling Video', type: 'main', index: 0 }]] },
			},
		},
		path,
		webhookId,
	);
}

/** webhookItemsWorkflow with a No Op node after Kling Video: what ran after the node, and how often. */
export function webhookItemsWorkflowWithNext(...args: Parameters<typeof webhookItemsWorkflow>) {
	const workflow = webhookItemsWorkflow(...args);
	return {
		...workflow,
		nodes: [
			...workflow.nodes,
			{
				parameters: {},
				id: 'e2e-after',
				name: 'After',
				type: 'n8n-nodes-base.noOp',
				typeVersion: 1,
				position: [600, 0],
			},
		],
		connections: {
			...workflow.connections,
			'Kling Video': { main: [[{ node: 'After', type: 'main', index: 0 }]] },
		},
	};
}
