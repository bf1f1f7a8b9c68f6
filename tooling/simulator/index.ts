// Which simulator speaks which provider, and the credential each provider's node runs with.
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import type { ProviderSimulator, SimulatorOptions } from './base';
import { FoxApiSimulator } from './foxApi';
import { KlingAiSimulator } from './klingAi';
import { ToApisSimulator } from './toApis';
import { UniAllSimulator } from './uniAll';

interface Simulated {
	credential: string;
	start: (options?: SimulatorOptions) => Promise<ProviderSimulator>;
	/** The credential data that the simulator started with `apiKey` accepts. */
	credentialData: (apiKey: string, baseUrl: string) => ICredentialDataDecryptedObject;
}

const bearer = (apiKey: string, baseUrl: string) => ({ apiKey, baseUrl });

export const SIMULATED = {
	foxApi: {
		credential: 'foxApiApi',
		start: (options) => FoxApiSimulator.start(options),
		credentialData: bearer,
	},
	uniAll: {
		credential: 'uniAllApi',
		start: (options) => UniAllSimulator.start(options),
		credentialData: bearer,
	},
	toApis: {
		credential: 'toApisApi',
		start: (options) => ToApisSimulator.start(options),
		credentialData: bearer,
	},
	klingAi: {
		credential: 'klingAiApi',
		start: (options) => KlingAiSimulator.start(options),
		credentialData: (apiKey, baseUrl) => ({
			accessKey: apiKey,
			secretKey: `${apiKey}-secret`,
			baseUrl,
		}),
	},
} satisfies Record<string, Simulated>;

export type SimulatedProvider = keyof typeof SIMULATED;
