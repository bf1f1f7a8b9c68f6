// npm run demo: the whole product in one step. Builds nothing itself (the npm script builds first),
// starts the FoxAPI simulator, runs an example text-to-video workflow in a real n8n, saves the video
// and prints the output item. With a provider's key in the environment it runs against that provider.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { N8n, prepareWorkflow, ROOT } from './lib/n8nRunner';
import { SIMULATED, type SimulatedProvider } from '../test/simulator';

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
		credential: (env) => ({ apiKey: env.FOXAPI_API_KEY!, baseUrl: env.FOXAPI_BASE_URL ?? 'https://api.foxapi.cc' }),
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
		credential: (env) => ({ apiKey: env.TOAPIS_API_KEY!, baseUrl: env.TOAPIS_BASE_URL ?? 'https://toapis.com' }),
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

async function main() {
	const chosen = process.env.KLING_DEMO_PROVIDER;
	const real = REAL.find((entry) => (chosen ? entry.provider === chosen : true) && entry.needs.every((name) => process.env[name]));
	const target = real ?? REAL[0];
	const simulator = real ? undefined : await SIMULATED[target.provider].start({ apiKey: 'demo-key', renderMs: 4000 });
	const credentialData = real ? real.credential(process.env) : SIMULATED[target.provider].credentialData('demo-key', simulator!.baseUrl);
	say(
		real
			? `running against the REAL ${target.provider} API (a paid task), keys from ${real.needs.join(', ')}`
			: `no provider key in the environment: running against the bundled ${target.provider} simulator at ${simulator!.baseUrl}`,
	);

	const n8n = new N8n({ load: 'extension' });
	try {
		say(`n8n ${n8n.bin.includes('1.123') ? '1.123' : ''} user folder: ${n8n.userFolder}`);
		const credentialType = SIMULATED[target.provider].credential;
		await n8n.importCredentials([{ id: 'democredential', name: `${target.provider} (demo)`, type: credentialType, data: credentialData }]);
		const workflow = JSON.parse(readFileSync(path.join(ROOT, 'examples', `${target.example}.json`), 'utf8'));
		await n8n.importWorkflow(prepareWorkflow(workflow, 'demoworkflow0001', n8n.nodeType, 'democredential', real ? {} : { pollIntervalSeconds: 1 }));
		say(`executing examples/${target.example}.json (Manual Trigger -> Kling Video) with "n8n execute"...`);
		const started = Date.now();
		const run = await n8n.execute('demoworkflow0001');
		const task = run.runData['Kling Video']?.[0];
		if (!task?.data || task.error) throw new Error(`the workflow failed: ${task?.error?.message ?? run.error?.message ?? 'no output'}`);
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
		console.log(JSON.stringify({ json: { ...json, raw: '…' }, binary: binary ? { data: { ...binary, data: '<base64 video>' } } : undefined }, null, 2));
		say(`done in ${((Date.now() - started) / 1000).toFixed(1)} s; video saved to ${path.relative(process.cwd(), saved)}`);
		void raw;
	} finally {
		n8n.dispose();
		await simulator?.close();
	}
}

main().catch((error: unknown) => {
	console.error(`[demo] ${error instanceof Error ? error.message : String(error)}`);
	process.exit(1);
});
