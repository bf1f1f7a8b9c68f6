// npm run dev: n8n's editor on http://localhost:5678 with this package loaded from dist/, the four
// provider simulators running, one credential per simulator ready, and every example workflow
// imported (pointing at the simulators). For trying the node by hand; Ctrl-C stops everything.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { N8n, prepareWorkflow, ROOT } from './lib/n8nRunner';
import type { ProviderSimulator } from '../test/simulator/base';
import { SIMULATED, type SimulatedProvider } from '../test/simulator';

const PORT = Number(process.env.N8N_PORT ?? 5678);
const KEY = 'dev-key';
const say = (message: string) => console.log(`[dev] ${message}`);

async function main() {
	const sims = {} as Record<SimulatedProvider, ProviderSimulator>;
	for (const provider of Object.keys(SIMULATED) as SimulatedProvider[]) {
		sims[provider] = await SIMULATED[provider].start({ apiKey: KEY, renderMs: 8000 });
		say(`${provider} simulator at ${sims[provider].baseUrl}`);
	}
	const n8n = new N8n({ load: 'extension', userFolder: path.join(ROOT, '.cache', 'dev-user') });
	await n8n.importCredentials(
		(Object.keys(SIMULATED) as SimulatedProvider[]).map((provider) => ({
			id: `sim${provider}`.padEnd(16, '0'),
			name: `${provider} (simulator)`,
			type: SIMULATED[provider].credential,
			data: SIMULATED[provider].credentialData(KEY, sims[provider].baseUrl),
		})),
	);
	const files = readdirSync(path.join(ROOT, 'examples')).filter((name) => name.endsWith('.json'));
	for (const [index, file] of files.entries()) {
		const workflow = JSON.parse(readFileSync(path.join(ROOT, 'examples', file), 'utf8'));
		const provider = workflow.nodes.find((node: { parameters: { provider?: string } }) => node.parameters.provider)?.parameters.provider as SimulatedProvider;
		const id = `example${String(index).padStart(9, '0')}`;
		await n8n.importWorkflow(prepareWorkflow(workflow, id, n8n.nodeType, `sim${provider}`.padEnd(16, '0')));
	}
	say(`imported the simulator credentials and ${readdirSync(path.join(ROOT, 'examples')).length} example workflows`);
	const child = await n8n.start(PORT);
	say(`n8n editor: http://localhost:${PORT}  (first visit: create the owner account; the examples are under Workflows)`);
	say('Ctrl-C to stop');
	const stop = () => {
		child.kill();
		void Promise.all(Object.values(sims).map((sim) => sim.close())).then(() => process.exit(0));
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
	child.on('exit', (code) => {
		say(`n8n exited (${code})`);
		stop();
	});
}

main().catch((error: unknown) => {
	console.error(`[dev] ${error instanceof Error ? error.message : String(error)}`);
	process.exit(1);
});
