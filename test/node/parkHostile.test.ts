// Park mode against untrusted provider answers and under n8n's own node settings: a callback whose status
// read is a decompression bomb, nests without end or drips leaves the run paused (the handler never
// throws, and answers in time) and a later one still resumes it; a gateway that echoes the API key leaks
// it into no resumed item; Retry On Fail, when a task failed before the pause, bills the other items once.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { CALLBACK_READ_MS } from '../../nodes/KlingVideo/run/park/resume';
import { toolClock } from '../../tooling/clock';
import type { KlingRun } from '../../tooling/harness/n8n';
import { callBack, queryOf } from '../../tooling/harness/webhook';
import { FoxApiSimulator } from '../../tooling/simulator/foxApi';
import { runFox as runFoxWith } from './fixtures';

const KEY = 'park-hostile-key-0001';
let fox: FoxApiSimulator;

beforeAll(async () => {
	fox = await FoxApiSimulator.start({ apiKey: KEY, renderMs: 600 });
	fox.sendCallbacks = false;
});
afterAll(async () => await fox.close());
beforeEach(() => {
	fox.faults = {};
	fox.renderMs = 600;
});

/** Text to video of one item per prompt, While Waiting: Pause, through the shared FoxAPI runner. */
const runFox = (prompts: string[], extra: Omit<KlingRun, 'parameters' | 'credentials'> = {}) =>
	runFoxWith(
		fox,
		{ prompt: '={{ $json.prompt }}' },
		{
			apiKey: KEY,
			options: { waitMode: 'park', maxWaitMinutes: 5 },
			items: prompts.map((prompt) => ({ prompt })),
			...extra,
		},
	);

const query = () => queryOf(String(fox.acceptedSubmits.at(-1)!.body.callback_url));
const renderOver = async () => {
	const last = Math.max(...fox.acceptedSubmits.map((task) => task.createdAt + task.renderMs));
	await toolClock.sleep(Math.max(0, last + 100 - toolClock.now()));
};

describe('park mode: hostile answers to the status reads a callback sets off', () => {
	it.each([
		['a status answer that inflates to 64 MB', 'hugeAnswer', { to: 'status', bytes: 64 << 20 }],
		['a status answer nested 100,000 levels deep', 'deepAnswer', { to: 'status', levels: 100_000 }],
	] as const)(
		'%s: answered 200, still paused; the next callback resumes with the videos',
		async (_, kind, fault) => {
			const paused = await runFox(['a harbour at dawn', 'a harbour at dusk']);
			expect(paused.run.waitTill).toBeDefined();
			await renderOver();
			const once = { ...fault, count: 1 };
			fox.faults = { [kind]: once };
			const hostile = await callBack(paused, { query: query() });
			expect(once.count).toBe(0); // the callback's status read got it
			expect(hostile.answer).toEqual({ status: 200, body: { received: true, resumed: false } });
			expect(hostile.data.workflowData).toBeUndefined();

			const next = await callBack(paused, { query: query() });
			expect(next.answer?.body).toEqual({ received: true, resumed: true });
			const [items] = next.data.workflowData!;
			expect(items.map((item) => item.binary?.data?.mimeType)).toEqual(['video/mp4', 'video/mp4']);
		},
	);

	it('a status answer that drips one byte every 300 ms: the callback still gets its answer within 30 s, and the run stays paused', async () => {
		const paused = await runFox(['a slow river']);
		await renderOver();
		fox.faults = { dripStatusMs: 300 }; // the whole answer would take over a minute
		const started = toolClock.now();
		const slow = await callBack(paused, { query: query() });
		const tookMs = toolClock.now() - started;
		expect(slow.answer).toEqual({ status: 200, body: { received: true, resumed: false } });
		expect(slow.data.workflowData).toBeUndefined();
		// Past the reads' budget, short of the 60 s a single request may take.
		expect(tookMs).toBeGreaterThanOrEqual(CALLBACK_READ_MS);
		expect(tookMs).toBeLessThan(55_000);
	});

	it('a gateway that echoes the API key into every answer: no resumed item carries it, in any encoding', async () => {
		fox.faults = { echoAuth: true };
		const paused = await runFox(['a windmill', 'a windmill on fire [fail]'], {
			continueOnFail: true,
		});
		await renderOver();
		const { data } = await callBack(paused, { query: query() });
		const [items] = data.workflowData!;
		expect(items.map((item) => item.json.status ?? item.json.taskStatus)).toEqual([
			'completed',
			'failed',
		]);
		const text = JSON.stringify(items.map((item) => item.json));
		expect(text).toContain('echo');
		for (const encoded of [
			KEY,
			Buffer.from(KEY).toString('base64'),
			encodeURIComponent(`Bearer ${KEY}`),
		])
			expect(text).not.toContain(encoded);
	});
});

describe('park mode under Retry On Fail', () => {
	it('a task that failed before the pause: n8n tries again, the failing item is submitted anew, the others once', async () => {
		fox.renderMs = 0; // over by the time the node reads the tasks: the run ends without a pause
		const prompts = ['a canal boat', 'a canal boat sinking [fail]', 'a canal lock'];
		const before = fox.acceptedSubmits.length;
		const result = await runFox(prompts, { retryOnFail: { maxTries: 3, waitBetweenTries: 1 } });
		expect(result.error?.message).toMatch(/task failed: .*\[item 1\]$/);
		const accepted = fox.acceptedSubmits.slice(before);
		expect(
			prompts.map((prompt) => accepted.filter((task) => task.body.prompt === prompt).length),
		).toEqual([1, 3, 1]);
	});
});
