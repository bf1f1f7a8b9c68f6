// The starter workflows in examples/ run as imported: their Kling Video node, with its parameters as
// stored, goes through n8n's execution engine to the provider's simulator and outputs the video. (The seed
// examples have their own, byte-for-byte check in test/golden.test.ts; the callback example runs in a real
// n8n in test/e2e/callback.e2e.test.ts.) The pause example pauses, and resumes on a callback the test plays.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { IDataObject, INode } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import { toolClock } from '../../tooling/clock';
import { binaryBuffer } from '../../tooling/harness/n8n';
import { callBack, queryOf } from '../../tooling/harness/webhook';
import { SAMPLE_MP4 } from '../../tooling/simulator/files';
import type { SimulatedProvider } from '../../tooling/simulator';
import { runOn, simulatorsForAll } from './fixtures';

const KEY = 'examples-key-0123456789';
const DIR = path.join(__dirname, '..', '..', 'examples');
const sims = simulatorsForAll(KEY, { renderMs: 200 });

/** The examples that are neither seed examples nor more than one Kling Video node, with that node. */
const STARTERS = readdirSync(DIR)
	.filter((file) => file.endsWith('.json') && !/^\d{3}_/.test(file))
	.map(
		(file) =>
			[
				file,
				(JSON.parse(readFileSync(path.join(DIR, file), 'utf8')).nodes as INode[]).filter(
					(node) => node.type === 'n8n-nodes-kling-video.klingVideo',
				),
			] as const,
	)
	.filter(([, nodes]) => nodes.length === 1)
	.map(([file, nodes]) => [file, nodes[0]] as const);

describe('starter examples run as stored', () => {
	it('there are starters to run', () => {
		expect(STARTERS.map(([file]) => file)).toEqual(
			expect.arrayContaining([
				'start-text-to-video-foxapi.json',
				'start-image-to-video.json',
				'start-motion-control.json',
				'pause-until-callback.json',
			]),
		);
	});

	it.each(STARTERS)('%s', async (_, node) => {
		const { provider, options, ...parameters } = node.parameters;
		let result = await runOn(sims, KEY, provider as SimulatedProvider, {
			...parameters,
			options: { ...(options as object), pollIntervalSeconds: 1 },
		});
		expect(result.error).toBeUndefined();
		// The pause example: paused until the provider's callback, which the test plays.
		if ((options as IDataObject | undefined)?.waitMode === 'park') {
			expect(result.run.status).toBe('waiting');
			const sim = sims[provider as SimulatedProvider];
			const task = sim.acceptedSubmits.at(-1)!;
			await toolClock.sleep(task.createdAt + task.renderMs + 100 - toolClock.now());
			const url = String(task.body.callback_url ?? (task.body.options as IDataObject).callback_url);
			const { data } = await callBack(result, { query: queryOf(url) });
			result = { ...result, output: data.workflowData![0] };
		}
		expect(result.output).toHaveLength(1);
		expect(result.output[0].json).toMatchObject({
			provider,
			operation: parameters.operation,
			status: 'completed',
		});
		expect(await binaryBuffer(result.output[0].binary!.data)).toEqual(SAMPLE_MP4);
	});
});
