// The credential Test button, pressed through n8n's REST API on a running n8n: each simulator accepts
// the right key (or key pair) and the Test request tells a wrong one apart; a Base URL that answers with
// a redirect does not get the key forwarded, and a refused Base URL gets its reason and no request.
import type { ChildProcess } from 'node:child_process';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { baseUrlProblem } from '../../credentials/baseUrl';
import { N8nRest } from '../../tooling/n8n/n8nRest';
import { freePort, N8n, stopProcess } from '../../tooling/n8n/n8nRunner';
import type { ProviderSimulator } from '../../tooling/simulator/base';
import { SIMULATED, type SimulatedProvider } from '../../tooling/simulator';
import { expectedNoticeDecisions, noticeDecisions } from '../../tooling/harness/plainHttpNotice';

const KEY = 'credential-test-key-01';
const sims = {} as Record<SimulatedProvider, ProviderSimulator>;
let n8n: N8n;
let child: ChildProcess;
let rest: N8nRest;

/** A server on 127.0.0.1 that records every request it gets and answers with `answer`. */
async function recordingServer(
	answer: (url: string) => { status: number; headers?: Record<string, string>; body: string },
) {
	const received: Array<{ url: string; headers: IncomingHttpHeaders }> = [];
	const server: Server = createServer((request, response) => {
		received.push({ url: request.url ?? '', headers: request.headers });
		const { status, headers, body } = answer(request.url ?? '');
		response.writeHead(status, { 'content-type': 'application/json', ...headers });
		response.end(body);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
	return { url, received, close };
}

// Another host that would like the key, and a Base URL that redirects every request to it.
let elsewhere: Awaited<ReturnType<typeof recordingServer>>;
let redirecting: Awaited<ReturnType<typeof recordingServer>>;

beforeAll(async () => {
	elsewhere = await recordingServer(() => ({
		status: 404,
		body: '{"error":{"type":"not_found"}}',
	}));
	redirecting = await recordingServer((url) => ({
		status: 302,
		headers: { location: `${elsewhere.url}${url}` },
		body: '{}',
	}));
	for (const provider of Object.keys(SIMULATED) as SimulatedProvider[]) {
		sims[provider] = await SIMULATED[provider].start({ apiKey: KEY });
	}
	n8n = new N8n({ load: 'extension' });
	await n8n.importCredentials(
		(Object.keys(SIMULATED) as SimulatedProvider[]).map((provider) => ({
			id: `test${provider}`.padEnd(16, '0'),
			name: `${provider} (simulator)`,
			type: SIMULATED[provider].credential,
			data: SIMULATED[provider].credentialData(KEY, sims[provider].baseUrl),
		})),
	);
	const port = await freePort();
	child = await n8n.start(port);
	rest = new N8nRest(`http://127.0.0.1:${port}`);
	await rest.setupOwnerAndLogin();
});

afterAll(async () => {
	if (child) await stopProcess(child);
	n8n?.dispose();
	await Promise.all(Object.values(sims).map((sim) => sim.close()));
	await Promise.all([elsewhere, redirecting].filter(Boolean).map((server) => server.close()));
});

beforeEach(() => {
	elsewhere.received.length = 0;
	redirecting.received.length = 0;
});

const credentialBase = (provider: SimulatedProvider) => ({
	id: `test${provider}`.padEnd(16, '0'),
	name: `${provider} (simulator)`,
	type: SIMULATED[provider].credential,
});

describe('credential Test button in a real n8n', () => {
	for (const provider of Object.keys(SIMULATED) as SimulatedProvider[]) {
		it(`${provider}: the right key passes, a wrong key fails with a clear message`, async () => {
			const base = credentialBase(provider);
			const good = await rest.testCredential({
				...base,
				data: SIMULATED[provider].credentialData(KEY, sims[provider].baseUrl),
			});
			expect(good).toEqual({ status: 'OK', message: 'Connection successful!' });
			const bad = await rest.testCredential({
				...base,
				data: SIMULATED[provider].credentialData('wrong-key-999999', sims[provider].baseUrl),
			});
			expect(bad.status).toBe('Error');
			// FoxAPI, ToAPIs and Kling AI name the provider; UniAll's 401 gets n8n's own text: "Authorization
			// failed …" in 1.x, "Unauthorized" in 2.x.
			expect(bad.message).toMatch(
				/rejected the (API key|access key|key)|Authorization failed|^Unauthorized$/,
			);
		});
	}
});

describe('credential Test button: Kling AI with an API key', () => {
	it('the right API key passes (the current task query), a wrong one fails, a saved key pair still passes', async () => {
		const base = credentialBase('klingAi');
		const data = (apiKey: string) => ({
			authentication: 'apiKey',
			apiKey,
			baseUrl: sims.klingAi.baseUrl,
		});
		const before = sims.klingAi.api.requests.length;
		expect(await rest.testCredential({ ...base, data: data(KEY) })).toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		expect(sims.klingAi.api.requests[before].path).toBe('/tasks?task_ids=credential-test');
		const bad = await rest.testCredential({ ...base, data: data('wrong-api-key-999') });
		expect(bad).toMatchObject({
			status: 'Error',
			message: expect.stringMatching(/rejected the key/),
		});
		// A credential saved before the choice existed: no Authentication field, the pair only.
		const saved = await rest.testCredential({
			...credentialBase('klingAi'),
			data: SIMULATED.klingAi.credentialData(KEY, sims.klingAi.baseUrl),
		});
		expect(saved).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(sims.klingAi.api.requests.at(-1)?.path).toBe('/v1/videos/text2video/credential-test');
	});
});

describe('credential Test button: the key stays with the Base URL', () => {
	for (const provider of Object.keys(SIMULATED) as SimulatedProvider[]) {
		it(`${provider}: a redirect from the Base URL is not followed, so the key never reaches the other host`, async () => {
			const result = await rest.testCredential({
				...credentialBase(provider),
				data: SIMULATED[provider].credentialData(KEY, redirecting.url),
			});
			// The Test request did reach the Base URL, with the key...
			expect(redirecting.received).toHaveLength(1);
			expect(redirecting.received[0].headers.authorization).toMatch(/^Bearer \S+/);
			// ...and nothing at all reached the host it redirects to.
			expect(elsewhere.received).toEqual([]);
			// What the Test then says differs by n8n version. n8n 1.x: UniAll's Test reads status codes, so the
			// 302 fails it, with axios's words (1.x's errors drop their cause, so the credential's redirect
			// rule is never consulted); the others ignore status codes (a 404 means "key OK") and 1.x reads
			// any such setting as "ignore all", so the 302 passes. n8n 2.x fails all four with the
			// credential's redirect message (test/unit/credentials.test.ts runs that in n8n-core 2.x).
			if (n8n.line !== 1)
				expect(result).toEqual({
					status: 'Error',
					message: expect.stringMatching(/^The Base URL answered with a redirect \(HTTP 302\)/),
				});
			else if (provider === 'uniAll')
				expect(result).toEqual({
					status: 'Error',
					message: expect.stringMatching(/status code 302|\(HTTP 302\)/),
				});
			else expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		});

		it(`${provider}: a refused Base URL fails the Test with its reason, before any request`, async () => {
			const host = elsewhere.url.replace('http://', '');
			for (const baseUrl of [
				`http://user:${KEY}@${host}`,
				`${elsewhere.url}/?key=1`,
				`${elsewhere.url}/#x`,
				`ftp://${host}`,
				'not a url',
				'',
			]) {
				const result = await rest.testCredential({
					...credentialBase(provider),
					data: SIMULATED[provider].credentialData(KEY, baseUrl),
				});
				expect({ baseUrl, result }).toEqual({
					baseUrl,
					result: { status: 'Error', message: baseUrlProblem(baseUrl) },
				});
			}
			expect(elsewhere.received).toEqual([]);
		});
	}
});

describe("the plain-http notice under this n8n's own display rules", () => {
	it('shows for plain http to another machine and hides otherwise', () => {
		const { NodeHelpers } = createRequire(path.join(n8n.hostDir, 'package.json'))(
			'n8n-workflow',
		) as typeof import('n8n-workflow');
		expect(noticeDecisions(NodeHelpers)).toEqual(expectedNoticeDecisions());
	});
});
