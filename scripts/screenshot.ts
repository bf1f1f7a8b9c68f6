// npm run screenshot: the Kling Video node's parameter panel in n8n's editor, from a real browser
// (Debian's chromium, headless), saved to docs/kling-video-node.png for the README. Retake it whenever
// the node's parameters change. Needs `apt-get install chromium`; set CHROMIUM_PATH to use another.
import { mkdtempSync } from 'node:fs';
import path from 'node:path';

import { chromium } from 'playwright-core';

import { N8nRest } from './lib/n8nRest';
import { freePort, N8n, ROOT, stopProcess } from './lib/n8nRunner';

const OUTPUT = path.join(ROOT, 'docs', 'kling-video-node.png');
const WORKFLOW_ID = 'screenshotflow01';
const NODE_ID = '3f1c2a9e-5b7d-4e21-9c33-7a1d0b6e4f10';
const TRIGGER = "When clicking 'Execute workflow'";

async function main() {
	const n8n = new N8n({ load: 'extension' });
	await n8n.importCredentials([
		{ id: 'screenshotcred01', name: 'FoxAPI account', type: 'foxApiApi', data: { apiKey: 'not-used', baseUrl: 'https://api.foxapi.cc' } },
	]);
	await n8n.importWorkflow({
		id: WORKFLOW_ID,
		name: 'Kling Video',
		settings: { executionOrder: 'v1' },
		nodes: [
			{ id: 'a0b1c2d3-0000-4000-8000-000000000001', name: TRIGGER, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: NODE_ID,
				name: 'Kling Video',
				type: n8n.nodeType,
				typeVersion: 1,
				position: [260, 0],
				parameters: {
					operation: 'textToVideo',
					provider: 'foxApi',
					prompt: 'A red fox running through fresh snow at dawn, slow tracking shot, cinematic',
					resolution: '1080p',
					duration: 10,
					generateAudio: true,
				},
				credentials: { foxApiApi: { id: 'screenshotcred01', name: 'FoxAPI account' } },
			},
		],
		connections: { [TRIGGER]: { main: [[{ node: 'Kling Video', type: 'main', index: 0 }]] } },
	});
	const port = await freePort();
	const child = await n8n.start(port);
	const base = `http://127.0.0.1:${port}`;
	const browser = await chromium.launchPersistentContext(mkdtempSync(path.join(n8n.userFolder, 'chromium-')), {
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
		viewport: { width: 1400, height: 900 },
	});
	try {
		const rest = new N8nRest(base);
		await rest.setupOwnerAndLogin();
		// Nothing leaves this machine: every request but n8n's own is dropped.
		await browser.route((url) => !url.href.startsWith(base) && !url.href.startsWith('data:'), (route) => route.abort());
		await browser.addCookies([{ name: 'n8n-auth', value: rest.cookies['n8n-auth'], domain: '127.0.0.1', path: '/', httpOnly: true, sameSite: 'Lax' }]);
		const page = browser.pages()[0] ?? (await browser.newPage());
		// /workflow/<id>/<nodeId> opens the node's parameter panel directly.
		await page.goto(`${base}/workflow/${WORKFLOW_ID}/${NODE_ID}`, { waitUntil: 'domcontentloaded' });
		const panel = page.locator('[data-test-id="ndv"]').first();
		await panel.waitFor({ state: 'visible', timeout: 60_000 });
		await page.waitForFunction(
			() => [...document.querySelectorAll('[data-test-id="parameter-input-prompt"] textarea')].some((field) => (field as HTMLTextAreaElement).value.includes('red fox')),
			null,
			{ timeout: 60_000 },
		);
		await page.evaluate(() => document.fonts.ready);
		for (const label of ['Operation', 'Provider', 'Credential for Kling Video: FoxAPI API', 'Prompt', 'Resolution', 'Duration (Seconds)', 'Generate Audio']) {
			if (!(await panel.getByText(label, { exact: true }).first().isVisible())) throw new Error(`"${label}" is not visible in the panel`);
		}
		await page.mouse.move(5, 890);
		await page.waitForTimeout(800);
		await page.screenshot({ path: OUTPUT });
		console.log(`[screenshot] saved ${path.relative(ROOT, OUTPUT)}`);
	} finally {
		await browser.close();
		await stopProcess(child);
		n8n.dispose();
	}
}

main().catch((error: unknown) => {
	console.error(`[screenshot] ${error instanceof Error ? error.stack : String(error)}`);
	process.exit(1);
});
