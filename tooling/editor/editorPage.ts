// Driving n8n's editor (1.123 and 2.40 share these test ids) in Debian's headless Chromium with
// playwright-core. Only n8n's own address is reachable from the browser: every other request is dropped.
import { existsSync, mkdtempSync } from 'node:fs';
import path from 'node:path';

import { chromium, selectors, type BrowserContext, type Locator, type Page } from 'playwright-core';

/** Debian's chromium (`apt-get install -y chromium`); CHROMIUM_PATH points at another build. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

/** A logged-in browser for the n8n at `base`. */
export async function openBrowser(
	base: string,
	authCookie: string,
	profileParent: string,
): Promise<BrowserContext> {
	selectors.setTestIdAttribute('data-test-id');
	const browser = await chromium.launchPersistentContext(
		mkdtempSync(path.join(profileParent, 'chromium-')),
		{
			executablePath: CHROMIUM,
			headless: true,
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
			],
			viewport: { width: 1400, height: 900 },
		},
	);
	browser.setDefaultTimeout(30_000);
	await browser.route(
		(url) => !url.href.startsWith(base) && !url.href.startsWith('data:'),
		(route) => route.abort(),
	);
	await browser.addCookies([
		{
			name: 'n8n-auth',
			value: authCookie,
			domain: '127.0.0.1',
			path: '/',
			httpOnly: true,
			sameSite: 'Lax',
		},
	]);
	return browser;
}

/** A fresh page on a new, empty workflow (a new page each time: leaving an edited workflow asks first). */
export async function newWorkflow(browser: BrowserContext, base: string): Promise<Page> {
	const page = await browser.newPage();
	await page.goto(`${base}/workflow/new`, { waitUntil: 'domcontentloaded' });
	await page.getByTestId('canvas-add-button').waitFor({ timeout: 60_000 });
	return page;
}

/** Opens the nodes panel (the + on the canvas) and searches; the list filters itself a moment later. */
export async function searchNodes(page: Page, text: string): Promise<Locator> {
	if (!(await page.getByTestId('node-creator-search-bar').isVisible()))
		await page.getByTestId('canvas-add-button').click();
	await page.getByTestId('node-creator-search-bar').fill(text);
	return page.getByTestId('node-creator-item-name');
}

/** The trimmed texts of what a locator matches. */
export async function texts(locator: Locator): Promise<string[]> {
	return (await locator.allInnerTexts()).map((text) => text.trim());
}

/** Searches "Kling", opens Kling Video's actions and returns their texts (the "Actions" section's items). */
export async function openActions(page: Page): Promise<string[]> {
	await (
		await searchNodes(page, 'Kling')
	)
		.filter({ hasText: /^Kling Video$/ })
		.first()
		.click();
	const section = page.getByTestId('node-creator-category-item').filter({ hasText: /^Actions/ });
	await section.waitFor();
	const actions = section.locator('xpath=..').getByTestId('node-creator-item-name');
	await actions.first().waitFor();
	return await texts(actions);
}

/** Picks an action in the open actions list; the node's parameter panel opens. */
export async function pickAction(page: Page, action: string): Promise<void> {
	await page
		.getByTestId('node-creator-item-name')
		.filter({ hasText: new RegExp(`^${action}$`) })
		.first()
		.click();
	await page.getByTestId('parameter-input-operation').waitFor();
}

/** The text a parameter's input shows (the option's name for a list). */
export async function shownValue(page: Page, parameter: string): Promise<string> {
	return await page
		.getByTestId(`parameter-input-${parameter}`)
		.locator('input, textarea')
		.first()
		.inputValue();
}

/** Opens a dropdown and returns its options (the list the input names in aria-controls). */
async function openDropdown(page: Page, input: Locator): Promise<Locator> {
	await input.click();
	const list = page.locator(`[id="${await input.getAttribute('aria-controls')}"]`);
	await list.waitFor();
	return list.locator('.el-select-dropdown__item');
}

const openList = (page: Page, parameter: string) =>
	openDropdown(page, page.getByTestId(`parameter-input-${parameter}`).locator('input').first());

/** The names a dropdown offers (opened and closed again). */
async function dropdownNames(page: Page, items: Locator): Promise<string[]> {
	const names = (await items.allInnerTexts()).map((text) => text.split('\n')[0].trim());
	await page.keyboard.press('Escape');
	await items.first().waitFor({ state: 'hidden' });
	return names;
}

/** The names a list parameter offers. */
export async function listChoices(page: Page, parameter: string): Promise<string[]> {
	return await dropdownNames(page, await openList(page, parameter));
}

/**
 * The labels a collection's "Add Field"/"Add Option" dropdown offers. Its row is found by its label
 * (1.x gives the dropdown no test id); with nothing added yet, the dropdown is the row's only list.
 */
export async function collectionChoices(page: Page, collection: string): Promise<string[]> {
	const row = page
		.getByTestId('parameter-item')
		.filter({ has: page.locator(`label[for="${collection}"]`) });
	return await dropdownNames(
		page,
		await openDropdown(page, row.locator('input[role="combobox"]').last()),
	);
}

/**
 * The top-level parameters the panel shows: by name, from each row's label (a collection counts as one),
 * or by the label's text where n8n gives the label no name (a list of values with no value yet). The
 * credential's row is no parameter; the Settings tab's rows are in the page too, hidden.
 */
export async function shownParameters(page: Page): Promise<string[]> {
	return await page
		.getByTestId('node-parameters')
		.first()
		.evaluate((panel) =>
			[...panel.querySelectorAll('[data-test-id="parameter-item"]')]
				.filter(
					(row) =>
						row.checkVisibility() && !row.parentElement?.closest('[data-test-id="parameter-item"]'),
				)
				.filter((row) => !row.querySelector('[data-test-id="credentials-label"]'))
				.map((row) => {
					const label = row.querySelector('label');
					return (
						label?.getAttribute('for') ??
						label?.querySelector('span')?.textContent?.trim() ??
						'(no label)'
					);
				}),
		);
}

/** Chooses an option of a list parameter by its name. */
export async function choose(page: Page, parameter: string, name: string): Promise<void> {
	const items = await openList(page, parameter);
	await items
		.filter({ has: page.getByText(name, { exact: true }) })
		.first()
		.click();
	await items.first().waitFor({ state: 'hidden' });
}

/** The parameter's row in the panel (label, input and its issue marker). */
export function parameterItem(page: Page, parameter: string): Locator {
	return page
		.getByTestId('parameter-item')
		.filter({ has: page.getByTestId(`parameter-input-${parameter}`) });
}

/** Closes the parameter panel (1.x: Back to canvas; 2.x: the panel's close) and returns the canvas node's text. */
export async function backToCanvas(page: Page, nodeName = 'Kling Video'): Promise<Locator> {
	for (let i = 0; i < 3 && (await page.getByTestId('ndv').isVisible()); i++) {
		await page.keyboard.press('Escape');
		await page.waitForTimeout(300);
	}
	const node = page.getByTestId('canvas-node').filter({ hasText: nodeName });
	await node.waitFor();
	return node;
}

/**
 * Opens a stored workflow and the Tools list of its AI Agent (the + under "Tool" on the canvas). n8n at times
 * opens "Other AI Nodes" instead (a race in its editor; its own nodes fare the same), whose search offers the
 * plain nodes, not their tools: then close the panel and press the + again.
 */
export async function openAgentTools(
	browser: BrowserContext,
	base: string,
	workflowId: string,
): Promise<Page> {
	const page = await browser.newPage();
	await page.goto(`${base}/workflow/${workflowId}`, { waitUntil: 'domcontentloaded' });
	const plus = page
		.locator('[data-test-id="canvas-node-input-handle"][data-connection-type="ai_tool"]')
		.getByTestId('canvas-handle-plus');
	await plus.waitFor({ timeout: 60_000 });
	const title = page.getByTestId('nodes-list-header').first();
	for (let attempt = 1; ; attempt++) {
		await plus.click();
		await title.waitFor();
		// The Tools view, when it comes, comes within a moment of the panel.
		const inTools = await expectText(title, /^Tools\b/, 2_000);
		if (inTools) return page;
		if (attempt === 3)
			throw new Error(
				`the Agent's + opened "${(await title.innerText()).split('\n')[0]}", not its Tools, ${attempt} times`,
			);
		await page.keyboard.press('Escape');
		await page.getByTestId('node-creator').waitFor({ state: 'hidden' });
	}
}

/** Whether the locator's text matches within the time (no throw: the caller decides). */
async function expectText(locator: Locator, pattern: RegExp, timeoutMs: number): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (pattern.test((await locator.innerText().catch(() => '')).trim())) return true;
		await locator.page().waitForTimeout(100);
	}
	return false;
}
