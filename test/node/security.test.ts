// What a hostile or careless provider answer cannot do, in n8n's execution engine: send the download
// (or an upload URL) into the server's own network, or put a credential value into the workflow's data.
// Providers and CDNs on public names are played by the simulators under `.test` names that this
// process resolves to 127.0.0.1 (harness/fakeDns.ts).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { publicName, useFakeDns } from '../../tooling/harness/fakeDns';
import { binaryBuffer, runKlingNode } from '../../tooling/harness/n8n';
import { SAMPLE_MP4 } from '../../tooling/simulator/files';
import { listen, type RunningServer } from '../../tooling/simulator/http';
import { KlingAiSimulator } from '../../tooling/simulator/klingAi';
import { API_KEY, foxSimulator, runFox } from './fixtures';
import type { FoxApiSimulator } from '../../tooling/simulator/foxApi';

let restoreDns: () => void;
let sim: FoxApiSimulator;
/** An internal service that must never be reached: it records every request. */
let internal: RunningServer;
/** The simulator's API under a public name. */
let publicApi: { baseUrl: string };

beforeAll(async () => {
	// The public CDNs these tests play: allowed by n8n's egress rules, as an administrator would list a
	// CDN that resolves to a private address. Read when n8n first builds its egress filter (below).
	process.env.N8N_SSRF_ALLOWED_HOSTNAMES = 'cdn-edge.test,cdn-origin.test';
	restoreDns = useFakeDns();
	sim = await foxSimulator({ renderMs: 300 });
	internal = await listen((_request, response) => void response.end('internal secret'));
	publicApi = { baseUrl: publicName(sim.baseUrl, 'api-fox') };
});
afterAll(async () => {
	restoreDns();
	await Promise.all([sim.close(), internal.close()]);
});
beforeEach(() => {
	sim.faults = {};
	sim.videoUrlFor = undefined;
	sim.uploadUrlFor = undefined;
});

const filesAt = (name: string) => publicName(sim.files.url, name);
const redirectTo = (target: string) =>
	`${filesAt('cdn-edge')}/redirect?to=${encodeURIComponent(target)}`;
/** runFox against the simulator's own 127.0.0.1 address (a local Base URL). */
const runLocal = (extra: Parameters<typeof runFox>[2] = {}, parameters = {}) =>
	runFox(sim, parameters, extra);

/** runFox against the simulator's public name. */
function runAtPublicName(parameters = {}, extra: Parameters<typeof runFox>[2] = {}) {
	return runFox({ baseUrl: publicApi.baseUrl } as FoxApiSimulator, parameters, extra);
}

describe('the video download stays out of the server network', () => {
	it.each([
		['loopback', () => `${internal.url}/admin`, '127.0.0.1 is a loopback address'],
		[
			'cloud metadata',
			() => 'http://169.254.169.254/latest/meta-data/iam/',
			'169.254.169.254 is a link-local address',
		],
		[
			'localhost',
			() => `http://localhost:${new URL(internal.url).port}/`,
			'"localhost" is an internal name',
		],
		['private range', () => 'http://10.0.0.7/video.mp4', '10.0.0.7 is a private address'],
		['IPv6 loopback', () => 'http://[::1]:80/', '[::1] is the loopback address'],
	])('refuses a video URL on %s when the provider is public', async (_name, target, reason) => {
		sim.videoUrlFor = () => target();
		const before = internal.requests.length;
		const result = await runAtPublicName({}, { continueOnFail: true });
		const json = result.output[0].json;
		expect(json.error).toContain('could not be downloaded');
		expect(json.error).toContain(reason);
		expect(json.taskId).toMatch(/^task-/);
		expect(result.output[0].binary).toBeUndefined();
		expect(internal.requests.length).toBe(before);
	});

	it('a video URL on a public-looking name that resolves to 127.0.0.1 is refused before any request', async () => {
		sim.videoUrlFor = (task) => `${filesAt('rebound')}/videos/${task.id}.mp4`;
		const hops = sim.files.requests.length;
		const result = await runAtPublicName({}, { continueOnFail: true });
		expect(result.output[0].json.error).toContain(
			'the video URL points inside a private network and is refused: "rebound.test" resolves to an address (127.0.0.1) that n8n\'s egress rules block',
		);
		expect(result.output[0].binary).toBeUndefined();
		expect(sim.files.requests.length).toBe(hops);
	});

	it('a video URL on a name that cannot be resolved to check it is refused (its next lookup could differ)', async () => {
		sim.videoUrlFor = (task) => `http://cdn.unresolvable.test:9/videos/${task.id}.mp4`;
		const result = await runAtPublicName({}, { continueOnFail: true });
		expect(result.output[0].json.error).toContain(
			'"cdn.unresolvable.test" could not be resolved to check its address',
		);
	});

	it('a redirect hop to such a name is refused there, and nothing is fetched from it', async () => {
		sim.videoUrlFor = (task) => redirectTo(`${filesAt('metadata-alias')}/videos/${task.id}.mp4`);
		const hops = sim.files.requests.length;
		const result = await runAtPublicName({}, { continueOnFail: true });
		expect(result.output[0].json.error).toContain(
			'which points inside a private network and is refused: "metadata-alias.test" resolves to an address (127.0.0.1)',
		);
		expect(sim.files.requests.length - hops).toBe(1);
	});

	it("the Base URL's own host is not held to the resolving check (the credential goes there anyway)", async () => {
		sim.videoUrlFor = (task) => `${publicName(sim.files.url, 'api-fox')}/videos/${task.id}.mp4`;
		const result = await runAtPublicName();
		expect(result.error).toBeUndefined();
		expect(await binaryBuffer(result.output[0].binary!.data)).toEqual(SAMPLE_MP4);
	});

	it('checks every redirect hop: a public CDN that redirects inside is refused there', async () => {
		sim.videoUrlFor = () => redirectTo(`${internal.url}/secret`);
		const before = internal.requests.length;
		const hops = sim.files.requests.length;
		const result = await runAtPublicName({}, { continueOnFail: true });
		expect(result.output[0].json.error).toContain(
			`redirected to ${internal.url}/secret, which points inside a private network`,
		);
		expect(internal.requests.length).toBe(before);
		expect(sim.files.requests.length - hops).toBe(1);
	});

	it('follows redirects between public hosts, and the video arrives', async () => {
		sim.videoUrlFor = (task) => redirectTo(`${filesAt('cdn-origin')}/videos/${task.id}.mp4`);
		const result = await runAtPublicName();
		expect(result.error).toBeUndefined();
		expect(await binaryBuffer(result.output[0].binary!.data)).toEqual(SAMPLE_MP4);
	});

	it('stops after 5 redirects', async () => {
		let chain = `${filesAt('cdn-origin')}/videos/never.mp4`;
		for (let hop = 0; hop < 6; hop++) chain = redirectTo(chain);
		sim.videoUrlFor = () => chain;
		const result = await runAtPublicName({}, { continueOnFail: true });
		expect(result.output[0].json.error).toContain('redirected more than 5 times');
	});

	it('a provider on a local Base URL (a proxy, the simulator) may name local hosts', async () => {
		sim.videoUrlFor = (task) =>
			redirectTo(`${sim.files.url}/videos/${task.id}.mp4`).replace(
				filesAt('cdn-edge'),
				sim.files.url,
			);
		const result = await runLocal();
		expect(result.error).toBeUndefined();
		expect(await binaryBuffer(result.output[0].binary!.data)).toEqual(SAMPLE_MP4);
	});

	it.each([
		[
			'another local name',
			() => `http://localhost:${new URL(internal.url).port}/`,
			'"localhost" is an internal name',
		],
		['a private address', () => 'http://10.0.0.7/video.mp4', '10.0.0.7 is a private address'],
		[
			'the metadata service',
			() => 'http://169.254.169.254/latest/meta-data/',
			'169.254.169.254 is a link-local address',
		],
	])(
		'a provider on a local Base URL may name only its own host, not %s',
		async (_name, target, reason) => {
			sim.videoUrlFor = () => target();
			const before = internal.requests.length;
			const result = await runLocal({ continueOnFail: true });
			expect(result.output[0].json.error).toContain(reason);
			expect(result.output[0].binary).toBeUndefined();
			expect(internal.requests.length).toBe(before);
		},
	);

	it('a Base URL on a link-local (metadata) address is refused before anything is sent', async () => {
		const result = await runFox({ baseUrl: 'http://169.254.169.254' } as FoxApiSimulator);
		expect(result.error?.message).toBe(
			"The FoxAPI credential's Base URL is refused: it is a link-local or cloud metadata address, where no provider answers.",
		);
	});

	it.each([
		['a local URL', () => internal.url, '127.0.0.1 is a loopback address'],
		[
			'a name that resolves to 127.0.0.1',
			() => filesAt('rebound'),
			'"rebound.test" resolves to an address (127.0.0.1)',
		],
	])(
		'refuses an upload answer on %s, before anything is submitted',
		async (_name, host, reason) => {
			sim.uploadUrlFor = (name) => `${host()}/uploads/${name}`;
			const submits = sim.acceptedSubmits.length;
			const image = {
				data: SAMPLE_MP4.subarray(0, 64),
				mimeType: 'image/png',
				fileName: 'frame.png',
			};
			const result = await runFox(
				{ baseUrl: publicApi.baseUrl } as FoxApiSimulator,
				{ operation: 'imageToVideo', firstFrameUrl: 'image' },
				{ continueOnFail: true, binaries: [{ image }] },
			);
			expect(result.output[0].json.error).toContain(
				`answered the upload with a URL inside a private network (${reason}`,
			);
			expect(sim.acceptedSubmits.length).toBe(submits);
		},
	);
});

describe('the credential', () => {
	it.each([
		['a query string', (url: string) => `${url}?key=1`, 'query string'],
		['a fragment', (url: string) => `${url}#x`, 'fragment'],
		[
			'user:pass@',
			(url: string) => url.replace('http://', 'http://user:pass@'),
			'user name or password',
		],
		['not http(s)', () => 'ftp://api.example.com', 'must start with https://'],
	])('a Base URL with %s is refused before any request', async (_name, baseUrl, reason) => {
		const before = sim.api.requests.length;
		const result = await runFox({ baseUrl: baseUrl(sim.baseUrl) } as FoxApiSimulator);
		expect(result.error?.message).toContain("The FoxAPI credential's Base URL is refused");
		expect(result.error?.message).toContain(reason);
		expect(sim.api.requests.length).toBe(before);
	});
});

describe('no credential value in the workflow data', () => {
	const everything = (result: Awaited<ReturnType<typeof runFox>>) => JSON.stringify(result.run);

	it('an answer that echoes the Authorization header: the raw field and every message are redacted', async () => {
		sim.faults = { echoAuth: true };
		const result = await runLocal();
		expect(result.error).toBeUndefined();
		expect(result.output[0].json.raw).toMatchObject({ echo: { authorization: 'Bearer ***' } });
		expect(everything(result)).not.toContain(API_KEY);
	});

	it('a failed task whose reason echoes the key, and a refused submit, are redacted', async () => {
		sim.faults = { echoAuth: true };
		const failed = await runLocal({ continueOnFail: true }, { prompt: 'this one will [fail]' });
		expect(failed.output[0].json.error).toContain('(sent with Bearer ***)');
		expect(everything(failed)).not.toContain(API_KEY);

		sim.faults = { echoAuth: true, quotaExhausted: true };
		const refused = await runLocal();
		expect(refused.error?.message).toContain('Bearer ***');
		expect(everything(refused)).not.toContain(API_KEY);
	});

	it('a file host page that prints the key is refused and never quoted, whole or in part', async () => {
		const page = await listen((_request, response) => {
			response.writeHead(403, { 'content-type': 'text/html' });
			response.end(`<html><body>${'x'.repeat(190)} ${API_KEY} Request has expired</body></html>`);
		});
		try {
			sim.videoUrlFor = () => `${page.url}/video.mp4`;
			const result = await runLocal({ continueOnFail: true });
			expect(result.output[0].json.error).toContain(
				'the file host answered HTTP 403 Forbidden instead of the video (its page says the link has expired)',
			);
			expect(everything(result)).not.toContain(API_KEY.slice(0, 8));
			expect(everything(result)).not.toContain(API_KEY.slice(-8));
		} finally {
			await page.close();
		}
	});

	it('an answer that echoes only part of the key: any 8 characters of it are redacted', async () => {
		const part = API_KEY.slice(3, 19);
		sim.videoUrlFor = (task, url) => `${url}?sig=${part}`;
		const result = await runLocal({ options: { download: false } });
		expect(result.output[0].json.videoUrl).toMatch(/\?sig=\*\*\*$/);
		for (let start = 0; start + 8 <= API_KEY.length; start++)
			expect(everything(result)).not.toContain(API_KEY.slice(start, start + 8));
	});

	it('a 2xx answer the node cannot use: the message quoting it is redacted', async () => {
		sim.faults = { echoAuth: true, submitAnswerWithoutId: true };
		const result = await runLocal({ continueOnFail: true });
		expect(result.output[0].json.error).toContain('no task id');
		expect(everything(result)).not.toContain(API_KEY);
	});

	it('an upload answer that echoes the key is redacted too', async () => {
		sim.faults = { echoAuth: true };
		sim.uploadUrlFor = () => '';
		const image = {
			data: SAMPLE_MP4.subarray(0, 64),
			mimeType: 'image/png',
			fileName: 'frame.png',
		};
		const result = await runFox(
			sim,
			{ operation: 'imageToVideo', firstFrameUrl: 'image' },
			{ continueOnFail: true, binaries: [{ image }] },
		);
		expect(result.output[0].json.error).toContain('its answer has no URL');
		expect(result.output[0].json.error).toContain('Bearer ***');
		expect(everything(result)).not.toContain(API_KEY);
	});

	it('a key shorter than 6 characters is redacted where it stands alone, without mauling other text', async () => {
		const short = await foxSimulator({ apiKey: 'k9x', renderMs: 300, faults: { echoAuth: true } });
		try {
			const result = await runFox(short, {}, { apiKey: 'k9x' });
			expect(result.error).toBeUndefined();
			expect(result.output[0].json.raw).toMatchObject({ echo: { authorization: 'Bearer ***' } });
			expect(everything(result)).not.toMatch(/Bearer k9x/);
			// The task id and URLs are whole.
			expect(result.output[0].json.videoUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/videos\/task-/);
		} finally {
			await short.close();
		}
	});

	it('Kling AI: the signed JWT and both keys are redacted from an echoing answer', async () => {
		const kling = await KlingAiSimulator.start({
			apiKey: 'ak-echo-test',
			secretKey: 'sk-echo-test-secret',
			renderMs: 300,
			faults: { echoAuth: true },
		});
		try {
			const result = await runKlingNode({
				parameters: {
					provider: 'klingAi',
					operation: 'textToVideo',
					prompt: 'a koi pond',
					duration: 5,
					options: { pollIntervalSeconds: 1 },
				},
				credentials: {
					klingAiApi: {
						accessKey: 'ak-echo-test',
						secretKey: 'sk-echo-test-secret',
						baseUrl: kling.baseUrl,
					},
				},
			});
			expect(result.error).toBeUndefined();
			expect(result.output[0].json.raw).toMatchObject({ echo: { authorization: 'Bearer ***' } });
			const text = JSON.stringify(result.run);
			expect(text).not.toMatch(/eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/);
			expect(text).not.toContain('ak-echo-test');
			expect(text).not.toContain('sk-echo-test-secret');
		} finally {
			await kling.close();
		}
	});
});
