// Shared set-up for node-level tests: a FoxAPI simulator and a runner bound to it, or one simulator per provider.
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { afterAll, beforeAll } from 'vitest';

import { runKlingNode, type KlingRun } from '../../tooling/harness/n8n';
import { SIMULATED, type SimulatedProvider } from '../../tooling/simulator';
import type { ProviderSimulator, SimulatorOptions } from '../../tooling/simulator/base';
import { FoxApiSimulator, type FoxSimulatorOptions } from '../../tooling/simulator/foxApi';

export const API_KEY = 'sk-test-0123456789abcdef';

export async function foxSimulator(options: FoxSimulatorOptions = {}) {
	return await FoxApiSimulator.start({ apiKey: API_KEY, renderMs: 1200, ...options });
}

/** Text to video with fast polling; `parameters` override or extend. */
export function runFox(
	sim: FoxApiSimulator,
	parameters: INodeParameters = {},
	extra: Omit<KlingRun, 'parameters' | 'credentials'> & {
		apiKey?: string;
		options?: IDataObject;
	} = {},
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

/** One simulator per provider for the file's tests (started before, closed after), all with `apiKey`. */
export function simulatorsForAll(
	apiKey: string,
	options: SimulatorOptions = {},
): Record<SimulatedProvider, ProviderSimulator> {
	const sims = {} as Record<SimulatedProvider, ProviderSimulator>;
	beforeAll(async () => {
		for (const provider of Object.keys(SIMULATED) as SimulatedProvider[]) {
			sims[provider] = await SIMULATED[provider].start({ apiKey, renderMs: 0, ...options });
		}
	});
	afterAll(async () => Promise.all(Object.values(sims).map((sim) => sim.close())));
	return sims;
}

/** The node with `provider` set, against that provider's simulator (credential made for `apiKey`). */
export function runOn(
	sims: Record<SimulatedProvider, ProviderSimulator>,
	apiKey: string,
	provider: SimulatedProvider,
	parameters: INodeParameters,
	extra: Omit<KlingRun, 'parameters' | 'credentials'> = {},
) {
	return runKlingNode({
		parameters: { provider, ...parameters },
		credentials: {
			[SIMULATED[provider].credential]: SIMULATED[provider].credentialData(
				apiKey,
				sims[provider].baseUrl,
			),
		},
		...extra,
	});
}
