// A hostile provider against a real n8n, on each line: an answer that inflates to 64 MB, and a video
// URL on a public-looking name that resolves to 127.0.0.1. The n8n process resolves `.test` names to
// loopback (fakeDns.cjs, preloaded), as an attacker's DNS would. What each line guarantees differs, and
// the tests say so: n8n 2.x refuses the name by the address it resolves to, n8n 1.x has no way to.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { FAKE_DNS_ENV, publicName } from '../../tooling/harness/fakeDns';
import { N8n, type RunResult } from '../../tooling/n8n/n8nRunner';
import { FoxApiSimulator } from '../../tooling/simulator/foxApi';
import { itemsWorkflow } from '../../tooling/workflows';

const KEY = 'hostile-e2e-key-0123456789';
const PARAMETERS = {
	provider: 'foxApi',
	operation: 'textToVideo',
	prompt: '={{ $json.prompt }}',
	options: { pollIntervalSeconds: 1 },
};

let sim: FoxApiSimulator;
let n8n: N8n;
beforeAll(async () => {
	sim = await FoxApiSimulator.start({ apiKey: KEY, renderMs: 1500 });
	n8n = new N8n({ load: 'extension', extraEnv: FAKE_DNS_ENV });
	// The provider on a public name: nothing about its Base URL is local.
	await n8n.importCredentials([
		{
			id: 'cred-public-fox',
			name: 'FoxAPI (public name)',
			type: 'foxApiApi',
			data: { apiKey: KEY, baseUrl: publicName(sim.baseUrl, 'api-fox') },
		},
	]);
	await n8n.importWorkflows([
		itemsWorkflow(
			'wfhostile0000001',
			n8n.nodeType,
			'cred-public-fox',
			[{ prompt: 'x' }],
			PARAMETERS,
			true,
		),
	]);
}, 600_000);
afterAll(async () => {
	n8n?.dispose();
	await sim?.close();
});

function firstItem(run: RunResult) {
	return run.runData['Kling Video']?.[0]?.data?.main[0]?.[0];
}

describe('a hostile provider, in a real n8n', () => {
	it('a status answer that inflates to 64 MB is a failed status check: retried, and the item completes', async () => {
		sim.videoUrlFor = (task) => `${publicName(sim.files.url, 'api-fox')}/videos/${task.id}.mp4`;
		sim.faults = { hugeAnswer: { to: 'status', bytes: 64 * 1_048_576, count: 1 } };
		const item = firstItem(await n8n.execute('wfhostile0000001'));
		expect(item?.json).toMatchObject({ status: 'completed' });
		expect(sim.faults.hugeAnswer?.count).toBe(0);
		expect(item?.binary?.data).toBeDefined();
	});

	it('a video URL on a name that resolves to 127.0.0.1: refused on n8n 2.x, fetched on n8n 1.x', async () => {
		sim.faults = {};
		sim.videoUrlFor = (task) => `${publicName(sim.files.url, 'rebound')}/videos/${task.id}.mp4`;
		const fetched = sim.files.requests.length;
		const item = firstItem(await n8n.execute('wfhostile0000001'));
		if (n8n.line === 1) {
			// n8n 1.x gives a node no resolving check; the literal rule cannot see this (README, Security).
			expect(item?.json.status).toBe('completed');
			expect(sim.files.requests.length - fetched).toBe(1);
		} else {
			expect(String(item?.json.error)).toContain(
				'"rebound.test" resolves to an address (127.0.0.1) that n8n\'s egress rules block',
			);
			expect(item?.binary).toBeUndefined();
			expect(sim.files.requests.length).toBe(fetched);
		}
	});
});
