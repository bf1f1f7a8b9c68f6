// The answer reader's caps, on plain streams: bytes counted as they arrive, nesting counted without
// recursion, brackets inside strings ignored.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';

import {
	nestingDepth,
	parseAnswer,
	readAnswerText,
	UnreadableAnswer,
} from '../../nodes/KlingVideo/transport/answer';

describe('readAnswerText', () => {
	it('reads a stream under the cap whole', async () => {
		const body = Readable.from([Buffer.from('{"a":'), Buffer.from('1}')]);
		await expect(readAnswerText(body, undefined, 10)).resolves.toBe('{"a":1}');
	});

	it('stops at the first byte past the cap and destroys the stream', async () => {
		let pulled = 0;
		const body = new Readable({
			read() {
				pulled++;
				this.push(Buffer.alloc(4, 'x'));
			},
		});
		await expect(readAnswerText(body, undefined, 10)).rejects.toThrow(UnreadableAnswer);
		expect(body.destroyed).toBe(true);
		expect(pulled).toBeLessThan(10);
	});

	it('refuses at once when Content-Length announces more than the cap', async () => {
		const body = Readable.from([Buffer.from('{}')]);
		await expect(readAnswerText(body, '2097152', 1_048_576)).rejects.toThrow(
			'the answer is larger than 1 MB, the most the node reads of one answer (it announced 2 MB)',
		);
		expect(body.destroyed).toBe(true);
	});

	it('holds a Buffer to the same cap, and passes an already parsed body through', async () => {
		await expect(readAnswerText(Buffer.alloc(11), undefined, 10)).rejects.toThrow(UnreadableAnswer);
		const parsed = { status: 'ok' };
		await expect(readAnswerText(parsed, undefined, 10)).resolves.toBe(parsed);
	});
});

describe('parseAnswer', () => {
	it('parses JSON, keeps text that is not JSON, drops a byte-order mark', () => {
		expect(parseAnswer('\uFEFF{"a":[1]}')).toEqual({ a: [1] });
		expect(parseAnswer('<html>502</html>')).toBe('<html>502</html>');
		expect(parseAnswer('  ')).toBe('');
	});

	it('refuses nesting past the cap without parsing it', () => {
		const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
		expect(() => parseAnswer(deep)).toThrow('nested deeper than 64 levels');
		expect(parseAnswer(`${'['.repeat(64)}${']'.repeat(64)}`)).toBeInstanceOf(Array);
	});
});

describe('nestingDepth', () => {
	it('does not count brackets inside strings, escaped quotes included', () => {
		expect(nestingDepth('{"a":"[[[{{{","b":"\\"[[["}')).toBe(1);
		expect(nestingDepth('{"a":[{"b":[]}]}')).toBe(4);
		expect(nestingDepth('"just text"')).toBe(0);
	});
});
