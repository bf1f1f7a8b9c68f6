import { describe, expect, it } from 'vitest';

import { signKlingToken } from '../../credentials/KlingAiApi.credentials';
import { createRedactor } from '../../nodes/KlingVideo/transport/redact';

describe('createRedactor', () => {
	it('replaces every occurrence of a long value, trimmed and URL-encoded forms included', () => {
		const { text } = createRedactor(['sk-abc/def+123 ']);
		expect(text('key sk-abc/def+123 and sk-abc%2Fdef%2B123 and xsk-abc/def+123x')).toBe(
			'key ***and *** and x***x',
		);
	});

	it('replaces a short value only where it stands alone', () => {
		const { text } = createRedactor(['k9']);
		expect(text('Bearer k9')).toBe('Bearer ***');
		expect(text('key=k9&x=1')).toBe('key=***&x=1');
		expect(text('https://cdn.example.com/k9k9/video-k9a.mp4')).toBe(
			'https://cdn.example.com/k9k9/video-k9a.mp4',
		);
	});

	it('removes a JWT signed from the credential and keeps other JWTs (a CDN token in a video URL)', () => {
		const { text } = createRedactor(['ak-123456', 'sk-secret-value']);
		const ours = signKlingToken('ak-123456', 'sk-secret-value');
		const theirs = signKlingToken('cdn-issuer', 'other');
		expect(text(`echo: Bearer ${ours}`)).toBe('echo: Bearer ***');
		expect(text(`https://cdn.example.com/v.mp4?token=${theirs}`)).toContain(theirs);
	});

	it('redacts every string of a JSON value, keys included, without touching numbers or the original', () => {
		const { json } = createRedactor(['secret-key-1']);
		const body = {
			a: ['x secret-key-1 y', 5, null, { 'secret-key-1': true }],
			b: { c: 'secret-key-1' },
		};
		expect(json(body)).toEqual({ a: ['x *** y', 5, null, { '***': true }], b: { c: '***' } });
		expect(body.b.c).toBe('secret-key-1');
	});

	it('ignores empty values', () => {
		const { text } = createRedactor(['', '   ']);
		expect(text('nothing to hide')).toBe('nothing to hide');
	});
});
