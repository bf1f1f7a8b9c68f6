// Which simulator speaks which provider, and the credential each provider's node runs with.
import type { ProviderSimulator, SimulatorOptions } from './base';
import { FoxApiSimulator } from './foxApi';
import { ToApisSimulator } from './toApis';
import { UniAllSimulator } from './uniAll';

export const SIMULATED = {
	foxApi: { credential: 'foxApiApi', start: (options?: SimulatorOptions) => FoxApiSimulator.start(options) },
	uniAll: { credential: 'uniAllApi', start: (options?: SimulatorOptions) => UniAllSimulator.start(options) },
	toApis: { credential: 'toApisApi', start: (options?: SimulatorOptions) => ToApisSimulator.start(options) },
} satisfies Record<string, { credential: string; start: (options?: SimulatorOptions) => Promise<ProviderSimulator> }>;

export type SimulatedProvider = keyof typeof SIMULATED;
