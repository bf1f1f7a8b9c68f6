// Workflows the end-to-end tests run besides the seed examples.
import type { IDataObject } from 'n8n-workflow';

const trigger = {
	parameters: {},
	id: 'e2e-trigger',
	name: 'Start',
	type: 'n8n-nodes-base.manualTrigger',
	typeVersion: 1,
	position: [0, 0],
};

/** Manual Trigger -> Code (emits `items`, which may carry binary data) -> Kling Video, optionally with Continue On Fail. */
export function itemsWorkflow(id: string, nodeType: string, credentialId: string, items: IDataObject[], klingParameters: IDataObject, continueOnFail = false) {
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
				credentials: { foxApiApi: { id: credentialId, name: 'FoxAPI (simulator)' } },
				...(continueOnFail ? { onError: 'continueRegularOutput' } : {}),
			},
		],
		connections: {
			Start: { main: [[{ node: 'Rows', type: 'main', index: 0 }]] },
			Rows: { main: [[{ node: 'Kling Video', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}
