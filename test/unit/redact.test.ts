import { describe, expect, it } from 'vitest';

import { signKlingToken } from '../../credentials/KlingAiApi.credentials';
import { createRedactor, TOO_DEEP } from '../../nodes/KlingVideo/transport/redact';

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

	it('holds against re-encoding: a JWT glued to a word, lower-case percent escapes, form "+", base64 anywhere', () => {
		const key = 'sk-live 9f+Qa/71xZ';
		const { text } = createRedactor(['ak-123456', 'sk-secret-value', key]);
		const jwt = signKlingToken('ak-123456', 'sk-secret-value');
		expect(text(`Authorization: Bearer%20${jwt}`)).toBe('Authorization: Bearer%20***');
		expect(text(`token_${jwt}`)).toBe('token_***');
		expect(text(encodeURIComponent(key).replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()))).toBe(
			'***',
		);
		expect(text(encodeURIComponent(key).replace(/%20/g, '+'))).toBe('***');
		for (const prefix of ['', 'B', 'Be', 'Bearer ']) {
			for (const encoding of ['base64', 'base64url'] as const) {
				const echoed = Buffer.from(`${prefix}${key}`).toString(encoding);
				const redacted = text(`echo ${echoed} end`);
				expect(redacted, `${encoding} after "${prefix}"`).toContain('***');
				expect(
					Buffer.from(redacted.split(' ')[1].replace('***', ''), encoding).toString(),
				).not.toContain('9f+Qa/7');
			}
		}
	});

	it('puts a placeholder past the depth limit instead of the value, so nothing deep is kept unread', () => {
		const { json } = createRedactor(['secret-key-1']);
		let deep: unknown = 'secret-key-1';
		for (let level = 0; level < 70; level++) deep = { next: deep };
		const out = JSON.stringify(json(deep));
		expect(out).not.toContain('secret-key-1');
		expect(out).toContain(TOO_DEEP);
	});
});

describe('part of a secret', () => {
	const key = 'sk-live-4f9QaZ71xWm0pLr8TnB3';

	it('a run of 8 or more of its characters is redacted, wherever it is cut', () => {
		const { text } = createRedactor([key]);
		expect(text(`page … ${key.slice(0, 20)}`)).toBe('page … ***');
		expect(text(`${key.slice(9)} was the tail`)).toBe('*** was the tail');
		expect(text(`a=${key.slice(3, 11)}&b=${key.slice(15, 25)}`)).toBe('a=***&b=***');
	});

	it('fewer than 8 characters, and text that merely shares letters, stay', () => {
		const { text } = createRedactor([key]);
		expect(text(`id ${key.slice(0, 7)} and sk-lives-other`)).toBe(
			`id ${key.slice(0, 7)} and sk-lives-other`,
		);
	});

	it('a cut base64 echo of the key is redacted too', () => {
		const { text } = createRedactor([key]);
		const encoded = Buffer.from(`user:${key}`).toString('base64');
		expect(text(`Basic ${encoded.slice(0, 24)}`)).not.toContain(encoded.slice(8, 24));
	});
});
