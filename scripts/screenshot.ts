// npm run screenshot: the README's three pictures, taken from n8n's editor in headless Chromium (Debian's
// chromium; CHROMIUM_PATH for another build) on n8n 2.40 (N8N_LINE=1 for 1.123), each cropped to what it
// shows: the nodes panel after searching "Kling" with the node's actions, a configured node's parameters,
// and the output's Binary tab with the video after a run against the bundled FoxAPI simulator. Retake them
// whenever the node's parameters change. Nothing leaves this machine (see openBrowser).
import path from 'node:path';

import type { Locator, Page } from 'playwright-core';

import { N8nRest } from '../tooling/n8n/n8nRest';
import { freePort, lineFromEnv, N8n, ROOT, stopProcess } from '../tooling/n8n/n8nRunner';
import { SIMULATED } from '../tooling/simulator';
import { openActions, openBrowser } from '../tooling/editor/editorPage';

const DOCS = path.join(ROOT, 'docs');
const WORKFLOW_ID = 'screenshotflow01';
const NODE_ID = '3f1c2a9e-5b7d-4e21-9c33-7a1d0b6e4f10';
const CREDENTIAL = { id: 'screenshotcred01', name: 'FoxAPI account' };
const KEY = 'screenshot-key';
const TRIGGER = "When clicking 'Execute workflow'";

const say = (message: string) => console.log(`[screenshot] ${message}`);

/** Manual Trigger -> Kling Video, text to video on FoxAPI, as a user would set it up. */
function workflow(nodeType: string) {
	return {
		id: WORKFLOW_ID,
		name: 'Kling Video starter: text to video (FoxAPI)',
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: 'a0b1c2d3-0000-4000-8000-000000000001',
				name: TRIGGER,
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: NODE_ID,
				name: 'Kling Video',
				type: nodeType,
				typeVersion: 1,
				position: [260, 0],
				parameters: {
					operation: 'textToVideo',
					provider: 'foxApi',
					prompt:
						'A red fox trotting through fresh snow at sunrise, low tracking shot, soft golden light, cinematic',
					resolution: '1080p',
					duration: 10,
					generateAudio: true,
				},
				credentials: { foxApiApi: CREDENTIAL },
			},
		],
		connections: { [TRIGGER]: { main: [[{ node: 'Kling Video', type: 'main', index: 0 }]] } },
	};
}

/** Where a picture is cut: across the union of `across`, from the top of `top` to the bottom of `bottom`. */
interface Area {
	across: Locator[];
	top: Locator;
	bottom: Locator;
	pad?: number;
}

async function box(locator: Locator) {
	const found = await locator.boundingBox();
	if (!found) throw new Error(`${String(locator)} is not on the page`);
	return found;
}

/** Saves that part of the page to docs/<file>. */
async function shoot(page: Page, file: string, area: Area) {
	const pad = area.pad ?? 8;
	const sides = await Promise.all(area.across.map(box));
	const x = Math.max(0, Math.min(...sides.map((side) => side.x)) - pad);
	const right = Math.max(...sides.map((side) => side.x + side.width)) + pad;
	const y = Math.max(0, (await box(area.top)).y - pad);
	const bottom = await box(area.bottom);
	await page.mouse.move(1, 1);
	await page.waitForTimeout(500);
	const clip = { x, y, width: right - x, height: bottom.y + bottom.height + pad - y };
	await page.screenshot({ path: path.join(DOCS, file), clip });
	say(`saved docs/${file} (${Math.round(clip.width)} x ${Math.round(clip.height)} px)`);
}

/** The labels a picture must show, or the picture is not taken (a changed editor would else go unnoticed). */
async function mustShow(scope: Locator, labels: string[]) {
	for (const label of labels) {
		if (!(await scope.getByText(label, { exact: true }).first().isVisible()))
			throw new Error(`"${label}" is not visible`);
	}
}

async function main() {
	const sim = await SIMULATED.foxApi.start({ apiKey: KEY, renderMs: 3000 });
	const n8n = new N8n({ load: 'extension', line: lineFromEnv(2) });
	say(`n8n ${n8n.n8nVersion}, FoxAPI simulator at ${sim.baseUrl}`);
	await n8n.importCredentials([
		{ ...CREDENTIAL, type: 'foxApiApi', data: SIMULATED.foxApi.credentialData(KEY, sim.baseUrl) },
	]);
	await n8n.importWorkflow(workflow(n8n.nodeType));
	const port = await freePort();
	const child = await n8n.start(port);
	const base = `http://127.0.0.1:${port}`;
	const rest = new N8nRest(base);
	await rest.setupOwnerAndLogin();
	const browser = await openBrowser(base, rest.cookies['n8n-auth'], n8n.userFolder);
	try {
		// (a) The nodes panel (the + at the top right of a workflow that has its trigger): "Kling" finds the
		// node; its actions, one per operation.
		const panel = await browser.newPage();
		await panel.goto(`${base}/workflow/${WORKFLOW_ID}`, { waitUntil: 'domcontentloaded' });
		await panel.getByTestId('node-creator-plus-button').click({ timeout: 60_000 });
		await openActions(panel);
		const creator = panel.getByTestId('node-creator').first();
		await mustShow(creator, ['Kling Video', 'Generate a video from text', 'Get a task']);
		await panel.evaluate(() => document.fonts.ready);
		await shoot(panel, 'kling-video-nodes-panel.png', {
			across: [creator],
			top: creator,
			bottom: creator.getByTestId('node-creator-item-name').last(),
			pad: 0,
		});
		await panel.close();

		// (b) A configured node: /workflow/<id>/<nodeId> opens its parameter panel. Tall, to show every field.
		const page = await browser.newPage();
		await page.setViewportSize({ width: 1400, height: 1300 });
		await page.goto(`${base}/workflow/${WORKFLOW_ID}/${NODE_ID}`, {
			waitUntil: 'domcontentloaded',
		});
		const parameters = page.getByTestId('node-parameters').first();
		await page
			.getByTestId('parameter-input-prompt')
			.locator('textarea')
			.first()
			.waitFor({ timeout: 60_000 });
		await page.evaluate(() => document.fonts.ready);
		await mustShow(parameters, [
			'Operation',
			'Provider',
			'Credential for Kling Video: FoxAPI API',
			'Prompt',
			'Resolution',
			'Duration (Seconds)',
			'Generate Audio',
			'Options',
		]);
		const tabs = page.getByTestId('tab-params');
		const lastRow = page
			.getByTestId('parameter-item')
			.filter({ has: page.locator('label[for="options"]') });
		await shoot(page, 'kling-video-node.png', {
			across: [tabs, parameters],
			top: tabs,
			bottom: lastRow,
		});

		// (c) Run it (the simulator renders in 3 s) and show the output's Binary tab with the video.
		await page.keyboard.press('Escape');
		await page.getByTestId('execute-workflow-button').click();
		const node = page.getByTestId('canvas-node').filter({ hasText: 'Kling Video' });
		await node.getByTestId('canvas-node-status-success').waitFor({ timeout: 120_000 });
		await node.dblclick();
		const output = page.getByTestId('output-panel').first();
		const video = output.getByTestId('ndv-binary-data_0');
		await video.waitFor();
		await mustShow(video, ['video/mp4']);
		await shoot(page, 'kling-video-output.png', {
			across: [output],
			top: output.getByTestId('run-data-pane-header'),
			bottom: video,
			pad: 0,
		});
	} finally {
		await browser.close();
		await stopProcess(child);
		n8n.dispose();
		await sim.close();
	}
}

main().catch((error: unknown) => {
	console.error(`[screenshot] ${error instanceof Error ? error.stack : String(error)}`);
	process.exit(1);
});
