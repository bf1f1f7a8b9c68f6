// npm run demo: the whole product in one step. Builds nothing itself (the npm script builds first),
// starts the FoxAPI simulator, runs an example text-to-video workflow in a real n8n, saves the video
// and prints the output item. With a provider's key in the environment it runs against that provider.
// n8n 2.x by default (what users run); N8N_LINE=1 for n8n 1.x. Ctrl-C at any moment stops everything.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { stopChildren, stopChildrenOnExit } from '../tooling/n8n/children';
import { lineFromEnv, N8n, prepareWorkflow, ROOT } from '../tooling/n8n/n8nRunner';
import { SIMULATED, type SimulatedProvider } from '../tooling/simulator';

interface RealProvider {
	provider: SimulatedProvider;
	/** Environment variables that must all be set to use the real provider. */
	needs: string[];
	example: string;
	credential: (env: NodeJS.ProcessEnv) => Record<string, string>;
}

const REAL: RealProvider[] = [
	{
		provider: 'foxApi',
		needs: ['FOXAPI_API_KEY'],
		example: '000_bbaf951555d62f40-1',
		credential: (env) => ({
			apiKey: env.FOXAPI_API_KEY!,
			baseUrl: env.FOXAPI_BASE_URL ?? 'https://api.foxapi.cc',
		}),
	},
	{
		provider: 'uniAll',
		needs: ['UNIALL_API_KEY', 'UNIALL_BASE_URL'],
		example: '003_a38dca2d20d7f8e3-1',
		credential: (env) => ({ apiKey: env.UNIALL_API_KEY!, baseUrl: env.UNIALL_BASE_URL! }),
	},
	{
		provider: 'toApis',
		needs: ['TOAPIS_API_KEY'],
		example: '004_2010dbdc3dde5c77-1',
		credential: (env) => ({
			apiKey: env.TOAPIS_API_KEY!,
			baseUrl: env.TOAPIS_BASE_URL ?? 'https://toapis.com',
		}),
	},
	{
		provider: 'klingAi',
		needs: ['KLING_ACCESS_KEY', 'KLING_SECRET_KEY'],
		example: 'kling-ai-text-to-video',
		credential: (env) => ({
			accessKey: env.KLING_ACCESS_KEY!,
			secretKey: env.KLING_SECRET_KEY!,
			baseUrl: env.KLING_BASE_URL ?? 'https://api-singapore.klingai.com',
		}),
	},
];

const say = (message: string) => console.log(`[demo] ${message}`);
const scriptStarted = Date.now();
const seconds = (from: number) => `${((Date.now() - from) / 1000).toFixed(1)} s`;
let closeSimulator = async () => {};

async function main() {
	stopChildrenOnExit(say, () => closeSimulator());
	const chosen = process.env.KLING_DEMO_PROVIDER;
	const real = REAL.find(
		(entry) =>
			(chosen ? entry.provider === chosen : true) && entry.needs.every((name) => process.env[name]),
	);
	const target = real ?? REAL[0];
	const simulator = real
		? undefined
		: await SIMULATED[target.provider].start({ apiKey: 'demo-key', renderMs: 4000 });
	closeSimulator = async () => {
		await simulator?.close();
	};
	const credentialData = real
		? real.credential(process.env)
		: SIMULATED[target.provider].credentialData('demo-key', simulator!.baseUrl);
	say(
		real
			? `running against the REAL ${target.provider} API (a paid task), keys from ${real.needs.join(', ')}`
			: `no provider key in the environment: running against the bundled ${target.provider} simulator at ${simulator!.baseUrl} (it answers with a small stand-in clip, not a render of the requested size)`,
	);

	const line = lineFromEnv(2);
	say(`preparing n8n (line ${line}; installs into .cache/ on first use, several minutes, once)`);
	const n8n = new N8n({ load: 'extension', line });
	try {
		say(`n8n ${n8n.n8nVersion} on Node ${n8n.nodeVersion}, user folder ${n8n.userFolder}`);
		const credentialType = SIMULATED[target.provider].credential;
		await n8n.importCredentials([
			{
				id: 'democredential',
				name: `${target.provider} (demo)`,
				type: credentialType,
				data: credentialData,
			},
		]);
		const workflow = JSON.parse(
			readFileSync(path.join(ROOT, 'examples', `${target.example}.json`), 'utf8'),
		);
		await n8n.importWorkflow(
			prepareWorkflow(
				workflow,
				'demoworkflow0001',
				n8n.nodeType,
				'democredential',
				real ? {} : { pollIntervalSeconds: 1 },
			),
		);
		say(
			`executing examples/${target.example}.json (Manual Trigger -> Kling Video) with "n8n execute"...`,
		);
		const started = Date.now();
		const run = await n8n.execute('demoworkflow0001');
		const task = run.runData['Kling Video']?.[0];
		if (!task?.data || task.error)
			throw new Error(
				`the workflow failed: ${task?.error?.message ?? run.error?.message ?? 'no output'}`,
			);
		const item = task.data.main[0][0];
		const binary = item.binary?.data;
		const outputDir = path.join(ROOT, 'demo-output');
		mkdirSync(outputDir, { recursive: true });
		let saved = '(no video: Download Video is off)';
		if (binary) {
			saved = path.join(outputDir, String(binary.fileName));
			writeFileSync(saved, Buffer.from(String(binary.data), 'base64'));
		}
		const { raw, ...json } = item.json;
		console.log(
			JSON.stringify(
				{
					json: { ...json, raw: '…' },
					binary: binary ? { data: { ...binary, data: '<base64 video>' } } : undefined,
				},
				null,
				2,
			),
		);
		say(
			`done: the whole run took ${seconds(scriptStarted)} (the workflow execution ${seconds(started)}); video saved to ${path.relative(process.cwd(), saved)}`,
		);
		void raw;
	} finally {
		n8n.dispose();
		await closeSimulator();
	}
}

main().catch(async (error: unknown) => {
	console.error(`[demo] ${error instanceof Error ? error.message : String(error)}`);
	await Promise.allSettled([closeSimulator(), stopChildren()]);
	process.exit(1);
});
