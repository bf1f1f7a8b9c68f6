// Shared set-up for node-level tests: a FoxAPI simulator and a runner bound to it.
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { runKlingNode, type KlingRun } from '../harness/n8n';
import { FoxApiSimulator, type FoxSimulatorOptions } from '../simulator/foxApi';

export const API_KEY = 'sk-test-0123456789abcdef';

export async function foxSimulator(options: FoxSimulatorOptions = {}) {
	return await FoxApiSimulator.start({ apiKey: API_KEY, renderMs: 1200, ...options });
}

/** Text to video with fast polling; `parameters` override or extend. */
export function runFox(
	sim: FoxApiSimulator,
	parameters: INodeParameters = {},
	extra: Omit<KlingRun, 'parameters' | 'credentials'> & { apiKey?: string; options?: IDataObject } = {},
) {
	const { apiKey, options, ...rest } = extra;
	return runKlingNode({
		parameters: {
			provider: 'foxApi',
			operation: 'textToVideo',
			prompt: 'a red fox in the snow',
			options: { pollIntervalSeconds: 1, ...options },
			...parameters,
		},
		credentials: { foxApiApi: { apiKey: apiKey ?? API_KEY, baseUrl: sim.baseUrl } },
		...rest,
	});
}
