// Runs the Kling Video node inside n8n's real execution engine (n8n-core WorkflowExecute), in-process:
// real parameter resolution, real credential authentication, real HTTP, real binary data service.
import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import {
	BinaryDataConfig,
	BinaryDataService,
	ErrorReporter,
	ExecutionLifecycleHooks,
	WorkflowExecute,
} from 'n8n-core';
import {
	createRunExecutionData,
	NodeHelpers,
	Workflow,
	type IBinaryData,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
	type INodeType,
	type INodeTypes,
	type IRun,
	type IWorkflowBase,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { FoxApiApi } from '../../credentials/FoxApiApi.credentials';
import { KlingAiApi } from '../../credentials/KlingAiApi.credentials';
import { ToApisApi } from '../../credentials/ToApisApi.credentials';
import { UniAllApi } from '../../credentials/UniAllApi.credentials';
// The .js suffix: a specifier ending in ".node" is taken for a native addon by Node's loader under tsx.
import { KlingVideo } from '../../nodes/KlingVideo/KlingVideo.node.js';
import { executeNode } from '../../nodes/KlingVideo/run/execute';
import { toolClock } from '../clock';
import { TestCredentialsHelper } from './credentialsHelper';

const NODE_TYPE = 'CUSTOM.klingVideo';
const credentialTypes = {
	foxApiApi: new FoxApiApi(),
	uniAllApi: new UniAllApi(),
	toApisApi: new ToApisApi(),
	klingAiApi: new KlingAiApi(),
};

/** The node as n8n loads it; while the shared clock is sped up, its execute runs on that clock. */
function nodeUnderTest(): INodeType {
	const node = new KlingVideo();
	if (toolClock.factor === 1) return node;
	node.execute = async function (this: IExecuteFunctions) {
		return await executeNode(this, { clock: toolClock });
	};
	return node;
}

class NodeTypes implements INodeTypes {
	private readonly node: INodeType = nodeUnderTest();
	getByName(name: string) {
		if (name !== NODE_TYPE) throw new Error(`Unknown node type ${name}`);
		return this.node;
	}
	getByNameAndVersion(name: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(name), version);
	}
	getKnownTypes(): IDataObject {
		return {};
	}
}

let defaultStoragePath: string | undefined;

/** Switches n8n's binary data service between memory ('default') and disk ('filesystem') mode. */
export async function useBinaryMode(mode: 'default' | 'filesystem', storagePath?: string) {
	const config = Container.get(BinaryDataConfig);
	defaultStoragePath ??= config.localStoragePath;
	config.mode = mode;
	config.localStoragePath = storagePath ?? defaultStoragePath;
	const service = new BinaryDataService(
		config,
		Container.get(ErrorReporter),
		Container.get(Logger),
	);
	await service.init();
	Container.set(BinaryDataService, service);
}

export async function binaryBuffer(binary: IBinaryData): Promise<Buffer> {
	return await Container.get(BinaryDataService).getAsBuffer(binary);
}

/** A file in an input item's binary data, with extra metadata keys if any. */
export interface ItemFile {
	data: Buffer;
	mimeType: string;
	fileName: string;
	metadata?: Record<string, string | number>;
}

export interface KlingRun {
	parameters: INodeParameters;
	credentials: Record<string, ICredentialDataDecryptedObject>;
	items?: IDataObject[];
	/** Binary data per item: field name -> file (kept as base64, n8n's in-memory form), with extra metadata keys if any. */
	binaries?: Array<Record<string, ItemFile>>;
	continueOnFail?: boolean;
	/** n8n's Retry On Fail: how many tries (2-5) and the real ms between them. */
	retryOnFail?: { maxTries: number; waitBetweenTries: number };
	/** Cancels the execution this many real ms after it starts (not sped up: the node must be under way). */
	cancelAfterMs?: number;
	/** The execution's id (a random one by default); the same id plays n8n running an execution again. */
	executionId?: string;
}

export interface KlingResult {
	run: IRun;
	/** What the engine ran the node in: for a callback to a paused run (tooling/harness/webhook.ts). */
	engine: { workflow: Workflow; node: INode; additionalData: IWorkflowExecuteAdditionalData };
	/** The node's output items (empty when the node failed). */
	output: INodeExecutionData[];
	/** The node's error, as the engine stored it (a plain copy), when it failed. */
	error?: {
		message: string;
		description?: string;
		name?: string;
		httpCode?: string;
		context?: IDataObject;
	};
}

export async function runKlingNode(options: KlingRun): Promise<KlingResult> {
	const credentialName = Object.keys(options.credentials)[0];
	const node: INode = {
		id: 'kling',
		name: 'Kling Video',
		type: NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: options.parameters,
		credentials: { [credentialName]: { id: '1', name: 'test credential' } },
		continueOnFail: options.continueOnFail,
		...(options.retryOnFail ? { retryOnFail: true, ...options.retryOnFail } : {}),
	};
	const nodeTypes = new NodeTypes();
	const workflow = new Workflow({
		id: 'wf',
		name: 'test',
		nodes: [node],
		connections: {},
		nodeTypes,
		active: false,
		settings: { executionOrder: 'v1' },
	});
	const workflowData = {
		id: 'wf',
		name: 'test',
		nodes: [node],
		connections: {},
		active: false,
	} as unknown as IWorkflowBase;
	const executionId = options.executionId ?? `test-${Math.random().toString(36).slice(2)}`;
	const additionalData = {
		hooks: new ExecutionLifecycleHooks('manual', executionId, workflowData),
		credentialsHelper: new TestCredentialsHelper(credentialTypes, options.credentials),
		executionId,
		workflowId: 'wf',
		variables: {},
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678/',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		currentNodeExecutionIndex: 0,
		getRunExecutionData: async () => undefined,
		logAiEvent: () => {},
	} as unknown as IWorkflowExecuteAdditionalData;
	const items = (options.items ?? [{}]).map((json, index) => {
		const files = options.binaries?.[index];
		if (!files) return { json };
		const binary = Object.fromEntries(
			Object.entries(files).map(([name, file]) => [
				name,
				{
					...file.metadata,
					data: file.data.toString('base64'),
					mimeType: file.mimeType,
					fileName: file.fileName,
				},
			]),
		);
		return { json, binary };
	});
	const runExecutionData = createRunExecutionData({
		executionData: { nodeExecutionStack: [{ node, data: { main: [items] }, source: null }] },
	});
	const execution = new WorkflowExecute(
		additionalData,
		'manual',
		runExecutionData,
	).processRunExecutionData(workflow);
	if (options.cancelAfterMs !== undefined)
		setTimeout(() => execution.cancel(), options.cancelAfterMs);
	const run = await execution;
	const task = run.data.resultData.runData[node.name]?.[0];
	const error = (task?.error ?? run.data.resultData.error) as KlingResult['error'];
	return {
		run,
		engine: { workflow, node, additionalData },
		output: error ? [] : (task?.data?.main[0] ?? []),
		error,
	};
}
