// Provider answers are untrusted: one that inflates to tens of MB, or nests a value 200,000 levels
// deep, is a malformed answer the node stops reading at its cap (1 MB, 64 levels), in n8n's execution
// engine against a simulator that sends such answers (faults `hugeAnswer` and `deepAnswer`).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { MAX_RAW_CHARACTERS } from '../../nodes/KlingVideo/run/output/output';
import { MAX_ANSWER_BYTES } from '../../nodes/KlingVideo/transport/answer';
import type { ItemFile } from '../../tooling/harness/n8n';
import type { FoxApiSimulator } from '../../tooling/simulator/foxApi';
import { foxSimulator, runFox } from './fixtures';

let sim: FoxApiSimulator;
beforeAll(async () => {
	sim = await foxSimulator({ renderMs: 600 });
});
afterAll(async () => sim.close());
beforeEach(() => {
	sim.faults = {};
});

/** A status answer that inflates to 64 MB: 64 KB on the wire. */
const BOMB = 64 * MAX_ANSWER_BYTES;
const IMAGE: ItemFile = {
	data: Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		Buffer.alloc(900),
	]),
	mimeType: 'image/png',
	fileName: 'frame.png',
};

describe('an answer larger than the node reads', () => {
	it('a status answer that inflates to 64 MB is a failed status check, retried: the item completes', async () => {
		sim.faults = { hugeAnswer: { to: 'status', bytes: BOMB, count: 2 } };
		const result = await runFox(sim, {}, { options: { download: false } });
		expect(result.error).toBeUndefined();
		expect(result.output[0].json).toMatchObject({ status: 'completed' });
		expect(sim.faults.hugeAnswer?.count).toBe(0);
	});

	it('status answers that stay too large end the item at Max Wait, naming the 1 MB limit', async () => {
		sim.faults = { hugeAnswer: { to: 'status', bytes: BOMB } };
		const result = await runFox(sim, {}, { options: { maxWaitMinutes: 0.05 } });
		expect(result.error?.message).toMatch(/^The task did not finish within 0\.05 minutes/);
		expect(result.error?.message).toContain(
			'FoxAPI answered, but the answer is larger than 1 MB, the most the node reads of one answer',
		);
	});

	it('a submit answer that is too large: "may have been created", never submitted again', async () => {
		sim.faults = { hugeAnswer: { to: 'submit', bytes: BOMB } };
		const before = sim.acceptedSubmits.length;
		const result = await runFox(sim, {}, { continueOnFail: true });
		const json = result.output[0].json;
		expect(String(json.error)).toContain('larger than 1 MB');
		expect(String(json.description)).toContain('may have been created');
		expect(sim.acceptedSubmits.length - before).toBe(1);
	});

	it('an upload answer that is too large stops the item before anything is submitted', async () => {
		sim.faults = { hugeAnswer: { to: 'upload', bytes: BOMB } };
		const before = sim.acceptedSubmits.length;
		const result = await runFox(
			sim,
			{ operation: 'imageToVideo', firstFrameUrl: 'frame' },
			{ continueOnFail: true, binaries: [{ frame: IMAGE }] },
		);
		expect(String(result.output[0].json.error)).toContain('larger than 1 MB');
		expect(sim.acceptedSubmits.length - before).toBe(0);
	});
});

describe('an answer nested deeper than any provider nests', () => {
	it('200,000 levels: refused unparsed and retried; the output stays plain JSON', async () => {
		sim.faults = { deepAnswer: { to: 'status', levels: 200_000, count: 1 } };
		const result = await runFox(sim, {}, { options: { download: false } });
		expect(result.error).toBeUndefined();
		expect(result.output[0].json).toMatchObject({ status: 'completed' });
		expect(() => JSON.stringify(result.output[0].json)).not.toThrow();
		expect(sim.faults.deepAnswer?.count).toBe(0);
	});

	it('at Max Wait the last failed check says why', async () => {
		sim.faults = { deepAnswer: { to: 'status', levels: 200_000 } };
		const result = await runFox(sim, {}, { options: { maxWaitMinutes: 0.05 } });
		expect(result.error?.message).toContain('the answer is nested deeper than 64 levels');
	});
});

describe('raw stays small', () => {
	it('a 600 KB answer (under the read cap) is read, but raw keeps a note instead of it', async () => {
		sim.faults = { paddedStatus: 600_000 };
		const result = await runFox(sim, {}, { options: { download: false } });
		const json = result.output[0].json;
		expect(json).toMatchObject({ status: 'completed', videoUrl: expect.stringMatching(/^http/) });
		expect(json.raw).toEqual({
			cut: expect.stringMatching(
				/^The provider's answer was 58\d KB; raw keeps answers up to 64 KB/,
			),
		});
		expect(JSON.stringify(json).length).toBeLessThan(MAX_RAW_CHARACTERS);
	});

	it('an answer of ordinary size is kept whole', async () => {
		sim.faults = { paddedStatus: 1_000 };
		const result = await runFox(sim, {}, { options: { download: false } });
		expect((result.output[0].json.raw as { padding: string }).padding).toHaveLength(1_000);
	});
});
