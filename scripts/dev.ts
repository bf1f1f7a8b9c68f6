// npm run dev: n8n's editor on http://localhost:5678 with this package loaded from dist/, the four
// provider simulators running, one credential per simulator ready, and every example workflow
// imported (pointing at the simulators). For trying the node by hand; Ctrl-C stops everything.
// n8n 2.x by default (what users run); N8N_LINE=1 for n8n 1.x. Each line keeps its own user folder.
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

import { stopChildren, stopChildrenOnExit } from '../tooling/n8n/children';
import { lineFromEnv, N8n, prepareWorkflow, ROOT } from '../tooling/n8n/n8nRunner';
import type { ProviderSimulator } from '../tooling/simulator/base';
import { SIMULATED, type SimulatedProvider } from '../tooling/simulator';

const PORT = Number(process.env.N8N_PORT ?? 5678);
const KEY = 'dev-key';
const started = Date.now();
const say = (message: string) =>
	console.log(`[dev] ${message} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
const sims = {} as Record<SimulatedProvider, ProviderSimulator>;
const closeSimulators = async () => {
	await Promise.allSettled(Object.values(sims).map((sim) => sim.close()));
};

/** Whether something already listens on the port (a second `npm run dev`, another n8n). */
async function portTaken(port: number): Promise<boolean> {
	return await new Promise((resolve) => {
		const probe = createServer();
		probe.once('error', () => resolve(true));
		probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(false)));
	});
}

async function main() {
	stopChildrenOnExit(say, closeSimulators);
	if (await portTaken(PORT)) {
		throw new Error(
			`port ${PORT} is already in use (another "npm run dev" or n8n?): stop it, or pick another port with N8N_PORT=5679 npm run dev`,
		);
	}
	for (const provider of Object.keys(SIMULATED) as SimulatedProvider[]) {
		sims[provider] = await SIMULATED[provider].start({ apiKey: KEY, renderMs: 8000 });
		say(`${provider} simulator at ${sims[provider].baseUrl}`);
	}
	const line = lineFromEnv(2);
	say(`preparing n8n (line ${line}; installs into .cache/ on first use, several minutes, once)`);
	const n8n = new N8n({
		load: 'extension',
		line,
		userFolder: path.join(ROOT, '.cache', `dev-user-n8n${line}`),
	});
	say(`n8n ${n8n.n8nVersion} on Node ${n8n.nodeVersion}: importing the simulator credentials...`);
	await n8n.importCredentials(
		(Object.keys(SIMULATED) as SimulatedProvider[]).map((provider) => ({
			id: `sim${provider}`.padEnd(16, '0'),
			name: `${provider} (simulator)`,
			type: SIMULATED[provider].credential,
			data: SIMULATED[provider].credentialData(KEY, sims[provider].baseUrl),
		})),
	);
	const files = readdirSync(path.join(ROOT, 'examples')).filter((name) => name.endsWith('.json'));
	say(`importing ${files.length} example workflows in one go...`);
	const workflows = files.map((file, index) => {
		const workflow = JSON.parse(readFileSync(path.join(ROOT, 'examples', file), 'utf8'));
		const provider = workflow.nodes.find(
			(node: { parameters: { provider?: string } }) => node.parameters.provider,
		)?.parameters.provider as SimulatedProvider;
		return prepareWorkflow(
			workflow,
			`example${String(index).padStart(9, '0')}`,
			n8n.nodeType,
			`sim${provider}`.padEnd(16, '0'),
		);
	});
	await n8n.importWorkflows(workflows);
	say('starting n8n (about a minute; the URL follows once it answers)...');
	const child = await n8n.start(PORT);
	say(
		`n8n editor ready: http://localhost:${PORT}  (first visit: create the owner account; the examples are under Workflows)`,
	);
	say('Ctrl-C stops n8n and the simulators');
	child.on('exit', (code) => {
		say(`n8n exited (${code}); stopping the simulators`);
		void closeSimulators().then(() => process.exit(code ?? 1));
	});
}

main().catch(async (error: unknown) => {
	console.error(`[dev] ${error instanceof Error ? error.message : String(error)}`);
	await Promise.allSettled([closeSimulators(), stopChildren()]);
	process.exit(1);
});
