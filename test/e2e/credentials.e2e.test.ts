// The credential Test button, pressed through n8n's REST API on a running n8n: each simulator accepts
// the right key (or key pair) and the Test request tells a wrong one apart.
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { N8nRest } from '../../scripts/lib/n8nRest';
import { freePort, N8n, stopProcess } from '../../scripts/lib/n8nRunner';
import type { ProviderSimulator } from '../simulator/base';
import { SIMULATED, type SimulatedProvider } from '../simulator';

const KEY = 'credential-test-key-01';
const sims = {} as Record<SimulatedProvider, ProviderSimulator>;
let n8n: N8n;
let child: ChildProcess;
let rest: N8nRest;

beforeAll(async () => {
	for (const provider of Object.keys(SIMULATED) as SimulatedProvider[]) {
		sims[provider] = await SIMULATED[provider].start({ apiKey: KEY });
	}
	n8n = new N8n({ load: 'extension' });
	await n8n.importCredentials(
		(Object.keys(SIMULATED) as SimulatedProvider[]).map((provider) => ({
			id: `test${provider}`.padEnd(16, '0'),
			name: `${provider} (simulator)`,
			type: SIMULATED[provider].credential,
			data: SIMULATED[provider].credentialData(KEY, sims[provider].baseUrl),
		})),
	);
	const port = await freePort();
	child = await n8n.start(port);
	rest = new N8nRest(`http://127.0.0.1:${port}`);
	await rest.setupOwnerAndLogin();
});

afterAll(async () => {
	if (child) await stopProcess(child);
	n8n?.dispose();
	await Promise.all(Object.values(sims).map((sim) => sim.close()));
});

describe('credential Test button in a real n8n', () => {
	for (const provider of Object.keys(SIMULATED) as SimulatedProvider[]) {
		it(`${provider}: the right key passes, a wrong key fails with a clear message`, async () => {
			const base = { id: `test${provider}`.padEnd(16, '0'), name: `${provider} (simulator)`, type: SIMULATED[provider].credential };
			const good = await rest.testCredential({ ...base, data: SIMULATED[provider].credentialData(KEY, sims[provider].baseUrl) });
			expect(good).toEqual({ status: 'OK', message: 'Connection successful!' });
			const bad = await rest.testCredential({ ...base, data: SIMULATED[provider].credentialData('wrong-key-999999', sims[provider].baseUrl) });
			expect(bad.status).toBe('Error');
			// FoxAPI, ToAPIs and Kling AI name the provider; UniAll's 401 gets n8n's own "Authorization failed" text.
			expect(bad.message).toMatch(/rejected the (API key|access key)|Authorization failed/);
		});
	}
});
