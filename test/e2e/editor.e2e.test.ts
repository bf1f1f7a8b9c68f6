// The node as a new user meets it in a real n8n editor (issue 15), driven in headless Chromium: found in
// the nodes panel by its name, each action adds a node set to that action on a provider that runs it
// (also with another provider's credential saved, which n8n's editor would otherwise pick), the provider
// and the operation in words on the canvas, empty required fields flagged, each provider's own choices
// and only the fields it sends, each credential type found by "Kling", and the node offered as a tool to
// the AI Agent. Skipped only when Chromium is missing.
import type { ChildProcess } from 'node:child_process';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { N8nRest } from '../../tooling/n8n/n8nRest';
import { freePort, N8n, stopProcess } from '../../tooling/n8n/n8nRunner';
import {
	backToCanvas,
	choose,
	CHROMIUM,
	collectionChoices,
	hasChromium,
	listChoices,
	newWorkflow,
	openActions,
	openAgentTools,
	openBrowser,
	parameterItem,
	pickAction,
	searchNodes,
	shownParameters,
	shownValue,
	texts,
} from '../../tooling/editor/editorPage';
import { expectedPanel } from './panelFields';

if (!hasChromium) {
	console.warn(
		`[editor.e2e] SKIPPED: no Chromium at ${CHROMIUM}. Install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH.`,
	);
}

/** The actions panel's entries, in order, with the Operation and the canvas subtitle each one gives. */
const ACTIONS = [
	['Generate a video from text', 'Text to Video'],
	['Generate a video from images', 'Image to Video'],
	['Animate a character with motion from a video', 'Motion Control'],
	['Edit a video', 'Edit Video'],
	['Create a voice', 'Create Voice'],
	['Get a task', 'Get Task'],
] as const;

/** The providers that run each operation (the Provider list shows these only). */
const OFFERING: Record<string, string[]> = {
	'Text to Video': ['FoxAPI', 'Kling AI', 'ToAPIs', 'UniAll'],
	'Image to Video': ['FoxAPI', 'Kling AI', 'ToAPIs', 'UniAll'],
	'Motion Control': ['FoxAPI', 'Kling AI'],
	'Edit Video': ['FoxAPI', 'Kling AI'],
	'Create Voice': ['FoxAPI'],
	'Get Task': ['FoxAPI', 'Kling AI', 'ToAPIs', 'UniAll'],
};

/** A saved credential of the official Kling AI API: n8n's editor picks saved credentials on its own. */
const KLING_CREDENTIAL = {
	id: 'editorklingai001',
	name: 'My Kling AI',
	type: 'klingAiApi',
	data: { accessKey: 'ak', secretKey: 'sk', baseUrl: 'https://api-singapore.klingai.com' },
};

/** A stored workflow with an AI Agent alone, whose Tool input the tool test opens. */
const AGENT_WORKFLOW = {
	id: 'editoragentflow1',
	name: 'Agent',
	settings: { executionOrder: 'v1' },
	nodes: [
		{
			id: 'e0a9c2d3-0000-4000-8000-00000000a001',
			name: 'AI Agent',
			type: '@n8n/n8n-nodes-langchain.agent',
			typeVersion: 1.7,
			position: [0, 0],
			parameters: {},
		},
	],
	connections: {},
};

describe.skipIf(!hasChromium)(
	`n8n editor in headless Chromium${hasChromium ? '' : ` (SKIPPED: no Chromium at ${CHROMIUM})`}`,
	() => {
		let n8n: N8n;
		let child: ChildProcess;
		let base: string;
		let rest: N8nRest;
		let browser: BrowserContext;

		beforeAll(async () => {
			n8n = new N8n({ load: 'extension' });
			await n8n.importCredentials([KLING_CREDENTIAL]);
			await n8n.importWorkflow(AGENT_WORKFLOW);
			const port = await freePort();
			child = await n8n.start(port);
			base = `http://127.0.0.1:${port}`;
			rest = new N8nRest(base);
			await rest.setupOwnerAndLogin();
			browser = await openBrowser(base, rest.cookies['n8n-auth'], n8n.userFolder);
		});

		afterAll(async () => {
			await browser?.close();
			if (child) await stopProcess(child);
			n8n?.dispose();
		});

		it('the nodes panel finds Kling Video by "Kling", "video" and "text to video"', async () => {
			const page = await newWorkflow(browser, base);
			for (const text of ['Kling', 'video', 'text to video']) {
				const found = await searchNodes(page, text);
				await expect
					.poll(() => texts(found), { message: `searching "${text}"` })
					.toContain('Kling Video');
			}
			await page.close();
		});

		it("the actions panel offers each operation once, in order, in n8n's action wording", async () => {
			const page = await newWorkflow(browser, base);
			expect(await openActions(page)).toEqual(ACTIONS.map(([action]) => action));
			await page.close();
		});

		// A Kling AI credential is saved: n8n would pick it and, were the Provider its login type, switch to
		// Kling AI, which runs neither Create Voice nor, on it, every action: the action must stay as picked.
		it.each(ACTIONS)(
			'"%s" adds a node set to %s on a provider that runs it, named on the canvas',
			async (action, operation) => {
				const page = await newWorkflow(browser, base);
				await openActions(page);
				await pickAction(page, action);
				expect(await shownValue(page, 'operation')).toBe(operation);
				const provider = await shownValue(page, 'provider');
				expect(OFFERING[operation]).toContain(provider);
				expect(await listChoices(page, 'provider')).toEqual(OFFERING[operation]);
				// Only the chosen provider's credential is asked for.
				// (2.x puts its "Connect to ..." button inside the label.)
				const labels = async () =>
					(await texts(page.getByTestId('credentials-label'))).map((label) => label.split('\n')[0]);
				await expect.poll(labels).toEqual([`Credential for Kling Video: ${provider} API`]);
				const node = await backToCanvas(page);
				await expect.poll(() => node.innerText()).toContain(`${operation} · ${provider}`);
				await page.close();
			},
		);

		it('"Create a voice" with only a Kling AI credential saved stays Create Voice on FoxAPI, which asks for its own credential', async () => {
			const page = await newWorkflow(browser, base);
			await openActions(page);
			await pickAction(page, 'Create a voice');
			expect([await shownValue(page, 'operation'), await shownValue(page, 'provider')]).toEqual([
				'Create Voice',
				'FoxAPI',
			]);
			expect(await page.getByText('My Kling AI').count()).toBe(0);
			const node = await backToCanvas(page);
			await expect.poll(() => node.innerText()).toContain('Create Voice · FoxAPI');
			await node.getByTestId('node-issues').waitFor();
			await page.close();
		});

		it("switching the Provider keeps the operation, picks that provider's saved credential, and shows its own choices", async () => {
			const page = await newWorkflow(browser, base);
			await openActions(page);
			await pickAction(page, 'Generate a video from text');
			expect(await listChoices(page, 'duration')).toEqual(['5', '10']);
			expect(await listChoices(page, 'resolution')).toEqual(['720p', '1080p', '4K']);
			await choose(page, 'provider', 'Kling AI');
			expect([await shownValue(page, 'operation'), await shownValue(page, 'provider')]).toEqual([
				'Text to Video',
				'Kling AI',
			]);
			await expect
				.poll(() =>
					page.getByTestId('node-credentials-select').locator('input').first().inputValue(),
				)
				.toBe('My Kling AI');
			expect(await listChoices(page, 'duration')).toEqual([
				'3',
				'4',
				'5',
				'6',
				'7',
				'8',
				'9',
				'10',
				'11',
				'12',
				'13',
				'14',
				'15',
			]);
			expect(await listChoices(page, 'resolution')).toEqual(['720p', '1080p', '4K']);
			// Kling AI's own Model list (FoxAPI derives its model: no such field there).
			expect(await listChoices(page, 'model')).toEqual([
				'Kling 3.0',
				'Kling 3.0 Turbo',
				'Kling 2.6',
				'Kling 2.5 Turbo',
			]);
			const node = await backToCanvas(page);
			await expect.poll(() => node.innerText()).toContain('Text to Video · Kling AI');
			await page.close();
		});

		it('an empty required field is flagged on the field and on the node before any run', async () => {
			const page = await newWorkflow(browser, base);
			await openActions(page);
			await pickAction(page, 'Generate a video from images');
			// n8n shows a field's issue once the field has been visited.
			for (const parameter of ['prompt', 'firstFrameUrl']) {
				await page
					.getByTestId(`parameter-input-${parameter}`)
					.locator('input, textarea')
					.first()
					.click();
			}
			await page.getByTestId('parameter-input-lastFrameUrl').locator('input').click();
			await parameterItem(page, 'prompt').getByTestId('parameter-issues').waitFor();
			await parameterItem(page, 'firstFrameUrl').getByTestId('parameter-issues').waitFor();
			expect(
				await parameterItem(page, 'lastFrameUrl').getByTestId('parameter-issues').count(),
			).toBe(0);
			const node = await backToCanvas(page);
			await node.getByTestId('node-issues').waitFor();
			await page.close();
		});

		// One page per operation, switching the Provider (the set shown must change with it, not only on a
		// fresh node); the expectation comes from the providers' field rules (panelFields.ts).
		it.each(ACTIONS)(
			'"%s": each provider offering %s shows only the fields it sends',
			async (action, operation) => {
				const page = await newWorkflow(browser, base);
				await openActions(page);
				await pickAction(page, action);
				for (const provider of OFFERING[operation]) {
					if ((await shownValue(page, 'provider')) !== provider)
						await choose(page, 'provider', provider);
					const expected = expectedPanel(operation, provider);
					const message = `${operation} on ${provider}`;
					await expect
						.poll(async () => (await shownParameters(page)).sort(), { message, timeout: 10_000 })
						.toEqual(expected.top);
					if (expected.additional)
						expect((await collectionChoices(page, 'additionalFields')).sort(), message).toEqual(
							expected.additional,
						);
					expect((await collectionChoices(page, 'options')).sort(), message).toEqual(
						expected.options,
					);
				}
				await page.close();
			},
		);

		it('n8n offers it as a tool: the AI Agent\'s tools list finds "Kling Video Tool" by "Kling" and connects it', async () => {
			// usableAsTool makes n8n register a second node type, "<type>Tool", for the Agent's Tool input.
			const types = await rest.call('GET', '/types/nodes.json');
			expect(types.status).toBe(200);
			expect((types.json as Array<{ name: string }>).map((type) => type.name)).toContain(
				`${n8n.nodeType}Tool`,
			);
			const page = await openAgentTools(browser, base, AGENT_WORKFLOW.id);
			await page.getByTestId('node-creator-search-bar').fill('Kling');
			await expect
				.poll(() => texts(page.getByTestId('node-creator-item-name')))
				.toEqual(['Kling Video Tool']);
			await page.getByTestId('node-creator-item-name').first().click();
			// Picked, the tool opens on the node's own parameters...
			await page.getByTestId('parameter-input-operation').waitFor();
			expect(await shownValue(page, 'operation')).toBe('Text to Video');
			// ...and sits on the canvas as the Agent's tool.
			await backToCanvas(page);
			const agentId = AGENT_WORKFLOW.nodes[0].id;
			await expect
				.poll(() =>
					page.locator(`.vue-flow__edge[data-id$="[${agentId}/inputs/ai_tool/0]"]`).count(),
				)
				.toBe(1);
			await page.close();
		});

		it('a new credential\'s type list finds each provider\'s credential by "Kling"', async () => {
			const page = await browser.newPage();
			await page.goto(`${base}/home/credentials/create`, { waitUntil: 'domcontentloaded' });
			const select = page.getByTestId('new-credential-type-select');
			await select.waitFor({ timeout: 60_000 });
			await select.click();
			await page.keyboard.type('Kling');
			const options = page.locator('[data-test-id="new-credential-type-select-option"]:visible');
			await options.first().waitFor();
			expect(await texts(options)).toEqual([
				'Kling Video: FoxAPI API',
				'Kling Video: Kling AI API',
				'Kling Video: ToAPIs API',
				'Kling Video: UniAll API',
			]);
			await page.close();
		});
	},
);
